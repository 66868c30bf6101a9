/* Unit tests for protocol/frame.c: the push decoder fed arbitrary chunks, acks, interrupts,
 * malformed frames and recovery; the encoder's checksum, RLE (checked with an independent
 * expander), escapes and -ENOSPC. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "protocol/frame.h"
#include "tests/unit/suites_decl.h"

#define MAX_EVENTS 32
#define BODY_MAX   128

struct rec {
    enum frame_event ev;
    size_t len;
    char body[BODY_MAX];
};

struct events {
    struct rec ev[MAX_EVENTS];
    size_t n;
};

/* Test-local checksum, independent of frame_checksum(). */
static unsigned sum8(const char *s, size_t len)
{
    unsigned sum = 0;

    for (size_t i = 0; i < len; i++)
        sum += (unsigned char)s[i];
    return sum & 0xff;
}

/* Append "$BODY#cs" (BODY of LEN bytes) to OUT at *POS. */
static void put_packet(char *out, size_t cap, size_t *pos, const char *body, size_t len)
{
    ck_assert_uint_lt(*pos + len + 4, cap);
    out[(*pos)++] = '$';
    memcpy(out + *pos, body, len);
    *pos += len;
    *pos += (size_t)snprintf(out + *pos, cap - *pos, "#%02x", sum8(body, len));
}

static void put_raw(char *out, size_t cap, size_t *pos, const char *s, size_t len)
{
    ck_assert_uint_lt(*pos + len, cap);
    memcpy(out + *pos, s, len);
    *pos += len;
}

/* Push all of DATA, re-feeding after each event as the contract asks; record every event. */
static void feed(struct frame_decoder *d, const char *data, size_t len, struct events *out)
{
    size_t off = 0;

    while (off < len) {
        enum frame_event ev = FRAME_EV_PACKET;
        size_t used = frame_decoder_push(d, data + off, len - off, &ev);

        ck_assert_uint_le(used, len - off);
        if (ev == FRAME_EV_NONE) {
            ck_assert_uint_eq(used, len - off);
        } else {
            struct rec *r;

            ck_assert_uint_gt(used, 0);
            ck_assert_uint_lt(out->n, MAX_EVENTS);
            r = &out->ev[out->n++];
            r->ev = ev;
            r->len = 0;
            if (ev == FRAME_EV_PACKET) {
                ck_assert_uint_lt(d->len, d->cap);
                ck_assert_int_eq(d->buf[d->len], '\0');
                ck_assert_uint_lt(d->len, BODY_MAX);
                memcpy(r->body, d->buf, d->len);
                r->len = d->len;
            }
        }
        off += used;
    }
}

static void expect_event(const struct events *e, size_t i, enum frame_event ev, const char *body,
                         size_t len)
{
    ck_assert_uint_lt(i, e->n);
    ck_assert_int_eq(e->ev[i].ev, ev);
    if (ev == FRAME_EV_PACKET) {
        ck_assert_uint_eq(e->ev[i].len, len);
        ck_assert_mem_eq(e->ev[i].body, body, len);
    }
}

/* The mixed stream used by the split tests, and what it must decode to. */
static const char body_qsupported[] = "qSupported:multiprocess+;swbreak+";
static const char body_x[] = "X10,3:}\x03\x03}]"; /* escaped '#', raw 0x03, escaped '}' */
static const char body_m[] = "m0,4";
#define DEC_CAP 48

static size_t build_stream(char *s, size_t cap)
{
    char big[DEC_CAP + 20];
    size_t pos = 0;

    memset(big, 'A', sizeof(big));
    put_raw(s, cap, &pos, "+", 1);
    put_packet(s, cap, &pos, body_qsupported, sizeof(body_qsupported) - 1);
    put_raw(s, cap, &pos, "\r\njunk", 6);
    put_raw(s, cap, &pos, "-\x03", 2);
    put_packet(s, cap, &pos, body_x, sizeof(body_x) - 1);
    put_raw(s, cap, &pos, "$abc", 4); /* truncated: the next '$' restarts */
    put_packet(s, cap, &pos, body_m, sizeof(body_m) - 1);
    put_raw(s, cap, &pos, "$vCont;c#00", 11);   /* wrong checksum */
    put_packet(s, cap, &pos, big, sizeof(big)); /* too long for DEC_CAP */
    put_raw(s, cap, &pos, "\x03+", 2);
    put_packet(s, cap, &pos, "OK", 2);
    return pos;
}

static void check_stream_events(const struct events *e)
{
    ck_assert_uint_eq(e->n, 11);
    expect_event(e, 0, FRAME_EV_ACK, NULL, 0);
    expect_event(e, 1, FRAME_EV_PACKET, body_qsupported, sizeof(body_qsupported) - 1);
    expect_event(e, 2, FRAME_EV_NACK, NULL, 0);
    expect_event(e, 3, FRAME_EV_INTERRUPT, NULL, 0);
    expect_event(e, 4, FRAME_EV_PACKET, body_x, sizeof(body_x) - 1);
    expect_event(e, 5, FRAME_EV_PACKET, body_m, sizeof(body_m) - 1);
    expect_event(e, 6, FRAME_EV_BAD_CSUM, NULL, 0);
    expect_event(e, 7, FRAME_EV_TOO_LONG, NULL, 0);
    expect_event(e, 8, FRAME_EV_INTERRUPT, NULL, 0);
    expect_event(e, 9, FRAME_EV_ACK, NULL, 0);
    expect_event(e, 10, FRAME_EV_PACKET, "OK", 2);
}

START_TEST(test_checksum_matches_gdb_packets)
{
    /* Checksums gdb 13 sent (from a gdb 13.1 session against gdbserver). */
    ck_assert_uint_eq(frame_checksum("vMustReplyEmpty", 15), 0x3a);
    ck_assert_uint_eq(frame_checksum("QStartNoAckMode", 15), 0xb0);
    ck_assert_uint_eq(frame_checksum("Hgp0.0", 6), 0xad);
    ck_assert_uint_eq(frame_checksum("qXfer:features:read:target.xml:0,1000", 37), 0x0c);
    ck_assert_uint_eq(frame_checksum("", 0), 0);
    ck_assert_uint_eq(frame_checksum("\xff\xff", 2), 0xfe); /* wraps modulo 256 */
}
END_TEST

START_TEST(test_decoder_whole_stream_in_one_chunk)
{
    char stream[512], body[DEC_CAP];
    struct frame_decoder d;
    struct events e = {0};
    size_t len = build_stream(stream, sizeof(stream));

    frame_decoder_init(&d, body, sizeof(body));
    feed(&d, stream, len, &e);
    check_stream_events(&e);
    ck_assert_int_eq(d.state, FRAME_ST_IDLE);
    ck_assert_uint_eq(d.junk, 6); /* "\r\njunk" */
}
END_TEST

START_TEST(test_decoder_stream_split_at_every_position)
{
    char stream[512], body[DEC_CAP];
    size_t len = build_stream(stream, sizeof(stream));

    for (size_t cut = 0; cut <= len; cut++) {
        struct frame_decoder d;
        struct events e = {0};

        frame_decoder_init(&d, body, sizeof(body));
        feed(&d, stream, cut, &e);
        feed(&d, stream + cut, len - cut, &e);
        ck_assert_msg(e.n == 11, "cut at %zu: %zu events", cut, e.n);
        check_stream_events(&e);
    }
}
END_TEST

START_TEST(test_decoder_stream_split_at_every_pair_of_positions)
{
    char stream[512], body[DEC_CAP];
    size_t len = build_stream(stream, sizeof(stream));

    for (size_t a = 0; a <= len; a++) {
        for (size_t b = a; b <= len; b++) {
            struct frame_decoder d;
            struct events e = {0};

            frame_decoder_init(&d, body, sizeof(body));
            feed(&d, stream, a, &e);
            feed(&d, stream + a, b - a, &e);
            feed(&d, stream + b, len - b, &e);
            ck_assert_msg(e.n == 11, "cuts at %zu,%zu: %zu events", a, b, e.n);
            check_stream_events(&e);
        }
    }
}
END_TEST

START_TEST(test_decoder_stream_one_byte_at_a_time)
{
    char stream[512], body[DEC_CAP];
    struct frame_decoder d;
    struct events e = {0};
    size_t len = build_stream(stream, sizeof(stream));

    frame_decoder_init(&d, body, sizeof(body));
    for (size_t i = 0; i < len; i++)
        feed(&d, stream + i, 1, &e);
    check_stream_events(&e);
}
END_TEST

START_TEST(test_decoder_stops_after_each_event_and_reports_bytes_used)
{
    char body[64];
    struct frame_decoder d;
    enum frame_event ev;
    const char s[] = "$OK#9a+\x03-";
    size_t used;

    frame_decoder_init(&d, body, sizeof(body));
    used = frame_decoder_push(&d, s, sizeof(s) - 1, &ev);
    ck_assert_int_eq(ev, FRAME_EV_PACKET);
    ck_assert_uint_eq(used, 6);
    ck_assert_str_eq(d.buf, "OK");
    ck_assert_uint_eq(d.len, 2);
    used += frame_decoder_push(&d, s + used, sizeof(s) - 1 - used, &ev);
    ck_assert_int_eq(ev, FRAME_EV_ACK);
    ck_assert_uint_eq(used, 7);
    used += frame_decoder_push(&d, s + used, sizeof(s) - 1 - used, &ev);
    ck_assert_int_eq(ev, FRAME_EV_INTERRUPT);
    ck_assert_uint_eq(used, 8);
    used += frame_decoder_push(&d, s + used, sizeof(s) - 1 - used, &ev);
    ck_assert_int_eq(ev, FRAME_EV_NACK);
    ck_assert_uint_eq(used, 9);
    ck_assert_uint_eq(frame_decoder_push(&d, s, 0, &ev), 0);
    ck_assert_int_eq(ev, FRAME_EV_NONE);
}
END_TEST

START_TEST(test_decoder_accepts_uppercase_checksum_digits)
{
    char body[64];
    struct frame_decoder d;
    struct events e = {0};

    frame_decoder_init(&d, body, sizeof(body));
    feed(&d, "$QStartNoAckMode#B0", 19, &e);
    ck_assert_uint_eq(e.n, 1);
    expect_event(&e, 0, FRAME_EV_PACKET, "QStartNoAckMode", 15);
}
END_TEST

/* Every malformed checksum: wrong value or a non-hex digit, in either place. */
static const char *const bad_csum_frames[] = {
    "$OK#9b", "$OK#00", "$OK#a9", "$OK#zz", "$OK#9z", "$OK#z9", "$OK#9\x03", "$OK#\x03\x61",
    "$OK##9", "$OK#9#", "$OK#+a", "$OK#9-", "$OK# 9", "$#01",   "$#0g",
};

START_TEST(test_decoder_bad_checksum_reported_then_recovers)
{
    const char *f = bad_csum_frames[_i];
    char body[64];
    struct frame_decoder d;
    struct events e = {0};

    frame_decoder_init(&d, body, sizeof(body));
    feed(&d, f, strlen(f), &e);
    ck_assert_msg(e.n == 1, "%s: %zu events", f, e.n);
    ck_assert_msg(e.ev[0].ev == FRAME_EV_BAD_CSUM, "%s: event %d", f, e.ev[0].ev);
    ck_assert_int_eq(d.state, FRAME_ST_IDLE);
    feed(&d, "$g#67", 5, &e);
    ck_assert_uint_eq(e.n, 2);
    expect_event(&e, 1, FRAME_EV_PACKET, "g", 1);
}
END_TEST

START_TEST(test_decoder_bad_digit_never_matches_any_second_digit)
{
    /* For each body sum, a non-hex first digit followed by every hex digit stays bad. */
    static const char hexd[] = "0123456789abcdef";
    char body[8];

    for (int c = 0; c < 256; c++) {
        for (int k = 0; k < 16; k++) {
            struct frame_decoder d;
            struct events e = {0};
            char f[6] = {'$', (char)c, '#', 'q', hexd[k], 0};

            if (c == '$' || c == '#')
                continue;
            frame_decoder_init(&d, body, sizeof(body));
            feed(&d, f, 5, &e);
            ck_assert_uint_eq(e.n, 1);
            ck_assert_int_eq(e.ev[0].ev, FRAME_EV_BAD_CSUM);
        }
    }
}
END_TEST

START_TEST(test_decoder_acks_outside_packets_are_events)
{
    char body[16];
    struct frame_decoder d;
    struct events e = {0};

    frame_decoder_init(&d, body, sizeof(body));
    feed(&d, "++-+", 4, &e);
    ck_assert_uint_eq(e.n, 4);
    expect_event(&e, 0, FRAME_EV_ACK, NULL, 0);
    expect_event(&e, 1, FRAME_EV_ACK, NULL, 0);
    expect_event(&e, 2, FRAME_EV_NACK, NULL, 0);
    expect_event(&e, 3, FRAME_EV_ACK, NULL, 0);
}
END_TEST

START_TEST(test_decoder_plus_minus_inside_body_are_data)
{
    char body[32];
    struct frame_decoder d;
    struct events e = {0};
    char s[32];
    size_t pos = 0;

    put_packet(s, sizeof(s), &pos, "a+b-c", 5);
    frame_decoder_init(&d, body, sizeof(body));
    feed(&d, s, pos, &e);
    ck_assert_uint_eq(e.n, 1);
    expect_event(&e, 0, FRAME_EV_PACKET, "a+b-c", 5);
}
END_TEST

START_TEST(test_decoder_interrupt_between_packets_and_around_junk)
{
    char body[32];
    struct frame_decoder d;
    struct events e = {0};
    char s[64];
    size_t pos = 0;

    put_raw(s, sizeof(s), &pos, "\x03", 1);
    put_packet(s, sizeof(s), &pos, "c", 1);
    put_raw(s, sizeof(s), &pos, "\x03", 1);
    put_raw(s, sizeof(s), &pos, "zz\x03zz\x03", 6);
    frame_decoder_init(&d, body, sizeof(body));
    feed(&d, s, pos, &e);
    ck_assert_uint_eq(e.n, 5);
    expect_event(&e, 0, FRAME_EV_INTERRUPT, NULL, 0);
    expect_event(&e, 1, FRAME_EV_PACKET, "c", 1);
    expect_event(&e, 2, FRAME_EV_INTERRUPT, NULL, 0);
    expect_event(&e, 3, FRAME_EV_INTERRUPT, NULL, 0);
    expect_event(&e, 4, FRAME_EV_INTERRUPT, NULL, 0);
    ck_assert_uint_eq(d.junk, 4);
}
END_TEST

START_TEST(test_decoder_0x03_inside_body_is_data_not_interrupt)
{
    /* An escaped '#' is "}\x03"; a raw 0x03 byte in X data is data too. */
    static const char b[] = "X0,2:}\x03\x03";
    char body[32];
    struct frame_decoder d;
    struct events e = {0};
    char s[64];
    size_t pos = 0;

    put_packet(s, sizeof(s), &pos, b, sizeof(b) - 1);
    frame_decoder_init(&d, body, sizeof(body));
    feed(&d, s, pos, &e);
    ck_assert_uint_eq(e.n, 1);
    expect_event(&e, 0, FRAME_EV_PACKET, b, sizeof(b) - 1);
}
END_TEST

START_TEST(test_decoder_dollar_inside_body_restarts_packet)
{
    char body[32];
    struct frame_decoder d;
    struct events e = {0};
    char s[64];
    size_t pos = 0;

    put_raw(s, sizeof(s), &pos, "$m1000,", 7);
    put_packet(s, sizeof(s), &pos, "g", 1);
    frame_decoder_init(&d, body, sizeof(body));
    feed(&d, s, pos, &e);
    ck_assert_uint_eq(e.n, 1);
    expect_event(&e, 0, FRAME_EV_PACKET, "g", 1);
}
END_TEST

START_TEST(test_decoder_missing_hash_then_new_packet)
{
    /* "$abc" never finished; the sender starts again: only the new packet counts, even when
     * it arrives in a later chunk. */
    char body[32];
    struct frame_decoder d;
    struct events e = {0};
    char s[64];
    size_t pos = 0;

    frame_decoder_init(&d, body, sizeof(body));
    feed(&d, "$abc", 4, &e);
    ck_assert_uint_eq(e.n, 0);
    ck_assert_int_eq(d.state, FRAME_ST_BODY);
    put_packet(s, sizeof(s), &pos, "def", 3);
    feed(&d, s, pos, &e);
    ck_assert_uint_eq(e.n, 1);
    expect_event(&e, 0, FRAME_EV_PACKET, "def", 3);
}
END_TEST

START_TEST(test_decoder_truncated_checksum_waits_then_completes)
{
    char body[32];
    struct frame_decoder d;
    struct events e = {0};

    frame_decoder_init(&d, body, sizeof(body));
    feed(&d, "$g#6", 4, &e);
    ck_assert_uint_eq(e.n, 0);
    ck_assert_int_eq(d.state, FRAME_ST_CSUM2);
    feed(&d, "7", 1, &e);
    ck_assert_uint_eq(e.n, 1);
    expect_event(&e, 0, FRAME_EV_PACKET, "g", 1);
}
END_TEST

START_TEST(test_decoder_truncated_checksum_then_new_packet)
{
    char body[32];
    struct frame_decoder d;
    struct events e = {0};

    frame_decoder_init(&d, body, sizeof(body));
    feed(&d, "$abc#$g#67", 10, &e);
    feed(&d, "$abc#6$g#67", 11, &e);
    ck_assert_uint_eq(e.n, 2);
    expect_event(&e, 0, FRAME_EV_PACKET, "g", 1);
    expect_event(&e, 1, FRAME_EV_PACKET, "g", 1);
}
END_TEST

START_TEST(test_decoder_junk_outside_packets_ignored_and_counted)
{
    char body[32];
    struct frame_decoder d;
    struct events e = {0};
    const char s[] = "\r\n#00garbage\xff\x00$g#67";

    frame_decoder_init(&d, body, sizeof(body));
    feed(&d, s, sizeof(s) - 1, &e);
    ck_assert_uint_eq(e.n, 1);
    expect_event(&e, 0, FRAME_EV_PACKET, "g", 1);
    ck_assert_uint_eq(d.junk, 14);
}
END_TEST

START_TEST(test_decoder_body_of_cap_minus_one_fits)
{
    char body[8], s[32], big[7];
    struct frame_decoder d;
    struct events e = {0};
    size_t pos = 0;

    memset(big, 'x', sizeof(big));
    put_packet(s, sizeof(s), &pos, big, sizeof(big));
    frame_decoder_init(&d, body, sizeof(body));
    feed(&d, s, pos, &e);
    ck_assert_uint_eq(e.n, 1);
    expect_event(&e, 0, FRAME_EV_PACKET, big, sizeof(big));
}
END_TEST

/* Oversize bodies, with a good or a bad checksum: TOO_LONG, then the next packet decodes. */
static const size_t oversize_lens[] = {8, 9, 100, 5000};

START_TEST(test_decoder_oversize_body_too_long_then_recovers)
{
    static char s[12000], big[5000];
    char body[8];
    struct frame_decoder d;
    struct events e = {0};
    size_t pos = 0, n = oversize_lens[_i];

    memset(big, 'y', n);
    put_packet(s, sizeof(s), &pos, big, n);
    put_raw(s, sizeof(s), &pos, "$", 1);
    put_raw(s, sizeof(s), &pos, big, n);
    put_raw(s, sizeof(s), &pos, "#zz", 3);
    put_packet(s, sizeof(s), &pos, "OK", 2);
    frame_decoder_init(&d, body, sizeof(body));
    feed(&d, s, pos, &e);
    ck_assert_uint_eq(e.n, 3);
    expect_event(&e, 0, FRAME_EV_TOO_LONG, NULL, 0);
    expect_event(&e, 1, FRAME_EV_TOO_LONG, NULL, 0);
    expect_event(&e, 2, FRAME_EV_PACKET, "OK", 2);
    ck_assert_uint_eq(d.len, 2);
}
END_TEST

START_TEST(test_decoder_oversize_then_dollar_restart_fits)
{
    char body[8], big[50];
    struct frame_decoder d;
    struct events e = {0};

    memset(big, 'y', sizeof(big));
    frame_decoder_init(&d, body, sizeof(body));
    feed(&d, "$", 1, &e);
    feed(&d, big, sizeof(big), &e);
    ck_assert(d.overflow);
    feed(&d, "$g#67", 5, &e);
    ck_assert_uint_eq(e.n, 1);
    expect_event(&e, 0, FRAME_EV_PACKET, "g", 1);
}
END_TEST

START_TEST(test_decoder_never_writes_past_cap)
{
    char mem[16], s[64];
    struct frame_decoder d;
    struct events e = {0};
    size_t pos = 0;

    memset(mem, '!', sizeof(mem));
    put_packet(s, sizeof(s), &pos, "0123456789abcdefghij", 20);
    frame_decoder_init(&d, mem, 8);
    feed(&d, s, pos, &e);
    ck_assert_uint_eq(e.n, 1);
    ck_assert_int_eq(e.ev[0].ev, FRAME_EV_TOO_LONG);
    for (size_t i = 8; i < sizeof(mem); i++)
        ck_assert_int_eq(mem[i], '!');
}
END_TEST

START_TEST(test_decoder_escapes_left_in_body)
{
    char body[32];
    struct frame_decoder d;
    struct events e = {0};
    char s[32];
    size_t pos = 0;

    put_packet(s, sizeof(s), &pos, "}]}\x04}\n", 6);
    frame_decoder_init(&d, body, sizeof(body));
    feed(&d, s, pos, &e);
    ck_assert_uint_eq(e.n, 1);
    expect_event(&e, 0, FRAME_EV_PACKET, "}]}\x04}\n", 6);
}
END_TEST

/* ---- encoder ---- */

/* Check FRAME (LEN bytes) is LEAD body '#' hh with a correct checksum; return the body. */
static void check_frame(const char *frame, size_t len, char lead, const char **body, size_t *blen)
{
    char hex[3];

    ck_assert_uint_ge(len, 4);
    ck_assert_int_eq(frame[0], lead);
    ck_assert_int_eq(frame[len - 3], '#');
    *body = frame + 1;
    *blen = len - 4;
    for (size_t i = 0; i < *blen; i++)
        ck_assert_msg((*body)[i] != '#' && (*body)[i] != '$', "raw # or $ at %zu", i);
    snprintf(hex, sizeof(hex), "%02x", sum8(*body, *blen));
    ck_assert_mem_eq(frame + len - 2, hex, 2);
}

/* An independent RLE expander: "c*N" is c followed by N - 29 more copies of c. */
static size_t rle_expand(const char *in, size_t len, char *out, size_t cap)
{
    size_t o = 0;

    for (size_t i = 0; i < len; i++) {
        if (in[i] == '*') {
            int n;

            ck_assert_uint_gt(o, 0);
            ck_assert_uint_lt(i + 1, len);
            n = (unsigned char)in[++i] - 29;
            ck_assert_int_ge(n, 3);
            while (n-- > 0) {
                ck_assert_uint_lt(o, cap);
                out[o] = out[o - 1];
                o++;
            }
        } else {
            ck_assert_uint_lt(o, cap);
            out[o++] = in[i];
        }
    }
    return o;
}

START_TEST(test_encode_plain_packet_and_notification)
{
    char out[64];
    ssize_t n;

    n = frame_encode(out, sizeof(out), '$', "OK", 2, false);
    ck_assert_int_eq(n, 6);
    ck_assert_mem_eq(out, "$OK#9a", 6);
    n = frame_encode(out, sizeof(out), '$', "", 0, true);
    ck_assert_int_eq(n, 4);
    ck_assert_mem_eq(out, "$#00", 4);
    n = frame_encode(out, sizeof(out), '%', "Stop:T05", 8, false);
    ck_assert_int_eq(n, 12);
    ck_assert_mem_eq(out, "%Stop:T05#", 10);
    ck_assert_mem_eq(out + 10, "99", 2); /* sum of "Stop:T05" = 0x299 */
}
END_TEST

START_TEST(test_encode_then_decode_round_trip)
{
    static const char payload[] = "T0506:0000000000000000;07:f0e1ffffff7f0000;thread:p1.1;";
    char out[128], body[128];
    struct frame_decoder d;
    struct events e = {0};
    ssize_t n = frame_encode(out, sizeof(out), '$', payload, sizeof(payload) - 1, false);

    ck_assert_int_gt(n, 0);
    frame_decoder_init(&d, body, sizeof(body));
    feed(&d, out, (size_t)n, &e);
    ck_assert_uint_eq(e.n, 1);
    expect_event(&e, 0, FRAME_EV_PACKET, payload, sizeof(payload) - 1);
}
END_TEST

START_TEST(test_encode_rle_exact_forms)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"000", "000"},         {"0000", "0* "},      {"00000", "0*!"},
        {"000000", "0*\""},     {"0000000", "0*\"0"}, /* 7: count '#' is illegal, so 6 + 1 */
        {"00000000", "0*\"00"},                       /* 8: count '$' is illegal, so 6 + 2 */
        {"000000000", "0*%"},   {"a0000b", "a0* b"},
    };
    char out[64];
    const char *body;
    size_t blen;

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ssize_t n = frame_encode(out, sizeof(out), '$', cases[i].in, strlen(cases[i].in), true);

        ck_assert_int_gt(n, 0);
        check_frame(out, (size_t)n, '$', &body, &blen);
        ck_assert_msg(blen == strlen(cases[i].out) && memcmp(body, cases[i].out, blen) == 0,
                      "%s -> %.*s", cases[i].in, (int)blen, body);
    }
}
END_TEST

START_TEST(test_encode_rle_every_run_length_expands_back)
{
    /* Runs 1..300 of one character between other text: the expansion must give the payload
     * back, counts must be printable and never '#' or '$', and RLE never makes it longer. */
    static char payload[400], out[512], exp[512];

    for (size_t run = 1; run <= 300; run++) {
        size_t plen = 0, blen, elen;
        const char *body;
        ssize_t n;

        payload[plen++] = 'x';
        memset(payload + plen, '0', run);
        plen += run;
        payload[plen++] = 'y';
        n = frame_encode(out, sizeof(out), '$', payload, plen, true);
        ck_assert_int_gt(n, 0);
        check_frame(out, (size_t)n, '$', &body, &blen);
        ck_assert_uint_le(blen, plen);
        for (size_t i = 0; i + 1 < blen; i++) {
            if (body[i] == '*') {
                ck_assert_int_ge(body[i + 1], ' ');
                ck_assert_int_le(body[i + 1], '~');
                ck_assert_int_ne(body[i + 1], '#');
                ck_assert_int_ne(body[i + 1], '$');
            }
        }
        elen = rle_expand(body, blen, exp, sizeof(exp));
        ck_assert_msg(elen == plen && memcmp(exp, payload, plen) == 0, "run %zu", run);
        if (run >= 4)
            ck_assert_uint_lt(blen, plen);
    }
}
END_TEST

START_TEST(test_encode_rle_never_across_escape)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"}aaaa", "}aaaa"},       /* escaped 'a' + 3: no run of 4 */
        {"}aaaaa", "}aa* "},      /* escaped 'a', then a run of 4 of its own */
        {"aaaa}a", "a* }a"},      /* a run ends before the escape */
        {"}}}}}}}}", "}}}}}}}}"}, /* escape characters are never counted */
        {"}", "}"},               /* a lone trailing '}' goes out as-is */
    };
    char out[64];
    const char *body;
    size_t blen;

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ssize_t n = frame_encode(out, sizeof(out), '$', cases[i].in, strlen(cases[i].in), true);

        ck_assert_int_gt(n, 0);
        check_frame(out, (size_t)n, '$', &body, &blen);
        ck_assert_msg(blen == strlen(cases[i].out) && memcmp(body, cases[i].out, blen) == 0,
                      "%s -> %.*s", cases[i].in, (int)blen, body);
    }
}
END_TEST

START_TEST(test_encode_rle_skips_star_runs)
{
    char out[64];
    const char *body;
    size_t blen;
    ssize_t n = frame_encode(out, sizeof(out), '$', "******", 6, true);

    ck_assert_int_eq(n, 10);
    check_frame(out, (size_t)n, '$', &body, &blen);
    ck_assert_mem_eq(body, "******", 6);
}
END_TEST

START_TEST(test_encode_without_rle_keeps_runs)
{
    char out[64];
    ssize_t n = frame_encode(out, sizeof(out), '$', "00000000", 8, false);

    ck_assert_int_eq(n, 12);
    ck_assert_mem_eq(out, "$00000000#80", 12);
}
END_TEST

START_TEST(test_encode_enospc_for_every_short_capacity)
{
    static const char payload[] = "abc0000000000def}*";
    char out[64];

    for (int rle = 0; rle <= 1; rle++) {
        ssize_t need = frame_encode(out, sizeof(out), '$', payload, sizeof(payload) - 1, rle != 0);

        ck_assert_int_gt(need, 0);
        for (size_t cap = 0; cap < (size_t)need; cap++) {
            memset(out, '!', sizeof(out));
            ck_assert_int_eq(frame_encode(out, cap, '$', payload, sizeof(payload) - 1, rle != 0),
                             -ENOSPC);
            for (size_t i = cap; i < sizeof(out); i++)
                ck_assert_int_eq(out[i], '!');
        }
        ck_assert_int_eq(
            frame_encode(out, (size_t)need, '$', payload, sizeof(payload) - 1, rle != 0), need);
    }
}
END_TEST

Suite *frame_suite(void)
{
    Suite *s = suite_create("frame");
    TCase *dec = tcase_create("decoder");
    TCase *enc = tcase_create("encoder");

    tcase_add_test(dec, test_checksum_matches_gdb_packets);
    tcase_add_test(dec, test_decoder_whole_stream_in_one_chunk);
    tcase_add_test(dec, test_decoder_stream_split_at_every_position);
    tcase_add_test(dec, test_decoder_stream_split_at_every_pair_of_positions);
    tcase_add_test(dec, test_decoder_stream_one_byte_at_a_time);
    tcase_add_test(dec, test_decoder_stops_after_each_event_and_reports_bytes_used);
    tcase_add_test(dec, test_decoder_accepts_uppercase_checksum_digits);
    tcase_add_loop_test(dec, test_decoder_bad_checksum_reported_then_recovers, 0,
                        sizeof(bad_csum_frames) / sizeof(bad_csum_frames[0]));
    tcase_add_test(dec, test_decoder_bad_digit_never_matches_any_second_digit);
    tcase_add_test(dec, test_decoder_acks_outside_packets_are_events);
    tcase_add_test(dec, test_decoder_plus_minus_inside_body_are_data);
    tcase_add_test(dec, test_decoder_interrupt_between_packets_and_around_junk);
    tcase_add_test(dec, test_decoder_0x03_inside_body_is_data_not_interrupt);
    tcase_add_test(dec, test_decoder_dollar_inside_body_restarts_packet);
    tcase_add_test(dec, test_decoder_missing_hash_then_new_packet);
    tcase_add_test(dec, test_decoder_truncated_checksum_waits_then_completes);
    tcase_add_test(dec, test_decoder_truncated_checksum_then_new_packet);
    tcase_add_test(dec, test_decoder_junk_outside_packets_ignored_and_counted);
    tcase_add_test(dec, test_decoder_body_of_cap_minus_one_fits);
    tcase_add_loop_test(dec, test_decoder_oversize_body_too_long_then_recovers, 0,
                        sizeof(oversize_lens) / sizeof(oversize_lens[0]));
    tcase_add_test(dec, test_decoder_oversize_then_dollar_restart_fits);
    tcase_add_test(dec, test_decoder_never_writes_past_cap);
    tcase_add_test(dec, test_decoder_escapes_left_in_body);
    suite_add_tcase(s, dec);

    tcase_add_test(enc, test_encode_plain_packet_and_notification);
    tcase_add_test(enc, test_encode_then_decode_round_trip);
    tcase_add_test(enc, test_encode_rle_exact_forms);
    tcase_add_test(enc, test_encode_rle_every_run_length_expands_back);
    tcase_add_test(enc, test_encode_rle_never_across_escape);
    tcase_add_test(enc, test_encode_rle_skips_star_runs);
    tcase_add_test(enc, test_encode_without_rle_keeps_runs);
    tcase_add_test(enc, test_encode_enospc_for_every_short_capacity);
    suite_add_tcase(s, enc);
    return s;
}

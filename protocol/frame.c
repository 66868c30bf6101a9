/* RSP framing: the push decoder ($body#cs, '+', '-', 0x03) and the encoder (checksum, RLE).
 * Works only on caller buffers: no syscalls, no allocation, no globals; every input byte
 * sequence leaves the decoder in a valid state with bounded memory.
 * Spec: GDB manual, "Remote Protocol" > "Overview" (packets, acks, checksums, RLE, escapes). */
#include "protocol/frame.h"

#include <errno.h>

#include "protocol/hex.h"

/* Run-length encoding: "c*N" stands for c repeated N - 29 more times. gdb reads N raw, so any
 * printable N works except '#' and '$', which would end or restart the frame. */
#define RLE_BIAS    29
#define RLE_MIN_RUN 4                /* shorter runs do not get any shorter */
#define RLE_MAX_REP ('~' - RLE_BIAS) /* keep N printable */

void frame_decoder_init(struct frame_decoder *d, char *buf, size_t cap)
{
    d->state = FRAME_ST_IDLE;
    d->buf = buf;
    d->cap = cap;
    d->len = 0;
    d->sum = 0;
    d->rx_sum = 0;
    d->overflow = false;
    d->junk = 0;
    if (cap > 0)
        buf[0] = '\0';
}

static void frame_start_body(struct frame_decoder *d)
{
    d->state = FRAME_ST_BODY;
    d->len = 0;
    d->sum = 0;
    d->rx_sum = 0;
    d->overflow = false;
}

static void frame_body_byte(struct frame_decoder *d, char c)
{
    d->sum = (uint8_t)(d->sum + (uint8_t)c);
    if (d->cap > 0 && d->len < d->cap - 1)
        d->buf[d->len++] = c;
    else
        d->overflow = true;
}

/* The frame is complete: classify it and go back to waiting for the next one. */
static enum frame_event frame_finish(struct frame_decoder *d)
{
    enum frame_event ev;

    d->state = FRAME_ST_IDLE;
    if (d->overflow) {
        d->len = 0;
        ev = FRAME_EV_TOO_LONG;
    } else if (d->rx_sum != d->sum) {
        ev = FRAME_EV_BAD_CSUM; /* the body stays in buf, NUL-ended, for logging */
    } else {
        ev = FRAME_EV_PACKET;
    }
    if (d->cap > 0)
        d->buf[d->len] = '\0';
    return ev;
}

size_t frame_decoder_push(struct frame_decoder *d, const char *data, size_t len,
                          enum frame_event *ev)
{
    size_t i;
    int v;

    for (i = 0; i < len;) {
        char c = data[i++];

        switch (d->state) {
        case FRAME_ST_IDLE:
            if (c == '$') {
                frame_start_body(d);
            } else if (c == '+') {
                *ev = FRAME_EV_ACK;
                return i;
            } else if (c == '-') {
                *ev = FRAME_EV_NACK;
                return i;
            } else if (c == 0x03) {
                *ev = FRAME_EV_INTERRUPT;
                return i;
            } else {
                d->junk++;
            }
            break;
        case FRAME_ST_BODY:
            /* A raw '#' always ends the body ('#' in data travels as "}\x03"), and a raw '$'
             * means the sender gave up on this packet and started again. 0x03 here is data. */
            if (c == '$')
                frame_start_body(d);
            else if (c == '#')
                d->state = FRAME_ST_CSUM1;
            else
                frame_body_byte(d, c);
            break;
        case FRAME_ST_CSUM1:
        case FRAME_ST_CSUM2:
            if (c == '$') { /* checksum cut short by a new packet */
                frame_start_body(d);
                break;
            }
            v = hex_digit((unsigned char)c);
            if (d->state == FRAME_ST_CSUM1) {
                /* A non-hex digit forces a mismatch: make the high nibble differ from the
                 * body's, so no second digit can repair it. */
                if (v < 0)
                    d->rx_sum = (uint8_t)((d->sum & 0xf0) ^ 0x10);
                else
                    d->rx_sum = (uint8_t)(v << 4);
                d->state = FRAME_ST_CSUM2;
                break;
            }
            if (v < 0)
                d->rx_sum = (uint8_t)~d->sum;
            else
                d->rx_sum = (uint8_t)(d->rx_sum | v);
            *ev = frame_finish(d);
            return i;
        }
    }
    *ev = FRAME_EV_NONE;
    return i;
}

uint8_t frame_checksum(const char *data, size_t len)
{
    uint8_t sum = 0;

    for (size_t i = 0; i < len; i++)
        sum = (uint8_t)(sum + (uint8_t)data[i]);
    return sum;
}

static bool frame_rle_char(char c)
{
    return c != '}' && c != '*' && c != '#' && c != '$';
}

/* Store C at OUT[*POS] and advance; false when OUT (CAP bytes) is full. */
static bool frame_put(char *out, size_t cap, size_t *pos, char c)
{
    if (*pos >= cap)
        return false;
    out[(*pos)++] = c;
    return true;
}

ssize_t frame_encode(char *out, size_t cap, char lead, const char *payload, size_t len, bool rle)
{
    static const char digits[] = "0123456789abcdef";
    size_t pos = 0, i = 0, body;
    uint8_t sum;

    if (!frame_put(out, cap, &pos, lead))
        return -ENOSPC;
    body = pos;
    while (i < len) {
        char c = payload[i];
        size_t run = 1;

        if (c == '}') {
            /* An escape pair goes out verbatim; the escaped byte never starts a run. */
            if (!frame_put(out, cap, &pos, c))
                return -ENOSPC;
            i++;
            if (i < len && !frame_put(out, cap, &pos, payload[i++]))
                return -ENOSPC;
            continue;
        }
        if (rle && frame_rle_char(c))
            while (i + run < len && payload[i + run] == c)
                run++;
        i += run;
        while (run >= RLE_MIN_RUN) {
            size_t rep = run - 1;

            if (rep > RLE_MAX_REP)
                rep = RLE_MAX_REP;
            /* 6 and 7 repeats would need '#' and '$' as the count: send 5, the rest follows. */
            while (rep + RLE_BIAS == '#' || rep + RLE_BIAS == '$')
                rep--;
            if (!frame_put(out, cap, &pos, c) || !frame_put(out, cap, &pos, '*') ||
                !frame_put(out, cap, &pos, (char)(rep + RLE_BIAS)))
                return -ENOSPC;
            run -= rep + 1;
        }
        while (run-- > 0)
            if (!frame_put(out, cap, &pos, c))
                return -ENOSPC;
    }
    sum = frame_checksum(out + body, pos - body);
    if (!frame_put(out, cap, &pos, '#') || !frame_put(out, cap, &pos, digits[sum >> 4]) ||
        !frame_put(out, cap, &pos, digits[sum & 0xf]))
        return -ENOSPC;
    return (ssize_t)pos;
}

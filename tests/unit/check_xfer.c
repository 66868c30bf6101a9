/* Unit tests for protocol/xfer.c: qXfer read/write argument parsing and the chunked 'm'/'l'
 * reply (offsets at and past the end, room limits, escaping of '#', '$', '}' and '*'). */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "protocol/buf.h"
#include "protocol/hex.h"
#include "protocol/xfer.h"
#include "tests/unit/suites_decl.h"

static int parse(const char *s, size_t len, struct xfer_req *r)
{
    return xfer_parse(s, len, r);
}

START_TEST(test_xfer_parse_features_read)
{
    static const char s[] = "features:read:target.xml:0,fff";
    struct xfer_req r;

    ck_assert_int_eq(parse(s, sizeof(s) - 1, &r), 0);
    ck_assert_uint_eq(r.object_len, 8);
    ck_assert_mem_eq(r.object, "features", 8);
    ck_assert(!r.write);
    ck_assert_uint_eq(r.annex_len, 10);
    ck_assert_mem_eq(r.annex, "target.xml", 10);
    ck_assert_uint_eq(r.offset, 0);
    ck_assert_uint_eq(r.length, 0xfff);
    ck_assert_uint_eq(r.data_len, 0);
}
END_TEST

START_TEST(test_xfer_parse_empty_annex)
{
    static const char s[] = "auxv:read::10,20";
    struct xfer_req r;

    ck_assert_int_eq(parse(s, sizeof(s) - 1, &r), 0);
    ck_assert_mem_eq(r.object, "auxv", 4);
    ck_assert_uint_eq(r.object_len, 4);
    ck_assert_uint_eq(r.annex_len, 0);
    ck_assert_uint_eq(r.offset, 0x10);
    ck_assert_uint_eq(r.length, 0x20);
}
END_TEST

START_TEST(test_xfer_parse_write_with_binary_data)
{
    /* Data may hold ':' ',' and escapes; it runs to the end of the packet. */
    static const char s[] = "siginfo:write::0:\x0b\x00:,}\x03\xff";
    struct xfer_req r;

    ck_assert_int_eq(parse(s, sizeof(s) - 1, &r), 0);
    ck_assert_mem_eq(r.object, "siginfo", 7);
    ck_assert(r.write);
    ck_assert_uint_eq(r.annex_len, 0);
    ck_assert_uint_eq(r.offset, 0);
    ck_assert_uint_eq(r.data_len, 7);
    ck_assert_mem_eq(r.data, "\x0b\x00:,}\x03\xff", 7);
}
END_TEST

START_TEST(test_xfer_parse_write_empty_data)
{
    static const char s[] = "siginfo:write::8:";
    struct xfer_req r;

    ck_assert_int_eq(parse(s, sizeof(s) - 1, &r), 0);
    ck_assert(r.write);
    ck_assert_uint_eq(r.offset, 8);
    ck_assert_uint_eq(r.data_len, 0);
}
END_TEST

static const char *const xfer_bad[] = {
    "",
    ":read::0,1",
    "features",
    "features:",
    "features:read",
    "features:read:",
    "features:read:target.xml",
    "features:read:target.xml:",
    "features:read:target.xml:0",
    "features:read:target.xml:0,",
    "features:read:target.xml:,10",
    "features:read:target.xml:0,10,",
    "features:read:target.xml:0,10x",
    "features:read:target.xml:zz,10",
    "features:read:target.xml:0,10000000000000000",
    "features:reads:target.xml:0,10",
    "features:READ:target.xml:0,10",
    "features:erase::0,10",
    "siginfo:write::0",
    "siginfo:write::0,1",
    "siginfo:write:::",
    "junk",
};

START_TEST(test_xfer_parse_rejects_malformed)
{
    const char *s = xfer_bad[_i];
    struct xfer_req r = {.offset = 0x77};

    ck_assert_msg(parse(s, strlen(s), &r) == -EINVAL, "\"%s\" accepted", s);
    ck_assert_uint_eq(r.offset, 0x77);
}
END_TEST

/* ---- xfer_reply_chunk ---- */

static const char xml[] = "<target><architecture>i386:x86-64</architecture></target>";

START_TEST(test_xfer_reply_whole_object_is_l)
{
    char mem[128];
    struct buf b;

    buf_init(&b, mem, sizeof(mem));
    xfer_reply_chunk(&b, xml, sizeof(xml) - 1, 0, 0xfff);
    ck_assert(!b.overflow);
    ck_assert_uint_eq(b.len, sizeof(xml));
    ck_assert_int_eq(b.data[0], 'l');
    ck_assert_mem_eq(b.data + 1, xml, sizeof(xml) - 1);
}
END_TEST

START_TEST(test_xfer_reply_length_limit_gives_m_then_l)
{
    char mem[128];
    struct buf b;
    size_t total = sizeof(xml) - 1;

    buf_init(&b, mem, sizeof(mem));
    xfer_reply_chunk(&b, xml, total, 0, 10);
    ck_assert_uint_eq(b.len, 11);
    ck_assert_mem_eq(b.data, "m<target><a", 11);

    buf_reset(&b);
    xfer_reply_chunk(&b, xml, total, 10, total - 10); /* exactly the rest */
    ck_assert_int_eq(b.data[0], 'l');
    ck_assert_uint_eq(b.len, 1 + total - 10);
    ck_assert_mem_eq(b.data + 1, xml + 10, total - 10);
}
END_TEST

START_TEST(test_xfer_reply_offset_at_or_past_end_is_l)
{
    char mem[16];
    struct buf b;
    size_t total = sizeof(xml) - 1;

    buf_init(&b, mem, sizeof(mem));
    xfer_reply_chunk(&b, xml, total, total, 0x100);
    ck_assert_str_eq(b.data, "l");
    buf_reset(&b);
    xfer_reply_chunk(&b, xml, total, total + 1, 0x100);
    ck_assert_str_eq(b.data, "l");
    buf_reset(&b);
    xfer_reply_chunk(&b, xml, total, UINT64_MAX, UINT64_MAX);
    ck_assert_str_eq(b.data, "l");
    buf_reset(&b);
    xfer_reply_chunk(&b, NULL, 0, 0, 0x100);
    ck_assert_str_eq(b.data, "l");
    ck_assert(!b.overflow);
}
END_TEST

START_TEST(test_xfer_reply_room_limits_chunk)
{
    char mem[8]; /* room 7: marker + 6 data bytes */
    struct buf b;
    size_t total = sizeof(xml) - 1;

    buf_init(&b, mem, sizeof(mem));
    xfer_reply_chunk(&b, xml, total, 0, 0xfff);
    ck_assert(!b.overflow);
    ck_assert_str_eq(b.data, "m<targe");
    buf_reset(&b);
    xfer_reply_chunk(&b, xml, total, total - 6, 0xfff); /* the last 6 fit exactly */
    ck_assert_str_eq(b.data, "larget>");
}
END_TEST

START_TEST(test_xfer_reply_escapes_special_bytes)
{
    static const unsigned char obj[] = {'a', '#', '$', '}', '*', 0x03, 'z'};
    char mem[64];
    struct buf b;
    uint8_t back[16];

    buf_init(&b, mem, sizeof(mem));
    xfer_reply_chunk(&b, obj, sizeof(obj), 0, 100);
    ck_assert(!b.overflow);
    ck_assert_uint_eq(b.len, 1 + 11);
    ck_assert_mem_eq(b.data, "la}\x03}\x04}]}\x0a\x03z", 12);
    ck_assert_int_eq(bin_unescape(b.data + 1, b.len - 1, back, sizeof(back)), 7);
    ck_assert_mem_eq(back, obj, sizeof(obj));
}
END_TEST

START_TEST(test_xfer_reply_room_never_splits_escape)
{
    static const unsigned char obj[] = {'a', 'b', '#', 'c'};
    char mem[5]; /* room 4: 'm' + "ab" + no room for the 2-byte escape */
    struct buf b;

    buf_init(&b, mem, sizeof(mem));
    xfer_reply_chunk(&b, obj, sizeof(obj), 0, 100);
    ck_assert(!b.overflow);
    ck_assert_str_eq(b.data, "mab");
}
END_TEST

START_TEST(test_xfer_reply_no_room_sets_overflow)
{
    static const unsigned char obj[] = {'#'};
    char mem[3]; /* room 2: 'm' and one byte, but '#' needs two */
    struct buf b;

    buf_init(&b, mem, sizeof(mem));
    xfer_reply_chunk(&b, obj, sizeof(obj), 0, 100);
    ck_assert(b.overflow);
    buf_init(&b, mem, 1); /* no room even for the marker */
    xfer_reply_chunk(&b, xml, sizeof(xml) - 1, 0, 100);
    ck_assert(b.overflow);
}
END_TEST

Suite *xfer_suite(void)
{
    Suite *s = suite_create("xfer");
    TCase *tc = tcase_create("parse");
    TCase *rep = tcase_create("reply");

    tcase_add_test(tc, test_xfer_parse_features_read);
    tcase_add_test(tc, test_xfer_parse_empty_annex);
    tcase_add_test(tc, test_xfer_parse_write_with_binary_data);
    tcase_add_test(tc, test_xfer_parse_write_empty_data);
    tcase_add_loop_test(tc, test_xfer_parse_rejects_malformed, 0,
                        sizeof(xfer_bad) / sizeof(xfer_bad[0]));
    suite_add_tcase(s, tc);

    tcase_add_test(rep, test_xfer_reply_whole_object_is_l);
    tcase_add_test(rep, test_xfer_reply_length_limit_gives_m_then_l);
    tcase_add_test(rep, test_xfer_reply_offset_at_or_past_end_is_l);
    tcase_add_test(rep, test_xfer_reply_room_limits_chunk);
    tcase_add_test(rep, test_xfer_reply_escapes_special_bytes);
    tcase_add_test(rep, test_xfer_reply_room_never_splits_escape);
    tcase_add_test(rep, test_xfer_reply_no_room_sets_overflow);
    suite_add_tcase(s, rep);
    return s;
}

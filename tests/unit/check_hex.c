/* Unit tests for protocol/hex.c: hex digits, hex <-> bytes, hex -> u64 overflow rules, and the
 * '}' binary escape round trip of every byte value. */
#include <check.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "protocol/hex.h"
#include "tests/unit/suites_decl.h"

START_TEST(test_hex_digit_every_byte_value)
{
    static const char lower[] = "0123456789abcdef", upper[] = "0123456789ABCDEF";

    for (int c = 0; c < 256; c++) {
        const char *l = c ? memchr(lower, c, 16) : NULL;
        const char *u = c ? memchr(upper, c, 16) : NULL;
        int want = l ? (int)(l - lower) : u ? (int)(u - upper) : -1;

        ck_assert_msg(hex_digit(c) == want, "hex_digit(0x%02x) = %d", c, hex_digit(c));
    }
    ck_assert_int_eq(hex_digit(-1), -1);
}
END_TEST

START_TEST(test_hex_decode_mixed_case)
{
    uint8_t out[4];

    ck_assert_int_eq(hex_decode("0aFf7E", 6, out, sizeof(out)), 3);
    ck_assert_uint_eq(out[0], 0x0a);
    ck_assert_uint_eq(out[1], 0xff);
    ck_assert_uint_eq(out[2], 0x7e);
    ck_assert_int_eq(hex_decode("", 0, out, 0), 0);
}
END_TEST

static const char *const hex_decode_bad[] = {"abc", "0", "0g", "g0", "0 ", "-1", "1x2a", "+1"};

START_TEST(test_hex_decode_rejects_odd_length_and_bad_chars_without_writing)
{
    const char *s = hex_decode_bad[_i];
    uint8_t out[8];

    memset(out, 0x5a, sizeof(out));
    ck_assert_int_eq(hex_decode(s, strlen(s), out, sizeof(out)), -EINVAL);
    for (size_t i = 0; i < sizeof(out); i++)
        ck_assert_uint_eq(out[i], 0x5a);
}
END_TEST

START_TEST(test_hex_decode_enospc_when_output_small)
{
    uint8_t out[4] = {1, 2, 3, 4};

    ck_assert_int_eq(hex_decode("00112233", 8, out, 3), -ENOSPC);
    ck_assert_uint_eq(out[0], 1);
    ck_assert_int_eq(hex_decode("00112233", 8, out, 4), 4);
}
END_TEST

START_TEST(test_hex_encode_lowercase_round_trip)
{
    uint8_t in[256], back[256];
    char hex[512];

    for (int i = 0; i < 256; i++)
        in[i] = (uint8_t)i;
    ck_assert_uint_eq(hex_encode(in, sizeof(in), hex), 512);
    ck_assert_mem_eq(hex, "000102", 6);
    ck_assert_mem_eq(hex + 2 * 0xab, "ab", 2);
    ck_assert_mem_eq(hex + 510, "ff", 2);
    ck_assert_int_eq(hex_decode(hex, sizeof(hex), back, sizeof(back)), 256);
    ck_assert_mem_eq(back, in, sizeof(in));
}
END_TEST

static const struct {
    const char *s;
    int ret;
    uint64_t v;
} hex_u64_cases[] = {
    {"0", 0, 0},
    {"1", 0, 1},
    {"Ff", 0, 0xff},
    {"ffffffffffffffff", 0, UINT64_MAX},
    {"0000000000000000ff", 0, 0xff}, /* 18 chars, value fits */
    {"00000000000000000000000000000000000000000000000000", 0, 0},
    {"0123456789abcdef", 0, 0x0123456789abcdefull},
    {"10000000000000000", -ERANGE, 0}, /* 17 significant digits */
    {"fffffffffffffffff", -ERANGE, 0},
    {"0010000000000000000", -ERANGE, 0},
    {"", -EINVAL, 0},
    {"x", -EINVAL, 0},
    {"12x", -EINVAL, 0},
    {"-1", -EINVAL, 0},
    {" 1", -EINVAL, 0},
    {"1000000000000000z0", -EINVAL, 0}, /* junk wins over range */
};

START_TEST(test_hex_to_u64_table)
{
    const char *s = hex_u64_cases[_i].s;
    uint64_t v = 0x1234;
    int ret = hex_to_u64(s, strlen(s), &v);

    ck_assert_msg(ret == hex_u64_cases[_i].ret, "\"%s\": %d", s, ret);
    ck_assert_uint_eq(v, ret == 0 ? hex_u64_cases[_i].v : 0x1234);
}
END_TEST

START_TEST(test_hex_to_u64_reads_exactly_len_chars)
{
    uint64_t v;

    ck_assert_int_eq(hex_to_u64("12zz", 2, &v), 0);
    ck_assert_uint_eq(v, 0x12);
}
END_TEST

static bool is_special(uint8_t c)
{
    return c == '#' || c == '$' || c == '}' || c == '*';
}

START_TEST(test_bin_escape_unescape_round_trip_all_bytes)
{
    uint8_t in[256], back[256];
    char esc[512];
    size_t used = 0, n;

    for (int i = 0; i < 256; i++)
        in[i] = (uint8_t)i;
    n = bin_escape(in, sizeof(in), esc, sizeof(esc), &used);
    ck_assert_uint_eq(used, 256);
    ck_assert_uint_eq(n, 256 + 4);
    for (size_t i = 0; i < n; i++) {
        uint8_t c = (uint8_t)esc[i];

        ck_assert_msg(c != '#' && c != '$' && c != '*', "raw 0x%02x at %zu", c, i);
        if (c == '}') {
            ck_assert_uint_lt(i + 1, n);
            ck_assert(is_special((uint8_t)(esc[++i] ^ 0x20)));
        }
    }
    ck_assert_int_eq(bin_unescape(esc, n, back, sizeof(back)), 256);
    ck_assert_mem_eq(back, in, sizeof(in));
}
END_TEST

START_TEST(test_bin_escape_each_byte_alone)
{
    for (int i = 0; i < 256; i++) {
        uint8_t in = (uint8_t)i, back = 0;
        char esc[2];
        size_t used, n = bin_escape(&in, 1, esc, sizeof(esc), &used);

        ck_assert_uint_eq(used, 1);
        ck_assert_uint_eq(n, is_special(in) ? 2 : 1);
        ck_assert_int_eq(bin_unescape(esc, n, &back, 1), 1);
        ck_assert_uint_eq(back, in);
    }
}
END_TEST

START_TEST(test_bin_escape_never_splits_an_escape)
{
    const uint8_t in[] = {'a', '#', 'b'};
    char out[4] = {0};
    size_t used = 99;

    ck_assert_uint_eq(bin_escape(in, sizeof(in), out, 2, &used), 1);
    ck_assert_uint_eq(used, 1);
    ck_assert_uint_eq(bin_escape(in, sizeof(in), out, 3, &used), 3);
    ck_assert_uint_eq(used, 2);
    ck_assert_mem_eq(out, "a}\x03", 3);
    ck_assert_uint_eq(bin_escape(in, sizeof(in), out, 0, &used), 0);
    ck_assert_uint_eq(used, 0);
}
END_TEST

START_TEST(test_bin_unescape_lone_trailing_brace_rejected)
{
    uint8_t out[8] = {0x11};

    ck_assert_int_eq(bin_unescape("}", 1, out, sizeof(out)), -EINVAL);
    ck_assert_int_eq(bin_unescape("ab}", 3, out, sizeof(out)), -EINVAL);
    ck_assert_int_eq(bin_unescape("}]}", 3, out, sizeof(out)), -EINVAL);
    ck_assert_uint_eq(out[0], 0x11);
    ck_assert_int_eq(bin_unescape("}}", 2, out, sizeof(out)), 1); /* '}' escapes '}' ^ 0x20 */
    ck_assert_uint_eq(out[0], ']');
    ck_assert_int_eq(bin_unescape("", 0, out, 0), 0);
}
END_TEST

START_TEST(test_bin_unescape_enospc)
{
    uint8_t out[2] = {7, 7};

    ck_assert_int_eq(bin_unescape("a}\x03"
                                  "b",
                                  4, out, 2),
                     -ENOSPC);
    ck_assert_uint_eq(out[0], 7);
    ck_assert_int_eq(bin_unescape("a}\x03", 3, out, 2), 2);
    ck_assert_uint_eq(out[1], '#');
}
END_TEST

Suite *hex_suite(void)
{
    Suite *s = suite_create("hex");
    TCase *tc = tcase_create("hex");
    TCase *bin = tcase_create("binary");

    tcase_add_test(tc, test_hex_digit_every_byte_value);
    tcase_add_test(tc, test_hex_decode_mixed_case);
    tcase_add_loop_test(tc, test_hex_decode_rejects_odd_length_and_bad_chars_without_writing, 0,
                        sizeof(hex_decode_bad) / sizeof(hex_decode_bad[0]));
    tcase_add_test(tc, test_hex_decode_enospc_when_output_small);
    tcase_add_test(tc, test_hex_encode_lowercase_round_trip);
    tcase_add_loop_test(tc, test_hex_to_u64_table, 0,
                        sizeof(hex_u64_cases) / sizeof(hex_u64_cases[0]));
    tcase_add_test(tc, test_hex_to_u64_reads_exactly_len_chars);
    suite_add_tcase(s, tc);

    tcase_add_test(bin, test_bin_escape_unescape_round_trip_all_bytes);
    tcase_add_test(bin, test_bin_escape_each_byte_alone);
    tcase_add_test(bin, test_bin_escape_never_splits_an_escape);
    tcase_add_test(bin, test_bin_unescape_lone_trailing_brace_rejected);
    tcase_add_test(bin, test_bin_unescape_enospc);
    suite_add_tcase(s, bin);
    return s;
}

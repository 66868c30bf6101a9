/* Unit tests for protocol/cursor.c: bounds, skips, hex numbers and bytes, tokens; a failed read
 * leaves the cursor where it was. */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "protocol/cursor.h"
#include "tests/unit/suites_decl.h"

START_TEST(test_cursor_skip_char_and_str)
{
    struct cursor c;

    cursor_init(&c, "vCont;c", 7);
    ck_assert_uint_eq(cursor_left(&c), 7);
    ck_assert(!cursor_skip_str(&c, "vCont?"));
    ck_assert(cursor_skip_str(&c, "vCont"));
    ck_assert(!cursor_skip_char(&c, 'c'));
    ck_assert(cursor_skip_char(&c, ';'));
    ck_assert(!cursor_skip_str(&c, "cc")); /* would run past the end */
    ck_assert(cursor_skip_str(&c, ""));
    ck_assert(cursor_skip_char(&c, 'c'));
    ck_assert(cursor_at_end(&c));
    ck_assert(!cursor_skip_char(&c, '\0'));
    ck_assert_int_eq(cursor_expect_end(&c), 0);
}
END_TEST

START_TEST(test_cursor_respects_length_not_nul)
{
    struct cursor c;

    cursor_init(&c, "abcdef", 3);
    ck_assert(!cursor_skip_str(&c, "abcd"));
    ck_assert(cursor_skip_str(&c, "abc"));
    ck_assert(cursor_at_end(&c));
    ck_assert(!cursor_skip_char(&c, 'd'));
}
END_TEST

START_TEST(test_cursor_hex_u64_values_and_stop)
{
    struct cursor c;
    uint64_t v = 0;

    cursor_init(&c, "1000,Ab:ffffffffffffffff", 24);
    ck_assert_int_eq(cursor_hex_u64(&c, &v), 0);
    ck_assert_uint_eq(v, 0x1000);
    ck_assert(cursor_skip_char(&c, ','));
    ck_assert_int_eq(cursor_hex_u64(&c, &v), 0);
    ck_assert_uint_eq(v, 0xab);
    ck_assert(cursor_skip_char(&c, ':'));
    ck_assert_int_eq(cursor_hex_u64(&c, &v), 0);
    ck_assert_uint_eq(v, UINT64_MAX);
    ck_assert(cursor_at_end(&c));
}
END_TEST

START_TEST(test_cursor_hex_u64_errors_leave_cursor)
{
    struct cursor c;
    uint64_t v = 7;

    cursor_init(&c, ",1", 2);
    ck_assert_int_eq(cursor_hex_u64(&c, &v), -EINVAL);
    ck_assert_uint_eq(cursor_left(&c), 2);
    cursor_init(&c, "", 0);
    ck_assert_int_eq(cursor_hex_u64(&c, &v), -EINVAL);
    cursor_init(&c, "10000000000000000;", 18);
    ck_assert_int_eq(cursor_hex_u64(&c, &v), -ERANGE);
    ck_assert_uint_eq(cursor_left(&c), 18);
    ck_assert_uint_eq(v, 7);
    cursor_init(&c, "000000000000000000000001;", 25);
    ck_assert_int_eq(cursor_hex_u64(&c, &v), 0);
    ck_assert_uint_eq(v, 1);
    ck_assert(cursor_skip_char(&c, ';'));
}
END_TEST

START_TEST(test_cursor_hex_bytes_exact_count)
{
    struct cursor c;
    uint8_t out[3] = {0};

    cursor_init(&c, "0aff10;", 7);
    ck_assert_int_eq(cursor_hex_bytes(&c, out, 3), 0);
    ck_assert_uint_eq(out[0], 0x0a);
    ck_assert_uint_eq(out[1], 0xff);
    ck_assert_uint_eq(out[2], 0x10);
    ck_assert(cursor_skip_char(&c, ';'));

    cursor_init(&c, "0aff1", 5);
    ck_assert_int_eq(cursor_hex_bytes(&c, out, 3), -EINVAL); /* too short */
    ck_assert_uint_eq(cursor_left(&c), 5);
    cursor_init(&c, "0ag0", 4);
    ck_assert_int_eq(cursor_hex_bytes(&c, out, 2), -EINVAL);
    ck_assert_uint_eq(cursor_left(&c), 4);
    ck_assert_int_eq(cursor_hex_bytes(&c, out, 0), 0);
}
END_TEST

START_TEST(test_cursor_until_tokens)
{
    struct cursor c;
    const char *tok;
    size_t n;

    cursor_init(&c, "features:read::0,fff", 20);
    cursor_until(&c, ':', &tok, &n);
    ck_assert_uint_eq(n, 8);
    ck_assert_mem_eq(tok, "features", 8);
    cursor_until(&c, ':', &tok, &n);
    ck_assert_mem_eq(tok, "read", 4);
    cursor_until(&c, ':', &tok, &n);
    ck_assert_uint_eq(n, 0); /* empty annex */
    cursor_until(&c, ':', &tok, &n);
    ck_assert_uint_eq(n, 5); /* no ':' left: the rest */
    ck_assert_mem_eq(tok, "0,fff", 5);
    ck_assert(cursor_at_end(&c));
    cursor_until(&c, ':', &tok, &n);
    ck_assert_uint_eq(n, 0);
    ck_assert(cursor_at_end(&c));
}
END_TEST

START_TEST(test_cursor_expect_end_rejects_trailing)
{
    struct cursor c;

    cursor_init(&c, "x", 1);
    ck_assert_int_eq(cursor_expect_end(&c), -EINVAL);
    cursor_init(&c, NULL, 0);
    ck_assert(cursor_at_end(&c));
    ck_assert_uint_eq(cursor_left(&c), 0);
    ck_assert_int_eq(cursor_expect_end(&c), 0);
}
END_TEST

Suite *cursor_suite(void)
{
    Suite *s = suite_create("cursor");
    TCase *tc = tcase_create("cursor");

    tcase_add_test(tc, test_cursor_skip_char_and_str);
    tcase_add_test(tc, test_cursor_respects_length_not_nul);
    tcase_add_test(tc, test_cursor_hex_u64_values_and_stop);
    tcase_add_test(tc, test_cursor_hex_u64_errors_leave_cursor);
    tcase_add_test(tc, test_cursor_hex_bytes_exact_count);
    tcase_add_test(tc, test_cursor_until_tokens);
    tcase_add_test(tc, test_cursor_expect_end_rejects_trailing);
    suite_add_tcase(s, tc);
    return s;
}

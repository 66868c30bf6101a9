/* Unit tests for protocol/buf.c: all-or-nothing appends, the sticky overflow flag, appendf
 * at the exact limit, hex and binary appends. */
#include <check.h>
#include <string.h>

#include "protocol/buf.h"
#include "tests/unit/suites_decl.h"

#define CANARY '!'

/* MEM is CAP bytes for the buffer plus canaries that no append may touch. */
static void check_canary(const char *mem, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        ck_assert_msg(mem[i] == CANARY, "byte %zu overwritten", i);
}

START_TEST(test_buf_append_and_room)
{
    char mem[8];
    struct buf b;

    buf_init(&b, mem, sizeof(mem));
    ck_assert_uint_eq(buf_room(&b), 7); /* one byte kept for the NUL */
    buf_append(&b, "abc", 3);
    buf_puts(&b, "de");
    buf_putc(&b, 'f');
    ck_assert(!b.overflow);
    ck_assert_uint_eq(b.len, 6);
    ck_assert_str_eq(b.data, "abcdef");
    ck_assert_uint_eq(buf_room(&b), 1);
    buf_putc(&b, 'g');
    ck_assert(!b.overflow);
    ck_assert_uint_eq(buf_room(&b), 0);
    ck_assert_str_eq(b.data, "abcdefg");
}
END_TEST

START_TEST(test_buf_overflow_sets_flag_and_writes_nothing)
{
    char mem[16];
    struct buf b;

    memset(mem, CANARY, sizeof(mem));
    buf_init(&b, mem, 8);
    buf_puts(&b, "abc");
    buf_append(&b, "12345", 5); /* needs 5, 4 fit */
    ck_assert(b.overflow);
    ck_assert_uint_eq(b.len, 3);
    ck_assert_str_eq(b.data, "abc");
    check_canary(mem, 4, sizeof(mem));
}
END_TEST

START_TEST(test_buf_overflow_is_sticky)
{
    char mem[8];
    struct buf b;

    buf_init(&b, mem, sizeof(mem));
    buf_puts(&b, "0123456789");
    ck_assert(b.overflow);
    buf_putc(&b, 'x'); /* would fit, but the reply is already lost */
    buf_appendf(&b, "%d", 1);
    buf_append_hex_u64(&b, 1);
    ck_assert_uint_eq(buf_append_binary(&b, "z", 1), 0);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_uint_eq(buf_room(&b), 0);
    buf_reset(&b);
    ck_assert(!b.overflow);
    buf_putc(&b, 'x');
    ck_assert_str_eq(b.data, "x");
}
END_TEST

START_TEST(test_buf_appendf_formats_and_fits_exactly)
{
    char mem[16];
    struct buf b;

    memset(mem, CANARY, sizeof(mem));
    buf_init(&b, mem, 10);
    buf_appendf(&b, "T%02x", 5);
    buf_appendf(&b, "%s:%x;", "ab", 0x1f);
    ck_assert(!b.overflow);
    ck_assert_str_eq(b.data, "T05ab:1f;"); /* 9 bytes: exactly cap - 1 */
    ck_assert_uint_eq(buf_room(&b), 0);
    check_canary(mem, 10, sizeof(mem));
}
END_TEST

START_TEST(test_buf_appendf_overflow_writes_nothing)
{
    char mem[16];
    struct buf b;

    memset(mem, CANARY, sizeof(mem));
    buf_init(&b, mem, 8);
    buf_puts(&b, "OK");
    buf_appendf(&b, "%s", "toolong");
    ck_assert(b.overflow);
    ck_assert_uint_eq(b.len, 2);
    ck_assert_str_eq(b.data, "OK");
    check_canary(mem, 3, sizeof(mem));
}
END_TEST

START_TEST(test_buf_append_hex_and_u64)
{
    char mem[64];
    struct buf b;
    const unsigned char bytes[] = {0x00, 0xab, 0xff};

    buf_init(&b, mem, sizeof(mem));
    buf_append_hex(&b, bytes, sizeof(bytes));
    buf_putc(&b, ';');
    buf_append_hex_u64(&b, 0);
    buf_putc(&b, ';');
    buf_append_hex_u64(&b, 0x1a);
    buf_putc(&b, ';');
    buf_append_hex_u64(&b, UINT64_MAX);
    ck_assert(!b.overflow);
    ck_assert_str_eq(b.data, "00abff;0;1a;ffffffffffffffff");
}
END_TEST

START_TEST(test_buf_append_hex_all_or_nothing)
{
    char mem[16];
    struct buf b;
    const unsigned char bytes[4] = {1, 2, 3, 4};

    memset(mem, CANARY, sizeof(mem));
    buf_init(&b, mem, 8); /* room 7: 3 bytes (6 digits) fit, 4 do not */
    buf_append_hex(&b, bytes, 4);
    ck_assert(b.overflow);
    ck_assert_uint_eq(b.len, 0);
    check_canary(mem, 1, sizeof(mem));
    buf_reset(&b);
    buf_append_hex(&b, bytes, 3);
    ck_assert(!b.overflow);
    ck_assert_str_eq(b.data, "010203");
}
END_TEST

START_TEST(test_buf_append_binary_partial_without_overflow)
{
    char mem[8];
    struct buf b;
    const char data[] = "ab#cdef";

    buf_init(&b, mem, sizeof(mem)); /* room 7 */
    buf_puts(&b, "m");
    /* "ab}\x03cd" is 6 bytes: exactly the room left; 'e' does not fit */
    ck_assert_uint_eq(buf_append_binary(&b, data, 7), 5);
    ck_assert(!b.overflow);
    ck_assert_uint_eq(b.len, 7);
    ck_assert_mem_eq(b.data,
                     "mab}\x03"
                     "cd",
                     7);
    ck_assert_int_eq(b.data[7], '\0');
}
END_TEST

START_TEST(test_buf_zero_capacity_never_writes)
{
    struct buf b;

    buf_init(&b, NULL, 0);
    ck_assert_uint_eq(buf_room(&b), 0);
    buf_append(&b, "", 0);
    ck_assert(!b.overflow);
    buf_appendf(&b, "%s", "");
    ck_assert(!b.overflow);
    ck_assert_uint_eq(buf_append_binary(&b, "a", 1), 0);
    buf_putc(&b, 'a');
    ck_assert(b.overflow);
    ck_assert_uint_eq(b.len, 0);
}
END_TEST

Suite *buf_suite(void)
{
    Suite *s = suite_create("buf");
    TCase *tc = tcase_create("buf");

    tcase_add_test(tc, test_buf_append_and_room);
    tcase_add_test(tc, test_buf_overflow_sets_flag_and_writes_nothing);
    tcase_add_test(tc, test_buf_overflow_is_sticky);
    tcase_add_test(tc, test_buf_appendf_formats_and_fits_exactly);
    tcase_add_test(tc, test_buf_appendf_overflow_writes_nothing);
    tcase_add_test(tc, test_buf_append_hex_and_u64);
    tcase_add_test(tc, test_buf_append_hex_all_or_nothing);
    tcase_add_test(tc, test_buf_append_binary_partial_without_overflow);
    tcase_add_test(tc, test_buf_zero_capacity_never_writes);
    suite_add_tcase(s, tc);
    return s;
}

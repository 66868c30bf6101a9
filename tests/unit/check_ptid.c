/* Unit tests for protocol/ptid.c: every thread-id form, junk and overflow, and formatting with
 * and without the multiprocess extension. */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "protocol/buf.h"
#include "protocol/cursor.h"
#include "protocol/ptid.h"
#include "tests/unit/suites_decl.h"

static const struct {
    const char *s;
    int ret;
    int pid, tid;
    size_t used; /* characters consumed on success */
} ptid_cases[] = {
    {"p1a.2b", 0, 0x1a, 0x2b, 6},
    {"p1a", 0, 0x1a, PTID_ALL, 3},
    {"p1a.-1", 0, 0x1a, PTID_ALL, 6},
    {"p-1", 0, PTID_ALL, PTID_ALL, 3},
    {"p-1.-1", 0, PTID_ALL, PTID_ALL, 6},
    {"p0.0", 0, PTID_ANY, PTID_ANY, 4},
    {"-1", 0, PTID_ANY, PTID_ALL, 2},
    {"0", 0, PTID_ANY, PTID_ANY, 1},
    {"2b", 0, PTID_ANY, 0x2b, 2},
    {"2B;c", 0, PTID_ANY, 0x2b, 2}, /* stops at the separator */
    {"p1a.2b:", 0, 0x1a, 0x2b, 6},
    {"7fffffff", 0, PTID_ANY, 0x7fffffff, 8},
    {"p7fffffff.7fffffff", 0, 0x7fffffff, 0x7fffffff, 18},
    {"", -EINVAL, 0, 0, 0},
    {"p", -EINVAL, 0, 0, 0},
    {"p.1", -EINVAL, 0, 0, 0},
    {"p1a.", -EINVAL, 0, 0, 0},
    {"p1a.x", -EINVAL, 0, 0, 0},
    {"-", -EINVAL, 0, 0, 0},
    {"-2", -EINVAL, 0, 0, 0},
    {"-10", -EINVAL, 0, 0, 0},
    {"--1", -EINVAL, 0, 0, 0},
    {"zz", -EINVAL, 0, 0, 0},
    {"P1", -EINVAL, 0, 0, 0},
    {"80000000", -ERANGE, 0, 0, 0},
    {"p80000000.1", -ERANGE, 0, 0, 0},
    {"p1.100000000", -ERANGE, 0, 0, 0},
    {"ffffffffffffffffff", -ERANGE, 0, 0, 0},
};

START_TEST(test_ptid_parse_table)
{
    const char *s = ptid_cases[_i].s;
    struct ptid id = {123, 456};
    struct cursor c;
    int ret;

    cursor_init(&c, s, strlen(s));
    ret = ptid_parse(&c, &id);
    ck_assert_msg(ret == ptid_cases[_i].ret, "\"%s\": %d", s, ret);
    if (ret == 0) {
        ck_assert_int_eq(id.pid, ptid_cases[_i].pid);
        ck_assert_int_eq(id.tid, ptid_cases[_i].tid);
        ck_assert_uint_eq(strlen(s) - cursor_left(&c), ptid_cases[_i].used);
    } else {
        ck_assert_int_eq(id.pid, 123); /* untouched */
        ck_assert_int_eq(id.tid, 456);
        ck_assert_uint_eq(cursor_left(&c), strlen(s));
    }
}
END_TEST

START_TEST(test_ptid_format_forms)
{
    char mem[64];
    struct buf b;

    buf_init(&b, mem, sizeof(mem));
    ptid_format(&b, (struct ptid){0x1a, 0x2b}, true);
    buf_putc(&b, ' ');
    ptid_format(&b, (struct ptid){0x1a, PTID_ALL}, true);
    buf_putc(&b, ' ');
    ptid_format(&b, (struct ptid){PTID_ALL, PTID_ALL}, true);
    buf_putc(&b, ' ');
    ptid_format(&b, (struct ptid){0x1a, 0x2b}, false);
    buf_putc(&b, ' ');
    ptid_format(&b, (struct ptid){0x1a, PTID_ALL}, false);
    buf_putc(&b, ' ');
    ptid_format(&b, (struct ptid){0, 0}, false);
    ck_assert(!b.overflow);
    ck_assert_str_eq(b.data, "p1a.2b p1a.-1 p-1.-1 2b -1 0");
}
END_TEST

START_TEST(test_ptid_format_then_parse_round_trip)
{
    static const int ids[] = {0, 1, 0x2b, 0x7fffffff, PTID_ALL};

    for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
        for (size_t j = 0; j < sizeof(ids) / sizeof(ids[0]); j++) {
            struct ptid in = {ids[i], ids[j]}, out;
            char mem[64];
            struct buf b;
            struct cursor c;

            buf_init(&b, mem, sizeof(mem));
            ptid_format(&b, in, true);
            cursor_init(&c, b.data, b.len);
            ck_assert_int_eq(ptid_parse(&c, &out), 0);
            ck_assert(cursor_at_end(&c));
            ck_assert_int_eq(out.pid, in.pid);
            ck_assert_int_eq(out.tid, in.tid);
        }
    }
}
END_TEST

/* A client without multiprocess reads bare thread ids in qXfer:threads. */
START_TEST(test_ptid_doc_drop_pids)
{
    char doc[] = "<threads><thread id=\"p4d2.4d2\" core=\"1\"/><thread id=\"p4d2.4e0\"/>"
                 "<thread id=\"77\" name=\"p1.2\"/></threads>";
    size_t n = ptid_doc_drop_pids(doc, strlen(doc));
    doc[n] = '\0';
    ck_assert_str_eq(doc, "<threads><thread id=\"4d2\" core=\"1\"/><thread id=\"4e0\"/>"
                          "<thread id=\"77\" name=\"p1.2\"/></threads>");
    ck_assert_uint_eq(ptid_doc_drop_pids(doc, 0), 0);
    char cut[] = "<thread id=\"p12";
    ck_assert_uint_eq(ptid_doc_drop_pids(cut, strlen(cut)), strlen(cut));
}
END_TEST

Suite *ptid_suite(void)
{
    Suite *s = suite_create("ptid");
    TCase *tc = tcase_create("ptid");

    tcase_add_loop_test(tc, test_ptid_parse_table, 0, sizeof(ptid_cases) / sizeof(ptid_cases[0]));
    tcase_add_test(tc, test_ptid_format_forms);
    tcase_add_test(tc, test_ptid_format_then_parse_round_trip);
    tcase_add_test(tc, test_ptid_doc_drop_pids);
    suite_add_tcase(s, tc);
    return s;
}

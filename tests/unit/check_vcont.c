/* Unit tests for protocol/vcont.c: vCont action lists, thread ids, ranges and signals; every
 * malformed list rejected; the legacy c/s/C/S packets. */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "protocol/vcont.h"
#include "tests/unit/suites_decl.h"

static int parse(const char *s, struct vcont_action *out, size_t cap, size_t *n)
{
    return vcont_parse(s, strlen(s), out, cap, n);
}

static void expect_action(const struct vcont_action *a, enum vcont_kind kind, int signo, int pid,
                          int tid)
{
    ck_assert_int_eq(a->kind, kind);
    ck_assert_int_eq(a->gdb_signo, signo);
    ck_assert_int_eq(a->ptid.pid, pid);
    ck_assert_int_eq(a->ptid.tid, tid);
    ck_assert(!a->has_addr);
}

START_TEST(test_vcont_single_continue)
{
    static const char pkt[] = "vCont;c";
    struct vcont_action a[4];
    size_t n = 99;

    ck_assert_int_eq(vcont_parse(pkt + 5, sizeof(pkt) - 1 - 5, a, 4, &n), 0);
    ck_assert_uint_eq(n, 1);
    expect_action(&a[0], VCONT_CONTINUE, 0, PTID_ALL, PTID_ALL);
}
END_TEST

START_TEST(test_vcont_step_thread_then_continue_rest)
{
    struct vcont_action a[4];
    size_t n;

    ck_assert_int_eq(parse(";s:p1.2;c", a, 4, &n), 0);
    ck_assert_uint_eq(n, 2);
    expect_action(&a[0], VCONT_STEP, 0, 1, 2);
    expect_action(&a[1], VCONT_CONTINUE, 0, PTID_ALL, PTID_ALL);
}
END_TEST

START_TEST(test_vcont_signal_with_bare_tid)
{
    struct vcont_action a[4];
    size_t n;

    ck_assert_int_eq(parse(";C05:2b", a, 4, &n), 0);
    ck_assert_uint_eq(n, 1);
    expect_action(&a[0], VCONT_CONTINUE, 5, PTID_ANY, 0x2b);
    ck_assert_int_eq(parse(";S0b:p1.-1;C1:-1", a, 4, &n), 0);
    ck_assert_uint_eq(n, 2);
    expect_action(&a[0], VCONT_STEP, 0x0b, 1, PTID_ALL);
    expect_action(&a[1], VCONT_CONTINUE, 1, PTID_ANY, PTID_ALL);
}
END_TEST

START_TEST(test_vcont_stop_action)
{
    struct vcont_action a[4];
    size_t n;

    ck_assert_int_eq(parse(";t", a, 4, &n), 0);
    ck_assert_uint_eq(n, 1);
    expect_action(&a[0], VCONT_STOP, 0, PTID_ALL, PTID_ALL);
}
END_TEST

START_TEST(test_vcont_range_step)
{
    struct vcont_action a[4];
    size_t n;

    ck_assert_int_eq(parse(";r1000,2000:p1.1;c", a, 4, &n), 0);
    ck_assert_uint_eq(n, 2);
    expect_action(&a[0], VCONT_RANGE_STEP, 0, 1, 1);
    ck_assert_uint_eq(a[0].start, 0x1000);
    ck_assert_uint_eq(a[0].end, 0x2000);
    expect_action(&a[1], VCONT_CONTINUE, 0, PTID_ALL, PTID_ALL);
}
END_TEST

START_TEST(test_vcont_more_actions_than_cap_is_e2big)
{
    struct vcont_action a[2];
    size_t n = 77;

    ck_assert_int_eq(parse(";s:1;s:2", a, 2, &n), 0);
    ck_assert_uint_eq(n, 2);
    n = 77;
    ck_assert_int_eq(parse(";s:1;s:2;c", a, 2, &n), -E2BIG);
    ck_assert_uint_eq(n, 77);
    ck_assert_int_eq(parse(";c", a, 0, &n), -E2BIG);
}
END_TEST

static const char *const vcont_bad[] = {
    "",     ";",       ";;",        ";x",          ";C",          ";Czz",  ";c:",   ";c:zz",
    "c",    "vCont;c", ";c;",       ";c;;s",       ";cs",         ";c:1x", ";C100", ";S",
    ";r",   ";r1000",  ";r1000,",   ";r,2000",     ";r2000,1000", ";t05",  ";c:p",  ";c:-2",
    ";C-1", ";c ",     ";c:p1.2.3", ";s:80000000", ";?",
};

START_TEST(test_vcont_rejects_malformed)
{
    const char *s = vcont_bad[_i];
    struct vcont_action a[4];
    size_t n = 55;
    int ret = parse(s, a, 4, &n);

    ck_assert_msg(ret == -EINVAL, "\"%s\": %d", s, ret);
    ck_assert_uint_eq(n, 55);
}
END_TEST

static int legacy(const char *s, struct vcont_action *a)
{
    return vcont_parse_legacy(s, strlen(s), a);
}

START_TEST(test_vcont_legacy_forms)
{
    struct vcont_action a;

    ck_assert_int_eq(legacy("c", &a), 0);
    expect_action(&a, VCONT_CONTINUE, 0, PTID_ALL, PTID_ALL);
    ck_assert_int_eq(legacy("s", &a), 0);
    expect_action(&a, VCONT_STEP, 0, PTID_ALL, PTID_ALL);
    ck_assert_int_eq(legacy("C05", &a), 0);
    expect_action(&a, VCONT_CONTINUE, 5, PTID_ALL, PTID_ALL);
    ck_assert_int_eq(legacy("S0b", &a), 0);
    expect_action(&a, VCONT_STEP, 0x0b, PTID_ALL, PTID_ALL);

    ck_assert_int_eq(legacy("c400000", &a), 0);
    ck_assert_int_eq(a.kind, VCONT_CONTINUE);
    ck_assert(a.has_addr);
    ck_assert_uint_eq(a.addr, 0x400000);
    ck_assert_int_eq(legacy("C05;400", &a), 0);
    ck_assert_int_eq(a.kind, VCONT_CONTINUE);
    ck_assert_int_eq(a.gdb_signo, 5);
    ck_assert(a.has_addr);
    ck_assert_uint_eq(a.addr, 0x400);
    ck_assert_int_eq(legacy("s7fff0000", &a), 0);
    ck_assert_int_eq(a.kind, VCONT_STEP);
    ck_assert_uint_eq(a.addr, 0x7fff0000);
}
END_TEST

static const char *const legacy_bad[] = {
    "",      "x",      "C",    "S",       "Czz",
    "C05;",  "C05;zz", "C05x", "c;400",   "cz",
    "c400z", "C100",   "s ",   "vCont;c", "c10000000000000000",
};

START_TEST(test_vcont_legacy_rejects_malformed)
{
    const char *s = legacy_bad[_i];
    struct vcont_action a = {.gdb_signo = 42};
    int ret = legacy(s, &a);

    ck_assert_msg(ret == -EINVAL, "\"%s\": %d", s, ret);
    ck_assert_int_eq(a.gdb_signo, 42);
}
END_TEST

Suite *vcont_suite(void)
{
    Suite *s = suite_create("vcont");
    TCase *tc = tcase_create("vcont");
    TCase *leg = tcase_create("legacy");

    tcase_add_test(tc, test_vcont_single_continue);
    tcase_add_test(tc, test_vcont_step_thread_then_continue_rest);
    tcase_add_test(tc, test_vcont_signal_with_bare_tid);
    tcase_add_test(tc, test_vcont_stop_action);
    tcase_add_test(tc, test_vcont_range_step);
    tcase_add_test(tc, test_vcont_more_actions_than_cap_is_e2big);
    tcase_add_loop_test(tc, test_vcont_rejects_malformed, 0,
                        sizeof(vcont_bad) / sizeof(vcont_bad[0]));
    suite_add_tcase(s, tc);

    tcase_add_test(leg, test_vcont_legacy_forms);
    tcase_add_loop_test(leg, test_vcont_legacy_rejects_malformed, 0,
                        sizeof(legacy_bad) / sizeof(legacy_bad[0]));
    suite_add_tcase(s, leg);
    return s;
}

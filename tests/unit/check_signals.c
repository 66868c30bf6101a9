/* Unit tests for protocol/signals.c and signals.h: numbering against gdb's
 * include/gdb/signals.def, and the short names. */
#include <check.h>
#include <string.h>

#include "protocol/signals.h"
#include "tests/unit/suites_decl.h"

START_TEST(test_signal_numbers_match_gdb_signals_def)
{
    ck_assert_int_eq(GDB_SIGNAL_TRAP, 5);
    ck_assert_int_eq(GDB_SIGNAL_SEGV, 11);
    ck_assert_int_eq(GDB_SIGNAL_USR1, 30);
    ck_assert_int_eq(GDB_SIGNAL_CHLD, 20);
    ck_assert_int_eq(GDB_SIGNAL_REALTIME_33, 45);
    ck_assert_int_eq(GDB_SIGNAL_CANCEL, 76);
    ck_assert_int_eq(GDB_SIGNAL_REALTIME_32, 77);
    ck_assert_int_eq(GDB_SIGNAL_REALTIME_64, 78);
    ck_assert_int_eq(GDB_SIGNAL_INFO, 142);
    ck_assert_int_eq(GDB_EXC_BREAKPOINT, 150);
    /* gdb 13 sends 0x97 (SIGLIBRT) in every QPassSignals: it must be a valid number. */
    ck_assert_int_eq(GDB_SIGNAL_LIBRT, 151);
    ck_assert_int_eq(GDB_SIGNAL_LAST, 152);
}
END_TEST

START_TEST(test_signal_names)
{
    ck_assert_str_eq(gdb_signal_name(GDB_SIGNAL_0), "0");
    ck_assert_str_eq(gdb_signal_name(GDB_SIGNAL_TRAP), "SIGTRAP");
    ck_assert_str_eq(gdb_signal_name(GDB_SIGNAL_SEGV), "SIGSEGV");
    ck_assert_str_eq(gdb_signal_name(GDB_SIGNAL_USR2), "SIGUSR2");
    ck_assert_str_eq(gdb_signal_name(GDB_SIGNAL_PRIO), "SIGPRIO");
    ck_assert_str_eq(gdb_signal_name(GDB_SIGNAL_REALTIME_33), "SIG33");
    ck_assert_str_eq(gdb_signal_name(GDB_SIGNAL_REALTIME_33 + 30), "SIG63");
    ck_assert_str_eq(gdb_signal_name(GDB_SIGNAL_CANCEL), "SIGCANCEL");
    ck_assert_str_eq(gdb_signal_name(GDB_SIGNAL_REALTIME_32), "SIG32");
    ck_assert_str_eq(gdb_signal_name(GDB_SIGNAL_REALTIME_64), "SIG64");
    ck_assert_str_eq(gdb_signal_name(GDB_SIGNAL_REALTIME_64 + 1), "SIG65");
    ck_assert_str_eq(gdb_signal_name(141), "SIG127");
    ck_assert_str_eq(gdb_signal_name(GDB_SIGNAL_INFO), "SIGINFO");
    ck_assert_str_eq(gdb_signal_name(GDB_EXC_BAD_ACCESS), "EXC_BAD_ACCESS");
    ck_assert_ptr_null(gdb_signal_name(GDB_SIGNAL_UNKNOWN));
    ck_assert_ptr_null(gdb_signal_name(GDB_SIGNAL_DEFAULT));
    ck_assert_ptr_null(gdb_signal_name(GDB_SIGNAL_LAST));
    ck_assert_ptr_null(gdb_signal_name(-1));
    ck_assert_ptr_null(gdb_signal_name(1000));
}
END_TEST

START_TEST(test_signal_names_unique)
{
    for (int i = 0; i < GDB_SIGNAL_LAST; i++)
        for (int j = i + 1; j < GDB_SIGNAL_LAST; j++)
            if (gdb_signal_name(i) && gdb_signal_name(j))
                ck_assert_msg(strcmp(gdb_signal_name(i), gdb_signal_name(j)) != 0,
                              "%d and %d share %s", i, j, gdb_signal_name(i));
}
END_TEST

Suite *signals_suite(void)
{
    Suite *s = suite_create("signals");
    TCase *tc = tcase_create("signals");

    tcase_add_test(tc, test_signal_numbers_match_gdb_signals_def);
    tcase_add_test(tc, test_signal_names);
    tcase_add_test(tc, test_signal_names_unique);
    suite_add_tcase(s, tc);
    return s;
}

/* The real Linux target catching system calls (set_catch_syscalls, QCatchSyscalls): entry and
 * return stops with the call's number, calls not in the set never stop, a thread single-stepped
 * through a call from its entry stop does not take the next entry for a return, a second thread
 * keeps its own entry/return state, catching every call pairs each entry with its return, and
 * catching off runs the program to its end. The debuggee is tests/programs/syscalls.c (found in
 * $PROGS or next to this binary); every wait polls event_fd with a timeout. */
#include <check.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "protocol/signals.h"
#include "targets/target.h"
#include "tests/unit/ptrace_rig.h"
#include "tests/unit/suites_decl.h"

#define WAIT_MS 10000

static struct target *t;
static char prog[PATH_MAX];

static void setup(void)
{
    t = ptrace_rig_start("syscalls", prog, sizeof(prog));
    char *argv[] = {prog, NULL};
    struct launch_opts o = {0};
    ck_assert_int_eq(target_launch(t, argv, &o), 0);
}

static void teardown(void)
{
    target_destroy(t);
    t = NULL;
}

static struct stop_event next(void)
{
    struct stop_event ev;
    int rc = ptrace_rig_wait_event(t, &ev, WAIT_MS);
    ck_assert_msg(rc == 0, "no event within %d ms (%d)", WAIT_MS, rc);
    return ev;
}

/* Resume every thread (or step TID alone), then the next event. */
static struct stop_event run(void)
{
    struct resume_action a = {.pid = -1, .tid = -1};

    ck_assert_int_eq(target_resume(t, &a, 1), 0);
    return next();
}

static struct stop_event step(int tid)
{
    struct resume_action a = {.pid = t->pid, .tid = tid, .step = true};

    ck_assert_int_eq(target_resume(t, &a, 1), 0);
    return next();
}

static void expect_syscall(const struct stop_event *ev, enum stop_why why, long nr)
{
    ck_assert_int_eq(ev->kind, STOP_SIGNAL);
    ck_assert_int_eq(ev->gdb_signo, GDB_SIGNAL_TRAP);
    ck_assert_msg(ev->why == why, "why %d, wanted %d (nr %llu)", ev->why, why,
                  (unsigned long long)ev->data_addr);
    ck_assert_int_eq((long)ev->data_addr, nr);
}

static void expect_exit_zero(struct stop_event ev)
{
    ck_assert_int_eq(ev.kind, STOP_EXITED);
    ck_assert_int_eq(ev.status, 0);
}

START_TEST(test_caught_call_stops_at_entry_then_return_with_its_number)
{
    const int nums[] = {SYS_write};
    ck_assert_int_eq(target_set_catch_syscalls(t, true, nums, 1), 0);
    struct stop_event ev = run();
    expect_syscall(&ev, WHY_SYSCALL_ENTRY, SYS_write);
    ck_assert_int_eq(ev.tid, t->pid);
    ev = run();
    expect_syscall(&ev, WHY_SYSCALL_RETURN, SYS_write);
    ck_assert_int_eq(ev.tid, t->pid);
}
END_TEST

START_TEST(test_calls_not_in_the_set_never_stop)
{
    const int nums[] = {SYS_getppid, SYS_kill};
    ck_assert_int_eq(target_set_catch_syscalls(t, true, nums, 2), 0);
    struct stop_event ev = run();
    expect_syscall(&ev, WHY_SYSCALL_ENTRY, SYS_getppid);
    expect_syscall((ev = run(), &ev), WHY_SYSCALL_RETURN, SYS_getppid);
    expect_syscall((ev = run(), &ev), WHY_SYSCALL_ENTRY, SYS_kill);
    expect_syscall((ev = run(), &ev), WHY_SYSCALL_RETURN, SYS_kill);
    expect_exit_zero(run());
}
END_TEST

START_TEST(test_step_through_call_from_entry_then_next_stop_is_an_entry)
{
    const int nums[] = {SYS_write};
    ck_assert_int_eq(target_set_catch_syscalls(t, true, nums, 1), 0);
    struct stop_event ev = run();
    expect_syscall(&ev, WHY_SYSCALL_ENTRY, SYS_write);
    /* The step runs the call to its end: a step stop, not a syscall stop. */
    ev = step(t->pid);
    ck_assert_int_eq(ev.kind, STOP_SIGNAL);
    ck_assert_int_eq(ev.why, WHY_STEP);
    ev = run();
    expect_syscall(&ev, WHY_SYSCALL_ENTRY, SYS_write); /* the second write */
    expect_syscall((ev = run(), &ev), WHY_SYSCALL_RETURN, SYS_write);
}
END_TEST

START_TEST(test_second_thread_pairs_its_own_entry_and_return)
{
    const int nums[] = {SYS_write};
    int entries = 0, returns = 0, thread_tid = 0;
    struct stop_event ev;

    ck_assert_int_eq(target_set_catch_syscalls(t, true, nums, 1), 0);
    for (;;) {
        ev = run();
        if (ev.kind == STOP_EXITED)
            break;
        ck_assert_int_eq(ev.kind, STOP_SIGNAL);
        if (ev.why == WHY_SYSCALL_ENTRY) {
            ck_assert_int_eq(entries, returns);
            entries++;
        } else {
            expect_syscall(&ev, WHY_SYSCALL_RETURN, SYS_write);
            ck_assert_int_eq(returns + 1, entries);
            returns++;
        }
        ck_assert_int_eq((long)ev.data_addr, SYS_write);
        if (ev.tid != t->pid)
            thread_tid = ev.tid;
    }
    ck_assert_int_eq(ev.status, 0);
    ck_assert_int_eq(entries, 3); /* first, second, in thread */
    ck_assert_int_eq(returns, 3);
    ck_assert_int_gt(thread_tid, 0);
}
END_TEST

START_TEST(test_catching_every_call_pairs_entries_with_returns)
{
    struct stop_event ev;
    long open_nr = -1;
    int stops = 0;

    ck_assert_int_eq(target_set_catch_syscalls(t, true, NULL, 0), 0);
    /* The dynamic loader's calls and main's, single-threaded until pthread_create (clone3's
     * child starts outside any call); stop before the threads to keep one sequence. */
    while (stops < 40) {
        ev = run();
        ck_assert_int_eq(ev.kind, STOP_SIGNAL);
        ck_assert_int_eq(ev.tid, t->pid);
        if (ev.why == WHY_SYSCALL_ENTRY) {
            ck_assert_msg(open_nr < 0, "entry of %llu inside %ld", (unsigned long long)ev.data_addr,
                          open_nr);
            open_nr = (long)ev.data_addr;
        } else {
            ck_assert_int_eq(ev.why, WHY_SYSCALL_RETURN);
            ck_assert_int_eq((long)ev.data_addr, open_nr);
            open_nr = -1;
        }
        stops++;
    }
}
END_TEST

START_TEST(test_catching_off_runs_to_the_end)
{
    const int nums[] = {SYS_write};
    ck_assert_int_eq(target_set_catch_syscalls(t, true, nums, 1), 0);
    struct stop_event ev = run();
    expect_syscall(&ev, WHY_SYSCALL_ENTRY, SYS_write);
    ck_assert_int_eq(target_set_catch_syscalls(t, false, NULL, 0), 0);
    expect_exit_zero(run());
}
END_TEST

Suite *linux_syscalls_suite(void)
{
    Suite *s = suite_create("linux_syscalls");
    TCase *tc = tcase_create("catch");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_caught_call_stops_at_entry_then_return_with_its_number);
    tcase_add_test(tc, test_calls_not_in_the_set_never_stop);
    tcase_add_test(tc, test_step_through_call_from_entry_then_next_stop_is_an_entry);
    tcase_add_test(tc, test_second_thread_pairs_its_own_entry_and_return);
    tcase_add_test(tc, test_catching_every_call_pairs_entries_with_returns);
    tcase_add_test(tc, test_catching_off_runs_to_the_end);
    suite_add_tcase(s, tc);
    return s;
}

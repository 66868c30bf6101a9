/* The real Linux target range stepping (resume_action.range_start/end, vCont;r): one stop after
 * a whole loop of steps inside the range, a software breakpoint at a PC inside the range stops
 * the thread there (and executing it is a breakpoint hit, as for a single step), an empty range
 * is one single step, a long range step yields to an interrupt, a signal gdb passes is reported
 * to it all the same while the thread steps, and non-stop mode. The debuggee
 * is tests/programs/rangeloop.c (found in $PROGS or next to this binary); every wait polls
 * event_fd with a timeout. */
#include <check.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>

#include "protocol/signals.h"
#include "targets/target.h"
#include "tests/unit/ptrace_rig.h"
#include "tests/unit/suites_decl.h"

#define WAIT_MS 10000

static struct target *t;
static char prog[PATH_MAX];
static uint64_t count_start, count_end, count_mid, turns_addr;

static void setup(void)
{
    uint64_t size = 0;

    t = ptrace_rig_start("rangeloop", prog, sizeof(prog));
    char *argv[] = {prog, NULL};
    struct launch_opts o = {0};
    ck_assert_int_eq(target_launch(t, argv, &o), 0);
    count_start = ptrace_rig_sym(t, prog, "count", &size);
    ck_assert_uint_gt(size, 0);
    count_end = count_start + size;
    count_mid = ptrace_rig_sym(t, prog, "count_mid", NULL);
    turns_addr = ptrace_rig_sym(t, prog, "turns", NULL);
    ck_assert(count_mid > count_start && count_mid < count_end);
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

static uint64_t pc(void)
{
    uint8_t raw[4096];
    int i = arch_reg_by_name(t->arch, "rip");
    uint64_t v;

    ck_assert_int_ge(i, 0);
    ck_assert_uint_le(t->arch->raw_size, sizeof(raw));
    ck_assert_int_eq(target_read_regs(t, t->pid, raw), 0);
    memcpy(&v, raw + t->arch->regs[i].offset, sizeof(v));
    return v;
}

static uint64_t read_u64(uint64_t addr)
{
    uint64_t v = 0;
    ck_assert_int_eq(target_read_memory(t, addr, &v, sizeof(v)), (ssize_t)sizeof(v));
    return v;
}

/* Resume the leader as A says (tid and pid filled in), then its next event. */
static struct stop_event resume_leader(struct resume_action a)
{
    a.pid = t->pid;
    a.tid = t->pid;
    ck_assert_int_eq(target_resume(t, &a, 1), 0);
    return next();
}

static struct stop_event range_step(uint64_t start, uint64_t end)
{
    return resume_leader(
        (struct resume_action){.step = true, .range_start = start, .range_end = end});
}

/* Run to count()'s first instruction (a breakpoint there, removed again). */
static void run_to_count(void)
{
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, count_start, 1), 0);
    struct stop_event ev = resume_leader((struct resume_action){0});
    ck_assert_int_eq(ev.why, WHY_SW_BREAK);
    ck_assert_uint_eq(pc(), count_start);
    ck_assert_int_eq(target_remove_point(t, PT_SW_BREAK, count_start, 1), 0);
}

static void expect_exit_zero(void)
{
    struct stop_event ev = resume_leader((struct resume_action){0});
    ck_assert_int_eq(ev.kind, STOP_EXITED);
    ck_assert_int_eq(ev.status, 0);
}

START_TEST(test_linux_can_range_step)
{
    ck_assert(target_can_range_step(t));
}
END_TEST

START_TEST(test_range_step_runs_whole_loop_in_one_stop)
{
    run_to_count();
    struct stop_event ev = range_step(count_start, count_end);
    /* Thousands of steps, one report: the step that returned out of count(). */
    ck_assert_int_eq(ev.kind, STOP_SIGNAL);
    ck_assert_int_eq(ev.why, WHY_STEP);
    ck_assert_int_eq(ev.gdb_signo, GDB_SIGNAL_TRAP);
    ck_assert_int_eq(ev.tid, t->pid);
    ck_assert(pc() < count_start || pc() >= count_end);
    ck_assert_uint_eq(read_u64(turns_addr), 1000);
    expect_exit_zero();
}
END_TEST

START_TEST(test_breakpoint_inside_range_stops_there)
{
    run_to_count();
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, count_mid, 1), 0);
    /* The step onto the breakpoint is reported before the int3 runs, as a single step is. */
    struct stop_event ev = range_step(count_start, count_end);
    ck_assert_int_eq(ev.kind, STOP_SIGNAL);
    ck_assert_int_eq(ev.why, WHY_STEP);
    ck_assert_uint_eq(pc(), count_mid);
    ck_assert_uint_eq(read_u64(turns_addr), 1);
    /* Stepping on with it inserted runs it: a hit, PC back on it. */
    ev = range_step(count_start, count_end);
    ck_assert_int_eq(ev.why, WHY_SW_BREAK);
    ck_assert_uint_eq(pc(), count_mid);
    ck_assert_uint_eq(read_u64(turns_addr), 1);
    /* As gdb steps over it: removed, one step, back in, range step: the next turn's stop. */
    ck_assert_int_eq(target_remove_point(t, PT_SW_BREAK, count_mid, 1), 0);
    ev = resume_leader((struct resume_action){.step = true});
    ck_assert_int_eq(ev.why, WHY_STEP);
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, count_mid, 1), 0);
    ev = range_step(count_start, count_end);
    ck_assert_int_eq(ev.why, WHY_STEP);
    ck_assert_uint_eq(pc(), count_mid);
    ck_assert_uint_eq(read_u64(turns_addr), 2);
    ck_assert_int_eq(target_remove_point(t, PT_SW_BREAK, count_mid, 1), 0);
    ev = range_step(count_start, count_end);
    ck_assert_int_eq(ev.why, WHY_STEP);
    ck_assert_uint_eq(read_u64(turns_addr), 1000);
    expect_exit_zero();
}
END_TEST

START_TEST(test_empty_range_is_one_step)
{
    run_to_count();
    /* start == end: step once, even back into the "range" (push %rbp is one byte). */
    struct stop_event ev = range_step(count_start + 1, count_start + 1);
    ck_assert_int_eq(ev.why, WHY_STEP);
    ck_assert_uint_eq(pc(), count_start + 1);
}
END_TEST

START_TEST(test_range_without_step_is_einval)
{
    struct resume_action a = {.pid = -1, .tid = -1, .range_start = 1, .range_end = 2};
    ck_assert_int_eq(target_resume(t, &a, 1), -EINVAL);
    a = (struct resume_action){
        .pid = -1, .tid = -1, .step = true, .range_start = 2, .range_end = 1};
    ck_assert_int_eq(target_resume(t, &a, 1), -EINVAL);
}
END_TEST

START_TEST(test_long_range_step_yields_to_interrupt)
{
    struct stop_event ev;
    uint64_t many = UINT64_C(1) << 40;

    run_to_count();
    ck_assert_int_eq(
        target_write_memory(t, ptrace_rig_sym(t, prog, "limit", NULL), &many, sizeof(many)),
        (ssize_t)sizeof(many));
    struct resume_action a = {.pid = t->pid,
                              .tid = t->pid,
                              .step = true,
                              .range_start = count_start,
                              .range_end = count_end};
    ck_assert_int_eq(target_resume(t, &a, 1), 0);
    /* next_event keeps returning (-EAGAIN) while the steps go on, so ^C can be served. */
    ck_assert_int_eq(ptrace_rig_wait_event(t, &ev, 300), -ETIMEDOUT);
    ck_assert_int_eq(target_interrupt(t), 0);
    ev = next();
    ck_assert_int_eq(ev.kind, STOP_SIGNAL);
    ck_assert_int_eq(ev.gdb_signo, GDB_SIGNAL_INT);
    ck_assert(pc() >= count_start && pc() < count_end);
    ck_assert_uint_gt(read_u64(turns_addr), 10);
}
END_TEST

START_TEST(test_passed_signal_is_reported_while_stepping)
{
    struct stop_event ev;
    uint64_t many = UINT64_C(1) << 40;
    bool pass[GDB_SIGNAL_USR1 + 1] = {false};

    /* gdb passes SIGUSR1 without a stop, but a stepping thread must report it: delivered under
     * the step, the handler's first instruction would look like the step's end. */
    pass[GDB_SIGNAL_USR1] = true;
    ck_assert_int_eq(target_set_pass_signals(t, pass, GDB_SIGNAL_USR1 + 1), 0);
    run_to_count();
    ck_assert_int_eq(
        target_write_memory(t, ptrace_rig_sym(t, prog, "limit", NULL), &many, sizeof(many)),
        (ssize_t)sizeof(many));
    struct resume_action a = {.pid = t->pid,
                              .tid = t->pid,
                              .step = true,
                              .range_start = count_start,
                              .range_end = count_end};
    ck_assert_int_eq(target_resume(t, &a, 1), 0);
    ck_assert_int_eq(kill(t->pid, SIGUSR1), 0);
    ev = next();
    ck_assert_int_eq(ev.kind, STOP_SIGNAL);
    ck_assert_int_eq(ev.gdb_signo, GDB_SIGNAL_USR1);
    ck_assert(pc() >= count_start && pc() < count_end);
}
END_TEST

START_TEST(test_non_stop_range_step_reports_once)
{
    ck_assert_int_eq(target_set_non_stop(t, true), 0);
    run_to_count();
    ck_assert(!target_thread_resumed(t, t->pid));
    struct stop_event ev = range_step(count_start, count_end);
    ck_assert_int_eq(ev.why, WHY_STEP);
    ck_assert(!target_thread_resumed(t, t->pid));
    ck_assert_uint_eq(read_u64(turns_addr), 1000);
    expect_exit_zero();
}
END_TEST

Suite *linux_range_suite(void)
{
    Suite *s = suite_create("linux_range");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_linux_can_range_step);
    tcase_add_test(tc, test_range_step_runs_whole_loop_in_one_stop);
    tcase_add_test(tc, test_breakpoint_inside_range_stops_there);
    tcase_add_test(tc, test_empty_range_is_one_step);
    tcase_add_test(tc, test_range_without_step_is_einval);
    tcase_add_test(tc, test_long_range_step_yields_to_interrupt);
    tcase_add_test(tc, test_passed_signal_is_reported_while_stepping);
    tcase_add_test(tc, test_non_stop_range_step_reports_once);
    suite_add_tcase(s, tc);
    return s;
}

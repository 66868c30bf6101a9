/* The real Linux target with a hit hook (target_hit_hook, what target-side breakpoint
 * conditions use): declined software hits are stepped over (the instruction under the
 * breakpoint runs exactly once, the breakpoint is back afterwards), declined hardware hits run
 * on, in one thread and in many at once, all-stop and non-stop; a single-stepping thread is
 * never filtered; the hook sees the thread's registers and the program's own bytes. The
 * debuggee is tests/programs/tgt_debuggee.c ("counted" mode). */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arch/arch.h"
#include "protocol/signals.h"
#include "targets/target.h"
#include "tests/unit/ptrace_rig.h"
#include "tests/unit/suites_decl.h"

#define WAIT_MS 20000

static struct target *t;
static char prog[PATH_MAX];

/* What the hook saw and decides. */
struct hook_state {
    unsigned calls;
    unsigned decline_first; /* decline this many hits, report the next ones */
    bool check_thread;      /* assert that the thread stands on the address, unmasked */
    bool kill_on_hit;       /* SIGKILL the process (and let the thread die) before answering */
    enum point_kind last_kind;
};
static struct hook_state hs;

static bool hook(void *ctx, struct target *tt, int tid, enum point_kind kind, uint64_t addr)
{
    struct hook_state *h = ctx;

    ck_assert_ptr_eq(tt, t);
    h->calls++;
    h->last_kind = kind;
    if (h->check_thread) {
        const struct arch_desc *a = tt->arch;
        int pc = arch_reg_role(a, ROLE_PC);
        uint8_t *raw = malloc(a->raw_size), byte;
        uint64_t v = 0;
        ck_assert_int_eq(target_read_regs(tt, tid, raw), 0);
        memcpy(&v, raw + a->regs[pc].offset, 8);
        ck_assert_uint_eq(v, addr);
        free(raw);
        ck_assert_int_eq(target_read_memory(tt, addr, &byte, 1), 1);
        ck_assert_int_ne(byte, 0xcc); /* the program's byte, never the breakpoint */
    }
    if (h->kill_on_hit) {
        /* The process is killed between the hit's collection and its report, as an
         * exit_group in another thread would: the stopped thread dies at once. */
        ck_assert_int_eq(kill(tt->pid, SIGKILL), 0);
        usleep(0); /* a moment for the kill to reach every thread: the hit_then_killed race
                      (the exit collected while stopping the others) comes in most runs */
        char path[96];
        snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", tt->pid, tid);
        for (int i = 0; i < 2000; i++) {
            char buf[512] = "";
            FILE *f = fopen(path, "r");
            size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
            if (f)
                fclose(f);
            buf[n] = '\0';
            const char *p = strrchr(buf, ')');
            if (!p || p[1] == '\0' || p[2] == 'Z' || p[2] == 'X')
                break;
            usleep(1000);
        }
    }
    return h->calls > h->decline_first;
}

static void setup(void)
{
    t = ptrace_rig_start("tgt_debuggee", prog, sizeof(prog));
    memset(&hs, 0, sizeof(hs));
    t->hit = (struct target_hit_hook){hook, &hs};
}

static void teardown(void)
{
    target_destroy(t);
    t = NULL;
}

static void launch(const char *threads, const char *calls)
{
    char *argv[] = {prog, "counted", (char *)threads, (char *)calls, NULL};
    struct launch_opts o = {0};

    ck_assert_int_eq(target_launch(t, argv, &o), 0);
}

static void resume_all(bool step)
{
    struct resume_action a = {.pid = -1, .tid = -1, .step = step};

    ck_assert_int_eq(target_resume(t, &a, 1), 0);
}

static struct stop_event next(void)
{
    struct stop_event ev;

    ck_assert_int_eq(ptrace_rig_wait_event(t, &ev, WAIT_MS), 0);
    return ev;
}

static void expect_exit_zero(void)
{
    struct stop_event ev = next();

    ck_assert_int_eq(ev.kind, STOP_EXITED);
    ck_assert_int_eq(ev.status, 0); /* every call counted exactly once */
}

static int raw_byte(uint64_t addr)
{
    char path[64];
    uint8_t b;
    int fd;

    snprintf(path, sizeof(path), "/proc/%d/mem", t->pid);
    fd = open(path, O_RDONLY);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(pread(fd, &b, 1, (off_t)addr), 1);
    close(fd);
    return b;
}

/* Decline the first 3 of 5 hits, report the 4th, then decline the rest. */
static void declined_hits_run_on(enum point_kind kind)
{
    uint64_t bp;
    struct stop_event ev;

    launch("0", "5");
    bp = ptrace_rig_sym(t, prog, "tgt_counted", NULL);
    ck_assert_int_eq(target_insert_point(t, kind, bp, 1), 0);
    hs.decline_first = 3;
    hs.check_thread = true;
    resume_all(false);
    ev = next();
    ck_assert_int_eq(ev.kind, STOP_SIGNAL);
    ck_assert_int_eq(ev.why, kind == PT_SW_BREAK ? WHY_SW_BREAK : WHY_HW_BREAK);
    ck_assert_uint_eq(ev.data_addr, bp);
    ck_assert_uint_eq(hs.calls, 4);
    ck_assert_int_eq(hs.last_kind, kind);
    if (kind == PT_SW_BREAK)
        ck_assert_int_eq(raw_byte(bp), 0xcc); /* put back after each step over */
    /* Resumed on its breakpoint (no step over by the client): a software breakpoint traps
     * again at once, that hit is declined and stepped over, then the 5th call is declined. A
     * hardware one does not trap again (RF). */
    hs.decline_first = 100;
    resume_all(false);
    expect_exit_zero();
    ck_assert_uint_eq(hs.calls, kind == PT_SW_BREAK ? 6 : 5);
}

START_TEST(test_declined_software_hits_are_stepped_over)
{
    declined_hits_run_on(PT_SW_BREAK);
}
END_TEST

START_TEST(test_declined_hardware_hits_run_on)
{
    declined_hits_run_on(PT_HW_BREAK);
}
END_TEST

/* Eight threads hit the same breakpoint 100 times each; every hit is declined. */
static void many_threads(bool non_stop, enum point_kind kind)
{
    launch("8", "100");
    if (non_stop)
        ck_assert_int_eq(target_set_non_stop(t, true), 0);
    ck_assert_int_eq(target_insert_point(t, kind, ptrace_rig_sym(t, prog, "tgt_counted", NULL), 1),
                     0);
    hs.decline_first = ~0u;
    resume_all(false);
    expect_exit_zero();
    ck_assert_uint_eq(hs.calls, 800);
}

/* A breakpoint hit whose thread is killed before it is reported (its process exiting) is not
 * reported: the thread has no registers left, and the process's end is what comes. Stopping the
 * other threads may collect that end already (then it is pending, and waiting for it would find
 * no child left): a race, hence the rounds. */
#define KILLED_HIT_ROUNDS 40
static void hit_then_killed(bool non_stop)
{
    for (int round = 0; round < KILLED_HIT_ROUNDS; round++) {
        if (round > 0) {
            teardown();
            setup();
        }
        launch("4", "100000");
        if (non_stop)
            ck_assert_int_eq(target_set_non_stop(t, true), 0);
        ck_assert_int_eq(
            target_insert_point(t, PT_SW_BREAK, ptrace_rig_sym(t, prog, "tgt_counted", NULL), 1),
            0);
        hs.kill_on_hit = true;
        resume_all(false);
        struct stop_event ev = next();
        ck_assert_msg(ev.kind == STOP_KILLED, "round %d: event kind %d (why %d) reported", round,
                      ev.kind, ev.why);
        ck_assert_int_eq(ev.gdb_signo, GDB_SIGNAL_KILL);
        ck_assert_uint_ge(hs.calls, 1);
    }
}

START_TEST(test_hit_of_a_thread_killed_before_the_report_is_dropped_all_stop)
{
    hit_then_killed(false);
}
END_TEST

START_TEST(test_hit_of_a_thread_killed_before_the_report_is_dropped_non_stop)
{
    hit_then_killed(true);
}
END_TEST

START_TEST(test_declined_hits_in_many_threads_all_stop)
{
    many_threads(false, PT_SW_BREAK);
}
END_TEST

START_TEST(test_declined_hits_in_many_threads_non_stop)
{
    many_threads(true, PT_SW_BREAK);
}
END_TEST

START_TEST(test_declined_hardware_hits_in_many_threads)
{
    many_threads(false, PT_HW_BREAK);
}
END_TEST

/* Threads that never stop hitting a declined breakpoint must not keep next_event from
 * returning: the server has to read its client meanwhile (an interrupt, non-stop packets). */
START_TEST(test_endless_declined_hits_let_the_server_breathe)
{
    unsigned most = 0;

    launch("4", "100000000");
    ck_assert_int_eq(
        target_insert_point(t, PT_SW_BREAK, ptrace_rig_sym(t, prog, "tgt_counted", NULL), 1), 0);
    hs.decline_first = ~0u;
    resume_all(false);
    while (hs.calls < 2000) {
        struct stop_event ev;
        struct pollfd p = {t->event_fd, POLLIN, 0};
        unsigned before = hs.calls;
        ck_assert_int_eq(poll(&p, 1, WAIT_MS), 1);
        ck_assert_int_eq(target_next_event(t, &ev), -EAGAIN);
        if (hs.calls - before > most)
            most = hs.calls - before;
    }
    /* 16 per call in the loop, plus one pending hit per thread at most. */
    ck_assert_uint_le(most, 16 + 4);
    ck_assert_int_eq(target_kill(t, t->pid), 0);
}
END_TEST

/* A breakpoint over an int3 of the program's own cannot be stepped over (the step would trap
 * again): its hits are reported without asking. */
START_TEST(test_hit_over_the_programs_own_breakpoint_is_reported)
{
    static const uint8_t int3 = 0xcc;
    struct stop_event ev;
    uint64_t bp;

    launch("0", "3");
    bp = ptrace_rig_sym(t, prog, "tgt_counted", NULL);
    ck_assert_int_eq(target_write_memory(t, bp, &int3, 1), 1);
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, bp, 1), 0);
    hs.decline_first = ~0u;
    resume_all(false);
    ev = next();
    ck_assert_int_eq(ev.kind, STOP_SIGNAL);
    ck_assert_int_eq(ev.why, WHY_SW_BREAK);
    ck_assert_uint_eq(ev.data_addr, bp);
    ck_assert_uint_eq(hs.calls, 0);
    ck_assert_int_eq(target_kill(t, t->pid), 0);
}
END_TEST

START_TEST(test_single_stepping_thread_is_not_filtered)
{
    uint64_t bp;
    struct stop_event ev;

    launch("0", "2");
    bp = ptrace_rig_sym(t, prog, "tgt_counted", NULL);
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, bp, 1), 0);
    resume_all(false);
    ev = next();
    ck_assert_int_eq(ev.why, WHY_SW_BREAK);
    ck_assert_uint_eq(hs.calls, 1);
    /* Stepping onto the breakpoint instruction reports it, whatever the hook would say. */
    hs.decline_first = ~0u;
    resume_all(true);
    ev = next();
    ck_assert_int_eq(ev.kind, STOP_SIGNAL);
    ck_assert_int_eq(ev.why, WHY_SW_BREAK);
    ck_assert_uint_eq(hs.calls, 1);
    ck_assert_int_eq(target_remove_point(t, PT_SW_BREAK, bp, 1), 0);
    resume_all(false);
    expect_exit_zero();
}
END_TEST

START_TEST(test_no_hook_reports_every_hit)
{
    uint64_t bp;

    t->hit = (struct target_hit_hook){0};
    launch("0", "2");
    bp = ptrace_rig_sym(t, prog, "tgt_counted", NULL);
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, bp, 1), 0);
    resume_all(false);
    ck_assert_int_eq(next().why, WHY_SW_BREAK);
    ck_assert_int_eq(target_remove_point(t, PT_SW_BREAK, bp, 1), 0);
    resume_all(false);
    expect_exit_zero();
    ck_assert_uint_eq(hs.calls, 0);
}
END_TEST

Suite *linux_hits_suite(void)
{
    Suite *s = suite_create("linux_hits");
    TCase *tc = tcase_create("linux_hits");

    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_declined_software_hits_are_stepped_over);
    tcase_add_test(tc, test_declined_hardware_hits_run_on);
    tcase_add_test(tc, test_declined_hits_in_many_threads_all_stop);
    tcase_add_test(tc, test_declined_hits_in_many_threads_non_stop);
    tcase_add_test(tc, test_declined_hardware_hits_in_many_threads);
    tcase_add_test(tc, test_endless_declined_hits_let_the_server_breathe);
    tcase_add_test(tc, test_hit_over_the_programs_own_breakpoint_is_reported);
    tcase_add_test(tc, test_single_stepping_thread_is_not_filtered);
    tcase_add_test(tc, test_no_hook_reports_every_hit);
    tcase_add_test(tc, test_hit_of_a_thread_killed_before_the_report_is_dropped_all_stop);
    tcase_add_test(tc, test_hit_of_a_thread_killed_before_the_report_is_dropped_non_stop);
    suite_add_tcase(s, tc);
    return s;
}

/* The real Linux target with several processes: fork and vfork events, the child as a traced
 * process of its own (its copy of the breakpoints, its own memory, detach and kill of one
 * process while the other lives on, both resumed at once), vfork-done, and fork events off.
 * The debuggee is tests/programs/forker.c, found in $PROGS or next to this binary. Every wait
 * polls event_fd with a timeout, so a hang fails the test instead of blocking. */
#include <check.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
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
    t = ptrace_rig_start("forker", prog, sizeof(prog));
}

static void teardown(void)
{
    target_destroy(t);
    t = NULL;
}

static int wait_event(struct stop_event *ev, int ms)
{
    return ptrace_rig_wait_event(t, ev, ms);
}

static void launch(const char *mode)
{
    char *argv[] = {prog, (char *)mode, NULL};
    struct launch_opts o = {0};

    ck_assert_int_eq(target_launch(t, argv, &o), 0);
}

/* Resume every thread of process PID (-1: of every process). */
static void resume(int pid)
{
    struct resume_action a = {.pid = pid, .tid = -1};

    ck_assert_int_eq(target_resume(t, &a, 1), 0);
}

static struct stop_event next(void)
{
    struct stop_event ev;

    ck_assert_int_eq(wait_event(&ev, WAIT_MS), 0);
    return ev;
}

/* Run-time address of NAME in the debuggee (PIE: load base from AT_ENTRY). */
static uint64_t sym(const char *name)
{
    return ptrace_rig_sym(t, prog, name, NULL);
}

/* The byte really in PID's memory, bypassing breakpoint masking. */
static int raw_byte(int pid, uint64_t addr)
{
    char path[64];
    uint8_t b;
    ssize_t n;
    int fd;

    snprintf(path, sizeof(path), "/proc/%d/mem", pid);
    fd = open(path, O_RDONLY);
    ck_assert_int_ge(fd, 0);
    n = pread(fd, &b, 1, (off_t)addr);
    close(fd);
    ck_assert_int_eq(n, 1);
    return b;
}

/* First argument register (rdi) of thread TID. */
static uint64_t arg0(int tid)
{
    uint8_t raw[4096];
    uint64_t v;
    int i = arch_reg_by_name(t->arch, "rdi");

    ck_assert_int_ge(i, 0);
    ck_assert_int_eq(target_read_regs(t, tid, raw), 0);
    memcpy(&v, raw + t->arch->regs[i].offset, sizeof(v));
    return v;
}

/* The parent's SIGCHLD when a child exits goes straight to it, as gdb asks by default. */
static void pass_sigchld(void)
{
    bool pass[GDB_SIGNAL_LAST] = {false};

    pass[GDB_SIGNAL_CHLD] = true;
    ck_assert_int_eq(target_set_pass_signals(t, pass, GDB_SIGNAL_LAST), 0);
}

/* True once /proc/PID is gone (a killed orphan is reaped by init a moment later). */
static bool gone_soon(int pid)
{
    char path[64];

    snprintf(path, sizeof(path), "/proc/%d", pid);
    for (int i = 0; i < 200 && access(path, F_OK) == 0; i++)
        usleep(10000);
    return access(path, F_OK) != 0;
}

/* Launch forker MODE with fork events on and run it to its fork event: the child's pid. */
static int run_to_fork(const char *mode, enum stop_why why)
{
    struct stop_event ev;

    launch(mode);
    pass_sigchld();
    ck_assert_int_eq(target_set_fork_events(t, true, true), 0);
    resume(-1);
    ev = next();
    ck_assert_int_eq(ev.kind, STOP_SIGNAL);
    ck_assert_int_eq(ev.why, why);
    ck_assert_int_eq(ev.gdb_signo, GDB_SIGNAL_TRAP);
    ck_assert_int_eq(ev.pid, t->pid);
    ck_assert_int_gt((int)ev.data_addr, 0);
    ck_assert_int_ne((int)ev.data_addr, ev.pid);
    return (int)ev.data_addr;
}

START_TEST(test_fork_child_is_a_traced_process_with_its_own_breakpoints)
{
    int parent, child, tids[8];
    uint64_t in_child, in_parent;
    uint8_t b;
    size_t n = 0;
    struct stop_event ev;

    launch("fork");
    pass_sigchld();
    parent = t->pid;
    in_child = sym("in_child");
    in_parent = sym("in_parent");
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, in_child, 1), 0);
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, in_parent, 1), 0);
    ck_assert_int_eq(target_set_fork_events(t, true, false), 0);
    resume(-1);
    ev = next();
    ck_assert_int_eq(ev.why, WHY_FORK);
    child = (int)ev.data_addr;
    /* Both processes' threads are listed, each under its own process. */
    ck_assert_int_eq(target_list_threads(t, tids, 8, &n), 0);
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(target_thread_process(t, parent), parent);
    ck_assert_int_eq(target_thread_process(t, child), child);
    ck_assert(target_thread_alive(t, child));
    /* The child inherited the int3; through the child's table it reads as the original. */
    ck_assert_int_eq(raw_byte(child, in_child), 0xcc);
    ck_assert_int_eq(target_set_current(t, child), 0);
    ck_assert_int_eq(t->pid, child);
    ck_assert_int_eq(target_read_memory(t, in_child, &b, 1), 1);
    ck_assert_int_ne(b, 0xcc);
    ck_assert_int_eq(target_remove_point(t, PT_SW_BREAK, in_child, 1), 0);
    ck_assert_int_eq(target_remove_point(t, PT_SW_BREAK, in_parent, 1), 0);
    ck_assert_int_ne(raw_byte(child, in_child), 0xcc);
    ck_assert_int_eq(raw_byte(parent, in_child), 0xcc); /* the parent's are its own */
    ck_assert_int_eq(target_set_current(t, parent), 0);
    /* Detaching the child leaves the parent current and stopped. */
    ck_assert_int_eq(target_detach(t, child), 0);
    ck_assert_int_eq(t->pid, parent);
    ck_assert_int_eq(target_thread_process(t, child), -ESRCH);
    resume(parent);
    ev = next();
    ck_assert_int_eq(ev.why, WHY_SW_BREAK);
    ck_assert_uint_eq(ev.data_addr, in_parent);
    /* The child ran in_child untrapped and exited 3. */
    ck_assert_uint_eq(arg0(ev.tid), 3);
    ck_assert_int_eq(target_remove_point(t, PT_SW_BREAK, in_child, 1), 0);
    ck_assert_int_eq(target_remove_point(t, PT_SW_BREAK, in_parent, 1), 0);
    resume(-1);
    ev = next();
    ck_assert_int_eq(ev.kind, STOP_EXITED);
    ck_assert_int_eq(ev.pid, parent);
    ck_assert_int_eq(t->pid, 0);
}
END_TEST

START_TEST(test_both_processes_run_and_report_under_their_own_pid)
{
    int parent, child;
    uint64_t in_child;
    struct stop_event ev;

    launch("fork");
    pass_sigchld();
    parent = t->pid;
    in_child = sym("in_child");
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, in_child, 1), 0);
    ck_assert_int_eq(target_set_fork_events(t, true, false), 0);
    resume(-1);
    ev = next();
    ck_assert_int_eq(ev.why, WHY_FORK);
    child = (int)ev.data_addr;
    resume(-1);
    ev = next();
    ck_assert_int_eq(ev.why, WHY_SW_BREAK);
    ck_assert_int_eq(ev.pid, child);
    ck_assert_int_eq(ev.tid, child);
    ck_assert_int_eq(t->pid, child); /* the reporting process is current */
    ck_assert_uint_eq(arg0(child), 1);
    ck_assert_int_eq(target_remove_point(t, PT_SW_BREAK, in_child, 1), 0);
    resume(-1);
    ev = next();
    ck_assert_int_eq(ev.kind, STOP_EXITED);
    ck_assert_int_eq(ev.pid, child);
    ck_assert_int_eq(ev.status, 3);
    ck_assert_int_eq(t->pid, parent);
    resume(-1);
    ev = next();
    ck_assert_int_eq(ev.kind, STOP_EXITED);
    ck_assert_int_eq(ev.pid, parent);
    ck_assert_int_eq(ev.status, 0);
    ck_assert_int_eq(t->event_fd, -1);
}
END_TEST

START_TEST(test_killing_the_child_leaves_the_parent)
{
    int parent, child;
    uint64_t in_parent;
    struct stop_event ev;

    child = run_to_fork("fork", WHY_FORK);
    parent = t->pid;
    in_parent = sym("in_parent");
    ck_assert_int_eq(target_kill(t, child), 0);
    ck_assert_int_eq(t->pid, parent);
    ck_assert_int_eq(target_kill(t, 12345678), -ESRCH);
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, in_parent, 1), 0);
    resume(-1);
    ev = next();
    ck_assert_int_eq(ev.why, WHY_SW_BREAK);
    ck_assert_uint_eq(arg0(ev.tid), 128 + SIGKILL); /* the parent saw its child killed */
}
END_TEST

START_TEST(test_vfork_reports_vfork_then_vfork_done)
{
    int parent, child;
    struct stop_event ev;

    child = run_to_fork("vfork", WHY_VFORK);
    parent = t->pid;
    ck_assert_int_eq(target_detach(t, child), 0);
    resume(parent);
    ev = next();
    ck_assert_int_eq(ev.why, WHY_VFORK_DONE);
    ck_assert_int_eq(ev.pid, parent);
    resume(-1);
    ev = next();
    ck_assert_int_eq(ev.kind, STOP_EXITED);
    ck_assert_int_eq(ev.status, 0);
}
END_TEST

START_TEST(test_without_fork_events_children_are_not_traced)
{
    struct stop_event ev;

    launch("forks");
    pass_sigchld();
    resume(-1);
    ev = next();
    ck_assert_int_eq(ev.kind, STOP_EXITED);
    ck_assert_int_eq(ev.status, 0);
}
END_TEST

/* A fork event still pending when another thread's stop is reported: gdb has not heard of the
 * child, so it is not listed, and detaching the parent detaches it too (gdbserver does;
 * gdb.threads/pending-fork-event-detach.exp). */
START_TEST(test_child_of_an_unreported_fork_goes_with_its_parent)
{
    int parent, tids[8], child = 0;
    size_t n = 0;
    uint64_t in_parent;
    struct stop_event ev;

    launch("thread-fork");
    pass_sigchld();
    parent = t->pid;
    in_parent = sym("in_parent");
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, sym("ready"), 1), 0);
    ck_assert_int_eq(target_set_fork_events(t, true, true), 0);
    resume(-1);
    ev = next();
    ck_assert_int_eq(ev.why, WHY_SW_BREAK);
    ck_assert_int_eq(target_remove_point(t, PT_SW_BREAK, sym("ready"), 1), 0);
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, in_parent, 1), 0);
    /* Both the second thread's fork and main's breakpoint happen before we look; the main
     * thread (the real child of the tracer) is the one waitpid returns first. */
    resume(-1);
    usleep(600000);
    ev = next();
    ck_assert_int_eq(ev.why, WHY_SW_BREAK);
    ck_assert_int_eq(ev.tid, parent);
    ck_assert_int_eq(target_list_threads(t, tids, 8, &n), 0);
    ck_assert_uint_eq(n, 2);
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(target_thread_process(t, tids[i]), parent);
    /* The fork child is held, unlisted: find it through /proc. */
    for (int pid = parent + 1; pid < parent + 64 && !child; pid++) {
        char path[64], line[128];
        FILE *f;
        snprintf(path, sizeof(path), "/proc/%d/status", pid);
        f = fopen(path, "r");
        while (f && fgets(line, sizeof(line), f))
            if (strncmp(line, "PPid:", 5) == 0 && atoi(line + 5) == parent)
                child = pid;
        if (f)
            fclose(f);
    }
    ck_assert_int_gt(child, 0);
    ck_assert_int_eq(target_thread_process(t, child), child);
    ck_assert_int_eq(target_detach(t, parent), 0);
    ck_assert_int_eq(t->pid, 0); /* nothing left: the child went too */
    ck_assert(gone_soon(child)); /* it ran in_child untrapped, exited, and was reaped */
}
END_TEST

/* A clone without CLONE_THREAD made by a task that is not the leader: the new task's first
 * stop comes before its creator's clone event (the tracer's newest tracee is waited first) and
 * looks like an unannounced fork child's; it must still run on once the clone event names it
 * (gdb.threads/current-lwp-dead.exp hung there). */
START_TEST(test_nested_clone_whose_first_stop_comes_first_runs)
{
    struct stop_event ev;
    uint64_t ready;

    launch("clone-nest");
    ready = sym("ready");
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, ready, 1), 0);
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, sym("in_parent"), 1), 0);
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, sym("in_clone"), 1), 0);
    ck_assert_int_eq(target_set_fork_events(t, true, true), 0);
    resume(-1);
    ev = next();
    ck_assert_int_eq(ev.why, WHY_SW_BREAK);
    ck_assert_uint_eq(ev.data_addr, ready);
    ck_assert_int_eq(target_remove_point(t, PT_SW_BREAK, ready, 1), 0);
    resume(-1);
    /* Let task A's creation be handled, then let A clone B while nobody waits: B's first
     * stop and A's clone event are both there when the target next looks. */
    usleep(150000);
    int early = target_next_event(t, &ev);
    ck_assert(early == -EAGAIN || early == 0);
    usleep(450000);
    /* Main's breakpoint (300 ms after the clone) and B's: both must come, B's whatever the
     * order its first stop and A's clone event were collected in (a loaded machine may even
     * let B reach its breakpoint in the early look). A B left stopped never reports it. */
    bool parent_hit = false, clone_hit = false;
    for (int i = 0; i < 2; i++) {
        if (i > 0 || early != 0)
            ev = next();
        ck_assert_int_eq(ev.why, WHY_SW_BREAK);
        if (ev.data_addr == sym("in_parent")) {
            ck_assert(!parent_hit);
            parent_hit = true;
            ck_assert_int_eq(target_remove_point(t, PT_SW_BREAK, sym("in_parent"), 1), 0);
        } else {
            ck_assert_uint_eq(ev.data_addr, sym("in_clone"));
            ck_assert(!clone_hit);
            clone_hit = true;
            ck_assert_int_ne(ev.tid, t->pid);
            ck_assert_int_eq(target_remove_point(t, PT_SW_BREAK, sym("in_clone"), 1), 0);
        }
        if (i == 0)
            resume(-1);
    }
}
END_TEST

START_TEST(test_destroy_kills_every_process)
{
    int child = run_to_fork("fork", WHY_FORK), parent = t->pid;

    target_destroy(t);
    t = NULL;
    ck_assert(gone_soon(child));
    ck_assert(gone_soon(parent));
    t = target_create_native();
}
END_TEST

Suite *linux_procs_suite(void)
{
    Suite *s = suite_create("linux_procs");
    TCase *tc = tcase_create("fork");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_fork_child_is_a_traced_process_with_its_own_breakpoints);
    tcase_add_test(tc, test_both_processes_run_and_report_under_their_own_pid);
    tcase_add_test(tc, test_killing_the_child_leaves_the_parent);
    tcase_add_test(tc, test_vfork_reports_vfork_then_vfork_done);
    tcase_add_test(tc, test_without_fork_events_children_are_not_traced);
    tcase_add_test(tc, test_destroy_kills_every_process);
    tcase_add_test(tc, test_child_of_an_unreported_fork_goes_with_its_parent);
    tcase_add_test(tc, test_nested_clone_whose_first_stop_comes_first_runs);
    suite_add_tcase(s, tc);
    return s;
}

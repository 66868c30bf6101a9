/* Attaching with the Linux target: the reasons an attach fails, as words (the pure formatter
 * over every case: no such process, zombie, kernel thread, another tracer, another user, Yama
 * ptrace_scope 1/2/3), the same gathered from /proc for a pid that does not exist and for a
 * process this test already traces; and attaching to tests/programs/attach.c while it creates
 * threads: every thread stopped and listed, and after detach the program runs on unharmed (it
 * checks that itself and exits 0). */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "protocol/signals.h"
#include "targets/linux/linux.h"
#include "targets/target.h"
#include "tests/unit/ptrace_rig.h"
#include "tests/unit/suites_decl.h"

extern char **environ;

/* ---- the pure formatter ---- */

/* One case: ERR and the facts that differ from a live process "victim" of uid 1000 (our uid),
 * untraced, on a machine without Yama (scope -1). */
struct diag_case {
    int err;
    bool gone, zombie, kthread, self, cap;
    int tracer, scope;
    const char *tracer_comm, *comm;
    long proc_uid;
    const char *want[3]; /* substrings the message must contain */
};

static const struct diag_case diag_cases[] = {
    {-ESRCH, .gone = true, .want = {"no process 4242", "wrong pid"}},
    {-ESRCH, .zombie = true, .want = {"process 4242 (victim) has exited", "zombie"}},
    {-ESRCH, .kthread = true, .comm = "kthreadd", .want = {"(kthreadd) is a kernel thread"}},
    {-EPERM, .self = true, .want = {"rspd itself"}},
    {-EPERM, .tracer = 77, .tracer_comm = "strace",
     .want = {"already traced by process 77 (strace)", "TracerPid in /proc/4242/status",
              "detach that"}},
    /* The tracer comes before Yama: it is the more precise cause. */
    {-EPERM, .tracer = 77, .tracer_comm = "gdb", .scope = 1,
     .want = {"already traced by process 77 (gdb)"}},
    {-EACCES, .proc_uid = 1,
     .want = {"belongs to uid 1", "runs as uid 1000 without CAP_SYS_PTRACE", "as root"}},
    {-EPERM, .scope = 1,
     .want = {"/proc/sys/kernel/yama/ptrace_scope is 1", "descendants",
              "sysctl kernel.yama.ptrace_scope=0"}},
    {-EPERM, .scope = 2,
     .want = {"/proc/sys/kernel/yama/ptrace_scope is 2", "only with CAP_SYS_PTRACE", "as root"}},
    {-EPERM, .scope = 3, .cap = true,
     .want = {"/proc/sys/kernel/yama/ptrace_scope is 3", "until reboot",
              "start the program under rspd"}},
    /* With CAP_SYS_PTRACE, scope 1 is not the cause. */
    {-EPERM, .scope = 1, .cap = true,
     .want = {"Operation not permitted", "setuid", "security module"}},
    {-ESRCH, .want = {"process 4242 (victim) went away"}},
    {-EXDEV, .want = {"architecture rspd cannot debug"}},
    {-EBUSY, .want = {"already debugging a process"}},
    {-ENOMEM, .want = {"Cannot allocate memory"}},
};

static struct linux_attach_facts facts_of(const struct diag_case *c)
{
    struct linux_attach_facts f = {
        .exists = !c->gone,
        .zombie = c->zombie,
        .kernel_thread = c->kthread,
        .self = c->self,
        .cap_sys_ptrace = c->cap,
        .tracer_pid = c->tracer,
        .ptrace_scope = c->scope ? c->scope : -1,
        .proc_uid = c->proc_uid ? c->proc_uid : 1000,
        .our_uid = 1000,
    };
    snprintf(f.comm, sizeof(f.comm), "%s", c->gone ? "" : c->comm ? c->comm : "victim");
    snprintf(f.tracer_comm, sizeof(f.tracer_comm), "%s", c->tracer_comm ? c->tracer_comm : "");
    return f;
}

START_TEST(test_diagnosis_names_cause_and_fix)
{
    const struct diag_case *c = &diag_cases[_i];
    struct linux_attach_facts f = facts_of(c);
    char buf[512];

    memset(buf, 'x', sizeof(buf));
    linux_attach_diagnose(4242, c->err, &f, buf, sizeof(buf));
    ck_assert_ptr_nonnull(memchr(buf, '\0', sizeof(buf)));
    ck_assert_ptr_null(strchr(buf, '\n'));
    for (int i = 0; i < 3 && c->want[i]; i++)
        ck_assert_msg(strstr(buf, c->want[i]) != NULL, "case %d: '%s' lacks '%s'", _i, buf,
                      c->want[i]);
    /* Yama is named only when it is the cause. */
    if (f.ptrace_scope < 1 || f.tracer_pid > 0)
        ck_assert_ptr_null(strstr(buf, "Yama"));
}
END_TEST

START_TEST(test_diagnosis_is_truncated_to_the_buffer)
{
    struct diag_case c = {-EPERM, .scope = 1};
    struct linux_attach_facts f = facts_of(&c);
    char buf[16];

    memset(buf, 'x', sizeof(buf));
    linux_attach_diagnose(4242, -EPERM, &f, buf, sizeof(buf));
    ck_assert_uint_eq(strlen(buf), sizeof(buf) - 1);
    linux_attach_diagnose(4242, -EPERM, &f, buf, 0); /* writes nothing */
}
END_TEST

/* ---- with real processes ---- */

static struct target *t;
static char prog[4096];

static void setup(void)
{
    t = ptrace_rig_start("attach", prog, sizeof(prog));
}

static void teardown(void)
{
    target_destroy(t);
    t = NULL;
}

START_TEST(test_explain_names_a_pid_that_does_not_exist)
{
    char buf[256], want[64];
    pid_t pid = fork();
    int status;

    ck_assert_int_ge(pid, 0);
    if (pid == 0)
        _exit(0);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid); /* reaped: the pid is free */
    ck_assert_int_eq(target_attach(t, pid), -ESRCH);
    target_attach_explain(t, pid, -ESRCH, buf, sizeof(buf));
    snprintf(want, sizeof(want), "no process %d", (int)pid);
    ck_assert_msg(strstr(buf, want) != NULL, "got '%s'", buf);
}
END_TEST

START_TEST(test_explain_names_the_tracer_already_attached)
{
    char buf[512], want[128];
    pid_t pid = fork();
    int status, err;

    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        ptrace(PTRACE_TRACEME, 0, NULL, NULL);
        raise(SIGSTOP);
        _exit(0);
    }
    /* The child stops under our trace: we are its tracer. */
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFSTOPPED(status));
    err = target_attach(t, pid);
    ck_assert_int_eq(err, -EPERM);
    target_attach_explain(t, pid, err, buf, sizeof(buf));
    snprintf(want, sizeof(want), "already traced by process %d (", (int)getpid());
    ck_assert_msg(strstr(buf, want) != NULL, "got '%s'", buf);
    ck_assert_msg(strstr(buf, "TracerPid") != NULL, "got '%s'", buf);
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
}
END_TEST

/* Start the attach debuggee with WORKERS threads and CHURN (NULL, "churn" or "chain"); wait
 * for its ready line; returns its pid and the address of attach_done. */
static pid_t start_victim(const char *marker, const char *workers, const char *churn,
                          uint64_t *done)
{
    char *argv[] = {prog, (char *)marker, (char *)workers, (char *)churn, NULL};
    posix_spawnattr_t attr;
    sigset_t none;
    pid_t pid;

    unlink(marker);
    sigemptyset(&none);
    posix_spawnattr_init(&attr);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
    ck_assert_int_eq(posix_spawn(&pid, prog, NULL, &attr, argv, environ), 0);
    posix_spawnattr_destroy(&attr);
    for (int i = 0; i < 5000; i++) {
        unsigned long long addr;
        int n, vpid;
        FILE *f = fopen(marker, "r");
        if (f) {
            int got = fscanf(f, "ready %d %llx %d", &n, &addr, &vpid);
            fclose(f);
            if (got == 3) {
                ck_assert_int_eq(vpid, pid);
                *done = addr;
                return pid;
            }
        }
        usleep(2000);
    }
    ck_abort_msg("%s did not get ready", prog);
    return -1;
}

/* Threads of PID in /proc, and whether every one is stopped by its tracer (state 't'). Read
 * without children of our own: the target collects every child's status. */
static size_t proc_tasks(pid_t pid, bool *all_stopped)
{
    char path[64];
    struct dirent *e;
    size_t n = 0;
    DIR *dir;

    *all_stopped = true;
    snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
    dir = opendir(path);
    ck_assert_ptr_nonnull(dir);
    while ((e = readdir(dir)) != NULL) {
        char stat[384], buf[512];
        const char *p;
        size_t len;
        FILE *f;
        if (e->d_name[0] == '.')
            continue;
        snprintf(stat, sizeof(stat), "%s/%s/stat", path, e->d_name);
        f = fopen(stat, "r");
        if (!f)
            continue; /* gone meanwhile: it was not stopped then */
        len = fread(buf, 1, sizeof(buf) - 1, f);
        fclose(f);
        buf[len] = '\0';
        p = strrchr(buf, ')');
        ck_assert_ptr_nonnull(p);
        n++;
        if (p[2] != 't')
            *all_stopped = false;
    }
    closedir(dir);
    return n;
}

/* Attach to the debuggee with WORKERS threads; every thread must be stopped and listed; set
 * attach_done, detach; the program must exit 0 having seen every worker run on. */
static void attach_round(const char *workers, const char *churn)
{
    char marker[] = "/tmp/rspd-attach-XXXXXX", last[128] = "";
    int tids[256], status, one = 1, fd = mkstemp(marker);
    uint64_t done;
    size_t n = 0, tasks;
    bool stopped;
    pid_t pid;
    FILE *f;

    ck_assert_int_ge(fd, 0);
    close(fd);
    pid = start_victim(marker, workers, churn, &done);
    ck_assert_int_eq(target_attach(t, pid), 0);
    ck_assert_int_eq(target_attach(t, pid), -EBUSY);
    tasks = proc_tasks(pid, &stopped);
    ck_assert_msg(stopped, "a thread of %d runs while attached", (int)pid);
    ck_assert_int_eq(target_list_threads(t, tids, 256, &n), 0);
    ck_assert_uint_eq(n, tasks);
    if (!churn)
        ck_assert_uint_eq(n, (size_t)atoi(workers) + 1);
    ck_assert_int_eq(target_write_memory(t, done, &one, sizeof(one)), (ssize_t)sizeof(one));
    ck_assert_int_eq(target_detach(t, pid), 0);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    f = fopen(marker, "r");
    ck_assert_ptr_nonnull(f);
    while (fgets(last, sizeof(last), f))
        ;
    fclose(f);
    unlink(marker);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x, marker: %s", status,
                  last);
    ck_assert_int_eq(strncmp(last, "attach: ran on after detach, ", 29), 0);
}

START_TEST(test_attach_single_thread_then_detach_runs_on)
{
    attach_round("0", NULL);
}
END_TEST

START_TEST(test_attach_stops_and_lists_every_thread)
{
    attach_round("4", NULL);
}
END_TEST

START_TEST(test_attach_while_threads_are_created_stops_them_all)
{
    for (int i = 0; i < 5; i++)
        attach_round("2", "churn");
}
END_TEST

/* A chain of threads that each create the next and exit: a link made by a thread not attached
 * yet and gone before the next scan could leave its own child untraced, which then runs on
 * (and dies of the first breakpoint it meets). Every round must find every thread stopped. */
START_TEST(test_attach_to_a_chain_of_short_lived_threads_stops_them_all)
{
    for (int i = 0; i < 10; i++)
        attach_round("1", "chain");
}
END_TEST

/* The forked victim of the next test: it counts the SIGALRMs it handles (in memory shared
 * with us) and otherwise waits in vfork() for a child that sleeps VFORK_NAP_NS: a task waiting
 * for its vfork child runs no signal handler, so a SIGALRM sent then stays pending, and after
 * the attach's SIGSTOP joins it, the lower-numbered SIGALRM is the first to be delivered. */
#define VFORK_NAP_NS 300000000L
static volatile unsigned long *alarms_handled;

static void on_alarm(int sig)
{
    (void)sig;
    (*alarms_handled)++;
}

static void alarm_victim(void)
{
    sigset_t none;
    sigemptyset(&none);
    signal(SIGALRM, on_alarm);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (;;) {
        pid_t child = vfork();
        if (child == 0) {
            struct timespec nap = {0, VFORK_NAP_NS};
            nanosleep(&nap, NULL);
            _exit(0);
        }
        while (child > 0 && waitpid(child, NULL, 0) < 0 && errno == EINTR)
            ;
    }
}

/* True once PID sleeps uninterruptibly (state D: waiting for its vfork child). */
static bool in_vfork_wait(pid_t pid)
{
    char path[64], buf[512];
    const char *p;
    size_t n;
    FILE *f;

    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    f = fopen(path, "r");
    if (!f)
        return false;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    p = strrchr(buf, ')');
    return p && p[1] == ' ' && p[2] == 'D';
}

/* Attaching while a signal is on its way: the leader stops with that signal before our
 * SIGSTOP. The attach says which (its stop reply reports it, as gdbserver's does,
 * gdb.threads/attach-into-signal.exp) and the signal is not lost: detaching delivers it. */
START_TEST(test_attach_into_a_signal_reports_it_and_keeps_it)
{
    int status, seen = 0;
    void *shared = mmap(NULL, sizeof(*alarms_handled), PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);

    ck_assert(shared != MAP_FAILED);
    alarms_handled = shared;
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        alarm_victim();
        _exit(0);
    }
    for (int round = 0; round < 5; round++) {
        unsigned long before = *alarms_handled;
        int waited = 0;
        while (!in_vfork_wait(pid) && waited++ < 2000)
            usleep(500);
        ck_assert_msg(in_vfork_wait(pid), "victim %d never waits in vfork", (int)pid);
        ck_assert_int_eq(syscall(SYS_tgkill, pid, pid, SIGALRM), 0);
        ck_assert_int_eq(target_attach(t, pid), 0);
        /* Not SIGALRM only if the vfork child ended between our look and the attach. */
        ck_assert_msg(t->attach_signo == 0 || t->attach_signo == GDB_SIGNAL_ALRM ||
                          t->attach_signo == GDB_SIGNAL_CONT,
                      "round %d: attach stopped it with GDB signal %d", round, t->attach_signo);
        seen += t->attach_signo == GDB_SIGNAL_ALRM;
        ck_assert_int_eq(target_detach(t, pid), 0);
        for (int i = 0; i < 200 && *alarms_handled == before; i++)
            usleep(5000);
        ck_assert_msg(*alarms_handled == before + 1, "round %d: SIGALRM lost", round);
    }
    ck_assert_int_ge(seen, 3);
    kill(pid, SIGKILL);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    munmap(shared, sizeof(*alarms_handled));
}
END_TEST

Suite *attach_suite(void)
{
    Suite *s = suite_create("attach");
    TCase *pure = tcase_create("diagnosis");
    TCase *tc = tcase_create("ptrace");

    tcase_add_loop_test(pure, test_diagnosis_names_cause_and_fix, 0,
                        (int)(sizeof(diag_cases) / sizeof(diag_cases[0])));
    tcase_add_test(pure, test_diagnosis_is_truncated_to_the_buffer);
    suite_add_tcase(s, pure);

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_explain_names_a_pid_that_does_not_exist);
    tcase_add_test(tc, test_explain_names_the_tracer_already_attached);
    tcase_add_test(tc, test_attach_single_thread_then_detach_runs_on);
    tcase_add_test(tc, test_attach_stops_and_lists_every_thread);
    tcase_add_test(tc, test_attach_while_threads_are_created_stops_them_all);
    tcase_add_test(tc, test_attach_to_a_chain_of_short_lived_threads_stops_them_all);
    tcase_add_test(tc, test_attach_into_a_signal_reports_it_and_keeps_it);
    suite_add_tcase(s, tc);
    return s;
}

/* The LWP table and all-stop bookkeeping: threads join through PTRACE_EVENT_CLONE (or their
 * first stop, whichever the kernel reports first) and leave with their exit status; a wait
 * status becomes a stop_event here (software breakpoint PC rewind, trap classification by the
 * arch glue, our own SIGSTOPs swallowed); stop-all parks every other thread and keeps what they
 * report as pending events. No protocol knowledge. Spec: ptrace(2); GDB manual "Stop Reply
 * Packets" (swbreak/hwbreak/watch reasons). */
#include "targets/linux/linux.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "protocol/signals.h"

struct linux_lwp *linux_lwp_find(struct linux_target *lt, int tid)
{
    for (struct linux_lwp *l = lt->lwps; l; l = l->next)
        if (l->tid == tid)
            return l;
    return NULL;
}

struct linux_lwp *linux_lwp_add(struct linux_target *lt, int tid)
{
    struct linux_lwp *l = calloc(1, sizeof(*l)), **tail = &lt->lwps;

    if (!l)
        return NULL;
    l->tid = tid;
    /* Keep creation order: the leader first, as thread lists show it. */
    while (*tail)
        tail = &(*tail)->next;
    *tail = l;
    return l;
}

void linux_lwp_remove(struct linux_target *lt, int tid)
{
    for (struct linux_lwp **p = &lt->lwps; *p; p = &(*p)->next) {
        if ((*p)->tid == tid) {
            struct linux_lwp *dead = *p;
            *p = dead->next;
            free(dead);
            return;
        }
    }
}

void linux_lwp_clear(struct linux_target *lt)
{
    while (lt->lwps) {
        struct linux_lwp *next = lt->lwps->next;
        free(lt->lwps);
        lt->lwps = next;
    }
}

/* Signal traced thread TID of process PID. A clone made without CLONE_THREAD (and without
 * SIGCHLD as its exit signal, so ptrace reports it as a thread) heads a thread group of its own:
 * tgkill names the wrong group for it, and tkill is safe since a traced, unreaped tid cannot be
 * reused (gdb.threads/clone-new-thread-event.exp). */
int linux_tgkill(int pid, int tid, int sig)
{
    int rc = (int)syscall(SYS_tgkill, pid, tid, sig);
    if (rc < 0 && errno == ESRCH)
        rc = (int)syscall(SYS_tkill, tid, sig);
    return rc;
}

int linux_lwp_resume(struct linux_target *lt, struct linux_lwp *lwp, bool step, int sig)
{
    /* A step takes precedence: the kernel reports no syscall stops while single-stepping. */
    enum __ptrace_request req = step                 ? PTRACE_SINGLESTEP
                                : lt->catch_syscalls ? PTRACE_SYSCALL
                                                     : PTRACE_CONT;
    long r = ptrace(req, lwp->tid, NULL, (void *)(long)sig);

    if (r < 0 && errno != ESRCH) {
        int err = errno;
        fprintf(stderr, "rspd: ptrace(%s, %d, %d): %s\n",
                step                 ? "PTRACE_SINGLESTEP"
                : lt->catch_syscalls ? "PTRACE_SYSCALL"
                                     : "PTRACE_CONT",
                lwp->tid, sig, strerror(err));
        return -err;
    }
    /* ESRCH: killed while stopped; its exit status is still to be collected. The SIGCHLD that
     * announced it may have been drained while nothing ran (and the client would wait for a
     * stop forever: tests/integration/faults.sh): announce it again. */
    if (r < 0)
        raise(SIGCHLD);
    lwp->running = true;
    lwp->stepping = step;
    lwp->resume_sig = 0; /* delivered */
    lwp->last_signo = 0;
    return 0;
}

/* Classify a SIGTRAP stop of LWP into EV->why / EV->data_addr. */
static int linux_trap(struct linux_target *lt, struct linux_lwp *lwp, struct stop_event *ev)
{
    const struct arch_desc *a = lt->base.arch;
    siginfo_t si;
    uint64_t pc;
    int rc;

    memset(&si, 0, sizeof(si));
    if (ptrace(PTRACE_GETSIGINFO, lwp->tid, NULL, &si) < 0) {
        rc = -errno;
        fprintf(stderr, "rspd: ptrace(PTRACE_GETSIGINFO, %d): %s\n", lwp->tid, strerror(-rc));
        return rc;
    }
    if (si.si_code == SI_KERNEL || si.si_code == TRAP_BRKPT) {
        /* int3 reports SI_KERNEL on x86; other arches TRAP_BRKPT. Only our own
         * breakpoints are rewound: a breakpoint compiled into the program is its own. */
        rc = lt->glue->get_pc(lt, lwp->tid, &pc);
        if (rc < 0)
            return rc;
        if (swbreak_at(&lt->sw, pc - a->pc_after_break)) {
            if (a->pc_after_break) {
                rc = lt->glue->set_pc(lt, lwp->tid, pc - a->pc_after_break);
                if (rc < 0)
                    return rc;
            }
            ev->why = WHY_SW_BREAK;
            ev->data_addr = pc - a->pc_after_break;
            return 0;
        }
    }
    if (si.si_code > 0 && lt->glue->trap_reason) {
        rc = lt->glue->trap_reason(lt, lwp->tid, &ev->why, &ev->data_addr);
        if (rc < 0)
            return rc;
    }
    if (ev->why == WHY_NONE && lwp->stepping && si.si_code > 0 && si.si_code != SI_KERNEL)
        ev->why = WHY_STEP;
    return 0;
}

/* What PTRACE_GET_SYSCALL_INFO fills (struct ptrace_syscall_info of <linux/ptrace.h>, which
 * cannot be included with <sys/ptrace.h>); only the fields read here. */
struct linux_syscall_info {
    uint8_t op; /* 1 entry, 2 exit, 3 seccomp */
    uint8_t pad[3];
    uint32_t arch;
    uint64_t instruction_pointer;
    uint64_t stack_pointer;
    uint64_t nr; /* entry and seccomp */
    uint64_t args[6];
    uint32_t ret_data;
};

int linux_read_reg_named(struct linux_target *lt, int tid, const char *name, uint64_t *value)
{
    const struct arch_desc *a = lt->base.arch;
    int idx = a ? arch_reg_by_name(a, name) : -1;
    uint8_t *raw;
    int rc;

    if (idx < 0 || a->regs[idx].bits != 64)
        return -ENOENT;
    raw = malloc(a->raw_size);
    if (!raw)
        return -ENOMEM;
    rc = lt->glue->read_regs(lt, tid, raw);
    if (rc == 0)
        memcpy(value, raw + a->regs[idx].offset, sizeof(*value)); /* little-endian hosts */
    free(raw);
    return rc;
}

/* The system call thread TID is in, from the register the kernel keeps it in ("orig_rax" on
 * x86-64), or -1. Only for old kernels and calls whose entry was not seen: it reads every
 * register. */
static long linux_syscall_nr_from_regs(struct linux_target *lt, int tid)
{
    uint64_t v;

    if (linux_read_reg_named(lt, tid, "orig_rax", &v) < 0 || (int64_t)v < 0)
        return -1;
    return (long)v;
}

/* A syscall stop (SIGTRAP | 0x80) of LWP: entry or return, told by the kernel
 * (PTRACE_GET_SYSCALL_INFO, Linux 5.3) or else by what was seen of the thread before. The
 * bookkeeping is kept whether or not the call is caught (the client may start catching it
 * between entry and return). 1 with *EV when it is to be reported, else 0. */
static int linux_syscall_stop(struct linux_target *lt, struct linux_lwp *lwp, struct stop_event *ev)
{
    struct linux_syscall_info si;
    bool entry;
    long nr = -1;

    memset(&si, 0, sizeof(si));
    if (ptrace(PTRACE_GET_SYSCALL_INFO, lwp->tid, (void *)sizeof(si), &si) > 0 && si.op != 0) {
        entry = si.op != 2;
        if (entry)
            nr = (long)si.nr;
    } else {
        entry = !lwp->in_syscall;
    }
    if (entry) {
        if (nr < 0)
            nr = linux_syscall_nr_from_regs(lt, lwp->tid);
        lwp->in_syscall = true;
        lwp->syscall_known = nr >= 0;
        lwp->syscall_nr = nr;
    } else {
        nr = lwp->in_syscall && lwp->syscall_known ? lwp->syscall_nr
                                                   : linux_syscall_nr_from_regs(lt, lwp->tid);
        lwp->in_syscall = false;
        lwp->syscall_known = false;
    }
    if (!linux_syscall_caught(lt, nr))
        return 0;
    ev->kind = STOP_SIGNAL;
    ev->gdb_signo = GDB_SIGNAL_TRAP;
    ev->why = entry ? WHY_SYSCALL_ENTRY : WHY_SYSCALL_RETURN;
    ev->data_addr = (uint64_t)nr;
    return 1;
}

/* PTRACE_EVENT_CLONE from PARENT: the new thread joins with the parent's resume state. */
static int linux_clone_event(struct linux_target *lt, struct linux_lwp *parent)
{
    unsigned long msg = 0;
    struct linux_lwp *nl;
    int rc = 0;

    if (ptrace(PTRACE_GETEVENTMSG, parent->tid, NULL, &msg) < 0) {
        rc = -errno;
        fprintf(stderr, "rspd: ptrace(PTRACE_GETEVENTMSG, %d): %s\n", parent->tid, strerror(-rc));
        return rc;
    }
    nl = linux_lwp_find(lt, (int)msg);
    if (!nl) {
        nl = linux_lwp_add(lt, (int)msg);
        if (!nl)
            return -ENOMEM;
        if (linux_take_early(lt, nl->tid)) {
            /* A clone without CLONE_THREAD heads a thread group of its own: its first stop,
             * collected before this event, looked like a fork child's (gdb.threads/
             * current-lwp-dead.exp). It is stopped now; waiting for that stop again would
             * leave it stopped for ever. */
            if (lt->glue->new_thread)
                rc = lt->glue->new_thread(lt, nl->tid);
        } else {
            /* The kernel starts it with a SIGSTOP we are still to collect. */
            nl->running = true;
            nl->stop_expected = true;
            nl->is_new = true;
        }
    } else if (nl->is_new) {
        /* Its first stop came first and it is stopped now. */
        nl->is_new = false;
        if (lt->glue->new_thread)
            rc = lt->glue->new_thread(lt, nl->tid);
    }
    nl->resumed = parent->resumed;
    if (lt->thread_events && !nl->has_pending) {
        /* Reported as the new thread's own stop, as gdbserver does ("create"). */
        memset(&nl->pending, 0, sizeof(nl->pending));
        nl->pending.kind = STOP_SIGNAL;
        nl->pending.why = WHY_CLONE;
        nl->pending.pid = lt->base.pid;
        nl->pending.tid = nl->tid;
        nl->pending.gdb_signo = GDB_SIGNAL_TRAP;
        nl->has_pending = true;
    }
    return rc;
}

int linux_lwp_status(struct linux_target *lt, struct linux_lwp *lwp, int status,
                     struct stop_event *ev)
{
    int sig, event, rc;

    memset(ev, 0, sizeof(*ev));
    ev->pid = lt->base.pid;
    ev->tid = lwp->tid;
    lwp->running = false;

    if (WIFEXITED(status) || WIFSIGNALED(status)) {
        if (lwp->tid != lt->base.pid) {
            if (!lt->thread_events) {
                linux_lwp_remove(lt, lwp->tid);
                return 0;
            }
            /* Kept (listed as gone) until its exit is reported. */
            lwp->exited = true;
            lwp->stop_expected = false;
            ev->kind = STOP_THREAD_EXITED;
            ev->status = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
            return 1;
        }
        /* The leader is reported last, once the whole thread group is gone. */
        if (WIFEXITED(status)) {
            ev->kind = STOP_EXITED;
            ev->status = WEXITSTATUS(status);
        } else {
            ev->kind = STOP_KILLED;
            ev->gdb_signo = linux_signal_to_gdb(WTERMSIG(status));
        }
        return 1;
    }
    if (!WIFSTOPPED(status))
        return 0;
    if (lwp->needs_options) {
        lwp->needs_options = false;
        if (ptrace(PTRACE_SETOPTIONS, lwp->tid, NULL, (void *)(long)linux_ptrace_options(lt)) < 0) {
            rc = -errno;
            fprintf(stderr, "rspd: ptrace(PTRACE_SETOPTIONS, %d): %s\n", lwp->tid, strerror(-rc));
            return rc;
        }
    }
    sig = WSTOPSIG(status);
    event = status >> 16;
    if (event == 0 && sig == (SIGTRAP | 0x80))
        return linux_syscall_stop(lt, lwp, ev);
    /* Event stops (clone, fork, vfork, exec) come from inside a system call, whose return is
     * the next syscall stop; a signal is delivered only outside one. */
    if (event != 0 && !lwp->in_syscall)
        lwp->syscall_known = false;
    lwp->in_syscall = event != 0;
    if (event == PTRACE_EVENT_CLONE) {
        rc = linux_clone_event(lt, lwp);
        return rc < 0 ? rc : 0;
    }
    if (event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK) {
        unsigned long child = 0;
        if (ptrace(PTRACE_GETEVENTMSG, lwp->tid, NULL, &child) < 0) {
            rc = -errno;
            fprintf(stderr, "rspd: ptrace(PTRACE_GETEVENTMSG, %d): %s\n", lwp->tid, strerror(-rc));
            return rc;
        }
        /* The child is a traced process of its own now, stopped until the client decides. */
        rc = linux_proc_fork(lt, (int)child);
        if (rc < 0)
            return rc;
        ev->kind = STOP_SIGNAL;
        ev->gdb_signo = GDB_SIGNAL_TRAP;
        ev->why = event == PTRACE_EVENT_FORK ? WHY_FORK : WHY_VFORK;
        ev->data_addr = child;
        return 1;
    }
    if (event == PTRACE_EVENT_VFORK_DONE) {
        ev->kind = STOP_SIGNAL;
        ev->gdb_signo = GDB_SIGNAL_TRAP;
        ev->why = WHY_VFORK_DONE;
        return 1;
    }
    if (event == PTRACE_EVENT_EXEC) {
        unsigned long former = 0;
        struct linux_lwp *execer = NULL;
        /* A thread other than the leader called execve: it reports under the leader's id now,
         * the old leader gone. It keeps its own state, above all whether the client resumed
         * it (scheduler-locking resumes it alone: gdb.threads/thread-execl.exp); the old
         * leader's, and any event it still held, go. */
        if (ptrace(PTRACE_GETEVENTMSG, lwp->tid, NULL, &former) == 0 && (int)former != lwp->tid)
            execer = linux_lwp_find(lt, (int)former);
        if (execer) {
            struct linux_lwp *next = lwp->next;
            int tid = lwp->tid;
            *lwp = *execer;
            lwp->next = next;
            lwp->tid = tid;
            lwp->running = false;
            lwp->has_pending = false;
            lwp->exited = false;
        }
        /* A new program image: new memory, no breakpoints, maybe other registers. */
        rc = linux_process_exec(lt);
        if (rc < 0)
            return rc;
        /* The thread that called execve is the leader now (LWP may be gone), still inside
         * the call: its return is the next syscall stop. */
        lwp = linux_lwp_find(lt, lt->base.pid);
        if (lwp) {
            lwp->in_syscall = true;
            lwp->syscall_known = false;
        }
        ev->tid = lt->base.pid;
        ev->kind = STOP_SIGNAL;
        ev->gdb_signo = GDB_SIGNAL_TRAP;
        ev->why = WHY_EXEC;
        return 1;
    }
    if (event != 0)
        return 0; /* an event we did not ask for: keep going */
    if (sig == SIGSTOP && lwp->stop_expected) {
        lwp->stop_expected = false;
        if (lwp->is_new) {
            /* A new thread's first stop: it gets the process's debug registers. */
            lwp->is_new = false;
            if (lt->glue->new_thread) {
                rc = lt->glue->new_thread(lt, lwp->tid);
                if (rc < 0)
                    return rc;
            }
        }
        if (lwp->stop_requested) {
            /* Non-stop vCont;t: reported as signal 0, as gdbserver does. */
            lwp->stop_requested = false;
            ev->kind = STOP_SIGNAL;
            ev->gdb_signo = 0;
            return 1;
        }
        if (lt->interrupting) {
            lt->interrupting = false;
            ev->kind = STOP_SIGNAL;
            ev->gdb_signo = GDB_SIGNAL_INT;
            return 1;
        }
        return 0;
    }
    ev->kind = STOP_SIGNAL;
    ev->gdb_signo = linux_signal_to_gdb(sig);
    if (sig == SIGTRAP) {
        rc = linux_trap(lt, lwp, ev);
        if (rc < 0)
            return rc;
        /* A trap we caused is not the program's signal; a foreign SIGTRAP is. */
        lwp->last_signo = ev->why == WHY_NONE ? SIGTRAP : 0;
        /* Range stepping: a step that stays inside the range is ours, not the client's; the
         * thread is set stepping again with the other idle resumed threads. */
        if (ev->why == WHY_STEP && linux_step_goes_on(lt, lwp))
            return 0;
    } else {
        lwp->last_signo = sig;
    }
    return 1;
}

bool linux_tid_zombie(int pid, int tid)
{
    char path[64], buf[256], *p;
    bool zombie = false;
    FILE *f;

    snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", pid, tid);
    f = fopen(path, "re");
    if (!f)
        return true;
    if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')) && p[1] == ' ')
        zombie = p[2] == 'Z' || p[2] == 'X';
    fclose(f);
    return zombie;
}

int linux_collect(struct linux_target *lt, int tid, int status, struct stop_event *ev)
{
    struct linux_lwp *lwp;
    int pid = linux_proc_of_tid(lt, tid);

    /* A status is interpreted in its own process (breakpoints, hardware points). */
    if (pid <= 0)
        pid = linux_proc_unknown_tid(lt, tid, status);
    if (pid <= 0)
        return 0;
    (void)linux_proc_switch(lt, pid);
    lwp = linux_lwp_find(lt, tid);
    if (!lwp) {
        /* A new thread's first stop, before its parent's clone event. */
        lwp = linux_lwp_add(lt, tid);
        if (!lwp)
            return -ENOMEM;
        lwp->running = false;
        lwp->is_new = true;
        if (WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP)
            return 0;
        return linux_lwp_status(lt, lwp, status, ev);
    }
    return linux_lwp_status(lt, lwp, status, ev);
}

/* True when some thread of every traced process still runs, after giving up on zombie
 * leaders: a zombie leader reports only when its group is empty, so it is not waited for. */
static bool linux_any_running(struct linux_target *lt)
{
    struct linux_lwp **head;
    bool waiting = false;
    int pid;

    for (size_t i = 0; (pid = linux_proc_nth(lt, i, &head)) > 0; i++) {
        struct linux_lwp *leader = NULL;
        bool others = false;
        for (struct linux_lwp *l = *head; l; l = l->next) {
            if (l->running && l->tid == pid)
                leader = l;
            else if (l->running)
                others = true;
        }
        if (leader && !others && linux_tid_zombie(pid, leader->tid)) {
            leader->running = false;
            /* With threads left (the leader called pthread_exit) it is gone for the client
             * too (no registers to read; gdbserver drops it): only the process's exit, once
             * the last thread leaves, is still to come from it. Alone, it is the process
             * exiting: its exit is collected and reported as usual (gdb.base/
             * vfork-follow-parent.exp). */
            leader->exited = *head != leader || leader->next != NULL;
        } else if (leader || others)
            waiting = true;
    }
    return waiting;
}

int linux_stop_all(struct linux_target *lt)
{
    struct linux_lwp **head;
    struct stop_event ev;
    int status, rc = 0, pid, cur = lt->base.pid;

    for (size_t i = 0; (pid = linux_proc_nth(lt, i, &head)) > 0; i++) {
        for (struct linux_lwp *l = *head; l; l = l->next) {
            if (!l->running || l->stop_expected)
                continue;
            if (linux_tgkill(pid, l->tid, SIGSTOP) == 0)
                l->stop_expected = true;
        }
    }
    while (linux_any_running(lt)) {
        pid_t r = waitpid(-1, &status, __WALL);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            rc = -errno;
            linux_log_errno("waitpid", errno);
            break;
        }
        rc = linux_collect(lt, r, status, &ev);
        if (rc < 0)
            break;
        if (rc == 1) {
            struct linux_lwp *l = linux_lwp_find(lt, r);
            if (l) {
                l->has_pending = true;
                l->pending = ev;
            }
        }
        rc = 0;
    }
    /* Collecting switched processes: the caller's stays current. */
    (void)linux_proc_switch(lt, cur);
    return rc;
}

int linux_list_threads(struct target *t, int *tids, size_t cap, size_t *n)
{
    struct linux_target *lt = (struct linux_target *)t;
    struct linux_lwp **head;
    size_t count = 0;
    int pid;

    for (size_t i = 0; (pid = linux_proc_nth(lt, i, &head)) > 0; i++) {
        if (linux_proc_hidden(lt, pid))
            continue; /* the client learns of it from its parent's fork event */
        for (struct linux_lwp *l = *head; l; l = l->next) {
            if (l->exited)
                continue;
            if (count < cap)
                tids[count] = l->tid;
            count++;
        }
    }
    *n = count;
    return 0;
}

int linux_set_thread_events(struct target *t, bool on)
{
    ((struct linux_target *)t)->thread_events = on;
    return 0;
}

/* The first line of /proc/PID/task/TID/FILE into BUF (newline cut), or "" when unreadable.
 * open/read/close: three system calls per file, the least there is. */
static void linux_task_file(int pid, int tid, const char *file, char *buf, size_t cap)
{
    char path[96];
    ssize_t n;
    int fd;

    buf[0] = '\0';
    snprintf(path, sizeof(path), "/proc/%d/task/%d/%s", pid, tid, file);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    do
        n = read(fd, buf, cap - 1);
    while (n < 0 && errno == EINTR);
    close(fd);
    buf[n > 0 ? n : 0] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
}

/* The CPU thread TID last ran on (field 39 of its stat), or -1. */
static int linux_task_core(int pid, int tid)
{
    char stat[1024], *p;
    int field = 3, core = -1;

    linux_task_file(pid, tid, "stat", stat, sizeof(stat));
    p = strrchr(stat, ')'); /* comm may hold spaces and parentheses */
    if (!p)
        return -1;
    p += 2; /* now at field 3, the state */
    while (*p && field < 39) {
        if (*p++ == ' ')
            field++;
    }
    if (field == 39 && sscanf(p, "%d", &core) != 1)
        core = -1;
    return core;
}

ssize_t linux_threads_read(struct linux_target *lt, uint64_t off, void *buf, size_t len)
{
    struct linux_doc d = {0};
    struct linux_lwp **head;
    char name[64];
    int pid;

    if (lt->base.pid <= 0)
        return -ESRCH;
    linux_doc_printf(&d, "<?xml version=\"1.0\"?>\n<threads>\n");
    for (size_t i = 0; (pid = linux_proc_nth(lt, i, &head)) > 0; i++)
        for (struct linux_lwp *l = *head; l; l = l->next) {
            int core;
            if (l->exited || linux_proc_hidden(lt, pid))
                continue;
            linux_doc_printf(&d, "<thread id=\"p%x.%x\"", (unsigned)pid, (unsigned)l->tid);
            core = linux_task_core(pid, l->tid);
            if (core >= 0)
                linux_doc_printf(&d, " core=\"%d\"", core);
            linux_task_file(pid, l->tid, "comm", name, sizeof(name));
            if (name[0]) {
                linux_doc_printf(&d, " name=\"");
                linux_doc_escaped(&d, name);
                linux_doc_printf(&d, "\"");
            }
            linux_doc_printf(&d, "/>\n");
        }
    linux_doc_printf(&d, "</threads>\n");
    return linux_doc_finish(&d, off, buf, len);
}

bool linux_thread_alive(struct target *t, int tid)
{
    struct linux_target *lt = (struct linux_target *)t;
    struct linux_lwp **head;
    int pid;

    for (size_t i = 0; (pid = linux_proc_nth(lt, i, &head)) > 0; i++)
        for (struct linux_lwp *l = *head; l; l = l->next)
            if (l->tid == tid)
                return !l->exited && linux_tgkill(pid, tid, 0) == 0;
    return false;
}

/* Resuming, interrupting and collecting events (all-stop, or non-stop: set_non_stop), over every
 * traced process (a program and the fork children kept). event_fd is a signalfd on SIGCHLD;
 * next_event drains it, reports a pending event of a resumed thread if there is one, else collects
 * statuses with waitpid(-1, WNOHANG | __WALL) until one is worth reporting, then stops every other
 * thread (all-stop only). Threads' own events stay pending for later. The reporting process
 * becomes current. Also the set of system calls caught (QCatchSyscalls).
 * No protocol here. Spec: GDB manual, "Stop Reply Packets", vCont, interrupts ("Interrupts"),
 * "Remote Non-Stop". */
#include "targets/linux/linux.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "protocol/signals.h"

void linux_drain_event_fd(struct linux_target *lt)
{
    struct signalfd_siginfo si[8];

    if (lt->base.event_fd < 0)
        return;
    while (read(lt->base.event_fd, si, sizeof(si)) > 0)
        ;
}

/* How many wait statuses one next_event call takes at most before returning -EAGAIN. */
#define LINUX_STATUSES_PER_CALL 64
/* Breakpoint hits declined (target-side conditions) by one next_event call before it returns
 * to the server's loop. */
#define LINUX_DECLINED_PER_CALL 16

/* Make event_fd readable although no child changed state: a pending event is ready. The
 * signal goes to this thread, which has SIGCHLD blocked, so it waits in the signalfd. */
static void linux_wake(void)
{
    raise(SIGCHLD);
}

static int linux_int_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;

    return (x > y) - (x < y);
}

int linux_set_catch_syscalls(struct target *t, bool on, const int *nums, size_t n)
{
    struct linux_target *lt = (struct linux_target *)t;
    int *copy = NULL;

    if (on && n > 0) {
        copy = malloc(n * sizeof(*copy));
        if (!copy)
            return -ENOMEM;
        memcpy(copy, nums, n * sizeof(*copy));
        qsort(copy, n, sizeof(*copy), linux_int_cmp);
    }
    free(lt->catch_nums);
    lt->catch_nums = copy;
    lt->ncatch = copy ? n : 0;
    /* Threads pick PTRACE_SYSCALL or PTRACE_CONT when next set running. */
    lt->catch_syscalls = on;
    return 0;
}

bool linux_syscall_caught(const struct linux_target *lt, long nr)
{
    int key = (int)nr;

    if (!lt->catch_syscalls)
        return false;
    if (!lt->catch_nums)
        return true;
    return nr >= 0 && nr <= INT_MAX &&
           bsearch(&key, lt->catch_nums, lt->ncatch, sizeof(key), linux_int_cmp) != NULL;
}

bool linux_can_range_step(struct target *t)
{
    (void)t;
    return true;
}

bool linux_step_goes_on(struct linux_target *lt, struct linux_lwp *lwp)
{
    uint64_t pc;

    if (lwp->step_end <= lwp->step_start || lt->glue->get_pc(lt, lwp->tid, &pc) < 0)
        return false;
    /* A breakpoint at the new PC stops the thread, as it would stop a single step: gdb
     * counts a step onto its breakpoint as a hit (the instruction is not run yet). Hardware
     * breakpoints need no check: the next step traps on them before moving. */
    return pc >= lwp->step_start && pc < lwp->step_end && !swbreak_at(&lt->sw, pc);
}

/* Every LWP L of every traced process PID (no switching): FOR_EACH_LWP(lt, i, pid, head, l).
 * I and L are declared here, so they cannot be parenthesised. */
/* NOLINTBEGIN(bugprone-macro-parentheses) */
#define FOR_EACH_LWP(lt, i, pid, head, l)                                                          \
    for (size_t i = 0; ((pid) = linux_proc_nth((lt), i, &(head))) > 0; i++)                        \
        for (struct linux_lwp *l = *(head); l; l = l->next)
/* NOLINTEND(bugprone-macro-parentheses) */

/* True when LWP, the leader of process PID whose list starts at HEAD, was given up as a zombie
 * while its group lived (linux_any_running) and is now alone: the process on its way out. It
 * stays unlisted (no registers to read) but is resumed, so that its exit status is collected. */
static bool linux_lone_zombie_leader(int pid, struct linux_lwp *const *head,
                                     const struct linux_lwp *lwp)
{
    return lwp->exited && lwp->tid == pid && *head == lwp && !lwp->next;
}

/* The first action that names LWP of process PID, or NULL. */
static const struct resume_action *linux_action_for(int pid, const struct linux_lwp *lwp,
                                                    const struct resume_action *actions, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct resume_action *a = &actions[i];
        if (a->pid > 0 && a->pid != pid)
            continue;
        if (a->tid == -1 || a->tid == lwp->tid)
            return a;
        /* 0: "any thread" names the leader. */
        if (a->tid == 0 && lwp->tid == pid)
            return a;
    }
    return NULL;
}

/* True when a resumed thread has an event waiting to be reported. */
static bool linux_any_pending(struct linux_target *lt)
{
    struct linux_lwp **head;
    int pid;

    FOR_EACH_LWP(lt, i, pid, head, l)
    if (l->resumed && l->has_pending)
        return true;
    return false;
}

/* Set every resumed thread that is stopped (and has nothing to report) running. */
static int linux_resume_idle(struct linux_target *lt)
{
    struct linux_lwp **head;
    int pid;

    FOR_EACH_LWP(lt, i, pid, head, l)
    {
        if (!l->resumed || l->running || l->has_pending)
            continue;
        int rc = linux_lwp_resume(lt, l, l->stepping, l->resume_sig);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* The client holds every thread stopped now (a stop was reported). */
static void linux_unresume_all(struct linux_target *lt)
{
    struct linux_lwp **head;
    int pid;

    FOR_EACH_LWP(lt, i, pid, head, l)
    l->resumed = false;
}

/* All-stop resume with an interrupt owed: a resumed thread (the leader if it is resumed)
 * reports SIGINT at once instead of running, as the SIGINT gdbserver sends would make it. */
static void linux_owe_interrupt(struct linux_target *lt)
{
    struct linux_lwp *victim = NULL, **head;
    int pid, victim_pid = 0;

    lt->interrupt_owed = false;
    FOR_EACH_LWP(lt, i, pid, head, l)
    if (l->resumed && !l->exited && (!victim || l->tid == lt->base.pid)) {
        victim = l;
        victim_pid = pid;
    }
    if (!victim || victim->has_pending)
        return; /* a stop is reported anyway */
    victim->has_pending = true;
    victim->pending = (struct stop_event){
        .kind = STOP_SIGNAL, .pid = victim_pid, .tid = victim->tid, .gdb_signo = GDB_SIGNAL_INT};
    victim->last_signo = SIGINT;
}

int linux_resume(struct target *t, const struct resume_action *actions, size_t n)
{
    struct linux_target *lt = (struct linux_target *)t;
    struct linux_lwp **head;
    bool any = false;
    int pid;

    if (t->pid <= 0)
        return -ESRCH;
    /* Validate everything before touching a thread. */
    for (size_t i = 0; i < n; i++)
        if (actions[i].gdb_signo != 0 && linux_signal_from_gdb(actions[i].gdb_signo) <= 0)
            return -EINVAL;
    FOR_EACH_LWP(lt, i, pid, head, l)
    {
        const struct resume_action *a = linux_action_for(pid, l, actions, n);
        /* A fork child the client has not heard of waits for its parent's event. */
        if (!a || a->keep || l->running || linux_proc_hidden(lt, pid))
            continue;
        if (l->exited && !linux_lone_zombie_leader(pid, head, l))
            continue;
        l->resumed = true;
        l->stepping = a->step;
        l->step_start = a->step ? a->range_start : 0;
        l->step_end = a->step ? a->range_end : 0;
        /* The client decides which signal the thread gets; the one it stopped with is
         * discarded unless passed back here. A signal given by an earlier resume that another
         * thread's pending event kept from running is still owed to it: gdb counts it as
         * delivered (gdbserver queues it; gdb.threads/siginfo-threads.exp). */
        if (a->gdb_signo || l->resume_sig == 0)
            l->resume_sig = a->gdb_signo ? linux_signal_from_gdb(a->gdb_signo) : 0;
        any = true;
    }
    if (!any)
        return 0;
    if (lt->interrupt_owed && !lt->non_stop)
        linux_owe_interrupt(lt);
    if (linux_any_pending(lt)) {
        /* Report what is already known; all-stop: before running anything. */
        linux_wake();
        if (!lt->non_stop)
            return 0;
    }
    return linux_resume_idle(lt);
}

int linux_set_non_stop(struct target *t, bool on)
{
    struct linux_target *lt = (struct linux_target *)t;
    struct linux_lwp **head;
    int pid, rc = 0;

    if (!on && lt->non_stop && t->pid > 0) {
        /* Back to all-stop with threads still running (a reconnect after a non-stop session):
         * stop them all; what they stopped with waits as in all-stop, except the stops the
         * client asked for (vCont;t), which nobody waits for any more. */
        rc = linux_stop_all(lt);
        FOR_EACH_LWP(lt, i, pid, head, l)
        {
            if (l->has_pending && l->pending.kind == STOP_SIGNAL && l->pending.why == WHY_NONE &&
                l->pending.gdb_signo == 0)
                l->has_pending = false;
            l->stop_requested = false;
            l->resumed = false;
        }
    }
    lt->non_stop = on;
    return rc;
}

int linux_pause(struct linux_target *lt)
{
    return lt->non_stop ? linux_stop_all(lt) : 0;
}

int linux_unpause(struct linux_target *lt)
{
    if (!lt->non_stop)
        return 0;
    /* Events collected while pausing are reported as usual; the rest run on. */
    if (linux_any_pending(lt))
        linux_wake();
    return linux_resume_idle(lt);
}

bool linux_thread_resumed(struct target *t, int tid)
{
    struct linux_target *lt = (struct linux_target *)t;
    struct linux_lwp **head;
    int p;

    FOR_EACH_LWP(lt, i, p, head, l)
    if (l->tid == tid)
        return l->resumed && !l->exited;
    return false;
}

int linux_stop_threads(struct target *t, int pid, int tid)
{
    struct linux_target *lt = (struct linux_target *)t;
    struct linux_lwp **head;
    int p;

    if (t->pid <= 0)
        return -ESRCH;
    FOR_EACH_LWP(lt, i, p, head, l)
    {
        if ((pid > 0 && p != pid) || (tid > 0 && l->tid != tid))
            continue;
        if (!l->resumed || l->exited || l->has_pending)
            continue; /* stopped already, or about to report anyway */
        if (!l->running) {
            /* Resumed but idle: report its stop straight away. */
            memset(&l->pending, 0, sizeof(l->pending));
            l->pending = (struct stop_event){.kind = STOP_SIGNAL, .pid = p, .tid = l->tid};
            l->has_pending = true;
            linux_wake();
            continue;
        }
        if (!l->stop_expected) {
            if (linux_tgkill(p, l->tid, SIGSTOP) < 0) {
                if (errno == ESRCH)
                    continue; /* exiting: its exit is what follows */
                int err = errno;
                linux_log_errno("tgkill", err);
                return -err;
            }
            l->stop_expected = true;
        }
        l->stop_requested = true;
    }
    return 0;
}

int linux_interrupt(struct target *t)
{
    struct linux_target *lt = (struct linux_target *)t;
    struct linux_lwp *victim = NULL, **head;
    int pid, victim_pid = 0;

    if (t->pid <= 0)
        return -ESRCH;
    if (linux_any_pending(lt)) {
        /* A stop is about to be reported; the interrupt comes after it, at the next resume. */
        lt->interrupt_owed = !lt->non_stop;
        return 0;
    }
    /* The current process's leader if it runs, else the first running thread. */
    FOR_EACH_LWP(lt, i, pid, head, l)
    if (l->running && (!victim || l->tid == t->pid)) {
        victim = l;
        victim_pid = pid;
    }
    if (!victim) {
        /* Every thread is stopped: a \003 read between packets (gdb sends one right after a
         * resume when Ctrl-C was pressed while it was busy) stops the next resume. */
        lt->interrupt_owed = !lt->non_stop;
        return 0;
    }
    if (!victim->stop_expected) {
        if (linux_tgkill(victim_pid, victim->tid, SIGSTOP) < 0) {
            int err = errno;
            if (err == ESRCH)
                return 0; /* exiting: its exit is the stop that follows */
            fprintf(stderr, "rspd: tgkill(%d, %d, SIGSTOP): %s\n", victim_pid, victim->tid,
                    strerror(err));
            return -err;
        }
        victim->stop_expected = true;
    }
    lt->interrupting = true;
    return 0;
}

/* True when EV, a thread's stop, no longer stands because the thread was killed while
 * stopped: the whole process is exiting (exit_group or SIGKILL wakes threads out of their
 * ptrace stops), and its registers are gone. Reported, it would leave the client without even
 * a PC (gdb stops a breakpoint's command script there); its exit is what comes next. Fork and
 * exec events are always told: they announce a process. */
static bool linux_stop_of_dead_thread(const struct stop_event *ev)
{
    if (ev->kind != STOP_SIGNAL || ev->why == WHY_FORK || ev->why == WHY_VFORK ||
        ev->why == WHY_EXEC)
        return false;
    errno = 0;
    return ptrace(PTRACE_PEEKUSER, ev->tid, NULL, NULL) == -1 && errno == ESRCH;
}

/* LWP's event is to be reported: stop the rest, end the client's resume. 0 (OUT set), 1 when
 * the event was dropped (linux_stop_of_dead_thread: the caller waits on), or -errno. */
static int linux_report(struct linux_target *lt, struct stop_event *ev, struct stop_event *out)
{
    int rc;

    if (ev->kind == STOP_SIGNAL && (ev->why == WHY_FORK || ev->why == WHY_VFORK))
        linux_proc_announce(lt, (int)ev->data_addr);
    (void)linux_proc_switch(lt, ev->pid);
    if (lt->non_stop) {
        if (linux_stop_of_dead_thread(ev)) {
            rc = linux_resume_idle(lt); /* its exit status is collected next */
            return rc < 0 ? rc : 1;
        }
        /* Only the reporting thread stops; the others run on. */
        struct linux_lwp *l = linux_lwp_find(lt, ev->tid);
        if (ev->kind == STOP_EXITED || ev->kind == STOP_KILLED) {
            swbreak_forget_all(&lt->sw);
            linux_process_end(lt);
        } else if (l) {
            l->resumed = false;
            l->stop_requested = false;
            if (ev->kind == STOP_THREAD_EXITED)
                linux_lwp_remove(lt, ev->tid);
        }
        *out = *ev;
        return 0;
    }
    if (ev->kind == STOP_EXITED || ev->kind == STOP_KILLED) {
        /* The process is gone: memory and breakpoints with it. Another traced process (if
         * any) becomes current, and stops too. */
        swbreak_forget_all(&lt->sw);
        linux_process_end(lt);
        lt->interrupting = lt->interrupt_owed = false;
        *out = *ev;
        if (lt->base.pid <= 0)
            return 0;
        rc = linux_stop_all(lt);
        linux_unresume_all(lt);
        return rc;
    }
    /* This stop ends any interrupt in flight; its SIGSTOP will be swallowed. Another stop that
     * overtook it (a single-step ending first) leaves the interrupt owed: gdb asked once and
     * will not ask again (gdb.base/random-signal.exp). */
    if (lt->interrupting && !(ev->kind == STOP_SIGNAL && ev->gdb_signo == GDB_SIGNAL_INT))
        lt->interrupt_owed = true;
    lt->interrupting = false;
    rc = linux_stop_all(lt);
    if (rc < 0)
        return rc;
    /* Checked once everyone is stopped: stopping them is when an exit_group overtakes us. */
    if (linux_stop_of_dead_thread(ev)) {
        rc = linux_resume_idle(lt); /* every exit status is collected next */
        return rc < 0 ? rc : 1;
    }
    linux_unresume_all(lt);
    if (ev->kind == STOP_THREAD_EXITED)
        linux_lwp_remove(lt, ev->tid); /* its exit is told now: forget it */
    *out = *ev;
    return 0;
}

/* True when pending event EV of LWP no longer stands and must be dropped, as gdbserver drops
 * them: a breakpoint removed (or the PC moved by the client) since the hit was collected (the
 * PC is already back on it, so the thread just runs on), a single-step finished for a thread
 * that is now continued, a thread exit or creation nobody wants to hear of any more. */
static bool linux_pending_stale(struct linux_target *lt, struct linux_lwp *l)
{
    const struct stop_event *ev = &l->pending;
    uint64_t pc;

    if (ev->kind == STOP_THREAD_EXITED || ev->why == WHY_CLONE)
        return !lt->thread_events;
    if (ev->kind != STOP_SIGNAL)
        return false;
    if (ev->why == WHY_SW_BREAK) {
        if (!swbreak_at(&lt->sw, ev->data_addr))
            return true;
        return lt->glue->get_pc(lt, l->tid, &pc) == 0 && pc != ev->data_addr;
    }
    /* A step is dropped when the thread is continued now, or when it is range stepped and
     * the step left it inside the new range: it steps on from there. */
    if (ev->why == WHY_STEP)
        return !l->stepping || linux_step_goes_on(lt, l);
    /* Caught when collected; the client may have stopped catching it since. */
    if (ev->why == WHY_SYSCALL_ENTRY || ev->why == WHY_SYSCALL_RETURN)
        return !linux_syscall_caught(lt, (long)ev->data_addr);
    return false;
}

/* EV of resumed thread L is a signal the client asked to pass without stopping (QPassSignals):
 * true when it was handed straight back to the thread. Not while the thread steps (or range
 * steps): delivered under a step, the handler's first instruction would be reported as the
 * step's end, and gdb would stop inside the handler where it means to step over it (it steps
 * past a signal it sees by running to a breakpoint at the interrupted PC), as gdbserver
 * reports such signals too. */
static bool linux_pass_on(struct linux_target *lt, struct linux_lwp *l, const struct stop_event *ev)
{
    int sig = l->last_signo;

    if (ev->kind != STOP_SIGNAL || ev->why != WHY_NONE || sig <= 0 || sig == SIGTRAP ||
        sig == SIGSTOP || l->stepping || !linux_sig_in(lt->pass_mask, sig))
        return false;
    return linux_lwp_resume(lt, l, false, sig) == 0;
}

/* Take a standing pending event of a resumed thread into *EV: 1, or 0 when there is none.
 * The search starts one thread further each time, so that threads whose events keep coming
 * (every thread hitting one breakpoint) are all reported in turn, none starved. */
static int linux_take_pending(struct linux_target *lt, struct stop_event *ev)
{
    struct linux_lwp **head;
    int pid;

    for (;;) {
        struct linux_lwp *found = NULL, *first = NULL;
        int found_pid = 0, first_pid = 0;
        unsigned count = 0, start, k = 0;

        FOR_EACH_LWP(lt, i, pid, head, l)
        count++;
        if (count == 0)
            return 0;
        start = lt->pending_turn++ % count;
        /* The first candidate at or after position START, else the first one before it. */
        FOR_EACH_LWP(lt, i, pid, head, l)
        {
            if (l->resumed && l->has_pending) {
                if (!first) {
                    first = l;
                    first_pid = pid;
                }
                if (!found && k >= start) {
                    found = l;
                    found_pid = pid;
                }
            }
            k++;
        }
        if (!found) {
            found = first;
            found_pid = first_pid;
        }
        if (!found)
            return 0;
        /* Staleness is judged against the thread's own process (breakpoints, PC). */
        (void)linux_proc_switch(lt, found_pid);
        found->has_pending = false;
        if (linux_pending_stale(lt, found)) {
            if (found->exited)
                linux_lwp_remove(lt, found->tid);
            continue;
        }
        /* A passed signal collected while stopping everyone goes to the thread now. */
        if (linux_pass_on(lt, found, &found->pending))
            continue;
        *ev = found->pending;
        /* A breakpoint hit the client does not want: the thread was moved past it. */
        if (linux_hit_declined(lt, found, ev))
            continue;
        return 1;
    }
}

/* True when some thread the client resumed can still report something. */
static bool linux_any_resumed(struct linux_target *lt)
{
    struct linux_lwp **head;
    int pid;

    FOR_EACH_LWP(lt, i, pid, head, l)
    {
        if (l->resumed && (!l->exited || l->has_pending))
            return true;
        /* A zombie leader left alone (its last thread exited) reports the process's exit. */
        if (linux_lone_zombie_leader(pid, head, l))
            return true;
    }
    return false;
}

/* Report the next standing pending event: 0 (OUT set), 1 when there is none (or every one
 * was dropped), or -errno. A dropped stop may have left its process's exit pending behind it,
 * collected while everyone was stopped: that one is reported, never waited for again. */
static int linux_report_pending(struct linux_target *lt, struct stop_event *out)
{
    struct stop_event ev;
    int rc;

    while (linux_take_pending(lt, &ev) == 1)
        if ((rc = linux_report(lt, &ev, out)) != 1)
            return rc;
    return 1;
}

/* Nothing the client resumed is left (the threads it ran exited unreported): say so. */
static int linux_report_no_resumed(struct linux_target *lt, struct stop_event *out)
{
    linux_unresume_all(lt);
    memset(out, 0, sizeof(*out));
    out->kind = STOP_NO_RESUMED;
    out->pid = lt->base.pid;
    return 0;
}

int linux_next_event(struct target *t, struct stop_event *out)
{
    struct linux_target *lt = (struct linux_target *)t;
    struct linux_lwp **head;
    struct stop_event ev;
    bool resumed = false;
    int status, rc, pid;

    linux_drain_event_fd(lt);
    lt->declined = 0;
    if (t->pid <= 0)
        return -EAGAIN;
    FOR_EACH_LWP(lt, i, pid, head, l)
    resumed = resumed || l->resumed;
    if (!resumed)
        return -EAGAIN; /* stopped: statuses wait in the kernel for the next resume */
    if ((rc = linux_report_pending(lt, out)) != 1)
        return rc;
    if (!linux_any_resumed(lt))
        return linux_report_no_resumed(lt, out);
    /* Pending events discarded above leave their threads (and, all-stop, everyone held
     * back for them) stopped: run them now. */
    rc = linux_resume_idle(lt);
    if (rc < 0)
        return rc;
    for (unsigned turns = 0;; turns++) {
        if (turns == LINUX_STATUSES_PER_CALL) {
            /* Statuses that are never reported (a range step through a long loop) could keep
             * this loop going for ever while the client's ^C waits: let the server look at
             * its connection, and come back (event_fd stays readable). */
            linux_wake();
            return -EAGAIN;
        }
        pid_t r = waitpid(-1, &status, WNOHANG | __WALL);
        if (r == 0)
            return -EAGAIN;
        if (r < 0) {
            if (errno == EINTR)
                continue;
            rc = -errno;
            if (errno == ECHILD) {
                /* Reaped behind our back: the process is gone. */
                linux_process_end(lt);
                return rc;
            }
            linux_log_errno("waitpid", errno);
            return rc;
        }
        rc = linux_collect(lt, r, status, &ev);
        if (rc < 0)
            return rc;
        if (rc == 1) {
            struct linux_lwp *l = linux_lwp_find(lt, r);
            if (l && !l->resumed && (ev.kind == STOP_SIGNAL || ev.kind == STOP_THREAD_EXITED)) {
                /* A thread the client holds stopped cannot report now. */
                l->has_pending = true;
                l->pending = ev;
                continue;
            }
            if (l && linux_pass_on(lt, l, &ev))
                continue;
            if (!l || !linux_hit_declined(lt, l, &ev)) {
                /* Dropped (its thread killed), the process's exit comes next: already
                 * pending when stopping everyone collected it (below), else waited for. */
                if ((rc = linux_report(lt, &ev, out)) != 1)
                    return rc;
            } else if (lt->non_stop && (rc = linux_resume_idle(lt)) < 0) {
                /* Declined, and stepped past its breakpoint with every thread stopped: what
                 * they reported meanwhile is pending (below). Non-stop: the rest run on. */
                return rc;
            }
        }
        /* An internal stop may have left an event behind (a new thread's "create"), or
         * taken away the last thread the client runs. */
        if ((rc = linux_report_pending(lt, out)) != 1)
            return rc;
        if (!linux_any_resumed(lt))
            return linux_report_no_resumed(lt, out);
        rc = linux_resume_idle(lt);
        if (rc < 0)
            return rc;
        if (lt->declined >= LINUX_DECLINED_PER_CALL) {
            /* Threads that keep hitting a breakpoint whose condition is false would keep this
             * loop busy for ever: let the server read its client (an interrupt, non-stop
             * packets), then come back. */
            linux_wake();
            return -EAGAIN;
        }
    }
}

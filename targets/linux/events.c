/* Resuming, interrupting and collecting events (all-stop). event_fd is a signalfd on SIGCHLD;
 * next_event drains it, reports a pending event of a resumed thread if there is one, else
 * collects statuses with waitpid(-1, WNOHANG | __WALL) until one is worth reporting, then
 * stops every other thread. Threads' own events stay pending for later. No protocol here.
 * Spec: GDB manual, "Stop Reply Packets", vCont, interrupts ("Interrupts"). */
#include "targets/linux/linux.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
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

/* Make event_fd readable although no child changed state: a pending event is ready. The
 * signal goes to this thread, which has SIGCHLD blocked, so it waits in the signalfd. */
static void linux_wake(void)
{
    raise(SIGCHLD);
}

/* The first action that names LWP, or NULL. */
static const struct resume_action *linux_action_for(const struct linux_target *lt,
                                                    const struct linux_lwp *lwp,
                                                    const struct resume_action *actions, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct resume_action *a = &actions[i];
        if (a->pid > 0 && a->pid != lt->base.pid)
            continue;
        if (a->tid == -1 || a->tid == lwp->tid)
            return a;
        /* 0: "any thread" names the leader. */
        if (a->tid == 0 && lwp->tid == lt->base.pid)
            return a;
    }
    return NULL;
}

/* True when a resumed thread has an event waiting to be reported. */
static bool linux_any_pending(const struct linux_target *lt)
{
    for (const struct linux_lwp *l = lt->lwps; l; l = l->next)
        if (l->resumed && l->has_pending)
            return true;
    return false;
}

/* Set every resumed thread that is stopped (and has nothing to report) running. */
static int linux_resume_idle(struct linux_target *lt)
{
    for (struct linux_lwp *l = lt->lwps; l; l = l->next) {
        if (!l->resumed || l->running || l->has_pending)
            continue;
        int rc = linux_lwp_resume(lt, l, l->stepping, l->resume_sig);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int linux_resume(struct target *t, const struct resume_action *actions, size_t n)
{
    struct linux_target *lt = (struct linux_target *)t;
    bool any = false;

    if (t->pid <= 0)
        return -ESRCH;
    /* Validate everything before touching a thread. */
    for (size_t i = 0; i < n; i++)
        if (actions[i].gdb_signo != 0 && linux_signal_from_gdb(actions[i].gdb_signo) <= 0)
            return -EINVAL;
    for (struct linux_lwp *l = lt->lwps; l; l = l->next) {
        const struct resume_action *a = linux_action_for(lt, l, actions, n);
        if (!a || l->running || l->exited)
            continue;
        l->resumed = true;
        l->stepping = a->step;
        /* The client decides which signal the thread gets; the one it stopped with is
         * discarded unless passed back here. */
        l->resume_sig = a->gdb_signo ? linux_signal_from_gdb(a->gdb_signo) : 0;
        any = true;
    }
    if (!any)
        return 0;
    if (linux_any_pending(lt)) {
        /* All-stop: report what is already known before running anything. */
        linux_wake();
        return 0;
    }
    return linux_resume_idle(lt);
}

int linux_interrupt(struct target *t)
{
    struct linux_target *lt = (struct linux_target *)t;
    struct linux_lwp *victim = NULL;

    if (t->pid <= 0)
        return -ESRCH;
    if (linux_any_pending(lt))
        return 0; /* a stop is about to be reported anyway */
    /* The leader if it runs, else any running thread. */
    for (struct linux_lwp *l = lt->lwps; l; l = l->next)
        if (l->running && (!victim || l->tid == t->pid))
            victim = l;
    if (!victim)
        return 0;
    if (!victim->stop_expected) {
        if (syscall(SYS_tgkill, t->pid, victim->tid, SIGSTOP) < 0) {
            int err = errno;
            if (err == ESRCH)
                return 0; /* exiting: its exit is the stop that follows */
            fprintf(stderr, "rspd: tgkill(%d, %d, SIGSTOP): %s\n", t->pid, victim->tid,
                    strerror(err));
            return -err;
        }
        victim->stop_expected = true;
    }
    lt->interrupting = true;
    return 0;
}

/* LWP's event is to be reported: stop the rest, end the client's resume. */
static int linux_report(struct linux_target *lt, struct stop_event *ev, struct stop_event *out)
{
    int rc;

    if (ev->kind == STOP_EXITED || ev->kind == STOP_KILLED) {
        /* The process is gone: memory and breakpoints with it. */
        swbreak_forget_all(&lt->sw);
        linux_process_end(lt);
        *out = *ev;
        return 0;
    }
    /* This stop answers any interrupt in flight; its SIGSTOP will be swallowed. */
    lt->interrupting = false;
    rc = linux_stop_all(lt);
    if (rc < 0)
        return rc;
    for (struct linux_lwp *l = lt->lwps; l; l = l->next)
        l->resumed = false;
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
    if (ev->why == WHY_STEP)
        return !l->stepping;
    return false;
}

/* Take a standing pending event of a resumed thread into *EV: 1, or 0 when there is none.
 * The search starts one thread further each time, so that threads whose events keep coming
 * (every thread hitting one breakpoint) are all reported in turn, none starved. */
static int linux_take_pending(struct linux_target *lt, struct stop_event *ev)
{
    struct linux_lwp *start = lt->lwps;
    unsigned count = 0;

    for (struct linux_lwp *l = lt->lwps; l; l = l->next)
        count++;
    if (count == 0)
        return 0;
    for (unsigned i = lt->pending_turn % count; i > 0 && start->next; i--)
        start = start->next;
    lt->pending_turn++;
    for (int pass = 0; pass < 2; pass++) {
        for (struct linux_lwp *l = pass ? lt->lwps : start, *next; l; l = next) {
            next = l->next;
            if (pass && l == start)
                break;
            if (!l->resumed || !l->has_pending)
                continue;
            l->has_pending = false;
            if (linux_pending_stale(lt, l)) {
                if (l->exited)
                    linux_lwp_remove(lt, l->tid);
                continue;
            }
            *ev = l->pending;
            return 1;
        }
    }
    return 0;
}

/* True when some thread the client resumed can still report something. */
static bool linux_any_resumed(const struct linux_target *lt)
{
    for (const struct linux_lwp *l = lt->lwps; l; l = l->next)
        if (l->resumed && (!l->exited || l->has_pending))
            return true;
    return false;
}

/* Nothing the client resumed is left (the threads it ran exited unreported): say so. */
static int linux_report_no_resumed(struct linux_target *lt, struct stop_event *out)
{
    for (struct linux_lwp *l = lt->lwps; l; l = l->next)
        l->resumed = false;
    memset(out, 0, sizeof(*out));
    out->kind = STOP_NO_RESUMED;
    out->pid = lt->base.pid;
    return 0;
}

/* EV of resumed thread L is a signal the client asked to pass without stopping (QPassSignals):
 * true when it was handed straight back to the thread. */
static bool linux_pass_on(struct linux_target *lt, struct linux_lwp *l, const struct stop_event *ev)
{
    int sig = l->last_signo;

    if (ev->kind != STOP_SIGNAL || ev->why != WHY_NONE || sig <= 0 || sig == SIGTRAP ||
        sig == SIGSTOP || !linux_sig_in(lt->pass_mask, sig))
        return false;
    return linux_lwp_resume(lt, l, l->stepping, sig) == 0;
}

int linux_next_event(struct target *t, struct stop_event *out)
{
    struct linux_target *lt = (struct linux_target *)t;
    struct stop_event ev;
    bool resumed = false;
    int status, rc;

    linux_drain_event_fd(lt);
    if (t->pid <= 0)
        return -EAGAIN;
    for (struct linux_lwp *l = lt->lwps; l; l = l->next)
        resumed = resumed || l->resumed;
    if (!resumed)
        return -EAGAIN; /* stopped: statuses wait in the kernel for the next resume */
    if (linux_take_pending(lt, &ev) == 1)
        return linux_report(lt, &ev, out);
    if (!linux_any_resumed(lt))
        return linux_report_no_resumed(lt, out);
    /* Pending events discarded above leave their threads (and, all-stop, everyone held
     * back for them) stopped: run them now. */
    rc = linux_resume_idle(lt);
    if (rc < 0)
        return rc;
    for (;;) {
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
            return linux_report(lt, &ev, out);
        }
        /* An internal stop may have left an event behind (a new thread's "create"), or
         * taken away the last thread the client runs. */
        if (linux_take_pending(lt, &ev) == 1)
            return linux_report(lt, &ev, out);
        if (!linux_any_resumed(lt))
            return linux_report_no_resumed(lt, out);
        rc = linux_resume_idle(lt);
        if (rc < 0)
            return rc;
    }
}

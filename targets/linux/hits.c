/* Breakpoint hits the client does not want to hear of (target_hit_hook: a target-side
 * condition was false, or agent commands ran in place of a stop): the hook is asked before a
 * hit is reported, and a declined thread is moved past the breakpoint here so it can run on.
 * A software breakpoint is stepped over as gdbserver does it: every other thread stopped
 * (their events kept pending), the original instruction put back for one single-step, the
 * breakpoint put back. A hardware breakpoint needs nothing: x86 sets the resume flag (RF) on
 * an instruction breakpoint's trap, so the thread continues through it. A breakpoint placed
 * over the program's own breakpoint instruction is always reported.
 * No protocol here. Spec: GDB manual, "Packets" > Z0 (cond_list: the server reports a hit
 * only when a condition is true). */
#include "targets/linux/linux.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

/* True when TID is the only thread left in every traced process. */
static bool linux_only_thread(struct linux_target *lt, int tid)
{
    struct linux_lwp **head;
    int pid;

    for (size_t i = 0; (pid = linux_proc_nth(lt, i, &head)) > 0; i++)
        for (struct linux_lwp *l = *head; l; l = l->next)
            if (l->tid != tid && !l->exited)
                return false;
    return true;
}

/* Single-step thread TID (stopped, everyone else stopped) until its step ends, keeping what
 * any thread reports meanwhile as its pending event; the step's own trap is dropped. 0 or
 * -errno. */
static int linux_step_alone(struct linux_target *lt, int tid)
{
    int pid = lt->base.pid, status, rc;
    struct linux_lwp *l = linux_lwp_find(lt, tid);
    /* A leader may end as a zombie that reports nothing while its group lives: wait for any
     * child unless it is alone. */
    bool alone = linux_only_thread(lt, tid);

    rc = l ? linux_lwp_resume(lt, l, true, 0) : 0;
    while (l && rc == 0) {
        struct stop_event ev;
        struct linux_lwp *w;
        pid_t r;

        if (!alone && tid == pid && linux_tid_zombie(pid, tid))
            break; /* the leader ended its own thread; its group still runs (stopped) */
        r = waitpid(alone ? tid : -1, &status, __WALL);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            /* ECHILD: everything is gone; next_event finds out and says so. */
            rc = errno == ECHILD ? 0 : -errno;
            break;
        }
        rc = linux_collect(lt, r, status, &ev); /* makes R's process current */
        if (rc < 0)
            break;
        w = linux_lwp_find(lt, r);
        if (r != tid) {
            if (rc == 1 && w) {
                w->has_pending = true;
                w->pending = ev;
            }
            (void)linux_proc_switch(lt, pid);
            rc = 0;
            continue;
        }
        if (rc == 1) {
            /* A signal that came first, a watchpoint the instruction triggered, an exit:
             * the thread's to report. */
            if (w && !(ev.kind == STOP_SIGNAL && ev.why == WHY_STEP)) {
                w->has_pending = true;
                w->pending = ev;
            }
            rc = 0;
            break;
        }
        /* Internal (a clone event, a SIGSTOP of ours): the step is not done yet. */
        l = w && !w->running && !w->exited ? w : NULL;
        rc = l ? linux_lwp_resume(lt, l, true, 0) : 0;
    }
    l = linux_lwp_find(lt, tid);
    if (l)
        l->stepping = false; /* the client continued it */
    return rc;
}

/* Move thread TID, stopped on the software breakpoint at ADDR of the current process, past
 * it. 0 or -errno. */
static int linux_step_past(struct linux_target *lt, int tid, uint64_t addr)
{
    struct swbreak_io io = linux_mem_io(lt);
    struct linux_lwp *l;
    int rc, rc2;

    /* No other thread may run through ADDR while the breakpoint is out. */
    rc = linux_stop_all(lt);
    if (rc < 0)
        return rc;
    l = linux_lwp_find(lt, tid);
    if (!l || l->exited || l->has_pending)
        return 0; /* killed meanwhile: its exit is what comes next */
    rc = swbreak_lift(&lt->sw, &io, addr, true);
    if (rc < 0)
        return rc;
    rc = linux_step_alone(lt, tid);
    rc2 = swbreak_lift(&lt->sw, &io, addr, false);
    /* A process that died during the step takes its memory along: nothing to put back. */
    if (rc2 < 0 && rc2 != -ESRCH && rc2 != -EIO && linux_lwp_find(lt, tid))
        linux_log_errno("putting a breakpoint back after stepping over it", -rc2);
    return rc;
}

bool linux_hit_declined(struct linux_target *lt, struct linux_lwp *l, const struct stop_event *ev)
{
    const struct target_hit_hook *h = &lt->base.hit;
    uint64_t addr = ev->data_addr;
    enum point_kind kind;
    int tid = l->tid, rc;

    if (!h->wanted || ev->kind != STOP_SIGNAL || !l->resumed || l->stepping)
        return false;
    /* Over a breakpoint instruction of the program's own there is nothing to step: the
     * client sees the hit and deals with it as with any permanent breakpoint. */
    if (ev->why == WHY_SW_BREAK && !swbreak_permanent(&lt->sw, addr))
        kind = PT_SW_BREAK;
    else if (ev->why == WHY_HW_BREAK)
        kind = PT_HW_BREAK;
    else
        return false;
    if (h->wanted(h->ctx, &lt->base, tid, kind, addr))
        return false;
    lt->declined++;
    if (kind == PT_HW_BREAK)
        return true;
    rc = linux_step_past(lt, tid, addr);
    if (rc == 0)
        return true;
    linux_log_errno("stepping past a breakpoint", -rc);
    /* Report the hit after all, if the thread is still there to report it. */
    l = linux_lwp_find(lt, tid);
    return !l || l->running || l->has_pending;
}

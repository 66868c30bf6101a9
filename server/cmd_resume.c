/* Resume and status packets: ?, vCont?, vCont;..., legacy c/C/s/S; non-stop mode (QNonStop,
 * vStopped, vCont;t). All-stop: a resume sends no reply now, the stop reply is owed and sent
 * when the target reports (session_target_ready); non-stop: OK now, stops as %Stop
 * notifications.
 * Spec: GDB manual, "Packets" > vCont, c, s; "Stop Reply Packets". */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "protocol/ptid.h"
#include "protocol/vcont.h"
#include "server/cmds.h"
#include "server/dispatch.h"
#include "server/session.h"
#include "server/stop.h"

#define MAX_ACTIONS 64

/* Non-stop '?': the stops of every stopped thread, the first as the reply, the rest through
 * vStopped; OK when every thread runs. */
static int status_non_stop(struct session *s)
{
    int tids[SESSION_MAX_THREADS];
    size_t n = 0;
    int err;

    session_queue_clear(s);
    if (s->t->pid > 0 && (err = target_list_threads(s->t, tids, SESSION_MAX_THREADS, &n)) < 0)
        return err;
    /* Right after an all-stop session (gdb's `maint set target-non-stop on` over a stopped
     * program, e.g. after --attach) only the thread whose stop gdb has been told of is listed,
     * as gdbserver does; the others, stopped by the server alone, look running to gdb, which
     * stops them with vCont;t (answered from ns_hidden). gdb 13 asserts when told of all of
     * them here (gdb.server/attach-flag.exp, target-non-stop=1). */
    bool only_last = s->ns_from_allstop && s->have_stop && s->last_stop.kind == STOP_SIGNAL;
    s->ns_from_allstop = false;
    s->ns_nhidden = 0;
    for (size_t i = 0; i < n && i < SESSION_MAX_THREADS; i++) {
        if (target_thread_resumed(s->t, tids[i]))
            continue;
        if (only_last && tids[i] != s->last_stop.tid) {
            s->ns_hidden[s->ns_nhidden++] = tids[i];
            continue;
        }
        int pid = target_thread_process(s->t, tids[i]);
        struct stop_event ev = {
            .kind = STOP_SIGNAL, .pid = pid > 0 ? pid : s->t->pid, .tid = tids[i]};
        if (s->have_stop && s->last_stop.kind == STOP_SIGNAL && s->last_stop.tid == tids[i])
            ev = s->last_stop;
        if ((err = session_queue_stop(s, &ev, false)) < 0)
            return err;
    }
    if (s->notif_len == 0) {
        buf_puts(&s->reply, "OK"); /* also with no process, as gdbserver */
        return 0;
    }
    buf_puts(&s->reply, s->notif[0].text);
    return 0;
}

int cmd_qnonstop(struct session *s, const char *args, size_t len)
{
    if (len != 1 || (args[0] != '0' && args[0] != '1'))
        return -EINVAL;
    bool on = args[0] == '1';
    /* Back to all-stop, the target stops threads left running (by this session, or by a
     * non-stop one before a reconnect). */
    int err = target_set_non_stop(s->t, on);
    if (err < 0)
        return err;
    s->ns_from_allstop = on && !s->non_stop && s->t->pid > 0 && !s->running;
    s->ns_nhidden = 0;
    s->non_stop = on;
    session_queue_clear(s);
    buf_puts(&s->reply, "OK");
    return 0;
}

/* vCont;t naming threads that '?' left out: they are stopped already; tell gdb now (signal 0,
 * after the reply), as their stop would be. */
static int stop_hidden(struct session *s, struct ptid id)
{
    for (size_t i = 0; i < s->ns_nhidden;) {
        int tid = s->ns_hidden[i], pid = target_thread_process(s->t, tid);
        if ((id.pid > 0 && id.pid != pid) || (id.tid > 0 && id.tid != tid)) {
            i++;
            continue;
        }
        s->ns_hidden[i] = s->ns_hidden[--s->ns_nhidden];
        if (target_thread_resumed(s->t, tid) || !target_thread_alive(s->t, tid))
            continue;
        struct stop_event ev = {.kind = STOP_SIGNAL, .pid = pid > 0 ? pid : s->t->pid, .tid = tid};
        if (s->notif_len == 0)
            s->notify_after_reply = true; /* else one is out already; vStopped brings it */
        int err = session_queue_stop(s, &ev, true);
        if (err < 0)
            return err;
    }
    return 0;
}

int cmd_vstopped(struct session *s, const char *args, size_t len)
{
    (void)args;
    (void)len;
    if (!s->non_stop)
        return 0; /* empty reply: no stop is ever queued in all-stop (gdbserver says OK) */
    if (!session_queue_next(s))
        buf_puts(&s->reply, "OK");
    return 0;
}

int cmd_status(struct session *s, const char *args, size_t len)
{
    (void)args;
    (void)len;
    if (s->non_stop)
        return status_non_stop(s);
    if (s->t->pid <= 0 || !s->have_stop) {
        /* No process (extended mode): gdb reads W00 as "nothing running". */
        buf_puts(&s->reply, "W00");
        return 0;
    }
    return stop_reply_format(s, &s->last_stop, &s->reply);
}

int cmd_vcont_query(struct session *s, const char *args, size_t len)
{
    (void)args;
    (void)len;
    /* r (range stepping) only where the target steps through a range without reporting each
     * step; gdb then single-steps, which is just slower. */
    buf_puts(&s->reply, target_can_range_step(s->t) ? "vCont;c;C;s;S;t;r" : "vCont;c;C;s;S;t");
    return 0;
}

static int start(struct session *s, const struct resume_action *ra, size_t n)
{
    if (n == 0)
        return -EINVAL;
    int err = target_resume(s->t, ra, n);
    if (err < 0)
        return err;
    session_invalidate(s);
    if (s->non_stop) {
        /* The stops come as notifications. */
        buf_puts(&s->reply, "OK");
        return 0;
    }
    s->running = true;
    return CMD_NO_REPLY;
}

/* A ptid from the client as the target's pid/tid (-1 = all). */
static void to_action(const struct session *s, struct ptid id, struct resume_action *ra)
{
    ra->pid = id.pid > 0 ? id.pid : s->t->pid;
    ra->tid = id.tid > 0 ? id.tid : -1;
    if (id.pid == PTID_ALL)
        ra->pid = -1;
}

/* A thread or process an action names must exist: resuming nothing would leave the client
 * waiting for a stop that never comes (found by tests/integration/hostile.sh). */
static int check_named(struct session *s, struct ptid id)
{
    if (id.tid > 0)
        return target_thread_alive(s->t, id.tid) ? 0 : -ESRCH;
    if (id.pid > 0 && id.pid != s->t->pid && target_thread_process(s->t, id.pid) != id.pid)
        return -ESRCH;
    return 0;
}

/* Non-stop: a "keep" action, ahead of the client's, for every thread with a stop reply still
 * queued (its own, or the fork that made it): the client resumes what it knows to be stopped,
 * and a wildcard sent before it pulled those stops must not set them running (gdbserver leaves
 * them too; gdb.threads/forking-threads-plus-breakpoint.exp: a displaced step's end queued
 * while gdb continues the rest with "c" would run the thread from the scratch pad). RA has
 * room for 2 * s->notif_len actions. The count. */
static size_t keep_queued(const struct session *s, struct resume_action *ra)
{
    size_t m = 0;
    for (size_t i = 0; s->non_stop && i < s->notif_len; i++) {
        const struct session_notif *q = &s->notif[i];
        if (q->tid > 0)
            ra[m++] = (struct resume_action){.pid = -1, .tid = q->tid, .keep = true};
        if (q->child_pid > 0)
            ra[m++] = (struct resume_action){.pid = -1, .tid = q->child_pid, .keep = true};
    }
    return m;
}

int cmd_vcont(struct session *s, const char *args, size_t len)
{
    struct vcont_action va[MAX_ACTIONS];
    struct resume_action *ra;
    size_t n = 0, m;
    /* vcont_parse wants the list starting with its ';' */
    int err = vcont_parse(args - 1, len + 1, va, MAX_ACTIONS, &n);
    if (err < 0)
        return err;
    if (s->stops_held) {
        /* The stops of a non-stop attach go out after this reply. */
        s->stops_held = false;
        s->notify_after_reply = true;
    }
    ra = calloc(MAX_ACTIONS + 2 * s->notif_len, sizeof(*ra));
    if (!ra)
        return -ENOMEM;
    m = keep_queued(s, ra);
    size_t kept = m;
    for (size_t i = 0; i < n; i++) {
        if (va[i].kind == VCONT_STOP) {
            if (!s->non_stop)
                continue; /* all-stop: every thread is already stopped */
            struct resume_action stop = {0};
            if (s->ns_nhidden && (err = stop_hidden(s, va[i].ptid)) < 0)
                goto out;
            to_action(s, va[i].ptid, &stop);
            if ((err = target_stop_threads(s->t, stop.pid, stop.tid)) < 0)
                goto out;
            continue;
        }
        bool range = va[i].kind == VCONT_RANGE_STEP;
        if (range && !target_can_range_step(s->t)) {
            err = -EINVAL; /* not advertised */
            goto out;
        }
        if ((err = check_named(s, va[i].ptid)) < 0)
            goto out;
        ra[m] = (struct resume_action){.step = range || va[i].kind == VCONT_STEP,
                                       .gdb_signo = va[i].gdb_signo,
                                       .range_start = range ? va[i].start : 0,
                                       .range_end = range ? va[i].end : 0};
        to_action(s, va[i].ptid, &ra[m]);
        m++;
    }
    if (m == kept) {
        buf_puts(&s->reply, "OK");
        err = 0;
        goto out;
    }
    s->ns_from_allstop = false; /* threads run: gdb hears of their stops from now on */
    err = start(s, ra, m);
out:
    free(ra);
    return err;
}

int cmd_legacy_resume(struct session *s, const char *args, size_t len)
{
    struct vcont_action va;
    struct resume_action ra[2];
    size_t n = 0;
    /* The dispatch row consumed the letter; vcont_parse_legacy wants the whole packet. */
    int err = vcont_parse_legacy(args - 1, len + 1, &va);
    if (err < 0)
        return err;
    int tid = s->c_thread.tid > 0 ? s->c_thread.tid : session_current_tid(s);
    if (va.has_addr) {
        uint8_t *raw;
        int pc = arch_reg_role(s->t->arch, ROLE_PC);
        if (pc < 0 || (err = regcache_get(&s->regs, s->t, tid, &raw)) < 0)
            return pc < 0 ? -EINVAL : err;
        const struct reg_desc *r = &s->t->arch->regs[pc];
        for (unsigned i = 0; i < r->bits / 8u; i++) /* little-endian targets */
            raw[r->offset + i] = (uint8_t)(va.addr >> (8 * i));
        if ((err = regcache_flush(&s->regs, s->t, tid)) < 0)
            return err;
    }
    /* As gdbserver: the selected thread takes the action; the others continue unless Hc named
     * a thread. */
    int pid = target_thread_process(s->t, tid);
    ra[n++] = (struct resume_action){.pid = pid > 0 ? pid : s->t->pid,
                                     .tid = tid,
                                     .step = va.kind == VCONT_STEP,
                                     .gdb_signo = va.gdb_signo};
    if (s->c_thread.tid <= 0)
        ra[n++] = (struct resume_action){.pid = -1, .tid = -1};
    return start(s, ra, n);
}

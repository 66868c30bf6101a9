/* Process lifetime packets: k, vKill, D, and extended mode's vRun, R, vAttach. Outside extended
 * mode the session ends once the process is gone, as with gdbserver.
 * Spec: GDB manual, "Packets" > k, vKill, D, vRun, R, vAttach. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "protocol/cursor.h"
#include "protocol/hex.h"
#include "protocol/signals.h"
#include "server/cmds.h"
#include "server/dispatch.h"
#include "server/log.h"
#include "server/runcfg.h"
#include "server/session.h"
#include "server/stop.h"

/* True when PID is one of the traced processes (the current one, or a fork child or parent):
 * its main thread, whose id is the pid, belongs to it. */
static bool traced_process(struct session *s, uint64_t pid)
{
    if (s->t->pid <= 0 || pid == 0 || pid > 0x7fffffff)
        return false;
    return target_thread_process(s->t, (int)pid) == (int)pid;
}

static int kill_current(struct session *s, int pid)
{
    int err = target_kill(s->t, pid);
    if (err < 0)
        return err;
    s->have_stop = true;
    s->last_stop = (struct stop_event){.kind = STOP_KILLED, .pid = pid, .gdb_signo = 9};
    session_process_ended(s, pid);
    return 0;
}

int cmd_kill(struct session *s, const char *args, size_t len)
{
    (void)args;
    (void)len;
    /* Every traced process (fork children too): each kill makes another current. */
    while (s->t->pid > 0) {
        int err = kill_current(s, s->t->pid);
        if (err < 0)
            return err;
    }
    /* gdb expects no reply to 'k'; outside extended mode gdbserver exits here. */
    if (!s->extended)
        s->end_after_reply = true;
    return CMD_NO_REPLY;
}

int cmd_vkill(struct session *s, const char *args, size_t len)
{
    struct cursor c;
    uint64_t pid;
    cursor_init(&c, args, len);
    if (cursor_hex_u64(&c, &pid) < 0 || cursor_expect_end(&c) < 0)
        return -EINVAL;
    if (!traced_process(s, pid))
        return -ESRCH;
    int err = kill_current(s, (int)pid);
    if (err < 0)
        return err;
    buf_puts(&s->reply, "OK");
    return 0;
}

int cmd_detach(struct session *s, const char *args, size_t len)
{
    struct cursor c;
    uint64_t pid = (uint64_t)s->t->pid;
    cursor_init(&c, args, len);
    if (cursor_skip_char(&c, ';') && cursor_hex_u64(&c, &pid) < 0)
        return -EINVAL;
    if (cursor_expect_end(&c) < 0)
        return -EINVAL;
    if (!traced_process(s, pid))
        return -ESRCH;
    log_info(s->log, "Detaching from process %d", (int)pid);
    int err = target_detach(s->t, (int)pid);
    if (err < 0)
        return err;
    if (s->t->pid <= 0)
        s->have_stop = false;
    session_process_ended(s, (int)pid);
    /* Outside extended mode the session ends with the last process (a fork child or parent
     * may still be debugged). */
    if (!s->extended && s->t->pid <= 0) {
        s->end_after_reply = true;
        s->detached_pid = (int)pid;
    }
    buf_puts(&s->reply, "OK");
    return 0;
}

/* Hex-decode one ';'-separated field of C into a fresh NUL-terminated string. */
static int next_hex_field(struct cursor *c, char **out)
{
    const char *tok;
    size_t toklen;
    cursor_until(c, ';', &tok, &toklen);
    char *v = malloc(toklen / 2 + 1);
    if (!v)
        return -ENOMEM;
    ssize_t n = hex_decode(tok, toklen, (uint8_t *)v, toklen / 2);
    if (n < 0 || memchr(v, '\0', (size_t)n)) {
        free(v);
        return -EINVAL;
    }
    v[n] = '\0';
    *out = v;
    return 0;
}

/* Start RC's program line afresh (killing any current process) and report it. */
static int start_program(struct session *s)
{
    struct launch_opts lo;
    /* Extended mode with multiprocess ids: another inferior, the others stay (gdb kills
     * them first itself when it means to run again). Otherwise one process at a time. */
    if (s->t->pid > 0 && !(s->extended && s->multiprocess)) {
        int err = target_kill(s->t, s->t->pid);
        if (err < 0)
            return err;
        session_process_gone(s);
    }
    runcfg_launch_opts(s->run, &lo);
    int err = target_launch(s->t, s->run->argv, &lo);
    if (err < 0) {
        if (err == -EXDEV)
            log_error(s->log, "cannot run '%s': built for another architecture", s->run->argv[0]);
        else /* gdbserver's lines, which gdb's testsuite waits for (gdb.mi/mi-exec-run.exp) */
            log_error(s->log, "Cannot exec %s\nrspd: Error: %s", s->run->argv[0], strerror(-err));
        return err;
    }
    log_info(s->log, "Process %s created; pid = %d", s->run->argv[0], s->t->pid);
    session_process_new(s, false, GDB_SIGNAL_TRAP);
    return 0;
}

int cmd_vrun(struct session *s, const char *args, size_t len)
{
    struct cursor c;
    char *argv[256];
    size_t n = 0;
    int err = 0;
    if (!s->run)
        return -ENOSYS;
    cursor_init(&c, args, len);
    while (!cursor_at_end(&c) || n == 0) {
        if (n == sizeof(argv) / sizeof(argv[0]) - 1) {
            err = -E2BIG;
            goto out;
        }
        if ((err = next_hex_field(&c, &argv[n])) < 0)
            goto out;
        n++;
    }
    if (argv[0][0] == '\0') {
        /* An empty name means the last program (or the one from the command line). */
        if (!s->run->argv || !s->run->argv[0]) {
            err = -ENOENT;
            goto out;
        }
        if (n > 1) {
            /* new arguments for the same program */
            free(argv[0]);
            argv[0] = strdup(s->run->argv[0]);
            if (!argv[0]) {
                err = -ENOMEM;
                goto out;
            }
            err = runcfg_set_argv(s->run, argv, n);
        }
    } else {
        err = runcfg_set_argv(s->run, argv, n);
    }
    if (err < 0)
        goto out;
    if ((err = start_program(s)) < 0)
        goto out;
    err = stop_reply_format(s, &s->last_stop, &s->reply);
out:
    for (size_t i = 0; i < n; i++)
        free(argv[i]);
    return err;
}

int cmd_restart(struct session *s, const char *args, size_t len)
{
    (void)args;
    (void)len;
    if (!s->run || !s->run->argv)
        return CMD_NO_REPLY;
    log_info(s->log, "GDBserver restarting");
    int err = start_program(s);
    if (err < 0)
        log_error(s->log, "restart failed: %s", strerror(-err));
    return CMD_NO_REPLY; /* R has no reply: gdb asks '?' next */
}

/* Non-stop vAttach: OK; every thread's stop (signal 0, or the leader's signal that came before
 * the attach's stop) is queued as a notification. */
static int attached_non_stop(struct session *s)
{
    int tids[SESSION_MAX_THREADS];
    size_t n = 0;
    int err = target_list_threads(s->t, tids, SESSION_MAX_THREADS, &n);
    if (err < 0)
        return err;
    session_queue_clear(s);
    /* As gdbserver: the stops are told once gdb asks for them (vCont;t, after it has read the
     * new process's description); sent earlier, gdb 13 misparses them when the attach made a
     * new inferior and loses its place in the packet stream
     * (gdb.multi/attach-no-multi-process.exp). */
    s->stops_held = true;
    for (size_t i = 0; i < n && i < SESSION_MAX_THREADS; i++) {
        struct stop_event ev = {.kind = STOP_SIGNAL, .pid = s->t->pid, .tid = tids[i]};
        if (tids[i] == s->t->pid)
            ev.gdb_signo = s->t->attach_signo; /* a signal that stopped it first */
        if ((err = session_queue_stop(s, &ev, true)) < 0)
            return err;
    }
    buf_puts(&s->reply, "OK");
    return 0;
}

int cmd_vattach(struct session *s, const char *args, size_t len)
{
    struct cursor c;
    uint64_t pid;
    cursor_init(&c, args, len);
    if (cursor_hex_u64(&c, &pid) < 0 || cursor_expect_end(&c) < 0 || pid == 0 || pid > 0x3fffffff)
        return -EINVAL;
    if (s->t->pid > 0 && !(s->extended && s->multiprocess))
        return -EBUSY; /* one process at a time, unless gdb can tell processes apart */
    int err = target_attach(s->t, (int)pid);
    if (err < 0) {
        /* The target says why, and what would fix it (Yama, another tracer, ...). */
        char why[512];
        target_attach_explain(s->t, (int)pid, err, why, sizeof(why));
        log_error(s->log, "cannot attach to process %d: %s", (int)pid, why);
        if (!s->error_strings)
            return err;
        buf_appendf(&s->reply, "E.cannot attach to process %d: %s", (int)pid, why);
        return 0;
    }
    log_info(s->log, "Attached; pid = %d", (int)pid);
    /* gdbserver reports an attach as a stop with no signal (the SIGSTOP is ours), unless
     * another signal stopped the program first. */
    session_process_new(s, true, s->t->attach_signo);
    if (s->non_stop)
        return attached_non_stop(s);
    return stop_reply_format(s, &s->last_stop, &s->reply);
}

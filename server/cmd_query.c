/* Query and set-up packets: qSupported, QStartNoAckMode, qAttached, qC, qfThreadInfo /
 * qsThreadInfo, qSymbol, H, T, '!'. Spec: GDB manual, "General Query Packets" and "Packets".
 * What qSupported advertises is derived from the target's ops, so it cannot drift. */
#include <errno.h>
#include <string.h>

#include "protocol/cursor.h"
#include "protocol/features.h"
#include "protocol/ptid.h"
#include "server/cmds.h"
#include "server/dispatch.h"
#include "server/session.h"

int cmd_qsupported(struct session *s, const char *args, size_t len)
{
    uint32_t f = 0;
    if (len && args[0] == ':' && features_parse_client(args + 1, len - 1, &f) < 0)
        return -EINVAL;
    s->client_features = f;
    s->qsupported_seen = true;
    s->multiprocess = (f & CF_MULTIPROCESS) != 0;
    if (f & CF_ERROR_MESSAGE)
        s->error_strings = true;

    const struct target_ops *ops = s->t->ops;
    struct buf *b = &s->reply;
    buf_appendf(b, "PacketSize=%x;QStartNoAckMode+;multiprocess+;qXfer:features:read+",
                SESSION_PACKET_SIZE);
    if (ops->xfer_read)
        buf_puts(b, ";qXfer:auxv:read+;qXfer:exec-file:read+;qXfer:threads:read+");
    if (ops->xfer_read && ops->xfer_write)
        buf_puts(b, ";qXfer:siginfo:read+;qXfer:siginfo:write+");
    if (target_xfer_has(s->t, "libraries-svr4"))
        buf_puts(b, ";qXfer:libraries-svr4:read+;augmented-libraries-svr4-read+");
    if (target_xfer_has(s->t, "osdata"))
        buf_puts(b, ";qXfer:osdata:read+");
    if (ops->set_pass_signals)
        buf_puts(b, ";QPassSignals+");
    if (ops->set_program_signals)
        buf_puts(b, ";QProgramSignals+");
    if (ops->set_thread_events)
        buf_puts(b, ";QThreadEvents+");
    if (ops->set_catch_syscalls)
        buf_puts(b, ";QCatchSyscalls+");
    /* Conditions and agent commands are evaluated where the hit happens (server/bpcond.c). */
    if (ops->insert_point)
        buf_puts(b, ";swbreak+;hwbreak+;ConditionalBreakpoints+;BreakpointCommands+");
    if (ops->resume)
        buf_puts(b, ";vContSupported+");
    if (ops->set_non_stop && ops->stop_threads)
        buf_puts(b, ";QNonStop+");
    /* Fork events need the child traced from birth: the target is told before anything runs
     * on; exec is always followed, and reported as such to a client that asks. */
    if (ops->set_fork_events && (f & (CF_FORK_EVENTS | CF_VFORK_EVENTS)) &&
        target_set_fork_events(s->t, f & CF_FORK_EVENTS, f & CF_VFORK_EVENTS) == 0) {
        if (f & CF_FORK_EVENTS)
            buf_puts(b, ";fork-events+");
        if (f & CF_VFORK_EVENTS)
            buf_puts(b, ";vfork-events+");
    }
    if (f & CF_EXEC_EVENTS)
        buf_puts(b, ";exec-events+");
    if (s->run)
        buf_puts(b, ";QEnvironmentHexEncoded+;QEnvironmentUnset+;QEnvironmentReset+"
                    ";QSetWorkingDir+;QStartupWithShell+;QDisableRandomization+");
    if (f & CF_ERROR_MESSAGE)
        buf_puts(b, ";error-message+");
    return 0;
}

int cmd_qstartnoackmode(struct session *s, const char *args, size_t len)
{
    (void)args;
    (void)len;
    /* The packet itself was acknowledged before we got here; from the OK on, no acks. */
    s->noack = true;
    buf_puts(&s->reply, "OK");
    return 0;
}

/* "qAttached[:PID]": 1 when the process was attached to (gdb detaches it on quit), 0 when
 * launched (gdb kills it). Per process: an extended session may hold both kinds. */
int cmd_qattached(struct session *s, const char *args, size_t len)
{
    struct cursor c;
    uint64_t pid = 0;
    cursor_init(&c, args, len);
    if (cursor_skip_char(&c, ':') && (cursor_hex_u64(&c, &pid) < 0 || pid > 0x3fffffff))
        return -EINVAL;
    int r = target_process_attached(s->t, (int)pid);
    if (r == -ENOSYS)
        r = s->attached;
    if (r < 0)
        return r;
    buf_puts(&s->reply, r ? "1" : "0");
    return 0;
}

int cmd_qc(struct session *s, const char *args, size_t len)
{
    (void)args;
    (void)len;
    int tid = session_current_tid(s), pid = target_thread_process(s->t, tid);
    buf_puts(&s->reply, "QC");
    ptid_format(&s->reply, (struct ptid){pid > 0 ? pid : s->t->pid, tid}, s->multiprocess);
    return 0;
}

/* Threads from the target, as many as fit this reply, from index START; *DONE when listed all. */
static int list_threads_from(struct session *s, size_t start)
{
    int *tids = (int *)s->scratch;
    size_t cap = SESSION_PACKET_SIZE / sizeof(int), n = 0;
    if (s->t->pid <= 0) {
        buf_putc(&s->reply, 'l');
        return 0;
    }
    int err = target_list_threads(s->t, tids, cap, &n);
    if (err < 0)
        return err;
    if (n > cap)
        n = cap;
    if (start >= n) {
        buf_putc(&s->reply, 'l');
        return 0;
    }
    buf_putc(&s->reply, 'm');
    size_t i = start;
    /* Leave room for one more id (at most "p7fffffff.7fffffff," = 19 bytes) before stopping. */
    for (; i < n && buf_room(&s->reply) > 32; i++) {
        if (i > start)
            buf_putc(&s->reply, ',');
        int pid = target_thread_process(s->t, tids[i]);
        ptid_format(&s->reply, (struct ptid){pid > 0 ? pid : s->t->pid, tids[i]}, s->multiprocess);
    }
    s->thread_iter = i;
    return 0;
}

int cmd_qfthreadinfo(struct session *s, const char *args, size_t len)
{
    (void)args;
    (void)len;
    return list_threads_from(s, 0);
}

int cmd_qsthreadinfo(struct session *s, const char *args, size_t len)
{
    (void)args;
    (void)len;
    return list_threads_from(s, s->thread_iter);
}

int cmd_qsymbol(struct session *s, const char *args, size_t len)
{
    (void)args;
    (void)len;
    /* rspd needs no symbol values from the client (thread_db is not used). */
    buf_puts(&s->reply, "OK");
    return 0;
}

static bool thread_known(struct session *s, struct ptid id)
{
    if (id.tid == PTID_ALL || id.tid == PTID_ANY)
        return true;
    if (s->t->pid <= 0)
        return false;
    if (id.pid > 0 && id.pid != target_thread_process(s->t, id.tid))
        return false;
    return target_thread_alive(s->t, id.tid);
}

int cmd_thread_select(struct session *s, const char *args, size_t len)
{
    struct cursor c;
    struct ptid id;
    if (len < 1)
        return -EINVAL;
    cursor_init(&c, args + 1, len - 1);
    if (ptid_parse(&c, &id) < 0 || cursor_expect_end(&c) < 0)
        return -EINVAL;
    if (!thread_known(s, id)) {
        /* The thread is gone (threads come and go while the program runs), but memory
         * accesses that follow must still reach ITS process, never another inferior's
         * (gdb.threads/access-mem-running-thread-exit.exp, two inferiors in non-stop). */
        if (args[0] == 'g' && id.pid > 0 && target_set_current(s->t, id.pid) == 0 &&
            s->t->pid == id.pid) {
            session_invalidate(s);
            s->g_thread = (struct ptid){id.pid, PTID_ANY};
        }
        return -ESRCH;
    }
    if (args[0] == 'g' && (id.pid > 0 || id.tid > 0)) {
        /* Memory, breakpoints and qXfer objects follow the selected thread's process. */
        int pid = id.tid > 0 ? target_thread_process(s->t, id.tid) : id.pid;
        int err = target_set_current(s->t, pid);
        if (err < 0)
            return err;
        if (pid != s->t->pid)
            return -ESRCH;
        session_invalidate(s);
    }
    if (args[0] == 'g')
        s->g_thread = id;
    else if (args[0] == 'c')
        s->c_thread = id;
    else
        return -EINVAL;
    buf_puts(&s->reply, "OK");
    return 0;
}

int cmd_thread_alive(struct session *s, const char *args, size_t len)
{
    struct cursor c;
    struct ptid id;
    cursor_init(&c, args, len);
    if (ptid_parse(&c, &id) < 0 || cursor_expect_end(&c) < 0)
        return -EINVAL;
    if (id.tid <= 0 || !thread_known(s, id))
        return -ESRCH;
    buf_puts(&s->reply, "OK");
    return 0;
}

int cmd_ok(struct session *s, const char *args, size_t len)
{
    (void)args;
    (void)len;
    buf_puts(&s->reply, "OK");
    return 0;
}

int cmd_extended(struct session *s, const char *args, size_t len)
{
    (void)args;
    (void)len;
    s->extended = true;
    buf_puts(&s->reply, "OK");
    return 0;
}

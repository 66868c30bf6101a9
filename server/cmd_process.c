/* Process lifetime packets: k, vKill, D. Outside extended mode the session ends once the
 * process is gone, as with gdbserver. Spec: GDB manual, "Packets" > k, vKill, D. */
#include <errno.h>

#include "protocol/cursor.h"
#include "server/cmds.h"
#include "server/dispatch.h"
#include "server/log.h"
#include "server/session.h"

static int kill_current(struct session *s, int pid)
{
    int err = target_kill(s->t, pid);
    if (err < 0)
        return err;
    s->have_stop = true;
    s->last_stop = (struct stop_event){.kind = STOP_KILLED, .pid = pid, .gdb_signo = 9};
    session_process_gone(s);
    return 0;
}

int cmd_kill(struct session *s, const char *args, size_t len)
{
    (void)args;
    (void)len;
    if (s->t->pid > 0) {
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
    if (s->t->pid <= 0 || pid != (uint64_t)s->t->pid)
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
    if (pid != (uint64_t)s->t->pid)
        return -ESRCH;
    log_info(s->log, "Detaching from process %d", (int)pid);
    int err = target_detach(s->t, (int)pid);
    if (err < 0)
        return err;
    s->have_stop = false;
    session_process_gone(s);
    if (!s->extended)
        s->end_after_reply = true;
    buf_puts(&s->reply, "OK");
    return 0;
}

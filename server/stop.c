/* Stop-reply formatting (see stop.h): the one place that maps target stop events to T/W/X.
 * A breakpoint stop always carries the breakpoint address as PC: the target has rewound it. */
#include "server/stop.h"

#include <stdio.h>

#include "protocol/buf.h"
#include "protocol/features.h"
#include "protocol/ptid.h"
#include "protocol/signals.h"
#include "server/log.h"
#include "server/opts.h"
#include "server/session.h"

static void append_expedited(struct session *s, const struct stop_event *ev, struct buf *b)
{
    const struct arch_desc *a = s->t->arch;
    uint8_t *raw;
    if (!a || regcache_get(&s->regs, s->t, ev->tid, &raw) < 0)
        return;
    /* gdb needs PC, SP and FP to unwind the first frame without asking again. */
    static const enum reg_role roles[] = {ROLE_FP, ROLE_SP, ROLE_PC};
    for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
        int idx = arch_reg_role(a, roles[i]);
        int wire = idx < 0 ? -1 : arch_reg_wire(a, session_reg_features(s), (size_t)idx);
        if (wire < 0)
            continue;
        buf_appendf(b, "%02x:", wire);
        buf_append_hex(b, raw + a->regs[idx].offset, a->regs[idx].bits / 8u);
        buf_putc(b, ';');
    }
}

/* "exec:<hex path>;": the new program's absolute file name, as gdbserver sends it. */
static void append_exec(struct session *s, const struct stop_event *ev, struct buf *b)
{
    char annex[16], path[4096];
    snprintf(annex, sizeof(annex), "%x", (unsigned)ev->pid);
    ssize_t n = target_xfer_read(s->t, "exec-file", annex, 0, path, sizeof(path));
    if (n <= 0)
        return;
    buf_puts(b, "exec:");
    buf_append_hex(b, (const uint8_t *)path, (size_t)n);
    buf_putc(b, ';');
}

static void append_reason(struct session *s, const struct stop_event *ev, struct buf *b)
{
    switch (ev->why) {
    case WHY_SW_BREAK:
        if (s->client_features & CF_SWBREAK)
            buf_puts(b, "swbreak:;");
        break;
    case WHY_HW_BREAK:
        if (s->client_features & CF_HWBREAK)
            buf_puts(b, "hwbreak:;");
        break;
    case WHY_WATCH:
    case WHY_RWATCH:
    case WHY_AWATCH:
        buf_puts(b, ev->why == WHY_WATCH    ? "watch:"
                    : ev->why == WHY_RWATCH ? "rwatch:"
                                            : "awatch:");
        buf_append_hex_u64(b, ev->data_addr);
        buf_putc(b, ';');
        break;
    case WHY_CLONE:
        buf_puts(b, "create:;");
        break;
    case WHY_FORK:
    case WHY_VFORK:
        /* The child (its pid is its first thread's id) is traced and stopped; gdb decides. */
        buf_puts(b, ev->why == WHY_FORK ? "fork:" : "vfork:");
        ptid_format(b, (struct ptid){(int)ev->data_addr, (int)ev->data_addr}, s->multiprocess);
        buf_putc(b, ';');
        break;
    case WHY_VFORK_DONE:
        buf_puts(b, "vforkdone:;");
        break;
    case WHY_SYSCALL_ENTRY:
    case WHY_SYSCALL_RETURN:
        buf_puts(b, ev->why == WHY_SYSCALL_ENTRY ? "syscall_entry:" : "syscall_return:");
        buf_append_hex_u64(b, ev->data_addr);
        buf_putc(b, ';');
        break;
    case WHY_EXEC:
        if (s->client_features & CF_EXEC_EVENTS)
            append_exec(s, ev, b);
        break;
    default:
        break;
    }
}

int stop_reply_format(struct session *s, const struct stop_event *ev, struct buf *b)
{
    switch (ev->kind) {
    case STOP_EXITED:
        buf_appendf(b, "W%02x", ev->status & 0xff);
        if (s->multiprocess)
            buf_appendf(b, ";process:%x", ev->pid);
        return 0;
    case STOP_KILLED:
        buf_appendf(b, "X%02x", ev->gdb_signo & 0xff);
        if (s->multiprocess)
            buf_appendf(b, ";process:%x", ev->pid);
        return 0;
    case STOP_NO_RESUMED:
        /* A client that did not announce no-resumed+ gets gdbserver's error instead. */
        buf_puts(b, s->client_features & CF_NO_RESUMED ? "N" : "E.No unwaited-for children left.");
        return 0;
    case STOP_THREAD_EXITED:
        buf_appendf(b, "w%x;", (unsigned)ev->status & 0xff);
        ptid_format(b, (struct ptid){.pid = ev->pid, .tid = ev->tid}, s->multiprocess);
        return 0;
    case STOP_SIGNAL:
        break;
    }
    unsigned disabled = s->opts ? s->opts->disabled : 0;
    if (disabled & DISABLE_T) {
        buf_appendf(b, "S%02x", ev->gdb_signo & 0xff); /* --disable-packet=T */
        return 0;
    }
    buf_appendf(b, "T%02x", ev->gdb_signo & 0xff);
    append_reason(s, ev, b);
    append_expedited(s, ev, b);
    if (!(disabled & DISABLE_TTHREAD)) {
        buf_puts(b, "thread:");
        ptid_format(b, (struct ptid){.pid = ev->pid, .tid = ev->tid}, s->multiprocess);
        buf_putc(b, ';');
    }
    return 0;
}

void stop_log_exit(const struct session *s, const struct stop_event *ev)
{
    /* Over stdio our stderr is gdb's terminal: gdbserver stays quiet there, and gdb's own
     * "[Inferior 1 (process N) exited ...]" says it (scripts match that line exactly). */
    if (s->opts && s->opts->comm.kind == COMM_STDIO)
        return;
    if (ev->kind == STOP_EXITED) {
        log_info(s->log, "\nChild exited with status %d", ev->status);
    } else if (ev->kind == STOP_KILLED) {
        const char *name = gdb_signal_name(ev->gdb_signo);
        log_info(s->log, "\nChild terminated with signal = 0x%x (%s)", ev->gdb_signo,
                 name ? name : "?");
    }
}

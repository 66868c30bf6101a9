/* Thread-event and signal-filter packets: QThreadEvents, QPassSignals, QProgramSignals,
 * QCatchSyscalls, qGetTLSAddr, and the qXfer objects tied to one thread (siginfo, read and
 * write). Handlers only parse and call the target; they never touch the OS. Spec: GDB manual,
 * "General Query Packets" > QThreadEvents, QPassSignals, QProgramSignals, QCatchSyscalls,
 * qGetTLSAddr, qXfer:siginfo:read / qXfer:siginfo:write. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "protocol/cursor.h"
#include "protocol/hex.h"
#include "protocol/ptid.h"
#include "protocol/signals.h"
#include "protocol/xfer.h"
#include "server/cmds.h"
#include "server/session.h"

int cmd_qthreadevents(struct session *s, const char *args, size_t len)
{
    if (len != 1 || (args[0] != '0' && args[0] != '1'))
        return -EINVAL;
    int err = target_set_thread_events(s->t, args[0] == '1');
    if (err < 0)
        return err;
    buf_puts(&s->reply, "OK");
    return 0;
}

/* "QPassSignals:" / "QProgramSignals:" argument: hex gdb signal numbers separated by ';',
 * possibly none, into SIGS (GDB_SIGNAL_LAST entries). */
static int parse_signal_list(const char *args, size_t len, bool *sigs)
{
    struct cursor c;
    memset(sigs, 0, GDB_SIGNAL_LAST * sizeof(*sigs));
    cursor_init(&c, args, len);
    while (!cursor_at_end(&c)) {
        uint64_t v;
        if (cursor_hex_u64(&c, &v) < 0 || v >= GDB_SIGNAL_LAST)
            return -EINVAL;
        sigs[v] = true;
        if (!cursor_at_end(&c) && !cursor_skip_char(&c, ';'))
            return -EINVAL;
    }
    return 0;
}

int cmd_qpasssignals(struct session *s, const char *args, size_t len)
{
    bool sigs[GDB_SIGNAL_LAST];
    int err = parse_signal_list(args, len, sigs);
    if (err == 0)
        err = target_set_pass_signals(s->t, sigs, GDB_SIGNAL_LAST);
    if (err < 0)
        return err;
    buf_puts(&s->reply, "OK");
    return 0;
}

int cmd_qprogramsignals(struct session *s, const char *args, size_t len)
{
    bool sigs[GDB_SIGNAL_LAST];
    int err = parse_signal_list(args, len, sigs);
    if (err == 0)
        err = target_set_program_signals(s->t, sigs, GDB_SIGNAL_LAST);
    if (err < 0)
        return err;
    buf_puts(&s->reply, "OK");
    return 0;
}

/* "QCatchSyscalls:0", "QCatchSyscalls:1" (every call) or "QCatchSyscalls:1;NR;NR..." (hex). */
int cmd_qcatchsyscalls(struct session *s, const char *args, size_t len)
{
    int *nums = (int *)s->scratch;
    size_t cap = SESSION_PACKET_SIZE / sizeof(int), n = 0;
    struct cursor c;
    bool on;

    cursor_init(&c, args, len);
    if (cursor_skip_char(&c, '0'))
        on = false;
    else if (cursor_skip_char(&c, '1'))
        on = true;
    else
        return -EINVAL;
    while (on && cursor_skip_char(&c, ';')) {
        uint64_t v;
        if (cursor_hex_u64(&c, &v) < 0 || v > 0x7fffffff || n == cap)
            return -EINVAL;
        nums[n++] = (int)v;
    }
    if (cursor_expect_end(&c) < 0)
        return -EINVAL;
    int err = target_set_catch_syscalls(s->t, on, nums, n);
    if (err < 0)
        return err;
    buf_puts(&s->reply, "OK");
    return 0;
}

/* "qGetTLSAddr:PTID,OFFSET,LM": the address of a thread-local variable (OFFSET in the TLS
 * block of the module whose link_map is at LM) in thread PTID, as bare hex. */
int cmd_qgettlsaddr(struct session *s, const char *args, size_t len)
{
    struct cursor c;
    struct ptid id;
    uint64_t offset, lm, addr;

    cursor_init(&c, args, len);
    if (ptid_parse(&c, &id) < 0 || !cursor_skip_char(&c, ',') || cursor_hex_u64(&c, &offset) < 0 ||
        !cursor_skip_char(&c, ',') || cursor_hex_u64(&c, &lm) < 0 || cursor_expect_end(&c) < 0)
        return -EINVAL;
    if (id.tid <= 0 || !target_thread_alive(s->t, id.tid))
        return -ESRCH;
    if (s->thread_db_off)
        return -ENOTSUP; /* the user asked for thread_db from where there is none */
    int err = target_tls_address(s->t, id.tid, lm, offset, &addr);
    if (err < 0)
        return err;
    buf_append_hex_u64(&s->reply, addr);
    return 0;
}

/* The thread a siginfo transfer is about: Hg's (gdb selects it first), as a hex annex. */
static void siginfo_annex(struct session *s, char *annex, size_t cap)
{
    snprintf(annex, cap, "%x", (unsigned)session_current_tid(s));
}

int cmd_xfer_siginfo(struct session *s, const struct xfer_req *r)
{
    char annex[16];
    if (r->annex_len != 0)
        return -EINVAL;
    if (s->t->pid <= 0)
        return -ESRCH;
    siginfo_annex(s, annex, sizeof(annex));
    if (r->write) {
        ssize_t n = bin_unescape(r->data, r->data_len, s->scratch, SESSION_PACKET_SIZE);
        if (n < 0)
            return (int)n;
        ssize_t w = target_xfer_write(s->t, "siginfo", annex, r->offset, s->scratch, (size_t)n);
        if (w < 0)
            return (int)w;
        buf_appendf(&s->reply, "%zx", (size_t)w);
        return 0;
    }
    size_t room = buf_room(&s->reply), want = room > 1 ? (room - 1) / 2 : 0;
    if (r->length < want)
        want = (size_t)r->length;
    ssize_t n = target_xfer_read(s->t, "siginfo", annex, r->offset, s->scratch, want);
    if (n < 0)
        return (int)n;
    buf_putc(&s->reply, (size_t)n < want || n == 0 ? 'l' : 'm');
    buf_append_binary(&s->reply, s->scratch, (size_t)n);
    return 0;
}

/* Register packets g, G, p, P through the register cache. The wire layout (which registers,
 * in which order) comes from the arch descriptor and the process's feature mask.
 * Spec: GDB manual, "Packets" > g, G, p, P. */
#include <errno.h>
#include <string.h>

#include "protocol/cursor.h"
#include "protocol/hex.h"
#include "server/cmds.h"
#include "server/session.h"

static int current_raw(struct session *s, uint8_t **raw, int *tid)
{
    *tid = session_current_tid(s);
    return regcache_get(&s->regs, s->t, *tid, raw);
}

/* ERR from reading thread TID's registers means the thread died while stopped: the whole
 * process is going (exit_group or SIGKILL wakes threads out of their ptrace stops). Its
 * registers are then "unavailable" ('x' digits), as gdbserver answers, not an error that would
 * abort the client's command (a breakpoint's "continue" script); the exit comes next. */
static bool regs_gone(const struct session *s, int err, int tid)
{
    return err == -ESRCH && tid > 0 && s->t->pid > 0 && s->t->arch != NULL;
}

/* Register R's value from RAW, or 'x' digits when RAW is NULL (unavailable). */
static void append_reg(struct buf *b, const struct reg_desc *r, const uint8_t *raw)
{
    if (raw) {
        buf_append_hex(b, raw + r->offset, r->bits / 8u);
        return;
    }
    for (size_t i = 0; i < r->bits / 8u; i++)
        buf_puts(b, "xx");
}

int cmd_read_all_regs(struct session *s, const char *args, size_t len)
{
    (void)args;
    (void)len;
    uint8_t *raw;
    int tid, err = current_raw(s, &raw, &tid);
    if (err < 0 && !regs_gone(s, err, tid))
        return err;
    const struct arch_desc *a = s->t->arch;
    for (size_t i = 0; i < a->nregs; i++)
        if (arch_reg_present(a, i, session_reg_features(s)))
            append_reg(&s->reply, &a->regs[i], err < 0 ? NULL : raw);
    return 0;
}

int cmd_write_all_regs(struct session *s, const char *args, size_t len)
{
    uint8_t *raw;
    int tid, err = current_raw(s, &raw, &tid);
    if (err < 0)
        return err;
    const struct arch_desc *a = s->t->arch;
    /* gdb may send fewer bytes than the full set (older layouts): write what is given. */
    if (len % 2 || len / 2 > arch_wire_size(a, session_reg_features(s)))
        return -EINVAL;
    size_t pos = 0;
    for (size_t i = 0; i < a->nregs && pos < len; i++) {
        if (!arch_reg_present(a, i, session_reg_features(s)))
            continue;
        size_t n = a->regs[i].bits / 8u;
        if (pos + 2 * n > len)
            return -EINVAL;
        if (hex_decode(args + pos, 2 * n, raw + a->regs[i].offset, n) < 0)
            return -EINVAL;
        pos += 2 * n;
    }
    err = regcache_flush(&s->regs, s->t, tid);
    if (err < 0)
        return err;
    buf_puts(&s->reply, "OK");
    return 0;
}

int cmd_read_reg(struct session *s, const char *args, size_t len)
{
    struct cursor c;
    uint64_t regnum;
    cursor_init(&c, args, len);
    if (cursor_hex_u64(&c, &regnum) < 0 || cursor_expect_end(&c) < 0)
        return -EINVAL;
    int idx = arch_reg_by_wire(s->t->arch, session_reg_features(s), regnum);
    if (idx < 0)
        return -EINVAL;
    uint8_t *raw;
    int tid, err = current_raw(s, &raw, &tid);
    if (err < 0 && !regs_gone(s, err, tid))
        return err;
    append_reg(&s->reply, &s->t->arch->regs[idx], err < 0 ? NULL : raw);
    return 0;
}

int cmd_write_reg(struct session *s, const char *args, size_t len)
{
    struct cursor c;
    uint64_t regnum;
    cursor_init(&c, args, len);
    if (cursor_hex_u64(&c, &regnum) < 0 || !cursor_skip_char(&c, '='))
        return -EINVAL;
    int idx = arch_reg_by_wire(s->t->arch, session_reg_features(s), regnum);
    if (idx < 0)
        return -EINVAL;
    const struct reg_desc *r = &s->t->arch->regs[idx];
    size_t n = r->bits / 8u;
    uint8_t val[64];
    if (n > sizeof(val) || cursor_hex_bytes(&c, val, n) < 0 || cursor_expect_end(&c) < 0)
        return -EINVAL;
    uint8_t *raw;
    int tid, err = current_raw(s, &raw, &tid);
    if (err < 0)
        return err;
    memcpy(raw + r->offset, val, n);
    err = regcache_flush(&s->regs, s->t, tid);
    if (err < 0)
        return err;
    buf_puts(&s->reply, "OK");
    return 0;
}

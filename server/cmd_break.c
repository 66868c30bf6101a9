/* Breakpoint and watchpoint packets Z0-Z4 / z0-z4 -> target insert_point / remove_point.
 * Z0/Z1 points are also kept in the session's table (server/bpcond.c) with the conditions
 * and commands gdb attaches (ConditionalBreakpoints+, BreakpointCommands+). As with
 * gdbserver, a Z0/Z1 for a point already inserted only replaces its conditions and commands:
 * gdb re-sends the packet to change them, and removes the point with a single z.
 * Spec: GDB manual, "Packets" > Z, z. */
#include <errno.h>

#include "protocol/zpoint.h"
#include "server/cmds.h"
#include "server/session.h"

/* ARGS as a Z/z packet into *Z (expressions decoded into the session's scratch buffer).
 * 0, 1 (a type we don't know: empty reply), -EINVAL. */
static int parse_point(struct session *s, const char *args, size_t len, struct zpoint *z)
{
    int rc = zpoint_parse(args, len, s->scratch, SESSION_PACKET_SIZE, z);
    if (rc < 0)
        return rc;
    if (z->type > PT_WATCH_A)
        return 1;
    if (z->kind == 0 || z->kind > 0x10000)
        return -EINVAL;
    return 0;
}

static bool is_code_point(enum point_kind kind)
{
    return kind == PT_SW_BREAK || kind == PT_HW_BREAK;
}

int cmd_insert_point(struct session *s, const char *args, size_t len)
{
    struct zpoint z;
    int rc = parse_point(s, args, len, &z);
    if (rc)
        return rc > 0 ? 0 : rc;
    enum point_kind kind = (enum point_kind)z.type;
    if (is_code_point(kind) && bpcond_find(&s->points, s->t->pid, kind, z.addr)) {
        rc = bpcond_set(&s->points, s->t->pid, kind, z.addr, &z);
        if (rc < 0)
            return rc;
        buf_puts(&s->reply, "OK");
        return 0;
    }
    rc = target_insert_point(s->t, kind, z.addr, (size_t)z.kind);
    if (rc == -ENOSYS || rc == -EOPNOTSUPP)
        return 0; /* this kind is not supported: the empty reply tells gdb to fall back */
    if (rc < 0)
        return rc;
    if (is_code_point(kind) && (rc = bpcond_set(&s->points, s->t->pid, kind, z.addr, &z)) < 0) {
        (void)target_remove_point(s->t, kind, z.addr, (size_t)z.kind);
        return rc;
    }
    buf_puts(&s->reply, "OK");
    return 0;
}

int cmd_remove_point(struct session *s, const char *args, size_t len)
{
    struct zpoint z;
    int rc = parse_point(s, args, len, &z);
    if (rc)
        return rc > 0 ? 0 : rc;
    enum point_kind kind = (enum point_kind)z.type;
    rc = target_remove_point(s->t, kind, z.addr, (size_t)z.kind);
    if (rc == -ENOSYS || rc == -EOPNOTSUPP)
        return 0;
    struct bpcond_point *p =
        is_code_point(kind) ? bpcond_find(&s->points, s->t->pid, kind, z.addr) : NULL;
    if (p && (rc == 0 || rc == -ENOENT))
        bpcond_remove(&s->points, p);
    if (rc < 0)
        return rc;
    buf_puts(&s->reply, "OK");
    return 0;
}

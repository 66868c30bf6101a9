/* Breakpoint and watchpoint packets Z0-Z4 / z0-z4 -> target insert_point / remove_point.
 * Spec: GDB manual, "Packets" > Z, z. Conditions (";X...") are not advertised, so never sent. */
#include <errno.h>

#include "protocol/cursor.h"
#include "server/cmds.h"
#include "server/session.h"

/* "TYPE,ADDR,KIND". 0, 1 (a type we don't know: empty reply), -EINVAL. */
static int parse_point(const char *args, size_t len, enum point_kind *kind, uint64_t *addr,
                       uint64_t *size)
{
    struct cursor c;
    uint64_t type;
    cursor_init(&c, args, len);
    if (cursor_hex_u64(&c, &type) < 0 || !cursor_skip_char(&c, ',') ||
        cursor_hex_u64(&c, addr) < 0 || !cursor_skip_char(&c, ',') ||
        cursor_hex_u64(&c, size) < 0)
        return -EINVAL;
    if (!cursor_at_end(&c) && !cursor_skip_char(&c, ';'))
        return -EINVAL;
    if (type > PT_WATCH_A)
        return 1;
    if (*size == 0 || *size > 0x10000)
        return -EINVAL;
    *kind = (enum point_kind)type;
    return 0;
}

int cmd_insert_point(struct session *s, const char *args, size_t len)
{
    enum point_kind kind;
    uint64_t addr, size;
    int rc = parse_point(args, len, &kind, &addr, &size);
    if (rc)
        return rc > 0 ? 0 : rc;
    rc = target_insert_point(s->t, kind, addr, (size_t)size);
    if (rc == -ENOSYS || rc == -EOPNOTSUPP)
        return 0; /* this kind is not supported: the empty reply tells gdb to fall back */
    if (rc < 0)
        return rc;
    buf_puts(&s->reply, "OK");
    return 0;
}

int cmd_remove_point(struct session *s, const char *args, size_t len)
{
    enum point_kind kind;
    uint64_t addr, size;
    int rc = parse_point(args, len, &kind, &addr, &size);
    if (rc)
        return rc > 0 ? 0 : rc;
    rc = target_remove_point(s->t, kind, addr, (size_t)size);
    if (rc == -ENOSYS || rc == -EOPNOTSUPP)
        return 0;
    if (rc < 0)
        return rc;
    buf_puts(&s->reply, "OK");
    return 0;
}

/* Z / z packet arguments (see zpoint.h). gdb writes a condition list as ";X3,aabbccX1,27" and
 * commands as ";cmds:0,X3,aabbcc"; ';' between expressions is accepted too.
 * Pure code. Spec: GDB manual, "Packets" > Z0 (cond_list, cmd_list). */
#include "protocol/zpoint.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "protocol/cursor.h"

/* One "X LEN,HEX" expression at C into STORE at *USED, appended to LIST (*N entries). */
static int zpoint_expr(struct cursor *c, uint8_t *store, size_t cap, size_t *used,
                       struct ax_expr *list, size_t *n)
{
    uint64_t len;
    int rc;

    if (!cursor_skip_char(c, 'X'))
        return -EINVAL;
    if ((rc = cursor_hex_u64(c, &len)) < 0)
        return rc;
    if (!cursor_skip_char(c, ',') || len == 0)
        return -EINVAL;
    if (*n == ZPOINT_LIST_MAX)
        return -E2BIG;
    if (len > cap - *used)
        return -ENOSPC;
    if (cursor_hex_bytes(c, store + *used, (size_t)len) < 0)
        return -EINVAL;
    list[*n].code = store + *used;
    list[*n].len = (size_t)len;
    (*n)++;
    *used += (size_t)len;
    return 0;
}

int zpoint_parse(const char *args, size_t len, uint8_t *store, size_t cap, struct zpoint *out)
{
    struct zpoint z;
    struct cursor c;
    uint64_t persist;
    size_t used = 0;
    bool in_cmds = false;
    int rc;

    memset(&z, 0, sizeof(z));
    cursor_init(&c, args, len);
    if ((rc = cursor_hex_u64(&c, &z.type)) < 0 || !cursor_skip_char(&c, ',') ||
        (rc = cursor_hex_u64(&c, &z.addr)) < 0 || !cursor_skip_char(&c, ',') ||
        (rc = cursor_hex_u64(&c, &z.kind)) < 0)
        return rc < 0 ? rc : -EINVAL;
    if (!cursor_at_end(&c) && !cursor_skip_char(&c, ';'))
        return -EINVAL;
    while (!cursor_at_end(&c)) {
        if (z.type > 1)
            return -EINVAL; /* watchpoints take no conditions or commands */
        if (cursor_skip_char(&c, ';'))
            continue;
        if (cursor_skip_str(&c, "cmds:")) {
            if (in_cmds)
                return -EINVAL;
            if ((rc = cursor_hex_u64(&c, &persist)) < 0)
                return rc;
            if (!cursor_skip_char(&c, ',') || persist > 1)
                return -EINVAL;
            z.persist = (int)persist;
            in_cmds = true;
            continue;
        }
        if (in_cmds)
            rc = zpoint_expr(&c, store, cap, &used, z.cmds, &z.ncmds);
        else
            rc = zpoint_expr(&c, store, cap, &used, z.conds, &z.nconds);
        if (rc < 0)
            return rc;
    }
    *out = z;
    return 0;
}

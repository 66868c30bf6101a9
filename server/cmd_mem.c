/* Memory packets m, M, X. Lengths are clamped to what one packet can carry before anything is
 * allocated or read; unreadable memory is an error reply, never made-up bytes.
 * Spec: GDB manual, "Packets" > m, M, X. */
#include <errno.h>
#include <string.h>

#include "protocol/cursor.h"
#include "protocol/hex.h"
#include "server/cmds.h"
#include "server/session.h"

/* "ADDR,LENGTH" followed by END_CH (or the end when END_CH is 0). */
static int parse_addr_len(struct cursor *c, uint64_t *addr, uint64_t *n, char end_ch)
{
    if (cursor_hex_u64(c, addr) < 0 || !cursor_skip_char(c, ',') || cursor_hex_u64(c, n) < 0)
        return -EINVAL;
    if (end_ch ? !cursor_skip_char(c, end_ch) : !cursor_at_end(c))
        return -EINVAL;
    return 0;
}

int cmd_read_mem(struct session *s, const char *args, size_t len)
{
    struct cursor c;
    uint64_t addr, n;
    cursor_init(&c, args, len);
    if (parse_addr_len(&c, &addr, &n, 0) < 0)
        return -EINVAL;
    if (n == 0)
        return 0; /* an empty read has an empty (hex) reply */
    size_t max = buf_room(&s->reply) / 2;
    if (n > max)
        n = max; /* gdb asks again for the rest */
    if (addr + n < addr)
        n = (uint64_t)0 - addr; /* stop at the top of the address space */
    ssize_t got = target_read_memory(s->t, addr, s->scratch, (size_t)n);
    if (got < 0)
        return (int)got;
    if (got == 0)
        return -EIO;
    buf_append_hex(&s->reply, s->scratch, (size_t)got);
    return 0;
}

static int write_exact(struct session *s, uint64_t addr, const uint8_t *data, size_t n)
{
    if (n == 0)
        return 0;
    if (addr + n < addr)
        return -EINVAL;
    ssize_t put = target_write_memory(s->t, addr, data, n);
    if (put < 0)
        return (int)put;
    return (size_t)put == n ? 0 : -EIO;
}

int cmd_write_mem_hex(struct session *s, const char *args, size_t len)
{
    struct cursor c;
    uint64_t addr, n;
    cursor_init(&c, args, len);
    if (parse_addr_len(&c, &addr, &n, ':') < 0)
        return -EINVAL;
    if (n > SESSION_PACKET_SIZE || cursor_left(&c) != 2 * n)
        return -EINVAL;
    if (hex_decode(c.p, 2 * n, s->scratch, SESSION_PACKET_SIZE) != (ssize_t)n)
        return -EINVAL;
    int err = write_exact(s, addr, s->scratch, (size_t)n);
    if (err < 0)
        return err;
    buf_puts(&s->reply, "OK");
    return 0;
}

int cmd_write_mem_bin(struct session *s, const char *args, size_t len)
{
    struct cursor c;
    uint64_t addr, n;
    cursor_init(&c, args, len);
    if (parse_addr_len(&c, &addr, &n, ':') < 0)
        return -EINVAL;
    if (n > SESSION_PACKET_SIZE)
        return -EINVAL;
    ssize_t got = bin_unescape(c.p, cursor_left(&c), s->scratch, SESSION_PACKET_SIZE);
    if (got < 0 || (uint64_t)got != n)
        return -EINVAL;
    int err = write_exact(s, addr, s->scratch, (size_t)n);
    if (err < 0)
        return err;
    buf_puts(&s->reply, "OK");
    return 0;
}

/* Bounds-checked parse cursor over one packet body. Every packet parser reads through it, so
 * none reads past the end; a failed read leaves the cursor where it was.
 * No syscalls, no allocation, no globals.
 * Spec: GDB manual, "Packets" (argument syntax: hex numbers, ',' ':' ';' separators). */
#include "protocol/cursor.h"

#include <errno.h>
#include <string.h>

#include "protocol/hex.h"

void cursor_init(struct cursor *c, const char *s, size_t len)
{
    if (s == NULL) { /* an empty body may come as NULL; keep p and end real pointers */
        s = "";
        len = 0;
    }
    c->p = s;
    c->end = s + len;
}

bool cursor_at_end(const struct cursor *c)
{
    return c->p >= c->end;
}

size_t cursor_left(const struct cursor *c)
{
    return cursor_at_end(c) ? 0 : (size_t)(c->end - c->p);
}

bool cursor_skip_char(struct cursor *c, char ch)
{
    if (cursor_at_end(c) || *c->p != ch)
        return false;
    c->p++;
    return true;
}

bool cursor_skip_str(struct cursor *c, const char *s)
{
    size_t n = strlen(s);

    if (cursor_left(c) < n || memcmp(c->p, s, n) != 0)
        return false;
    c->p += n;
    return true;
}

int cursor_hex_u64(struct cursor *c, uint64_t *out)
{
    size_t n = 0, left = cursor_left(c);
    int err;

    while (n < left && hex_digit((unsigned char)c->p[n]) >= 0)
        n++;
    if (n == 0)
        return -EINVAL;
    err = hex_to_u64(c->p, n, out);
    if (err < 0)
        return err;
    c->p += n;
    return 0;
}

int cursor_hex_bytes(struct cursor *c, uint8_t *out, size_t n)
{
    if (n > cursor_left(c) / 2)
        return -EINVAL;
    if (hex_decode(c->p, 2 * n, out, n) < 0)
        return -EINVAL;
    c->p += 2 * n;
    return 0;
}

void cursor_until(struct cursor *c, char stop, const char **tok, size_t *toklen)
{
    size_t left = cursor_left(c);
    const char *hit = left > 0 ? memchr(c->p, stop, left) : NULL;
    size_t n = hit ? (size_t)(hit - c->p) : left;

    *tok = c->p;
    *toklen = n;
    c->p += n;
    if (hit)
        c->p++;
}

int cursor_expect_end(const struct cursor *c)
{
    return cursor_at_end(c) ? 0 : -EINVAL;
}

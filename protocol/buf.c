/* Bounded reply buffer over caller memory: every append writes all of its bytes or none, and
 * a failed append sets a sticky overflow flag that the session checks once per reply.
 * No syscalls, no allocation, no globals.
 * Spec: GDB manual, "Overview" (reply payloads; PacketSize bounds them). */
#include "protocol/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "protocol/hex.h"

void buf_init(struct buf *b, char *mem, size_t cap)
{
    b->data = mem;
    b->cap = cap;
    buf_reset(b);
}

void buf_reset(struct buf *b)
{
    b->len = 0;
    b->overflow = false;
    if (b->cap > 0)
        b->data[0] = '\0';
}

size_t buf_room(const struct buf *b)
{
    if (b->overflow || b->cap == 0 || b->len >= b->cap - 1)
        return 0;
    return b->cap - 1 - b->len;
}

/* True when LEN more bytes fit; otherwise marks the overflow. */
static bool buf_reserve(struct buf *b, size_t len)
{
    if (len > buf_room(b)) { /* no room at all once overflowed */
        b->overflow = true;
        return false;
    }
    return true;
}

void buf_append(struct buf *b, const void *data, size_t len)
{
    if (!buf_reserve(b, len) || len == 0)
        return;
    memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
    buf_append(b, s, strlen(s));
}

void buf_putc(struct buf *b, char c)
{
    buf_append(b, &c, 1);
}

void buf_appendf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    /* Measure first so that a reply that does not fit leaves the memory untouched. */
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !buf_reserve(b, (size_t)n)) {
        b->overflow = true;
        return;
    }
    if (n == 0)
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void buf_append_hex(struct buf *b, const void *data, size_t len)
{
    if (len > buf_room(b) / 2) {
        b->overflow = true;
        return;
    }
    if (len == 0)
        return;
    b->len += hex_encode(data, len, b->data + b->len);
    b->data[b->len] = '\0';
}

void buf_append_hex_u64(struct buf *b, uint64_t v)
{
    static const char digits[] = "0123456789abcdef";
    char tmp[16];
    size_t n = 0;

    do {
        tmp[sizeof(tmp) - 1 - n++] = digits[v & 0xf];
        v >>= 4;
    } while (v != 0);
    buf_append(b, tmp + sizeof(tmp) - n, n);
}

size_t buf_append_binary(struct buf *b, const void *data, size_t len)
{
    size_t used = 0;

    if (b->overflow || b->cap == 0)
        return 0;
    b->len += bin_escape(data, len, b->data + b->len, buf_room(b), &used);
    b->data[b->len] = '\0';
    return used;
}

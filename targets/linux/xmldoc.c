/* A growable text document for the qXfer objects the Linux target builds whole on each read
 * (libraries-svr4, osdata): printf-style appends, XML escaping, and the slice a read asks for.
 * Plain memory only: no system calls, no protocol knowledge.
 * Spec: GDB manual, "General Query Packets" > qXfer (offset/length reads of one document). */
#include "targets/linux/linux.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for NEED more bytes plus a NUL. */
static bool linux_doc_reserve(struct linux_doc *d, size_t need)
{
    size_t cap = d->cap ? d->cap : 1024;
    char *p;

    if (d->err)
        return false;
    if (need > SIZE_MAX / 2 - d->len - 1) {
        d->err = -ENOMEM;
        return false;
    }
    while (cap < d->len + need + 1)
        cap *= 2;
    if (cap == d->cap)
        return true;
    p = realloc(d->data, cap);
    if (!p) {
        d->err = -ENOMEM;
        return false;
    }
    d->data = p;
    d->cap = cap;
    return true;
}

void linux_doc_printf(struct linux_doc *d, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !linux_doc_reserve(d, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(d->data + d->len, d->cap - d->len, fmt, ap);
    va_end(ap);
    d->len += (size_t)n;
}

void linux_doc_escaped(struct linux_doc *d, const char *s)
{
    for (; *s; s++) {
        const char *rep = NULL;
        switch (*s) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&apos;";
            break;
        }
        if (rep) {
            linux_doc_printf(d, "%s", rep);
        } else if (linux_doc_reserve(d, 1)) {
            d->data[d->len++] = *s;
            d->data[d->len] = '\0';
        }
    }
}

ssize_t linux_doc_finish(struct linux_doc *d, uint64_t off, void *buf, size_t len)
{
    ssize_t n = d->err;

    if (n == 0) {
        if (off >= d->len)
            len = 0;
        else if (len > d->len - off)
            len = d->len - (size_t)off;
        if (len)
            memcpy(buf, d->data + off, len);
        n = (ssize_t)len;
    }
    free(d->data);
    *d = (struct linux_doc){0};
    return n;
}

/* Server messages and the packet log (see log.h). Owns no state: the struct log is the
 * caller's, so tests can point it at a memory stream. */
#include "server/log.h"

#include <stdarg.h>
#include <time.h>

static void log_vprint(const struct log *l, const char *prefix, const char *fmt, va_list ap)
{
    if (!l || !l->fp)
        return;
    fputs(prefix, l->fp);
    vfprintf(l->fp, fmt, ap);
    fputc('\n', l->fp);
    fflush(l->fp);
}

void log_info(const struct log *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_vprint(l, "", fmt, ap);
    va_end(ap);
}

void log_error(const struct log *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_vprint(l, "rspd: ", fmt, ap);
    va_end(ap);
}

void log_debug(const struct log *l, const char *fmt, ...)
{
    if (!l || !l->debug)
        return;
    va_list ap;
    va_start(ap, fmt);
    log_vprint(l, "rspd[debug]: ", fmt, ap);
    va_end(ap);
}

void log_packet(const struct log *l, char dir, const char *data, size_t len)
{
    if (!l || !l->remote_debug || !l->fp)
        return;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    fprintf(l->fp, "[%ld.%06ld] %s ", (long)ts.tv_sec, ts.tv_nsec / 1000L,
            dir == '<' ? "getpkt" : "putpkt");
    /* Packets may carry binary data (X, qXfer, vFile); keep the log one line per packet. */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c >= 0x20 && c < 0x7f && c != '\\')
            fputc(c, l->fp);
        else
            fprintf(l->fp, "\\x%02x", c);
    }
    fputc('\n', l->fp);
    fflush(l->fp);
}

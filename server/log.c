/* Server messages and the packet log (see log.h). Owns no state: the struct log is the
 * caller's, so tests can point it at a memory stream. */
#include "server/log.h"

#include <stdarg.h>
#include <time.h>

static void log_vprint(FILE *fp, const char *prefix, const char *fmt, va_list ap)
{
    if (!fp)
        return;
    fputs(prefix, fp);
    vfprintf(fp, fmt, ap);
    fputc('\n', fp);
    fflush(fp);
}

/* Where diagnostics and packets go. */
static FILE *log_debug_fp(const struct log *l)
{
    return l->debug_fp ? l->debug_fp : l->fp;
}

void log_info(const struct log *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (l)
        log_vprint(l->fp, "", fmt, ap);
    va_end(ap);
}

void log_error(const struct log *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (l)
        log_vprint(l->fp, "rspd: ", fmt, ap);
    va_end(ap);
}

void log_debug(const struct log *l, const char *fmt, ...)
{
    if (!l || !l->debug)
        return;
    va_list ap;
    va_start(ap, fmt);
    log_vprint(log_debug_fp(l), "rspd[debug]: ", fmt, ap);
    va_end(ap);
}

void log_packet(const struct log *l, char dir, const char *data, size_t len)
{
    FILE *fp = l ? log_debug_fp(l) : NULL;
    if (!fp || !l->remote_debug)
        return;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    fprintf(fp, "[%ld.%06ld] %s ", (long)ts.tv_sec, ts.tv_nsec / 1000L,
            dir == '<' ? "getpkt" : "putpkt");
    /* Packets may carry binary data (X, qXfer, vFile); keep the log one line per packet. */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c >= 0x20 && c < 0x7f && c != '\\')
            fputc(c, fp);
        else
            fprintf(fp, "\\x%02x", c);
    }
    fputc('\n', fp);
    fflush(fp);
}

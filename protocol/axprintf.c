/* The agent printf bytecode's formatting (ax_printf, see ax.h): gdb sends the format as the
 * user typed it, C escapes included, and the arguments as 64-bit values. Each directive is
 * checked and rebuilt from the flags its conversion allows before the C library formats it,
 * so no format can make snprintf read a missing argument, write memory (%n) or produce more
 * than a bounded piece. The whole format is checked before anything is printed.
 * Spec: GDB manual, "Bytecode Descriptions" (printf), "dprintf" (dprintf-style agent). */
#include "protocol/ax.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define AX_WIDTH_MAX 1024

/* One parsed %-directive. */
struct ax_spec {
    char flags[8];   /* NUL-terminated, each flag once */
    int width, prec; /* -1: none */
    char length[3];  /* "", "hh", "h", "l", "ll", "z", "j", "t" */
    char conv;
};

/* The value of escape character C after a backslash, or -1 (gdb's list). */
static int ax_escape(char c)
{
    switch (c) {
    case '\\':
        return '\\';
    case 'a':
        return '\a';
    case 'b':
        return '\b';
    case 'e':
        return 033;
    case 'f':
        return '\f';
    case 'n':
        return '\n';
    case 'r':
        return '\r';
    case 't':
        return '\t';
    case 'v':
        return '\v';
    case '"':
        return '"';
    default:
        return -1;
    }
}

/* Up to 4 decimal digits at *I (none: -1), at most AX_WIDTH_MAX. 0 or -EINVAL. */
static int ax_number(const char *f, size_t end, size_t *i, int *out)
{
    int v = -1;

    for (int digits = 0; *i < end && f[*i] >= '0' && f[*i] <= '9'; digits++, (*i)++) {
        if (digits == 4)
            return -EINVAL;
        v = (v < 0 ? 0 : v * 10) + (f[*i] - '0');
    }
    if (v > AX_WIDTH_MAX)
        return -EINVAL;
    *out = v;
    return 0;
}

/* Parse the directive after the '%' at *I into *SP. 0, -EINVAL, -ENOTSUP (floating point). */
static int ax_directive(const char *f, size_t end, size_t *i, struct ax_spec *sp)
{
    size_t nflags = 0;
    int rc;

    memset(sp, 0, sizeof(*sp));
    sp->prec = -1;
    while (*i < end && strchr("-+ #0'", f[*i]) && f[*i] != '\0') {
        if (!strchr(sp->flags, f[*i])) {
            if (nflags == sizeof(sp->flags) - 1)
                return -EINVAL;
            sp->flags[nflags++] = f[*i];
        }
        (*i)++;
    }
    if ((rc = ax_number(f, end, i, &sp->width)) < 0)
        return rc;
    if (*i < end && f[*i] == '.') {
        (*i)++;
        if ((rc = ax_number(f, end, i, &sp->prec)) < 0)
            return rc;
        if (sp->prec < 0)
            sp->prec = 0; /* "%.d": precision zero */
    }
    if (*i < end && strchr("hlzjtL", f[*i]) && f[*i] != '\0') {
        sp->length[0] = f[(*i)++];
        if (*i < end && (sp->length[0] == 'h' || sp->length[0] == 'l') && f[*i] == sp->length[0])
            sp->length[1] = f[(*i)++];
    }
    if (*i >= end)
        return -EINVAL;
    sp->conv = f[(*i)++];
    if (strchr("eEfFgGaA", sp->conv) && sp->conv != '\0')
        return -ENOTSUP; /* arguments arrive as integers: no floating point */
    if (!strchr("diouxXcsp", sp->conv) || sp->conv == '\0' || sp->length[0] == 'L')
        return -EINVAL; /* %n, '*', unknown conversions */
    return 0;
}

/* The directive rebuilt as a C format with only the flags and precision its conversion
 * defines, integers widened to long long ("ll"). */
static void ax_c_format(const struct ax_spec *sp, char *out, size_t cap)
{
    const char *ok;
    char flags[8];
    size_t n = 0;
    bool integer = strchr("diouxX", sp->conv) != NULL;

    switch (sp->conv) {
    case 'd':
    case 'i':
        ok = "-+ 0";
        break;
    case 'o':
    case 'x':
    case 'X':
        ok = "-#0";
        break;
    case 'u':
        ok = "-0";
        break;
    default: /* c s p */
        ok = "-";
        break;
    }
    for (const char *p = sp->flags; *p; p++)
        if (strchr(ok, *p))
            flags[n++] = *p;
    flags[n] = '\0';
    n = (size_t)snprintf(out, cap, "%%%s", flags);
    if (sp->width >= 0)
        n += (size_t)snprintf(out + n, cap - n, "%d", sp->width);
    if (sp->prec >= 0 && (integer || sp->conv == 's'))
        n += (size_t)snprintf(out + n, cap - n, ".%d", sp->prec);
    snprintf(out + n, cap - n, "%s%c", integer ? "ll" : "", sp->conv);
}

/* V cut to the width the length modifier names, then widened back (signed or not). */
static long long ax_signed(uint64_t v, const char *length)
{
    if (strcmp(length, "hh") == 0)
        return (signed char)(uint8_t)v;
    if (strcmp(length, "h") == 0)
        return (short)(uint16_t)v;
    if (length[0] == '\0')
        return (int)(uint32_t)v;
    return (long long)v;
}

static unsigned long long ax_unsigned(uint64_t v, const char *length)
{
    if (strcmp(length, "hh") == 0)
        return (uint8_t)v;
    if (strcmp(length, "h") == 0)
        return (uint16_t)v;
    if (length[0] == '\0')
        return (uint32_t)v;
    return v;
}

/* The NUL-terminated string at ADDR, at most MAX bytes, into BUF (MAX + 1 bytes). Reads stop
 * at page boundaries, so a string that ends before unreadable memory is read whole. */
static int ax_read_string(const struct ax_env *env, uint64_t addr, char *buf, size_t max)
{
    size_t got = 0;

    while (got < max) {
        size_t chunk = 4096 - (size_t)((addr + got) & 4095);
        char *nul;
        int rc;
        if (chunk > max - got)
            chunk = max - got;
        if (!env->mem)
            return -EFAULT;
        rc = env->mem(env->ctx, addr + got, buf + got, chunk);
        if (rc < 0)
            return rc;
        nul = memchr(buf + got, '\0', chunk);
        if (nul)
            return 0;
        got += chunk;
    }
    buf[max] = '\0';
    return 0;
}

static void ax_emit(const struct ax_env *env, const char *s, size_t n)
{
    if (env->out && n)
        env->out(env->ctx, s, n);
}

/* Format one directive with value V and print it. 0 or -errno (%s memory). */
static int ax_emit_directive(const struct ax_spec *sp, uint64_t v, const struct ax_env *env)
{
    char cfmt[32], piece[AX_STRING_MAX + AX_PIECE_MAX], str[AX_STRING_MAX + 1];
    int n;

    ax_c_format(sp, cfmt, sizeof(cfmt));
    switch (sp->conv) {
    case 'd':
    case 'i':
        n = snprintf(piece, sizeof(piece), cfmt, ax_signed(v, sp->length));
        break;
    case 'c':
        n = snprintf(piece, sizeof(piece), cfmt, (int)(unsigned char)v);
        break;
    case 'p':
        n = snprintf(piece, sizeof(piece), cfmt, (void *)(uintptr_t)v);
        break;
    case 's': {
        size_t max = sp->prec >= 0 && sp->prec < AX_STRING_MAX ? (size_t)sp->prec : AX_STRING_MAX;
        if (v == 0) {
            snprintf(str, sizeof(str), "(null)");
        } else {
            int rc = ax_read_string(env, v, str, max);
            if (rc < 0)
                return rc;
        }
        n = snprintf(piece, sizeof(piece), cfmt, str);
        break;
    }
    default: /* o u x X */
        n = snprintf(piece, sizeof(piece), cfmt, ax_unsigned(v, sp->length));
        break;
    }
    if (n > 0)
        ax_emit(env, piece, (size_t)n < sizeof(piece) ? (size_t)n : sizeof(piece) - 1);
    return 0;
}

/* Walk the format: count its directives (*COUNT), and with EMIT print it. 0 or -errno. */
static int ax_walk(const char *f, size_t end, const uint64_t *args, bool emit,
                   const struct ax_env *env, size_t *count)
{
    char lit[256];
    size_t nlit = 0, k = 0, i = 0;
    int rc;

    while (i < end) {
        char c = f[i++];
        if (c == '\\') {
            int e = i < end ? ax_escape(f[i++]) : -1;
            if (e < 0)
                return -EINVAL;
            c = (char)e;
        } else if (c == '%' && i < end && f[i] == '%') {
            i++;
        } else if (c == '%') {
            struct ax_spec sp;
            if ((rc = ax_directive(f, end, &i, &sp)) < 0)
                return rc;
            if (emit) {
                ax_emit(env, lit, nlit);
                nlit = 0;
                if ((rc = ax_emit_directive(&sp, args[k], env)) < 0)
                    return rc;
            }
            k++;
            continue;
        }
        if (nlit == sizeof(lit)) {
            if (emit)
                ax_emit(env, lit, nlit);
            nlit = 0;
        }
        lit[nlit++] = c;
    }
    if (emit)
        ax_emit(env, lit, nlit);
    *count = k;
    return 0;
}

int ax_printf(const char *fmt, size_t fmtlen, const uint64_t *args, size_t nargs,
              const struct ax_env *env)
{
    const char *nul = memchr(fmt, '\0', fmtlen);
    size_t end = nul ? (size_t)(nul - fmt) : fmtlen, count;
    int rc = ax_walk(fmt, end, args, false, env, &count);

    if (rc < 0)
        return rc;
    if (count != nargs)
        return -EINVAL;
    return ax_walk(fmt, end, args, true, env, &count);
}

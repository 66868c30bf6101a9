/* Monitor commands (gdb's "monitor CMD" -> qRcmd,<hex CMD>): help, set debug, set remote-debug,
 * stats, exit. Output goes to gdb's console as 'O<hex>' packets sent before the final reply.
 * An unknown command prints a notice and the command list, then fails, as gdbserver's does.
 * Must not reach the target: these act on the server. Spec: GDB manual, "General Query
 * Packets" (qRcmd) and "Stop Reply Packets" (O). */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "protocol/buf.h"
#include "protocol/hex.h"
#include "server/cmds.h"
#include "server/dispatch.h"
#include "server/log.h"
#include "server/session.h"

#define MONITOR_CMD_MAX 256

struct monitor_cmd {
    const char *name; /* the words before the argument */
    const char *arg;  /* NULL: takes none */
    const char *doc;
    int (*run)(struct session *s, const char *arg);
};

static const struct monitor_cmd *monitor_table(size_t *n);

/* Print to gdb's console: one 'O' packet per call. */
static void say(struct session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct session *s, const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof(text))
        n = sizeof(text) - 1;
    char *pkt = (char *)s->scratch; /* 1 + 2 * 511 bytes: well inside SESSION_PACKET_SIZE */
    pkt[0] = 'O';
    size_t len = 1 + hex_encode((const uint8_t *)text, (size_t)n, pkt + 1);
    session_send(s, pkt, len);
}

/* "on"/"off" and gdbserver's "1"/"0". */
static int parse_switch(const char *arg, bool *on)
{
    if (strcmp(arg, "on") == 0 || strcmp(arg, "1") == 0) {
        *on = true;
        return 0;
    }
    if (strcmp(arg, "off") == 0 || strcmp(arg, "0") == 0) {
        *on = false;
        return 0;
    }
    return -EINVAL;
}

static int mon_help(struct session *s, const char *arg)
{
    size_t n;
    const struct monitor_cmd *t = monitor_table(&n);
    (void)arg;
    say(s, "The following monitor commands are supported:\n");
    for (size_t i = 0; i < n; i++) {
        say(s, "  %s%s%s\n", t[i].name, t[i].arg ? " " : "", t[i].arg ? t[i].arg : "");
        say(s, "    %s\n", t[i].doc);
    }
    return 0;
}

static int mon_set_debug(struct session *s, const char *arg)
{
    bool on;
    if (parse_switch(arg, &on) < 0) {
        say(s, "Usage: monitor set debug on|off\n");
        return -EINVAL;
    }
    if (!s->log)
        return -ENOSYS;
    s->log->debug = on;
    s->log->remote_debug = on;
    say(s, "Debug output %s.\n", on ? "enabled" : "disabled");
    return 0;
}

static int mon_set_remote_debug(struct session *s, const char *arg)
{
    bool on;
    if (parse_switch(arg, &on) < 0) {
        say(s, "Usage: monitor set remote-debug on|off\n");
        return -EINVAL;
    }
    if (!s->log)
        return -ENOSYS;
    s->log->remote_debug = on;
    say(s, "Protocol debug output %s.\n", on ? "enabled" : "disabled");
    return 0;
}

/* gdbserver's switch for extra debug-line content; rspd's packet log always carries a
 * timestamp, so this only answers in gdbserver's words. */
static int mon_set_debug_format(struct session *s, const char *arg)
{
    if (strcmp(arg, "all") == 0 || strcmp(arg, "timestamp") == 0) {
        say(s, "All extra debug format options enabled.\n");
    } else if (strcmp(arg, "none") == 0) {
        say(s, "All extra debug format options disabled.\n");
    } else {
        say(s, "Usage: monitor set debug-format all|none|timestamp\n");
        return -EINVAL;
    }
    return 0;
}

/* True when directory DIR (LEN bytes) of a search path holds libthread_db; gdb's "$pdir" and
 * "$sdir" (next to libpthread, the system's directories) always count. */
static bool thread_db_in(const char *dir, size_t len)
{
    char path[PATH_MAX];
    if ((len == 5 && strncmp(dir, "$pdir", 5) == 0) || (len == 5 && strncmp(dir, "$sdir", 5) == 0))
        return true;
    int n = snprintf(path, sizeof(path), "%.*s/libthread_db.so.1", (int)len, dir);
    return n > 0 && (size_t)n < sizeof(path) && access(path, R_OK) == 0;
}

/* gdbserver's choice of libthread_db. rspd needs none (it reads glibc's TLS layout itself), but
 * a search path without one is honoured as gdbserver would be left: no thread-local storage
 * addresses (gdb.server/no-thread-db.exp). An empty path restores the default. */
static int mon_set_thread_db_path(struct session *s, const char *arg)
{
    bool found = *arg == '\0';
    for (const char *p = arg; *p && !found;) {
        size_t len = strcspn(p, ":");
        found = len > 0 && thread_db_in(p, len);
        p += len + (p[len] == ':');
    }
    s->thread_db_off = !found;
    say(s, "libthread-db-search-path set to `%s'\n", *arg ? arg : "$pdir:$sdir");
    return 0;
}

static int mon_stats(struct session *s, const char *arg)
{
    const struct session_stats *st = &s->stats;
    size_t n;
    const struct dispatch_row *rows = dispatch_table(&n);
    (void)arg;
    say(s,
        "Packets: %llu received, %llu sent, %llu bad checksums, %llu too long, "
        "%llu retransmitted\n",
        (unsigned long long)st->packets_in, (unsigned long long)st->packets_out,
        (unsigned long long)st->bad_csum, (unsigned long long)st->too_long,
        (unsigned long long)st->nacks);
    say(s, "%-24s %10s %12s %10s\n", "packet", "count", "total ms", "avg us");
    for (size_t i = 0; i < SESSION_STAT_ROWS; i++) {
        const struct session_row_stats *r = &st->rows[i];
        if (r->count == 0)
            continue;
        const char *name = i == SESSION_STAT_ROWS - 1 ? "(unsupported)"
                           : i < n                    ? rows[i].prefix
                                                      : "?";
        say(s, "%-24s %10llu %12.3f %10.1f\n", name, (unsigned long long)r->count,
            (double)r->ns / 1e6, (double)r->ns / 1e3 / (double)r->count);
    }
    return 0;
}

static int mon_exit(struct session *s, const char *arg)
{
    (void)arg;
    /* main ends the session once this reply is out, and with --multi (or '!') the server too:
     * the same as gdbserver, which quits after "monitor exit" in either mode. */
    s->end_after_reply = true;
    return 0;
}

static const struct monitor_cmd cmds[] = {
    {"help", NULL, "List these commands.", mon_help},
    {"set debug", "on|off", "Server diagnostics and the packet log, where --debug writes them.",
     mon_set_debug},
    {"set remote-debug", "on|off", "The packet log alone.", mon_set_remote_debug},
    {"set debug-format", "all|none",
     "Accepted for gdbserver scripts (the log is always timestamped).", mon_set_debug_format},
    {"set libthread-db-search-path", "[PATH]",
     "Where gdbserver looks for libthread_db. rspd needs none; a PATH without one turns off "
     "thread-local storage addresses, as for gdbserver.",
     mon_set_thread_db_path},
    {"stats", NULL, "Packets handled, per packet type: count and time spent.", mon_stats},
    /* Tools tell gdbserver by "Quit GDBserver" in this list (gdb's testsuite:
     * target_is_gdbserver), and should find rspd the same. */
    {"exit", NULL, "Quit GDBserver-compatible rspd.", mon_exit},
};

static const struct monitor_cmd *monitor_table(size_t *n)
{
    *n = sizeof(cmds) / sizeof(cmds[0]);
    return cmds;
}

/* Collapse runs of blanks to one and drop leading and trailing ones, in place. */
static void squeeze(char *text)
{
    char *out = text;
    for (const char *p = text; *p; p++) {
        if (*p == ' ' || *p == '\t') {
            if (out > text && out[-1] != ' ')
                *out++ = ' ';
        } else {
            *out++ = *p;
        }
    }
    if (out > text && out[-1] == ' ')
        out--;
    *out = '\0';
}

int cmd_qrcmd(struct session *s, const char *args, size_t len)
{
    char text[MONITOR_CMD_MAX];
    ssize_t n = hex_decode(args, len, (uint8_t *)text, sizeof(text) - 1);
    if (n == -ENOSPC)
        n = 0; /* far longer than any command: unknown */
    else if (n < 0)
        return -EINVAL;
    text[n] = '\0';
    if (memchr(text, '\0', (size_t)n))
        text[0] = '\0';
    squeeze(text);

    for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
        size_t nl = strlen(cmds[i].name);
        if (strncmp(text, cmds[i].name, nl) != 0)
            continue;
        const char *rest = text + nl;
        bool takes = cmds[i].arg != NULL;
        if (*rest != '\0' && !(takes && *rest == ' '))
            continue; /* "stats x", "set debugx" */
        int err = cmds[i].run(s, *rest ? rest + 1 : rest);
        if (err == 0)
            buf_puts(&s->reply, "OK");
        return err;
    }
    say(s, "Unknown monitor command '%s'.\n\n", text);
    mon_help(s, "");
    return -EINVAL;
}

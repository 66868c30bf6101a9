/* gdbserver-compatible command-line parsing (see opts.h). Pure: no printing, no exit.
 * Accepts gdbserver's options (--attach, --multi, --once, --debug, --remote-debug,
 * --[no-]disable-randomization, ...) so rspd drops in wherever gdbserver is scripted. */
#include "server/opts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

const char *opts_usage(void)
{
    return "Usage:\trspd [OPTIONS] COMM PROG [ARGS ...]\n"
           "\trspd [OPTIONS] --attach COMM PID\n"
           "\trspd [OPTIONS] --multi COMM\n"
           "\n"
           "COMM is HOST:PORT or :PORT to listen for a TCP connection (:PORT listens on\n"
           "loopback only; give 0.0.0.0:PORT or [::]:PORT to listen on every interface),\n"
           "unix:PATH for a Unix socket (mode 0600), or '-' / 'stdio' for stdin/stdout.\n"
           "\n"
           "Operating modes:\n"
           "  --attach              Attach to running process PID.\n"
           "  --multi               Start without a program; quit only when told to.\n"
           "  --once                Exit after the first connection has closed.\n"
           "  --help                Print this message and exit.\n"
           "  --version             Print the version and exit.\n"
           "\n"
           "Other options:\n"
           "  --wrapper WRAPPER --        Run WRAPPER to start programs (it must exec them).\n"
           "  --disable-randomization     Run PROG with ASLR disabled (default).\n"
           "  --no-disable-randomization  Keep ASLR.\n"
           "  --startup-with-shell        Start PROG through $SHELL, as gdbserver does. Without\n"
           "                              it PROG is exec'd directly; in extended mode gdb's\n"
           "                              'set startup-with-shell' decides for vRun.\n"
           "  --no-startup-with-shell     Never use a shell, even when gdb asks for one.\n"
           "  --debug                     Server diagnostics on stderr.\n"
           "  --remote-debug              Log every packet on stderr.\n"
           "  --debug-file=FILE           Write diagnostics and packet logs to FILE.\n"
           "  --file-root=DIR             Confine gdb's file access (vFile: remote get/put/\n"
           "                              delete, sysroot target:) to the tree under DIR:\n"
           "                              paths resolve inside it, '..' and symlinks cannot\n"
           "                              leave it. Default: the whole filesystem.\n"
           "  --allow=CIDR[,CIDR...]      TCP: accept debuggers only from these networks\n"
           "                              (e.g. 10.1.0.0/16,::1); others are disconnected\n"
           "                              before anything is read. Repeatable. Default: any\n"
           "                              peer the listener accepts (loopback for :PORT).\n";
}

static int set_err(char *err, size_t errlen, const char *fmt, const char *arg)
{
    if (err && errlen)
        snprintf(err, errlen, fmt, arg);
    return -EINVAL;
}

static int copy_str(char *dst, size_t cap, const char *src, size_t len)
{
    if (len >= cap)
        return -EINVAL;
    memcpy(dst, src, len);
    dst[len] = '\0';
    return 0;
}

static int valid_port(const char *p)
{
    if (!*p || strlen(p) > 5)
        return -EINVAL;
    for (const char *q = p; *q; q++)
        if (*q < '0' || *q > '9')
            return -EINVAL;
    return atoi(p) <= 65535 ? 0 : -EINVAL;
}

int opts_parse_comm(const char *s, struct comm_spec *c)
{
    memset(c, 0, sizeof(*c));
    if (strcmp(s, "-") == 0 || strcmp(s, "stdio") == 0) {
        c->kind = COMM_STDIO;
        return 0;
    }
    if (strncmp(s, "unix:", 5) == 0) {
        c->kind = COMM_UNIX;
        if (!s[5])
            return -EINVAL;
        return copy_str(c->path, sizeof(c->path), s + 5, strlen(s + 5));
    }
    c->kind = COMM_TCP;
    c->family = AF_UNSPEC;
    if (strncmp(s, "tcp:", 4) == 0) {
        s += 4;
    } else if (strncmp(s, "tcp4:", 5) == 0) {
        s += 5;
        c->family = AF_INET;
    } else if (strncmp(s, "tcp6:", 5) == 0) {
        s += 5;
        c->family = AF_INET6;
    }
    const char *colon;
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (!close || close[1] != ':')
            return -EINVAL;
        if (copy_str(c->host, sizeof(c->host), s + 1, (size_t)(close - s - 1)) < 0)
            return -EINVAL;
        colon = close + 1;
    } else {
        colon = strrchr(s, ':');
        if (!colon)
            return -EINVAL;
        if (copy_str(c->host, sizeof(c->host), s, (size_t)(colon - s)) < 0)
            return -EINVAL;
    }
    if (copy_str(c->port, sizeof(c->port), colon + 1, strlen(colon + 1)) < 0)
        return -EINVAL;
    return valid_port(c->port);
}

static int parse_pid(const char *s, int *pid)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v <= 0 || v > 0x3fffffff)
        return -EINVAL;
    *pid = (int)v;
    return 0;
}

/* "vCont,T,..." -> enum disable_packet bits. 0 or -EINVAL. */
static int parse_disabled(const char *list, unsigned *out)
{
    static const struct {
        const char *name;
        unsigned bits;
    } names[] = {{"vCont", DISABLE_VCONT},
                 {"T", DISABLE_T},
                 {"Tthread", DISABLE_TTHREAD},
                 {"qC", DISABLE_QC},
                 {"qfThreadInfo", DISABLE_QFTHREADINFO},
                 {"threads", DISABLE_THREADS}};
    while (*list) {
        size_t n = strcspn(list, ","), i;
        for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
            if (strlen(names[i].name) == n && strncmp(list, names[i].name, n) == 0)
                break;
        if (i == sizeof(names) / sizeof(names[0]))
            return -EINVAL;
        *out |= names[i].bits;
        list += n + (list[n] == ',');
    }
    return 0;
}

int opts_parse(int argc, char **argv, struct rspd_opts *o, char *err, size_t errlen)
{
    memset(o, 0, sizeof(*o));
    o->mode = MODE_RUN;
    o->disable_aslr = true;
    bool attach = false, multi = false;
    int i = 1;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else if (strcmp(a, "--attach") == 0) {
            attach = true;
        } else if (strcmp(a, "--multi") == 0) {
            multi = true;
        } else if (strcmp(a, "--wrapper") == 0) {
            /* gdbserver's --wrapper WRAPPER [ARGS] --: everything up to "--" runs first. */
            int j = i + 1;
            while (j < argc && strcmp(argv[j], "--") != 0)
                j++;
            if (j >= argc || j == i + 1)
                return set_err(err, errlen, "%s", "--wrapper needs a command and a '--' after it");
            argv[j] = NULL;
            o->wrapper = argv + i + 1;
            i = j;
        } else if (strncmp(a, "--disable-packet=", 17) == 0) {
            if (parse_disabled(a + 17, &o->disabled) < 0)
                return set_err(err, errlen,
                               "bad --disable-packet list '%s' (vCont, T, Tthread, "
                               "qC, qfThreadInfo, threads)",
                               a + 17);
        } else if (strcmp(a, "--once") == 0) {
            o->once = true;
        } else if (strcmp(a, "--help") == 0) {
            o->mode = MODE_HELP;
            return 0;
        } else if (strcmp(a, "--selftest") == 0) {
            o->mode = MODE_SELFTEST;
            return 0;
        } else if (strcmp(a, "--version") == 0) {
            o->mode = MODE_VERSION;
            return 0;
        } else if (strcmp(a, "--disable-randomization") == 0) {
            o->disable_aslr = true;
        } else if (strcmp(a, "--no-disable-randomization") == 0) {
            o->disable_aslr = false;
        } else if (strcmp(a, "--remote-debug") == 0) {
            o->remote_debug = true;
        } else if (strncmp(a, "--debug-file=", 13) == 0) {
            o->debug_file = a + 13;
        } else if (strncmp(a, "--file-root=", 12) == 0 || strcmp(a, "--file-root") == 0) {
            const char *dir = a[11] == '=' ? a + 12 : i + 1 < argc ? argv[++i] : "";
            if (!*dir)
                return set_err(err, errlen, "%s", "--file-root needs a DIR");
            o->file_root = dir;
        } else if (strncmp(a, "--allow=", 8) == 0 || strcmp(a, "--allow") == 0) {
            const char *nets = a[7] == '=' ? a + 8 : i + 1 < argc ? argv[++i] : "";
            int e = allow_parse(&o->allow, nets);
            if (e == -E2BIG)
                return set_err(err, errlen, "--allow: more than %s networks", "32");
            if (e < 0)
                return set_err(err, errlen, "--allow: bad CIDR list '%s' (want ADDR[/BITS],...)",
                               nets);
        } else if (strcmp(a, "--debug") == 0 || strncmp(a, "--debug=", 8) == 0 ||
                   strncmp(a, "--debug-format=", 15) == 0 || strcmp(a, "--event-loop-debug") == 0) {
            o->debug = true; /* gdbserver's finer-grained debug switches: all map to --debug */
        } else if (strcmp(a, "--startup-with-shell") == 0) {
            o->startup_with_shell = true;
            o->shell_forbidden = false;
        } else if (strcmp(a, "--no-startup-with-shell") == 0) {
            o->startup_with_shell = false;
            o->shell_forbidden = true;
        } else {
            return set_err(err, errlen, "unknown option '%s'", a);
        }
    }
    if (attach && multi)
        return set_err(err, errlen, "%s", "--attach and --multi cannot be combined");
    if (i >= argc)
        return set_err(err, errlen, "%s", "missing COMM argument");
    if (opts_parse_comm(argv[i], &o->comm) < 0)
        return set_err(err, errlen, "bad COMM '%s' (want HOST:PORT, :PORT, unix:PATH or -)",
                       argv[i]);
    if (o->allow.n && o->comm.kind != COMM_TCP)
        return set_err(err, errlen, "--allow applies to TCP listeners, not '%s'", argv[i]);
    i++;
    /* "COMM --attach PID", the older order, which gdbserver still accepts (gdb's testsuite
     * uses it: gdb.server/attach-flag.exp). */
    if (!attach && !multi && i < argc && strcmp(argv[i], "--attach") == 0) {
        attach = true;
        i++;
    }
    if (attach) {
        o->mode = MODE_ATTACH;
        if (i + 1 != argc || parse_pid(argv[i], &o->attach_pid) < 0)
            return set_err(err, errlen, "bad PID '%s'", i < argc ? argv[i] : "");
        return 0;
    }
    if (multi) {
        o->mode = MODE_MULTI;
        if (i < argc) {
            o->prog_argv = argv + i;
        }
        return 0;
    }
    if (i >= argc)
        return set_err(err, errlen, "%s", "missing PROG (or use --attach / --multi)");
    o->prog_argv = argv + i;
    return 0;
}

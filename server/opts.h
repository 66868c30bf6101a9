/* gdbserver-compatible command line: argv -> struct rspd_opts. No side effects (no printing,
 * no exit): errors come back as text so main decides, and unit tests can check them. */
#ifndef RSPD_SERVER_OPTS_H
#define RSPD_SERVER_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "server/allow.h"

enum comm_kind { COMM_TCP, COMM_UNIX, COMM_STDIO };

struct comm_spec {
    enum comm_kind kind;
    char host[256]; /* TCP: "" = loopback only; "0.0.0.0", "::", a name or address otherwise */
    char port[16];  /* TCP: decimal; "0" picks a free port */
    int family;     /* TCP: AF_UNSPEC, or AF_INET / AF_INET6 for "tcp4:" / "tcp6:" */
    char path[108]; /* unix socket path */
};

/* gdbserver's --disable-packet maintenance switches (gdb's testsuite uses them to check how
 * the client copes without thread information). */
enum disable_packet {
    DISABLE_VCONT = 1u << 0,
    DISABLE_T = 1u << 1,       /* stop replies as S, not T */
    DISABLE_TTHREAD = 1u << 2, /* T replies without thread: */
    DISABLE_QC = 1u << 3,
    DISABLE_QFTHREADINFO = 1u << 4,
    DISABLE_THREADS = DISABLE_VCONT | DISABLE_TTHREAD | DISABLE_QC | DISABLE_QFTHREADINFO,
};

enum rspd_mode { MODE_RUN, MODE_ATTACH, MODE_MULTI, MODE_HELP, MODE_VERSION, MODE_SELFTEST };

struct rspd_opts {
    enum rspd_mode mode;
    struct comm_spec comm;
    int attach_pid;
    char **prog_argv; /* MODE_RUN: PROG and ARGS (points into argv); NULL otherwise */
    char **wrapper;   /* --wrapper W ARGS --: NULL-terminated (the "--" is replaced by NULL) */
    bool once;
    unsigned disabled;       /* enum disable_packet */
    bool disable_aslr;       /* default true, like gdbserver */
    bool startup_with_shell; /* --startup-with-shell: PROG on the command line through $SHELL */
    bool shell_forbidden;    /* --no-startup-with-shell: never a shell, whatever the client asks */
    bool debug;
    bool remote_debug;
    const char *debug_file;
    const char *file_root; /* --file-root: vFile paths resolve inside this tree; NULL: anywhere */
    struct allow_list
        allow; /* --allow: TCP peers that may connect; empty: any the listener takes */
};

/* Parse ARGC/ARGV (argv[0] is the program name). 0, or -EINVAL with a message in ERR
 * (ERRLEN bytes) naming the offending argument. */
int opts_parse(int argc, char **argv, struct rspd_opts *o, char *err, size_t errlen);

/* Parse a COMM argument: "[tcp:|tcp4:|tcp6:]HOST:PORT", ":PORT", "[v6addr]:PORT" (or an
 * unbracketed v6 address: the last ':' starts the port, as gdbserver reads it), "unix:PATH",
 * "-" or "stdio". A HOST that does not resolve is found out when listening. 0 or -EINVAL. */
int opts_parse_comm(const char *s, struct comm_spec *c);

/* The usage text. */
const char *opts_usage(void);

#endif

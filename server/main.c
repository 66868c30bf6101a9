/* rspd: a GDB remote-protocol stub. Command line as gdbserver's; owns the only process-wide
 * objects (log, target, loop, listener, session) and the process's signal disposition.
 * Prints the lines tools parse from gdbserver, in gdbserver's words. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "server/log.h"
#include "server/loop.h"
#include "server/opts.h"
#include "server/runcfg.h"
#include "server/session.h"
#include "server/transport.h"
#include "targets/target.h"

#define RSPD_VERSION "0.1.0"

extern char **environ;

struct server {
    struct log log;
    struct rspd_opts opts;
    struct runcfg run;
    struct target *t;
    struct loop loop;
    struct listener lis;
    struct session *sess;
    int sig_fd;
    bool shutdown;
    bool have_stop; /* a process kept across connections, and its last stop */
    struct stop_event last_stop;
    int join_pid;   /* detached by the client: wait for it before exiting */
    pid_t tty_pgrp; /* our process group, when it owned the terminal at start */
};

static void on_connection(void *ctx, int fd, short revents)
{
    struct server *srv = ctx;
    char chunk[16384];
    (void)revents;
    ssize_t n = read(fd, chunk, sizeof(chunk));
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (n <= 0) {
        srv->sess->end = END_DISCONNECT;
        loop_stop(&srv->loop);
        return;
    }
    session_input(srv->sess, chunk, (size_t)n);
    if (srv->sess->end != END_NONE)
        loop_stop(&srv->loop);
}

static void on_signal(void *ctx, int fd, short revents)
{
    struct server *srv = ctx;
    struct signalfd_siginfo si;
    (void)revents;
    if (read(fd, &si, sizeof(si)) != (ssize_t)sizeof(si))
        return;
    log_error(&srv->log, "%s received, shutting down", strsignal((int)si.ssi_signo));
    srv->shutdown = true;
    loop_stop(&srv->loop);
}

static void on_second_connection(void *ctx, int fd, short revents)
{
    struct server *srv = ctx;
    char c;
    (void)fd;
    (void)revents;
    /* A debugger that just hung up and dialled again must not be refused because its old
     * connection's EOF has not been read yet: end that session and accept the new one. */
    if (recv(srv->sess->fd_in, &c, 1, MSG_PEEK | MSG_DONTWAIT) == 0) {
        srv->sess->end = END_DISCONNECT;
        loop_stop(&srv->loop);
        return;
    }
    transport_refuse(&srv->lis, &srv->log);
}

static const char *launch_error(int err)
{
    switch (err) {
    case -ENOEXEC:
        return "not an ELF executable";
    case -EXDEV:
        return "it is built for another architecture than this rspd debugs (x86-64)";
    default:
        return strerror(-err);
    }
}

/* After a session: nothing may stay stopped under us. */
static void release_process(struct server *srv, bool attached)
{
    struct target *t = srv->t;
    /* Every traced process (an extended session may hold several): the attached ones are
     * detached, the launched ones killed. */
    for (int pid = t->pid; pid > 0; pid = t->pid) {
        int kind = target_process_attached(t, pid);
        bool detach = kind == -ENOSYS ? attached : kind == 1;
        int err;
        if (detach) {
            log_info(&srv->log, "Detaching from process %d", pid);
            err = target_detach(t, pid);
            if (err < 0)
                log_error(&srv->log, "detach from %d failed: %s", pid, strerror(-err));
        } else {
            err = target_kill(t, pid);
            if (err < 0)
                log_error(&srv->log, "kill of %d failed: %s", pid, strerror(-err));
            else
                log_info(&srv->log, "Killing process %d", pid);
        }
        if (err < 0 || t->pid == pid)
            break; /* it would not go: nothing more to do for it */
    }
}

static int serve_one(struct server *srv, int fd_in, int fd_out)
{
    struct session sess;
    int err = session_init(&sess, &srv->log, &srv->loop, srv->t, &srv->opts, fd_in, fd_out);
    if (err < 0) {
        log_error(&srv->log, "cannot set up the session: %s", strerror(-err));
        return err;
    }
    sess.run = &srv->run;
    if (srv->have_stop && srv->t->pid > 0)
        sess.last_stop = srv->last_stop; /* a debugger reconnecting sees where it left off */
    srv->have_stop = false;
    srv->sess = &sess;
    loop_init(&srv->loop);
    loop_add(&srv->loop, fd_in, on_connection, srv);
    loop_add(&srv->loop, srv->sig_fd, on_signal, srv);
    if (srv->lis.fd >= 0)
        loop_add(&srv->loop, srv->lis.fd, on_second_connection, srv);
    session_attach_loop(&sess);
    err = loop_run(&srv->loop);
    if (err < 0)
        log_error(&srv->log, "poll: %s", strerror(-err));
    /* As gdbserver: without --once, a debugger that disconnects (gdb's "disconnect", or a
     * dropped link) finds its stopped program again when it reconnects. With --once, on
     * shutdown, or if the program was running, nothing is kept: launched programs are killed,
     * attached ones detached. */
    bool keep = sess.end == END_DISCONNECT && !srv->shutdown && !srv->opts.once &&
                srv->lis.fd >= 0 && !sess.running && srv->t->pid > 0;
    if (sess.end == END_DISCONNECT && !srv->shutdown)
        log_info(&srv->log, keep ? "Remote side has terminated connection.  rspd will reopen "
                                   "the connection."
                                 : "Remote side has terminated connection.");
    if (keep) {
        srv->have_stop = sess.have_stop;
        srv->last_stop = sess.last_stop;
    }
    /* Every traced process: the program and any fork child still held. */
    for (int last = 0; !keep && srv->t->pid > 0 && srv->t->pid != last;) {
        last = srv->t->pid;
        release_process(srv, sess.attached);
    }
    if (sess.detached_pid > 0)
        srv->join_pid = sess.detached_pid;
    bool monitor_exit = sess.end == END_EXIT && sess.extended;
    session_fini(&sess);
    srv->sess = NULL;
    return monitor_exit ? 1 : 0;
}

/* After the client detached the last process (outside extended mode) and the connection is
 * closed: stay until PID exits if rspd launched it, as gdbserver does. Leaving at once would
 * end the session rspd leads, and the terminal's SIGHUP would kill the program (and a fork
 * child it just made) where gdb let them run on (gdb.threads/pending-fork-event-detach.exp).
 * A shutdown signal ends the wait; a process rspd did not launch is not waited for. */
static void join_detached(struct server *srv, int pid)
{
    struct pollfd pfd[2] = {{.fd = -1, .events = POLLIN}, {.fd = srv->sig_fd, .events = POLLIN}};
    int status;

    if (waitpid(pid, &status, WNOHANG) != 0)
        return; /* gone already, or not our child (attached) */
    pfd[0].fd = (int)syscall(SYS_pidfd_open, pid, 0);
    while (!srv->shutdown) {
        if (pfd[0].fd < 0) {
            /* No pidfd (Linux < 5.3): wait plainly, shutdown signals stay pending. */
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                ;
            break;
        }
        if (poll(pfd, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (pfd[1].revents)
            on_signal(srv, srv->sig_fd, pfd[1].revents);
        if (pfd[0].revents && waitpid(pid, &status, WNOHANG) != 0)
            break;
    }
    if (pfd[0].fd >= 0)
        close(pfd[0].fd);
}

/* A launched program takes the terminal (its own process group in the foreground): take it
 * back before exiting, as gdbserver does. Else the hangup the kernel sends the foreground group
 * when rspd, the session leader, exits would kill what the client detached and let run. */
static void restore_terminal(const struct server *srv)
{
    sigset_t ttou, old;

    if (srv->tty_pgrp <= 0 || !isatty(0) || tcgetpgrp(0) == srv->tty_pgrp)
        return;
    /* From the background, tcsetpgrp raises SIGTTOU unless it is blocked. */
    sigemptyset(&ttou);
    sigaddset(&ttou, SIGTTOU);
    sigprocmask(SIG_BLOCK, &ttou, &old);
    (void)tcsetpgrp(0, srv->tty_pgrp);
    sigprocmask(SIG_SETMASK, &old, NULL);
}

/* Wait until a debugger connects or a shutdown signal arrives (blocked signals reach us only
 * through the signal fd, so a plain accept() would never see a SIGTERM). 0 when a
 * connection is waiting, -EINTR on shutdown. */
static int wait_for_client(struct server *srv)
{
    struct pollfd pfd[2] = {{.fd = srv->lis.fd, .events = POLLIN},
                            {.fd = srv->sig_fd, .events = POLLIN}};
    for (;;) {
        if (poll(pfd, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        if (pfd[1].revents) {
            on_signal(srv, srv->sig_fd, pfd[1].revents);
            if (srv->shutdown)
                return -EINTR;
        }
        if (pfd[0].revents)
            return 0;
    }
}

/* stdio: keep the protocol on private copies of fds 0 and 1, and give the program /dev/null
 * for input and our stderr for output, so it can never write into the protocol stream. */
static int setup_stdio(int *fd_in, int *fd_out)
{
    int in = fcntl(0, F_DUPFD_CLOEXEC, 3);
    int out = fcntl(1, F_DUPFD_CLOEXEC, 3);
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (in < 0 || out < 0 || null < 0 || dup2(null, 0) < 0 || dup2(2, 1) < 0) {
        int err = -errno;
        if (in >= 0)
            close(in);
        if (out >= 0)
            close(out);
        if (null >= 0)
            close(null);
        return err;
    }
    close(null);
    *fd_in = in;
    *fd_out = out;
    return 0;
}

int main(int argc, char **argv)
{
    struct server srv = {.lis = {.fd = -1}, .sig_fd = -1};
    char err_text[256];
    int status = 1, fd_in = -1, fd_out = -1;
    FILE *debug_fp = NULL;

    srv.log.fp = stderr;
    if (opts_parse(argc, argv, &srv.opts, err_text, sizeof(err_text)) < 0) {
        fprintf(stderr, "rspd: %s\n%s", err_text, opts_usage());
        return 2;
    }
    if (srv.opts.mode == MODE_HELP) {
        fputs(opts_usage(), stdout);
        return 0;
    }
    if (srv.opts.mode == MODE_SELFTEST) {
        /* gdbserver's wording: rspd's unit tests are a separate program (make unit). */
        printf("Selftests have been disabled for this build.\n");
        return 0;
    }
    if (srv.opts.mode == MODE_VERSION) {
        printf("rspd %s\n", RSPD_VERSION);
        return 0;
    }
    if (srv.opts.file_root) {
        struct stat st;
        int e = stat(srv.opts.file_root, &st) < 0 ? errno : S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
        if (e) {
            fprintf(stderr, "rspd: --file-root %s: %s\n", srv.opts.file_root, strerror(e));
            return 2;
        }
    }
    if (srv.opts.debug_file) {
        debug_fp = fopen(srv.opts.debug_file, "we");
        if (!debug_fp) {
            fprintf(stderr, "rspd: cannot open %s: %s\n", srv.opts.debug_file, strerror(errno));
            return 2;
        }
    }
    srv.log.debug = srv.opts.debug;
    srv.log.remote_debug = srv.opts.remote_debug;
    srv.log.debug_fp = debug_fp;

    /* SIGCHLD arrives through the target's signalfd; shutdown signals through ours. In stdio
     * mode a terminal ^C reaches gdb, which sends \x03: rspd must not die of it. */
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGCHLD);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGHUP);
    if (srv.opts.comm.kind != COMM_STDIO)
        sigaddset(&mask, SIGINT);
    else
        signal(SIGINT, SIG_IGN);
    sigprocmask(SIG_BLOCK, &mask, NULL);
    signal(SIGPIPE, SIG_IGN);
    sigdelset(&mask, SIGCHLD);
    srv.sig_fd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
    if (srv.sig_fd < 0) {
        log_error(&srv.log, "signalfd: %s", strerror(errno));
        goto out;
    }

    if (srv.opts.comm.kind == COMM_STDIO) {
        int e = setup_stdio(&fd_in, &fd_out);
        if (e < 0) {
            log_error(&srv.log, "cannot set up stdio: %s", strerror(-e));
            goto out;
        }
    }

    if (runcfg_init(&srv.run, environ, srv.opts.startup_with_shell, srv.opts.disable_aslr) < 0) {
        log_error(&srv.log, "out of memory");
        goto out;
    }
    srv.run.shell_forbidden = srv.opts.shell_forbidden;
    srv.run.wrapper = srv.opts.wrapper;
    if (srv.opts.prog_argv && runcfg_set_argv(&srv.run, srv.opts.prog_argv,
                                              (size_t)(argv + argc - srv.opts.prog_argv)) < 0) {
        log_error(&srv.log, "out of memory");
        goto out;
    }
    srv.tty_pgrp = isatty(0) && tcgetpgrp(0) == getpgrp() ? getpgrp() : -1;
    srv.t = target_create_native();
    if (!srv.t) {
        log_error(&srv.log, "cannot create the native target: %s", strerror(ENOMEM));
        goto out;
    }
    if (srv.opts.prog_argv) {
        struct launch_opts lo;
        runcfg_launch_opts(&srv.run, &lo);
        int e = target_launch(srv.t, srv.opts.prog_argv, &lo);
        if (e < 0) {
            log_error(&srv.log, "cannot run '%s': %s", srv.opts.prog_argv[0], launch_error(e));
            /* gdbserver's closing lines, which scripts and gdb's testsuite wait for */
            log_info(&srv.log, "Error creating process\n\nExiting");
            goto out;
        }
        log_info(&srv.log, "Process %s created; pid = %d", srv.opts.prog_argv[0], srv.t->pid);
    } else if (srv.opts.mode == MODE_ATTACH) {
        int e = target_attach(srv.t, srv.opts.attach_pid);
        if (e < 0) {
            char why[512];
            target_attach_explain(srv.t, srv.opts.attach_pid, e, why, sizeof(why));
            log_error(&srv.log, "cannot attach to process %d: %s", srv.opts.attach_pid, why);
            log_info(&srv.log, "Exiting");
            goto out;
        }
        log_info(&srv.log, "Attached; pid = %d", srv.opts.attach_pid);
    }

    if (srv.opts.comm.kind == COMM_STDIO) {
        log_info(&srv.log, "Remote debugging using stdio");
        serve_one(&srv, fd_in, fd_out);
        status = 0;
        goto out;
    }
    srv.lis.allow = &srv.opts.allow;
    if (transport_listen(&srv.opts.comm, &srv.lis, &srv.log) < 0) {
        release_process(&srv, srv.opts.mode == MODE_ATTACH);
        log_info(&srv.log, "Exiting");
        goto out;
    }
    for (;;) {
        if (wait_for_client(&srv) < 0)
            break;
        int fd = transport_accept(&srv.lis, &srv.log);
        if (fd == -EACCES)
            continue; /* not in --allow: closed unread; keep waiting for the debugger */
        if (fd < 0)
            break;
        int r = serve_one(&srv, fd, fd);
        close(fd);
        if (r != 0 || srv.shutdown || srv.opts.once)
            break;
        if (srv.opts.mode != MODE_MULTI && srv.t->pid <= 0)
            break; /* nothing left to debug */
        transport_announce(&srv.lis, &srv.log);
    }
    status = 0;
out:
    if (srv.t) {
        release_process(&srv, srv.opts.mode == MODE_ATTACH);
        target_destroy(srv.t);
    }
    transport_close(&srv.lis);
    if (fd_in >= 0)
        close(fd_in);
    if (fd_out >= 0)
        close(fd_out);
    if (srv.join_pid > 0)
        join_detached(&srv, srv.join_pid);
    restore_terminal(&srv);
    if (srv.sig_fd >= 0)
        close(srv.sig_fd);
    runcfg_fini(&srv.run);
    if (debug_fp)
        fclose(debug_fp);
    return status;
}

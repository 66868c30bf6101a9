/* Starting a program under ptrace: the ELF header picks the arch first, then fork, and in the
 * child PTRACE_TRACEME, ADDR_NO_RANDOMIZE, chdir and execve of ARGV[0] (or, with
 * startup_with_shell, of "$SHELL -c 'exec PROG ARGS'", gdbserver's default), with exec's errno
 * sent back over a CLOEXEC pipe. Returns once the program is stopped at its first instruction
 * (after the shell's own exec, when there is one); that stop is consumed here, never reported.
 * Also the per-process set-up shared with attach. Spec: GDB manual, vRun / "Starting". */
#include "targets/linux/linux.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* In the child, after fork: report ERR to the parent and exit. Async-signal-safe only. */
static void linux_child_fail(int fd, int err)
{
    ssize_t n;

    do
        n = write(fd, &err, sizeof(err));
    while (n < 0 && errno == EINTR);
    _exit(127);
}

/* In the child, after fork: never returns. Async-signal-safe calls only. */
static void linux_child(int fd, const char *path, char *const argv[], const struct launch_opts *o)
{
    sigset_t none;

    if (o->own_pgrp && setpgid(0, 0) == 0 && isatty(0)) {
        /* Take the terminal, as gdbserver does: a ^C typed there stops the program (and gdb
         * hears of it as SIGINT), and reading stdin does not stop it with SIGTTIN. */
        signal(SIGTTOU, SIG_IGN);
        tcsetpgrp(0, getpid());
    }
    /* The server blocks SIGCHLD (and may ignore SIGPIPE); the program must start with
     * neither, since exec keeps the mask and ignored dispositions. */
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (int sig = 1; sig < NSIG; sig++)
        if (sig != SIGKILL && sig != SIGSTOP)
            signal(sig, SIG_DFL);
    if (o->disable_aslr) {
        int cur = personality(0xffffffff);
        if (cur != -1)
            personality((unsigned long)cur | ADDR_NO_RANDOMIZE);
    }
    if (o->cwd && chdir(o->cwd) < 0)
        linux_child_fail(fd, errno);
    if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
        linux_child_fail(fd, errno);
    execve(path, argv, o->envp ? o->envp : environ);
    linux_child_fail(fd, errno);
}

/* Wait for PID (EINTR-safe). */
static pid_t linux_wait_pid(pid_t pid, int *status)
{
    pid_t r;

    do
        r = waitpid(pid, status, __WALL);
    while (r < 0 && errno == EINTR);
    return r;
}

/* Kill a child that never became a debuggee and reap it. */
static void linux_child_reap(pid_t pid)
{
    int status;

    kill(pid, SIGKILL);
    while (linux_wait_pid(pid, &status) == pid && !WIFEXITED(status) && !WIFSIGNALED(status))
        ;
}

/* Quote S for sh(1) inside single quotes ('it'\''s') into OUT (CAP bytes). -E2BIG when long. */
static int linux_shell_quote(const char *s, char *out, size_t cap, size_t *len)
{
    size_t n = *len;
    if (n + 1 >= cap)
        return -E2BIG;
    out[n++] = '\'';
    for (; *s; s++) {
        if (*s == '\'') {
            if (n + 4 >= cap)
                return -E2BIG;
            memcpy(out + n, "'\\''", 4);
            n += 4;
        } else {
            if (n + 1 >= cap)
                return -E2BIG;
            out[n++] = *s;
        }
    }
    if (n + 2 >= cap)
        return -E2BIG;
    out[n++] = '\'';
    out[n] = '\0';
    *len = n;
    return 0;
}

/* "exec 'PROG' 'ARG'..." for sh -c. The caller frees *CMD. */
static int linux_shell_command(char *const argv[], char **cmd)
{
    size_t cap = 16, len = 0;
    for (size_t i = 0; argv[i]; i++)
        cap += 4 * strlen(argv[i]) + 4;
    char *c = malloc(cap);
    if (!c)
        return -ENOMEM;
    strcpy(c, "exec");
    len = 4;
    for (size_t i = 0; argv[i]; i++) {
        c[len++] = ' ';
        int rc = linux_shell_quote(argv[i], c, cap, &len);
        if (rc < 0) {
            free(c);
            return rc;
        }
    }
    *cmd = c;
    return 0;
}

/* PROG as the shell will find it: unchanged when it has a '/', else the first executable
 * match on $PATH (for reading its ELF header before anything runs). *OWNED is what to free. */
static int linux_path_search(const char *prog, const char **out, char **owned)
{
    *owned = NULL;
    *out = prog;
    if (strchr(prog, '/'))
        return 0;
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/local/bin:/usr/bin:/bin";
    while (*path) {
        size_t n = strcspn(path, ":");
        char *cand = malloc(n + strlen(prog) + 2);
        if (!cand)
            return -ENOMEM;
        snprintf(cand, n + strlen(prog) + 2, "%.*s/%s", (int)n, n ? path : ".", prog);
        if (access(cand, X_OK) == 0) {
            *owned = cand;
            *out = cand;
            return 0;
        }
        free(cand);
        path += n + (path[n] == ':');
    }
    return -ENOENT;
}

/* With a shell or a wrapper in front: PID has stopped at the first exec. Let it run through
 * EXECS more execs (PTRACE_EVENT_EXEC), the last being PROG's. 0, or -ENOENT/-EACCES when the
 * shell or wrapper could not exec what followed. */
static int linux_skip_execs(pid_t pid, int execs)
{
    int status, sig = 0;
    while (execs > 0) {
        if (ptrace(PTRACE_CONT, pid, NULL, (void *)(long)sig) < 0)
            return -errno;
        if (linux_wait_pid(pid, &status) != pid)
            return -errno;
        if (WIFEXITED(status))
            /* sh: 127 "not found", 126 "not executable" */
            return WEXITSTATUS(status) == 126 ? -EACCES : -ENOENT;
        if (WIFSIGNALED(status))
            return -ECHILD;
        sig = WSTOPSIG(status);
        if (status >> 8 == (SIGTRAP | (PTRACE_EVENT_EXEC << 8)))
            execs--;
        if (sig == SIGTRAP || sig == (SIGTRAP | 0x80) || sig == SIGSTOP)
            sig = 0;
    }
    return 0;
}

/* WRAPPER ++ ARGV as one NULL-terminated vector (pointers borrowed). The caller frees it. */
static int linux_wrap_argv(char *const *wrapper, char *const argv[], char ***out)
{
    size_t nw = 0, na = 0;
    while (wrapper[nw])
        nw++;
    while (argv[na])
        na++;
    char **v = calloc(nw + na + 1, sizeof(*v));
    if (!v)
        return -ENOMEM;
    memcpy(v, wrapper, nw * sizeof(*v));
    memcpy(v + nw, argv, na * sizeof(*v));
    *out = v;
    return 0;
}

/* PATH with a leading "~" or "~USER" replaced by that home directory, as gdbserver expands
 * the working directory gdb sends (QSetWorkingDir "~/"; gdb.base/set-cwd.exp). *OUT is NULL
 * when PATH needs nothing, else a string to free. 0, -ENOENT (no such user), -ENOMEM. */
static int linux_tilde_expand(const char *path, char **out)
{
    const char *rest, *home = NULL;
    char user[256];

    *out = NULL;
    if (!path || path[0] != '~')
        return 0;
    rest = path + 1 + strcspn(path + 1, "/");
    if (rest == path + 1) {
        home = getenv("HOME");
        if (!home || !*home) {
            const struct passwd *pw = getpwuid(getuid());
            home = pw ? pw->pw_dir : NULL;
        }
    } else if ((size_t)(rest - path - 1) < sizeof(user)) {
        memcpy(user, path + 1, (size_t)(rest - path - 1));
        user[rest - path - 1] = '\0';
        const struct passwd *pw = getpwnam(user);
        home = pw ? pw->pw_dir : NULL;
    }
    if (!home)
        return -ENOENT;
    *out = malloc(strlen(home) + strlen(rest) + 1);
    if (!*out)
        return -ENOMEM;
    strcpy(*out, home);
    strcat(*out, rest);
    return 0;
}

/* PATH made absolute when the child will chdir first (it must name the same file we read).
 * *OWNED is what to free. */
static int linux_abs_path(const char *path, const struct launch_opts *o, const char **out,
                          char **owned)
{
    char *cwd, *p;

    *owned = NULL;
    *out = path;
    if (!o->cwd || path[0] == '/')
        return 0;
    cwd = getcwd(NULL, 0);
    if (!cwd)
        return -errno;
    p = malloc(strlen(cwd) + strlen(path) + 2);
    if (!p) {
        free(cwd);
        return -ENOMEM;
    }
    sprintf(p, "%s/%s", cwd, path);
    free(cwd);
    *owned = p;
    *out = p;
    return 0;
}

int linux_launch(struct target *t, char *const argv[], const struct launch_opts *opts)
{
    struct launch_opts copy = *opts, *o = &copy;
    char *cwd = NULL;
    struct linux_target *lt = (struct linux_target *)t;
    const struct arch_desc *arch;
    const struct linux_arch *glue;
    const char *path, *prog, *exec_path;
    char *owned = NULL, *found = NULL, *cmd = NULL, *wfound = NULL;
    char **wrapped = NULL;
    char *const *exec_argv = argv;
    int pipefd[2] = {-1, -1};
    int rc, err, status;
    pid_t pid = -1;
    ssize_t n;

    if ((rc = linux_tilde_expand(o->cwd, &cwd)) < 0)
        return rc;
    if (cwd)
        o->cwd = cwd;
    prog = argv[0];
    if (o->startup_with_shell && (rc = linux_path_search(argv[0], &prog, &found)) < 0)
        goto out;
    rc = linux_abs_path(prog, o, &path, &owned);
    if (rc < 0)
        goto out;
    rc = linux_exe_arch(path, &arch, &glue);
    if (rc < 0)
        goto out;
    exec_path = path;
    if (o->wrapper && o->wrapper[0]) {
        /* The wrapper runs first and execs PROG ARGS; it is found on $PATH like a command. */
        if ((rc = linux_wrap_argv(o->wrapper, argv, &wrapped)) < 0 ||
            (rc = linux_path_search(o->wrapper[0], &exec_path, &wfound)) < 0)
            goto out;
        exec_argv = wrapped;
    }
    if (o->startup_with_shell) {
        rc = linux_shell_command(exec_argv, &cmd);
        if (rc < 0)
            goto out;
    }
    if (pipe2(pipefd, O_CLOEXEC) < 0) {
        rc = -errno;
        linux_log_errno("pipe2", errno);
        goto out;
    }
    pid = fork();
    if (pid < 0) {
        rc = -errno;
        linux_log_errno("fork", errno);
        goto out;
    }
    if (pid == 0) {
        if (cmd) {
            const char *sh = o->shell ? o->shell : getenv("SHELL");
            if (!sh || !*sh)
                sh = "/bin/sh";
            char *const sh_argv[] = {(char *)sh, "-c", cmd, NULL};
            linux_child(pipefd[1], sh, sh_argv, o);
        }
        linux_child(pipefd[1], exec_path, exec_argv, o);
    }
    close(pipefd[1]);
    pipefd[1] = -1;

    /* EOF: execve succeeded and closed the pipe; an int: the child's errno. */
    do
        n = read(pipefd[0], &err, sizeof(err));
    while (n < 0 && errno == EINTR);
    if (n == (ssize_t)sizeof(err)) {
        linux_wait_pid(pid, &status);
        pid = -1;
        rc = err > 0 ? -err : -EIO;
        goto out;
    }
    if (linux_wait_pid(pid, &status) != pid) {
        rc = -errno;
        linux_log_errno("waitpid", errno);
        goto out_kill;
    }
    if (!WIFSTOPPED(status) || WSTOPSIG(status) != SIGTRAP) {
        /* Gone, or stopped by something else before its first instruction. */
        fprintf(stderr, "rspd: %s: no exec stop (wait status 0x%x)\n", argv[0], status);
        rc = WIFSTOPPED(status) ? -EIO : -ECHILD;
        if (!WIFSTOPPED(status))
            pid = -1;
        goto out_kill;
    }
    if (ptrace(PTRACE_SETOPTIONS, pid, NULL,
               (void *)(long)(PTRACE_O_EXITKILL | linux_ptrace_options(lt))) < 0) {
        rc = -errno;
        fprintf(stderr, "rspd: ptrace(PTRACE_SETOPTIONS, %d): %s\n", (int)pid, strerror(errno));
        goto out_kill;
    }
    if ((cmd || wrapped) && (rc = linux_skip_execs(pid, !!cmd + !!wrapped)) < 0) {
        fprintf(stderr, "rspd: the %s could not start %s: %s\n", cmd ? "shell" : "wrapper", argv[0],
                strerror(-rc));
        goto out_kill;
    }
    /* A process already traced (extended mode, another inferior) stays, parked. */
    if ((rc = linux_proc_park(lt)) < 0)
        goto out_kill;
    rc = linux_process_begin(lt, pid, arch, glue);
    if (rc < 0)
        goto out_kill;
    lt->attached = false;
    goto out;
out_kill:
    if (pid > 0)
        linux_child_reap(pid);
out:
    if (pipefd[0] >= 0)
        close(pipefd[0]);
    if (pipefd[1] >= 0)
        close(pipefd[1]);
    free(owned);
    free(found);
    free(wfound);
    free(wrapped);
    free(cmd);
    free(cwd);
    return rc;
}

int linux_process_begin(struct linux_target *lt, int pid, const struct arch_desc *arch,
                        const struct linux_arch *glue)
{
    char path[64];
    sigset_t mask;
    int rc;

    sigemptyset(&mask);
    sigaddset(&mask, SIGCHLD);
    /* One SIGCHLD descriptor serves every traced process. */
    if (lt->base.event_fd < 0)
        lt->base.event_fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
    if (lt->base.event_fd < 0) {
        rc = -errno;
        linux_log_errno("signalfd(SIGCHLD)", errno);
        goto fail;
    }
    snprintf(path, sizeof(path), "/proc/%d/mem", pid);
    lt->mem_fd = open(path, O_RDWR | O_CLOEXEC);
    if (lt->mem_fd < 0) {
        rc = -errno;
        fprintf(stderr, "rspd: open(%s): %s\n", path, strerror(errno));
        goto fail;
    }
    rc = swbreak_init(&lt->sw, arch->break_insn, arch->break_len);
    if (rc < 0)
        goto fail;
    if (!linux_lwp_add(lt, pid)) {
        rc = -ENOMEM;
        goto fail;
    }
    lt->glue = glue;
    lt->base.arch = arch;
    lt->base.pid = pid;
    lt->interrupting = false;
    lt->interrupt_owed = false;
    rc = glue->setup(lt, pid);
    if (rc < 0)
        goto fail;
    /* The first stop's SIGCHLD was consumed with the stop itself. */
    linux_drain_event_fd(lt);
    return 0;
fail:
    linux_process_end(lt);
    return rc;
}

int linux_process_exec(struct linux_target *lt)
{
    const struct arch_desc *arch;
    const struct linux_arch *glue;
    struct linux_lwp *leader;
    char path[64];
    int pid = lt->base.pid, fd, rc;

    /* The execing thread now has the leader's id; every other thread is gone (their exit
     * statuses, if any still come, belong to threads we no longer list). */
    for (struct linux_lwp *l = lt->lwps, *next; l; l = next) {
        next = l->next;
        if (l->tid != pid)
            linux_lwp_remove(lt, l->tid);
    }
    leader = linux_lwp_find(lt, pid);
    if (!leader && !(leader = linux_lwp_add(lt, pid)))
        return -ENOMEM;
    leader->is_new = false;
    snprintf(path, sizeof(path), "/proc/%d/mem", pid);
    fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        rc = -errno;
        fprintf(stderr, "rspd: open(%s): %s\n", path, strerror(errno));
        return rc;
    }
    close(lt->mem_fd);
    lt->mem_fd = fd;
    swbreak_forget_all(&lt->sw);
    snprintf(path, sizeof(path), "/proc/%d/exe", pid);
    if (linux_exe_arch(path, &arch, &glue) < 0 || arch != lt->base.arch) {
        /* Following an exec into another architecture is not supported. */
        fprintf(stderr, "rspd: %s: new program is not %s; registers may be wrong\n", path,
                lt->base.arch->name);
    }
    lt->glue->teardown(lt);
    return lt->glue->setup(lt, pid);
}

void linux_process_end(struct linux_target *lt)
{
    if (lt->glue && lt->glue->teardown)
        lt->glue->teardown(lt);
    lt->arch_state = NULL;
    linux_lwp_clear(lt);
    swbreak_free(&lt->sw);
    if (lt->mem_fd >= 0)
        close(lt->mem_fd);
    lt->mem_fd = -1;
    lt->base.pid = 0;
    lt->fork_parent = 0;
    lt->interrupting = false;
    lt->interrupt_owed = false;
    if (lt->parked) {
        /* Another traced process (a fork child, or its parent) becomes current. */
        (void)linux_proc_switch(lt, lt->parked->pid);
        return;
    }
    lt->nearly = 0;
    if (lt->base.event_fd >= 0)
        close(lt->base.event_fd);
    lt->base.event_fd = -1;
}

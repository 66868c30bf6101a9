/* Attaching to a running process (every thread in /proc/PID/task), detaching (breakpoints and
 * debug registers removed first, each thread let go with the signal it still owes), and
 * killing (SIGKILL, then every thread reaped). Why an attach failed, in words, from /proc
 * (TracerPid, owner, Yama ptrace_scope, capabilities). No protocol knowledge.
 * Spec: ptrace(2) PTRACE_ATTACH/PTRACE_DETACH; GDB manual vAttach, D, k/vKill. */
#include "targets/linux/linux.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "protocol/signals.h"

static pid_t linux_wait_tid(int tid, int *status)
{
    pid_t r;

    do
        r = waitpid(tid, status, __WALL);
    while (r < 0 && errno == EINTR);
    return r;
}

/* PTRACE_ATTACH thread TID. 0, or -errno (-ESRCH: it exited meanwhile). */
static int linux_ptrace_attach(struct linux_target *lt, int tid, bool leader)
{
    if (ptrace(PTRACE_ATTACH, tid, NULL, NULL) == 0)
        return 0;
    int err = errno;
    /* A thread that has just exited is still listed for a moment, and attaching to it fails
     * with EPERM (the kernel refuses tasks with an exit state) or ESRCH. */
    if (!leader && (err == ESRCH || (err == EPERM && linux_tid_zombie(lt->base.pid, tid))))
        return -ESRCH;
    fprintf(stderr, "rspd: ptrace(PTRACE_ATTACH, %d): %s\n", tid, strerror(err));
    return -err;
}

/* Attach the leader PID and wait for its attach stop: the process is set up from it. *SIG
 * gets the signal it stopped with: SIGSTOP, ours, or one that was being delivered first. */
static int linux_attach_leader(struct linux_target *lt, int pid, int *sig)
{
    int status, rc = linux_ptrace_attach(lt, pid, true);

    if (rc < 0)
        return rc;
    if (linux_wait_tid(pid, &status) != pid) {
        int err = errno;
        linux_log_errno("waitpid", err);
        return -err;
    }
    if (!WIFSTOPPED(status))
        return -ESRCH;
    *sig = WSTOPSIG(status);
    if (ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)(long)linux_ptrace_options(lt)) < 0) {
        int err = errno;
        fprintf(stderr, "rspd: ptrace(PTRACE_SETOPTIONS, %d): %s\n", pid, strerror(err));
        return -err;
    }
    return 0;
}

/* Attach another thread without waiting for its stop: it is listed as running towards an
 * expected SIGSTOP, which linux_attach_settle collects once a scan is over (its options and
 * debug registers are set then). Not waiting keeps a scan pass short, so that threads living
 * only a moment have less time to slip through it, as gdbserver does. */
static int linux_attach_thread(struct linux_target *lt, int tid)
{
    struct linux_lwp *l;
    int rc = linux_ptrace_attach(lt, tid, false);

    if (rc < 0)
        return rc;
    l = linux_lwp_add(lt, tid);
    if (!l)
        return -ENOMEM;
    l->running = true;
    l->stop_expected = true;
    l->is_new = true;
    l->needs_options = true;
    return 0;
}

/* Collect the attach stop of every thread linux_attach_thread left running, in the current
 * process only (another inferior may be running, non-stop). A stop other than our SIGSTOP is
 * kept as the thread's pending event, our SIGSTOP still expected; a thread that exited before
 * stopping is forgotten (the client never heard of it). 0 or -errno. */
static int linux_attach_settle(struct linux_target *lt)
{
    for (;;) {
        struct linux_lwp *l = lt->lwps;
        struct stop_event ev;
        int status, rc, tid;

        while (l && !(l->running && l->needs_options))
            l = l->next;
        if (!l)
            return 0;
        tid = l->tid;
        if (linux_wait_tid(tid, &status) != tid) {
            int err = errno;
            if (err != ECHILD) {
                linux_log_errno("waitpid", err);
                return -err;
            }
            linux_lwp_remove(lt, tid); /* reaped already: gone */
            continue;
        }
        if (WIFEXITED(status) || WIFSIGNALED(status)) {
            linux_lwp_remove(lt, tid);
            continue;
        }
        rc = linux_collect(lt, tid, status, &ev);
        if (rc < 0)
            return rc;
        if (rc == 1 && (l = linux_lwp_find(lt, tid)) != NULL) {
            l->has_pending = true;
            l->pending = ev;
        }
    }
}

/* Attach every thread of PID not in the table yet; *ADDED counts them. */
static int linux_attach_tasks(struct linux_target *lt, int pid, int *added)
{
    char path[64];
    struct dirent *d;
    DIR *dir;
    int rc = 0;

    *added = 0;
    snprintf(path, sizeof(path), "/proc/%d/task", pid);
    dir = opendir(path);
    if (!dir)
        return -errno;
    while ((d = readdir(dir)) != NULL) {
        char *end;
        long tid = strtol(d->d_name, &end, 10);
        if (*end || tid <= 0 || tid > INT_MAX || linux_lwp_find(lt, (int)tid))
            continue;
        rc = linux_attach_thread(lt, (int)tid);
        if (rc == -ESRCH) {
            rc = 0; /* exited before we got to it */
            continue;
        }
        if (rc < 0)
            break;
        (*added)++;
    }
    closedir(dir);
    return rc;
}

int linux_attach(struct target *t, int pid)
{
    struct linux_target *lt = (struct linux_target *)t;
    const struct arch_desc *arch;
    const struct linux_arch *glue;
    char exe[64];
    int rc, added, sig = SIGSTOP;

    if (linux_proc_of_tid(lt, pid) > 0)
        return -EBUSY; /* traced already */
    snprintf(exe, sizeof(exe), "/proc/%d/exe", pid);
    rc = linux_exe_arch(exe, &arch, &glue);
    if (rc < 0)
        return rc == -ENOENT ? -ESRCH : rc;
    rc = linux_attach_leader(lt, pid, &sig);
    if (rc < 0)
        return rc;
    /* A process already traced (extended mode, another inferior) stays, parked. */
    if ((rc = linux_proc_park(lt)) < 0) {
        ptrace(PTRACE_DETACH, pid, NULL, NULL);
        return rc;
    }
    rc = linux_process_begin(lt, pid, arch, glue);
    if (rc < 0) {
        ptrace(PTRACE_DETACH, pid, NULL, NULL);
        return rc;
    }
    lt->attached = true;
    t->attach_signo = 0;
    if (sig != SIGSTOP) {
        /* A signal came first: the attach reports it, and the program gets it if the client
         * passes it back (or detaches). Our SIGSTOP is still on its way. */
        struct linux_lwp *leader = linux_lwp_find(lt, pid);
        if (leader) {
            leader->stop_expected = true;
            leader->last_signo = sig;
            t->attach_signo = linux_signal_to_gdb(sig);
        }
    }
    /* Threads may be created while we attach: rescan until two passes in a row find nothing
     * new. One is not enough: threads exiting while /proc/PID/task is read shift the entries
     * under the directory cursor, so a pass can skip a live (untraced) thread, which then
     * dies of the first breakpoint it runs into (gdb.threads/attach-many-short-lived-threads).
     * Then collect the attach stops and scan again: with every traced thread stopped, only an
     * untraced one can still create threads, and a chain of threads that each start the next
     * and exit, escaped, is always there to be found. Done when that scan finds nothing. */
    for (bool more = true; more && rc >= 0;) {
        more = false;
        for (int clean = 0; clean < 2;) {
            rc = linux_attach_tasks(lt, pid, &added);
            if (rc < 0)
                break;
            clean = added > 0 ? 0 : clean + 1;
            more = more || added > 0;
        }
        if (rc >= 0)
            rc = linux_attach_settle(lt);
    }
    if (rc < 0) {
        (void)linux_detach(t, pid);
        return rc;
    }
    linux_drain_event_fd(lt);
    return 0;
}

/* The host signal LWP still owes the program: a collected but unreported signal, else the one
 * it last stopped with. Traps and stops are ours, never passed on. */
static int linux_detach_signal(const struct linux_lwp *l)
{
    int sig = l->last_signo;

    if (l->has_pending && l->pending.kind == STOP_SIGNAL && l->pending.why == WHY_NONE &&
        l->pending.gdb_signo != GDB_SIGNAL_INT)
        sig = linux_signal_from_gdb(l->pending.gdb_signo);
    if (sig < 0 || sig == SIGTRAP || sig == SIGSTOP)
        return 0;
    return sig;
}

/* PTRACE_DETACH of TID failed with ESRCH: it is not in a ptrace stop but exiting, or a zombie,
 * and stays ours until we collect its status; the process cannot finish dying before that (a
 * parent waiting for it would wait for ever: gdb.threads/process-dies-while-detaching.exp).
 * Collect it, giving one on its way out a moment; a stop that arrived meanwhile is detached. A
 * zombie leader whose other threads live on is left alone. */
static void linux_reap_undetached(int tid)
{
    for (int i = 0; i < 100; i++) {
        int status;
        pid_t r = waitpid(tid, &status, __WALL | WNOHANG);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return; /* reaped already (an exit we reported) */
        if (r == tid && WIFSTOPPED(status)) {
            (void)ptrace(PTRACE_DETACH, tid, NULL, NULL);
            return;
        }
        if (r == tid)
            return;
        usleep(10000);
    }
}

int linux_detach(struct target *t, int pid)
{
    struct linux_target *lt = (struct linux_target *)t;
    struct swbreak_io io = linux_mem_io(lt);
    bool stop_queued = false;
    int rc, first = 0;

    if (t->pid <= 0 || (pid > 0 && pid != t->pid))
        return -ESRCH;
    lt->interrupting = false;
    lt->interrupt_owed = false;
    rc = linux_stop_all(lt);
    if (rc < 0)
        first = rc;
    if (t->pid <= 0)
        return first;
    rc = swbreak_remove_all(&lt->sw, &io);
    if (rc < 0 && first == 0)
        first = rc;
    if (lt->glue->clear_hw) {
        rc = lt->glue->clear_hw(lt);
        if (rc < 0 && first == 0)
            first = rc;
    }
    for (struct linux_lwp *l = lt->lwps; l; l = l->next)
        stop_queued = stop_queued || l->stop_expected;
    /* A SIGSTOP of ours still queued would stop the program for real once it is free;
     * generating SIGCONT discards every pending stop signal of the group. */
    if (stop_queued)
        kill(t->pid, SIGCONT);
    /* The leader last: a dead one can only be collected after the others. */
    for (int leader = 0; leader < 2; leader++) {
        for (struct linux_lwp *l = lt->lwps; l; l = l->next) {
            int sig = linux_detach_signal(l);
            if ((l->tid == t->pid) != (leader == 1))
                continue;
            if (ptrace(PTRACE_DETACH, l->tid, NULL, (void *)(long)sig) == 0)
                continue;
            if (errno == ESRCH) {
                linux_reap_undetached(l->tid);
                continue;
            }
            int err = errno;
            fprintf(stderr, "rspd: ptrace(PTRACE_DETACH, %d): %s\n", l->tid, strerror(err));
            if (first == 0)
                first = -err;
        }
    }
    /* Killed from outside (the leader gone or a zombie): nothing was left to restore, and
     * nothing to let go. */
    if (first < 0 && linux_tid_zombie(t->pid, t->pid))
        first = 0;
    linux_process_end(lt);
    return first;
}

int linux_kill(struct target *t, int pid)
{
    struct linux_target *lt = (struct linux_target *)t;
    struct linux_lwp *leader;
    int status;

    if (t->pid <= 0 || (pid > 0 && pid != t->pid))
        return -ESRCH;
    pid = t->pid;
    leader = linux_lwp_find(lt, pid);
    if (leader && leader->has_pending &&
        (leader->pending.kind == STOP_EXITED || leader->pending.kind == STOP_KILLED)) {
        /* Already gone and reaped; its exit was only waiting to be reported. */
        swbreak_forget_all(&lt->sw);
        linux_process_end(lt);
        return 0;
    }
    if (kill(pid, SIGKILL) < 0 && errno != ESRCH) {
        int err = errno;
        fprintf(stderr, "rspd: kill(%d, SIGKILL): %s\n", pid, strerror(err));
        return -err;
    }
    /* Every traced thread must be reaped by us, including ones never seen (a clone whose
     * event was still in flight); the leader comes last. */
    for (;;) {
        pid_t r = waitpid(-1, &status, __WALL);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            break; /* ECHILD: nothing left */
        if (r == pid && (WIFEXITED(status) || WIFSIGNALED(status)))
            break;
    }
    swbreak_forget_all(&lt->sw);
    linux_process_end(lt);
    return 0;
}

void linux_attach_diagnose(int pid, int err, const struct linux_attach_facts *f, char *buf,
                           size_t len)
{
    const char *comm = f->comm[0] ? f->comm : "?";
    bool denied = err == -EPERM || err == -EACCES;

    if (!buf || len == 0)
        return;
    if (!f->exists) {
        snprintf(buf, len, "no process %d (wrong pid, or it has exited)", pid);
    } else if (f->self) {
        snprintf(buf, len, "process %d is rspd itself", pid);
    } else if (f->zombie) {
        snprintf(buf, len,
                 "process %d (%s) has exited: it is a zombie its parent has not reaped yet", pid,
                 comm);
    } else if (f->kernel_thread) {
        snprintf(buf, len, "process %d (%s) is a kernel thread, which cannot be traced", pid, comm);
    } else if (f->tracer_pid > 0 && (denied || err == -ESRCH)) {
        snprintf(buf, len,
                 "process %d (%s) is already traced by process %d (%s) (TracerPid in "
                 "/proc/%d/status); detach that debugger or tracer first",
                 pid, comm, f->tracer_pid, f->tracer_comm[0] ? f->tracer_comm : "?", pid);
    } else if (denied && f->proc_uid >= 0 && f->proc_uid != f->our_uid && !f->cap_sys_ptrace) {
        snprintf(buf, len,
                 "process %d (%s) belongs to uid %ld and rspd runs as uid %ld without "
                 "CAP_SYS_PTRACE; run rspd as uid %ld or as root",
                 pid, comm, f->proc_uid, f->our_uid, f->proc_uid);
    } else if (denied && f->ptrace_scope == 3) {
        snprintf(buf, len,
                 "Yama forbids every ptrace attach (/proc/sys/kernel/yama/ptrace_scope is 3, "
                 "fixed until reboot); start the program under rspd instead");
    } else if (denied && f->ptrace_scope == 2 && !f->cap_sys_ptrace) {
        snprintf(buf, len,
                 "Yama allows ptrace attach only with CAP_SYS_PTRACE "
                 "(/proc/sys/kernel/yama/ptrace_scope is 2); run rspd as root, or start the "
                 "program under rspd instead");
    } else if (denied && f->ptrace_scope == 1 && !f->cap_sys_ptrace) {
        snprintf(buf, len,
                 "Yama lets a process trace only its descendants "
                 "(/proc/sys/kernel/yama/ptrace_scope is 1); start the program under rspd "
                 "instead, run rspd as root (CAP_SYS_PTRACE), or allow attaching with "
                 "'sysctl kernel.yama.ptrace_scope=0'");
    } else if (denied) {
        snprintf(buf, len,
                 "%s: process %d (%s) may run a setuid program or have made itself "
                 "undumpable, or a security module (SELinux, AppArmor) forbids ptrace; try as "
                 "root",
                 strerror(-err), pid, comm);
    } else if (err == -ESRCH) {
        snprintf(buf, len, "process %d (%s) went away while rspd attached to it", pid, comm);
    } else if (err == -EXDEV) {
        snprintf(buf, len, "process %d (%s) runs a program for an architecture rspd cannot debug",
                 pid, comm);
    } else if (err == -EBUSY) {
        snprintf(buf, len, "rspd is already debugging a process");
    } else {
        snprintf(buf, len, "%s", strerror(-err));
    }
}

/* The first line of FILE starting with KEY (e.g. "TracerPid:"), its value into VAL. */
static bool linux_status_field(const char *file, const char *key, char *val, size_t len)
{
    char line[256];
    size_t klen = strlen(key);
    bool found = false;
    FILE *f = fopen(file, "re");

    if (!f)
        return false;
    while (!found && fgets(line, sizeof(line), f)) {
        if (strncmp(line, key, klen) != 0)
            continue;
        snprintf(val, len, "%s", line + klen + strspn(line + klen, " \t"));
        val[strcspn(val, "\n")] = '\0';
        found = true;
    }
    fclose(f);
    return found;
}

/* /proc/PID/comm into BUF ("" when unreadable). */
static void linux_comm(int pid, char *buf, size_t len)
{
    char path[64];
    FILE *f;

    buf[0] = '\0';
    snprintf(path, sizeof(path), "/proc/%d/comm", pid);
    f = fopen(path, "re");
    if (!f)
        return;
    if (fgets(buf, (int)len, f))
        buf[strcspn(buf, "\n")] = '\0';
    fclose(f);
}

void linux_attach_explain(struct target *t, int pid, int err, char *buf, size_t len)
{
    struct linux_attach_facts f = {.proc_uid = -1, .ptrace_scope = -1};
    char path[64], val[128];
    struct stat st;
    FILE *fp;

    (void)t;
    f.our_uid = (long)geteuid();
    snprintf(path, sizeof(path), "/proc/%d", pid);
    f.exists = pid > 0 && stat(path, &st) == 0;
    snprintf(path, sizeof(path), "/proc/self/task/%d", pid);
    f.self = pid > 0 && (pid == getpid() || access(path, F_OK) == 0);
    if (f.exists) {
        linux_comm(pid, f.comm, sizeof(f.comm));
        snprintf(path, sizeof(path), "/proc/%d/status", pid);
        if (linux_status_field(path, "State:", val, sizeof(val)))
            f.zombie = val[0] == 'Z';
        if (linux_status_field(path, "TracerPid:", val, sizeof(val)))
            f.tracer_pid = atoi(val);
        if (linux_status_field(path, "Uid:", val, sizeof(val)))
            f.proc_uid = strtol(val, NULL, 10);
        if (f.tracer_pid > 0)
            linux_comm(f.tracer_pid, f.tracer_comm, sizeof(f.tracer_comm));
        /* Field 9 of stat, after "(comm)": the task flags; PF_KTHREAD is 0x00200000. */
        snprintf(path, sizeof(path), "/proc/%d/stat", pid);
        fp = fopen(path, "re");
        if (fp) {
            char stat[512];
            size_t n = fread(stat, 1, sizeof(stat) - 1, fp);
            const char *p;
            unsigned long flags;
            stat[n] = '\0';
            p = strrchr(stat, ')');
            if (p && sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %lu", &flags) == 1)
                f.kernel_thread = (flags & 0x00200000UL) != 0;
            fclose(fp);
        }
    }
    /* CAP_SYS_PTRACE is capability 19 of our effective set. */
    if (linux_status_field("/proc/self/status", "CapEff:", val, sizeof(val)))
        f.cap_sys_ptrace = (strtoull(val, NULL, 16) >> 19) & 1;
    fp = fopen("/proc/sys/kernel/yama/ptrace_scope", "re");
    if (fp) {
        if (fscanf(fp, "%d", &f.ptrace_scope) != 1)
            f.ptrace_scope = -1;
        fclose(fp);
    }
    linux_attach_diagnose(pid, err, &f, buf, len);
}

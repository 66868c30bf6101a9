/* Several traced processes: a program's fork and vfork children join as processes of their own.
 * The current process's state lives in struct linux_target; the others are parked in struct
 * linux_proc and swapped in by linux_proc_switch, so single-process code (memory, registers,
 * breakpoints, svr4, detach) keeps working on "the" process. Also the ops that name a process
 * (set_current, thread_process, detach and kill of any one) and the fork ptrace options.
 * No protocol knowledge. Spec: ptrace(2) PTRACE_O_TRACEFORK; GDB manual "Stop Reply Packets"
 * (fork, vfork, vforkdone), D;pid, vKill. */
#include "targets/linux/linux.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

int linux_ptrace_options(const struct linux_target *lt)
{
    return LINUX_PTRACE_OPTIONS | lt->fork_opts;
}

static void linux_proc_save(const struct linux_target *lt, struct linux_proc *p)
{
    p->pid = lt->base.pid;
    p->features = lt->base.features;
    p->arch_state = lt->arch_state;
    p->lwps = lt->lwps;
    p->mem_fd = lt->mem_fd;
    p->attached = lt->attached;
    p->fork_parent = lt->fork_parent;
    p->sw = lt->sw;
}

static void linux_proc_load(struct linux_target *lt, const struct linux_proc *p)
{
    lt->base.pid = p->pid;
    lt->base.features = p->features;
    lt->arch_state = p->arch_state;
    lt->lwps = p->lwps;
    lt->mem_fd = p->mem_fd;
    lt->attached = p->attached;
    lt->fork_parent = p->fork_parent;
    lt->sw = p->sw;
}

int linux_proc_switch(struct linux_target *lt, int pid)
{
    struct linux_proc **pp = &lt->parked, *p, tmp;

    if (pid > 0 && lt->base.pid == pid)
        return 0;
    while (*pp && (*pp)->pid != pid)
        pp = &(*pp)->next;
    p = *pp;
    if (!p)
        return -ESRCH;
    if (lt->base.pid <= 0) {
        *pp = p->next;
        linux_proc_load(lt, p);
        free(p);
        return 0;
    }
    /* Swap in place: the parked slot takes the current process. */
    tmp = *p;
    linux_proc_save(lt, p);
    linux_proc_load(lt, &tmp);
    return 0;
}

int linux_proc_park(struct linux_target *lt)
{
    struct linux_proc *p;

    if (lt->base.pid <= 0)
        return 0;
    p = calloc(1, sizeof(*p));
    if (!p)
        return -ENOMEM;
    linux_proc_save(lt, p);
    p->next = lt->parked;
    lt->parked = p;
    lt->base.pid = 0;
    lt->arch_state = NULL;
    lt->lwps = NULL;
    lt->mem_fd = -1;
    lt->attached = false;
    lt->fork_parent = 0;
    memset(&lt->sw, 0, sizeof(lt->sw));
    return 0;
}

/* The fork_parent field of traced process PID, or NULL. */
static int *linux_proc_fork_parent(struct linux_target *lt, int pid)
{
    if (lt->base.pid > 0 && lt->base.pid == pid)
        return &lt->fork_parent;
    for (struct linux_proc *p = lt->parked; p; p = p->next)
        if (p->pid == pid)
            return &p->fork_parent;
    return NULL;
}

void linux_proc_announce(struct linux_target *lt, int child)
{
    int *parent = linux_proc_fork_parent(lt, child);

    if (parent)
        *parent = 0;
}

bool linux_proc_hidden(struct linux_target *lt, int pid)
{
    int *parent = linux_proc_fork_parent(lt, pid);

    return parent && *parent > 0;
}

int linux_proc_nth(struct linux_target *lt, size_t i, struct linux_lwp ***lwps)
{
    struct linux_proc *p = lt->parked;

    if (lt->base.pid <= 0)
        return 0;
    if (i == 0) {
        *lwps = &lt->lwps;
        return lt->base.pid;
    }
    for (size_t k = 1; p && k < i; k++)
        p = p->next;
    if (!p)
        return 0;
    *lwps = &p->lwps;
    return p->pid;
}

int linux_proc_of_tid(struct linux_target *lt, int tid)
{
    struct linux_lwp **head;
    int pid;

    for (size_t i = 0; (pid = linux_proc_nth(lt, i, &head)) > 0; i++)
        for (struct linux_lwp *l = *head; l; l = l->next)
            if (l->tid == tid)
                return pid;
    return -ESRCH;
}

/* Thread group id of TID from /proc/TID/status, or -errno. */
static int linux_tgid(int tid)
{
    char path[64], line[128];
    int tgid = -ESRCH;
    FILE *f;

    snprintf(path, sizeof(path), "/proc/%d/status", tid);
    f = fopen(path, "re");
    if (!f)
        return -errno;
    while (fgets(line, sizeof(line), f))
        if (sscanf(line, "Tgid: %d", &tgid) == 1)
            break;
    fclose(f);
    return tgid;
}

int linux_proc_unknown_tid(struct linux_target *lt, int tid, int status)
{
    int tgid;

    if (!lt->parked && !lt->fork_opts)
        return lt->base.pid; /* one process: a new thread of it */
    tgid = linux_tgid(tid);
    if (tgid < 0)
        return 0; /* gone already: nothing to keep */
    if (tgid != tid)
        return linux_proc_of_tid(lt, tgid) > 0 ? tgid : 0;
    /* A new process: a fork child whose first stop beat the parent's fork event. */
    if (WIFSTOPPED(status) && lt->nearly < sizeof(lt->early) / sizeof(lt->early[0]))
        lt->early[lt->nearly++] = tid;
    return 0;
}

bool linux_take_early(struct linux_target *lt, int child)
{
    for (size_t i = 0; i < lt->nearly; i++) {
        if (lt->early[i] == child) {
            lt->early[i] = lt->early[--lt->nearly];
            return true;
        }
    }
    return false;
}

/* A copy of table FROM (entries and instruction) into TO. 0 or -ENOMEM. */
static int linux_sw_copy(struct swbreak_table *to, const struct swbreak_table *from)
{
    *to = *from;
    to->v = NULL;
    to->cap = to->n;
    if (from->n == 0)
        return 0;
    to->v = malloc(from->n * sizeof(*from->v));
    if (!to->v)
        return -ENOMEM;
    memcpy(to->v, from->v, from->n * sizeof(*from->v));
    return 0;
}

int linux_proc_fork(struct linux_target *lt, int child)
{
    const void *parent_state = lt->arch_state;
    struct linux_proc *p;
    struct linux_lwp *l;
    int parent = lt->base.pid, status, rc;
    char path[64];

    if (!linux_take_early(lt, child)) {
        /* The kernel stops the child with a SIGSTOP at birth; collect it. */
        pid_t r;
        do
            r = waitpid(child, &status, __WALL);
        while (r < 0 && errno == EINTR);
        if (r < 0) {
            rc = -errno;
            linux_log_errno("waitpid(fork child)", errno);
            return rc;
        }
        if (!WIFSTOPPED(status))
            return -ESRCH;
    }
    p = calloc(1, sizeof(*p));
    l = calloc(1, sizeof(*l));
    if (!p || !l) {
        free(p);
        free(l);
        return -ENOMEM;
    }
    l->tid = child;
    p->pid = child;
    p->lwps = l;
    p->attached = lt->attached;
    p->fork_parent = parent;
    p->features = lt->base.features;
    snprintf(path, sizeof(path), "/proc/%d/mem", child);
    p->mem_fd = open(path, O_RDWR | O_CLOEXEC);
    if (p->mem_fd < 0) {
        rc = -errno;
        fprintf(stderr, "rspd: open(%s): %s\n", path, strerror(errno));
        free(p);
        free(l);
        return rc;
    }
    /* The child's memory holds the parent's breakpoint instructions: gdb removes them (z0 with
     * Hg on the child) or keeps debugging the child, so the child gets the same table. */
    rc = linux_sw_copy(&p->sw, &lt->sw);
    if (rc < 0) {
        close(p->mem_fd);
        free(p);
        free(l);
        return rc;
    }
    p->next = lt->parked;
    lt->parked = p;
    /* Arch set-up runs on the current process: make the child current for it. */
    rc = linux_proc_switch(lt, child);
    if (rc == 0) {
        rc = lt->glue->setup(lt, child);
        if (rc == 0 && lt->glue->inherit)
            rc = lt->glue->inherit(lt, parent_state);
    }
    if (rc < 0) {
        fprintf(stderr, "rspd: fork child %d: set-up failed: %s\n", child, strerror(-rc));
        ptrace(PTRACE_DETACH, child, NULL, NULL);
        linux_process_end(lt); /* forgets the child, brings a parked process back */
    }
    (void)linux_proc_switch(lt, parent);
    return rc;
}

int linux_process_attached(struct target *t, int pid)
{
    const struct linux_target *lt = (const struct linux_target *)t;

    if (pid <= 0 || pid == t->pid)
        return t->pid > 0 ? lt->attached : -ESRCH;
    for (const struct linux_proc *p = lt->parked; p; p = p->next)
        if (p->pid == pid)
            return p->attached;
    return -ESRCH;
}

int linux_set_current(struct target *t, int pid)
{
    return linux_proc_switch((struct linux_target *)t, pid);
}

int linux_thread_process(struct target *t, int tid)
{
    return linux_proc_of_tid((struct linux_target *)t, tid);
}

int linux_set_fork_events(struct target *t, bool fork, bool vfork)
{
    struct linux_target *lt = (struct linux_target *)t;
    struct linux_lwp **head;
    int pid, rc = 0;

    lt->fork_opts = (fork ? PTRACE_O_TRACEFORK : 0) |
                    (vfork ? PTRACE_O_TRACEVFORK | PTRACE_O_TRACEVFORKDONE : 0);
    /* Options are per tracee (new threads and children inherit them): set them on every
     * stopped thread now; a running one gets ESRCH and keeps the old ones. */
    for (size_t i = 0; (pid = linux_proc_nth(lt, i, &head)) > 0; i++) {
        for (struct linux_lwp *l = *head; l; l = l->next) {
            if (l->running || l->exited)
                continue;
            if (ptrace(PTRACE_SETOPTIONS, l->tid, NULL,
                       (void *)(long)(linux_ptrace_options(lt) |
                                      (lt->attached ? 0 : PTRACE_O_EXITKILL))) < 0 &&
                errno != ESRCH && rc == 0) {
                rc = -errno;
                fprintf(stderr, "rspd: ptrace(PTRACE_SETOPTIONS, %d): %s\n", l->tid,
                        strerror(errno));
            }
        }
    }
    return rc;
}

/* Run OP on process PID (current when PID <= 0), then make the process that was current
 * before current again if it is still there. */
static int linux_on_proc(struct target *t, int pid, int (*op)(struct target *, int))
{
    struct linux_target *lt = (struct linux_target *)t;
    int cur = t->pid, rc;

    if (t->pid <= 0)
        return -ESRCH;
    if (pid <= 0)
        pid = cur;
    rc = linux_proc_switch(lt, pid);
    if (rc < 0)
        return rc;
    rc = op(t, pid);
    if (cur != pid)
        (void)linux_proc_switch(lt, cur);
    return rc;
}

/* OP on the fork children of PID the client has not heard of (their parent's event is still
 * pending): gdb cannot name them, so they share their parent's fate, as with gdbserver. */
static void linux_with_hidden_children(struct target *t, int pid, int (*op)(struct target *, int))
{
    struct linux_target *lt = (struct linux_target *)t;
    bool found = true;

    if (pid <= 0)
        pid = t->pid;
    while (found) {
        found = false;
        for (struct linux_proc *p = lt->parked; p; p = p->next) {
            if (p->fork_parent == pid) {
                (void)linux_on_proc(t, p->pid, op);
                found = true;
                break; /* the list changed */
            }
        }
    }
}

int linux_detach_proc(struct target *t, int pid)
{
    linux_with_hidden_children(t, pid, linux_detach);
    return linux_on_proc(t, pid, linux_detach);
}

int linux_kill_proc(struct target *t, int pid)
{
    linux_with_hidden_children(t, pid, linux_kill);
    return linux_on_proc(t, pid, linux_kill);
}

/* Registers of a thread of any traced process: its process is made current for the call. */
static int linux_regs_any(struct target *t, int tid, void *rbuf, const void *wbuf)
{
    struct linux_target *lt = (struct linux_target *)t;
    int cur = t->pid, pid = linux_proc_of_tid(lt, tid), rc;

    if (pid > 0 && pid != cur && linux_proc_switch(lt, pid) < 0)
        pid = cur;
    rc = wbuf ? linux_write_regs(t, tid, wbuf) : linux_read_regs(t, tid, rbuf);
    if (pid > 0 && pid != cur)
        (void)linux_proc_switch(lt, cur);
    return rc;
}

int linux_read_regs_any(struct target *t, int tid, void *raw)
{
    return linux_regs_any(t, tid, raw, NULL);
}

int linux_write_regs_any(struct target *t, int tid, const void *raw)
{
    return linux_regs_any(t, tid, NULL, raw);
}

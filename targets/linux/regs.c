/* Registers and breakpoint/watchpoint ops of the Linux target: the thread checks and the
 * regset calls shared by every arch, then the arch glue (linux/<arch>.c) for the layout and
 * debug registers; software breakpoints go through swbreak. No protocol here.
 * Spec: ptrace(2) PTRACE_GETREGSET; GDB manual "Packets" g/G/p/P and Z/z. */
#include "targets/linux/linux.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>

int linux_getregset(int tid, int nt_type, const char *nt_name, void *buf, size_t *len)
{
    /* cppcheck-suppress ctuuninitvar ; BUF is the kernel's to fill, never read here */
    struct iovec iov = {buf, *len};

    if (ptrace(PTRACE_GETREGSET, tid, (void *)(long)nt_type, &iov) < 0) {
        int err = errno;
        /* EINVAL/ENODEV: the regset does not exist here; callers fall back quietly. */
        if (err != EINVAL && err != ENODEV)
            fprintf(stderr, "rspd: ptrace(PTRACE_GETREGSET, %d, %s): %s\n", tid, nt_name,
                    strerror(err));
        return -err;
    }
    *len = iov.iov_len;
    return 0;
}

int linux_setregset(int tid, int nt_type, const char *nt_name, const void *buf, size_t len)
{
    struct iovec iov = {(void *)buf, len};

    if (ptrace(PTRACE_SETREGSET, tid, (void *)(long)nt_type, &iov) < 0) {
        int err = errno;
        fprintf(stderr, "rspd: ptrace(PTRACE_SETREGSET, %d, %s): %s\n", tid, nt_name,
                strerror(err));
        return -err;
    }
    return 0;
}

/* Registers are only reachable in a stopped thread of ours. */
static int linux_stopped_lwp(struct linux_target *lt, int tid)
{
    struct linux_lwp *l;

    if (lt->base.pid <= 0)
        return -ESRCH;
    l = linux_lwp_find(lt, tid);
    if (!l)
        return -ESRCH;
    if (l->running)
        return -EBUSY;
    return 0;
}

int linux_read_regs(struct target *t, int tid, void *raw)
{
    struct linux_target *lt = (struct linux_target *)t;
    int rc = linux_stopped_lwp(lt, tid);

    if (rc < 0)
        return rc;
    return lt->glue->read_regs(lt, tid, raw);
}

int linux_write_regs(struct target *t, int tid, const void *raw)
{
    struct linux_target *lt = (struct linux_target *)t;
    int rc = linux_stopped_lwp(lt, tid);

    if (rc < 0)
        return rc;
    return lt->glue->write_regs(lt, tid, raw);
}

int linux_insert_point(struct target *t, enum point_kind kind, uint64_t addr, size_t len)
{
    struct linux_target *lt = (struct linux_target *)t;
    struct swbreak_io io;

    if (t->pid <= 0)
        return -ESRCH;
    if (kind == PT_SW_BREAK) {
        /* Z0's kind is the instruction length. */
        if (len != t->arch->break_len)
            return -EINVAL;
        io = linux_mem_io(lt);
        return swbreak_insert(&lt->sw, &io, addr);
    }
    if (!lt->glue->insert_hw)
        return -ENOSYS;
    /* Debug registers are written per thread, and only to stopped ones. */
    int rc = linux_pause(lt);
    if (rc == 0)
        rc = lt->glue->insert_hw(lt, kind, addr, len);
    int rc2 = linux_unpause(lt);
    return rc < 0 ? rc : rc2;
}

int linux_remove_point(struct target *t, enum point_kind kind, uint64_t addr, size_t len)
{
    struct linux_target *lt = (struct linux_target *)t;
    struct swbreak_io io;

    if (t->pid <= 0)
        return -ESRCH;
    if (kind == PT_SW_BREAK) {
        if (len != t->arch->break_len)
            return -EINVAL;
        io = linux_mem_io(lt);
        return swbreak_remove(&lt->sw, &io, addr);
    }
    if (!lt->glue->remove_hw)
        return -ENOSYS;
    int rc = linux_pause(lt);
    if (rc == 0)
        rc = lt->glue->remove_hw(lt, kind, addr, len);
    int rc2 = linux_unpause(lt);
    return rc < 0 ? rc : rc2;
}

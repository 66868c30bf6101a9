/* Signals: Linux signal numbers <-> gdb's target-independent numbering (protocol/signals.h,
 * a pure data header; real-time signals use the kernel's numbers 32..64, not glibc's SIGRTMIN,
 * as gdb's gdb_signal_from_host does), the pass/program signal sets, and the siginfo object
 * (PTRACE_GETSIGINFO/SETSIGINFO). No protocol text here. Spec: GDB manual, "Stop Reply
 * Packets", QPassSignals, QProgramSignals, qXfer:siginfo:read/write. */
#include "targets/linux/linux.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>

#include "protocol/signals.h"

struct linux_sigmap {
    int host;
    int gdb;
};

static const struct linux_sigmap linux_sigmap[] = {
    {SIGHUP, GDB_SIGNAL_HUP},       {SIGINT, GDB_SIGNAL_INT},   {SIGQUIT, GDB_SIGNAL_QUIT},
    {SIGILL, GDB_SIGNAL_ILL},       {SIGTRAP, GDB_SIGNAL_TRAP}, {SIGABRT, GDB_SIGNAL_ABRT},
    {SIGBUS, GDB_SIGNAL_BUS},       {SIGFPE, GDB_SIGNAL_FPE},   {SIGKILL, GDB_SIGNAL_KILL},
    {SIGUSR1, GDB_SIGNAL_USR1},     {SIGSEGV, GDB_SIGNAL_SEGV}, {SIGUSR2, GDB_SIGNAL_USR2},
    {SIGPIPE, GDB_SIGNAL_PIPE},     {SIGALRM, GDB_SIGNAL_ALRM}, {SIGTERM, GDB_SIGNAL_TERM},
    {SIGCHLD, GDB_SIGNAL_CHLD},     {SIGCONT, GDB_SIGNAL_CONT}, {SIGSTOP, GDB_SIGNAL_STOP},
    {SIGTSTP, GDB_SIGNAL_TSTP},     {SIGTTIN, GDB_SIGNAL_TTIN}, {SIGTTOU, GDB_SIGNAL_TTOU},
    {SIGURG, GDB_SIGNAL_URG},       {SIGXCPU, GDB_SIGNAL_XCPU}, {SIGXFSZ, GDB_SIGNAL_XFSZ},
    {SIGVTALRM, GDB_SIGNAL_VTALRM}, {SIGPROF, GDB_SIGNAL_PROF}, {SIGWINCH, GDB_SIGNAL_WINCH},
    {SIGIO, GDB_SIGNAL_IO},         {SIGPWR, GDB_SIGNAL_PWR},   {SIGSYS, GDB_SIGNAL_SYS},
};

/* The kernel's real-time range; glibc reserves the first two, but the kernel can still
 * deliver them and gdb numbers them. */
#define LINUX_SIGRT_FIRST 32
#define LINUX_SIGRT_LAST  64

int linux_signal_to_gdb(int host_signo)
{
    if (host_signo == 0)
        return GDB_SIGNAL_0;
    for (size_t i = 0; i < sizeof(linux_sigmap) / sizeof(linux_sigmap[0]); i++)
        if (linux_sigmap[i].host == host_signo)
            return linux_sigmap[i].gdb;
    if (host_signo == LINUX_SIGRT_FIRST)
        return GDB_SIGNAL_REALTIME_32;
    if (host_signo > LINUX_SIGRT_FIRST && host_signo < LINUX_SIGRT_LAST)
        return GDB_SIGNAL_REALTIME_33 + (host_signo - 33);
    if (host_signo == LINUX_SIGRT_LAST)
        return GDB_SIGNAL_REALTIME_64;
    return GDB_SIGNAL_UNKNOWN;
}

int linux_signal_from_gdb(int gdb_signo)
{
    if (gdb_signo == GDB_SIGNAL_0)
        return 0;
    for (size_t i = 0; i < sizeof(linux_sigmap) / sizeof(linux_sigmap[0]); i++)
        if (linux_sigmap[i].gdb == gdb_signo)
            return linux_sigmap[i].host;
    if (gdb_signo == GDB_SIGNAL_REALTIME_32)
        return LINUX_SIGRT_FIRST;
    if (gdb_signo >= GDB_SIGNAL_REALTIME_33 && gdb_signo <= GDB_SIGNAL_REALTIME_33 + 30)
        return 33 + (gdb_signo - GDB_SIGNAL_REALTIME_33);
    if (gdb_signo == GDB_SIGNAL_REALTIME_64)
        return LINUX_SIGRT_LAST;
    return -1;
}

bool linux_sig_in(uint64_t mask, int sig)
{
    return sig > 0 && sig < 64 && (mask >> sig) & 1;
}

/* SIGS (gdb numbers, N entries) as a mask of host signal bits. */
static uint64_t linux_mask_of(const bool *sigs, size_t n)
{
    uint64_t mask = 0;

    for (size_t g = 0; g < n; g++) {
        int host = sigs[g] ? linux_signal_from_gdb((int)g) : 0;
        if (host > 0 && host < 64)
            mask |= (uint64_t)1 << host;
    }
    return mask;
}

int linux_set_pass_signals(struct target *t, const bool *sigs, size_t n)
{
    ((struct linux_target *)t)->pass_mask = linux_mask_of(sigs, n);
    return 0;
}

int linux_set_program_signals(struct target *t, const bool *sigs, size_t n)
{
    ((struct linux_target *)t)->program_mask = linux_mask_of(sigs, n);
    return 0;
}

/* The thread a siginfo annex names (hex tid; empty: the leader), if it is ours and stopped. */
static int linux_siginfo_tid(struct linux_target *lt, const char *annex, int *tid)
{
    unsigned long v = 0;
    char *end;
    struct linux_lwp *l;

    if (lt->base.pid <= 0)
        return -ESRCH;
    if (annex && *annex) {
        errno = 0;
        v = strtoul(annex, &end, 16);
        if (errno || *end || v == 0 || v > INT_MAX)
            return -EINVAL;
    }
    l = linux_lwp_find(lt, v ? (int)v : lt->base.pid);
    if (!l || l->exited)
        return -ESRCH;
    if (l->running)
        return -EBUSY;
    *tid = l->tid;
    return 0;
}

/* gdb's view of a Linux siginfo is the kernel's 128 bytes (x86-64: the native layout). */
#define LINUX_SIGINFO_SIZE 128

ssize_t linux_siginfo_read(struct linux_target *lt, int tid, uint64_t off, void *buf, size_t len)
{
    uint8_t si[LINUX_SIGINFO_SIZE];

    (void)lt;
    _Static_assert(sizeof(siginfo_t) == LINUX_SIGINFO_SIZE, "siginfo_t is 128 bytes");
    if (ptrace(PTRACE_GETSIGINFO, tid, NULL, si) < 0) {
        int err = errno;
        /* EINVAL: stopped by something that is not a signal (an event stop). */
        if (err != EINVAL)
            fprintf(stderr, "rspd: ptrace(PTRACE_GETSIGINFO, %d): %s\n", tid, strerror(err));
        return -err;
    }
    if (off >= sizeof(si))
        return 0;
    if (len > sizeof(si) - off)
        len = sizeof(si) - (size_t)off;
    memcpy(buf, si + off, len);
    return (ssize_t)len;
}

ssize_t linux_siginfo_write(struct linux_target *lt, int tid, uint64_t off, const void *buf,
                            size_t len)
{
    uint8_t si[LINUX_SIGINFO_SIZE];

    (void)lt;
    if (off >= sizeof(si))
        return -EINVAL;
    if (len > sizeof(si) - off)
        len = sizeof(si) - (size_t)off;
    if (ptrace(PTRACE_GETSIGINFO, tid, NULL, si) < 0)
        return -errno;
    memcpy(si + off, buf, len);
    if (ptrace(PTRACE_SETSIGINFO, tid, NULL, si) < 0) {
        int err = errno;
        fprintf(stderr, "rspd: ptrace(PTRACE_SETSIGINFO, %d): %s\n", tid, strerror(err));
        return -err;
    }
    return (ssize_t)len;
}

ssize_t linux_xfer_siginfo(struct target *t, bool write, const char *annex, uint64_t off,
                           void *rbuf, const void *wbuf, size_t len)
{
    struct linux_target *lt = (struct linux_target *)t;
    int tid, rc = linux_siginfo_tid(lt, annex, &tid);

    if (rc < 0)
        return rc;
    return write ? linux_siginfo_write(lt, tid, off, wbuf, len)
                 : linux_siginfo_read(lt, tid, off, rbuf, len);
}

ssize_t linux_xfer_write(struct target *t, const char *object, const char *annex, uint64_t off,
                         const void *buf, size_t len)
{
    if (strcmp(object, "siginfo") != 0)
        return -ENOENT;
    return linux_xfer_siginfo(t, true, annex, off, NULL, buf, len);
}

/* Linux signal numbers <-> gdb's target-independent numbering (protocol/signals.h, a pure
 * data header). Real-time signals use the kernel's numbers (32..64), not glibc's SIGRTMIN,
 * as gdb's gdb_signal_from_host does. A table and two lookups: no syscalls here.
 * Spec: GDB manual, "Stop Reply Packets" (signal numbers are gdb's, not the host's). */
#include "targets/linux/linux.h"

#include <signal.h>

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

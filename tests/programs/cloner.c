/* Debuggee for a clone outside the thread group: clone() with neither CLONE_THREAD nor SIGCHLD
 * as exit signal is reported by ptrace as a new thread, yet heads its own thread group. The
 * clone sends itself SIGUSR1 (default action: terminate) and main reaps it, then exits 0 when it
 * died of that signal. -O0 -g. */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int child(void *arg)
{
    (void)arg;
    syscall(SYS_tkill, (pid_t)syscall(SYS_gettid), SIGUSR1);
    return 0;
}

int main(void)
{
    size_t size = 64 * 1024;
    char *stack = malloc(size);
    int status;

    if (!stack)
        return 2;
    pid_t pid = clone(child, stack + size, CLONE_FILES, NULL);
    if (pid < 0 || waitpid(pid, &status, __WALL) != pid)
        return 3;
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGUSR1 ? 0 : 4;
}

/* Debuggee for the syscall-catch scenarios: two write(2)s of known lengths, a getppid(2), a
 * kill(pid, 0) (gdb's "signal" group), then a second thread that writes once, and exit 0.
 * Line markers ("line:NAME") are substituted by the runner. -O0 -g. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

static void *writer(void *arg)
{
    (void)arg;
    write(1, "in thread\n", 10); /* line:thread-write */
    return NULL;
}

int main(void)
{
    pthread_t th;

    write(1, "first\n", 6);  /* line:first-write */
    write(1, "second\n", 7); /* line:second-write */
    getppid();
    kill(getpid(), 0); /* line:kill */
    if (pthread_create(&th, NULL, writer, NULL) != 0)
        return 3;
    pthread_join(th, NULL);
    return 0; /* line:done */
}

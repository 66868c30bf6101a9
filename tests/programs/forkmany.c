/* Debuggee for faults.sh: forks argv[1] (default 1000) children, a few at a time. Each child
 * checks that nobody traces it (TracerPid 0 in /proc/self/status; a debugger that did not ask
 * for fork events must not keep its children) and exits 0, or 1 if it stays traced for a
 * second. The parent reaps every child and exits with the number of traced or failed children
 * (capped at 255), so "exited normally" means every child ran free. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int tracer_pid(void)
{
    char line[256];
    int pid = -1;
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return -1;
    while (fgets(line, sizeof(line), f))
        if (strncmp(line, "TracerPid:", 10) == 0)
            pid = atoi(line + 10);
    fclose(f);
    return pid;
}

static void child(void)
{
    struct timespec ms = {0, 1000000};
    for (int i = 0; i < 1000; i++) {
        if (tracer_pid() == 0)
            _exit(0);
        nanosleep(&ms, NULL);
    }
    _exit(1);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1000, bad = 0, running = 0;
    for (int i = 0; i < n; i++) {
        pid_t p = fork();
        if (p < 0) {
            perror("fork");
            bad++;
            continue;
        }
        if (p == 0)
            child();
        if (++running >= 8) {
            int st;
            if (wait(&st) > 0 && !(WIFEXITED(st) && WEXITSTATUS(st) == 0))
                bad++;
            running--;
        }
    }
    for (int st; running > 0; running--)
        if (wait(&st) > 0 && !(WIFEXITED(st) && WEXITSTATUS(st) == 0))
            bad++;
    printf("forkmany: %d children, %d traced or failed\n", n, bad);
    return bad > 255 ? 255 : bad;
}

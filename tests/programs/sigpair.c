/* Debuggee for two threads stopped with signals at once. Two workers publish their tids and
 * spin until their SIGUSR1 handler has run (5 s at most); main calls ready() once both run, then
 * joins them and exits 0 when both handlers ran, 1 otherwise. A scenario stops at ready() and
 * sends SIGUSR1 to both (stopped) workers from gdb itself, so both report it as soon as they are
 * resumed. -O0 -g -pthread. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

volatile pid_t tids[2];
static volatile sig_atomic_t hit[2];

void ready(void);

static void on_usr1(int sig)
{
    (void)sig;
    pid_t self = (pid_t)syscall(SYS_gettid);
    for (int i = 0; i < 2; i++)
        if (tids[i] == self)
            hit[i] = 1;
}

static void *worker(void *arg)
{
    int i = (int)(long)arg;
    time_t end = time(NULL) + 5;
    tids[i] = (pid_t)syscall(SYS_gettid);
    while (!hit[i] && time(NULL) < end)
        ;
    return NULL;
}

void ready(void)
{
    tids[0] += 0; /* line:ready */
}

int main(void)
{
    pthread_t th[2];
    signal(SIGUSR1, on_usr1);
    for (long i = 0; i < 2; i++)
        pthread_create(&th[i], NULL, worker, (void *)i);
    while (!tids[0] || !tids[1])
        ;
    ready();
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    printf("hits %d %d\n", (int)hit[0], (int)hit[1]);
    return hit[0] && hit[1] ? 0 : 1;
}

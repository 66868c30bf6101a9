/* Debuggee for the attach tests (tests/integration/attach.sh, tests/unit/check_attach.c).
 * usage: attach MARKER [WORKERS [churn|chain]]
 * Starts WORKERS threads that count, and with "churn" one more thread that keeps creating and
 * joining short-lived threads, with "chain" CHAINS chains of detached threads that each create
 * the next and exit (as gdb.threads/attach-many-short-lived-threads.exp does), so threads come and
 * go while a debugger attaches. Once they run
 * it writes "ready WORKERS ADDR PID\n" to MARKER (ADDR: &attach_done). It then loops, calling
 * attach_tick() on every turn (a place for a breakpoint), until a debugger has set attach_done
 * to 1 and is gone again (TracerPid 0). Then it checks that every worker still makes progress,
 * appends "attach: ran on after detach, N workers\n" to MARKER and exits 0 (4 if a worker
 * stalled). It exits 3 if nobody set attach_done within 120 s. */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_WORKERS 64
#define CHAINS      32 /* "chain": how many chains run side by side */

volatile int attach_done;
volatile unsigned long attach_ticks;
static volatile unsigned long counts[MAX_WORKERS];
static volatile int stop;

void attach_tick(void)
{
    attach_ticks++; /* line:attach-tick */
}

static void *worker(void *arg)
{
    volatile unsigned long *count = arg;

    while (!stop) {
        (*count)++;
        usleep(1000);
    }
    return NULL;
}

static void *nothing(void *arg)
{
    return arg;
}

static void *churn(void *arg)
{
    (void)arg;
    while (!stop) {
        pthread_t t;
        if (pthread_create(&t, NULL, nothing, NULL) == 0)
            pthread_join(t, NULL);
    }
    return NULL;
}

/* One link of the chain: start the next link, then end. */
static void *link_of_chain(void *arg)
{
    pthread_t next;
    pthread_attr_t attr;

    if (stop)
        return arg;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    while (pthread_create(&next, &attr, link_of_chain, NULL) != 0 && !stop)
        usleep(100);
    pthread_attr_destroy(&attr);
    return arg;
}

static int tracer_pid(void)
{
    char line[256];
    int pid = -1;
    FILE *f = fopen("/proc/self/status", "r");

    while (f && fgets(line, sizeof(line), f))
        if (sscanf(line, "TracerPid: %d", &pid) == 1)
            break;
    if (f)
        fclose(f);
    return pid;
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    pthread_t threads[MAX_WORKERS + 1];
    unsigned long before[MAX_WORKERS];
    int workers = argc > 2 ? atoi(argv[2]) : 0;
    bool with_churn = argc > 3 && strcmp(argv[3], "churn") == 0;
    bool with_chain = argc > 3 && strcmp(argv[3], "chain") == 0;
    int nthreads = 0, stalled = 0;
    double start = now();
    FILE *marker;

    if (argc < 2 || workers < 0 || workers > MAX_WORKERS) {
        fprintf(stderr, "usage: attach MARKER [WORKERS [churn]]\n");
        return 2;
    }
    for (int i = 0; i < workers; i++)
        if (pthread_create(&threads[nthreads++], NULL, worker, (void *)&counts[i]) != 0)
            return 1;
    if (with_churn && pthread_create(&threads[nthreads++], NULL, churn, NULL) != 0)
        return 1;
    for (int i = 0; with_chain && i < CHAINS; i++) {
        pthread_t first;
        if (pthread_create(&first, NULL, link_of_chain, NULL) != 0 || pthread_detach(first) != 0)
            return 1;
    }
    marker = fopen(argv[1], "w");
    if (!marker) {
        perror(argv[1]);
        return 1;
    }
    fprintf(marker, "ready %d %p %d\n", workers, (void *)&attach_done, (int)getpid());
    fflush(marker);

    while (!(attach_done && tracer_pid() == 0)) {
        attach_tick();
        if (!attach_done && now() - start > 120)
            return 3;
        usleep(2000);
    }
    for (int i = 0; i < workers; i++)
        before[i] = counts[i];
    usleep(100 * 1000);
    for (int i = 0; i < workers; i++)
        stalled += counts[i] == before[i];
    stop = 1;
    for (int i = 0; i < nthreads; i++)
        pthread_join(threads[i], NULL);
    if (stalled) {
        fprintf(marker, "attach: %d of %d workers stalled after detach\n", stalled, workers);
        fclose(marker);
        return 4;
    }
    fprintf(marker, "attach: ran on after detach, %d workers\n", workers);
    return fclose(marker) == 0 ? 0 : 1;
}

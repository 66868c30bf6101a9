/* Debuggee for faults.sh: argv[1] (default 32) threads call hit() in a loop while the main
 * thread sleeps argv[2] ms (default 300) and then exits the whole process with status 0. With a
 * breakpoint on hit() the debugger stops every thread again and again, so the exit lands while
 * threads are being stopped. "line:" markers are not needed: the breakpoint is by name. */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

volatile unsigned long hits;

void hit(void)
{
    __atomic_add_fetch(&hits, 1, __ATOMIC_RELAXED);
}

static void *worker(void *arg)
{
    (void)arg;
    for (;;)
        hit();
    return NULL;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 32;
    long ms = argc > 2 ? atol(argv[2]) : 300;
    pthread_t t;
    for (int i = 0; i < n; i++)
        pthread_create(&t, NULL, worker, NULL);
    struct timespec d = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&d, NULL);
    exit(0);
}

/* Debuggee for the many-thread scenarios and scripts/bench: argv[1] threads (default 200)
 * wait at a barrier, then all call hit(id) at once, so breakpoint hits collide. Prints
 * "hits N" at the end (N = threads that returned from hit). -O0 -g. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_barrier_t start;
static int returned;
volatile int last_id;

void hit(int id);

void hit(int id)
{
    last_id = id; /* line:hit */
}

static void *worker(void *arg)
{
    pthread_barrier_wait(&start);
    hit((int)(intptr_t)arg);
    __atomic_add_fetch(&returned, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 200;
    pthread_t *th = calloc((size_t)n, sizeof(*th));
    pthread_attr_t attr;

    if (!th || n <= 0)
        return 2;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    pthread_barrier_init(&start, NULL, (unsigned)n);
    for (int i = 0; i < n; i++)
        if (pthread_create(&th[i], &attr, worker, (void *)(intptr_t)i) != 0)
            return 3;
    for (int i = 0; i < n; i++)
        pthread_join(th[i], NULL);
    printf("hits %d\n", returned);
    free(th);
    return 0;
}

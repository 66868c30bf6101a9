/* Debuggee for a thread group whose leader has exited: main starts a worker and calls
 * pthread_exit; the worker waits for main to be gone, calls checkpoint() and exits the process
 * with status 0 when it returns. -O0 -g -pthread. */
#include <pthread.h>

static pthread_t leader;

void checkpoint(void);

void checkpoint(void)
{
    leader += 0; /* line:checkpoint */
}

static void *worker(void *arg)
{
    pthread_join(leader, NULL);
    checkpoint();
    return arg;
}

int main(void)
{
    pthread_t th;
    leader = pthread_self();
    pthread_create(&th, NULL, worker, NULL);
    pthread_exit(NULL);
}

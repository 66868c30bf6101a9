/* Debuggee for attach tests: main and three workers sleep in a loop until killed, so every
 * thread is there, blocked, whenever a server attaches. -O0 -g -pthread. */
#include <pthread.h>
#include <unistd.h>

static void *sleeper(void *arg)
{
    for (;;)
        sleep(1);
    return arg;
}

int main(void)
{
    pthread_t th[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&th[i], NULL, sleeper, NULL);
    for (;;)
        sleep(1);
}

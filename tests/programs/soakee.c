/* Debuggee for scripts/soak: runs until killed. The main thread calls soak_tick() on every turn
 * and keeps up to 8 short-lived worker threads going (each runs soak_work() 20 times over some
 * 20 ms and exits: thread churn). soak_buf is only read by the program, so the debugger's writes to
 * it must read back unchanged; soak_counter changes on every tick (a watchpoint target). -O0 -g. */
#include <pthread.h>
#include <unistd.h>

volatile unsigned char soak_buf[4096];
volatile unsigned long soak_counter;
volatile unsigned long soak_sum;
static int workers;

__attribute__((noinline)) int soak_leaf(int x)
{
    return x * 3 + 1;
}

__attribute__((noinline)) void soak_work(int n)
{
    for (int i = 0; i < n; i++)
        soak_sum += (unsigned long)soak_leaf(i) + soak_buf[i & 4095];
}

static void *worker(void *arg)
{
    for (int k = 0; k < 20; k++) { /* a life of some 20 ms: a few alive at any time */
        soak_work(100 + (int)(long)arg);
        usleep(1000);
    }
    __atomic_sub_fetch(&workers, 1, __ATOMIC_RELAXED);
    return NULL;
}

__attribute__((noinline)) void soak_tick(void)
{
    soak_counter++;
}

int main(void)
{
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    for (unsigned long n = 0;; n++) {
        soak_tick();
        if (n % 4 == 0 && __atomic_load_n(&workers, __ATOMIC_RELAXED) < 8) {
            pthread_t t;
            __atomic_add_fetch(&workers, 1, __ATOMIC_RELAXED);
            if (pthread_create(&t, &attr, worker, (void *)(n % 1000)) != 0)
                __atomic_sub_fetch(&workers, 1, __ATOMIC_RELAXED);
        }
        usleep(200);
    }
}

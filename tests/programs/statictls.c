/* Debuggee for thread-local storage in a static program (no link_map list, so gdb names no
 * module in qGetTLSAddr): main and one worker each set their copy of tls_value (11 and 22) and
 * call tls_check() (the worker first, main after joining it). Linked -static. -O0 -g. */
#include <pthread.h>

__thread int tls_value = 1;

void tls_check(void);

void tls_check(void)
{
    tls_value += 0; /* line:check */
}

static void *worker(void *arg)
{
    tls_value = 22;
    tls_check();
    return arg;
}

int main(void)
{
    pthread_t th;
    tls_value = 11;
    pthread_create(&th, NULL, worker, NULL);
    pthread_join(th, NULL);
    tls_check();
    return 0;
}

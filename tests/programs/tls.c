/* Debuggee for the thread-local storage scenario: main and a second thread each give their own
 * copy of the __thread variable tls_value a different value (11 in main, 22 in the thread) and
 * stop in tls_check() with it set, one after the other (the thread first, main once it has
 * joined). Line markers ("line:NAME") are substituted by the runner. -O0 -g. */
#include <pthread.h>
#include <stdio.h>

__thread int tls_value = 5;
__thread char tls_name[16] = "unset";

void tls_check(int expect);

void tls_check(int expect)
{
    if (tls_value != expect) /* line:check */
        printf("tls_value %d, expected %d\n", tls_value, expect);
}

static void *worker(void *arg)
{
    (void)arg;
    tls_value = 22;
    snprintf(tls_name, sizeof(tls_name), "worker");
    tls_check(22);
    return NULL;
}

int main(void)
{
    pthread_t th;

    tls_value = 11;
    snprintf(tls_name, sizeof(tls_name), "main");
    if (pthread_create(&th, NULL, worker, NULL) != 0)
        return 3;
    pthread_join(th, NULL);
    tls_check(11);
    printf("tls done %d\n", tls_value);
    return 0;
}

/* Debuggee for the Linux target unit tests (tests/unit/check_linux.c): argv[1] picks a
 * scenario. The tests find functions and globals through the symbol table, so keep the tgt_*
 * names. -O0 -g; nothing here may depend on optimisation. */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

volatile int tgt_global;
volatile unsigned long tgt_spins;
unsigned long tgt_count; /* tgt_counted() calls, from any thread */
static int tgt_calls;    /* "counted": calls each thread makes */
static volatile sig_atomic_t tgt_got_usr1;

void tgt_marker(void);
void tgt_write(void);
void tgt_exit42(void);

/* Where breakpoints go. */
void tgt_marker(void)
{
    tgt_spins++;
}

/* Where conditional breakpoints go: counts every call, so a test sees that a breakpoint
 * stepped over ran the instruction under it exactly once. */
void tgt_counted(void);
void tgt_counted(void)
{
    __atomic_fetch_add(&tgt_count, 1, __ATOMIC_RELAXED);
}

static void *tgt_counting_thread(void *arg)
{
    (void)arg;
    for (int i = 0; i < tgt_calls; i++)
        tgt_counted();
    return NULL;
}

/* The watched store. */
void tgt_write(void)
{
    tgt_global = 42;
}

/* A test jumps here by writing rip: exit(42) by raw syscall, valid from any context. */
void tgt_exit42(void)
{
    __asm__ volatile("mov $60, %eax\n\tmov $42, %edi\n\tsyscall");
}

static void tgt_on_usr1(int sig)
{
    (void)sig;
    tgt_got_usr1 = 1;
}

static void *tgt_thread(void *arg)
{
    (void)arg;
    tgt_marker();
    return NULL;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "break";

    if (strcmp(mode, "break") == 0) {
        tgt_marker();
        return 0;
    }
    if (strcmp(mode, "watch") == 0) {
        tgt_write();
        return tgt_global == 42 ? 0 : 1;
    }
    if (strcmp(mode, "segv") == 0) {
        *(volatile int *)0 = 1;
        return 0;
    }
    if (strcmp(mode, "spin") == 0) {
        for (;;)
            tgt_spins++;
    }
    if (strcmp(mode, "exit") == 0)
        return argc > 2 ? atoi(argv[2]) : 0;
    if (strcmp(mode, "signal") == 0) {
        signal(SIGUSR1, tgt_on_usr1);
        raise(SIGUSR1);
        return tgt_got_usr1 ? 10 : 20;
    }
    if (strcmp(mode, "exec") == 0) {
        char *args[] = {argv[0], "exit", "5", NULL};
        execv(argv[0], args);
        return 4;
    }
    if (strcmp(mode, "counted") == 0) {
        /* counted THREADS CALLS: THREADS threads (0: main alone) call tgt_counted CALLS times;
         * exit 0 when every call was counted once. */
        int nthreads = argc > 2 ? atoi(argv[2]) : 0;
        pthread_t th[16];
        tgt_calls = argc > 3 ? atoi(argv[3]) : 1;
        if (nthreads < 0 || nthreads > 16)
            return 3;
        if (nthreads == 0)
            tgt_counting_thread(NULL);
        for (int i = 0; i < nthreads; i++)
            if (pthread_create(&th[i], NULL, tgt_counting_thread, NULL) != 0)
                return 3;
        for (int i = 0; i < nthreads; i++)
            pthread_join(th[i], NULL);
        unsigned long want = (unsigned long)(nthreads ? nthreads : 1) * (unsigned long)tgt_calls;
        return tgt_count == want ? 0 : 1;
    }
    if (strcmp(mode, "thread") == 0) {
        pthread_t th;
        if (pthread_create(&th, NULL, tgt_thread, NULL) != 0)
            return 3;
        pthread_join(th, NULL);
        tgt_marker();
        return 0;
    }
    return 2;
}

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
static volatile sig_atomic_t tgt_got_usr1;

void tgt_marker(void);
void tgt_write(void);
void tgt_exit42(void);

/* Where breakpoints go. */
void tgt_marker(void)
{
    tgt_spins++;
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

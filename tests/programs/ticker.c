/* Debuggee for stepping while signals arrive: a 2 ms interval timer sends SIGALRM, whose
 * handler counts ticks; main spins on one line until 20 ticks have come, then calls done().
 * gdb's `next` over the spin line must step over every handler run (the server reports each
 * signal to a stepping thread instead of passing it silently). -O0 -g. */
#include <signal.h>
#include <stdio.h>
#include <sys/time.h>

volatile sig_atomic_t ticks;

void done(void);

static void on_alarm(int sig)
{
    (void)sig;
    ticks++;
}

void done(void)
{
    struct itimerval off = {0};
    setitimer(ITIMER_REAL, &off, NULL); /* line:done */
}

int main(void)
{
    struct itimerval every = {{0, 2000}, {0, 2000}};
    signal(SIGALRM, on_alarm);
    setitimer(ITIMER_REAL, &every, NULL);
    while (ticks < 20) /* line:spin */
        ;
    done(); /* line:after */
    printf("ticks %d\n", (int)ticks);
    return 0;
}

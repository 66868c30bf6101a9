/* Debuggee for the signal scenarios: raises SIGUSR1 three times (a handler counts them in
 * usr1), then calls checkpoint(), then prints "usr1 N" and exits 0. gdb may pass, stop on or
 * add signals (handle ..., signal SIGUSR1). -O0 -g. */
#include <signal.h>
#include <stdio.h>

volatile sig_atomic_t usr1;

void checkpoint(void);

static void on_usr1(int sig)
{
    (void)sig;
    usr1++;
}

void checkpoint(void)
{
    usr1 += 0; /* line:checkpoint */
}

int main(void)
{
    signal(SIGUSR1, on_usr1);
    for (int i = 0; i < 3; i++)
        raise(SIGUSR1); /* line:raise */
    checkpoint();
    printf("usr1 %d\n", (int)usr1);
    return 0;
}

/* Debuggee that dies of SIGSEGV: writes through the bad pointer 0x10, so a server must report
 * "Program received signal SIGSEGV" and (with qXfer:siginfo) si_addr == 0x10.
 * Nothing else happens here; do not catch the signal. */
#include <stdio.h>

static void crash(int *where)
{
    *where = 42; /* line:fault */
}

int main(void)
{
    puts("segv: about to write through 0x10");
    fflush(stdout);
    crash((int *)0x10);
    return 0;
}

/* Debuggee that loops until killed, calling tick() on every turn so a breakpoint has a place to
 * land. Used by the kill and interrupt scenarios: it must never exit on its own. */
#include <unistd.h>

volatile unsigned long ticks;

void tick(void)
{
    ticks++; /* line:tick-body */
}

int main(void)
{
    for (;;) {
        tick();
        if ((ticks & 0xffff) == 0)
            usleep(1000);
    }
}

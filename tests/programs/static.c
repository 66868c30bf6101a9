/* Debuggee linked with -static (see the Makefile): no dynamic section, no shared libraries.
 * Stops in static_mark(), then exits with status 7 so the scenario sees it ran to the end. */
#include <stdio.h>

int static_counter;

int static_mark(int v)
{
    static_counter += v; /* line:static-mark */
    return static_counter;
}

int main(void)
{
    static_mark(3);
    static_mark(4);
    printf("static: counter %d\n", static_counter);
    return static_counter;
}

/* Debuggee for the breakpoint, stepping, printing, register and watchpoint scenarios.
 * Scenarios find lines by their markers ("line:NAME" comments, substituted by the runner as
 * @LINE:break.c:NAME@), so keep each marker on the line it names. Plain C, no tricks: every
 * value a scenario checks is fixed here (origin, greeting, table, watched, the vector pattern).
 * Not a test of the compiler: -O0 -g, nothing here may depend on optimisation. */
#include <stdio.h>

struct point {
    int x;
    int y;
    const char *name;
};

int watched; /* written three times by writes(), read twice by reads() */
unsigned int table[8] = {0x11111111, 0x22222222, 0x33333333, 0x44444444,
                         0x55555555, 0x66666666, 0x77777777, 0x88888888};

int square(int v) /* callable from gdb: print square(3) */
{
    return v * v; /* line:square-body */
}

static int add(int a, int b)
{
    int sum = a + b; /* line:add-body */
    return sum;
}

int compute(int n)
{
    int total = 0;
    for (int i = 0; i < n; i++) { /* line:loop-head */
        total += add(i, i);       /* line:loop-body */
    }
    return total; /* line:after-loop */
}

static void writes(void)
{
    watched = 1; /* line:write-1 */
    watched = 2; /* line:write-2 */
    watched = 3; /* line:write-3 */
}

static int reads(void)
{
    int s = 0;
    s += watched; /* line:read-1 */
    s += watched; /* line:read-2 */
    return s;
}

/* Loads a known pattern into ymm0 (int32 lanes 1..8) so that $xmm0 and $ymm0 have values a
 * server can only get right by reading the FP/XSAVE state. The caller breaks on the next line. */
static void load_vectors(void)
{
#if defined(__x86_64__) || defined(__i386__)
    static const int lanes[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    if (__builtin_cpu_supports("avx"))
        __asm__ volatile("vmovdqu %0, %%ymm0" : : "m"(lanes) : "xmm0");
    else
        __asm__ volatile("movdqu %0, %%xmm0" : : "m"(lanes) : "xmm0");
#endif
}

int main(void)
{
    struct point origin = {3, 4, "origin"};
    const char *greeting = "hello, rspd";
    int count = 4;
    int total;
    int sum;
    int sq;

    total = compute(count); /* line:call-compute */
    writes();               /* line:call-writes */
    sum = reads();
    load_vectors();
    sq = square(count); /* line:after-vectors */
    printf("origin.x=%d origin.y=%d name=%s\n", origin.x, origin.y, origin.name);
    printf("%s total=%d sum=%d square=%d table[0]=%#x\n", greeting, total, sum, sq, table[0]);
    return 0; /* line:main-return */
}

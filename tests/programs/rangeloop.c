/* Debuggee for range stepping (vCont;r): count() runs a loop of LIMIT turns (1000 unless a test
 * writes more), so one range step over the function crosses thousands of instructions, and
 * count_mid labels an instruction inside the loop body where a breakpoint can sit inside the
 * range. Exits 0 when every turn ran. -O0 -g; the label is plain assembly, so it stays where it
 * is written. */
volatile unsigned long turns;
volatile unsigned long limit = 1000;

void count(void);

void count(void)
{
    for (unsigned long i = 0; i < limit; i++) {
        turns++;
        __asm__ volatile(".globl count_mid\ncount_mid:");
    }
}

int main(void)
{
    count();
    return turns == limit ? 0 : 1;
}

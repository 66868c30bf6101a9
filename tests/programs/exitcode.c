/* Debuggee that exits with status 7, so gdb must print "exited with code 07".
 * No output and no signals: the exit status is the whole test. */
#include <stdlib.h>

int main(void)
{
    exit(7);
}

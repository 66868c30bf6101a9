/* Debuggee that prints its argument vector, one "argv[i]=<arg>" line each, then exits 0, so a
 * scenario can check the server passed PROG ARGS through unchanged. */
#include <stdio.h>

int main(int argc, char **argv)
{
    printf("argc=%d\n", argc); /* line:print-argc */
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=%s\n", i, argv[i]);
    return 0;
}

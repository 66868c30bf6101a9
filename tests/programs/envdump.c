/* Debuggee for extended-mode tests: prints its arguments, two environment variables and its
 * working directory, one "key=<value>" line each, then exits with argc. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    char cwd[4096];
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=<%s>\n", i, argv[i]);
    printf("RSPD_T_SET=<%s>\n", getenv("RSPD_T_SET") ? getenv("RSPD_T_SET") : "(unset)");
    printf("RSPD_T_GONE=<%s>\n", getenv("RSPD_T_GONE") ? getenv("RSPD_T_GONE") : "(unset)");
    printf("cwd=<%s>\n", getcwd(cwd, sizeof(cwd)) ? cwd : "?");
    fflush(stdout);
    return argc; /* line:envdump-return */
}

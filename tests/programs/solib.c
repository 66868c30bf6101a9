/* Debuggee for the shared-library scenarios: loads the library argv[1] (libsolib.so, by path)
 * with dlopen, calls its solib_answer(), unloads it and exits 0 when the answer was 42.
 * before_dlopen(), after_dlopen() and after_dlclose() mark the moments a scenario stops at.
 * Built as the compiler's default, a PIE. */
#include <dlfcn.h>
#include <stdio.h>

volatile int solib_stage; /* 1 before the dlopen, 2 after it, 3 after the dlclose */

void before_dlopen(void)
{
    solib_stage = 1; /* line:before-dlopen */
}

void after_dlopen(void)
{
    solib_stage = 2; /* line:after-dlopen */
}

void after_dlclose(void)
{
    solib_stage = 3; /* line:after-dlclose */
}

int main(int argc, char **argv)
{
    int (*answer)(int);
    void *h;
    int r;

    if (argc < 2) {
        fprintf(stderr, "usage: solib LIBRARY\n");
        return 2;
    }
    before_dlopen();
    h = dlopen(argv[1], RTLD_NOW);
    if (!h) {
        fprintf(stderr, "solib: %s\n", dlerror());
        return 1;
    }
    *(void **)&answer = dlsym(h, "solib_answer");
    if (!answer) {
        fprintf(stderr, "solib: %s\n", dlerror());
        return 1;
    }
    after_dlopen();
    r = answer(20);
    printf("solib: answer %d\n", r);
    fflush(stdout);
    dlclose(h);
    after_dlclose();
    return r == 42 ? 0 : 1;
}

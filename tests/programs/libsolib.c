/* The library tests/programs/solib.c loads with dlopen (built as libsolib.so): one function,
 * so a pending breakpoint on it resolves only once the library is mapped. */
int solib_answer(int x);

int solib_answer(int x)
{
    int r = 2 * x + 2; /* line:solib-answer */
    return r;
}

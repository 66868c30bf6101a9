/* The debuggee of `make demo`: a small, friendly program to show rspd driving gdb. It fills a
 * struct, sums a few coins in a loop through a function that takes arguments, prints the total
 * and exits 0. Keep it short and readable: its source appears in the demo's output. */
#include <stdio.h>

struct wallet {
    const char *owner;
    int coins[4];
    int total;
};

static int add_coin(struct wallet *w, int value)
{
    w->total += value; /* line:add-coin */
    return w->total;
}

int main(void)
{
    struct wallet w = {"ada", {1, 2, 5, 10}, 0};

    for (int i = 0; i < 4; i++)
        add_coin(&w, w.coins[i]);
    printf("%s has %d coins worth %d\n", w.owner, 4, w.total);
    return 0;
}

/* Debuggee for the thread scenarios: three named workers ("worker1".."worker3") park in
 * parked(id) until main has seen them all and passed all_parked(); then each calls tick(id)
 * three times and exits. A fourth thread, "spinner", calls spin_hit() in a loop until main
 * has stepped over the lines of stepper() (with argument "spin"), so a breakpoint on spin_hit
 * fires while gdb steps main (or must not, under scheduler-locking). Line markers ("line:NAME") are
 * substituted by the runner. -O0 -g. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define WORKERS 3

static volatile int go;
static int parked_count;
static volatile int stop_spinning;
volatile int ticks[WORKERS + 1];
volatile unsigned long spin_hits;
volatile unsigned long slow_sum;

void parked(int id);
void tick(int id);
void all_parked(void);
void spin_hit(void);
void stepper(void);
void slow_work(void);

void parked(int id)
{
    __atomic_add_fetch(&parked_count, 1, __ATOMIC_SEQ_CST);
    while (!go) /* line:parked */
        ;
    (void)id;
}

void tick(int id)
{
    ticks[id]++; /* line:tick */
}

static void *worker(void *arg)
{
    int id = (int)(intptr_t)arg;

    parked(id);
    for (int i = 0; i < 3; i++)
        tick(id);
    return NULL;
}

void spin_hit(void)
{
    spin_hits++; /* line:spin-hit */
}

static void *spinner(void *arg)
{
    (void)arg;
    while (!stop_spinning)
        spin_hit();
    return NULL;
}

void all_parked(void)
{
    go = 0; /* line:all-parked */
}

void slow_work(void)
{
    for (unsigned long i = 0; i < 200000000ul; i++)
        slow_sum += i;
}

/* gdb steps over these lines while the spinner runs; the loop stays on one line (one "next"). */
// clang-format off
void stepper(void)
{
    for (int i = 0; i < 2000; i++) slow_sum += (unsigned)i; /* line:short-loop */
    slow_work();                                          /* line:slow */
    stop_spinning = 1;                                    /* line:after-slow */
}
// clang-format on

int main(int argc, char **argv)
{
    pthread_t th[WORKERS], sp;
    char name[16];

    (void)argv;
    for (int i = 1; i <= WORKERS; i++) {
        if (pthread_create(&th[i - 1], NULL, worker, (void *)(intptr_t)i) != 0)
            return 3;
        snprintf(name, sizeof(name), "worker%d", i);
        pthread_setname_np(th[i - 1], name);
    }
    while (__atomic_load_n(&parked_count, __ATOMIC_SEQ_CST) < WORKERS)
        ;
    all_parked();
    go = 1;
    for (int i = 0; i < WORKERS; i++)
        pthread_join(th[i], NULL);
    printf("ticks %d %d %d\n", ticks[1], ticks[2], ticks[3]);
    if (argc > 1) {
        if (pthread_create(&sp, NULL, spinner, NULL) != 0)
            return 3;
        pthread_setname_np(sp, "spinner");
        stepper();
        pthread_join(sp, NULL);
        printf("spinner done\n");
    }
    return 0;
}

/* A target over plain memory, for session tests without ptrace (after LLDB's MockProcess):
 * one process with FAKE_THREADS threads, FAKE_MEM_SIZE bytes of memory at FAKE_MEM_BASE,
 * registers in a raw block, a log of calls, and scripted stop events. */
#ifndef RSPD_TESTS_UNIT_FAKE_TARGET_H
#define RSPD_TESTS_UNIT_FAKE_TARGET_H

#include <stdint.h>

#include "targets/target.h"

#define FAKE_MEM_BASE 0x400000u
#define FAKE_MEM_SIZE 0x10000u
#define FAKE_PID      0x100
#define FAKE_THREADS  3
#define FAKE_EVENTS   8

struct fake_target {
    struct target base; /* first member */
    uint8_t mem[FAKE_MEM_SIZE];
    uint8_t *regs[FAKE_THREADS]; /* arch raw blocks */
    int tids[FAKE_THREADS];
    char log[4096]; /* "resume(tid=-1,step=0,sig=0);insert(0,400010,1);..." */
    struct stop_event events[FAKE_EVENTS];
    unsigned nevents;
    int points;      /* inserted points */
    uint64_t sw[16]; /* software breakpoints: inserting one again adds nothing,
                        as Z0 is idempotent (targets/swbreak.c) */
    int nsw;
    bool killed, detached;
    uint8_t siginfo[128];       /* the "siginfo" object (every thread shares it) */
    bool resumed[FAKE_THREADS]; /* what thread_resumed answers (non-stop '?'); set by tests */
    int attach_signo; /* attach(FAKE_PID) succeeds with this as t->attach_signo (others: EPERM) */
    int dead_tid;     /* its registers fail with ESRCH: killed while stopped */
};

struct fake_target *fake_target_create(void);
void fake_target_free(struct fake_target *f);
/* Queue an event that next_event will return. */
void fake_target_push_event(struct fake_target *f, struct stop_event ev);

#endif

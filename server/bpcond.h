/* The client's code breakpoints (Z0/Z1) with their target-side conditions and commands
 * (ConditionalBreakpoints, BreakpointCommands), and the target hit hook that evaluates them
 * where the hit happens: a hit is reported only when the point has no condition or one of
 * them is non-zero (an evaluation error counts as true, so the user still sees the stop);
 * a point with commands (gdb's agent-style dprintf) runs them instead of stopping.
 * Spec: GDB manual, "Packets" > Z0 (cond_list, cmd_list), "Agent Expressions". */
#ifndef RSPD_SERVER_BPCOND_H
#define RSPD_SERVER_BPCOND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "protocol/ax.h"
#include "targets/target.h"

struct session;
struct zpoint;

/* One Z0/Z1 point the client inserted in process PID. */
struct bpcond_point {
    int pid;
    enum point_kind kind; /* PT_SW_BREAK or PT_HW_BREAK */
    uint64_t addr;
    uint8_t *code;         /* owned: the bytes of every expression */
    struct ax_expr *exprs; /* owned: NCONDS conditions, then NCMDS commands (into CODE) */
    size_t nconds, ncmds;
    int persist;
};

struct bpcond_table {
    struct bpcond_point *v; /* owned */
    size_t n, cap;
    uint8_t *raw; /* one thread's register block, read for `reg` (owned) */
    size_t raw_size;
    uint64_t hits, declined, errors; /* evaluations, hits not reported, evaluation errors */
};

void bpcond_init(struct bpcond_table *tab);
void bpcond_fini(struct bpcond_table *tab);

/* The point of PID of KIND at ADDR, or NULL. */
struct bpcond_point *bpcond_find(struct bpcond_table *tab, int pid, enum point_kind kind,
                                 uint64_t addr);
/* Record point (PID, KIND, ADDR) with Z's conditions and commands, or give the existing one
 * Z's lists in place of its own (gdb re-sends Z0 to change them). 0 or -ENOMEM (nothing
 * changed). */
int bpcond_set(struct bpcond_table *tab, int pid, enum point_kind kind, uint64_t addr,
               const struct zpoint *z);
/* Forget point P (from bpcond_find). */
void bpcond_remove(struct bpcond_table *tab, struct bpcond_point *p);
/* Forget every point of PID (the process exited or exec'd: its breakpoints went with its
 * memory); PID <= 0: every point. */
void bpcond_forget(struct bpcond_table *tab, int pid);

/* The target_hit_hook of session CTX (struct session *): evaluate the point's conditions in
 * thread TID, run its commands (printf output to rspd's stdout, which is stderr over stdio).
 * True: report the hit. */
bool bpcond_hit_wanted(void *ctx, struct target *t, int tid, enum point_kind kind, uint64_t addr);

#endif

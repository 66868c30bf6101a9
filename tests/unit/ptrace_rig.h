/* Shared set-up for the unit suites that drive the real Linux target (check_linux*.c,
 * check_attach.c, check_svr4.c): where the debuggees are, SIGCHLD blocked as the target
 * requires, and waiting for an event with a deadline so a hang fails the test. */
#ifndef RSPD_TESTS_UNIT_PTRACE_RIG_H
#define RSPD_TESTS_UNIT_PTRACE_RIG_H

#include <stddef.h>
#include <stdint.h>

struct target;
struct stop_event;

/* The built debuggees' folder: $PROGS, else BUILD/tests/programs beside this test binary. */
void ptrace_rig_progs_dir(char *dir, size_t cap);
/* Block SIGCHLD, put the path of debuggee NAME in PROG (CAP bytes; the test fails when it is
 * not built) and create the native target. */
struct target *ptrace_rig_start(const char *name, char *prog, size_t cap);
/* Run-time address of symbol NAME of PROG, the program T runs (PIE: load base from the
 * auxv AT_ENTRY), and its size into *SIZE unless SIZE is NULL. The test fails when it is not
 * found. */
uint64_t ptrace_rig_sym(struct target *t, const char *prog, const char *name, uint64_t *size);
/* T's next event within MS milliseconds: next_event's result, or -ETIMEDOUT. */
int ptrace_rig_wait_event(struct target *t, struct stop_event *ev, int ms);

#endif

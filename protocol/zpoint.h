/* Z and z packet arguments: "TYPE,ADDR,KIND", and for Z0/Z1 the target-side conditions
 * (";X len,bytes...") and commands (";cmds:persist,X len,bytes...") gdb attaches once the
 * server advertises ConditionalBreakpoints+ / BreakpointCommands+.
 * Pure code: no syscalls, no globals. Spec: GDB manual, "Packets" > Z0 (cond_list, cmd_list). */
#ifndef RSPD_PROTOCOL_ZPOINT_H
#define RSPD_PROTOCOL_ZPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "protocol/ax.h"

#define ZPOINT_LIST_MAX 64 /* conditions, and commands, per breakpoint */

struct zpoint {
    uint64_t type; /* 0 software breakpoint, 1 hardware, 2 write, 3 read, 4 access watch */
    uint64_t addr;
    uint64_t kind; /* breakpoint: instruction length; watchpoint: bytes watched */
    struct ax_expr conds[ZPOINT_LIST_MAX];
    size_t nconds;
    struct ax_expr cmds[ZPOINT_LIST_MAX];
    size_t ncmds;
    int persist; /* the cmds: flag: the commands outlive the debugger's connection */
};

/* Parse the LEN bytes of ARGS (the packet after 'Z' or 'z') into *OUT, decoding expression
 * bytes into STORE (CAP bytes; OUT's expressions point there). Expressions of a list follow
 * each other directly ("X2,2701X1,27") or separated by ';'. Any TYPE parses (the caller
 * decides what it serves); only types 0 and 1 may carry conditions or commands. 0, -EINVAL
 * (malformed, an empty expression, cmds: twice, conditions after cmds:), -E2BIG (more than
 * ZPOINT_LIST_MAX expressions in a list), -ENOSPC (STORE too small), -ERANGE (a number over
 * 64 bits). *OUT is written only on success. */
int zpoint_parse(const char *args, size_t len, uint8_t *store, size_t cap, struct zpoint *out);

#endif

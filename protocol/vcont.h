/* vCont action lists and the legacy c/s/C/S packets, parsed into one action form.
 * Pure code. Spec: GDB manual, "Packets" > vCont, c, C, s, S. */
#ifndef RSPD_PROTOCOL_VCONT_H
#define RSPD_PROTOCOL_VCONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "protocol/ptid.h"

enum vcont_kind { VCONT_CONTINUE, VCONT_STEP, VCONT_STOP, VCONT_RANGE_STEP };

struct vcont_action {
    enum vcont_kind kind;
    int gdb_signo;    /* 0 = none; else a gdb signal number (protocol/signals.h) */
    struct ptid ptid; /* {PTID_ALL, PTID_ALL} when the action names no thread */
    uint64_t start;   /* VCONT_RANGE_STEP: [start, end) */
    uint64_t end;
    bool has_addr; /* legacy c/s/C/S with an address to resume at */
    uint64_t addr;
};

/* Parse ARGS (LEN bytes, the text after "vCont", starting with ';') into OUT (CAP entries).
 * Actions: c, s, t, Csig, Ssig, rSTART,END, each with an optional ":thread-id".
 * 0 and *N, or -EINVAL (junk, empty list, unknown action) / -E2BIG (more than CAP). */
int vcont_parse(const char *args, size_t len, struct vcont_action *out, size_t cap, size_t *n);

/* Parse a legacy "c[addr]", "s[addr]", "Csig[;addr]", "Ssig[;addr]" packet (whole body).
 * 0 or -EINVAL. */
int vcont_parse_legacy(const char *pkt, size_t len, struct vcont_action *out);

#endif

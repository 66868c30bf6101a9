/* x86 debug registers DR0-DR3/DR6/DR7 as pure state: which slots watch what, DR7 encoding,
 * splitting unaligned ranges, and decoding DR6 after a trap. The OS writes the values.
 * Pure code (Intel SDM vol. 3, 17.2 "Debug Registers"); no OS headers. */
#ifndef RSPD_ARCH_X86_DREGS_H
#define RSPD_ARCH_X86_DREGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/arch.h"

#define X86_DR_SLOTS 4
#define X86_DR6_BS   (1u << 14) /* single-step trap */

struct x86_dregs {
    uint64_t addr[X86_DR_SLOTS];
    uint64_t dr7;
    unsigned refs[X86_DR_SLOTS]; /* a slot shared by identical requests */
};

/* Take slots for KIND over [ADDR, ADDR+LEN), splitting into aligned 1/2/4/8-byte pieces; all or
 * nothing. PT_HW_BREAK takes LEN 1 (any LEN accepted, one slot). PT_WATCH_R is programmed as
 * read/write (x86 has no read-only watch). 0, -ENOSPC (not enough free slots), -EINVAL. */
int x86_dregs_insert(struct x86_dregs *s, enum point_kind kind, uint64_t addr, size_t len);
/* Release what a matching insert took. 0 or -ENOENT. */
int x86_dregs_remove(struct x86_dregs *s, enum point_kind kind, uint64_t addr, size_t len);
/* Which slot fired according to DR6: its index, or -1. *KIND and *ADDR describe the slot
 * (for a watchpoint, *ADDR is the watched piece's start). */
int x86_dregs_hit(const struct x86_dregs *s, uint64_t dr6, enum point_kind *kind, uint64_t *addr);
/* True when any watchpoint (data) slot is armed. */
bool x86_dregs_any_watch(const struct x86_dregs *s);

#endif

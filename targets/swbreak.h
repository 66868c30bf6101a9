/* Software breakpoints, independent of the OS: a table of {address, original bytes, refcount}
 * that inserts and removes the arch's breakpoint instruction through raw memory callbacks, and
 * hides inserted breakpoints from memory reads (and keeps them across memory writes). Each OS
 * target owns one table per process and supplies the callbacks. */
#ifndef RSPD_TARGETS_SWBREAK_H
#define RSPD_TARGETS_SWBREAK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Longest breakpoint instruction a table can hold (x86 int3: 1; aarch64 BRK: 4). */
#define SWBREAK_MAX_LEN 8

/* Raw access to the debuggee's memory, bypassing the table: bytes transferred or -errno. */
struct swbreak_io {
    ssize_t (*read)(void *ctx, uint64_t addr, void *buf, size_t len);
    ssize_t (*write)(void *ctx, uint64_t addr, const void *buf, size_t len);
    void *ctx;
};

struct swbreak_entry {
    uint64_t addr;
    uint8_t saved[SWBREAK_MAX_LEN]; /* original bytes under the instruction */
};

struct swbreak_table {
    struct swbreak_entry *v; /* owned; unsorted */
    size_t n, cap;
    uint8_t insn[SWBREAK_MAX_LEN];
    size_t insn_len;
};

/* An empty table for breakpoint instruction INSN (LEN bytes, 1..SWBREAK_MAX_LEN). 0 or
 * -EINVAL. */
int swbreak_init(struct swbreak_table *t, const uint8_t *insn, size_t len);
/* Release the table's memory. Does not touch the debuggee (see swbreak_remove_all). */
void swbreak_free(struct swbreak_table *t);

/* Insert a breakpoint at ADDR: read the original bytes through IO, write the instruction.
 * Idempotent: a second insert at the same address adds nothing, but writes the instruction
 * again (saving the bytes now there) when the memory no longer holds it. 0, -ENOMEM, or the -errno
 * of the memory access (-EIO: the address cannot be read or written); on failure nothing changed.
 */
int swbreak_insert(struct swbreak_table *t, const struct swbreak_io *io, uint64_t addr);
/* Remove the breakpoint at ADDR: write the original bytes back.
 * 0, -ENOENT (none at ADDR), or the -errno of the write (the entry is dropped anyway: the
 * memory is unreachable). */
int swbreak_remove(struct swbreak_table *t, const struct swbreak_io *io, uint64_t addr);
/* Restore the original bytes of every breakpoint and empty the table (detach). 0, or the first
 * write error (every entry is attempted and dropped regardless). */
int swbreak_remove_all(struct swbreak_table *t, const struct swbreak_io *io);
/* Empty the table without writing anything (the process is gone). */
void swbreak_forget_all(struct swbreak_table *t);

/* Step-over support: write the original bytes under the breakpoint at ADDR back into memory
 * (LIFT true; the table still holds the entry and reads stay masked), or the breakpoint
 * instruction again (LIFT false). Neighbours' instructions are kept. 0, -ENOENT (none at
 * ADDR), or the -errno of the write. */
int swbreak_lift(struct swbreak_table *t, const struct swbreak_io *io, uint64_t addr, bool lift);

/* True when the program's own bytes under the breakpoint at ADDR are the breakpoint
 * instruction itself (a breakpoint compiled or written into the program: stepping over ours
 * would only trap again). */
bool swbreak_permanent(const struct swbreak_table *t, uint64_t addr);

/* True when a breakpoint is inserted at exactly ADDR. */
bool swbreak_at(const struct swbreak_table *t, uint64_t addr);

/* BUF holds LEN bytes read from ADDR: put back the original bytes wherever a breakpoint
 * instruction covers them, so reads never show breakpoints. */
void swbreak_mask(const struct swbreak_table *t, uint64_t addr, void *buf, size_t len);
/* BUF holds LEN bytes about to be written at ADDR: remember the bytes that fall under inserted
 * breakpoints as their new originals, and put the breakpoint instruction back in BUF there, so
 * a write neither loses the breakpoint nor is lost when it is removed. */
void swbreak_unmask(struct swbreak_table *t, uint64_t addr, void *buf, size_t len);

#endif

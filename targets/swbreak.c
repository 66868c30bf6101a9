/* Software breakpoints shared by every OS target: the shadow table of original bytes with
 * refcounts, insertion and removal through the target's raw memory callbacks, and masking so
 * that memory reads show the program's own bytes. No OS calls here: memory goes through
 * struct swbreak_io. Spec: GDB manual, "Packets", Z0/z0 (kind = instruction length). */
#include "targets/swbreak.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int swbreak_init(struct swbreak_table *t, const uint8_t *insn, size_t len)
{
    if (len == 0 || len > SWBREAK_MAX_LEN)
        return -EINVAL;
    memset(t, 0, sizeof(*t));
    memcpy(t->insn, insn, len);
    t->insn_len = len;
    return 0;
}

void swbreak_free(struct swbreak_table *t)
{
    free(t->v);
    t->v = NULL;
    t->n = 0;
    t->cap = 0;
}

static struct swbreak_entry *swbreak_find(const struct swbreak_table *t, uint64_t addr)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->v[i].addr == addr)
            return &t->v[i];
    return NULL;
}

bool swbreak_at(const struct swbreak_table *t, uint64_t addr)
{
    return swbreak_find(t, addr) != NULL;
}

bool swbreak_permanent(const struct swbreak_table *t, uint64_t addr)
{
    const struct swbreak_entry *e = swbreak_find(t, addr);

    return e && memcmp(e->saved, t->insn, t->insn_len) == 0;
}

/* Index in [ADDR, ADDR+LEN) of byte J of entry E's instruction, or -1 when outside. */
static ssize_t swbreak_overlap(uint64_t addr, size_t len, const struct swbreak_entry *e, size_t j)
{
    uint64_t a = e->addr + j;

    if (a < e->addr || a < addr || a - addr >= len)
        return -1;
    return (ssize_t)(a - addr);
}

/* Put the saved bytes of every entry except SKIP into BUF. */
static void swbreak_mask_except(const struct swbreak_table *t, const struct swbreak_entry *skip,
                                uint64_t addr, uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < t->n; i++) {
        if (&t->v[i] == skip)
            continue;
        for (size_t j = 0; j < t->insn_len; j++) {
            ssize_t k = swbreak_overlap(addr, len, &t->v[i], j);
            if (k >= 0)
                buf[k] = t->v[i].saved[j];
        }
    }
}

void swbreak_mask(const struct swbreak_table *t, uint64_t addr, void *buf, size_t len)
{
    swbreak_mask_except(t, NULL, addr, buf, len);
}

/* Put the instruction bytes of every entry except SKIP into BUF; with SAVE, first record what
 * BUF held there as the entry's original bytes. */
static void swbreak_insn_except(struct swbreak_table *t, const struct swbreak_entry *skip,
                                uint64_t addr, uint8_t *buf, size_t len, bool save)
{
    for (size_t i = 0; i < t->n; i++) {
        if (&t->v[i] == skip)
            continue;
        for (size_t j = 0; j < t->insn_len; j++) {
            ssize_t k = swbreak_overlap(addr, len, &t->v[i], j);
            if (k < 0)
                continue;
            if (save)
                t->v[i].saved[j] = buf[k];
            buf[k] = t->insn[j];
        }
    }
}

void swbreak_unmask(struct swbreak_table *t, uint64_t addr, void *buf, size_t len)
{
    swbreak_insn_except(t, NULL, addr, buf, len, true);
}

int swbreak_insert(struct swbreak_table *t, const struct swbreak_io *io, uint64_t addr)
{
    struct swbreak_entry *e = swbreak_find(t, addr);
    uint8_t orig[SWBREAK_MAX_LEN];
    ssize_t n;

    if (e) {
        /* Idempotent, as the manual asks of Z packets (a retransmitted Z0 must not need two
         * z0). The instruction may be gone from memory behind this table's back: gdb does not
         * remove the breakpoints of a library it saw unloaded and inserts again when another
         * is loaded at the same address (gdb.base/unload.exp), and memory shared with another
         * process (a vfork child and its parent) loses it when the other's table removes its
         * copy. Then the entry is stale; insert afresh, the bytes there being the originals. */
        uint8_t want[SWBREAK_MAX_LEN];
        memcpy(want, t->insn, t->insn_len);
        n = io->read(io->ctx, addr, orig, t->insn_len);
        /* Bytes under a neighbour's instruction say nothing about this one. */
        swbreak_insn_except(t, e, addr, want, t->insn_len, false);
        swbreak_insn_except(t, e, addr, orig, t->insn_len, false);
        if (n == (ssize_t)t->insn_len && memcmp(orig, want, t->insn_len) != 0) {
            *e = t->v[--t->n];
            return swbreak_insert(t, io, addr);
        }
        return 0;
    }
    if (addr + t->insn_len < addr)
        return -EINVAL;
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 16;
        struct swbreak_entry *v = realloc(t->v, cap * sizeof(*v));
        if (!v)
            return -ENOMEM;
        t->v = v;
        t->cap = cap;
    }
    n = io->read(io->ctx, addr, orig, t->insn_len);
    if (n < 0)
        return (int)n;
    if ((size_t)n < t->insn_len)
        return -EIO;
    /* A neighbour's instruction may already cover some of these bytes. */
    swbreak_mask(t, addr, orig, t->insn_len);
    n = io->write(io->ctx, addr, t->insn, t->insn_len);
    if (n < 0)
        return (int)n;
    if ((size_t)n < t->insn_len) {
        /* Put back what was written so memory is as it was. */
        (void)io->write(io->ctx, addr, orig, (size_t)n);
        return -EIO;
    }
    e = &t->v[t->n++];
    e->addr = addr;
    memcpy(e->saved, orig, sizeof(e->saved));
    return 0;
}

/* Write E's original bytes back (keeping overlapping neighbours' instructions) and drop E. */
static int swbreak_restore_drop(struct swbreak_table *t, const struct swbreak_io *io,
                                struct swbreak_entry *e)
{
    uint8_t orig[SWBREAK_MAX_LEN];
    ssize_t n;
    int rc = 0;

    memcpy(orig, e->saved, t->insn_len);
    swbreak_insn_except(t, e, e->addr, orig, t->insn_len, false);
    n = io->write(io->ctx, e->addr, orig, t->insn_len);
    if (n < 0)
        rc = (int)n;
    else if ((size_t)n < t->insn_len)
        rc = -EIO;
    *e = t->v[--t->n];
    return rc;
}

int swbreak_lift(struct swbreak_table *t, const struct swbreak_io *io, uint64_t addr, bool lift)
{
    struct swbreak_entry *e = swbreak_find(t, addr);
    uint8_t bytes[SWBREAK_MAX_LEN];
    ssize_t n;

    if (!e)
        return -ENOENT;
    memcpy(bytes, lift ? e->saved : t->insn, t->insn_len);
    swbreak_insn_except(t, e, e->addr, bytes, t->insn_len, false);
    n = io->write(io->ctx, e->addr, bytes, t->insn_len);
    if (n < 0)
        return (int)n;
    return (size_t)n < t->insn_len ? -EIO : 0;
}

int swbreak_remove(struct swbreak_table *t, const struct swbreak_io *io, uint64_t addr)
{
    struct swbreak_entry *e = swbreak_find(t, addr);

    if (!e)
        return -ENOENT;
    return swbreak_restore_drop(t, io, e);
}

int swbreak_remove_all(struct swbreak_table *t, const struct swbreak_io *io)
{
    int first = 0;

    while (t->n > 0) {
        int rc = swbreak_restore_drop(t, io, &t->v[t->n - 1]);
        if (rc < 0 && first == 0)
            first = rc;
    }
    return first;
}

void swbreak_forget_all(struct swbreak_table *t)
{
    t->n = 0;
}

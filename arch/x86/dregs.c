/* x86 debug-register state as pure data: slot allocation with sharing, DR7 encoding, splitting
 * an unaligned watch range into aligned pieces, DR6 hit decoding. Writing DR0-DR7 into a
 * thread is the OS target's job; no syscalls or OS headers here.
 * Spec: Intel SDM vol. 3, 17.2 "Debug Registers" (DR6, DR7 L/RW/LEN fields). */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/x86/dregs.h"

/* DR7 R/W field values. 10b (I/O) is never used. */
#define X86_DR_RW_EXEC  0x0u
#define X86_DR_RW_WRITE 0x1u
#define X86_DR_RW_RW    0x3u

/* Slot I's local-enable bit and its 4-bit control field (R/W in the low two bits, LEN in the
 * high two) in DR7. */
#define X86_DR7_LOCAL(i)      (1ull << (2 * (i)))
#define X86_DR7_CTRL_SHIFT(i) (16 + 4 * (i))
#define X86_DR7_CTRL_MASK(i)  (0xfull << X86_DR7_CTRL_SHIFT(i))

/* LEN encodings: 00 = 1 byte, 01 = 2, 11 = 4, 10 = 8 (8 only in 64-bit mode). */
static unsigned x86_dr_len_bits(size_t size)
{
    switch (size) {
    case 2:
        return 0x1u;
    case 4:
        return 0x3u;
    case 8:
        return 0x2u;
    default:
        return 0x0u;
    }
}

static unsigned x86_dr_ctrl(unsigned rw, size_t size)
{
    return rw | (x86_dr_len_bits(size) << 2);
}

static unsigned x86_dr_slot_ctrl(const struct x86_dregs *s, int i)
{
    return (unsigned)((s->dr7 & X86_DR7_CTRL_MASK(i)) >> X86_DR7_CTRL_SHIFT(i));
}

static bool x86_dr_slot_used(const struct x86_dregs *s, int i)
{
    return s->refs[i] > 0;
}

/* R/W bits for KIND, or -EINVAL. A read watch is read/write: x86 cannot trap reads only. */
static int x86_dr_rw(enum point_kind kind, unsigned *rw)
{
    switch (kind) {
    case PT_HW_BREAK:
        *rw = X86_DR_RW_EXEC;
        return 0;
    case PT_WATCH_W:
        *rw = X86_DR_RW_WRITE;
        return 0;
    case PT_WATCH_R:
    case PT_WATCH_A:
        *rw = X86_DR_RW_RW;
        return 0;
    default:
        return -EINVAL;
    }
}

/* The largest aligned 8/4/2/1-byte piece that starts at ADDR and fits in LEN (> 0). */
static size_t x86_dr_piece(uint64_t addr, size_t len)
{
    size_t size = 8;

    while (size > 1 && (addr % size != 0 || size > len))
        size /= 2;
    return size;
}

/* One more user of (ADDR, CTRL): share an identical armed slot, else arm a free one. */
static int x86_dr_take(struct x86_dregs *s, uint64_t addr, unsigned ctrl)
{
    int free_slot = -1;

    for (int i = 0; i < X86_DR_SLOTS; i++) {
        if (!x86_dr_slot_used(s, i)) {
            if (free_slot < 0)
                free_slot = i;
        } else if (s->addr[i] == addr && x86_dr_slot_ctrl(s, i) == ctrl) {
            s->refs[i]++;
            return 0;
        }
    }
    if (free_slot < 0)
        return -ENOSPC;
    s->addr[free_slot] = addr;
    s->refs[free_slot] = 1;
    s->dr7 &= ~X86_DR7_CTRL_MASK(free_slot);
    s->dr7 |= X86_DR7_LOCAL(free_slot) | ((uint64_t)ctrl << X86_DR7_CTRL_SHIFT(free_slot));
    return 0;
}

/* One user fewer of (ADDR, CTRL); the last one disarms the slot. */
static int x86_dr_release(struct x86_dregs *s, uint64_t addr, unsigned ctrl)
{
    for (int i = 0; i < X86_DR_SLOTS; i++) {
        if (!x86_dr_slot_used(s, i) || s->addr[i] != addr || x86_dr_slot_ctrl(s, i) != ctrl)
            continue;
        if (--s->refs[i] == 0) {
            s->addr[i] = 0;
            s->dr7 &= ~(X86_DR7_LOCAL(i) | X86_DR7_CTRL_MASK(i));
        }
        return 0;
    }
    return -ENOENT;
}

/* Apply take (INSERT) or release to every piece of the request, on a copy, so a failure
 * part-way leaves *S untouched. */
static int x86_dr_update(struct x86_dregs *s, enum point_kind kind, uint64_t addr, size_t len,
                         bool insert)
{
    struct x86_dregs t = *s;
    unsigned rw;
    int rc;

    rc = x86_dr_rw(kind, &rw);
    if (rc < 0)
        return rc;
    if (kind == PT_HW_BREAK) {
        /* An execution breakpoint is one byte (LEN 00) whatever length the client sent. */
        len = 1;
    } else if (len == 0 || addr + (len - 1) < addr) {
        return -EINVAL;
    }
    while (len > 0) {
        size_t size = x86_dr_piece(addr, len);
        unsigned ctrl = x86_dr_ctrl(rw, size);

        rc = insert ? x86_dr_take(&t, addr, ctrl) : x86_dr_release(&t, addr, ctrl);
        if (rc < 0)
            return rc;
        addr += size;
        len -= size;
    }
    *s = t;
    return 0;
}

int x86_dregs_insert(struct x86_dregs *s, enum point_kind kind, uint64_t addr, size_t len)
{
    return x86_dr_update(s, kind, addr, len, true);
}

int x86_dregs_remove(struct x86_dregs *s, enum point_kind kind, uint64_t addr, size_t len)
{
    return x86_dr_update(s, kind, addr, len, false);
}

int x86_dregs_hit(const struct x86_dregs *s, uint64_t dr6, enum point_kind *kind, uint64_t *addr)
{
    for (int i = 0; i < X86_DR_SLOTS; i++) {
        /* The CPU may set B0-B3 for a matching slot that is not enabled; only armed slots
         * count. */
        if ((dr6 & (1ull << i)) == 0 || !x86_dr_slot_used(s, i))
            continue;
        if (kind != NULL) {
            switch (x86_dr_slot_ctrl(s, i) & 0x3u) {
            case X86_DR_RW_EXEC:
                *kind = PT_HW_BREAK;
                break;
            case X86_DR_RW_WRITE:
                *kind = PT_WATCH_W;
                break;
            default:
                *kind = PT_WATCH_A;
                break;
            }
        }
        if (addr != NULL)
            *addr = s->addr[i];
        return i;
    }
    return -1;
}

bool x86_dregs_any_watch(const struct x86_dregs *s)
{
    for (int i = 0; i < X86_DR_SLOTS; i++) {
        if (x86_dr_slot_used(s, i) && (x86_dr_slot_ctrl(s, i) & 0x3u) != X86_DR_RW_EXEC)
            return true;
    }
    return false;
}

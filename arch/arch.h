/* Architecture descriptors: registers (one table feeding gdb's target.xml, the g/p packets and,
 * later, lldb's qRegisterInfo), breakpoint instruction, debug-register helpers.
 * Pure data and pure helpers: libc only, no OS headers, no globals that change. */
#ifndef RSPD_ARCH_ARCH_H
#define RSPD_ARCH_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Breakpoint and watchpoint kinds, as Z0..Z4 number them. */
enum point_kind {
    PT_SW_BREAK = 0,
    PT_HW_BREAK = 1,
    PT_WATCH_W = 2,
    PT_WATCH_R = 3,
    PT_WATCH_A = 4
};

enum reg_role { ROLE_NONE, ROLE_PC, ROLE_SP, ROLE_FP, ROLE_FLAGS, ROLE_RA };

struct reg_desc {
    const char *name;  /* gdb name */
    const char *type;  /* tdesc type: "int64", "code_ptr", "i387_ext", "vec128", ... */
    const char *group; /* tdesc group, or NULL */
    uint16_t bits;
    uint32_t offset; /* byte offset within the arch's full raw register block */
    int16_t dwarf;   /* DWARF register number, or -1 */
    uint8_t feature; /* index into arch_desc.features */
    enum reg_role role;
};

struct tdesc_feature {
    const char *name;  /* "org.gnu.gdb.i386.core" */
    const char *types; /* XML type definitions emitted at the top of the feature, or "" */
    uint64_t needs;    /* feature-mask bits that must all be set (x86: XCR0 bits); 0 = always */
};

struct arch_desc {
    const char *name;            /* tdesc <architecture>: "i386:x86-64" */
    uint16_t elf_machine;        /* EM_X86_64 */
    uint8_t elf_class;           /* ELFCLASS64 */
    const struct reg_desc *regs; /* in target.xml order; offsets contiguous, ascending */
    size_t nregs;
    const struct tdesc_feature *features;
    size_t nfeatures;
    size_t raw_size; /* bytes of the full raw block: every register of every feature */
    const uint8_t *break_insn;
    uint8_t break_len;
    uint8_t pc_after_break;   /* bytes the PC has advanced past a breakpoint trap (x86: 1) */
    uint64_t legacy_features; /* the feature mask a client that reads no target description
                                 assumes (gdb's built-in layout); 0 = no such client support */
};

/* The descriptor for an ELF e_machine / EI_CLASS pair, or NULL. */
const struct arch_desc *arch_find_elf(unsigned machine, unsigned elf_class);
/* The descriptor named NAME ("i386:x86-64"), or NULL. */
const struct arch_desc *arch_find_name(const char *name);
/* The I-th known descriptor (0, 1, ...), or NULL past the last: for listing and tests. */
const struct arch_desc *arch_nth(size_t i);

/* True when register I's feature is present under MASK. */
bool arch_reg_present(const struct arch_desc *a, size_t i, uint64_t mask);

/* Wire register number (as in 'p'/'P' and target.xml regnum) -> index into a->regs, counting
 * only registers present under MASK. -1 when out of range. */
int arch_reg_by_wire(const struct arch_desc *a, uint64_t mask, uint64_t regnum);
/* Index into a->regs -> wire number under MASK, or -1 when the register is not present. */
int arch_reg_wire(const struct arch_desc *a, uint64_t mask, size_t i);
/* Index of the first register with ROLE, or -1. */
int arch_reg_role(const struct arch_desc *a, enum reg_role role);
/* Index of the register named NAME, or -1. */
int arch_reg_by_name(const struct arch_desc *a, const char *name);
/* Bytes the g packet carries under MASK (sum of present register sizes). */
size_t arch_wire_size(const struct arch_desc *a, uint64_t mask);

/* Write the whole target description (<target> with the features present under MASK, each
 * register with an explicit regnum) into OUT (CAP bytes, NUL-terminated). OSABI ("GNU/Linux")
 * may be NULL. Returns the length, or -ENOSPC. */
ssize_t arch_tdesc_xml(const struct arch_desc *a, uint64_t mask, const char *osabi, char *out,
                       size_t cap);

#endif

/* The x86-64 architecture descriptor and its feature mask. The mask is XCR0 in the low bits
 * (as XGETBV or the NT_X86_XSTATE header reports it) plus two bits the OS target sets for
 * OS-specific registers. A tdesc feature is present when all its `needs` bits are set.
 * Pure data: libc only. */
#ifndef RSPD_ARCH_X86_64_X86_64_H
#define RSPD_ARCH_X86_64_X86_64_H

#include <stdint.h>

#include "arch/arch.h"

/* XCR0 state-component bits (Intel SDM vol. 1, 13.1). */
#define X86_64_FEAT_X87       (1ull << 0)
#define X86_64_FEAT_SSE       (1ull << 1) /* always present on x86-64; the sse feature needs 0 */
#define X86_64_FEAT_AVX       (1ull << 2) /* org.gnu.gdb.i386.avx */
#define X86_64_FEAT_OPMASK    (1ull << 5) /* k0-k7 */
#define X86_64_FEAT_ZMM_HI256 (1ull << 6) /* upper halves of zmm0-15 */
#define X86_64_FEAT_HI16_ZMM  (1ull << 7) /* zmm16-31 */
#define X86_64_FEAT_PKRU      (1ull << 9) /* org.gnu.gdb.i386.pkeys */
/* org.gnu.gdb.i386.avx512 needs all three AVX-512 components. */
#define X86_64_FEAT_AVX512 (X86_64_FEAT_OPMASK | X86_64_FEAT_ZMM_HI256 | X86_64_FEAT_HI16_ZMM)
/* The XCR0 part of a mask. */
#define X86_64_FEAT_XCR0 0xffffffffull
/* OS bits, set by the OS target: org.gnu.gdb.i386.segments (fs_base, gs_base) and
 * org.gnu.gdb.i386.linux (orig_rax). */
#define X86_64_FEAT_SEGMENTS (1ull << 62)
#define X86_64_FEAT_LINUX    (1ull << 63)
/* Every feature this descriptor knows. */
#define X86_64_FEAT_ALL                                                                            \
    (X86_64_FEAT_X87 | X86_64_FEAT_SSE | X86_64_FEAT_AVX | X86_64_FEAT_AVX512 | X86_64_FEAT_PKRU | \
     X86_64_FEAT_SEGMENTS | X86_64_FEAT_LINUX)

extern const struct arch_desc arch_x86_64;

/* Indices into arch_x86_64.features, in target.xml order (gdbserver's amd64-linux order). */
enum x86_64_tdesc {
    X86_64_TDESC_CORE,
    X86_64_TDESC_SSE,
    X86_64_TDESC_LINUX,
    X86_64_TDESC_SEGMENTS,
    X86_64_TDESC_AVX,
    X86_64_TDESC_AVX512,
    X86_64_TDESC_PKEYS,
    X86_64_TDESC_COUNT
};

/* Indices into arch_x86_64.regs of the first register of each group, so OS glue can place
 * registers in the raw block (arch_x86_64.regs[i].offset) without searching by name. Groups
 * run consecutively: X86_64_REG_XMM0 + 15 is xmm15. */
enum x86_64_reg {
    X86_64_REG_RAX = 0,
    X86_64_REG_RBX,
    X86_64_REG_RCX,
    X86_64_REG_RDX,
    X86_64_REG_RSI,
    X86_64_REG_RDI,
    X86_64_REG_RBP,
    X86_64_REG_RSP,
    X86_64_REG_R8, /* r8-r15 */
    X86_64_REG_RIP = X86_64_REG_R8 + 8,
    X86_64_REG_EFLAGS,
    X86_64_REG_CS,
    X86_64_REG_SS,
    X86_64_REG_DS,
    X86_64_REG_ES,
    X86_64_REG_FS,
    X86_64_REG_GS,
    X86_64_REG_ST0,                         /* st0-st7, 10 bytes each */
    X86_64_REG_FCTRL = X86_64_REG_ST0 + 8,  /* fctrl fstat ftag fiseg fioff foseg fooff fop */
    X86_64_REG_XMM0 = X86_64_REG_FCTRL + 8, /* xmm0-xmm15 */
    X86_64_REG_MXCSR = X86_64_REG_XMM0 + 16,
    X86_64_REG_ORIG_RAX,
    X86_64_REG_FS_BASE,
    X86_64_REG_GS_BASE,
    X86_64_REG_YMM0H,                          /* ymm0h-ymm15h */
    X86_64_REG_XMM16 = X86_64_REG_YMM0H + 16,  /* xmm16-xmm31 */
    X86_64_REG_YMM16H = X86_64_REG_XMM16 + 16, /* ymm16h-ymm31h */
    X86_64_REG_K0 = X86_64_REG_YMM16H + 16,    /* k0-k7 */
    X86_64_REG_ZMM0H = X86_64_REG_K0 + 8,      /* zmm0h-zmm31h, 32 bytes each */
    X86_64_REG_PKRU = X86_64_REG_ZMM0H + 32,
    X86_64_REG_COUNT
};

/* The pieces arch_x86_64 is assembled from (tdesc.c, break.c); use arch_x86_64 instead. */
extern const struct tdesc_feature x86_64_tdesc_features[X86_64_TDESC_COUNT];
extern const uint8_t x86_64_break_insn[1];

#endif

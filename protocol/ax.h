/* GDB agent expressions: the stack-machine bytecode gdb compiles breakpoint conditions and
 * agent-style dprintf commands into (Z0/Z1 ";X..." and ";cmds:"), and its evaluator.
 * Pure code: registers, memory and printf output go through caller callbacks; the stack, the
 * number of steps and the printf output are bounded, so any bytecode ends, in bounded time
 * and memory, with a value or an error.
 * Spec: GDB manual, appendix "Agent Expressions" (Bytecode Descriptions). */
#ifndef RSPD_PROTOCOL_AX_H
#define RSPD_PROTOCOL_AX_H

#include <stddef.h>
#include <stdint.h>

/* Opcodes (the manual's numbering). */
enum ax_op {
    AX_FLOAT = 0x01,
    AX_ADD = 0x02,
    AX_SUB = 0x03,
    AX_MUL = 0x04,
    AX_DIV_SIGNED = 0x05,
    AX_DIV_UNSIGNED = 0x06,
    AX_REM_SIGNED = 0x07,
    AX_REM_UNSIGNED = 0x08,
    AX_LSH = 0x09,
    AX_RSH_SIGNED = 0x0a,
    AX_RSH_UNSIGNED = 0x0b,
    AX_TRACE = 0x0c,
    AX_TRACE_QUICK = 0x0d,
    AX_LOG_NOT = 0x0e,
    AX_BIT_AND = 0x0f,
    AX_BIT_OR = 0x10,
    AX_BIT_XOR = 0x11,
    AX_BIT_NOT = 0x12,
    AX_EQUAL = 0x13,
    AX_LESS_SIGNED = 0x14,
    AX_LESS_UNSIGNED = 0x15,
    AX_EXT = 0x16,
    AX_REF8 = 0x17,
    AX_REF16 = 0x18,
    AX_REF32 = 0x19,
    AX_REF64 = 0x1a,
    AX_REF_FLOAT = 0x1b,
    AX_REF_DOUBLE = 0x1c,
    AX_REF_LONG_DOUBLE = 0x1d,
    AX_L_TO_D = 0x1e,
    AX_D_TO_L = 0x1f,
    AX_IF_GOTO = 0x20,
    AX_GOTO = 0x21,
    AX_CONST8 = 0x22,
    AX_CONST16 = 0x23,
    AX_CONST32 = 0x24,
    AX_CONST64 = 0x25,
    AX_REG = 0x26,
    AX_END = 0x27,
    AX_DUP = 0x28,
    AX_POP = 0x29,
    AX_ZERO_EXT = 0x2a,
    AX_SWAP = 0x2b,
    AX_GETV = 0x2c,
    AX_SETV = 0x2d,
    AX_TRACEV = 0x2e,
    AX_TRACENZ = 0x2f,
    AX_TRACE16 = 0x30,
    AX_INVALID2 = 0x31,
    AX_PICK = 0x32,
    AX_ROT = 0x33,
    AX_PRINTF = 0x34,
};

#define AX_STACK_MAX  1024   /* values on the stack at once (gdb's conditions need a few) */
#define AX_STEPS_MAX  100000 /* bytecodes executed per evaluation: loops end */
#define AX_STRING_MAX 4096   /* bytes of one printf %s argument read from memory */
#define AX_PIECE_MAX                                                                               \
    1100                    /* bytes one printf directive may produce (width/precision             \
                               are limited to 1024) */
#define AX_OUTPUT_MAX 65536 /* printf bytes one evaluation may print; the rest is dropped */

/* What an expression reaches outside itself. Each callback returns 0 or -errno. */
struct ax_env {
    /* Register REGNUM (gdb's remote numbering, as in p/P) of the thread, zero-extended. */
    int (*reg)(void *ctx, unsigned regnum, uint64_t *value);
    /* Exactly LEN bytes from the program's memory at ADDR (-EFAULT when not all readable). */
    int (*mem)(void *ctx, uint64_t addr, void *buf, size_t len);
    /* printf output, LEN bytes (not NUL-terminated). NULL: printf output is dropped. */
    void (*out)(void *ctx, const char *s, size_t len);
    void *ctx;
};

/* Evaluate the LEN bytes of CODE. 0 and *VALUE = the top of the stack at `end` (0 when the
 * stack is empty, as after a dprintf command), or:
 *   -EINVAL     malformed: an unknown opcode, an operand cut off, a jump outside the
 *               expression, running off its end, `ext 0`, a bad printf format or argument count
 *   -EOVERFLOW  more than AX_STACK_MAX values
 *   -ENODATA    an operator found too few values on the stack
 *   -EDOM       division or remainder by zero
 *   -ELOOP      more than AX_STEPS_MAX bytecodes executed
 *   -ENOTSUP    floating point and trace state variables (gdb does not send these for
 *               conditions; rspd keeps no trace state)
 *   or the -errno of a callback (memory: -EFAULT; register: as the callback says).
 * Trace bytecodes (trace, trace_quick, trace16, tracenz) only have their stack effect: there
 * is no trace buffer. rot turns a b c into b c a (c the top). printf ignores the function and
 * channel operands and prints through ENV->out: %d %i %u %o %x %X %c %s %p with flags, width,
 * precision and the hh h l ll z j t length modifiers (64-bit values cut to the length's width);
 * %s reads a NUL-terminated string of at most AX_STRING_MAX bytes from memory (0 prints
 * "(null)"); floating point conversions, %n and '*' are refused; one evaluation prints at most
 * AX_OUTPUT_MAX bytes. */
int ax_eval(const uint8_t *code, size_t len, const struct ax_env *env, uint64_t *value);

/* One expression: LEN bytes at CODE (a view into the caller's storage). */
struct ax_expr {
    const uint8_t *code;
    size_t len;
};

/* The printf bytecode's formatting: FMT (FMTLEN bytes, gdb's format text with its C escapes
 * such as \n still in it; a final NUL, if any, ends it) with ARGS[0..NARGS) (the first
 * argument first), written through ENV->out. 0, -EINVAL (bad format, or not NARGS
 * directives), -ENOTSUP (floating point), or the -errno of a memory read for %s. */
int ax_printf(const char *fmt, size_t fmtlen, const uint64_t *args, size_t nargs,
              const struct ax_env *env);

#endif

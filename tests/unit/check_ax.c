/* Unit tests for protocol/ax.c (the agent-expression evaluator: every bytecode, every error,
 * hostile programs), protocol/axprintf.c (the printf bytecode's formatting) and
 * protocol/zpoint.c (Z packet arguments with condition and command lists). */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "protocol/ax.h"
#include "protocol/zpoint.h"
#include "tests/unit/suites_decl.h"

#define MEM_BASE 0x1000u

/* A thread with 8 registers and two pages of memory at MEM_BASE; printf output collected. */
struct tenv {
    uint64_t regs[8];
    uint8_t mem[8192];
    char out[16384];
    size_t outlen, total; /* kept, and printed in all */
    unsigned reg_calls;
};

static int t_reg(void *ctx, unsigned regnum, uint64_t *value)
{
    struct tenv *e = ctx;

    e->reg_calls++;
    if (regnum >= 8)
        return -ENOENT;
    *value = e->regs[regnum];
    return 0;
}

static int t_mem(void *ctx, uint64_t addr, void *buf, size_t len)
{
    struct tenv *e = ctx;

    if (addr < MEM_BASE || addr - MEM_BASE > sizeof(e->mem) ||
        len > sizeof(e->mem) - (addr - MEM_BASE))
        return -EFAULT;
    memcpy(buf, e->mem + (addr - MEM_BASE), len);
    return 0;
}

static void t_out(void *ctx, const char *s, size_t len)
{
    struct tenv *e = ctx;

    e->total += len;
    if (len > sizeof(e->out) - 1 - e->outlen)
        len = sizeof(e->out) - 1 - e->outlen; /* hostile programs print a lot */
    memcpy(e->out + e->outlen, s, len);
    e->outlen += len;
    e->out[e->outlen] = '\0';
}

static struct tenv env_data;
static const struct ax_env env = {t_reg, t_mem, t_out, &env_data};

static void setup(void)
{
    memset(&env_data, 0, sizeof(env_data));
    for (unsigned i = 0; i < 8; i++)
        env_data.regs[i] = 0x100 * i + i;
    for (unsigned i = 0; i < sizeof(env_data.mem); i++)
        env_data.mem[i] = (uint8_t)(0x80 + i);
}

static int eval_code(const uint8_t *code, size_t len, uint64_t *v)
{
    *v = 0xdeadbeef;
    return ax_eval(code, len, &env, v);
}

/* Evaluate the bytes given; RC and the value land in the named variables. */
#define EVAL(rc, v, ...)                                                                           \
    do {                                                                                           \
        static const uint8_t code_[] = {__VA_ARGS__};                                              \
        (rc) = eval_code(code_, sizeof(code_), &(v));                                              \
    } while (0)

/* The value of the bytes given, which must evaluate without error. */
static uint64_t value_of(const uint8_t *code, size_t len)
{
    uint64_t v;
    int rc = eval_code(code, len, &v);
    ck_assert_msg(rc == 0, "evaluation failed: %d", rc);
    return v;
}
#define VALUE(...) value_of((const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__}))

/* const64 of V as operand bytes. */
#define C64(v)                                                                                     \
    AX_CONST64, (uint8_t)((uint64_t)(v) >> 56), (uint8_t)((uint64_t)(v) >> 48),                    \
        (uint8_t)((uint64_t)(v) >> 40), (uint8_t)((uint64_t)(v) >> 32),                            \
        (uint8_t)((uint64_t)(v) >> 24), (uint8_t)((uint64_t)(v) >> 16),                            \
        (uint8_t)((uint64_t)(v) >> 8), (uint8_t)(v)
#define C8(v) AX_CONST8, (uint8_t)(v)

START_TEST(test_constants_are_big_endian_and_unsigned)
{
    ck_assert_uint_eq(VALUE(C8(0xff), AX_END), 0xff);
    ck_assert_uint_eq(VALUE(AX_CONST16, 0x12, 0x34, AX_END), 0x1234);
    ck_assert_uint_eq(VALUE(AX_CONST32, 0xde, 0xad, 0xbe, 0xef, AX_END), 0xdeadbeef);
    ck_assert_uint_eq(VALUE(C64(0x0123456789abcdefull), AX_END), 0x0123456789abcdefull);
    /* The top is the value; an empty stack at end is 0 (a dprintf command leaves nothing). */
    ck_assert_uint_eq(VALUE(C8(1), C8(2), AX_END), 2);
    ck_assert_uint_eq(VALUE(AX_END), 0);
}
END_TEST

START_TEST(test_arithmetic_wraps_at_64_bits)
{
    ck_assert_uint_eq(VALUE(C8(5), C8(3), AX_ADD, AX_END), 8);
    ck_assert_uint_eq(VALUE(C8(5), C8(3), AX_SUB, AX_END), 2);
    ck_assert_uint_eq(VALUE(C8(3), C8(5), AX_SUB, AX_END), (uint64_t)-2);
    ck_assert_uint_eq(VALUE(C8(6), C8(7), AX_MUL, AX_END), 42);
    ck_assert_uint_eq(VALUE(C64(UINT64_MAX), C8(1), AX_ADD, AX_END), 0);
    ck_assert_uint_eq(VALUE(C64(1ull << 63), C8(2), AX_MUL, AX_END), 0);
}
END_TEST

START_TEST(test_division_signed_unsigned_and_overflow)
{
    uint64_t v;
    int rc;

    ck_assert_uint_eq(VALUE(C64(-7), C8(2), AX_DIV_SIGNED, AX_END), (uint64_t)-3);
    ck_assert_uint_eq(VALUE(C64(-7), C8(2), AX_REM_SIGNED, AX_END), (uint64_t)-1);
    ck_assert_uint_eq(VALUE(C64(-7), C8(2), AX_DIV_UNSIGNED, AX_END), (UINT64_MAX - 6) / 2);
    ck_assert_uint_eq(VALUE(C64(-7), C8(2), AX_REM_UNSIGNED, AX_END), 1);
    /* INT64_MIN / -1: undefined in C, wraps on the machine. */
    ck_assert_uint_eq(VALUE(C64(1ull << 63), C64(-1), AX_DIV_SIGNED, AX_END), 1ull << 63);
    ck_assert_uint_eq(VALUE(C64(1ull << 63), C64(-1), AX_REM_SIGNED, AX_END), 0);
    ck_assert_uint_eq(VALUE(C8(9), C64(-1), AX_DIV_SIGNED, AX_END), (uint64_t)-9);
    EVAL(rc, v, C8(1), C8(0), AX_DIV_SIGNED, AX_END);
    ck_assert_int_eq(rc, -EDOM);
    EVAL(rc, v, C8(1), C8(0), AX_DIV_UNSIGNED, AX_END);
    ck_assert_int_eq(rc, -EDOM);
    EVAL(rc, v, C8(1), C8(0), AX_REM_SIGNED, AX_END);
    ck_assert_int_eq(rc, -EDOM);
    EVAL(rc, v, C8(1), C8(0), AX_REM_UNSIGNED, AX_END);
    ck_assert_int_eq(rc, -EDOM);
    ck_assert_uint_eq(v, 0xdeadbeef); /* no value on error */
}
END_TEST

START_TEST(test_shifts_including_64_and_more)
{
    ck_assert_uint_eq(VALUE(C8(1), C8(4), AX_LSH, AX_END), 16);
    ck_assert_uint_eq(VALUE(C8(1), C8(63), AX_LSH, AX_END), 1ull << 63);
    ck_assert_uint_eq(VALUE(C8(1), C8(64), AX_LSH, AX_END), 0);
    ck_assert_uint_eq(VALUE(C64(-16), C8(2), AX_RSH_SIGNED, AX_END), (uint64_t)-4);
    ck_assert_uint_eq(VALUE(C8(16), C8(2), AX_RSH_SIGNED, AX_END), 4);
    ck_assert_uint_eq(VALUE(C64(-16), C8(70), AX_RSH_SIGNED, AX_END), UINT64_MAX);
    ck_assert_uint_eq(VALUE(C8(16), C8(70), AX_RSH_SIGNED, AX_END), 0);
    ck_assert_uint_eq(VALUE(C64(-16), C8(60), AX_RSH_UNSIGNED, AX_END), 0xf);
    ck_assert_uint_eq(VALUE(C64(-16), C8(64), AX_RSH_UNSIGNED, AX_END), 0);
    ck_assert_uint_eq(VALUE(C8(1), C64(-1), AX_LSH, AX_END), 0);
}
END_TEST

START_TEST(test_logic_bits_and_comparisons)
{
    ck_assert_uint_eq(VALUE(C8(0), AX_LOG_NOT, AX_END), 1);
    ck_assert_uint_eq(VALUE(C8(7), AX_LOG_NOT, AX_END), 0);
    ck_assert_uint_eq(VALUE(C8(0x0c), C8(0x0a), AX_BIT_AND, AX_END), 0x08);
    ck_assert_uint_eq(VALUE(C8(0x0c), C8(0x0a), AX_BIT_OR, AX_END), 0x0e);
    ck_assert_uint_eq(VALUE(C8(0x0c), C8(0x0a), AX_BIT_XOR, AX_END), 0x06);
    ck_assert_uint_eq(VALUE(C8(0), AX_BIT_NOT, AX_END), UINT64_MAX);
    ck_assert_uint_eq(VALUE(C8(3), C8(3), AX_EQUAL, AX_END), 1);
    ck_assert_uint_eq(VALUE(C8(3), C8(4), AX_EQUAL, AX_END), 0);
    ck_assert_uint_eq(VALUE(C64(-1), C8(1), AX_LESS_SIGNED, AX_END), 1);
    ck_assert_uint_eq(VALUE(C64(-1), C8(1), AX_LESS_UNSIGNED, AX_END), 0);
    ck_assert_uint_eq(VALUE(C8(1), C8(1), AX_LESS_SIGNED, AX_END), 0);
    ck_assert_uint_eq(VALUE(C8(1), C8(2), AX_LESS_UNSIGNED, AX_END), 1);
}
END_TEST

START_TEST(test_sign_and_zero_extension)
{
    uint64_t v;
    int rc;

    ck_assert_uint_eq(VALUE(C8(0xff), AX_EXT, 8, AX_END), UINT64_MAX);
    ck_assert_uint_eq(VALUE(C8(0x7f), AX_EXT, 8, AX_END), 0x7f);
    ck_assert_uint_eq(VALUE(AX_CONST16, 0x81, 0x00, AX_EXT, 16, AX_END), (uint64_t)-0x7f00);
    ck_assert_uint_eq(VALUE(C8(1), AX_EXT, 1, AX_END), UINT64_MAX);
    ck_assert_uint_eq(VALUE(C64(0x1234), AX_EXT, 64, AX_END), 0x1234);
    ck_assert_uint_eq(VALUE(C64(0x1234), AX_EXT, 200, AX_END), 0x1234);
    ck_assert_uint_eq(VALUE(C64(-1), AX_ZERO_EXT, 16, AX_END), 0xffff);
    ck_assert_uint_eq(VALUE(C64(-1), AX_ZERO_EXT, 0, AX_END), 0);
    ck_assert_uint_eq(VALUE(C64(-1), AX_ZERO_EXT, 64, AX_END), UINT64_MAX);
    EVAL(rc, v, C8(1), AX_EXT, 0, AX_END);
    ck_assert_int_eq(rc, -EINVAL);
    EVAL(rc, v, C8(1), AX_EXT);
    ck_assert_int_eq(rc, -EINVAL);
}
END_TEST

START_TEST(test_memory_references_little_endian)
{
    uint64_t v;
    int rc;

    ck_assert_uint_eq(VALUE(AX_CONST16, 0x10, 0x00, AX_REF8, AX_END), 0x80);
    ck_assert_uint_eq(VALUE(AX_CONST16, 0x10, 0x01, AX_REF16, AX_END), 0x8281);
    ck_assert_uint_eq(VALUE(AX_CONST16, 0x10, 0x00, AX_REF32, AX_END), 0x83828180);
    ck_assert_uint_eq(VALUE(AX_CONST16, 0x10, 0x38, AX_REF64, AX_END), 0xbfbebdbcbbbab9b8ull);
    /* Unsigned: a signed char needs ext. */
    ck_assert_uint_eq(VALUE(AX_CONST16, 0x10, 0x00, AX_REF8, AX_EXT, 8, AX_END), (uint64_t)-128);
    EVAL(rc, v, AX_CONST16, 0x2f, 0xf9, AX_REF64, AX_END); /* one byte past the end */
    ck_assert_int_eq(rc, -EFAULT);
    EVAL(rc, v, C8(0), AX_REF8, AX_END);
    ck_assert_int_eq(rc, -EFAULT);
    EVAL(rc, v, AX_REF32, AX_END);
    ck_assert_int_eq(rc, -ENODATA);
}
END_TEST

START_TEST(test_registers_read_through_the_callback)
{
    uint64_t v;
    int rc;

    ck_assert_uint_eq(VALUE(AX_REG, 0x00, 0x03, AX_END), 0x303);
    env_data.regs[6] = MEM_BASE + 4;
    ck_assert_uint_eq(VALUE(AX_REG, 0x00, 0x06, AX_REF8, AX_END), 0x84);
    EVAL(rc, v, AX_REG, 0x01, 0x00, AX_END);
    ck_assert_int_eq(rc, -ENOENT);
    EVAL(rc, v, AX_REG, 0x00);
    ck_assert_int_eq(rc, -EINVAL);
}
END_TEST

START_TEST(test_jumps)
{
    uint64_t v;
    int rc;

    /* 0: const8 C; 2: if_goto 10; 5: const8 1; 7: goto 12; 10: const8 2; 12: end. */
    static const uint8_t prog_false[] = {C8(0),   AX_IF_GOTO, 0,  10,    C8(1),
                                         AX_GOTO, 0,          12, C8(2), AX_END};
    static const uint8_t prog_true[] = {C8(5),   AX_IF_GOTO, 0,  10,    C8(1),
                                        AX_GOTO, 0,          12, C8(2), AX_END};
    ck_assert_uint_eq(value_of(prog_false, sizeof(prog_false)), 1);
    ck_assert_uint_eq(value_of(prog_true, sizeof(prog_true)), 2);
    /* Targets must lie inside the expression. */
    EVAL(rc, v, AX_GOTO, 0, 3);
    ck_assert_int_eq(rc, -EINVAL);
    EVAL(rc, v, AX_GOTO, 0xff, 0xff, AX_END);
    ck_assert_int_eq(rc, -EINVAL);
    EVAL(rc, v, C8(1), AX_IF_GOTO, 0);
    ck_assert_int_eq(rc, -EINVAL);
    EVAL(rc, v, AX_IF_GOTO, 0, 0, AX_END);
    ck_assert_int_eq(rc, -ENODATA);
    /* A taken-not-taken test pops its operand. */
    ck_assert_uint_eq(VALUE(C8(7), C8(0), AX_IF_GOTO, 0, 0, AX_END), 7);
}
END_TEST

START_TEST(test_stack_operators)
{
    uint64_t v;
    int rc;

    ck_assert_uint_eq(VALUE(C8(4), AX_DUP, AX_MUL, AX_END), 16);
    ck_assert_uint_eq(VALUE(C8(4), C8(5), AX_POP, AX_END), 4);
    ck_assert_uint_eq(VALUE(C8(9), C8(2), AX_SWAP, AX_SUB, AX_END), (uint64_t)-7);
    ck_assert_uint_eq(VALUE(C8(1), C8(2), C8(3), AX_PICK, 0, AX_END), 3);
    ck_assert_uint_eq(VALUE(C8(1), C8(2), C8(3), AX_PICK, 2, AX_END), 1);
    /* rot: a b c -> b c a. */
    ck_assert_uint_eq(VALUE(C8(1), C8(2), C8(3), AX_ROT, AX_END), 1);
    ck_assert_uint_eq(VALUE(C8(1), C8(2), C8(3), AX_ROT, AX_POP, AX_END), 3);
    ck_assert_uint_eq(VALUE(C8(1), C8(2), C8(3), AX_ROT, AX_POP, AX_POP, AX_END), 2);
    EVAL(rc, v, C8(1), C8(2), AX_PICK, 2, AX_END);
    ck_assert_int_eq(rc, -ENODATA);
    EVAL(rc, v, C8(1), C8(2), AX_ROT, AX_END);
    ck_assert_int_eq(rc, -ENODATA);
    EVAL(rc, v, AX_DUP, AX_END);
    ck_assert_int_eq(rc, -ENODATA);
    EVAL(rc, v, AX_POP, AX_END);
    ck_assert_int_eq(rc, -ENODATA);
    EVAL(rc, v, C8(1), AX_SWAP, AX_END);
    ck_assert_int_eq(rc, -ENODATA);
}
END_TEST

START_TEST(test_trace_bytecodes_keep_only_their_stack_effect)
{
    uint64_t v;
    int rc;

    ck_assert_uint_eq(VALUE(C8(9), AX_CONST16, 0x10, 0x00, C8(4), AX_TRACE, AX_END), 9);
    ck_assert_uint_eq(VALUE(C8(9), AX_TRACE_QUICK, 4, AX_END), 9);
    ck_assert_uint_eq(VALUE(C8(9), AX_TRACE16, 0, 4, AX_END), 9);
    ck_assert_uint_eq(VALUE(C8(9), C8(1), C8(4), AX_TRACENZ, AX_END), 9);
    EVAL(rc, v, C8(1), AX_TRACE, AX_END);
    ck_assert_int_eq(rc, -ENODATA);
    EVAL(rc, v, AX_TRACE_QUICK, 4, AX_END);
    ck_assert_int_eq(rc, -ENODATA);
    EVAL(rc, v, C8(1), AX_TRACE16, 0);
    ck_assert_int_eq(rc, -EINVAL);
}
END_TEST

START_TEST(test_unsupported_and_invalid_opcodes)
{
    static const uint8_t notsup[] = {AX_FLOAT,  AX_REF_FLOAT, AX_REF_DOUBLE, AX_REF_LONG_DOUBLE,
                                     AX_L_TO_D, AX_D_TO_L,    AX_GETV,       AX_SETV,
                                     AX_TRACEV};
    static const uint8_t invalid[] = {0x00, AX_INVALID2, 0x35, 0x7f, 0xff};

    for (size_t i = 0; i < sizeof(notsup); i++) {
        uint8_t code[] = {C8(1), notsup[i], 0, 0, AX_END};
        uint64_t v;
        ck_assert_int_eq(eval_code(code, sizeof(code), &v), -ENOTSUP);
    }
    for (size_t i = 0; i < sizeof(invalid); i++) {
        uint8_t code[] = {C8(1), invalid[i], AX_END};
        uint64_t v;
        ck_assert_int_eq(eval_code(code, sizeof(code), &v), -EINVAL);
    }
}
END_TEST

START_TEST(test_malformed_programs)
{
    uint64_t v;
    int rc;

    ck_assert_int_eq(eval_code(NULL, 0, &v), -EINVAL); /* nothing: no end */
    EVAL(rc, v, C8(1));
    ck_assert_int_eq(rc, -EINVAL); /* runs off the end */
    EVAL(rc, v, AX_CONST8);
    ck_assert_int_eq(rc, -EINVAL);
    EVAL(rc, v, AX_CONST64, 1, 2, 3, 4, 5, 6, 7);
    ck_assert_int_eq(rc, -EINVAL);
    EVAL(rc, v, AX_ADD, AX_END);
    ck_assert_int_eq(rc, -ENODATA);
    EVAL(rc, v, C8(1), AX_ADD, AX_END);
    ck_assert_int_eq(rc, -ENODATA);
    EVAL(rc, v, AX_LOG_NOT, AX_END);
    ck_assert_int_eq(rc, -ENODATA);
}
END_TEST

START_TEST(test_hostile_loops_end)
{
    uint64_t v;
    int rc;

    /* Pushing forever overflows the bounded stack. */
    EVAL(rc, v, C8(1), AX_GOTO, 0, 0);
    ck_assert_int_eq(rc, -EOVERFLOW);
    /* Spinning forever hits the step limit. */
    EVAL(rc, v, AX_GOTO, 0, 0);
    ck_assert_int_eq(rc, -ELOOP);
    EVAL(rc, v, C8(1), AX_DUP, AX_POP, AX_GOTO, 0, 2);
    ck_assert_int_eq(rc, -ELOOP);
    /* Reading memory in a loop is bounded too. */
    env_data.regs[0] = MEM_BASE;
    EVAL(rc, v, AX_REG, 0, 0, AX_REF8, AX_POP, AX_GOTO, 0, 0);
    ck_assert_int_eq(rc, -ELOOP);
    ck_assert_uint_le(env_data.reg_calls, AX_STEPS_MAX);
}
END_TEST

/* Every one-byte and two-byte program, and random ones: each ends with a value or one of the
 * documented errors, never a crash or a hang. */
START_TEST(test_hostile_programs_end_with_known_results)
{
    static const int known[] = {0,      -EINVAL,  -EOVERFLOW, -ENODATA, -EDOM,
                                -ELOOP, -ENOTSUP, -EFAULT,    -ENOENT};
    uint8_t code[48];
    unsigned seed = 12345;

    for (unsigned n = 0; n < 65536 + 3000; n++) {
        size_t len;
        if (n < 256) {
            code[0] = (uint8_t)n;
            len = 1;
        } else if (n < 65536) {
            code[0] = (uint8_t)(n >> 8);
            code[1] = (uint8_t)n;
            len = 2;
        } else {
            len = 1 + (seed = seed * 1103515245u + 12345u) % sizeof(code);
            for (size_t i = 0; i < len; i++) {
                seed = seed * 1103515245u + 12345u;
                /* Mostly valid opcodes, with small operands, so programs get somewhere. */
                code[i] = (uint8_t)((seed >> 16) % 0x36);
            }
        }
        uint64_t v;
        int rc = eval_code(code, len, &v), ok = 0;
        for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
            ok |= rc == known[k];
        ck_assert_msg(ok, "program %u: unexpected result %d", n, rc);
    }
}
END_TEST

/* A dprintf command as gdb compiles it: the arguments pushed last first, channel, function,
 * printf NARGS with the format (2-byte length including the NUL), end. */
static size_t printf_prog(uint8_t *code, const char *fmt, const uint64_t *args, size_t nargs)
{
    size_t n = 0, flen = strlen(fmt) + 1;

    for (size_t i = nargs; i-- > 0;) {
        uint8_t c64[] = {C64(args[i])};
        memcpy(code + n, c64, sizeof(c64));
        n += sizeof(c64);
    }
    code[n++] = AX_CONST8; /* channel */
    code[n++] = 0;
    code[n++] = AX_CONST8; /* function */
    code[n++] = 0;
    code[n++] = AX_PRINTF;
    code[n++] = (uint8_t)nargs;
    code[n++] = (uint8_t)(flen >> 8);
    code[n++] = (uint8_t)flen;
    memcpy(code + n, fmt, flen);
    n += flen;
    code[n++] = AX_END;
    return n;
}

static int run_printf(const char *fmt, const uint64_t *args, size_t nargs)
{
    uint8_t code[1024];
    uint64_t v;
    size_t n = printf_prog(code, fmt, args, nargs);

    env_data.outlen = 0;
    env_data.out[0] = '\0';
    return eval_code(code, n, &v);
}

START_TEST(test_printf_bytecode_formats_integers)
{
    ck_assert_int_eq(run_printf("d=%d u=%u x=%x %X o=%o c=%c\\n",
                                (uint64_t[]){(uint64_t)-5, 42, 255, 255, 8, 'x'}, 6),
                     0);
    ck_assert_str_eq(env_data.out, "d=-5 u=42 x=ff FF o=10 c=x\n");
    ck_assert_int_eq(run_printf("[%5d|%-5d|%05d|%+d|% d]", (uint64_t[]){7, 7, 7, 7, 7}, 5), 0);
    ck_assert_str_eq(env_data.out, "[    7|7    |00007|+7| 7]");
    ck_assert_int_eq(run_printf("%#x %#o %.3d", (uint64_t[]){255, 8, 5}, 3), 0);
    ck_assert_str_eq(env_data.out, "0xff 010 005");
    /* Lengths cut the 64-bit value to their type. */
    ck_assert_int_eq(run_printf("%hhd %hd %d %ld %lld %hhu %zu",
                                (uint64_t[]){0x1ff, 0x18000, 0x100000001ull, (uint64_t)-1,
                                             (uint64_t)-2, 0x1ff, 7},
                                7),
                     0);
    ck_assert_str_eq(env_data.out, "-1 -32768 1 -1 -2 255 7");
    ck_assert_int_eq(run_printf("%lu %lx", (uint64_t[]){UINT64_MAX, UINT64_MAX}, 2), 0);
    ck_assert_str_eq(env_data.out, "18446744073709551615 ffffffffffffffff");
}
END_TEST

START_TEST(test_printf_bytecode_strings_escapes_and_pointers)
{
    memcpy(env_data.mem, "hello\0world", 12);
    ck_assert_int_eq(run_printf("%s|%.3s|%8s|%-7s|%s",
                                (uint64_t[]){MEM_BASE, MEM_BASE, MEM_BASE, MEM_BASE + 6, 0}, 5),
                     0);
    ck_assert_str_eq(env_data.out, "hello|hel|   hello|world  |(null)");
    ck_assert_int_eq(run_printf("\\t\\\\\\\"%%\\a\\e|", NULL, 0), 0);
    ck_assert_str_eq(env_data.out, "\t\\\"%\a\033|");
    ck_assert_int_eq(run_printf("%p", (uint64_t[]){0x1234}, 1), 0);
    ck_assert_str_eq(env_data.out, "0x1234");
    ck_assert_int_eq(run_printf("no directives", NULL, 0), 0);
    ck_assert_str_eq(env_data.out, "no directives");
}
END_TEST

START_TEST(test_printf_string_stops_at_the_limit_or_unreadable_memory)
{
    uint64_t end = MEM_BASE + sizeof(env_data.mem);

    memset(env_data.mem, 'a', sizeof(env_data.mem));
    /* No NUL: AX_STRING_MAX bytes are printed. */
    ck_assert_int_eq(run_printf("%s", (uint64_t[]){MEM_BASE}, 1), 0);
    ck_assert_uint_eq(env_data.outlen, AX_STRING_MAX);
    /* No NUL before unreadable memory: an error. */
    ck_assert_int_eq(run_printf("%s", (uint64_t[]){end - 10}, 1), -EFAULT);
    /* A string that ends right before unreadable memory is read whole. */
    env_data.mem[sizeof(env_data.mem) - 1] = '\0';
    ck_assert_int_eq(run_printf("%s", (uint64_t[]){end - 10}, 1), 0);
    ck_assert_str_eq(env_data.out, "aaaaaaaaa");
    /* The precision bounds the read. */
    ck_assert_int_eq(run_printf("%.3s", (uint64_t[]){end - 10}, 1), 0);
    ck_assert_str_eq(env_data.out, "aaa");
    ck_assert_int_eq(run_printf("%s", (uint64_t[]){8}, 1), -EFAULT);
}
END_TEST

START_TEST(test_printf_bad_formats_print_nothing)
{
    ck_assert_int_eq(run_printf("%d %d", (uint64_t[]){1}, 1), -EINVAL);
    ck_assert_int_eq(run_printf("%d", (uint64_t[]){1, 2}, 2), -EINVAL);
    ck_assert_int_eq(run_printf("x%n", (uint64_t[]){MEM_BASE}, 1), -EINVAL);
    ck_assert_int_eq(run_printf("x%*d", (uint64_t[]){1, 2}, 2), -EINVAL);
    ck_assert_int_eq(run_printf("x%f", (uint64_t[]){1}, 1), -ENOTSUP);
    ck_assert_int_eq(run_printf("x%Lf", (uint64_t[]){1}, 1), -ENOTSUP);
    ck_assert_int_eq(run_printf("x%Ld", (uint64_t[]){1}, 1), -EINVAL);
    ck_assert_int_eq(run_printf("x%q", (uint64_t[]){1}, 1), -EINVAL);
    ck_assert_int_eq(run_printf("x%", NULL, 0), -EINVAL);
    ck_assert_int_eq(run_printf("x\\q", NULL, 0), -EINVAL);
    ck_assert_int_eq(run_printf("x\\", NULL, 0), -EINVAL);
    ck_assert_int_eq(run_printf("x%99999d", (uint64_t[]){1}, 1), -EINVAL);
    ck_assert_int_eq(run_printf("x%.2000d", (uint64_t[]){1}, 1), -EINVAL);
    ck_assert_int_eq(env_data.outlen, 0);
    /* The widest piece allowed is bounded. */
    ck_assert_int_eq(run_printf("%1024d", (uint64_t[]){1}, 1), 0);
    ck_assert_uint_eq(env_data.outlen, 1024);
}
END_TEST

START_TEST(test_printf_bytecode_operands_checked)
{
    uint64_t v;
    int rc;

    /* Format not NUL-terminated. */
    EVAL(rc, v, C8(0), C8(0), AX_PRINTF, 0, 0, 2, 'h', 'i', AX_END);
    ck_assert_int_eq(rc, -EINVAL);
    /* Format longer than the expression. */
    EVAL(rc, v, C8(0), C8(0), AX_PRINTF, 0, 0x10, 0, 'h', 0);
    ck_assert_int_eq(rc, -EINVAL);
    /* Zero-length format. */
    EVAL(rc, v, C8(0), C8(0), AX_PRINTF, 0, 0, 0, AX_END);
    ck_assert_int_eq(rc, -EINVAL);
    /* Too few values for the arguments, channel and function. */
    EVAL(rc, v, C8(0), AX_PRINTF, 0, 0, 1, 0, AX_END);
    ck_assert_int_eq(rc, -ENODATA);
    EVAL(rc, v, C8(0), C8(0), AX_PRINTF, 3, 0, 1, 0, AX_END);
    ck_assert_int_eq(rc, -ENODATA);
    /* Without an output callback the output is dropped. */
    {
        static const uint8_t code[] = {C8(0), C8(0), AX_PRINTF, 0, 0, 3, 'h', 'i', 0, AX_END};
        const struct ax_env quiet = {t_reg, t_mem, NULL, &env_data};
        ck_assert_int_eq(ax_eval(code, sizeof(code), &quiet, &v), 0);
    }
    /* ax_printf alone: a NUL inside the length ends the format. */
    env_data.outlen = 0;
    ck_assert_int_eq(ax_printf("ab\0%d", 5, NULL, 0, &env), 0);
    ck_assert_str_eq(env_data.out, "ab");
}
END_TEST

/* ---- Z packets ----------------------------------------------------------------------------- */

static int zparse(const char *s, uint8_t *store, size_t cap, struct zpoint *z)
{
    return zpoint_parse(s, strlen(s), store, cap, z);
}

START_TEST(test_zpoint_plain)
{
    uint8_t store[64];
    struct zpoint z;

    ck_assert_int_eq(zparse("0,7ffff7fcc060,1", store, sizeof(store), &z), 0);
    ck_assert_uint_eq(z.type, 0);
    ck_assert_uint_eq(z.addr, 0x7ffff7fcc060ull);
    ck_assert_uint_eq(z.kind, 1);
    ck_assert_uint_eq(z.nconds, 0);
    ck_assert_uint_eq(z.ncmds, 0);
    ck_assert_int_eq(zparse("2,1000,8", store, sizeof(store), &z), 0);
    ck_assert_uint_eq(z.type, 2);
    ck_assert_int_eq(zparse("9,1000,8", store, sizeof(store), &z), 0); /* the caller refuses */
}
END_TEST

START_TEST(test_zpoint_conditions_and_commands)
{
    uint8_t store[64];
    struct zpoint z;

    /* As gdb 13 sends it: conditions back to back. */
    ck_assert_int_eq(zparse("0,555555556332,1;X3,220127X2,2227", store, sizeof(store), &z), 0);
    ck_assert_uint_eq(z.nconds, 2);
    ck_assert_uint_eq(z.conds[0].len, 3);
    ck_assert_mem_eq(z.conds[0].code, "\x22\x01\x27", 3);
    ck_assert_uint_eq(z.conds[1].len, 2);
    ck_assert_mem_eq(z.conds[1].code, "\x22\x27", 2);
    ck_assert_uint_eq(z.ncmds, 0);
    /* Separated by ';', and commands after them. */
    ck_assert_int_eq(zparse("1,10,1;X1,27;X1,27;cmds:1,X2,2200X1,27", store, sizeof(store), &z), 0);
    ck_assert_uint_eq(z.type, 1);
    ck_assert_uint_eq(z.nconds, 2);
    ck_assert_uint_eq(z.ncmds, 2);
    ck_assert_int_eq(z.persist, 1);
    ck_assert_mem_eq(z.cmds[0].code, "\x22\x00", 2);
    /* Commands alone. */
    ck_assert_int_eq(zparse("0,10,1;cmds:0,X1,27", store, sizeof(store), &z), 0);
    ck_assert_uint_eq(z.nconds, 0);
    ck_assert_uint_eq(z.ncmds, 1);
    ck_assert_int_eq(z.persist, 0);
}
END_TEST

START_TEST(test_zpoint_malformed_leaves_output)
{
    static const char *bad[] = {"",
                                "0",
                                "0,10",
                                "0,10,",
                                "0,,1",
                                "x,10,1",
                                "0,10,1x",
                                "0,10,1;Y",
                                "0,10,1;X",
                                "0,10,1;X1",
                                "0,10,1;X1,",
                                "0,10,1;X1,2",
                                "0,10,1;X1,zz",
                                "0,10,1;X0,",
                                "0,10,1;X2,27",
                                "0,10,1;X1,27Z",
                                "2,10,4;X1,27",
                                "3,10,4;cmds:0,X1,27",
                                "0,10,1;cmds:2,X1,27",
                                "0,10,1;cmds:X1,27",
                                "0,10,1;cmds:0X1,27",
                                "0,10,1;cmds:0,X1,27;cmds:0,X1,27",
                                "0,10000000000000000,1"};
    uint8_t store[64];
    struct zpoint z, before;

    memset(&z, 0x5a, sizeof(z));
    before = z;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int rc = zparse(bad[i], store, sizeof(store), &z);
        ck_assert_msg(rc == -EINVAL || rc == -ERANGE, "'%s' gave %d", bad[i], rc);
        ck_assert_msg(memcmp(&z, &before, sizeof(z)) == 0, "'%s' wrote its output", bad[i]);
    }
}
END_TEST

START_TEST(test_zpoint_limits)
{
    char pkt[2048];
    uint8_t store[256];
    struct zpoint z;
    size_t n = (size_t)snprintf(pkt, sizeof(pkt), "0,10,1;");

    for (int i = 0; i < ZPOINT_LIST_MAX; i++)
        n += (size_t)snprintf(pkt + n, sizeof(pkt) - n, "X1,27");
    ck_assert_int_eq(zparse(pkt, store, sizeof(store), &z), 0);
    ck_assert_uint_eq(z.nconds, ZPOINT_LIST_MAX);
    snprintf(pkt + n, sizeof(pkt) - n, "X1,27");
    ck_assert_int_eq(zparse(pkt, store, sizeof(store), &z), -E2BIG);
    /* The decoded bytes must fit the store. */
    ck_assert_int_eq(zparse("0,10,1;X3,010203", store, 2, &z), -ENOSPC);
    ck_assert_int_eq(zparse("0,10,1;X2,0102X2,0304", store, 3, &z), -ENOSPC);
    ck_assert_int_eq(zparse("0,10,1;Xffffffffffffffff,01", store, sizeof(store), &z), -ENOSPC);
}
END_TEST

Suite *ax_suite(void)
{
    Suite *s = suite_create("ax");
    TCase *tc = tcase_create("ax");

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_constants_are_big_endian_and_unsigned);
    tcase_add_test(tc, test_arithmetic_wraps_at_64_bits);
    tcase_add_test(tc, test_division_signed_unsigned_and_overflow);
    tcase_add_test(tc, test_shifts_including_64_and_more);
    tcase_add_test(tc, test_logic_bits_and_comparisons);
    tcase_add_test(tc, test_sign_and_zero_extension);
    tcase_add_test(tc, test_memory_references_little_endian);
    tcase_add_test(tc, test_registers_read_through_the_callback);
    tcase_add_test(tc, test_jumps);
    tcase_add_test(tc, test_stack_operators);
    tcase_add_test(tc, test_trace_bytecodes_keep_only_their_stack_effect);
    tcase_add_test(tc, test_unsupported_and_invalid_opcodes);
    tcase_add_test(tc, test_malformed_programs);
    tcase_add_test(tc, test_hostile_loops_end);
    tcase_add_test(tc, test_hostile_programs_end_with_known_results);
    tcase_add_test(tc, test_printf_bytecode_formats_integers);
    tcase_add_test(tc, test_printf_bytecode_strings_escapes_and_pointers);
    tcase_add_test(tc, test_printf_string_stops_at_the_limit_or_unreadable_memory);
    tcase_add_test(tc, test_printf_bad_formats_print_nothing);
    tcase_add_test(tc, test_printf_bytecode_operands_checked);
    tcase_add_test(tc, test_zpoint_plain);
    tcase_add_test(tc, test_zpoint_conditions_and_commands);
    tcase_add_test(tc, test_zpoint_malformed_leaves_output);
    tcase_add_test(tc, test_zpoint_limits);
    suite_add_tcase(s, tc);
    return s;
}

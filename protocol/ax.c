/* The agent-expression evaluator (see ax.h): one pass over the bytecode with a bounded value
 * stack and step count. Values are 64-bit; arithmetic wraps, as on the target's registers.
 * Spec: GDB manual, appendix "Agent Expressions", "Bytecode Descriptions". */
#include "protocol/ax.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

struct ax_vm {
    const uint8_t *code;
    size_t len, pc;
    uint64_t stack[AX_STACK_MAX];
    size_t sp; /* values on the stack */
    const struct ax_env *env;
    size_t out_left; /* printf bytes still allowed (AX_OUTPUT_MAX per evaluation) */
};

/* %s reads memory through the caller's callback. */
static int ax_mem_fwd(void *ctx, uint64_t addr, void *buf, size_t len)
{
    const struct ax_vm *vm = ctx;

    return vm->env->mem ? vm->env->mem(vm->env->ctx, addr, buf, len) : -EFAULT;
}

/* printf output passes here on its way to env->out, which sees at most AX_OUTPUT_MAX bytes. */
static void ax_out_budget(void *ctx, const char *s, size_t len)
{
    struct ax_vm *vm = ctx;

    if (len > vm->out_left)
        len = vm->out_left;
    vm->out_left -= len;
    if (len && vm->env->out)
        vm->env->out(vm->env->ctx, s, len);
}

/* The N-byte big-endian operand at the pc, advancing past it. 0 or -EINVAL (cut off). */
static int ax_operand(struct ax_vm *vm, size_t n, uint64_t *v)
{
    uint64_t x = 0;

    if (vm->len - vm->pc < n)
        return -EINVAL;
    for (size_t i = 0; i < n; i++)
        x = (x << 8) | vm->code[vm->pc + i];
    vm->pc += n;
    *v = x;
    return 0;
}

static int ax_push(struct ax_vm *vm, uint64_t v)
{
    if (vm->sp == AX_STACK_MAX)
        return -EOVERFLOW;
    vm->stack[vm->sp++] = v;
    return 0;
}

/* Operators check their operand count up front, so they can work on the stack in place. */
static int ax_need(const struct ax_vm *vm, size_t n)
{
    return vm->sp < n ? -ENODATA : 0;
}

/* The binary operators: A (under the top) OP B (the top) -> *R. 0 or -EDOM. */
static int ax_binary(uint8_t op, uint64_t a, uint64_t b, uint64_t *r)
{
    int64_t sa = (int64_t)a, sb = (int64_t)b;

    switch (op) {
    case AX_ADD:
        *r = a + b;
        return 0;
    case AX_SUB:
        *r = a - b;
        return 0;
    case AX_MUL:
        *r = a * b;
        return 0;
    case AX_DIV_SIGNED:
    case AX_REM_SIGNED:
        if (b == 0)
            return -EDOM;
        /* INT64_MIN / -1 overflows in C; in two's complement it wraps to INT64_MIN, rem 0. */
        if (sb == -1) {
            *r = op == AX_DIV_SIGNED ? (uint64_t)0 - a : 0;
            return 0;
        }
        *r = (uint64_t)(op == AX_DIV_SIGNED ? sa / sb : sa % sb);
        return 0;
    case AX_DIV_UNSIGNED:
    case AX_REM_UNSIGNED:
        if (b == 0)
            return -EDOM;
        *r = op == AX_DIV_UNSIGNED ? a / b : a % b;
        return 0;
    /* Shifts by 64 or more are undefined in C; the mathematical result is all bits shifted
     * out (or all sign bits). */
    case AX_LSH:
        *r = b >= 64 ? 0 : a << b;
        return 0;
    case AX_RSH_UNSIGNED:
        *r = b >= 64 ? 0 : a >> b;
        return 0;
    case AX_RSH_SIGNED:
        if (b >= 64)
            *r = sa < 0 ? ~(uint64_t)0 : 0;
        else if (sa < 0)
            *r = ~(~a >> b); /* arithmetic shift without relying on >> of negatives */
        else
            *r = a >> b;
        return 0;
    case AX_BIT_AND:
        *r = a & b;
        return 0;
    case AX_BIT_OR:
        *r = a | b;
        return 0;
    case AX_BIT_XOR:
        *r = a ^ b;
        return 0;
    case AX_EQUAL:
        *r = a == b;
        return 0;
    case AX_LESS_SIGNED:
        *r = sa < sb;
        return 0;
    default: /* AX_LESS_UNSIGNED */
        *r = a < b;
        return 0;
    }
}

/* Sign-extend the low N bits of V (1 <= N < 64). */
static uint64_t ax_sign_extend(uint64_t v, unsigned n)
{
    uint64_t bit = (uint64_t)1 << (n - 1), mask = ((uint64_t)1 << n) - 1;

    v &= mask;
    return (v ^ bit) - bit;
}

/* refN: the top, an address, becomes the N-byte value there (target byte order: little
 * endian, as on every architecture rspd serves). */
static int ax_ref(struct ax_vm *vm, size_t n)
{
    uint8_t b[8];
    uint64_t v = 0;
    int rc;

    if (!vm->env->mem)
        return -EFAULT;
    rc = vm->env->mem(vm->env->ctx, vm->stack[vm->sp - 1], b, n);
    if (rc < 0)
        return rc;
    for (size_t i = n; i-- > 0;)
        v = (v << 8) | b[i];
    vm->stack[vm->sp - 1] = v;
    return 0;
}

/* printf: operands NARGS (1 byte) and the format (2-byte length, then that many bytes ending
 * in NUL); pops the function, the channel, then the arguments (the first on top). */
static int ax_op_printf(struct ax_vm *vm)
{
    uint64_t nargs, slen, args[256];
    const char *fmt;
    int rc;

    if ((rc = ax_operand(vm, 1, &nargs)) < 0 || (rc = ax_operand(vm, 2, &slen)) < 0)
        return rc;
    if (slen == 0 || vm->len - vm->pc < slen || vm->code[vm->pc + slen - 1] != '\0')
        return -EINVAL;
    fmt = (const char *)vm->code + vm->pc;
    vm->pc += slen;
    if ((rc = ax_need(vm, 2 + nargs)) < 0)
        return rc;
    vm->sp -= 2; /* function and channel: output always goes through env->out */
    for (size_t i = 0; i < nargs; i++)
        args[i] = vm->stack[--vm->sp];
    {
        const struct ax_env budget = {NULL, ax_mem_fwd, ax_out_budget, vm};
        return ax_printf(fmt, slen - 1, args, nargs, &budget);
    }
}

/* Execute the opcode at the pc. 1 at `end`, 0 to go on, or -errno. */
static int ax_step(struct ax_vm *vm)
{
    uint8_t op = vm->code[vm->pc++];
    uint64_t n, v;
    /* Valid only once ax_need said there is a top. */
    uint64_t *top = vm->sp ? &vm->stack[vm->sp - 1] : NULL;
    int rc;

    switch (op) {
    case AX_ADD:
    case AX_SUB:
    case AX_MUL:
    case AX_DIV_SIGNED:
    case AX_DIV_UNSIGNED:
    case AX_REM_SIGNED:
    case AX_REM_UNSIGNED:
    case AX_LSH:
    case AX_RSH_SIGNED:
    case AX_RSH_UNSIGNED:
    case AX_BIT_AND:
    case AX_BIT_OR:
    case AX_BIT_XOR:
    case AX_EQUAL:
    case AX_LESS_SIGNED:
    case AX_LESS_UNSIGNED:
        if ((rc = ax_need(vm, 2)) < 0 || (rc = ax_binary(op, vm->stack[vm->sp - 2], *top, &v)) < 0)
            return rc;
        vm->stack[--vm->sp - 1] = v;
        return 0;
    case AX_LOG_NOT:
    case AX_BIT_NOT:
        if ((rc = ax_need(vm, 1)) < 0)
            return rc;
        *top = op == AX_LOG_NOT ? *top == 0 : ~*top;
        return 0;
    case AX_EXT:
    case AX_ZERO_EXT:
        if ((rc = ax_operand(vm, 1, &n)) < 0 || (rc = ax_need(vm, 1)) < 0)
            return rc;
        if (n >= 64)
            return 0;
        if (op == AX_ZERO_EXT)
            *top &= ((uint64_t)1 << n) - 1;
        else if (n == 0)
            return -EINVAL; /* no sign bit to extend */
        else
            *top = ax_sign_extend(*top, (unsigned)n);
        return 0;
    case AX_REF8:
    case AX_REF16:
    case AX_REF32:
    case AX_REF64:
        if ((rc = ax_need(vm, 1)) < 0)
            return rc;
        return ax_ref(vm, (size_t)1 << (op - AX_REF8));
    case AX_IF_GOTO:
    case AX_GOTO:
        if ((rc = ax_operand(vm, 2, &n)) < 0)
            return rc;
        if (op == AX_IF_GOTO) {
            if ((rc = ax_need(vm, 1)) < 0)
                return rc;
            if (vm->stack[--vm->sp] == 0)
                return 0;
        }
        if (n >= vm->len)
            return -EINVAL;
        vm->pc = (size_t)n;
        return 0;
    case AX_CONST8:
    case AX_CONST16:
    case AX_CONST32:
    case AX_CONST64:
        if ((rc = ax_operand(vm, (size_t)1 << (op - AX_CONST8), &n)) < 0)
            return rc;
        return ax_push(vm, n);
    case AX_REG:
        if ((rc = ax_operand(vm, 2, &n)) < 0)
            return rc;
        if (!vm->env->reg)
            return -ENOENT;
        if ((rc = vm->env->reg(vm->env->ctx, (unsigned)n, &v)) < 0)
            return rc;
        return ax_push(vm, v);
    case AX_END:
        return 1;
    case AX_DUP:
        if ((rc = ax_need(vm, 1)) < 0)
            return rc;
        return ax_push(vm, *top);
    case AX_POP:
        if ((rc = ax_need(vm, 1)) < 0)
            return rc;
        vm->sp--;
        return 0;
    case AX_SWAP:
        if ((rc = ax_need(vm, 2)) < 0)
            return rc;
        v = *top;
        *top = vm->stack[vm->sp - 2];
        vm->stack[vm->sp - 2] = v;
        return 0;
    case AX_PICK:
        if ((rc = ax_operand(vm, 1, &n)) < 0 || (rc = ax_need(vm, (size_t)n + 1)) < 0)
            return rc;
        return ax_push(vm, vm->stack[vm->sp - 1 - n]);
    case AX_ROT:
        if ((rc = ax_need(vm, 3)) < 0)
            return rc;
        v = vm->stack[vm->sp - 3];
        vm->stack[vm->sp - 3] = vm->stack[vm->sp - 2];
        vm->stack[vm->sp - 2] = *top;
        *top = v;
        return 0;
    /* Tracing records data in a trace frame; there is none, only the stack effect stays. */
    case AX_TRACE:
    case AX_TRACENZ:
        if ((rc = ax_need(vm, 2)) < 0)
            return rc;
        vm->sp -= 2;
        return 0;
    case AX_TRACE_QUICK:
    case AX_TRACE16:
        if ((rc = ax_operand(vm, op == AX_TRACE_QUICK ? 1 : 2, &n)) < 0)
            return rc;
        return ax_need(vm, 1);
    case AX_PRINTF:
        return ax_op_printf(vm);
    case AX_FLOAT:
    case AX_REF_FLOAT:
    case AX_REF_DOUBLE:
    case AX_REF_LONG_DOUBLE:
    case AX_L_TO_D:
    case AX_D_TO_L:
    case AX_GETV:
    case AX_SETV:
    case AX_TRACEV:
        return -ENOTSUP;
    default: /* AX_INVALID2 and everything unassigned */
        return -EINVAL;
    }
}

int ax_eval(const uint8_t *code, size_t len, const struct ax_env *env, uint64_t *value)
{
    /* The stack is 8 KiB: on the caller's stack, as nothing here recurses. */
    struct ax_vm vm;

    vm.code = code;
    vm.len = len;
    vm.pc = 0;
    vm.sp = 0;
    vm.env = env;
    vm.out_left = AX_OUTPUT_MAX;
    for (unsigned long steps = 0; steps < AX_STEPS_MAX; steps++) {
        int rc;
        if (vm.pc >= vm.len)
            return -EINVAL; /* ran off the end without `end` */
        rc = ax_step(&vm);
        if (rc < 0)
            return rc;
        if (rc == 1) {
            *value = vm.sp ? vm.stack[vm.sp - 1] : 0;
            return 0;
        }
    }
    return -ELOOP;
}

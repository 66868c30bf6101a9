/* vCont action lists and the legacy c/s/C/S packets, parsed into struct vcont_action.
 * Pure parsing: no syscalls, no globals; junk is -EINVAL, never a default.
 * Spec: GDB manual, "Packets" > vCont, c, C, s, S. */
#include "protocol/vcont.h"

#include <errno.h>

#include "protocol/cursor.h"

/* Signals travel as hex ("C05", gdb sends two digits); anything past a byte is not a signal. */
static int vcont_parse_signo(struct cursor *c, int *signo)
{
    uint64_t v;

    if (cursor_hex_u64(c, &v) < 0 || v > 0xff)
        return -EINVAL;
    *signo = (int)v;
    return 0;
}

static void vcont_action_init(struct vcont_action *a, enum vcont_kind kind)
{
    a->kind = kind;
    a->gdb_signo = 0;
    a->ptid.pid = PTID_ALL;
    a->ptid.tid = PTID_ALL;
    a->start = 0;
    a->end = 0;
    a->has_addr = false;
    a->addr = 0;
}

/* One action at C: "c", "s", "t", "Csig", "Ssig" or "rSTART,END", then an optional
 * ":thread-id". */
static int vcont_parse_action(struct cursor *c, struct vcont_action *a)
{
    int err = 0;

    if (cursor_skip_char(c, 'c')) {
        vcont_action_init(a, VCONT_CONTINUE);
    } else if (cursor_skip_char(c, 's')) {
        vcont_action_init(a, VCONT_STEP);
    } else if (cursor_skip_char(c, 't')) {
        vcont_action_init(a, VCONT_STOP);
    } else if (cursor_skip_char(c, 'C')) {
        vcont_action_init(a, VCONT_CONTINUE);
        err = vcont_parse_signo(c, &a->gdb_signo);
    } else if (cursor_skip_char(c, 'S')) {
        vcont_action_init(a, VCONT_STEP);
        err = vcont_parse_signo(c, &a->gdb_signo);
    } else if (cursor_skip_char(c, 'r')) {
        vcont_action_init(a, VCONT_RANGE_STEP);
        if (cursor_hex_u64(c, &a->start) < 0 || !cursor_skip_char(c, ',') ||
            cursor_hex_u64(c, &a->end) < 0 || a->start > a->end)
            err = -EINVAL;
    } else {
        err = -EINVAL;
    }
    if (err == 0 && cursor_skip_char(c, ':') && ptid_parse(c, &a->ptid) < 0)
        err = -EINVAL;
    return err;
}

int vcont_parse(const char *args, size_t len, struct vcont_action *out, size_t cap, size_t *n)
{
    struct cursor c;
    size_t count = 0;

    cursor_init(&c, args, len);
    if (cursor_at_end(&c))
        return -EINVAL;
    while (!cursor_at_end(&c)) {
        struct vcont_action a;

        if (!cursor_skip_char(&c, ';') || vcont_parse_action(&c, &a) < 0)
            return -EINVAL;
        if (count == cap)
            return -E2BIG;
        out[count++] = a;
    }
    *n = count;
    return 0;
}

int vcont_parse_legacy(const char *pkt, size_t len, struct vcont_action *out)
{
    struct vcont_action a;
    struct cursor c;
    bool with_signal;

    cursor_init(&c, pkt, len);
    if (cursor_skip_char(&c, 'c')) {
        vcont_action_init(&a, VCONT_CONTINUE);
        with_signal = false;
    } else if (cursor_skip_char(&c, 's')) {
        vcont_action_init(&a, VCONT_STEP);
        with_signal = false;
    } else if (cursor_skip_char(&c, 'C')) {
        vcont_action_init(&a, VCONT_CONTINUE);
        with_signal = true;
    } else if (cursor_skip_char(&c, 'S')) {
        vcont_action_init(&a, VCONT_STEP);
        with_signal = true;
    } else {
        return -EINVAL;
    }
    if (with_signal && vcont_parse_signo(&c, &a.gdb_signo) < 0)
        return -EINVAL;
    /* "c ADDR" but "C SIG;ADDR" */
    if (with_signal ? cursor_skip_char(&c, ';') : !cursor_at_end(&c)) {
        if (cursor_hex_u64(&c, &a.addr) < 0)
            return -EINVAL;
        a.has_addr = true;
    }
    if (cursor_expect_end(&c) < 0)
        return -EINVAL;
    *out = a;
    return 0;
}

/* Linux x86-64 glue: NT_PRSTATUS (user_regs_struct) and NT_X86_XSTATE (or NT_PRFPREG) <-> the
 * arch_x86_64 raw block, with registers placed by name once per process and XSAVE component
 * offsets taken from CPUID leaf 0xD (never Intel's fixed layout: AMD's differs); the feature
 * mask from the XCR0 the kernel stores at byte 464 of the XSAVE area; DR0-DR7 through
 * PTRACE_POKEUSER on every thread, encoded by arch/x86/dregs. No protocol knowledge.
 * Spec: Intel SDM vol. 1 ch. 13 (XSAVE), vol. 3 17.2 (debug registers); gdb i387-tdep.c. */
#include "targets/linux/linux.h"

#include <cpuid.h>
#include <elf.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>

#include "arch/x86/dregs.h"
#include "arch/x86_64/x86_64.h"

#define FXSAVE_SIZE      512
#define XSAVE_XCR0_OFF   464 /* the kernel's sw_reserved word 0: XCR0 of the process */
#define XSAVE_HDR_OFF    512 /* XSTATE_BV */
#define XSAVE_HDR_END    576
#define XSAVE_COMPONENTS 10
#define FX_FCTRL_INIT    0x037f
#define FX_MXCSR_INIT    0x1f80
#define FX_FCTRL         0
#define FX_FSTAT         2
#define FX_FTW           4 /* abridged tag: one bit per physical register, 1 = not empty */
#define FX_FOP           6
#define FX_MXCSR         24
#define FX_ST0           32
#define FX_XMM0          160
/* The XCR0 components this glue transfers: x87, SSE, AVX, AVX-512 (3), PKRU. */
#define X86_64_XCR0_KNOWN                                                                          \
    (X86_64_FEAT_X87 | X86_64_FEAT_SSE | X86_64_FEAT_AVX | X86_64_FEAT_AVX512 | X86_64_FEAT_PKRU)

enum x86_64_src { SRC_GPR, SRC_FX, SRC_XS };

/* One register's bytes: raw block [RAW, RAW+LEN) <-> source [OFF, OFF+LEN), where the source
 * is user_regs_struct, the FXSAVE legacy area, or XSAVE component COMP (OFF within it). */
struct x86_64_copy {
    uint32_t raw;
    uint16_t off;
    uint8_t len;
    uint8_t src;
    uint8_t comp;
};

#define X86_64_MAX_COPIES 192

struct x86_64_state {
    struct x86_64_copy copy[X86_64_MAX_COPIES];
    size_t ncopy;
    long ftag_raw, fop_raw, fcw_raw[5]; /* raw offsets of the 16-bit x87 words, -1 absent */
    size_t xsave_cap;                   /* buffer size for NT_X86_XSTATE; 0: no XSTATE */
    uint32_t comp_off[XSAVE_COMPONENTS], comp_size[XSAVE_COMPONENTS];
    uint64_t xcr0;
    struct x86_dregs dr;
    uint8_t *xsave; /* scratch of xsave_cap bytes */
};

struct x86_64_name {
    const char *name;
    uint16_t off;
};

static const struct x86_64_name x86_64_gprs[] = {
    {"rax", offsetof(struct user_regs_struct, rax)},
    {"rbx", offsetof(struct user_regs_struct, rbx)},
    {"rcx", offsetof(struct user_regs_struct, rcx)},
    {"rdx", offsetof(struct user_regs_struct, rdx)},
    {"rsi", offsetof(struct user_regs_struct, rsi)},
    {"rdi", offsetof(struct user_regs_struct, rdi)},
    {"rbp", offsetof(struct user_regs_struct, rbp)},
    {"rsp", offsetof(struct user_regs_struct, rsp)},
    {"r8", offsetof(struct user_regs_struct, r8)},
    {"r9", offsetof(struct user_regs_struct, r9)},
    {"r10", offsetof(struct user_regs_struct, r10)},
    {"r11", offsetof(struct user_regs_struct, r11)},
    {"r12", offsetof(struct user_regs_struct, r12)},
    {"r13", offsetof(struct user_regs_struct, r13)},
    {"r14", offsetof(struct user_regs_struct, r14)},
    {"r15", offsetof(struct user_regs_struct, r15)},
    {"rip", offsetof(struct user_regs_struct, rip)},
    {"eflags", offsetof(struct user_regs_struct, eflags)},
    {"cs", offsetof(struct user_regs_struct, cs)},
    {"ss", offsetof(struct user_regs_struct, ss)},
    {"ds", offsetof(struct user_regs_struct, ds)},
    {"es", offsetof(struct user_regs_struct, es)},
    {"fs", offsetof(struct user_regs_struct, fs)},
    {"gs", offsetof(struct user_regs_struct, gs)},
    {"fs_base", offsetof(struct user_regs_struct, fs_base)},
    {"gs_base", offsetof(struct user_regs_struct, gs_base)},
    {"orig_rax", offsetof(struct user_regs_struct, orig_rax)},
};

/* FXSAVE words gdb shows zero-extended to 32 bits (fop is masked to 11 bits, ftag expanded);
 * fioff and fooff are full 32-bit fields. 64-bit FXSAVE keeps FIP/FDP at 8/16, so fiseg and
 * foseg are their upper halves, as gdb's i387 code reads them. */
static const struct x86_64_name x86_64_fx16[] = {
    {"fctrl", FX_FCTRL}, {"fstat", FX_FSTAT}, {"fiseg", 12}, {"foseg", 20}, {"fop", FX_FOP},
};

static const struct x86_64_name x86_64_fx32[] = {
    {"fioff", 8},
    {"fooff", 16},
    {"mxcsr", FX_MXCSR},
};

static struct x86_64_state *x86_64_st(struct linux_target *lt)
{
    return lt->arch_state;
}

/* Add a copy for register NAME if the descriptor has it. */
static void x86_64_add(struct x86_64_state *st, const struct arch_desc *a, const char *name,
                       enum x86_64_src src, unsigned comp, unsigned off, unsigned len)
{
    int i = arch_reg_by_name(a, name);
    struct x86_64_copy *c;

    if (i < 0 || st->ncopy == X86_64_MAX_COPIES)
        return;
    if (len > a->regs[i].bits / 8u)
        len = a->regs[i].bits / 8u;
    c = &st->copy[st->ncopy++];
    c->raw = a->regs[i].offset;
    c->off = (uint16_t)off;
    c->len = (uint8_t)len;
    c->src = (uint8_t)src;
    c->comp = (uint8_t)comp;
}

static long x86_64_raw_off(const struct arch_desc *a, const char *name)
{
    int i = arch_reg_by_name(a, name);
    return i < 0 ? -1 : (long)a->regs[i].offset;
}

static void x86_64_map(struct x86_64_state *st, const struct arch_desc *a)
{
    char name[16];

    for (size_t i = 0; i < sizeof(x86_64_gprs) / sizeof(x86_64_gprs[0]); i++)
        x86_64_add(st, a, x86_64_gprs[i].name, SRC_GPR, 0, x86_64_gprs[i].off, 8);
    for (unsigned i = 0; i < 8; i++) {
        snprintf(name, sizeof(name), "st%u", i);
        x86_64_add(st, a, name, SRC_FX, 0, FX_ST0 + 16 * i, 10);
    }
    for (size_t i = 0; i < sizeof(x86_64_fx32) / sizeof(x86_64_fx32[0]); i++)
        x86_64_add(st, a, x86_64_fx32[i].name, SRC_FX, 0, x86_64_fx32[i].off, 4);
    for (unsigned i = 0; i < 16; i++) {
        snprintf(name, sizeof(name), "xmm%u", i);
        x86_64_add(st, a, name, SRC_FX, 0, FX_XMM0 + 16 * i, 16);
        snprintf(name, sizeof(name), "ymm%uh", i);
        x86_64_add(st, a, name, SRC_XS, 2, 16 * i, 16);
        snprintf(name, sizeof(name), "zmm%uh", i);
        x86_64_add(st, a, name, SRC_XS, 6, 32 * i, 32);
        /* Hi16_ZMM holds zmm16-31 whole: xmm, ymm upper and zmm upper halves. */
        snprintf(name, sizeof(name), "xmm%u", i + 16);
        x86_64_add(st, a, name, SRC_XS, 7, 64 * i, 16);
        snprintf(name, sizeof(name), "ymm%uh", i + 16);
        x86_64_add(st, a, name, SRC_XS, 7, 64 * i + 16, 16);
        snprintf(name, sizeof(name), "zmm%uh", i + 16);
        x86_64_add(st, a, name, SRC_XS, 7, 64 * i + 32, 32);
    }
    for (unsigned i = 0; i < 8; i++) {
        snprintf(name, sizeof(name), "k%u", i);
        x86_64_add(st, a, name, SRC_XS, 5, 8 * i, 8);
    }
    x86_64_add(st, a, "pkru", SRC_XS, 9, 0, 4);
    for (size_t i = 0; i < sizeof(x86_64_fx16) / sizeof(x86_64_fx16[0]); i++)
        st->fcw_raw[i] = x86_64_raw_off(a, x86_64_fx16[i].name);
    st->ftag_raw = x86_64_raw_off(a, "ftag");
    st->fop_raw = x86_64_raw_off(a, "fop");
}

/* CPUID leaf 0xD: XSAVE area size and each component's offset (standard format). */
static void x86_64_cpuid_layout(struct x86_64_state *st)
{
    unsigned eax, ebx, ecx, edx;
    static const unsigned comps[] = {2, 5, 6, 7, 9};

    if (__get_cpuid_max(0, NULL) < 0xd)
        return;
    __cpuid_count(0xd, 0, eax, ebx, ecx, edx);
    if (ecx < XSAVE_HDR_END)
        return;
    st->xsave_cap = ecx;
    for (size_t i = 0; i < sizeof(comps) / sizeof(comps[0]); i++) {
        __cpuid_count(0xd, comps[i], eax, ebx, ecx, edx);
        if (eax > 0 && ebx >= XSAVE_HDR_END && ebx + eax <= st->xsave_cap) {
            st->comp_off[comps[i]] = ebx;
            st->comp_size[comps[i]] = eax;
        }
    }
    (void)edx;
}

/* XCR0 components this process can transfer: enabled, and laid out by CPUID. */
static uint64_t x86_64_usable(const struct x86_64_state *st, uint64_t xcr0)
{
    uint64_t ok = X86_64_FEAT_X87 | X86_64_FEAT_SSE;

    for (unsigned c = 2; c < XSAVE_COMPONENTS; c++)
        if (st->comp_size[c] > 0)
            ok |= 1ull << c;
    xcr0 &= ok & X86_64_XCR0_KNOWN;
    /* gdb's avx512 feature is all three components or none. */
    if ((xcr0 & X86_64_FEAT_AVX512) != X86_64_FEAT_AVX512)
        xcr0 &= ~X86_64_FEAT_AVX512;
    return xcr0;
}

/* Size the NT_X86_XSTATE buffer from the kernel itself: SETREGSET insists on exactly the
 * kernel's size, which CPUID may not tell (under valgrind CPUID is emulated). A reply that
 * fills the buffer may be truncated: grow and ask again. Leaves the state in st->xsave. */
static int x86_64_xstate_size(struct x86_64_state *st, int tid, size_t *len)
{
    size_t cap = st->xsave_cap < 4096 ? 4096 : st->xsave_cap;

    for (;;) {
        uint8_t *buf = realloc(st->xsave, cap);
        int rc;

        if (!buf)
            return -ENOMEM;
        st->xsave = buf;
        *len = cap;
        rc = linux_getregset(tid, NT_X86_XSTATE, "NT_X86_XSTATE", buf, len);
        if (rc < 0 || *len < cap || cap >= (1u << 20))
            return rc;
        cap *= 2;
    }
}

static void x86_64_teardown(struct linux_target *lt)
{
    struct x86_64_state *st = x86_64_st(lt);

    if (st)
        free(st->xsave);
    free(st);
    lt->arch_state = NULL;
}

static int x86_64_setup(struct linux_target *lt, int tid)
{
    struct x86_64_state *st = calloc(1, sizeof(*st));
    size_t len;
    int rc;

    if (!st)
        return -ENOMEM;
    lt->arch_state = st;
    x86_64_map(st, lt->base.arch);
    x86_64_cpuid_layout(st);
    st->xcr0 = X86_64_FEAT_X87 | X86_64_FEAT_SSE;
    if (st->xsave_cap > 0) {
        rc = x86_64_xstate_size(st, tid, &len);
        if (rc == -ENOMEM)
            goto fail;
        if (rc == 0 && len >= XSAVE_HDR_END) {
            uint64_t xcr0;
            for (unsigned c = 2; c < XSAVE_COMPONENTS; c++)
                if (st->comp_off[c] + st->comp_size[c] > len)
                    st->comp_size[c] = 0;
            memcpy(&xcr0, st->xsave + XSAVE_XCR0_OFF, sizeof(xcr0));
            st->xcr0 = x86_64_usable(st, xcr0);
            st->xsave_cap = len;
        } else {
            st->xsave_cap = 0; /* no XSTATE: NT_PRFPREG */
        }
    }
    if (st->xsave_cap == 0) {
        free(st->xsave);
        st->xsave = calloc(1, FXSAVE_SIZE);
        if (!st->xsave) {
            rc = -ENOMEM;
            goto fail;
        }
    }
    lt->base.features = st->xcr0 | X86_64_FEAT_LINUX | X86_64_FEAT_SEGMENTS;
    return 0;
fail:
    x86_64_teardown(lt);
    return rc;
}

/* The FP/vector state of TID into st->xsave (XSAVE or FXSAVE layout). Components the thread
 * has in their initial state (XSTATE_BV bit clear) may hold stale bytes: write the init
 * values there, so readers need not care. */
static int x86_64_get_fp(struct x86_64_state *st, int tid)
{
    size_t len;
    uint64_t bv;
    int rc;

    if (st->xsave_cap == 0) {
        len = FXSAVE_SIZE;
        return linux_getregset(tid, NT_PRFPREG, "NT_PRFPREG", st->xsave, &len);
    }
    len = st->xsave_cap;
    rc = linux_getregset(tid, NT_X86_XSTATE, "NT_X86_XSTATE", st->xsave, &len);
    if (rc < 0)
        return rc;
    if (len < st->xsave_cap)
        memset(st->xsave + len, 0, st->xsave_cap - len);
    memcpy(&bv, st->xsave + XSAVE_HDR_OFF, sizeof(bv));
    if (!(bv & X86_64_FEAT_X87)) {
        uint16_t fcw = FX_FCTRL_INIT;
        memset(st->xsave, 0, FX_MXCSR);
        memset(st->xsave + FX_ST0, 0, 8 * 16);
        memcpy(st->xsave + FX_FCTRL, &fcw, sizeof(fcw));
    }
    if (!(bv & X86_64_FEAT_SSE))
        memset(st->xsave + FX_XMM0, 0, 16 * 16);
    for (unsigned c = 2; c < XSAVE_COMPONENTS; c++)
        if (st->comp_size[c] && !(bv & (1ull << c)))
            memset(st->xsave + st->comp_off[c], 0, st->comp_size[c]);
    return 0;
}

/* Where copy C lives in the user_regs_struct GPR or in st->xsave; NULL when unavailable. */
static uint8_t *x86_64_src(struct x86_64_state *st, const struct x86_64_copy *c, uint8_t *gpr)
{
    switch (c->src) {
    case SRC_GPR:
        return gpr + c->off;
    case SRC_FX:
        return st->xsave + c->off;
    default:
        if (st->xsave_cap == 0 || !(st->xcr0 & (1ull << c->comp)) ||
            c->off + c->len > st->comp_size[c->comp])
            return NULL;
        return st->xsave + st->comp_off[c->comp] + c->off;
    }
}

/* gdb's 2-bit tag of an x87 register from its 80-bit value: 0 valid, 1 zero, 2 special. */
static unsigned x86_64_tag(const uint8_t *r)
{
    unsigned exponent = ((r[9] & 0x7fu) << 8) | r[8];
    uint64_t mant;

    memcpy(&mant, r, sizeof(mant));
    if (exponent == 0x7fff)
        return 2;
    if (exponent == 0)
        return mant == 0 ? 1 : 2;
    return (mant >> 63) ? 0 : 2;
}

/* The full i387 tag word gdb expects, from FXSAVE's abridged one. ST(i) is physical register
 * (TOP + i) mod 8, and FXSAVE stores registers in ST order. */
static uint32_t x86_64_ftag_full(const uint8_t *fx)
{
    unsigned top = (fx[FX_FSTAT + 1] >> 3) & 7u;
    uint32_t tag = 0;

    for (unsigned phys = 0; phys < 8; phys++) {
        unsigned t = 3;
        if (fx[FX_FTW] & (1u << phys))
            t = x86_64_tag(fx + FX_ST0 + 16 * ((phys + 8 - top) % 8));
        tag |= t << (2 * phys);
    }
    return tag;
}

static uint8_t x86_64_ftag_abridged(uint32_t full)
{
    uint8_t ftw = 0;

    for (unsigned phys = 0; phys < 8; phys++)
        if (((full >> (2 * phys)) & 3u) != 3u)
            ftw |= (uint8_t)(1u << phys);
    return ftw;
}

static int x86_64_read_regs(struct linux_target *lt, int tid, void *raw)
{
    struct x86_64_state *st = x86_64_st(lt);
    struct user_regs_struct gpr;
    size_t len = sizeof(gpr);
    uint8_t *out = raw;
    int rc;

    rc = linux_getregset(tid, NT_PRSTATUS, "NT_PRSTATUS", &gpr, &len);
    if (rc < 0)
        return rc;
    rc = x86_64_get_fp(st, tid);
    if (rc < 0)
        return rc;
    memset(raw, 0, lt->base.arch->raw_size);
    for (size_t i = 0; i < st->ncopy; i++) {
        const struct x86_64_copy *c = &st->copy[i];
        const uint8_t *src = x86_64_src(st, c, (uint8_t *)&gpr);
        if (src)
            memcpy(out + c->raw, src, c->len);
    }
    for (size_t i = 0; i < sizeof(x86_64_fx16) / sizeof(x86_64_fx16[0]); i++) {
        uint32_t v = 0;
        if (st->fcw_raw[i] < 0)
            continue;
        /* st->xsave is allocated when the process is set up, before any register access */
        memcpy(&v, st->xsave + x86_64_fx16[i].off, 2); /* NOLINT(clang-analyzer-core.NonNull*) */
        if ((long)st->fcw_raw[i] == st->fop_raw)
            v &= 0x7ffu;
        memcpy(out + st->fcw_raw[i], &v, sizeof(v));
    }
    if (st->ftag_raw >= 0) {
        uint32_t v = x86_64_ftag_full(st->xsave);
        memcpy(out + st->ftag_raw, &v, sizeof(v));
    }
    return 0;
}

static int x86_64_write_regs(struct linux_target *lt, int tid, const void *raw)
{
    struct x86_64_state *st = x86_64_st(lt);
    struct user_regs_struct gpr;
    size_t len = sizeof(gpr);
    const uint8_t *in = raw;
    uint64_t bv;
    int rc;

    rc = linux_getregset(tid, NT_PRSTATUS, "NT_PRSTATUS", &gpr, &len);
    if (rc < 0)
        return rc;
    rc = x86_64_get_fp(st, tid);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < st->ncopy; i++) {
        const struct x86_64_copy *c = &st->copy[i];
        uint8_t *dst = x86_64_src(st, c, (uint8_t *)&gpr);
        if (dst)
            memcpy(dst, in + c->raw, c->len);
    }
    for (size_t i = 0; i < sizeof(x86_64_fx16) / sizeof(x86_64_fx16[0]); i++) {
        uint16_t v;
        if (st->fcw_raw[i] < 0)
            continue;
        memcpy(&v, in + st->fcw_raw[i], sizeof(v));
        if ((long)st->fcw_raw[i] == st->fop_raw)
            v &= 0x7ffu;
        /* NOLINTNEXTLINE(clang-analyzer-core.NonNull*): allocated at process set-up */
        memcpy(st->xsave + x86_64_fx16[i].off, &v, sizeof(v));
    }
    if (st->ftag_raw >= 0) {
        uint32_t v;
        memcpy(&v, in + st->ftag_raw, sizeof(v));
        st->xsave[FX_FTW] = x86_64_ftag_abridged(v);
    }
    rc = linux_setregset(tid, NT_PRSTATUS, "NT_PRSTATUS", &gpr, sizeof(gpr));
    if (rc < 0)
        return rc;
    if (st->xsave_cap == 0)
        return linux_setregset(tid, NT_PRFPREG, "NT_PRFPREG", st->xsave, FXSAVE_SIZE);
    /* Every component we wrote now holds real values: mark them in use. */
    memcpy(&bv, st->xsave + XSAVE_HDR_OFF, sizeof(bv));
    bv |= st->xcr0;
    memcpy(st->xsave + XSAVE_HDR_OFF, &bv, sizeof(bv));
    return linux_setregset(tid, NT_X86_XSTATE, "NT_X86_XSTATE", st->xsave, st->xsave_cap);
}

static int x86_64_get_pc(struct linux_target *lt, int tid, uint64_t *pc)
{
    struct user_regs_struct gpr;
    size_t len = sizeof(gpr);
    int rc;

    (void)lt;
    rc = linux_getregset(tid, NT_PRSTATUS, "NT_PRSTATUS", &gpr, &len);
    if (rc == 0)
        *pc = gpr.rip;
    return rc;
}

static int x86_64_set_pc(struct linux_target *lt, int tid, uint64_t pc)
{
    struct user_regs_struct gpr;
    size_t len = sizeof(gpr);
    int rc;

    (void)lt;
    rc = linux_getregset(tid, NT_PRSTATUS, "NT_PRSTATUS", &gpr, &len);
    if (rc < 0)
        return rc;
    gpr.rip = pc;
    return linux_setregset(tid, NT_PRSTATUS, "NT_PRSTATUS", &gpr, sizeof(gpr));
}

static int x86_64_poke_dr(int tid, int i, uint64_t v)
{
    size_t off = offsetof(struct user, u_debugreg) + (size_t)i * sizeof(long);

    if (ptrace(PTRACE_POKEUSER, tid, (void *)off, (void *)v) < 0) {
        int err = errno;
        if (err != ESRCH)
            fprintf(stderr, "rspd: ptrace(PTRACE_POKEUSER, %d, DR%d): %s\n", tid, i, strerror(err));
        return -err;
    }
    return 0;
}

/* Program D into thread TID. DR7 goes to 0 first: the kernel validates each address
 * against the DR7 in force, and a half-updated pair could briefly watch the wrong place. */
static int x86_64_write_dregs(int tid, const struct x86_dregs *d)
{
    int rc = x86_64_poke_dr(tid, 7, 0);

    for (int i = 0; i < X86_DR_SLOTS && rc == 0; i++)
        rc = x86_64_poke_dr(tid, i, d->addr[i]);
    if (rc == 0 && d->dr7 != 0)
        rc = x86_64_poke_dr(tid, 7, d->dr7);
    /* A thread that is exiting (or killed) has no use for them: not a failure. */
    return rc == -ESRCH ? 0 : rc;
}

/* Program D into every thread; on failure put the old state back everywhere. */
static int x86_64_apply_dregs(struct linux_target *lt, const struct x86_dregs *d)
{
    struct x86_64_state *st = x86_64_st(lt);
    int rc = 0;

    for (struct linux_lwp *l = lt->lwps; l && rc == 0; l = l->next)
        rc = x86_64_write_dregs(l->tid, d);
    if (rc < 0) {
        for (struct linux_lwp *l = lt->lwps; l; l = l->next)
            (void)x86_64_write_dregs(l->tid, &st->dr);
        return rc;
    }
    st->dr = *d;
    return 0;
}

static int x86_64_insert_hw(struct linux_target *lt, enum point_kind kind, uint64_t addr,
                            size_t len)
{
    /* x86 cannot watch reads alone. Refusing Z3 makes gdb fall back to an access watchpoint
     * and check the value itself, as with gdbserver; accepting it would report writes as reads. */
    if (kind == PT_WATCH_R)
        return -EOPNOTSUPP;
    struct x86_dregs next = x86_64_st(lt)->dr;
    int rc = x86_dregs_insert(&next, kind, addr, len);

    if (rc < 0)
        return rc;
    return x86_64_apply_dregs(lt, &next);
}

static int x86_64_remove_hw(struct linux_target *lt, enum point_kind kind, uint64_t addr,
                            size_t len)
{
    if (kind == PT_WATCH_R)
        return -EOPNOTSUPP;
    struct x86_dregs next = x86_64_st(lt)->dr;
    int rc = x86_dregs_remove(&next, kind, addr, len);

    if (rc < 0)
        return rc;
    return x86_64_apply_dregs(lt, &next);
}

static int x86_64_clear_hw(struct linux_target *lt)
{
    struct x86_dregs none;

    memset(&none, 0, sizeof(none));
    return x86_64_apply_dregs(lt, &none);
}

static int x86_64_new_thread(struct linux_target *lt, int tid)
{
    const struct x86_dregs *d = &x86_64_st(lt)->dr;

    /* Debug registers are per thread and not inherited by clone(). */
    if (d->dr7 == 0)
        return 0;
    return x86_64_write_dregs(tid, d);
}

static int x86_64_inherit(struct linux_target *lt, const void *parent_state)
{
    const struct x86_64_state *parent = parent_state;

    x86_64_st(lt)->dr = parent->dr;
    return x86_64_new_thread(lt, lt->base.pid);
}

static int x86_64_trap_reason(struct linux_target *lt, int tid, enum stop_why *why, uint64_t *addr)
{
    size_t off = offsetof(struct user, u_debugreg) + 6 * sizeof(long);
    enum point_kind kind;
    uint64_t dr6, hit;
    long v;

    errno = 0;
    v = ptrace(PTRACE_PEEKUSER, tid, (void *)off, NULL);
    if (v == -1 && errno != 0) {
        int err = errno;
        fprintf(stderr, "rspd: ptrace(PTRACE_PEEKUSER, %d, DR6): %s\n", tid, strerror(err));
        return -err;
    }
    dr6 = (uint64_t)v;
    *why = WHY_NONE;
    if (x86_dregs_hit(&x86_64_st(lt)->dr, dr6, &kind, &hit) >= 0) {
        switch (kind) {
        case PT_HW_BREAK:
            *why = WHY_HW_BREAK;
            break;
        case PT_WATCH_W:
            *why = WHY_WATCH;
            break;
        case PT_WATCH_R:
            *why = WHY_RWATCH;
            break;
        default:
            *why = WHY_AWATCH;
            break;
        }
        *addr = hit;
    } else if (dr6 & X86_DR6_BS) {
        *why = WHY_STEP;
    }
    /* The kernel keeps the ptrace view of DR6 until the next debug trap; clear it so a
     * stale hit is never read twice. */
    return x86_64_poke_dr(tid, 6, 0);
}

const struct linux_arch linux_arch_x86_64 = {
    .elf_machine = EM_X86_64,
    .elf_class = ELFCLASS64,
    .setup = x86_64_setup,
    .teardown = x86_64_teardown,
    .read_regs = x86_64_read_regs,
    .write_regs = x86_64_write_regs,
    .get_pc = x86_64_get_pc,
    .set_pc = x86_64_set_pc,
    .insert_hw = x86_64_insert_hw,
    .remove_hw = x86_64_remove_hw,
    .clear_hw = x86_64_clear_hw,
    .new_thread = x86_64_new_thread,
    .inherit = x86_64_inherit,
    .trap_reason = x86_64_trap_reason,
};

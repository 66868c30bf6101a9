/* Target-side breakpoint conditions and commands (see bpcond.h): the table of the client's
 * Z0/Z1 points, and the hit hook the target calls before it reports a hit. Expressions are
 * run by protocol/ax.c with registers and memory read through the target ops; registers are
 * read from the target on every evaluation (never the session's register cache, which only
 * follows reported stops). */
#include "server/bpcond.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "protocol/zpoint.h"
#include "server/log.h"
#include "server/session.h"

void bpcond_init(struct bpcond_table *tab)
{
    memset(tab, 0, sizeof(*tab));
}

static void bpcond_point_free(struct bpcond_point *p)
{
    free(p->code);
    free(p->exprs);
    p->code = NULL;
    p->exprs = NULL;
}

void bpcond_fini(struct bpcond_table *tab)
{
    for (size_t i = 0; i < tab->n; i++)
        bpcond_point_free(&tab->v[i]);
    free(tab->v);
    free(tab->raw);
    memset(tab, 0, sizeof(*tab));
}

struct bpcond_point *bpcond_find(struct bpcond_table *tab, int pid, enum point_kind kind,
                                 uint64_t addr)
{
    for (size_t i = 0; i < tab->n; i++)
        if (tab->v[i].pid == pid && tab->v[i].kind == kind && tab->v[i].addr == addr)
            return &tab->v[i];
    return NULL;
}

/* Copies of Z's lists: one block of bytes, the views into it. 0 or -ENOMEM. */
static int bpcond_copy(const struct zpoint *z, uint8_t **code, struct ax_expr **exprs)
{
    size_t n = z->nconds + z->ncmds, bytes = 0, off = 0;

    *code = NULL;
    *exprs = NULL;
    if (n == 0)
        return 0;
    for (size_t i = 0; i < z->nconds; i++)
        bytes += z->conds[i].len;
    for (size_t i = 0; i < z->ncmds; i++)
        bytes += z->cmds[i].len;
    *code = malloc(bytes);
    *exprs = malloc(n * sizeof(**exprs));
    if (!*code || !*exprs) {
        free(*code);
        free(*exprs);
        return -ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        const struct ax_expr *e = i < z->nconds ? &z->conds[i] : &z->cmds[i - z->nconds];
        memcpy(*code + off, e->code, e->len);
        (*exprs)[i] = (struct ax_expr){*code + off, e->len};
        off += e->len;
    }
    return 0;
}

int bpcond_set(struct bpcond_table *tab, int pid, enum point_kind kind, uint64_t addr,
               const struct zpoint *z)
{
    struct bpcond_point *p = bpcond_find(tab, pid, kind, addr);
    uint8_t *code;
    struct ax_expr *exprs;

    if (!p && tab->n == tab->cap) {
        size_t cap = tab->cap ? 2 * tab->cap : 16;
        struct bpcond_point *v = realloc(tab->v, cap * sizeof(*v));
        if (!v)
            return -ENOMEM;
        tab->v = v;
        tab->cap = cap;
    }
    if (bpcond_copy(z, &code, &exprs) < 0)
        return -ENOMEM;
    if (p)
        bpcond_point_free(p);
    else
        p = &tab->v[tab->n++];
    *p = (struct bpcond_point){.pid = pid,
                               .kind = kind,
                               .addr = addr,
                               .code = code,
                               .exprs = exprs,
                               .nconds = z->nconds,
                               .ncmds = z->ncmds,
                               .persist = z->persist};
    return 0;
}

void bpcond_remove(struct bpcond_table *tab, struct bpcond_point *p)
{
    bpcond_point_free(p);
    *p = tab->v[--tab->n];
}

void bpcond_forget(struct bpcond_table *tab, int pid)
{
    for (size_t i = tab->n; i-- > 0;)
        if (pid <= 0 || tab->v[i].pid == pid)
            bpcond_remove(tab, &tab->v[i]);
}

/* What an evaluation reaches: the session (register numbering), the thread, its registers
 * once read, and the printf output gathered for one write. */
struct bpcond_eval {
    struct session *s;
    struct target *t;
    int tid;
    bool have_regs;
    char out[4096];
    size_t outlen;
};

static int bpcond_reg(void *ctx, unsigned regnum, uint64_t *value)
{
    struct bpcond_eval *e = ctx;
    struct bpcond_table *tab = &e->s->points;
    const struct arch_desc *a = e->t->arch;
    int idx, rc;

    if (!a)
        return -ESRCH;
    idx = arch_reg_by_wire(a, session_reg_features(e->s), regnum);
    if (idx < 0 || a->regs[idx].bits > 64)
        return -ENOENT;
    if (!e->have_regs) {
        if (tab->raw_size != a->raw_size) {
            uint8_t *raw = realloc(tab->raw, a->raw_size);
            if (!raw)
                return -ENOMEM;
            tab->raw = raw;
            tab->raw_size = a->raw_size;
        }
        if ((rc = target_read_regs(e->t, e->tid, tab->raw)) < 0)
            return rc;
        e->have_regs = true;
    }
    *value = 0;
    memcpy(value, tab->raw + a->regs[idx].offset, a->regs[idx].bits / 8u); /* little endian */
    return 0;
}

static int bpcond_mem(void *ctx, uint64_t addr, void *buf, size_t len)
{
    struct bpcond_eval *e = ctx;
    ssize_t n = target_read_memory(e->t, addr, buf, len);

    if (n < 0)
        return (int)n;
    return (size_t)n == len ? 0 : -EFAULT;
}

/* printf output goes where gdbserver's goes: rspd's standard output (stderr over stdio, where
 * fd 1 was moved off the protocol stream). */
static void bpcond_flush(struct bpcond_eval *e)
{
    size_t off = 0;

    while (off < e->outlen) {
        ssize_t n = write(STDOUT_FILENO, e->out + off, e->outlen - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; /* nobody reads it: the commands' effect is lost, not the session */
        off += (size_t)n;
    }
    e->outlen = 0;
}

static void bpcond_out(void *ctx, const char *s, size_t len)
{
    struct bpcond_eval *e = ctx;

    while (len) {
        size_t n = sizeof(e->out) - e->outlen;
        if (n > len)
            n = len;
        memcpy(e->out + e->outlen, s, n);
        e->outlen += n;
        s += n;
        len -= n;
        if (e->outlen == sizeof(e->out))
            bpcond_flush(e);
    }
}

bool bpcond_hit_wanted(void *ctx, struct target *t, int tid, enum point_kind kind, uint64_t addr)
{
    struct session *s = ctx;
    struct bpcond_table *tab = &s->points;
    struct bpcond_point *p = bpcond_find(tab, t->pid, kind, addr);
    struct bpcond_eval e = {.s = s, .t = t, .tid = tid};
    const struct ax_env env = {bpcond_reg, bpcond_mem, bpcond_out, &e};
    bool cond = true;
    uint64_t v = 0;

    if (!p || (p->nconds == 0 && p->ncmds == 0))
        return true;
    tab->hits++;
    /* Any condition non-zero: stop. gdb ORs the conditions of the locations it merged. */
    if (p->nconds) {
        cond = false;
        for (size_t i = 0; i < p->nconds && !cond; i++) {
            int rc = ax_eval(p->exprs[i].code, p->exprs[i].len, &env, &v);
            if (rc < 0) {
                /* The user sees the stop and gdb evaluates the condition itself. */
                tab->errors++;
                log_debug(s->log, "condition at %#llx in thread %d: %s", (unsigned long long)addr,
                          tid, strerror(-rc));
            }
            cond = rc < 0 || v != 0;
        }
    }
    if (cond && p->ncmds == 0)
        return true;
    if (cond) {
        for (size_t i = p->nconds; i < p->nconds + p->ncmds; i++) {
            int rc = ax_eval(p->exprs[i].code, p->exprs[i].len, &env, &v);
            if (rc < 0) {
                tab->errors++;
                log_debug(s->log, "command at %#llx in thread %d: %s", (unsigned long long)addr,
                          tid, strerror(-rc));
                break; /* one failed: the rest would not do better */
            }
        }
        bpcond_flush(&e);
    }
    tab->declined++;
    return false;
}

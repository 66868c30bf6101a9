/* Lazy per-thread register cache (see regcache.h). Writes go through at once, so the target
 * never runs with registers the client believes it changed. */
#include "server/regcache.h"

#include <errno.h>
#include <stdlib.h>

#include "targets/target.h"

void regcache_init(struct regcache *rc)
{
    *rc = (struct regcache){0};
}

void regcache_fini(struct regcache *rc)
{
    for (size_t i = 0; i < REGCACHE_SLOTS; i++)
        free(rc->slot[i].raw);
    *rc = (struct regcache){0};
}

void regcache_invalidate(struct regcache *rc)
{
    for (size_t i = 0; i < REGCACHE_SLOTS; i++)
        rc->slot[i].tid = 0;
}

static struct regcache_slot *find(struct regcache *rc, int tid)
{
    for (size_t i = 0; i < REGCACHE_SLOTS; i++)
        if (rc->slot[i].tid == tid)
            return &rc->slot[i];
    return NULL;
}

int regcache_get(struct regcache *rc, struct target *t, int tid, uint8_t **raw)
{
    if (!t->arch || tid <= 0)
        return -ESRCH;
    if (rc->raw_size != t->arch->raw_size) {
        /* A new process may have another architecture: resize every block. */
        for (size_t i = 0; i < REGCACHE_SLOTS; i++) {
            free(rc->slot[i].raw);
            rc->slot[i].raw = NULL;
            rc->slot[i].tid = 0;
        }
        rc->raw_size = t->arch->raw_size;
    }
    struct regcache_slot *s = find(rc, tid);
    if (s) {
        *raw = s->raw;
        return 0;
    }
    s = find(rc, 0);
    if (!s) {
        s = &rc->slot[rc->next];
        rc->next = (rc->next + 1) % REGCACHE_SLOTS;
    }
    if (!s->raw) {
        s->raw = calloc(1, rc->raw_size);
        if (!s->raw)
            return -ENOMEM;
    }
    s->tid = 0;
    int rc2 = target_read_regs(t, tid, s->raw);
    if (rc2 < 0)
        return rc2;
    s->tid = tid;
    *raw = s->raw;
    return 0;
}

int regcache_flush(struct regcache *rc, struct target *t, int tid)
{
    struct regcache_slot *s = find(rc, tid);
    if (!s || tid <= 0)
        return -ESRCH;
    int err = target_write_regs(t, tid, s->raw);
    if (err < 0)
        s->tid = 0; /* the target may hold anything now: re-read next time */
    return err;
}

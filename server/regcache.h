/* Per-thread raw register blocks, read lazily from the target and dropped on resume. The raw
 * block is the arch's full layout; the wire layout (g, p) is derived from the arch descriptor
 * and the process's feature mask. */
#ifndef RSPD_SERVER_REGCACHE_H
#define RSPD_SERVER_REGCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct target;

#define REGCACHE_SLOTS 4

struct regcache_slot {
    int tid;      /* 0 = free */
    uint8_t *raw; /* arch->raw_size bytes */
};

struct regcache {
    struct regcache_slot slot[REGCACHE_SLOTS];
    size_t raw_size;
    unsigned next; /* round-robin victim */
};

void regcache_init(struct regcache *rc);
void regcache_fini(struct regcache *rc);
/* Drop every cached block. */
void regcache_invalidate(struct regcache *rc);
/* The raw block of TID, read from T when not cached. 0 and *RAW (owned by the cache, valid
 * until the next invalidate or get), or -errno. */
int regcache_get(struct regcache *rc, struct target *t, int tid, uint8_t **raw);
/* Write the (modified) block of TID back to the target. 0 or -errno. */
int regcache_flush(struct regcache *rc, struct target *t, int tid);

#endif

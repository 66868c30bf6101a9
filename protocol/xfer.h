/* qXfer:<object>:read:<annex>:<offset>,<length> and :write: arguments; chunked m/l replies.
 * Pure code. Spec: GDB manual, "General Query Packets" > qXfer. */
#ifndef RSPD_PROTOCOL_XFER_H
#define RSPD_PROTOCOL_XFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

struct xfer_req {
    const char *object; /* points into the packet; not NUL-terminated */
    size_t object_len;
    bool write;
    const char *annex;
    size_t annex_len;
    uint64_t offset;
    uint64_t length;  /* read only */
    const char *data; /* write only: escaped binary data, up to the end of the packet */
    size_t data_len;
};

/* Parse PKT (LEN bytes after "qXfer:"). 0 or -EINVAL. */
int xfer_parse(const char *pkt, size_t len, struct xfer_req *out);

/* Reply to a read of an object held whole in memory (DATA, TOTAL bytes): 'l' plus what is left
 * when it all fits in min(LENGTH, room in B), else 'm' plus as much as fits (binary, escaped).
 * An OFFSET at or past TOTAL gives "l". */
void xfer_reply_chunk(struct buf *b, const void *data, size_t total, uint64_t offset,
                      uint64_t length);

#endif

/* qXfer arguments (object, read/write, annex, offset, length or data) and the chunked 'm'/'l'
 * reply for an object held whole in memory.
 * Pure code: no syscalls, no globals; the request points into the caller's packet.
 * Spec: GDB manual, "General Query Packets" > qXfer. */
#include "protocol/xfer.h"

#include <errno.h>

#include "protocol/buf.h"
#include "protocol/cursor.h"

int xfer_parse(const char *pkt, size_t len, struct xfer_req *out)
{
    struct xfer_req r = {0};
    struct cursor c;

    cursor_init(&c, pkt, len);
    cursor_until(&c, ':', &r.object, &r.object_len);
    if (r.object_len == 0)
        return -EINVAL;
    if (cursor_skip_str(&c, "read:"))
        r.write = false;
    else if (cursor_skip_str(&c, "write:"))
        r.write = true;
    else
        return -EINVAL;
    /* The annex may be empty ("auxv:read::0,fff"). Without its ':' it runs to the end, and
     * the offset that must follow is missing. */
    cursor_until(&c, ':', &r.annex, &r.annex_len);
    if (cursor_hex_u64(&c, &r.offset) < 0)
        return -EINVAL;
    if (r.write) {
        if (!cursor_skip_char(&c, ':'))
            return -EINVAL;
        r.data = c.p;
        r.data_len = cursor_left(&c);
    } else if (!cursor_skip_char(&c, ',') || cursor_hex_u64(&c, &r.length) < 0 ||
               cursor_expect_end(&c) < 0) {
        return -EINVAL;
    }
    *out = r;
    return 0;
}

void xfer_reply_chunk(struct buf *b, const void *data, size_t total, uint64_t offset,
                      uint64_t length)
{
    const unsigned char *bytes = data;
    size_t mark = b->len;
    size_t left, want, used;

    if (offset >= total) {
        buf_putc(b, 'l');
        return;
    }
    left = total - (size_t)offset;
    want = length < left ? (size_t)length : left;
    buf_putc(b, 'm');
    if (b->overflow)
        return;
    used = buf_append_binary(b, bytes + offset, want);
    if (used == 0 && want > 0) {
        /* Not one byte fitted: an empty 'm' would make the client ask again forever. */
        b->overflow = true;
        return;
    }
    if (used == left)
        b->data[mark] = 'l';
}

/* Thread-id syntax: parse and format "p<pid>.<tid>", "p<pid>", "<tid>", "-1" and "0".
 * Pure code: no syscalls, no globals; ids are hex, "-1" is the only negative.
 * Spec: GDB manual, "Packets" > thread-id (and "multiprocess extensions"). */
#include "protocol/ptid.h"

#include <string.h>

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "protocol/buf.h"
#include "protocol/cursor.h"
#include "protocol/hex.h"

/* One id: "-1" or hex that fits an int. */
static int ptid_parse_id(struct cursor *c, int *out)
{
    uint64_t v;
    int err;

    if (cursor_skip_str(c, "-1")) {
        /* "-10" is not -1 followed by junk we could silently accept. */
        if (!cursor_at_end(c) && hex_digit((unsigned char)*c->p) >= 0)
            return -EINVAL;
        *out = PTID_ALL;
        return 0;
    }
    err = cursor_hex_u64(c, &v);
    if (err < 0)
        return err;
    if (v > INT_MAX)
        return -ERANGE;
    *out = (int)v;
    return 0;
}

int ptid_parse(struct cursor *c, struct ptid *out)
{
    struct cursor start = *c;
    struct ptid id = {PTID_ANY, PTID_ALL};
    int err;

    if (cursor_skip_char(c, 'p')) {
        err = ptid_parse_id(c, &id.pid);
        if (err == 0 && cursor_skip_char(c, '.'))
            err = ptid_parse_id(c, &id.tid);
    } else {
        err = ptid_parse_id(c, &id.tid);
    }
    if (err < 0) {
        *c = start;
        return err;
    }
    *out = id;
    return 0;
}

static void ptid_format_id(struct buf *b, int v)
{
    if (v < 0) {
        buf_putc(b, '-');
        buf_append_hex_u64(b, 0u - (unsigned)v);
    } else {
        buf_append_hex_u64(b, (unsigned)v);
    }
}

void ptid_format(struct buf *b, struct ptid id, bool multiprocess)
{
    if (multiprocess) {
        buf_putc(b, 'p');
        ptid_format_id(b, id.pid);
        buf_putc(b, '.');
    }
    ptid_format_id(b, id.tid);
}

size_t ptid_doc_drop_pids(char *doc, size_t len)
{
    static const char key[] = "id=\"p";
    const size_t klen = sizeof(key) - 1;
    size_t in = 0, out = 0;

    while (in < len) {
        if (len - in > klen && memcmp(doc + in, key, klen) == 0) {
            size_t j = in + klen;
            while (j < len && doc[j] != '.' && doc[j] != '"')
                j++;
            if (j < len && doc[j] == '.') {
                /* Keep `id="`, drop `p<pid>.`. */
                memmove(doc + out, doc + in, klen - 1);
                out += klen - 1;
                in = j + 1;
                continue;
            }
        }
        doc[out++] = doc[in++];
    }
    return out;
}

/* qXfer objects: features (target.xml built from the arch descriptor), auxv and exec-file
 * (from the target). Unknown objects get the empty reply, unknown annexes an error.
 * Spec: GDB manual, "General Query Packets" > qXfer; "Target Descriptions". */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "protocol/hex.h"
#include "protocol/xfer.h"
#include "server/cmds.h"
#include "server/session.h"

static bool is(const char *s, size_t len, const char *lit)
{
    return strlen(lit) == len && memcmp(s, lit, len) == 0;
}

static int build_tdesc(struct session *s)
{
    if (s->tdesc)
        return 0;
    if (!s->t->arch)
        return -ESRCH;
    size_t cap = 64 * 1024;
    for (int tries = 0; tries < 4; tries++, cap *= 2) {
        char *x = malloc(cap);
        if (!x)
            return -ENOMEM;
        ssize_t n = arch_tdesc_xml(s->t->arch, s->t->features, "GNU/Linux", x, cap);
        if (n >= 0) {
            s->tdesc = x;
            s->tdesc_len = (size_t)n;
            return 0;
        }
        free(x);
        if (n != -ENOSPC)
            return (int)n;
    }
    return -ENOSPC;
}

static int xfer_features(struct session *s, const struct xfer_req *r)
{
    if (!is(r->annex, r->annex_len, "target.xml"))
        return -ENOENT;
    int err = build_tdesc(s);
    if (err < 0)
        return err;
    xfer_reply_chunk(&s->reply, s->tdesc, s->tdesc_len, r->offset, r->length);
    return 0;
}

/* Objects the target reads in pieces: read what fits, 'l' once the target has no more. */
static int xfer_target(struct session *s, const struct xfer_req *r, const char *object)
{
    char annex[64];
    if (r->annex_len >= sizeof(annex))
        return -EINVAL;
    memcpy(annex, r->annex, r->annex_len);
    annex[r->annex_len] = '\0';
    /* Escaping can double each byte: ask for no more than half the room. */
    size_t room = buf_room(&s->reply);
    if (room < 2)
        return -ENOBUFS;
    size_t want = (room - 1) / 2;
    if (r->length < want)
        want = (size_t)r->length;
    ssize_t n = target_xfer_read(s->t, object, annex, r->offset, s->scratch, want);
    if (n < 0)
        return (int)n;
    buf_putc(&s->reply, (size_t)n < want || n == 0 ? 'l' : 'm');
    buf_append_binary(&s->reply, s->scratch, (size_t)n);
    return 0;
}

int cmd_qxfer(struct session *s, const char *args, size_t len)
{
    struct xfer_req r;
    if (xfer_parse(args, len, &r) < 0)
        return -EINVAL;
    if (r.write)
        return 0; /* no writable objects yet */
    if (is(r.object, r.object_len, "features"))
        return xfer_features(s, &r);
    if (!s->t->ops->xfer_read)
        return 0;
    if (is(r.object, r.object_len, "auxv"))
        return s->t->pid > 0 ? xfer_target(s, &r, "auxv") : -ESRCH;
    if (is(r.object, r.object_len, "exec-file"))
        return xfer_target(s, &r, "exec-file");
    return 0;
}

/* qXfer objects: features (target.xml built from the arch descriptor), auxv and exec-file
 * (from the target), libraries-svr4 and osdata (documents the target builds whole). Unknown
 * objects get the empty reply, unknown annexes an error.
 * Spec: GDB manual, "General Query Packets" > qXfer; "Target Descriptions". */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "protocol/hex.h"
#include "protocol/ptid.h"
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

/* The largest document read whole; a bigger one is refused rather than cut. */
#define XFER_DOC_MAX (64u << 20)

/* Read document OBJECT:ANNEX whole into a new buffer (*DOC, *LEN). A document comes in one
 * piece, so a count short of the room offered is all of it. 0 or -errno. */
static int xfer_read_whole(struct session *s, const char *object, const char *annex, char **doc,
                           size_t *len)
{
    char *d = NULL;
    size_t cap = 64 * 1024;
    for (;;) {
        char *p = realloc(d, cap);
        if (!p) {
            free(d);
            return -ENOMEM;
        }
        d = p;
        ssize_t n = target_xfer_read(s->t, object, annex, 0, d, cap);
        if (n >= 0 && (size_t)n < cap) {
            *doc = d;
            *len = (size_t)n;
            return 0;
        }
        if (n < 0 || cap >= XFER_DOC_MAX) {
            free(d);
            return n < 0 ? (int)n : -EFBIG;
        }
        cap *= 2;
    }
}

/* Documents the target builds whole (libraries-svr4, osdata): read at offset 0 and kept for
 * the later offsets of the same object and annex, so one that changes between packets (the
 * process list) still reaches the client as one consistent snapshot. */
static int xfer_document(struct session *s, const struct xfer_req *r, const char *object)
{
    char key[320];
    int klen = snprintf(key, sizeof(key), "%s:%.*s", object, (int)r->annex_len, r->annex);
    if (klen < 0 || (size_t)klen >= sizeof(key) || memchr(r->annex, '\0', r->annex_len))
        return -EINVAL;
    if (r->offset == 0 || !s->xfer_doc_key || strcmp(s->xfer_doc_key, key) != 0) {
        char *doc = NULL, *k = strdup(key);
        size_t len = 0;
        if (!k)
            return -ENOMEM;
        int err = xfer_read_whole(s, object, key + strlen(object) + 1, &doc, &len);
        if (err < 0) {
            free(k);
            return err;
        }
        /* Thread ids as the client reads them: bare tids when it did not ask for
         * multiprocess ones (gdb.multi/attach-no-multi-process.exp). */
        if (strcmp(object, "threads") == 0 && !s->multiprocess)
            len = ptid_doc_drop_pids(doc, len);
        free(s->xfer_doc);
        free(s->xfer_doc_key);
        s->xfer_doc = doc;
        s->xfer_doc_len = len;
        s->xfer_doc_key = k;
    }
    xfer_reply_chunk(&s->reply, s->xfer_doc, s->xfer_doc_len, r->offset, r->length);
    return 0;
}

int cmd_qxfer(struct session *s, const char *args, size_t len)
{
    struct xfer_req r;
    if (xfer_parse(args, len, &r) < 0)
        return -EINVAL;
    if (is(r.object, r.object_len, "siginfo"))
        return s->t->ops->xfer_write ? cmd_xfer_siginfo(s, &r) : 0;
    if (r.write)
        return 0; /* no other writable objects */
    if (is(r.object, r.object_len, "features"))
        return xfer_features(s, &r);
    if (!s->t->ops->xfer_read)
        return 0;
    if (is(r.object, r.object_len, "auxv"))
        return s->t->pid > 0 ? xfer_target(s, &r, "auxv") : -ESRCH;
    if (is(r.object, r.object_len, "exec-file"))
        return xfer_target(s, &r, "exec-file");
    if (is(r.object, r.object_len, "threads"))
        return s->t->pid > 0 ? xfer_document(s, &r, "threads") : -ESRCH;
    if (is(r.object, r.object_len, "libraries-svr4") && target_xfer_has(s->t, "libraries-svr4"))
        return s->t->pid > 0 ? xfer_document(s, &r, "libraries-svr4") : -ESRCH;
    if (is(r.object, r.object_len, "osdata") && target_xfer_has(s->t, "osdata"))
        return xfer_document(s, &r, "osdata");
    return 0;
}

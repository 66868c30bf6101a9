/* Host I/O (vFile) arguments and replies (see hostio.h): parsing through struct cursor, the
 * host-errno -> File-I/O errno table, "F" replies sized to the reply buffer, struct stat packing.
 * No syscalls, no globals: the server does the I/O and maps host open flags and modes.
 * Spec: GDB manual, "Host I/O Packets", "File-I/O Remote Protocol Extension". */
#include "protocol/hostio.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "protocol/buf.h"
#include "protocol/cursor.h"
#include "protocol/hex.h"

#define KNOWN_FLAGS                                                                                \
    (HOSTIO_O_ACCMODE | HOSTIO_O_APPEND | HOSTIO_O_CREAT | HOSTIO_O_TRUNC | HOSTIO_O_EXCL)
#define KNOWN_MODE (HOSTIO_S_IFREG | HOSTIO_S_IFDIR | HOSTIO_S_PERMS)

static const struct {
    const char *name;
    enum hostio_op op;
} ops[] = {
    {"setfs", HOSTIO_SETFS},   {"open", HOSTIO_OPEN},         {"close", HOSTIO_CLOSE},
    {"pread", HOSTIO_PREAD},   {"pwrite", HOSTIO_PWRITE},     {"fstat", HOSTIO_FSTAT},
    {"unlink", HOSTIO_UNLINK}, {"readlink", HOSTIO_READLINK},
};

/* A hex number with an optional '-': "1c0", "-1". */
static int parse_int(struct cursor *c, int64_t *out)
{
    struct cursor save = *c;
    bool neg = cursor_skip_char(c, '-');
    uint64_t v;

    if (cursor_hex_u64(c, &v) < 0 || v > (uint64_t)INT64_MAX) {
        *c = save;
        return -EINVAL;
    }
    *out = neg ? -(int64_t)v : (int64_t)v;
    return 0;
}

static int parse_nonneg(struct cursor *c, uint64_t *out)
{
    int64_t v;

    if (parse_int(c, &v) < 0 || v < 0)
        return -EINVAL;
    *out = (uint64_t)v;
    return 0;
}

/* A hex-encoded path: up to the next ',' (which must be there, and is consumed), or, when LAST,
 * the rest of the packet (where a ',' is then junk and fails the hex decoding). */
static int parse_path(struct cursor *c, struct hostio_req *r, bool last)
{
    const char *tok = c->p;
    size_t toklen = cursor_left(c);

    if (last) {
        c->p = c->end;
    } else {
        size_t left = toklen;
        cursor_until(c, ',', &tok, &toklen);
        if (toklen == left)
            return -EINVAL; /* no ',' after the path */
    }
    if (toklen % 2)
        return -EINVAL;
    if (toklen / 2 >= HOSTIO_PATH_MAX)
        return -ENAMETOOLONG;
    ssize_t n = hex_decode(tok, toklen, (uint8_t *)r->path, HOSTIO_PATH_MAX - 1);
    if (n < 0)
        return -EINVAL;
    if (memchr(r->path, '\0', (size_t)n))
        return -EINVAL; /* the OS would silently cut the name there */
    r->path[n] = '\0';
    r->path_len = (size_t)n;
    return 0;
}

static int parse_open(struct cursor *c, struct hostio_req *r)
{
    uint64_t flags, mode;
    int err = parse_path(c, r, false);

    if (err < 0)
        return err;
    if (parse_nonneg(c, &flags) < 0 || !cursor_skip_char(c, ',') || parse_nonneg(c, &mode) < 0)
        return -EINVAL;
    if ((flags & ~(uint64_t)KNOWN_FLAGS) || (flags & HOSTIO_O_ACCMODE) == HOSTIO_O_ACCMODE)
        return -EINVAL;
    if (mode & ~(uint64_t)KNOWN_MODE)
        return -EINVAL;
    r->flags = (uint32_t)flags;
    r->mode = (uint32_t)mode;
    return 0;
}

static int parse_args(struct cursor *c, struct hostio_req *r)
{
    switch (r->op) {
    case HOSTIO_SETFS:
        if (parse_int(c, &r->pid) < 0 || r->pid < 0)
            return -EINVAL;
        return 0;
    case HOSTIO_OPEN:
        return parse_open(c, r);
    case HOSTIO_CLOSE:
    case HOSTIO_FSTAT:
        return parse_int(c, &r->fd);
    case HOSTIO_PREAD:
        if (parse_int(c, &r->fd) < 0 || !cursor_skip_char(c, ',') ||
            parse_nonneg(c, &r->count) < 0 || !cursor_skip_char(c, ',') ||
            parse_nonneg(c, &r->offset) < 0)
            return -EINVAL;
        return 0;
    case HOSTIO_PWRITE:
        if (parse_int(c, &r->fd) < 0 || !cursor_skip_char(c, ',') ||
            parse_nonneg(c, &r->offset) < 0 || !cursor_skip_char(c, ','))
            return -EINVAL;
        /* The data runs to the end of the packet and may hold any byte, ',' and NUL too. */
        r->data = c->p;
        r->data_len = cursor_left(c);
        c->p = c->end;
        return 0;
    case HOSTIO_UNLINK:
    case HOSTIO_READLINK:
        return parse_path(c, r, true);
    }
    return -EINVAL;
}

int hostio_parse(const char *args, size_t len, struct hostio_req *req)
{
    struct cursor c;
    const char *name;
    size_t namelen;
    int err;

    cursor_init(&c, args, len);
    cursor_until(&c, ':', &name, &namelen);
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        if (strlen(ops[i].name) != namelen || memcmp(ops[i].name, name, namelen) != 0)
            continue;
        if (namelen == len || args[namelen] != ':')
            return -EINVAL; /* "vFile:open" without its ':' and arguments */
        /* Parsed into a copy, so *REQ is written only on success. */
        struct hostio_req r;
        memset(&r, 0, offsetof(struct hostio_req, path));
        r.op = ops[i].op;
        r.path[0] = '\0';
        err = parse_args(&c, &r);
        if (err < 0)
            return err;
        if (cursor_expect_end(&c) < 0)
            return -EINVAL;
        memcpy(req, &r, offsetof(struct hostio_req, path) + r.path_len + 1);
        return 0;
    }
    return -EOPNOTSUPP;
}

int hostio_errno(int err)
{
    switch (err < 0 ? -err : err) {
    case EPERM:
        return HOSTIO_EPERM;
    case ENOENT:
        return HOSTIO_ENOENT;
    case EINTR:
        return HOSTIO_EINTR;
    case EBADF:
        return HOSTIO_EBADF;
    case EACCES:
        return HOSTIO_EACCES;
    case EFAULT:
        return HOSTIO_EFAULT;
    case EBUSY:
        return HOSTIO_EBUSY;
    case EEXIST:
        return HOSTIO_EEXIST;
    case ENODEV:
        return HOSTIO_ENODEV;
    case ENOTDIR:
        return HOSTIO_ENOTDIR;
    case EISDIR:
        return HOSTIO_EISDIR;
    case EINVAL:
        return HOSTIO_EINVAL;
    case ENFILE:
        return HOSTIO_ENFILE;
    case EMFILE:
        return HOSTIO_EMFILE;
    case EFBIG:
        return HOSTIO_EFBIG;
    case ENOSPC:
        return HOSTIO_ENOSPC;
    case ESPIPE:
        return HOSTIO_ESPIPE;
    case EROFS:
        return HOSTIO_EROFS;
    case ENAMETOOLONG:
        return HOSTIO_ENAMETOOLONG;
    default:
        return HOSTIO_EUNKNOWN;
    }
}

void hostio_reply(struct buf *b, int64_t result)
{
    if (result < 0)
        buf_appendf(b, "F-%llx", (unsigned long long)-(uint64_t)result);
    else
        buf_appendf(b, "F%llx", (unsigned long long)result);
}

void hostio_reply_error(struct buf *b, int err)
{
    buf_appendf(b, "F-1,%x", hostio_errno(err));
}

static size_t hex_digits(uint64_t v)
{
    size_t n = 1;

    while (v >>= 4)
        n++;
    return n;
}

/* '}' escapes: the bytes bin_escape() doubles. */
static bool escaped(uint8_t c)
{
    return c == '#' || c == '$' || c == '}' || c == '*';
}

size_t hostio_reply_data(struct buf *b, const void *data, size_t len)
{
    const uint8_t *p = data;
    size_t room = buf_room(b), head = 1 + hex_digits(len) + 1, n = 0, used = 0;

    if (room < head) {
        buf_puts(b, "F0;"); /* sets overflow when even this does not fit */
        return 0;
    }
    room -= head;
    while (n < len && used + (escaped(p[n]) ? 2 : 1) <= room)
        used += escaped(p[n++]) ? 2 : 1;
    buf_appendf(b, "F%zx;", n);
    buf_append_binary(b, p, n);
    return n;
}

static uint8_t *put_be(uint8_t *out, uint64_t v, size_t bytes)
{
    for (size_t i = 0; i < bytes; i++)
        out[i] = (uint8_t)(v >> (8 * (bytes - 1 - i)));
    return out + bytes;
}

void hostio_pack_stat(const struct hostio_stat *st, uint8_t out[HOSTIO_STAT_SIZE])
{
    uint8_t *p = out;

    p = put_be(p, st->dev, 4);
    p = put_be(p, st->ino, 4);
    p = put_be(p, st->mode, 4);
    p = put_be(p, st->nlink, 4);
    p = put_be(p, st->uid, 4);
    p = put_be(p, st->gid, 4);
    p = put_be(p, st->rdev, 4);
    p = put_be(p, st->size, 8);
    p = put_be(p, st->blksize, 8);
    p = put_be(p, st->blocks, 8);
    p = put_be(p, (uint64_t)st->atime, 4);
    p = put_be(p, (uint64_t)st->mtime, 4);
    put_be(p, (uint64_t)st->ctime, 4);
}

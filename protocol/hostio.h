/* Host I/O (vFile) packets: "vFile:<op>:<args>" parsed into a typed request, replies
 * "F<result>[,errno][;attachment]" formatted, and gdb's File-I/O constants (open flags, mode
 * bits, errno numbers, the big-endian struct stat), which are NOT the host's values.
 * Pure code: no syscalls, no globals.
 * Spec: GDB manual, "Host I/O Packets" and "File-I/O Remote Protocol Extension" ("Open Flags",
 * "mode_t Values", "Errno Values", "struct stat"). */
#ifndef RSPD_PROTOCOL_HOSTIO_H
#define RSPD_PROTOCOL_HOSTIO_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/* Open flags as gdb sends them. */
#define HOSTIO_O_RDONLY  0x0
#define HOSTIO_O_WRONLY  0x1
#define HOSTIO_O_RDWR    0x2
#define HOSTIO_O_ACCMODE 0x3
#define HOSTIO_O_APPEND  0x8
#define HOSTIO_O_CREAT   0x200
#define HOSTIO_O_TRUNC   0x400
#define HOSTIO_O_EXCL    0x800

/* mode_t bits (octal, as in the manual). */
#define HOSTIO_S_IFREG 0100000
#define HOSTIO_S_IFDIR 040000
#define HOSTIO_S_IFCHR 020000
#define HOSTIO_S_PERMS 0777 /* S_IRUSR 0400 ... S_IXOTH 01 */

/* errno numbers gdb understands; every other host errno travels as HOSTIO_EUNKNOWN. */
enum hostio_errno {
    HOSTIO_EPERM = 1,
    HOSTIO_ENOENT = 2,
    HOSTIO_EINTR = 4,
    HOSTIO_EBADF = 9,
    HOSTIO_EACCES = 13,
    HOSTIO_EFAULT = 14,
    HOSTIO_EBUSY = 16,
    HOSTIO_EEXIST = 17,
    HOSTIO_ENODEV = 19,
    HOSTIO_ENOTDIR = 20,
    HOSTIO_EISDIR = 21,
    HOSTIO_EINVAL = 22,
    HOSTIO_ENFILE = 23,
    HOSTIO_EMFILE = 24,
    HOSTIO_EFBIG = 27,
    HOSTIO_ENOSPC = 28,
    HOSTIO_ESPIPE = 29,
    HOSTIO_EROFS = 30,
    HOSTIO_ENAMETOOLONG = 91,
    HOSTIO_EUNKNOWN = 9999,
};

/* Bytes of a decoded path, the terminating NUL included. */
#define HOSTIO_PATH_MAX 4096
/* Size of the File-I/O struct stat attachment. */
#define HOSTIO_STAT_SIZE 64

enum hostio_op {
    HOSTIO_SETFS,    /* pid */
    HOSTIO_OPEN,     /* path, flags, mode */
    HOSTIO_CLOSE,    /* fd */
    HOSTIO_PREAD,    /* fd, count, offset */
    HOSTIO_PWRITE,   /* fd, offset, data */
    HOSTIO_FSTAT,    /* fd */
    HOSTIO_UNLINK,   /* path */
    HOSTIO_READLINK, /* path */
};

struct hostio_req {
    enum hostio_op op;
    int64_t fd;       /* as sent: may be negative (then no such descriptor) */
    int64_t pid;      /* setfs: >= 0 */
    uint32_t flags;   /* open: HOSTIO_O_* only */
    uint32_t mode;    /* open: HOSTIO_S_* only */
    uint64_t count;   /* pread: as asked; the server clamps it */
    uint64_t offset;  /* pread, pwrite: <= INT64_MAX */
    const char *data; /* pwrite: the still-escaped bytes, a view into the packet */
    size_t data_len;
    size_t path_len; /* open, unlink, readlink: strlen(path) */
    char path[HOSTIO_PATH_MAX];
};

/* Parse ARGS (LEN bytes: the packet after "vFile:") into *REQ. Numbers are hex with an optional
 * '-'; paths are hex-encoded bytes. Returns 0; -EOPNOTSUPP for an operation not listed in enum
 * hostio_op (the server then gives the empty reply, which tells gdb so); -ENAMETOOLONG for a
 * path of HOSTIO_PATH_MAX bytes or more; -EINVAL for anything else ill-formed: a missing or
 * non-hex field, junk after the last one, a path with a NUL byte, a negative count, offset or
 * pid, an offset beyond INT64_MAX, access mode 3, or flag or mode bits gdb does not define.
 * *REQ is written only on success. */
int hostio_parse(const char *args, size_t len, struct hostio_req *req);

/* gdb's errno number for host errno ERR (positive or negative; 0 gives HOSTIO_EUNKNOWN). */
int hostio_errno(int err);

/* Append "F<result>" (hex, '-' for negative results). */
void hostio_reply(struct buf *b, int64_t result);
/* Append "F-1,<gdb errno>" for host errno ERR (positive or negative). */
void hostio_reply_error(struct buf *b, int err);
/* Append "F<n>;<DATA[0..n) escaped>" with the largest N <= LEN whose reply fits B's room, so a
 * read is never failed for being long, only shortened. Returns N. Sets B's overflow flag only
 * when not even "F0;" fits. */
size_t hostio_reply_data(struct buf *b, const void *data, size_t len);

/* struct stat in gdb's terms: MODE made of HOSTIO_S_* bits; times in seconds. Packing keeps the
 * low 32 bits of the 32-bit fields, as gdbserver does. */
struct hostio_stat {
    uint64_t dev, ino, mode, nlink, uid, gid, rdev;
    uint64_t size, blksize, blocks;
    int64_t atime, mtime, ctime;
};

/* OUT: dev, ino, mode, nlink, uid, gid, rdev (4 bytes each), size, blksize, blocks (8 each),
 * atime, mtime, ctime (4 each), all big-endian: HOSTIO_STAT_SIZE bytes. */
void hostio_pack_stat(const struct hostio_stat *st, uint8_t out[HOSTIO_STAT_SIZE]);

#endif

/* Host I/O packets: vFile:setfs, open, close, pread, pwrite, fstat, unlink, readlink, on the
 * machine rspd runs on (gdb's "remote get/put/delete", and sysroot "target:"). Maps gdb's
 * File-I/O numbers (open flags, modes, errno, struct stat) to the host's and back; parsing is
 * protocol/hostio.c, path resolution server/hostfs.c. Failures are "F-1,errno" replies, never
 * Exx. Spec: GDB manual, "Host I/O Packets". */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "protocol/buf.h"
#include "protocol/hex.h"
#include "protocol/hostio.h"
#include "server/cmds.h"
#include "server/hostfs.h"
#include "server/opts.h"
#include "server/session.h"

static const struct {
    unsigned gdb;
    mode_t host;
} perm_bits[] = {
    {0400, S_IRUSR}, {0200, S_IWUSR}, {0100, S_IXUSR}, {040, S_IRGRP}, {020, S_IWGRP},
    {010, S_IXGRP},  {04, S_IROTH},   {02, S_IWOTH},   {01, S_IXOTH},
};

static int host_flags(uint32_t f)
{
    static const int access[] = {O_RDONLY, O_WRONLY, O_RDWR};
    int fl = access[f & HOSTIO_O_ACCMODE]; /* the parser refused access mode 3 */

    if (f & HOSTIO_O_APPEND)
        fl |= O_APPEND;
    if (f & HOSTIO_O_CREAT)
        fl |= O_CREAT;
    if (f & HOSTIO_O_TRUNC)
        fl |= O_TRUNC;
    if (f & HOSTIO_O_EXCL)
        fl |= O_EXCL;
    return fl;
}

/* Permission bits only: the file type bits gdb may send mean nothing to open(2). */
static mode_t host_mode(uint32_t m)
{
    mode_t h = 0;

    for (size_t i = 0; i < sizeof(perm_bits) / sizeof(perm_bits[0]); i++)
        if (m & perm_bits[i].gdb)
            h |= perm_bits[i].host;
    return h;
}

static uint64_t gdb_mode(mode_t m)
{
    uint64_t g = 0;

    if (S_ISREG(m))
        g |= HOSTIO_S_IFREG;
    else if (S_ISDIR(m))
        g |= HOSTIO_S_IFDIR;
    else if (S_ISCHR(m))
        g |= HOSTIO_S_IFCHR;
    for (size_t i = 0; i < sizeof(perm_bits) / sizeof(perm_bits[0]); i++)
        if (m & perm_bits[i].host)
            g |= perm_bits[i].gdb;
    return g;
}

/* Where paths resolve now: --file-root wins over setfs (gdb must see only that tree). */
static void current_fs(const struct session *s, struct hostfs *fs, char *procroot, size_t cap)
{
    *fs = (struct hostfs){0};
    if (s->opts && s->opts->file_root) {
        fs->root = s->opts->file_root;
        fs->confine = true;
    } else if (s->fs_pid > 0) {
        snprintf(procroot, cap, "/proc/%d/root", s->fs_pid);
        fs->root = procroot;
    }
}

/* The host descriptor behind gdb's FD, or -EBADF. Slots hold host fd + 1 (0: free). */
static int lookup(const struct session *s, int64_t fd)
{
    if (fd < 0 || fd >= SESSION_MAX_FILES || s->files[fd] == 0)
        return -EBADF;
    return s->files[fd] - 1;
}

static int do_setfs(struct session *s, int64_t pid)
{
    if (pid > INT_MAX)
        return -ESRCH;
    if (pid > 0 && !(s->opts && s->opts->file_root)) {
        /* "The filesystem as seen by process PID": only a process that exists has one. */
        char path[32];
        snprintf(path, sizeof(path), "/proc/%d/root", (int)pid);
        int fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
            return -errno;
        close(fd);
    }
    s->fs_pid = (int)pid;
    return 0;
}

static int do_open(struct session *s, const struct hostio_req *req)
{
    char procroot[32];
    struct hostfs fs;
    int slot = 0;

    while (slot < SESSION_MAX_FILES && s->files[slot] != 0)
        slot++;
    if (slot == SESSION_MAX_FILES)
        return -EMFILE;
    current_fs(s, &fs, procroot, sizeof(procroot));
    int fd = hostfs_open(&fs, req->path, host_flags(req->flags), host_mode(req->mode));
    if (fd < 0)
        return fd;
    s->files[slot] = fd + 1;
    return slot;
}

static int do_close(struct session *s, int64_t fd)
{
    int hfd = lookup(s, fd);
    if (hfd < 0)
        return hfd;
    s->files[fd] = 0;
    /* Linux releases the descriptor even when close reports an error: never retry. */
    return close(hfd) < 0 && errno != EINTR ? -errno : 0;
}

static void do_pread(struct session *s, const struct hostio_req *req)
{
    int hfd = lookup(s, req->fd);
    if (hfd < 0) {
        hostio_reply_error(&s->reply, hfd);
        return;
    }
    /* A whole packet of binary data: no more than could be sent unescaped;
     * hostio_reply_data trims for the escapes. */
    size_t count = req->count, room = buf_room(&s->reply);
    if (count > room)
        count = room;
    ssize_t n;
    do
        n = pread(hfd, s->scratch, count, (off_t)req->offset);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        hostio_reply_error(&s->reply, errno);
    else
        hostio_reply_data(&s->reply, s->scratch, (size_t)n);
}

static ssize_t do_pwrite(struct session *s, const struct hostio_req *req)
{
    int hfd = lookup(s, req->fd);
    if (hfd < 0)
        return hfd;
    ssize_t len = bin_unescape(req->data, req->data_len, s->scratch, SESSION_PACKET_SIZE);
    if (len < 0)
        return -EINVAL;
    ssize_t n;
    do
        n = pwrite(hfd, s->scratch, (size_t)len, (off_t)req->offset);
    while (n < 0 && errno == EINTR);
    return n < 0 ? -errno : n;
}

static void do_fstat(struct session *s, int64_t fd)
{
    struct stat st;
    int hfd = lookup(s, fd);
    if (hfd >= 0 && fstat(hfd, &st) < 0)
        hfd = -errno;
    if (hfd < 0) {
        hostio_reply_error(&s->reply, hfd);
        return;
    }
    struct hostio_stat h = {
        .dev = (uint64_t)st.st_dev,
        .ino = (uint64_t)st.st_ino,
        .mode = gdb_mode(st.st_mode),
        .nlink = (uint64_t)st.st_nlink,
        .uid = (uint64_t)st.st_uid,
        .gid = (uint64_t)st.st_gid,
        .rdev = (uint64_t)st.st_rdev,
        .size = (uint64_t)st.st_size,
        .blksize = (uint64_t)st.st_blksize,
        .blocks = (uint64_t)st.st_blocks,
        .atime = (int64_t)st.st_atime,
        .mtime = (int64_t)st.st_mtime,
        .ctime = (int64_t)st.st_ctime,
    };
    uint8_t out[HOSTIO_STAT_SIZE];
    hostio_pack_stat(&h, out);
    hostio_reply_data(&s->reply, out, sizeof(out));
}

static void do_readlink(struct session *s, const struct hostio_req *req)
{
    char procroot[32];
    struct hostfs fs;

    current_fs(s, &fs, procroot, sizeof(procroot));
    ssize_t n = hostfs_readlink(&fs, req->path, (char *)s->scratch, PATH_MAX);
    if (n < 0)
        hostio_reply_error(&s->reply, (int)n);
    else
        hostio_reply_data(&s->reply, s->scratch, (size_t)n);
}

/* Replies F<result> for RESULT >= 0, else F-1,errno. */
static void reply_result(struct session *s, int64_t result)
{
    if (result < 0)
        hostio_reply_error(&s->reply, (int)result);
    else
        hostio_reply(&s->reply, result);
}

int cmd_vfile(struct session *s, const char *args, size_t len)
{
    char procroot[32];
    struct hostfs fs;
    struct hostio_req req;
    int err = hostio_parse(args, len, &req);

    if (err == -EOPNOTSUPP)
        return 0; /* the empty reply: gdb learns this operation is unsupported */
    if (err < 0) {
        hostio_reply_error(&s->reply, err);
        return 0;
    }
    switch (req.op) {
    case HOSTIO_SETFS:
        reply_result(s, do_setfs(s, req.pid));
        break;
    case HOSTIO_OPEN:
        reply_result(s, do_open(s, &req));
        break;
    case HOSTIO_CLOSE:
        reply_result(s, do_close(s, req.fd));
        break;
    case HOSTIO_PREAD:
        do_pread(s, &req);
        break;
    case HOSTIO_PWRITE:
        reply_result(s, do_pwrite(s, &req));
        break;
    case HOSTIO_FSTAT:
        do_fstat(s, req.fd);
        break;
    case HOSTIO_UNLINK:
        current_fs(s, &fs, procroot, sizeof(procroot));
        reply_result(s, hostfs_unlink(&fs, req.path));
        break;
    case HOSTIO_READLINK:
        do_readlink(s, &req);
        break;
    }
    return 0;
}

void cmd_file_release(struct session *s)
{
    for (int i = 0; i < SESSION_MAX_FILES; i++) {
        if (s->files[i] != 0)
            close(s->files[i] - 1);
        s->files[i] = 0;
    }
    s->fs_pid = 0;
}

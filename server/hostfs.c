/* vFile path resolution (see hostfs.h): openat2(RESOLVE_IN_ROOT) under a root, with a realpath()
 * fallback for kernels before 5.6. Knows nothing of packets or gdb's flag and errno numbering
 * (cmd_file.c maps those). Spec: GDB manual, "Host I/O Packets" (vFile:setfs). */
#include "server/hostfs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int sys_open(const char *path, int flags, unsigned mode)
{
    int fd = open(path, flags | O_CLOEXEC, (mode_t)mode);
    return fd < 0 ? -errno : fd;
}

static int join(char *out, size_t cap, const char *dir, const char *name)
{
    int n = snprintf(out, cap, "%s/%s", dir, name);
    return n < 0 || (size_t)n >= cap ? -ENAMETOOLONG : 0;
}

/* -ENOSYS when the kernel (or a seccomp filter) lacks openat2. */
static int open_in_root(const struct hostfs *fs, const char *path, int flags, unsigned mode)
{
    int rootfd = open(fs->root, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0)
        return -errno;
    struct open_how how = {
        .flags = (uint64_t)(unsigned)(flags | O_CLOEXEC),
        .mode = (flags & O_CREAT) ? mode : 0, /* openat2 refuses a mode it would not use */
        .resolve = RESOLVE_IN_ROOT | (fs->confine ? RESOLVE_NO_MAGICLINKS : 0),
    };
    long fd = syscall(SYS_openat2, rootfd, path, &how, sizeof(how));
    int err = fd < 0 ? -errno : (int)fd;
    close(rootfd);
    return err;
}

static bool inside(const char *root, const char *real)
{
    size_t n = strlen(root);
    if (n == 1)
        return true; /* ROOT is "/" */
    return strncmp(real, root, n) == 0 && (real[n] == '\0' || real[n] == '/');
}

/* The fallback for a confined root: resolve fully, then check. Racy against a concurrent rename
 * inside ROOT, which openat2 is not; absolute symlinks resolve against the real "/" here, so
 * they count as leading outside. */
static int open_checked(const char *root, const char *path, int flags, unsigned mode)
{
    char rroot[PATH_MAX], full[PATH_MAX], real[PATH_MAX];
    int err;

    if (!realpath(root, rroot))
        return -errno;
    err = join(full, sizeof(full), rroot, path);
    if (err < 0)
        return err;
    if (realpath(full, real)) {
        if (!inside(rroot, real))
            return -EACCES;
        return sys_open(real, flags, mode);
    }
    if (errno != ENOENT || !(flags & O_CREAT))
        return -errno;
    /* Creating: the directory must resolve inside ROOT, and the new name must not be a dangling
     * symlink (realpath fails on those with ENOENT too), or open would create its target. */
    char *slash = strrchr(full, '/'); /* join() put one there */
    *slash = '\0';
    if (!realpath(full, real))
        return -errno;
    if (!inside(rroot, real))
        return -EACCES;
    err = join(full, sizeof(full), real, slash + 1);
    if (err < 0)
        return err;
    return sys_open(full, flags | O_NOFOLLOW, mode);
}

int hostfs_open(const struct hostfs *fs, const char *path, int flags, unsigned mode)
{
    char full[PATH_MAX];
    int fd, err;

    if (!fs->root)
        return sys_open(path, flags, mode);
    if (!fs->no_openat2) {
        fd = open_in_root(fs, path, flags, mode);
        if (fd != -ENOSYS)
            return fd;
    }
    if (fs->confine)
        return open_checked(fs->root, path, flags, mode);
    /* /proc/PID/root is a magic link: the kernel resolves what follows it in that process's
     * root; only absolute symlinks met on the way escape to ours. */
    err = join(full, sizeof(full), fs->root, path);
    if (err < 0)
        return err;
    return sys_open(full, flags, mode);
}

/* Open the directory that holds PATH's last component, resolved as hostfs_open() does, and
 * point *BASE at that component inside TMP (PATH_MAX bytes; receives a copy of PATH). */
static int open_parent(const struct hostfs *fs, const char *path, char *tmp, const char **base)
{
    size_t n = strlen(path);
    const char *dir;

    if (n >= PATH_MAX)
        return -ENAMETOOLONG;
    memcpy(tmp, path, n + 1);
    while (n > 1 && tmp[n - 1] == '/')
        tmp[--n] = '\0';
    char *slash = strrchr(tmp, '/');
    if (!slash) {
        dir = ".";
        *base = tmp;
    } else if (slash == tmp) {
        dir = "/";
        *base = slash + 1;
    } else {
        *slash = '\0';
        dir = tmp;
        *base = slash + 1;
    }
    if (!**base)
        *base = "."; /* PATH was "/": unlink and readlink then fail as they do on "/." */
    return hostfs_open(fs, dir, O_PATH | O_DIRECTORY, 0);
}

int hostfs_unlink(const struct hostfs *fs, const char *path)
{
    char tmp[PATH_MAX];
    const char *base;
    int dfd = open_parent(fs, path, tmp, &base);
    if (dfd < 0)
        return dfd;
    int err = unlinkat(dfd, base, 0) < 0 ? -errno : 0;
    close(dfd);
    return err;
}

ssize_t hostfs_readlink(const struct hostfs *fs, const char *path, char *buf, size_t cap)
{
    char tmp[PATH_MAX];
    const char *base;
    int dfd = open_parent(fs, path, tmp, &base);
    if (dfd < 0)
        return dfd;
    ssize_t n = readlinkat(dfd, base, buf, cap);
    if (n < 0)
        n = -errno;
    close(dfd);
    return n;
}

/* Where vFile paths resolve: rspd's own filesystem, the filesystem as a process sees it
 * (vFile:setfs:PID, through /proc/PID/root), or a confined tree (--file-root DIR) that nothing
 * may leave, neither with ".." nor through symlinks. */
#ifndef RSPD_SERVER_HOSTFS_H
#define RSPD_SERVER_HOSTFS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct hostfs {
    const char *root; /* NULL: paths as they are; else the directory they resolve in, like a
                         chroot: "/x" and "x" both name ROOT/x, ".." stops at ROOT */
    bool confine;     /* --file-root: refuse what resolves outside ROOT (and magic /proc links) */
    bool no_openat2;  /* use the realpath fallback even where openat2() exists (tests) */
};

/* Open PATH as open(2) does with FLAGS (host O_* values; O_CLOEXEC is added) and MODE.
 * With a root, openat2(RESOLVE_IN_ROOT) resolves it (Linux 5.6+); without openat2, a confined
 * root is enforced with realpath() checks (-EACCES for a path that leads outside; a dangling
 * final symlink is not followed when creating) and an unconfined one by prefixing ROOT.
 * Returns the descriptor or -errno. */
int hostfs_open(const struct hostfs *fs, const char *path, int flags, unsigned mode);
/* unlink(2) of PATH, resolved as above up to its last component. 0 or -errno. */
int hostfs_unlink(const struct hostfs *fs, const char *path);
/* readlink(2) of PATH into BUF (CAP bytes, not NUL-terminated), resolved as above up to its last
 * component. Bytes stored, or -errno. */
ssize_t hostfs_readlink(const struct hostfs *fs, const char *path, char *buf, size_t cap);

#endif

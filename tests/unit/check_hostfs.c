/* Unit tests for server/hostfs.c on a real directory tree: under a confined root (--file-root)
 * paths resolve inside it and neither "..", nor relative or absolute symlinks, nor a dangling
 * symlink when creating, reach outside; each case runs with openat2 and with the realpath
 * fallback. Also the unconfined root used for vFile:setfs and the plain filesystem. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "server/hostfs.h"
#include "tests/unit/suites_decl.h"

static char base[64], root[96];

static void put(const char *rel, const char *text)
{
    char p[256];
    snprintf(p, sizeof(p), "%s/%s", base, rel);
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void link_at(const char *target, const char *rel)
{
    char p[256];
    snprintf(p, sizeof(p), "%s/%s", base, rel);
    ck_assert_int_eq(symlink(target, p), 0);
}

static bool exists(const char *rel)
{
    char p[256];
    struct stat st;
    snprintf(p, sizeof(p), "%s/%s", base, rel);
    return lstat(p, &st) == 0;
}

/* base/outside.txt, and under base/root: a.txt, sub/b.txt and links in and out. */
static void setup(void)
{
    char p[256];
    snprintf(base, sizeof(base), "/tmp/rspd-hostfs-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(base));
    snprintf(root, sizeof(root), "%s/root", base);
    ck_assert_int_eq(mkdir(root, 0755), 0);
    snprintf(p, sizeof(p), "%s/sub", root);
    ck_assert_int_eq(mkdir(p, 0755), 0);
    put("outside.txt", "outside");
    put("root/a.txt", "inside");
    put("root/sub/b.txt", "b");
    link_at("a.txt", "root/link_in");
    link_at("/a.txt", "root/link_abs_in");
    link_at("../outside.txt", "root/link_out");
    snprintf(p, sizeof(p), "%s/outside.txt", base);
    link_at(p, "root/link_abs_out");
    link_at("../created.txt", "root/dangle");
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
    ck_assert_int_eq(system(cmd), 0);
}

/* The first bytes of the file FD, NUL-terminated; closes FD. */
static const char *slurp(int fd)
{
    static char text[64];
    ck_assert_int_ge(fd, 0);
    ssize_t n = read(fd, text, sizeof(text) - 1);
    close(fd);
    text[n > 0 ? n : 0] = '\0';
    return text;
}

/* False under valgrind, old kernels and some seccomp filters: hostfs falls back by itself. */
static bool have_openat2(void)
{
    struct open_how how = {.flags = O_PATH};
    long fd = syscall(SYS_openat2, AT_FDCWD, "/", &how, sizeof(how));
    if (fd >= 0)
        close((int)fd);
    return fd >= 0 || errno != ENOSYS;
}

static struct hostfs confined(int fallback)
{
    return (struct hostfs){.root = root, .confine = true, .no_openat2 = fallback != 0};
}

static const char *const inside_paths[] = {"a.txt", "/a.txt", "sub/../a.txt", "link_in",
                                           "./sub/../../a.txt" /* ".." stops at the root */};

START_TEST(test_confined_paths_resolve_inside_root)
{
    struct hostfs fs = confined(_i / 5);
    const char *path = inside_paths[_i % 5];
    int fd = hostfs_open(&fs, path, O_RDONLY, 0);
    if ((fs.no_openat2 || !have_openat2()) && strcmp(path, "./sub/../../a.txt") == 0) {
        /* without openat2 ".." above the root is not clamped: it names base/a.txt, which
         * does not exist (were it there, it would be refused as outside) */
        ck_assert_int_eq(fd, -ENOENT);
        return;
    }
    ck_assert_msg(fd >= 0, "%s: %s", path, strerror(-fd));
    ck_assert_str_eq(slurp(fd), "inside");
}
END_TEST

static const char *const escapes[] = {"../outside.txt", "/../outside.txt", "sub/../../outside.txt",
                                      "link_out", "link_abs_out"};

START_TEST(test_confined_paths_cannot_reach_outside)
{
    struct hostfs fs = confined(_i / 5);
    const char *path = escapes[_i % 5];
    int fd = hostfs_open(&fs, path, O_RDONLY, 0);
    if (fd >= 0)
        ck_abort_msg("%s opened '%s' (mode %d)", path, slurp(fd), _i / 5);
    ck_assert_msg(fd == -ENOENT || fd == -EACCES || fd == -EXDEV, "%s: %s", path, strerror(-fd));
    /* and unlinking through them leaves the outside file alone */
    hostfs_unlink(&fs, path);
    ck_assert(exists("outside.txt"));
}
END_TEST

START_TEST(test_confined_create_stays_inside)
{
    struct hostfs fs = confined(_i);
    int fd = hostfs_open(&fs, "/new.txt", O_WRONLY | O_CREAT | O_EXCL, 0600);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert(exists("root/new.txt"));
    /* a dangling symlink whose target lies outside: never created there */
    fd = hostfs_open(&fs, "dangle", O_WRONLY | O_CREAT, 0600);
    if (fd >= 0)
        close(fd);
    ck_assert(!exists("created.txt"));
    fd = hostfs_open(&fs, "../escaped.txt", O_WRONLY | O_CREAT, 0600);
    if (fd >= 0)
        close(fd);
    ck_assert(!exists("escaped.txt"));
}
END_TEST

START_TEST(test_confined_unlink_and_readlink)
{
    struct hostfs fs = confined(_i);
    char buf[PATH_MAX];
    ssize_t n = hostfs_readlink(&fs, "/link_in", buf, sizeof(buf));
    ck_assert_int_eq(n, 5);
    ck_assert_int_eq(memcmp(buf, "a.txt", 5), 0);
    n = hostfs_readlink(&fs, "sub/../link_out", buf, sizeof(buf));
    ck_assert_int_eq(n, 14);
    ck_assert_int_eq(memcmp(buf, "../outside.txt", 14), 0);
    ck_assert_int_eq(hostfs_readlink(&fs, "a.txt", buf, sizeof(buf)), -EINVAL);
    ck_assert_int_eq(hostfs_unlink(&fs, "/sub/b.txt"), 0);
    ck_assert(!exists("root/sub/b.txt"));
    ck_assert_int_eq(hostfs_unlink(&fs, "sub/b.txt"), -ENOENT);
    /* the link itself goes, not what it points at */
    ck_assert_int_eq(hostfs_unlink(&fs, "link_out"), 0);
    ck_assert(!exists("root/link_out"));
    ck_assert(exists("outside.txt"));
}
END_TEST

START_TEST(test_unconfined_root_resolves_like_a_chroot)
{
    struct hostfs fs = {.root = root, .no_openat2 = _i != 0};
    ck_assert_str_eq(slurp(hostfs_open(&fs, "/a.txt", O_RDONLY, 0)), "inside");
    ck_assert_str_eq(slurp(hostfs_open(&fs, "/sub/b.txt", O_RDONLY, 0)), "b");
    ck_assert_int_eq(hostfs_open(&fs, "/missing", O_RDONLY, 0), -ENOENT);
}
END_TEST

START_TEST(test_no_root_uses_paths_as_given)
{
    struct hostfs fs = {0};
    char p[256];
    snprintf(p, sizeof(p), "%s/outside.txt", base);
    ck_assert_str_eq(slurp(hostfs_open(&fs, p, O_RDONLY, 0)), "outside");
    int fd = hostfs_open(&fs, p, O_RDONLY, 0);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
    close(fd);
    ck_assert_int_eq(hostfs_unlink(&fs, p), 0);
    ck_assert(!exists("outside.txt"));
}
END_TEST

Suite *hostfs_suite(void)
{
    Suite *s = suite_create("hostfs");
    TCase *tc = tcase_create("confined");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_confined_paths_resolve_inside_root, 0, 10);
    tcase_add_loop_test(tc, test_confined_paths_cannot_reach_outside, 0, 10);
    tcase_add_loop_test(tc, test_confined_create_stays_inside, 0, 2);
    tcase_add_loop_test(tc, test_confined_unlink_and_readlink, 0, 2);
    suite_add_tcase(s, tc);
    tc = tcase_create("open");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_unconfined_root_resolves_like_a_chroot, 0, 2);
    tcase_add_test(tc, test_no_root_uses_paths_as_given);
    suite_add_tcase(s, tc);
    return s;
}

/* Host I/O through whole sessions (server/cmd_file.c): vFile open/pwrite/pread/fstat/close/
 * unlink/readlink on real files, gdb's errno numbers in F replies, binary escapes both ways,
 * pread clamped to the packet, the per-session descriptor table, setfs and --file-root. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "protocol/hex.h"
#include "server/opts.h"
#include "tests/unit/rig.h"
#include "tests/unit/suites_decl.h"

static char dir[64];

static void setup(void)
{
    snprintf(dir, sizeof(dir), "/tmp/rspd-vfile-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

/* "vFile:OP:<hex of DIR/NAME or of NAME when absolute>SUFFIX" */
static const char *pkt_path(const char *op, const char *name, const char *suffix)
{
    static char pkt[16384];
    char path[4096];
    if (name[0] == '/' || name[0] == '@')
        snprintf(path, sizeof(path), "%s", name[0] == '@' ? name + 1 : name);
    else
        snprintf(path, sizeof(path), "%s/%s", dir, name);
    int n = snprintf(pkt, sizeof(pkt), "vFile:%s:", op);
    n += (int)hex_encode((const uint8_t *)path, strlen(path), pkt + n);
    snprintf(pkt + n, sizeof(pkt) - (size_t)n, "%s", suffix);
    return pkt;
}

static void write_file(const char *name, const void *data, size_t len)
{
    char p[256];
    snprintf(p, sizeof(p), "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    fclose(f);
}

static size_t read_file(const char *name, void *data, size_t cap)
{
    char p[256];
    snprintf(p, sizeof(p), "%s/%s", dir, name);
    FILE *f = fopen(p, "r");
    ck_assert_ptr_nonnull(f);
    size_t n = fread(data, 1, cap, f);
    fclose(f);
    return n;
}

/* The attachment of an "F<n>;data" reply, unescaped into OUT; returns n (checked against the
 * attachment's length). */
static size_t attachment(const struct rig *r, uint8_t *out, size_t cap)
{
    const char *semi = memchr(r->reply, ';', r->reply_len);
    ck_assert_msg(r->reply[0] == 'F' && semi != NULL, "not a data reply: %s", r->reply);
    uint64_t n;
    ck_assert_int_eq(hex_to_u64(r->reply + 1, (size_t)(semi - r->reply - 1), &n), 0);
    ssize_t got = bin_unescape(semi + 1, r->reply_len - (size_t)(semi + 1 - r->reply), out, cap);
    ck_assert_int_eq(got, (ssize_t)n);
    return (size_t)n;
}

static uint64_t be(const uint8_t *p, size_t bytes)
{
    uint64_t v = 0;
    for (size_t i = 0; i < bytes; i++)
        v = v << 8 | p[i];
    return v;
}

START_TEST(test_put_get_fstat_delete_round_trip)
{
    struct rig *r = rig_new();
    uint8_t data[256];
    /* "remote put": O_WRONLY|O_CREAT|O_TRUNC, 0644 */
    ck_assert_str_eq(rig_exchange(r, pkt_path("open", "f.txt", ",601,1a4")), "F0");
    ck_assert_str_eq(rig_exchange(r, "vFile:pwrite:0,0,hello"), "F5");
    ck_assert_str_eq(rig_exchange(r, "vFile:pwrite:0,5, world"), "F6");
    ck_assert_str_eq(rig_exchange(r, "vFile:close:0"), "F0");
    ck_assert_uint_eq(read_file("f.txt", data, sizeof(data)), 11);
    ck_assert_int_eq(memcmp(data, "hello world", 11), 0);
    struct stat st;
    char p[128];
    snprintf(p, sizeof(p), "%s/f.txt", dir);
    ck_assert_int_eq(stat(p, &st), 0);
    ck_assert_uint_eq(st.st_mode & 0777, 0644 & ~(unsigned)umask(022));
    /* "remote get" */
    ck_assert_str_eq(rig_exchange(r, pkt_path("open", "f.txt", ",0,0")), "F0");
    ck_assert_str_eq(rig_exchange(r, "vFile:pread:0,47ff,0"), "Fb;hello world");
    ck_assert_str_eq(rig_exchange(r, "vFile:pread:0,3,6"), "F3;wor");
    ck_assert_str_eq(rig_exchange(r, "vFile:pread:0,47ff,b"), "F0;");
    ck_assert_str_eq(rig_exchange(r, "vFile:pread:0,47ff,1000"), "F0;");
    ck_assert_str_eq(rig_exchange(r, "vFile:pread:0,0,0"), "F0;");
    rig_exchange(r, "vFile:fstat:0");
    ck_assert_int_eq(strncmp(r->reply, "F40;", 4), 0);
    ck_assert_uint_eq(attachment(r, data, sizeof(data)), 64);
    ck_assert_uint_eq(be(data + 4, 4), (uint32_t)st.st_ino);
    ck_assert_uint_eq(be(data + 8, 4), 0100000 | (st.st_mode & 0777)); /* S_IFREG | perms */
    ck_assert_uint_eq(be(data + 12, 4), 1);                            /* nlink */
    ck_assert_uint_eq(be(data + 28, 8), 11);                           /* size */
    ck_assert_uint_eq(be(data + 56, 4), (uint32_t)st.st_mtime);
    ck_assert_str_eq(rig_exchange(r, "vFile:close:0"), "F0");
    ck_assert_str_eq(rig_exchange(r, "vFile:close:0"), "F-1,9"); /* EBADF */
    /* "remote delete" */
    ck_assert_str_eq(rig_exchange(r, pkt_path("unlink", "f.txt", "")), "F0");
    ck_assert_str_eq(rig_exchange(r, pkt_path("open", "f.txt", ",0,0")), "F-1,2");
    rig_free(r);
}
END_TEST

START_TEST(test_binary_data_is_escaped_both_ways)
{
    static const uint8_t raw[] = {'a', '#', '$', '}', '*', 0, 0xff, '\n', 'z'};
    struct rig *r = rig_new();
    char pkt[64];
    uint8_t back[32];
    int n = snprintf(pkt, sizeof(pkt), "vFile:pwrite:0,0,");
    size_t used, esc = bin_escape(raw, sizeof(raw), pkt + n, sizeof(pkt) - (size_t)n, &used);
    ck_assert_uint_eq(used, sizeof(raw));
    ck_assert_str_eq(rig_exchange(r, pkt_path("open", "bin", ",602,180")), "F0");
    ck_assert_str_eq(rig_exchange_bin(r, pkt, (size_t)n + esc), "F9");
    ck_assert_uint_eq(read_file("bin", back, sizeof(back)), sizeof(raw));
    ck_assert_int_eq(memcmp(back, raw, sizeof(raw)), 0);
    rig_exchange(r, "vFile:pread:0,100,0");
    ck_assert_uint_eq(attachment(r, back, sizeof(back)), sizeof(raw));
    ck_assert_int_eq(memcmp(back, raw, sizeof(raw)), 0);
    /* a lone '}' at the end cannot be unescaped */
    ck_assert_str_eq(rig_exchange(r, "vFile:pwrite:0,0,ab}"), "F-1,16");
    rig_free(r);
}
END_TEST

START_TEST(test_pread_of_any_count_fits_the_reply)
{
    size_t size = 3 * SESSION_PACKET_SIZE;
    uint8_t *data = malloc(size), *back = malloc(size);
    ck_assert_ptr_nonnull(data);
    ck_assert_ptr_nonnull(back);
    struct rig *r = rig_new();
    for (int pass = 0; pass < 2; pass++) {
        memset(data, pass ? 'x' : '}', size); /* '}' doubles when escaped */
        data[size / 2] = '#';
        write_file("big", data, size);
        ck_assert_str_eq(rig_exchange(r, pkt_path("open", "big", ",0,0")), "F0");
        /* a short read is fine (gdb asks again from where it ended), as long as it is not
         * tiny and the reply fits */
        rig_exchange(r, "vFile:pread:0,ffffffff,10");
        ck_assert_uint_lt(r->reply_len, SESSION_PACKET_SIZE);
        size_t n = attachment(r, back, size);
        /* worst case, every byte escaped: half the packet, less the "F<count>;" header */
        ck_assert_msg(n >= SESSION_PACKET_SIZE / 2 - 32, "pass %d: only %zu bytes", pass, n);
        ck_assert_int_eq(memcmp(back, data + 0x10, n), 0);
        /* across the '#' in the middle */
        char pkt[64];
        snprintf(pkt, sizeof(pkt), "vFile:pread:0,100,%zx", size / 2 - 0x80);
        rig_exchange(r, pkt);
        ck_assert_uint_eq(attachment(r, back, size), 0x100);
        ck_assert_int_eq(memcmp(back, data + size / 2 - 0x80, 0x100), 0);
        ck_assert_str_eq(rig_exchange(r, "vFile:close:0"), "F0");
    }
    rig_free(r);
    free(data);
    free(back);
}
END_TEST

START_TEST(test_errors_use_gdb_errno_numbers)
{
    struct rig *r = rig_new();
    char longname[5000];
    write_file("exists", "x", 1);
    ck_assert_str_eq(rig_exchange(r, pkt_path("open", "nope", ",0,0")), "F-1,2");
    ck_assert_str_eq(rig_exchange(r, pkt_path("open", "exists", ",a01,1a4")), "F-1,11");
    ck_assert_str_eq(rig_exchange(r, pkt_path("open", "@/", ",1,0")), "F-1,15"); /* EISDIR */
    ck_assert_str_eq(rig_exchange(r, pkt_path("open", "exists/x", ",0,0")), "F-1,14");
    ck_assert_str_eq(rig_exchange(r, pkt_path("open", "exists", ",3,0")), "F-1,16");
    ck_assert_str_eq(rig_exchange(r, pkt_path("readlink", "exists", "")), "F-1,16");
    ck_assert_str_eq(rig_exchange(r, pkt_path("unlink", "nope", "")), "F-1,2");
    memset(longname, 'a', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = '\0';
    ck_assert_str_eq(rig_exchange(r, pkt_path("open", longname, ",0,0")), "F-1,5b");
    ck_assert_str_eq(rig_exchange(r, "vFile:pread:0,10,0"), "F-1,9");
    ck_assert_str_eq(rig_exchange(r, "vFile:pwrite:-1,0,a"), "F-1,9");
    ck_assert_str_eq(rig_exchange(r, "vFile:fstat:40"), "F-1,9");
    ck_assert_str_eq(rig_exchange(r, "vFile:close:7fffffffffffffff"), "F-1,9");
    ck_assert_str_eq(rig_exchange(r, "vFile:pread:0"), "F-1,16");
    ck_assert_str_eq(rig_exchange(r, "vFile:open:zz,0,0"), "F-1,16");
    /* an operation rspd lacks gets the empty reply, so gdb marks it unsupported */
    ck_assert_str_eq(rig_exchange(r, pkt_path("stat", "exists", "")), "");
    ck_assert_str_eq(rig_exchange(r, "vFile:fchmod:0,1ff"), "");
    rig_free(r);
}
END_TEST

static int open_fds(void)
{
    int n = 0;
    DIR *d = opendir("/proc/self/fd");
    ck_assert_ptr_nonnull(d);
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

START_TEST(test_descriptor_table_is_capped_and_closed_with_the_session)
{
    int before = open_fds();
    struct rig *r = rig_new();
    int with_rig = open_fds();
    char want[16];
    write_file("f", "x", 1);
    for (int i = 0; i < SESSION_MAX_FILES; i++) {
        snprintf(want, sizeof(want), "F%x", i);
        ck_assert_str_eq(rig_exchange(r, pkt_path("open", "f", ",0,0")), want);
    }
    ck_assert_str_eq(rig_exchange(r, pkt_path("open", "f", ",0,0")), "F-1,18"); /* EMFILE */
    ck_assert_int_eq(open_fds(), with_rig + SESSION_MAX_FILES);
    ck_assert_str_eq(rig_exchange(r, "vFile:close:5"), "F0");
    ck_assert_str_eq(rig_exchange(r, pkt_path("open", "f", ",0,0")), "F5"); /* slot reused */
    rig_free(r);
    ck_assert_int_eq(open_fds(), before);
}
END_TEST

START_TEST(test_setfs_selects_the_filesystem_of_a_process)
{
    struct rig *r = rig_new();
    char pkt[64];
    int ready[2];
    write_file("a.txt", "chrooted", 8);
    /* a process whose root is DIR: "/a.txt" in its filesystem is DIR/a.txt */
    ck_assert_int_eq(pipe(ready), 0);
    pid_t child = fork();
    ck_assert_int_ge(child, 0);
    if (child == 0) {
        char ok = chroot(dir) == 0 ? 'y' : 'n';
        if (write(ready[1], &ok, 1) != 1)
            _exit(1);
        pause();
        _exit(0);
    }
    char ok = 0;
    ck_assert_int_eq(read(ready[0], &ok, 1), 1);
    ck_assert_msg(ok == 'y', "chroot(%s) failed in the child", dir);
    snprintf(pkt, sizeof(pkt), "vFile:setfs:%x", (unsigned)child);
    ck_assert_str_eq(rig_exchange(r, pkt), "F0");
    ck_assert_str_eq(rig_exchange(r, pkt_path("open", "@/a.txt", ",0,0")), "F0");
    ck_assert_str_eq(rig_exchange(r, "vFile:pread:0,100,0"), "F8;chrooted");
    ck_assert_str_eq(rig_exchange(r, pkt_path("readlink", "@/proc/self", "")), "F-1,2");
    /* back to rspd's own filesystem, where /a.txt does not exist */
    ck_assert_str_eq(rig_exchange(r, "vFile:setfs:0"), "F0");
    ck_assert_str_eq(rig_exchange(r, pkt_path("open", "@/a.txt", ",0,0")), "F-1,2");
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    /* a process that does not exist has no filesystem; the selection stays */
    snprintf(pkt, sizeof(pkt), "vFile:setfs:%x", (unsigned)child);
    ck_assert_str_eq(rig_exchange(r, pkt), "F-1,2");
    ck_assert_int_eq(r->s.fs_pid, 0);
    ck_assert_str_eq(rig_exchange(r, "vFile:setfs:3fffffff"), "F-1,2");
    ck_assert_str_eq(rig_exchange(r, "vFile:setfs:-1"), "F-1,16");
    rig_free(r);
}
END_TEST

static void assert_refused(const char *reply)
{
    ck_assert_msg(strcmp(reply, "F-1,2") == 0 || strcmp(reply, "F-1,d") == 0, "got %s", reply);
}

START_TEST(test_file_root_confines_every_path)
{
    char sub[128];
    snprintf(sub, sizeof(sub), "%s/root", dir);
    ck_assert_int_eq(mkdir(sub, 0755), 0);
    write_file("root/in.txt", "in", 2);
    write_file("secret", "secret", 6);
    struct rspd_opts o = {.file_root = sub};
    struct rig *r = rig_new_opts(&o);
    ck_assert_str_eq(rig_exchange(r, pkt_path("open", "@/in.txt", ",0,0")), "F0");
    ck_assert_str_eq(rig_exchange(r, "vFile:pread:0,100,0"), "F2;in");
    /* ENOENT where openat2 clamps ".." at the root, EACCES from the realpath fallback */
    assert_refused(rig_exchange(r, pkt_path("open", "@/../secret", ",0,0")));
    ck_assert_str_eq(rig_exchange(r, pkt_path("open", "secret", ",0,0")), "F-1,2");
    assert_refused(rig_exchange(r, pkt_path("unlink", "@../secret", "")));
    /* setfs does not lift the confinement */
    char pkt[64];
    snprintf(pkt, sizeof(pkt), "vFile:setfs:%x", (unsigned)getpid());
    ck_assert_str_eq(rig_exchange(r, pkt), "F0");
    ck_assert_str_eq(rig_exchange(r, pkt_path("open", "@/in.txt", ",0,0")), "F1");
    assert_refused(rig_exchange(r, pkt_path("open", "@/../secret", ",0,0")));
    ck_assert_str_eq(rig_exchange(r, pkt_path("open", "@/new", ",601,1a4")), "F2");
    rig_free(r);
    struct stat st;
    snprintf(sub, sizeof(sub), "%s/root/new", dir);
    ck_assert_int_eq(stat(sub, &st), 0);
    snprintf(sub, sizeof(sub), "%s/secret", dir);
    ck_assert_int_eq(stat(sub, &st), 0);
}
END_TEST

START_TEST(test_file_root_option_forms)
{
    struct rspd_opts o;
    char err[128];
    char *a1[] = {"rspd", "--file-root", "/srv/x", ":1234", "prog", NULL};
    ck_assert_int_eq(opts_parse(5, a1, &o, err, sizeof(err)), 0);
    ck_assert_str_eq(o.file_root, "/srv/x");
    ck_assert_str_eq(o.prog_argv[0], "prog");
    char *a2[] = {"rspd", "--file-root=/srv/y", "--multi", ":1234", NULL};
    ck_assert_int_eq(opts_parse(4, a2, &o, err, sizeof(err)), 0);
    ck_assert_str_eq(o.file_root, "/srv/y");
    char *a3[] = {"rspd", ":1234", "prog", NULL};
    ck_assert_int_eq(opts_parse(3, a3, &o, err, sizeof(err)), 0);
    ck_assert_ptr_null(o.file_root);
    char *a4[] = {"rspd", "--file-root=", ":1234", "prog", NULL};
    ck_assert_int_eq(opts_parse(4, a4, &o, err, sizeof(err)), -EINVAL);
    ck_assert_ptr_nonnull(strstr(err, "--file-root"));
    char *a5[] = {"rspd", "--file-root", NULL};
    ck_assert_int_eq(opts_parse(2, a5, &o, err, sizeof(err)), -EINVAL);
    ck_assert_ptr_nonnull(strstr(opts_usage(), "--file-root=DIR"));
}
END_TEST

Suite *cmd_file_suite(void)
{
    Suite *s = suite_create("cmd_file");
    TCase *tc = tcase_create("vfile");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_put_get_fstat_delete_round_trip);
    tcase_add_test(tc, test_binary_data_is_escaped_both_ways);
    tcase_add_test(tc, test_pread_of_any_count_fits_the_reply);
    tcase_add_test(tc, test_errors_use_gdb_errno_numbers);
    tcase_add_test(tc, test_descriptor_table_is_capped_and_closed_with_the_session);
    tcase_add_test(tc, test_setfs_selects_the_filesystem_of_a_process);
    tcase_add_test(tc, test_file_root_confines_every_path);
    tcase_add_test(tc, test_file_root_option_forms);
    suite_add_tcase(s, tc);
    return s;
}

/* Unit tests for protocol/hostio.c: every vFile operation's argument syntax, the malformed
 * packets each must refuse, the errno table, reply formats, the size clamp of data replies, and
 * the big-endian struct stat layout. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "protocol/buf.h"
#include "protocol/hostio.h"
#include "tests/unit/suites_decl.h"

static struct hostio_req req;

static int parse(const char *s)
{
    memset(&req, 0xa5, sizeof(req));
    return hostio_parse(s, strlen(s), &req);
}

START_TEST(test_open_decodes_path_flags_and_mode)
{
    /* what gdb sends for "remote put": O_WRONLY|O_CREAT|O_TRUNC, 0700 */
    ck_assert_int_eq(parse("open:2f746d702f66782f632e747874,601,1c0"), 0);
    ck_assert_int_eq(req.op, HOSTIO_OPEN);
    ck_assert_str_eq(req.path, "/tmp/fx/c.txt");
    ck_assert_uint_eq(req.path_len, 13);
    ck_assert_uint_eq(req.flags, HOSTIO_O_WRONLY | HOSTIO_O_CREAT | HOSTIO_O_TRUNC);
    ck_assert_uint_eq(req.mode, 0700);
    ck_assert_int_eq(parse("open:2F61,0,0"), 0); /* upper-case hex */
    ck_assert_str_eq(req.path, "/a");
    ck_assert_int_eq(parse("open:2f61,a02,81a4"), 0); /* RDWR|CREAT|EXCL, S_IFREG|0644 */
    ck_assert_uint_eq(req.flags, 0xa02);
    ck_assert_uint_eq(req.mode, 0100644);
}
END_TEST

START_TEST(test_numbers_accept_sign_and_leading_zeros)
{
    ck_assert_int_eq(parse("close:-1"), 0);
    ck_assert_int_eq(req.op, HOSTIO_CLOSE);
    ck_assert_int_eq(req.fd, -1);
    ck_assert_int_eq(parse("fstat:0004"), 0);
    ck_assert_int_eq(req.op, HOSTIO_FSTAT);
    ck_assert_int_eq(req.fd, 4);
    ck_assert_int_eq(parse("setfs:3d29"), 0);
    ck_assert_int_eq(req.op, HOSTIO_SETFS);
    ck_assert_int_eq(req.pid, 0x3d29);
    ck_assert_int_eq(parse("setfs:0"), 0);
    ck_assert_int_eq(req.pid, 0);
    ck_assert_int_eq(parse("pread:4,47ff,7fffffffffffffff"), 0);
    ck_assert_int_eq(req.op, HOSTIO_PREAD);
    ck_assert_int_eq(req.fd, 4);
    ck_assert_uint_eq(req.count, 0x47ff);
    ck_assert_uint_eq(req.offset, 0x7fffffffffffffffull);
}
END_TEST

START_TEST(test_pwrite_data_is_a_view_of_the_rest_including_nul_and_commas)
{
    static const char pkt[] = "pwrite:3,10,a,b\0}]#";
    memset(&req, 0, sizeof(req));
    ck_assert_int_eq(hostio_parse(pkt, sizeof(pkt) - 1, &req), 0);
    ck_assert_int_eq(req.op, HOSTIO_PWRITE);
    ck_assert_int_eq(req.fd, 3);
    ck_assert_uint_eq(req.offset, 0x10);
    ck_assert_ptr_eq(req.data, pkt + 12);
    ck_assert_uint_eq(req.data_len, 7);
    ck_assert_int_eq(parse("pwrite:3,0,"), 0);
    ck_assert_uint_eq(req.data_len, 0);
}
END_TEST

START_TEST(test_unlink_and_readlink_take_one_path)
{
    ck_assert_int_eq(parse("unlink:2f78"), 0);
    ck_assert_int_eq(req.op, HOSTIO_UNLINK);
    ck_assert_str_eq(req.path, "/x");
    ck_assert_int_eq(parse("readlink:2f70726f632f73656c662f657865"), 0);
    ck_assert_int_eq(req.op, HOSTIO_READLINK);
    ck_assert_str_eq(req.path, "/proc/self/exe");
}
END_TEST

static const char *const malformed[] = {
    "open:2f61,0",             /* no mode */
    "open:2f61",               /* no flags */
    "open:2f6,0,0",            /* odd path */
    "open:2f7g,0,0",           /* non-hex path */
    "open:2f0061,0,0",         /* NUL inside the path */
    "open:2f61,3,0",           /* access mode 3 */
    "open:2f61,1000,0",        /* unknown flag */
    "open:2f61,0,1000",        /* S_ISVTX: not a File-I/O mode bit */
    "open:2f61,0,-1",          /* negative mode */
    "open:2f61,0,0,",          /* junk */
    "open:2f61,,0",            /* empty flags */
    "open",                    /* no arguments */
    "close:",                  /* no fd */
    "close:4x",                /* junk */
    "close:--1",               /* double sign */
    "close:-",                 /* sign only */
    "fstat:10000000000000000", /* more than 64 bits */
    "close:8000000000000000",  /* beyond INT64_MAX */
    "pread:4,10",              /* no offset */
    "pread:4,-10,0",           /* negative count */
    "pread:4,10,-1",           /* negative offset */
    "pread:4,10,0,",           /* junk */
    "pwrite:4,0",              /* no data separator */
    "pwrite:4,-1,ab",          /* negative offset */
    "setfs:-1",                /* negative pid */
    "setfs:",                  /* no pid */
    "unlink:2f61,0",           /* a second argument */
    "readlink:2f6",            /* odd path */
};

START_TEST(test_malformed_arguments_are_einval_and_leave_req_alone)
{
    struct hostio_req before;
    memset(&req, 0x5a, sizeof(req));
    memcpy(&before, &req, sizeof(req));
    ck_assert_int_eq(hostio_parse(malformed[_i], strlen(malformed[_i]), &req), -EINVAL);
    ck_assert_msg(memcmp(&before, &req, sizeof(req)) == 0, "'%s' wrote *req", malformed[_i]);
}
END_TEST

START_TEST(test_unknown_operations_are_eopnotsupp)
{
    ck_assert_int_eq(parse("stat:2f61"), -EOPNOTSUPP);
    ck_assert_int_eq(parse("lstat:2f61"), -EOPNOTSUPP);
    ck_assert_int_eq(parse("opened:2f61,0,0"), -EOPNOTSUPP);
    ck_assert_int_eq(parse("ope:2f61,0,0"), -EOPNOTSUPP);
    ck_assert_int_eq(parse(""), -EOPNOTSUPP);
}
END_TEST

START_TEST(test_path_length_limit)
{
    static char pkt[16 + 2 * HOSTIO_PATH_MAX];
    char *p = pkt + sprintf(pkt, "unlink:");
    for (int i = 0; i < HOSTIO_PATH_MAX - 1; i++, p += 2)
        memcpy(p, "61", 2);
    *p = '\0';
    ck_assert_int_eq(hostio_parse(pkt, strlen(pkt), &req), 0); /* 4095 bytes: fits */
    ck_assert_uint_eq(req.path_len, HOSTIO_PATH_MAX - 1);
    memcpy(p, "61", 3);
    ck_assert_int_eq(hostio_parse(pkt, strlen(pkt), &req), -ENAMETOOLONG);
}
END_TEST

START_TEST(test_errno_table_uses_gdb_numbers)
{
    ck_assert_int_eq(hostio_errno(ENOENT), 2);
    ck_assert_int_eq(hostio_errno(-ENOENT), 2);
    ck_assert_int_eq(hostio_errno(EBADF), 9);
    ck_assert_int_eq(hostio_errno(EACCES), 13);
    ck_assert_int_eq(hostio_errno(EEXIST), 17);
    ck_assert_int_eq(hostio_errno(EISDIR), 21);
    ck_assert_int_eq(hostio_errno(EINVAL), 22);
    ck_assert_int_eq(hostio_errno(EMFILE), 24);
    ck_assert_int_eq(hostio_errno(ESPIPE), 29);
    ck_assert_int_eq(hostio_errno(EROFS), 30);
    ck_assert_int_eq(hostio_errno(ENAMETOOLONG), 91); /* 36 on Linux */
    ck_assert_int_eq(hostio_errno(ELOOP), 9999);
    ck_assert_int_eq(hostio_errno(ESRCH), 9999);
    ck_assert_int_eq(hostio_errno(0), 9999);
}
END_TEST

START_TEST(test_reply_formats)
{
    char mem[64];
    struct buf b;
    buf_init(&b, mem, sizeof(mem));
    hostio_reply(&b, 0x4128);
    ck_assert_str_eq(mem, "F4128");
    buf_reset(&b);
    hostio_reply(&b, -1);
    ck_assert_str_eq(mem, "F-1");
    buf_reset(&b);
    hostio_reply_error(&b, -ENAMETOOLONG);
    ck_assert_str_eq(mem, "F-1,5b");
    buf_reset(&b);
    hostio_reply_error(&b, ENOENT);
    ck_assert_str_eq(mem, "F-1,2");
    buf_reset(&b);
    ck_assert_uint_eq(hostio_reply_data(&b, "", 0), 0);
    ck_assert_str_eq(mem, "F0;");
    buf_reset(&b);
    ck_assert_uint_eq(hostio_reply_data(&b, "a#b", 3), 3);
    ck_assert_str_eq(mem, "F3;a}\x03"
                          "b");
    ck_assert(!b.overflow);
}
END_TEST

START_TEST(test_data_reply_is_shortened_to_fit_counting_escapes)
{
    /* 20 bytes of room (cap 21 keeps one for the NUL); "F<n>;" takes 4 for n < 0x100. */
    char mem[21];
    uint8_t data[40];
    struct buf b;
    memset(data, '}', sizeof(data)); /* every byte escapes to two */
    buf_init(&b, mem, sizeof(mem));
    ck_assert_uint_eq(hostio_reply_data(&b, data, sizeof(data)), 8);
    ck_assert_uint_eq(b.len, 3 + 16);
    ck_assert_int_eq(memcmp(mem, "F8;}]", 5), 0);
    ck_assert(!b.overflow);
    memset(data, 'x', sizeof(data));
    buf_reset(&b);
    ck_assert_uint_eq(hostio_reply_data(&b, data, sizeof(data)), 16);
    ck_assert_uint_eq(b.len, 4 + 16); /* "F10;" */
    ck_assert(!b.overflow);
    /* no room even for the header */
    buf_init(&b, mem, 3);
    ck_assert_uint_eq(hostio_reply_data(&b, data, 1), 0);
    ck_assert(b.overflow);
}
END_TEST

START_TEST(test_stat_is_packed_big_endian_in_file_io_layout)
{
    struct hostio_stat st = {.dev = 0x0102,
                             .ino = 0x1122334455ull,
                             .mode = 0100644,
                             .nlink = 1,
                             .uid = 1000,
                             .gid = 100,
                             .rdev = 0,
                             .size = 0x0102030405060708ull,
                             .blksize = 4096,
                             .blocks = 8,
                             .atime = 0x5f000001,
                             .mtime = 0x5f000002,
                             .ctime = 0x5f000003};
    uint8_t out[HOSTIO_STAT_SIZE];
    static const uint8_t want[HOSTIO_STAT_SIZE] = {
        0,    0,    1,    2,                   /* dev */
        0x22, 0x33, 0x44, 0x55,                /* ino: low 32 bits */
        0,    0,    0x81, 0xa4,                /* mode */
        0,    0,    0,    1,                   /* nlink */
        0,    0,    0x03, 0xe8,                /* uid */
        0,    0,    0,    100,                 /* gid */
        0,    0,    0,    0,                   /* rdev */
        1,    2,    3,    4,    5, 6, 7,    8, /* size */
        0,    0,    0,    0,    0, 0, 0x10, 0, /* blksize */
        0,    0,    0,    0,    0, 0, 0,    8, /* blocks */
        0x5f, 0,    0,    1,                   /* atime */
        0x5f, 0,    0,    2,                   /* mtime */
        0x5f, 0,    0,    3,                   /* ctime */
    };
    memset(out, 0xee, sizeof(out));
    hostio_pack_stat(&st, out);
    for (size_t i = 0; i < sizeof(out); i++)
        ck_assert_msg(out[i] == want[i], "byte %zu: %02x, want %02x", i, out[i], want[i]);
}
END_TEST

Suite *hostio_suite(void)
{
    Suite *s = suite_create("hostio");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, test_open_decodes_path_flags_and_mode);
    tcase_add_test(tc, test_numbers_accept_sign_and_leading_zeros);
    tcase_add_test(tc, test_pwrite_data_is_a_view_of_the_rest_including_nul_and_commas);
    tcase_add_test(tc, test_unlink_and_readlink_take_one_path);
    tcase_add_loop_test(tc, test_malformed_arguments_are_einval_and_leave_req_alone, 0,
                        sizeof(malformed) / sizeof(malformed[0]));
    tcase_add_test(tc, test_unknown_operations_are_eopnotsupp);
    tcase_add_test(tc, test_path_length_limit);
    suite_add_tcase(s, tc);
    tc = tcase_create("reply");
    tcase_add_test(tc, test_errno_table_uses_gdb_numbers);
    tcase_add_test(tc, test_reply_formats);
    tcase_add_test(tc, test_data_reply_is_shortened_to_fit_counting_escapes);
    tcase_add_test(tc, test_stat_is_packed_big_endian_in_file_io_layout);
    suite_add_tcase(s, tc);
    return s;
}

/* qXfer documents the target builds whole (libraries-svr4, osdata) through a whole session:
 * qSupported advertises them only when the target lists them, a document is read whole at
 * offset 0 (growing past 64 KiB) and later offsets are served from that snapshot, the annex
 * reaches the target, errors come back as Exx. The fake target's ops are copied and given a
 * scripted xfer_read, so nothing here needs ptrace. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/fake_target.h"
#include "tests/unit/rig.h"
#include "tests/unit/suites_decl.h"

/* The scripted documents: "<doc gen=N annex=A>" + PAD bytes of 'x' + "</doc>"; GEN counts the
 * builds, so a test sees whether a reply came from a new build or the kept snapshot. */
static unsigned doc_builds;
static size_t doc_pad;
static char doc_last_annex[128];
static int doc_error;

static ssize_t doc_xfer(struct target *t, const char *object, const char *annex, uint64_t off,
                        void *buf, size_t len)
{
    static const char exe[] = "/fake/prog";
    char head[256];
    size_t hlen, total;

    (void)t;
    if (strcmp(object, "exec-file") == 0) {
        if (off >= sizeof(exe) - 1)
            return 0;
        size_t n = sizeof(exe) - 1 - off < len ? sizeof(exe) - 1 - off : len;
        memcpy(buf, exe + off, n);
        return (ssize_t)n;
    }
    if (strcmp(object, "libraries-svr4") != 0 && strcmp(object, "osdata") != 0)
        return -ENOENT;
    if (doc_error)
        return doc_error;
    snprintf(doc_last_annex, sizeof(doc_last_annex), "%s", annex);
    doc_builds++;
    hlen = (size_t)snprintf(head, sizeof(head), "<doc gen=%u annex=%s>", doc_builds, annex);
    total = hlen + doc_pad + 6;
    if (off >= total)
        return 0;
    if (len > total - off)
        len = total - off;
    for (size_t i = 0; i < len; i++) {
        size_t at = off + i;
        char c;
        if (at < hlen)
            c = head[at];
        else if (at < hlen + doc_pad)
            c = 'x';
        else
            c = "</doc>"[at - hlen - doc_pad];
        ((char *)buf)[i] = c;
    }
    return (ssize_t)len;
}

static const char *const doc_objects[] = {"libraries-svr4", "osdata", NULL};
static struct target_ops doc_ops;

/* A rig whose target serves the scripted documents. */
static struct rig *doc_rig(size_t pad)
{
    struct rig *r = rig_new();

    doc_ops = *r->f->base.ops;
    doc_ops.xfer_read = doc_xfer;
    doc_ops.xfer_objects = doc_objects;
    r->f->base.ops = &doc_ops;
    doc_builds = 0;
    doc_pad = pad;
    doc_error = 0;
    doc_last_annex[0] = '\0';
    return r;
}

START_TEST(test_documents_advertised_only_when_target_lists_them)
{
    struct rig *r = rig_new();
    const char *p = rig_exchange(r, "qSupported:multiprocess+");
    ck_assert_ptr_null(strstr(p, "libraries-svr4"));
    ck_assert_ptr_null(strstr(p, "osdata"));
    /* and the packets get the empty reply, as unknown objects do */
    ck_assert_str_eq(rig_exchange(r, "qXfer:libraries-svr4:read::0,100"), "");
    ck_assert_str_eq(rig_exchange(r, "qXfer:osdata:read::0,100"), "");
    rig_free(r);

    r = doc_rig(0);
    p = rig_exchange(r, "qSupported:multiprocess+");
    ck_assert_ptr_nonnull(strstr(p, ";qXfer:libraries-svr4:read+;augmented-libraries-svr4-read+"));
    ck_assert_ptr_nonnull(strstr(p, ";qXfer:osdata:read+"));
    rig_free(r);
}
END_TEST

START_TEST(test_small_document_in_one_reply_with_annex_passed_on)
{
    struct rig *r = doc_rig(4);
    ck_assert_str_eq(rig_exchange(r, "qXfer:libraries-svr4:read:start=10;prev=20;:0,fff"),
                     "l<doc gen=1 annex=start=10;prev=20;>xxxx</doc>");
    ck_assert_str_eq(doc_last_annex, "start=10;prev=20;");
    ck_assert_str_eq(rig_exchange(r, "qXfer:osdata:read:processes:0,fff"),
                     "l<doc gen=2 annex=processes>xxxx</doc>");
    ck_assert_str_eq(rig_exchange(r, "qXfer:osdata:read::0,fff"), "l<doc gen=3 annex=>xxxx</doc>");
    rig_free(r);
}
END_TEST

START_TEST(test_later_offsets_come_from_the_snapshot_taken_at_offset_zero)
{
    struct rig *r = doc_rig(10);
    ck_assert_str_eq(rig_exchange(r, "qXfer:osdata:read:threads:0,8"), "m<doc gen");
    ck_assert_str_eq(rig_exchange(r, "qXfer:osdata:read:threads:8,8"), "m=1 annex");
    ck_assert_uint_eq(doc_builds, 1);
    ck_assert_str_eq(rig_exchange(r, "qXfer:osdata:read:threads:1b,100"), "lxxxxxxxx</doc>");
    ck_assert_str_eq(rig_exchange(r, "qXfer:osdata:read:threads:29,100"), "l");
    ck_assert_uint_eq(doc_builds, 1);
    /* Another annex at an offset cannot use that snapshot: it is built afresh. */
    ck_assert_str_eq(rig_exchange(r, "qXfer:osdata:read:files:1,7"), "mdoc gen");
    ck_assert_uint_eq(doc_builds, 2);
    /* Offset 0 always takes a new snapshot. */
    ck_assert_str_eq(rig_exchange(r, "qXfer:osdata:read:files:0,9"), "m<doc gen=");
    ck_assert_str_eq(rig_exchange(r, "qXfer:osdata:read:files:9,1"), "m3");
    rig_free(r);
}
END_TEST

START_TEST(test_document_larger_than_first_buffer_is_read_whole)
{
    size_t pad = 300 * 1024, got = 0;
    struct rig *r = doc_rig(pad);
    char pkt[64];
    bool last = false;
    unsigned builds = 0;

    /* Read it as gdb does, in pieces, and count the bytes. The first read may build it a few
     * times while the buffer grows; the later ones must not build it at all. */
    while (!last) {
        snprintf(pkt, sizeof(pkt), "qXfer:libraries-svr4:read::%zx,ffb", got);
        const char *p = rig_exchange(r, pkt);
        ck_assert_msg(p[0] == 'm' || p[0] == 'l', "got %.20s", p);
        last = p[0] == 'l';
        got += r->reply_len - 1;
        if (!builds)
            builds = doc_builds;
    }
    ck_assert_uint_eq(got, strlen("<doc gen=1 annex=>") + pad + 6);
    ck_assert_uint_gt(got, 64 * 1024 * 4);
    ck_assert_uint_eq(doc_builds, builds);
    rig_free(r);
}
END_TEST

START_TEST(test_target_errors_become_error_replies)
{
    struct rig *r = doc_rig(0);
    doc_error = -ENODATA;
    ck_assert_str_eq(rig_exchange(r, "qXfer:libraries-svr4:read::0,100"), "E3d");
    doc_error = 0;
    r->f->base.pid = 0; /* no process: libraries need one, osdata does not */
    ck_assert_str_eq(rig_exchange(r, "qXfer:libraries-svr4:read::0,100"), "E03");
    ck_assert_str_eq(rig_exchange(r, "qXfer:osdata:read::0,100"), "l<doc gen=1 annex=></doc>");
    rig_free(r);
}
END_TEST

Suite *cmd_xfer_suite(void)
{
    Suite *s = suite_create("cmd_xfer");
    TCase *tc = tcase_create("documents");

    tcase_add_test(tc, test_documents_advertised_only_when_target_lists_them);
    tcase_add_test(tc, test_small_document_in_one_reply_with_annex_passed_on);
    tcase_add_test(tc, test_later_offsets_come_from_the_snapshot_taken_at_offset_zero);
    tcase_add_test(tc, test_document_larger_than_first_buffer_is_read_whole);
    tcase_add_test(tc, test_target_errors_become_error_replies);
    suite_add_tcase(s, tc);
    return s;
}

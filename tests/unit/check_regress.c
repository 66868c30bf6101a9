/* Regressions from the hardening work (issue #5). Fuzz: every seed in tests/fuzz/corpus/NAME and
 * every input a fuzzer ever crashed on, kept in tests/fuzz/regress/NAME, replayed through the
 * harness's own entry point (tests/fuzz/entries.c), each in a child process so a crash names its
 * input. Run from the repository root (as make unit does) or point FUZZ_DIR at tests/fuzz.
 * Hostile client (tests/integration/hostile.sh): what it found, pinned at the session level. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/fuzz/entries.h"
#include "tests/unit/rig.h"
#include "tests/unit/suites_decl.h"

static const char *fuzz_dir(void)
{
    const char *d = getenv("FUZZ_DIR");
    return d && *d ? d : "tests/fuzz";
}

/* Read PATH whole into a fresh buffer (*LEN bytes). */
static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s: %s", path, strerror(errno));
    uint8_t *data = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 4096;
            data = realloc(data, cap);
            ck_assert_ptr_nonnull(data);
        }
        size_t got = fread(data + n, 1, cap - n, f);
        if (got == 0)
            break;
        n += got;
    }
    fclose(f);
    *len = n;
    return data;
}

/* Run ONE on the file PATH in a child; fail the test, naming the file, unless it returns. */
static void replay(const struct fuzz_entry *e, const char *path)
{
    size_t len;
    uint8_t *data = slurp(path, &len);
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        e->one(data, len);
        exit(0); /* atexit handlers clean up what the harness made */
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    free(data);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "fuzz_%s_one crashed on %s (%s %d)", e->name, path,
                  WIFSIGNALED(status) ? "signal" : "exit status",
                  WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
}

/* Replay every regular file in DIR/SUB/NAME; returns how many. */
static size_t replay_dir(const struct fuzz_entry *e, const char *sub)
{
    char dir[PATH_MAX], path[PATH_MAX];
    size_t n = 0;
    snprintf(dir, sizeof(dir), "%s/%s/%s", fuzz_dir(), sub, e->name);
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        struct stat st;
        int w = snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        if (w < 0 || (size_t)w >= sizeof(path) || de->d_name[0] == '.' || stat(path, &st) < 0 ||
            !S_ISREG(st.st_mode))
            continue;
        replay(e, path);
        n++;
    }
    closedir(d);
    return n;
}

START_TEST(each_harness_replays_its_seeds_and_past_crash_inputs_without_crashing)
{
    const struct fuzz_entry *e = &fuzz_entries[_i];
    size_t seeds = replay_dir(e, "corpus");
    size_t crashes = replay_dir(e, "regress");
    /* A missing corpus would make this test pass vacuously. */
    ck_assert_msg(seeds > 0, "no seeds in %s/corpus/%s (run from the repository root)", fuzz_dir(),
                  e->name);
    (void)crashes;
}
END_TEST

START_TEST(harness_table_names_each_harness_once)
{
    size_t n = 0;
    for (const struct fuzz_entry *e = fuzz_entries; e->name; e++, n++)
        for (const struct fuzz_entry *o = fuzz_entries; o < e; o++)
            ck_assert_str_ne(o->name, e->name);
    ck_assert_uint_eq(n, 7);
}
END_TEST

/* hostile.sh: "vCont;s:p1.1" resumed nothing and left the client waiting for a stop forever. */
START_TEST(vcont_naming_only_unknown_threads_is_refused_not_resumed)
{
    static const char *const pkts[] = {"vCont;s:p1.1", "vCont;c:p7fffffff.-1", "vCont;s:7fff",
                                       "vCont;c:p100.1;c:p100.2"};
    struct rig *r = rig_new();
    rig_exchange(r, "QStartNoAckMode");
    for (size_t i = 0; i < sizeof(pkts) / sizeof(pkts[0]); i++) {
        ck_assert_str_eq(rig_exchange(r, pkts[i]), "E03");
        ck_assert(!r->s.running);
    }
    ck_assert_ptr_null(strstr(r->f->log, "resume("));
    /* a thread that exists still resumes */
    rig_send(r, "vCont;s:p100.101");
    ck_assert(r->s.running);
    ck_assert_ptr_nonnull(strstr(r->f->log, "resume(tid=257,step=1"));
    rig_free(r);
}
END_TEST

Suite *regress_suite(void)
{
    Suite *s = suite_create("regress");
    TCase *tc = tcase_create("fuzz");
    size_t n = 0;
    while (fuzz_entries[n].name)
        n++;
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, harness_table_names_each_harness_once);
    tcase_add_loop_test(tc, each_harness_replays_its_seeds_and_past_crash_inputs_without_crashing,
                        0, (int)n);
    suite_add_tcase(s, tc);
    TCase *hostile = tcase_create("hostile");
    tcase_add_test(hostile, vcont_naming_only_unknown_threads_is_refused_not_resumed);
    suite_add_tcase(s, hostile);
    return s;
}

/* qXfer libraries-svr4 on real processes (tests/programs/solib.c, which dlopens libsolib.so by
 * path, and the -static tests/programs/static.c): the empty list at the first instruction, the
 * list after dlopen checked against /proc/PID/maps and the library's own PT_DYNAMIC, the
 * incremental start=/prev= annex, slices, dlclose, XML escaping of names, and the errors. The
 * debuggees are found in $PROGS or next to this binary, as check_linux.c finds its own. */
#include <check.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "targets/linux/linux.h"
#include "targets/target.h"
#include "tests/unit/ptrace_rig.h"
#include "tests/unit/suites_decl.h"

#define WAIT_MS    10000
#define LONG_PATH  (PATH_MAX + 128) /* PROGS plus a file name */
#define EMPTY_LIST "<library-list-svr4 version=\"1.0\"></library-list-svr4>"

static struct target *t;
static char progs[PATH_MAX];
static char doc[64 * 1024];

static void setup(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    ck_assert_int_eq(sigprocmask(SIG_BLOCK, &set, NULL), 0);
    ptrace_rig_progs_dir(progs, sizeof(progs));
    t = target_create_native();
    ck_assert_ptr_nonnull(t);
}

static void teardown(void)
{
    target_destroy(t);
    t = NULL;
}

static int wait_event(struct stop_event *ev)
{
    return ptrace_rig_wait_event(t, ev, WAIT_MS);
}

/* Launch PROGS/NAME with ARG (may be NULL). */
static void launch(const char *name, const char *arg)
{
    char path[LONG_PATH];
    char *argv[] = {path, (char *)arg, NULL};
    struct launch_opts o = {.disable_aslr = true};

    snprintf(path, sizeof(path), "%s/%s", progs, name);
    ck_assert_msg(access(path, X_OK) == 0, "%s missing: build it (make %s)", path, path);
    ck_assert_int_eq(target_launch(t, argv, &o), 0);
}

/* The library list (annex ANNEX) as a C string in DOC. */
static const char *list(const char *annex)
{
    ssize_t n = target_xfer_read(t, "libraries-svr4", annex, 0, doc, sizeof(doc) - 1);

    ck_assert_int_ge(n, 0);
    ck_assert_int_lt(n, (ssize_t)sizeof(doc) - 1);
    doc[n] = '\0';
    return doc;
}

/* Address of symbol NAME in ELF file PATH (ST_VALUE), or of its PT_DYNAMIC when NAME is NULL. */
static uint64_t elf_addr(const char *path, const char *name)
{
    uint64_t value = 0;
    Elf_Scn *scn = NULL;
    size_t nph = 0;
    int fd = open(path, O_RDONLY);
    Elf *elf;

    ck_assert_int_ge(fd, 0);
    elf_version(EV_CURRENT);
    elf = elf_begin(fd, ELF_C_READ, NULL);
    ck_assert_ptr_nonnull(elf);
    if (!name) {
        ck_assert_int_eq(elf_getphdrnum(elf, &nph), 0);
        for (size_t i = 0; i < nph; i++) {
            GElf_Phdr ph;
            gelf_getphdr(elf, (int)i, &ph);
            if (ph.p_type == PT_DYNAMIC)
                value = ph.p_vaddr;
        }
    }
    while (name && (scn = elf_nextscn(elf, scn)) != NULL) {
        GElf_Shdr sh;
        Elf_Data *d;
        gelf_getshdr(scn, &sh);
        if (sh.sh_type != SHT_SYMTAB)
            continue;
        d = elf_getdata(scn, NULL);
        for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
            GElf_Sym s;
            gelf_getsym(d, (int)i, &s);
            const char *nm = elf_strptr(elf, sh.sh_link, s.st_name);
            if (nm && strcmp(nm, name) == 0)
                value = s.st_value;
        }
    }
    elf_end(elf);
    close(fd);
    ck_assert_msg(value != 0, "%s not found in %s", name ? name : "PT_DYNAMIC", path);
    return value;
}

/* Run the launched solib to its function NAME (a PIE: load bias from AT_ENTRY). */
static void run_to(const char *name)
{
    char path[LONG_PATH];
    uint64_t auxv[256], entry = 0, addr;
    ssize_t n = target_xfer_read(t, "auxv", "", 0, auxv, sizeof(auxv));
    struct resume_action a = {.pid = -1, .tid = -1};
    struct stop_event ev;

    for (ssize_t i = 0; i + 1 < n / 8; i += 2)
        if (auxv[i] == AT_ENTRY)
            entry = auxv[i + 1];
    snprintf(path, sizeof(path), "%s/solib", progs);
    addr = elf_addr(path, name) + entry - elf_addr(path, "_start");
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, addr, 1), 0);
    ck_assert_int_eq(target_resume(t, &a, 1), 0);
    ck_assert_int_eq(wait_event(&ev), 0);
    ck_assert_int_eq(ev.kind, STOP_SIGNAL);
    ck_assert_int_eq(ev.why, WHY_SW_BREAK);
    ck_assert_int_eq(target_remove_point(t, PT_SW_BREAK, addr, 1), 0);
}

struct lib {
    char name[LONG_PATH];
    uint64_t lm, l_addr, l_ld, lmid;
};

/* The <library .../> element of DOC whose name is NAME (escaped as in the XML); false if none. */
static bool find_lib(const char *d, const char *name, struct lib *out)
{
    char key[LONG_PATH + 16];
    const char *p;

    snprintf(key, sizeof(key), "<library name=\"%s\"", name);
    p = strstr(d, key);
    if (!p)
        return false;
    snprintf(out->name, sizeof(out->name), "%s", name);
    ck_assert_int_eq(sscanf(p + strlen(key),
                            " lm=\"0x%" SCNx64 "\" l_addr=\"0x%" SCNx64 "\" l_ld=\"0x%" SCNx64
                            "\" lmid=\"0x%" SCNx64 "\"/>",
                            &out->lm, &out->l_addr, &out->l_ld, &out->lmid),
                     4);
    return true;
}

/* Start of the mapping of file PATH at file offset 0 in /proc/PID/maps. */
static uint64_t map_base(int pid, const char *path)
{
    char maps[64], line[PATH_MAX + 128];
    uint64_t base = 0;
    FILE *f;

    snprintf(maps, sizeof(maps), "/proc/%d/maps", pid);
    f = fopen(maps, "r");
    ck_assert_ptr_nonnull(f);
    while (!base && fgets(line, sizeof(line), f)) {
        uint64_t start, off;
        char file[PATH_MAX];
        if (sscanf(line, "%" SCNx64 "-%*x %*s %" SCNx64 " %*s %*d %s", &start, &off, file) == 3 &&
            off == 0 && strcmp(file, path) == 0)
            base = start;
    }
    fclose(f);
    ck_assert_msg(base != 0, "%s not mapped", path);
    return base;
}

START_TEST(test_list_is_empty_at_first_instruction)
{
    char lib[LONG_PATH];

    snprintf(lib, sizeof(lib), "%s/libsolib.so", progs);
    launch("solib", lib);
    ck_assert_str_eq(list(""), EMPTY_LIST);
}
END_TEST

START_TEST(test_list_after_dlopen_matches_maps_and_dynamic_section)
{
    char lib[LONG_PATH];
    struct lib so, libc;
    uint64_t main_lm = 0;
    const char *d;

    snprintf(lib, sizeof(lib), "%s/libsolib.so", progs);
    launch("solib", lib);
    run_to("after_dlopen");
    d = list("");
    ck_assert_msg(
        sscanf(d, "<library-list-svr4 version=\"1.0\" main-lm=\"0x%" SCNx64 "\">", &main_lm) == 1,
        "no main-lm in %.80s", d);
    ck_assert_uint_ne(main_lm, 0);
    ck_assert_msg(find_lib(d, lib, &so), "%s not in %s", lib, d);
    ck_assert_msg(find_lib(d, "/lib/x86_64-linux-gnu/libc.so.6", &libc), "no libc in %s", d);
    ck_assert_uint_eq(so.l_addr, map_base(t->pid, lib));
    ck_assert_uint_eq(so.l_ld, so.l_addr + elf_addr(lib, NULL));
    /* One namespace: every entry carries the same lmid, the address of its r_debug. */
    ck_assert_uint_ne(so.lmid, 0);
    ck_assert_uint_eq(so.lmid, libc.lmid);
    ck_assert_int_eq(strncmp(d + strlen(d) - 20, "</library-list-svr4>", 20), 0);
}
END_TEST

START_TEST(test_incremental_annex_lists_from_start_and_checks_prev)
{
    char lib[LONG_PATH], annex[128], want[LONG_PATH + 256];
    struct lib so;
    const char *d, *p;
    uint64_t prev = 0;

    snprintf(lib, sizeof(lib), "%s/libsolib.so", progs);
    launch("solib", lib);
    run_to("after_dlopen");
    d = list("");
    ck_assert(find_lib(d, lib, &so));
    /* libsolib is the last entry: its predecessor's lm is the one before it in the XML. */
    p = strstr(d, "<library name=\"");
    while (p) {
        struct lib l;
        char name[PATH_MAX];
        ck_assert_int_eq(sscanf(p, "<library name=\"%[^\"]\" lm=\"0x%" SCNx64 "\"", name, &l.lm),
                         2);
        if (l.lm == so.lm)
            break;
        prev = l.lm;
        p = strstr(p + 1, "<library name=\"");
    }
    ck_assert_uint_ne(prev, 0);
    snprintf(annex, sizeof(annex), "start=%" PRIx64 ";prev=%" PRIx64 ";", so.lm, prev);
    snprintf(want, sizeof(want),
             "<library-list-svr4 version=\"1.0\"><library name=\"%s\" lm=\"0x%" PRIx64
             "\" l_addr=\"0x%" PRIx64 "\" l_ld=\"0x%" PRIx64
             "\" lmid=\"0x0\"/></library-list-svr4>",
             lib, so.lm, so.l_addr, so.l_ld);
    ck_assert_str_eq(list(annex), want);
    /* lmid= is echoed in every element. */
    uint64_t lmid = so.lmid;
    snprintf(annex, sizeof(annex), "lmid=%" PRIx64 ";start=%" PRIx64 ";prev=%" PRIx64 ";", lmid,
             so.lm, prev);
    list(annex);
    ck_assert(find_lib(doc, lib, &so));
    ck_assert_uint_eq(so.lmid, lmid);
    /* A prev that is not the entry's back link: the chain is corrupt, nothing is listed. */
    snprintf(annex, sizeof(annex), "start=%" PRIx64 ";prev=%" PRIx64 ";", so.lm, prev + 8);
    ck_assert_str_eq(list(annex), EMPTY_LIST);
}
END_TEST

START_TEST(test_slices_add_up_to_the_whole_list)
{
    static char slices[sizeof(doc)];
    char lib[LONG_PATH];
    size_t got = 0;
    ssize_t n;

    snprintf(lib, sizeof(lib), "%s/libsolib.so", progs);
    launch("solib", lib);
    run_to("after_dlopen");
    list("");
    while ((n = target_xfer_read(t, "libraries-svr4", "", got, slices + got, 7)) > 0) {
        ck_assert_int_le(n, 7);
        got += (size_t)n;
        ck_assert_uint_lt(got, sizeof(slices));
    }
    ck_assert_int_eq(n, 0);
    ck_assert_uint_eq(got, strlen(doc));
    ck_assert_int_eq(memcmp(slices, doc, got), 0);
    ck_assert_int_eq(target_xfer_read(t, "libraries-svr4", "", got + 100, slices, 7), 0);
}
END_TEST

START_TEST(test_library_is_gone_after_dlclose)
{
    char lib[LONG_PATH];
    struct lib l;

    snprintf(lib, sizeof(lib), "%s/libsolib.so", progs);
    launch("solib", lib);
    run_to("after_dlclose");
    list("");
    ck_assert_msg(!find_lib(doc, lib, &l), "%s still listed: %s", lib, doc);
    ck_assert(find_lib(doc, "/lib/x86_64-linux-gnu/libc.so.6", &l));
}
END_TEST

START_TEST(test_library_name_is_xml_escaped)
{
    char dir[] = "/tmp/rspd-svr4-XXXXXX", lib[64], src[LONG_PATH], esc[128];
    char cmd[LONG_PATH + 128];
    struct lib l;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(lib, sizeof(lib), "%s/lib&<\"'>.so", dir);
    snprintf(src, sizeof(src), "%s/libsolib.so", progs);
    snprintf(cmd, sizeof(cmd), "cp '%s' \"%s/lib&<\\\"'>.so\"", src, dir);
    ck_assert_int_eq(system(cmd), 0);
    ck_assert_int_eq(access(lib, R_OK), 0);
    launch("solib", lib);
    run_to("after_dlopen");
    list("");
    snprintf(esc, sizeof(esc), "%s/lib&amp;&lt;&quot;&apos;&gt;.so", dir);
    ck_assert_msg(find_lib(doc, esc, &l), "%s not in %s", esc, doc);
    unlink(lib);
    rmdir(dir);
}
END_TEST

START_TEST(test_static_program_has_no_list_and_bad_annex_is_einval)
{
    char buf[256];

    ck_assert_int_eq(target_xfer_read(t, "libraries-svr4", "", 0, buf, sizeof(buf)), -ESRCH);
    launch("static", NULL);
    ck_assert_int_eq(target_xfer_read(t, "libraries-svr4", "", 0, buf, sizeof(buf)), -ENODATA);
    ck_assert_int_eq(target_xfer_read(t, "libraries-svr4", "start=zz;", 0, buf, sizeof(buf)),
                     -EINVAL);
    ck_assert_int_eq(target_xfer_read(t, "libraries-svr4", "start=;", 0, buf, sizeof(buf)),
                     -EINVAL);
    /* An unknown key is skipped; start=10 points at nothing readable: an empty list. */
    ck_assert_int_eq(
        target_xfer_read(t, "libraries-svr4", "foo=1;start=10;", 0, buf, sizeof(buf) - 1),
        (ssize_t)strlen(EMPTY_LIST));
    ck_assert(target_xfer_has(t, "libraries-svr4"));
    ck_assert(!target_xfer_has(t, "libraries"));
}
END_TEST

Suite *svr4_suite(void)
{
    Suite *s = suite_create("svr4");
    TCase *tc = tcase_create("ptrace");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_list_is_empty_at_first_instruction);
    tcase_add_test(tc, test_list_after_dlopen_matches_maps_and_dynamic_section);
    tcase_add_test(tc, test_incremental_annex_lists_from_start_and_checks_prev);
    tcase_add_test(tc, test_slices_add_up_to_the_whole_list);
    tcase_add_test(tc, test_library_is_gone_after_dlclose);
    tcase_add_test(tc, test_library_name_is_xml_escaped);
    tcase_add_test(tc, test_static_program_has_no_list_and_bad_annex_is_einval);
    suite_add_tcase(s, tc);
    return s;
}

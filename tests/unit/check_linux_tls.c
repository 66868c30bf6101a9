/* The real Linux target's thread-local storage addresses (tls_address, qGetTLSAddr): stopped in
 * a second thread, the address of tls_value / tls_name in that thread and in the main thread
 * hold each thread's own values; a module with no link_map and an unknown thread are refused.
 * The debuggee is tests/programs/tls.c (found in $PROGS or next to this binary); every wait
 * polls event_fd with a timeout. */
#include <check.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "protocol/signals.h"
#include "targets/target.h"
#include "tests/unit/ptrace_rig.h"
#include "tests/unit/suites_decl.h"

#define WAIT_MS 10000

static struct target *t;
static char prog[PATH_MAX];

static void setup(void)
{
    t = ptrace_rig_start("tls", prog, sizeof(prog));
    char *argv[] = {prog, NULL};
    struct launch_opts o = {0};
    ck_assert_int_eq(target_launch(t, argv, &o), 0);
}

static void teardown(void)
{
    target_destroy(t);
    t = NULL;
}

static struct stop_event run(void)
{
    struct resume_action a = {.pid = -1, .tid = -1};
    struct stop_event ev;

    ck_assert_int_eq(target_resume(t, &a, 1), 0);
    int rc = ptrace_rig_wait_event(t, &ev, WAIT_MS);
    ck_assert_msg(rc == 0, "no event within %d ms (%d)", WAIT_MS, rc);
    return ev;
}

/* The st_value of NAME in the program's symbol table (for a TLS symbol: its offset in the
 * module's TLS block). */
static uint64_t symval(const char *name)
{
    Elf_Scn *scn = NULL;
    uint64_t value = 0;
    bool found = false;
    Elf *elf;
    int fd;

    elf_version(EV_CURRENT);
    fd = open(prog, O_RDONLY);
    ck_assert_int_ge(fd, 0);
    elf = elf_begin(fd, ELF_C_READ, NULL);
    ck_assert_ptr_nonnull(elf);
    while ((scn = elf_nextscn(elf, scn)) != NULL) {
        GElf_Shdr sh;
        gelf_getshdr(scn, &sh);
        if (sh.sh_type != SHT_SYMTAB)
            continue;
        Elf_Data *d = elf_getdata(scn, NULL);
        for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
            GElf_Sym s;
            gelf_getsym(d, (int)i, &s);
            const char *nm = elf_strptr(elf, sh.sh_link, s.st_name);
            if (nm && strcmp(nm, name) == 0) {
                value = s.st_value;
                found = true;
            }
        }
    }
    elf_end(elf);
    close(fd);
    ck_assert_msg(found, "symbol %s not found", name);
    return value;
}

/* Run-time address of function NAME (PIE: load base from AT_ENTRY). */
static uint64_t func(const char *name)
{
    uint64_t auxv[256], entry = 0;
    ssize_t n = target_xfer_read(t, "auxv", "", 0, auxv, sizeof(auxv));

    ck_assert_int_gt(n, 0);
    for (ssize_t i = 0; i + 1 < n / 8; i += 2)
        if (auxv[i] == AT_ENTRY)
            entry = auxv[i + 1];
    return symval(name) + entry - symval("_start");
}

/* The program's own link_map (main-lm of the libraries-svr4 document). */
static uint64_t main_lm(void)
{
    static char doc[65536];
    ssize_t n = target_xfer_read(t, "libraries-svr4", "", 0, doc, sizeof(doc) - 1);
    const char *p;

    ck_assert_int_gt(n, 0);
    doc[n] = '\0';
    p = strstr(doc, "main-lm=\"0x");
    ck_assert_ptr_nonnull(p);
    return strtoull(p + 11, NULL, 16);
}

/* Stopped at tls_check in the second thread: its tid. */
static int stop_in_thread(void)
{
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, func("tls_check"), 1), 0);
    struct stop_event ev = run();
    ck_assert_int_eq(ev.kind, STOP_SIGNAL);
    ck_assert_int_eq(ev.why, WHY_SW_BREAK);
    ck_assert_int_ne(ev.tid, t->pid);
    return ev.tid;
}

static int32_t read_i32(uint64_t addr)
{
    int32_t v = 0;
    ck_assert_int_eq(target_read_memory(t, addr, &v, sizeof(v)), (ssize_t)sizeof(v));
    return v;
}

START_TEST(test_each_thread_sees_its_own_tls_value)
{
    int tid = stop_in_thread();
    uint64_t lm = main_lm(), in_thread, in_main;

    ck_assert_int_eq(target_tls_address(t, tid, lm, symval("tls_value"), &in_thread), 0);
    ck_assert_int_eq(target_tls_address(t, t->pid, lm, symval("tls_value"), &in_main), 0);
    ck_assert(in_thread != in_main);
    ck_assert_int_eq(read_i32(in_thread), 22);
    ck_assert_int_eq(read_i32(in_main), 11);
}
END_TEST

START_TEST(test_second_tls_variable_is_at_its_offset)
{
    int tid = stop_in_thread();
    uint64_t lm = main_lm(), a_thread, a_main;
    char name[16];

    ck_assert_int_eq(target_tls_address(t, tid, lm, symval("tls_name"), &a_thread), 0);
    ck_assert_int_eq(target_read_memory(t, a_thread, name, sizeof(name)), (ssize_t)sizeof(name));
    ck_assert_str_eq(name, "worker");
    ck_assert_int_eq(target_tls_address(t, t->pid, lm, symval("tls_name"), &a_main), 0);
    ck_assert_int_eq(target_read_memory(t, a_main, name, sizeof(name)), (ssize_t)sizeof(name));
    ck_assert_str_eq(name, "main");
}
END_TEST

/* No module (what gdb sends for a static program) names the executable's own TLS, module 1:
 * the same address as through its link_map. An unknown thread is refused. */
START_TEST(test_no_module_is_the_executable_and_unknown_thread_is_refused)
{
    int tid = stop_in_thread();
    uint64_t by_lm = 0, by_exe = 0, addr = 0;

    ck_assert_int_eq(target_tls_address(t, tid, main_lm(), symval("tls_value"), &by_lm), 0);
    ck_assert_int_eq(target_tls_address(t, tid, 0, symval("tls_value"), &by_exe), 0);
    ck_assert_uint_eq(by_exe, by_lm);
    ck_assert_int_eq(target_tls_address(t, tid, 0, 1u << 20, &addr), -EINVAL);
    ck_assert_int_eq(target_tls_address(t, 0x7ffffff0, main_lm(), 0, &addr), -ESRCH);
    ck_assert_int_eq(addr, 0);
}
END_TEST

Suite *linux_tls_suite(void)
{
    Suite *s = suite_create("linux_tls");
    TCase *tc = tcase_create("tls");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_each_thread_sees_its_own_tls_value);
    tcase_add_test(tc, test_second_tls_variable_is_at_its_offset);
    tcase_add_test(tc, test_no_module_is_the_executable_and_unknown_thread_is_refused);
    suite_add_tcase(s, tc);
    return s;
}

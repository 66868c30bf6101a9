/* Stop replies for process events (fork, vfork, vforkdone, exec) and the qSupported answer to
 * a client announcing fork/vfork/exec events, over the fake target (which cannot trace
 * children: it has no set_fork_events op). Spec: GDB manual, "Stop Reply Packets". */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "protocol/features.h"
#include "protocol/signals.h"
#include "server/session.h"
#include "server/stop.h"
#include "tests/unit/fake_target.h"
#include "tests/unit/rig.h"
#include "tests/unit/suites_decl.h"

/* The stop reply for a SIGTRAP stop of the main thread with WHY and DATA. */
static const char *reply_of(struct rig *r, enum stop_why why, uint64_t data)
{
    static char out[512];
    char mem[1024];
    struct buf b;
    struct stop_event ev = {.kind = STOP_SIGNAL,
                            .why = why,
                            .pid = FAKE_PID,
                            .tid = FAKE_PID,
                            .gdb_signo = GDB_SIGNAL_TRAP,
                            .data_addr = data};

    buf_init(&b, mem, sizeof(mem));
    ck_assert_int_eq(stop_reply_format(&r->s, &ev, &b), 0);
    ck_assert(!b.overflow);
    snprintf(out, sizeof(out), "%.*s", (int)b.len, b.data);
    ck_assert_ptr_nonnull(strstr(out, "thread:"));
    return out;
}

START_TEST(test_fork_reply_names_the_child_as_a_process)
{
    struct rig *r = rig_new();
    rig_exchange(r, "qSupported:multiprocess+;fork-events+;vfork-events+");
    ck_assert_int_eq(strncmp(reply_of(r, WHY_FORK, 0x2a), "T05fork:p2a.2a;", 15), 0);
    ck_assert_ptr_nonnull(strstr(reply_of(r, WHY_VFORK, 0x2b), "T05vfork:p2b.2b;"));
    ck_assert_ptr_nonnull(strstr(reply_of(r, WHY_VFORK_DONE, 0), "T05vforkdone:;"));
    ck_assert_ptr_nonnull(strstr(reply_of(r, WHY_FORK, 0x2a), "thread:p100.100;"));
    rig_free(r);
}
END_TEST

START_TEST(test_exec_reply_carries_hex_path_only_when_asked)
{
    struct rig *r = rig_new();
    rig_exchange(r, "qSupported:multiprocess+;exec-events+");
    /* "/fake/prog", the fake target's exec-file, in hex */
    ck_assert_ptr_nonnull(strstr(reply_of(r, WHY_EXEC, 0), "T05exec:2f66616b652f70726f67;"));
    rig_exchange(r, "qSupported:multiprocess+");
    ck_assert_ptr_null(strstr(reply_of(r, WHY_EXEC, 0), "exec:"));
    rig_free(r);
}
END_TEST

START_TEST(test_qsupported_offers_exec_events_but_not_fork_without_target_support)
{
    struct rig *r = rig_new();
    const char *rep =
        rig_exchange(r, "qSupported:multiprocess+;fork-events+;vfork-events+;exec-events+");
    ck_assert_ptr_nonnull(strstr(rep, ";exec-events+"));
    ck_assert_ptr_null(strstr(rep, "fork-events+"));
    rep = rig_exchange(r, "qSupported:multiprocess+");
    ck_assert_ptr_null(strstr(rep, "exec-events+"));
    rig_free(r);
}
END_TEST

START_TEST(test_detach_or_kill_of_unknown_process_is_e03)
{
    struct rig *r = rig_new();
    rig_exchange(r, "qSupported:multiprocess+");
    ck_assert_str_eq(rig_exchange(r, "vKill;2a"), "E03");
    ck_assert_str_eq(rig_exchange(r, "D;2a"), "E03");
    ck_assert(!r->f->killed && !r->f->detached);
    rig_free(r);
}
END_TEST

Suite *stop_fork_suite(void)
{
    Suite *s = suite_create("stop_fork");
    TCase *tc = tcase_create("replies");

    tcase_add_test(tc, test_fork_reply_names_the_child_as_a_process);
    tcase_add_test(tc, test_exec_reply_carries_hex_path_only_when_asked);
    tcase_add_test(tc, test_qsupported_offers_exec_events_but_not_fork_without_target_support);
    tcase_add_test(tc, test_detach_or_kill_of_unknown_process_is_e03);
    suite_add_tcase(s, tc);
    return s;
}

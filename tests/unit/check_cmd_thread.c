/* Session tests over the fake target for thread and signal packets (server/cmd_thread.c and
 * the thread-related stop replies): QThreadEvents, QPassSignals, QProgramSignals,
 * qXfer:siginfo:read/write, vCont? and per-thread vCont actions, create/w/N stop replies. */
#include <check.h>
#include <string.h>

#include "server/session.h"
#include "tests/unit/fake_target.h"
#include "tests/unit/rig.h"
#include "tests/unit/suites_decl.h"

START_TEST(test_qsupported_advertises_thread_and_signal_packets)
{
    struct rig *r = rig_new();
    const char *p = rig_exchange(r, "qSupported:multiprocess+;no-resumed+");
    ck_assert_ptr_nonnull(strstr(p, ";QThreadEvents+"));
    ck_assert_ptr_nonnull(strstr(p, ";QPassSignals+"));
    ck_assert_ptr_nonnull(strstr(p, ";QProgramSignals+"));
    ck_assert_ptr_nonnull(strstr(p, ";qXfer:threads:read+"));
    ck_assert_ptr_nonnull(strstr(p, ";qXfer:siginfo:read+;qXfer:siginfo:write+"));
    rig_free(r);
}
END_TEST

START_TEST(test_qthreadevents_switches_target_events)
{
    struct rig *r = rig_new();
    ck_assert_str_eq(rig_exchange(r, "QThreadEvents:1"), "OK");
    ck_assert_str_eq(rig_exchange(r, "QThreadEvents:0"), "OK");
    ck_assert_str_eq(r->f->log, "thread_events(1);thread_events(0);");
    ck_assert_str_eq(rig_exchange(r, "QThreadEvents:2"), "E16");
    ck_assert_str_eq(rig_exchange(r, "QThreadEvents:"), "E16");
    rig_free(r);
}
END_TEST

START_TEST(test_qpasssignals_hands_gdb_numbers_to_target)
{
    struct rig *r = rig_new();
    /* gdb sends hex gdb signal numbers: 0e = SIGALRM, 1e = SIGUSR1, 1f = SIGUSR2. */
    ck_assert_str_eq(rig_exchange(r, "QPassSignals:0e;1e;1f"), "OK");
    ck_assert_str_eq(rig_exchange(r, "QPassSignals:"), "OK");
    ck_assert_str_eq(rig_exchange(r, "QProgramSignals:1;2;1e"), "OK");
    ck_assert_str_eq(r->f->log, "pass(e,1e,1f);pass();program(1,2,1e);");
    ck_assert_str_eq(rig_exchange(r, "QPassSignals:1e;;1f"), "E16");
    ck_assert_str_eq(rig_exchange(r, "QPassSignals:zz"), "E16");
    ck_assert_str_eq(rig_exchange(r, "QPassSignals:999"), "E16"); /* past GDB_SIGNAL_LAST */
    rig_free(r);
}
END_TEST

START_TEST(test_siginfo_reads_and_writes_the_hg_thread)
{
    struct rig *r = rig_new();
    for (int i = 0; i < 128; i++)
        r->f->siginfo[i] = (uint8_t)(i + 1);
    ck_assert_str_eq(rig_exchange(r, "Hg102"), "OK");
    const char *p = rig_exchange(r, "qXfer:siginfo:read::0,4");
    ck_assert_int_eq(r->reply_len, 5);
    ck_assert_int_eq(memcmp(p, "m\x01\x02\x03\x04", 5), 0);
    ck_assert_ptr_nonnull(strstr(r->f->log, "siginfo_read(102,0);"));
    p = rig_exchange(r, "qXfer:siginfo:read::7e,80"); /* the last two of 128 bytes */
    ck_assert_int_eq(r->reply_len, 3);
    ck_assert_int_eq(memcmp(p, "l\x7f\x80", 3), 0);
    ck_assert_str_eq(rig_exchange(r, "qXfer:siginfo:read::80,80"), "l");
    /* Writes carry escaped binary data and answer with the count written, in hex. */
    ck_assert_str_eq(rig_exchange(r, "qXfer:siginfo:write::10:AB"), "2");
    ck_assert_int_eq(r->f->siginfo[0x10], 'A');
    ck_assert_int_eq(r->f->siginfo[0x11], 'B');
    ck_assert_ptr_nonnull(strstr(r->f->log, "siginfo_write(102,10,2);"));
    ck_assert_str_eq(rig_exchange(r, "qXfer:siginfo:read:x:0,4"), "E16"); /* no annexes */
    rig_free(r);
}
END_TEST

START_TEST(test_vcont_query_offers_stop_action)
{
    struct rig *r = rig_new();
    ck_assert_str_eq(rig_exchange(r, "vCont?"), "vCont;c;C;s;S;t");
    /* All-stop: "t" alone has nothing to stop and answers at once. */
    ck_assert_str_eq(rig_exchange(r, "vCont;t"), "OK");
    ck_assert_str_eq(r->f->log, "");
    rig_free(r);
}
END_TEST

START_TEST(test_vcont_range_refused_when_target_cannot_range_step)
{
    struct rig *r = rig_new();
    /* The fake target has no can_range_step: r is neither offered nor accepted. */
    ck_assert_str_eq(rig_exchange(r, "vCont?"), "vCont;c;C;s;S;t");
    ck_assert_str_eq(rig_exchange(r, "vCont;r400000,400010:p100.101"), "E16");
    ck_assert_str_eq(r->f->log, "");
    rig_free(r);
}
END_TEST

static bool fake_can_range_step(struct target *t)
{
    (void)t;
    return true;
}

START_TEST(test_vcont_range_step_reaches_target_as_step_with_range)
{
    static struct target_ops range_ops;
    struct rig *r = rig_new();
    range_ops = *r->f->base.ops;
    range_ops.can_range_step = fake_can_range_step;
    r->f->base.ops = &range_ops;
    ck_assert_str_eq(rig_exchange(r, "vCont?"), "vCont;c;C;s;S;t;r");
    /* As gdb sends it: the range-stepped thread, the others continued. */
    rig_send(r, "vCont;r400000,400010:p100.101;c");
    ck_assert_str_eq(rig_output(r), "+");
    ck_assert_str_eq(
        r->f->log, "resume(tid=257,step=1,sig=0,range=400000-400010);resume(tid=-1,step=0,sig=0);");
    /* Its stop is a step's. */
    fake_target_push_event(
        r->f,
        (struct stop_event){
            .kind = STOP_SIGNAL, .why = WHY_STEP, .pid = FAKE_PID, .tid = 0x101, .gdb_signo = 5});
    session_target_ready(&r->s);
    const char *p = rig_payload_of(rig_output(r), r->reply, sizeof(r->reply));
    ck_assert_msg(strncmp(p, "T05", 3) == 0 && strstr(p, "thread:101;"), "got %s", p);
    /* start == end is one step: no range reaches the target. A backwards range is junk. */
    r->f->log[0] = '\0';
    rig_send(r, "vCont;r400000,400000:p100.101");
    rig_output(r);
    ck_assert_str_eq(r->f->log, "resume(tid=257,step=1,sig=0);");
    fake_target_push_event(
        r->f,
        (struct stop_event){
            .kind = STOP_SIGNAL, .why = WHY_STEP, .pid = FAKE_PID, .tid = 0x101, .gdb_signo = 5});
    session_target_ready(&r->s);
    rig_output(r);
    ck_assert_str_eq(rig_exchange(r, "vCont;r400010,400000:p100.101"), "E16");
    rig_free(r);
}
END_TEST

START_TEST(test_vcont_per_thread_actions_reach_target_in_order)
{
    struct rig *r = rig_new();
    /* scheduler-locking: the stepped thread alone */
    rig_send(r, "vCont;s:p100.102");
    ck_assert_str_eq(rig_output(r), "+");
    ck_assert_str_eq(r->f->log, "resume(tid=258,step=1,sig=0);");
    fake_target_push_event(
        r->f,
        (struct stop_event){
            .kind = STOP_SIGNAL, .why = WHY_STEP, .pid = FAKE_PID, .tid = 0x102, .gdb_signo = 5});
    session_target_ready(&r->s);
    rig_output(r);
    r->f->log[0] = '\0';
    /* a signal for one thread, the rest continue; "t" entries are dropped */
    rig_send(r, "vCont;C1e:p100.101;t:p100.102;c");
    rig_output(r);
    ck_assert_str_eq(r->f->log, "resume(tid=257,step=0,sig=30);resume(tid=-1,step=0,sig=0);");
    rig_free(r);
}
END_TEST

/* Resume, let the fake target report EV, return the stop reply's payload. */
static const char *stop_reply(struct rig *r, struct stop_event ev)
{
    rig_send(r, "c");
    rig_output(r);
    fake_target_push_event(r->f, ev);
    session_target_ready(&r->s);
    return rig_payload_of(rig_output(r), r->reply, sizeof(r->reply));
}

START_TEST(test_thread_create_and_exit_stop_replies)
{
    struct rig *r = rig_new();
    rig_exchange(r, "qSupported:multiprocess+;no-resumed+");
    const char *p = stop_reply(
        r,
        (struct stop_event){
            .kind = STOP_SIGNAL, .why = WHY_CLONE, .pid = FAKE_PID, .tid = 0x102, .gdb_signo = 5});
    ck_assert_msg(strncmp(p, "T05create:;", 11) == 0, "got %s", p);
    ck_assert_ptr_nonnull(strstr(p, "thread:p100.102;"));
    p = stop_reply(r, (struct stop_event){
                          .kind = STOP_THREAD_EXITED, .pid = FAKE_PID, .tid = 0x102, .status = 3});
    ck_assert_str_eq(p, "w3;p100.102");
    p = stop_reply(r, (struct stop_event){.kind = STOP_NO_RESUMED, .pid = FAKE_PID});
    ck_assert_str_eq(p, "N");
    rig_free(r);
}
END_TEST

START_TEST(test_no_resumed_without_client_support_is_gdbserver_error)
{
    struct rig *r = rig_new();
    rig_exchange(r, "qSupported:multiprocess+");
    const char *p = stop_reply(r, (struct stop_event){.kind = STOP_NO_RESUMED, .pid = FAKE_PID});
    ck_assert_str_eq(p, "E.No unwaited-for children left.");
    rig_free(r);
}
END_TEST

START_TEST(test_qcatchsyscalls_hands_numbers_to_target_and_is_advertised)
{
    struct rig *r = rig_new();
    ck_assert_ptr_nonnull(strstr(rig_exchange(r, "qSupported:multiprocess+"), ";QCatchSyscalls+"));
    ck_assert_str_eq(rig_exchange(r, "QCatchSyscalls:1;1;6e"), "OK");
    ck_assert_str_eq(rig_exchange(r, "QCatchSyscalls:1"), "OK");
    ck_assert_str_eq(rig_exchange(r, "QCatchSyscalls:0"), "OK");
    ck_assert_str_eq(r->f->log, "catch(1:1,6e);catch(1:);catch(0:);");
    ck_assert_str_eq(rig_exchange(r, "QCatchSyscalls:2"), "E16");
    ck_assert_str_eq(rig_exchange(r, "QCatchSyscalls:1;"), "E16");
    ck_assert_str_eq(rig_exchange(r, "QCatchSyscalls:1;1;;2"), "E16");
    ck_assert_str_eq(rig_exchange(r, "QCatchSyscalls:1;zz"), "E16");
    ck_assert_str_eq(rig_exchange(r, "QCatchSyscalls:0;1"), "E16");
    ck_assert_str_eq(rig_exchange(r, "QCatchSyscalls:1;100000000"), "E16");
    ck_assert_str_eq(rig_exchange(r, "QCatchSyscalls:"), "E16");
    ck_assert_str_eq(r->f->log, "catch(1:1,6e);catch(1:);catch(0:);");
    rig_free(r);
}
END_TEST

START_TEST(test_syscall_stop_replies_name_entry_and_return_with_number)
{
    struct rig *r = rig_new();
    rig_exchange(r, "qSupported:multiprocess+");
    const char *p = stop_reply(r, (struct stop_event){.kind = STOP_SIGNAL,
                                                      .why = WHY_SYSCALL_ENTRY,
                                                      .pid = FAKE_PID,
                                                      .tid = 0x101,
                                                      .gdb_signo = 5,
                                                      .data_addr = 0xe7});
    ck_assert_msg(strncmp(p, "T05syscall_entry:e7;", 20) == 0, "got %s", p);
    ck_assert_ptr_nonnull(strstr(p, "thread:p100.101;"));
    p = stop_reply(r, (struct stop_event){.kind = STOP_SIGNAL,
                                          .why = WHY_SYSCALL_RETURN,
                                          .pid = FAKE_PID,
                                          .tid = 0x101,
                                          .gdb_signo = 5,
                                          .data_addr = 1});
    ck_assert_msg(strncmp(p, "T05syscall_return:1;", 20) == 0, "got %s", p);
    rig_free(r);
}
END_TEST

START_TEST(test_qgettlsaddr_answers_the_named_threads_address_in_hex)
{
    struct rig *r = rig_new();
    rig_exchange(r, "qSupported:multiprocess+");
    ck_assert_str_eq(rig_exchange(r, "qGetTLSAddr:p100.102,10,7ffff7ffe2e0"), "7002010");
    ck_assert_str_eq(rig_exchange(r, "qGetTLSAddr:101,8,1"), "7001008");
    ck_assert_str_eq(r->f->log, "tls(102,7ffff7ffe2e0,10);tls(101,1,8);");
    /* The target's refusal, a dead thread, and malformed arguments are errors. */
    ck_assert_str_eq(rig_exchange(r, "qGetTLSAddr:p100.101,0,0"), "E3d");
    ck_assert_str_eq(rig_exchange(r, "qGetTLSAddr:p100.999,0,1"), "E03");
    ck_assert_str_eq(rig_exchange(r, "qGetTLSAddr:p100.101,0"), "E16");
    ck_assert_str_eq(rig_exchange(r, "qGetTLSAddr:p100.101,zz,1"), "E16");
    ck_assert_str_eq(rig_exchange(r, "qGetTLSAddr:-1,0,1"), "E03");
    rig_free(r);
}
END_TEST

Suite *cmd_thread_suite(void)
{
    Suite *s = suite_create("cmd_thread");
    TCase *tc = tcase_create("packets");

    tcase_add_test(tc, test_qsupported_advertises_thread_and_signal_packets);
    tcase_add_test(tc, test_qthreadevents_switches_target_events);
    tcase_add_test(tc, test_qpasssignals_hands_gdb_numbers_to_target);
    tcase_add_test(tc, test_siginfo_reads_and_writes_the_hg_thread);
    tcase_add_test(tc, test_vcont_query_offers_stop_action);
    tcase_add_test(tc, test_vcont_per_thread_actions_reach_target_in_order);
    tcase_add_test(tc, test_vcont_range_refused_when_target_cannot_range_step);
    tcase_add_test(tc, test_vcont_range_step_reaches_target_as_step_with_range);
    tcase_add_test(tc, test_thread_create_and_exit_stop_replies);
    tcase_add_test(tc, test_no_resumed_without_client_support_is_gdbserver_error);
    tcase_add_test(tc, test_qcatchsyscalls_hands_numbers_to_target_and_is_advertised);
    tcase_add_test(tc, test_syscall_stop_replies_name_entry_and_return_with_number);
    tcase_add_test(tc, test_qgettlsaddr_answers_the_named_threads_address_in_hex);
    suite_add_tcase(s, tc);
    return s;
}

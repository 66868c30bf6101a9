/* Whole-session tests over the fake target: bytes in, bytes out (acks, retransmission, no-ack
 * mode, errors), and each packet family's replies. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "protocol/frame.h"
#include "server/opts.h"
#include "server/session.h"
#include "tests/unit/fake_target.h"
#include "tests/unit/rig.h"
#include "tests/unit/suites_decl.h"

static char reply_buf[SESSION_PACKET_SIZE * 2];

START_TEST(test_packet_is_acked_and_answered)
{
    struct rig *r = rig_new();
    rig_send(r, "qSymbol::");
    ck_assert_str_eq(rig_output(r), "+$OK#9a");
    rig_free(r);
}
END_TEST

START_TEST(test_bad_checksum_gets_nack)
{
    struct rig *r = rig_new();
    rig_send_raw(r, "$qSymbol::#00");
    ck_assert_str_eq(rig_output(r), "-");
    rig_free(r);
}
END_TEST

START_TEST(test_nack_retransmits_last_frame)
{
    struct rig *r = rig_new();
    rig_send(r, "qSymbol::");
    rig_output(r);
    rig_send_raw(r, "-");
    ck_assert_str_eq(rig_output(r), "$OK#9a");
    rig_free(r);
}
END_TEST

START_TEST(test_noack_mode_stops_acks)
{
    struct rig *r = rig_new();
    rig_send(r, "QStartNoAckMode");
    ck_assert_str_eq(rig_output(r), "+$OK#9a");
    rig_send(r, "qSymbol::");
    ck_assert_str_eq(rig_output(r), "$OK#9a");
    rig_send_raw(r, "$qSymbol::#00");
    ck_assert_str_eq(rig_output(r), ""); /* no '-' either */
    rig_free(r);
}
END_TEST

static const char *unsupported[] = {"vMustReplyEmpty", "qTStatus",    "qFoo", "QNonStop",
                                    "qCRC:400000,10",  "Z9,400000,1", "vCont"};

START_TEST(test_unknown_packet_gets_empty_reply)
{
    struct rig *r = rig_new();
    rig_send(r, unsupported[_i]);
    ck_assert_str_eq(rig_output(r), "+$#00");
    rig_free(r);
}
END_TEST

START_TEST(test_qsupported_advertises_capabilities)
{
    struct rig *r = rig_new();
    const char *p = rig_exchange(r, "qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=i386");
    ck_assert_ptr_nonnull(strstr(p, "PacketSize=8000"));
    ck_assert_ptr_nonnull(strstr(p, "QStartNoAckMode+"));
    ck_assert_ptr_nonnull(strstr(p, "qXfer:features:read+"));
    ck_assert_ptr_nonnull(strstr(p, "qXfer:auxv:read+"));
    ck_assert_ptr_nonnull(strstr(p, "qXfer:exec-file:read+"));
    ck_assert_ptr_nonnull(strstr(p, "swbreak+"));
    ck_assert_ptr_nonnull(strstr(p, "hwbreak+"));
    ck_assert_ptr_nonnull(strstr(p, "vContSupported+"));
    ck_assert(r->s.multiprocess);
    rig_free(r);
}
END_TEST

START_TEST(test_status_and_thread_queries)
{
    struct rig *r = rig_new();
    ck_assert_str_eq(rig_exchange(r, "qfThreadInfo"), "m100,101,102");
    ck_assert_str_eq(rig_exchange(r, "qsThreadInfo"), "l");
    rig_exchange(r, "qSupported:multiprocess+");
    ck_assert_str_eq(rig_exchange(r, "qfThreadInfo"), "mp100.100,p100.101,p100.102");
    ck_assert_str_eq(rig_exchange(r, "qC"), "QCp100.100");
    ck_assert_str_eq(rig_exchange(r, "qAttached"), "0");
    ck_assert_str_eq(rig_exchange(r, "Hgp100.101"), "OK");
    ck_assert_str_eq(rig_exchange(r, "qC"), "QCp100.101");
    ck_assert_str_eq(rig_exchange(r, "Hgp100.999"), "E03");
    ck_assert_str_eq(rig_exchange(r, "Tp100.102"), "OK");
    ck_assert_str_eq(rig_exchange(r, "Tp100.103"), "E03");
    ck_assert_str_eq(rig_exchange(r, "Hx0"), "E16");
    const char *st = rig_exchange(r, "?");
    ck_assert_msg(strncmp(st, "T05", 3) == 0, "got %s", st);
    ck_assert_ptr_nonnull(strstr(st, "thread:p100.100;"));
    ck_assert_ptr_nonnull(strstr(st, "10:")); /* expedited rip */
    rig_free(r);
}
END_TEST

START_TEST(test_memory_read_write)
{
    struct rig *r = rig_new();
    ck_assert_str_eq(rig_exchange(r, "m400010,4"), "10111213");
    ck_assert_str_eq(rig_exchange(r, "M400010,2:abcd"), "OK");
    ck_assert_str_eq(rig_exchange(r, "m400010,3"), "abcd12");
    /* binary write with escapes: bytes 0x23 ('#') and 0x7d ('}') */
    ck_assert_str_eq(rig_exchange(r, "X400020,3:}\x03}]a"), "OK");
    ck_assert_str_eq(rig_exchange(r, "m400020,3"), "237d61");
    ck_assert_str_eq(rig_exchange(r, "X400020,0:"), "OK");
    /* partial read at the end of the mapping returns what exists */
    ck_assert_str_eq(rig_exchange(r, "m40fffe,8"), "feff");
    ck_assert_str_eq(rig_exchange(r, "m10,4"), "E05");
    ck_assert_str_eq(rig_exchange(r, "mffffffffffffffff,10"), "E05");
    ck_assert_str_eq(rig_exchange(r, "m400000"), "E16");
    ck_assert_str_eq(rig_exchange(r, "mzz,1"), "E16");
    ck_assert_str_eq(rig_exchange(r, "M400010,2:abc"), "E16"); /* length mismatch */
    ck_assert_str_eq(rig_exchange(r, "X400020,2:a"), "E16");
    rig_free(r);
}
END_TEST

START_TEST(test_huge_read_is_clamped_to_packet)
{
    struct rig *r = rig_new();
    const char *p = rig_exchange(r, "m400000,ffffffff");
    ck_assert_uint_le(strlen(p), SESSION_PACKET_SIZE);
    ck_assert_uint_eq(strlen(p) % 2, 0);
    ck_assert_int_eq(strncmp(p, "00010203", 8), 0);
    rig_free(r);
}
END_TEST

START_TEST(test_registers)
{
    struct rig *r = rig_new();
    size_t wire = arch_wire_size(r->f->base.arch, r->f->base.features);
    ck_assert_uint_eq(strlen(rig_exchange(r, "g")), wire * 2);
    ck_assert_str_eq(rig_exchange(r, "P10=1122334455667788"), "OK");
    ck_assert_str_eq(rig_exchange(r, "p10"), "1122334455667788");
    ck_assert_str_eq(rig_exchange(r, "pffff"), "E16");
    ck_assert_str_eq(rig_exchange(r, "P10=11"), "E16");
    int rip = arch_reg_by_name(r->f->base.arch, "rip");
    ck_assert_int_eq(r->f->regs[0][r->f->base.arch->regs[rip].offset], 0x11);
    rig_free(r);
}
END_TEST

/* A thread killed while stopped (its process exiting) has its registers unavailable, as
 * gdbserver says: 'x' digits, not an error that aborts gdb's breakpoint commands. */
START_TEST(test_registers_of_a_thread_killed_while_stopped_are_unavailable)
{
    struct rig *r = rig_new();
    size_t wire = arch_wire_size(r->f->base.arch, r->f->base.features);
    rig_exchange(r, "qSupported:multiprocess+");
    r->f->dead_tid = FAKE_PID + 1;
    ck_assert_str_eq(rig_exchange(r, "Hgp100.101"), "OK");
    const char *g = rig_exchange(r, "g");
    ck_assert_uint_eq(strlen(g), wire * 2);
    ck_assert_uint_eq(strspn(g, "x"), wire * 2);
    ck_assert_str_eq(rig_exchange(r, "p10"), "xxxxxxxxxxxxxxxx");
    ck_assert_str_eq(rig_exchange(r, "Hgp100.100"), "OK");
    ck_assert_str_ne(rig_exchange(r, "p10"), "xxxxxxxxxxxxxxxx"); /* the others read as ever */
    rig_free(r);
}
END_TEST

START_TEST(test_breakpoints)
{
    struct rig *r = rig_new();
    ck_assert_str_eq(rig_exchange(r, "Z0,400010,1"), "OK");
    ck_assert_str_eq(rig_exchange(r, "z0,400010,1"), "OK");
    ck_assert_str_eq(rig_exchange(r, "Z2,400100,8"), "OK");
    ck_assert_str_eq(rig_exchange(r, "Z2,400100,0"), "E16");
    ck_assert_str_eq(rig_exchange(r, "Z2,400100"), "E16");
    ck_assert_ptr_nonnull(
        strstr(r->f->log, "insert(0,400010,1);remove(0,400010,1);insert(2,400100,8);"));
    rig_free(r);
}
END_TEST

START_TEST(test_non_stop_notifies_stops_and_drains_them_with_vstopped)
{
    struct rig *r = rig_new();
    ck_assert_ptr_nonnull(
        strstr(rig_exchange(r, "qSupported:multiprocess+;swbreak+"), ";QNonStop+"));
    ck_assert_str_eq(rig_exchange(r, "QNonStop:1"), "OK");
    ck_assert_ptr_nonnull(strstr(r->f->log, "non_stop(1);"));
    /* a resume answers OK at once, and packets are served while threads run */
    ck_assert_str_eq(rig_exchange(r, "vCont;c"), "OK");
    ck_assert_str_eq(rig_exchange(r, "m400000,2"), "0001");
    /* two stops: one %Stop notification; the second waits for vStopped */
    fake_target_push_event(r->f, (struct stop_event){.kind = STOP_SIGNAL,
                                                     .why = WHY_SW_BREAK,
                                                     .pid = FAKE_PID,
                                                     .tid = 0x101,
                                                     .gdb_signo = 5});
    fake_target_push_event(
        r->f,
        (struct stop_event){.kind = STOP_SIGNAL, .pid = FAKE_PID, .tid = 0x102, .gdb_signo = 0});
    session_target_ready(&r->s);
    const char *out = rig_output(r);
    ck_assert_msg(strncmp(out, "%Stop:T05swbreak:;", 18) == 0, "got %s", out);
    ck_assert_ptr_nonnull(strstr(out, "thread:p100.101;#"));
    ck_assert_ptr_null(strstr(out + 1, "%"));
    ck_assert_ptr_null(strchr(out, '$'));
    const char *p = rig_exchange(r, "vStopped");
    ck_assert_msg(strncmp(p, "T00", 3) == 0 && strstr(p, "thread:p100.102;"), "got %s", p);
    ck_assert_str_eq(rig_exchange(r, "vStopped"), "OK");
    ck_assert_str_eq(rig_exchange(r, "vStopped"), "OK");
    /* vCont;t stops one thread; its stop comes later */
    ck_assert_str_eq(rig_exchange(r, "vCont;t:p100.100"), "OK");
    ck_assert_ptr_nonnull(strstr(r->f->log, "stop(pid=256,tid=256);"));
    /* '?': every stopped thread, the first as the reply, the others through vStopped */
    r->f->resumed[0] = true;
    p = rig_exchange(r, "?");
    ck_assert_msg(strncmp(p, "T00", 3) == 0 && strstr(p, "thread:p100.101;"), "got %s", p);
    p = rig_exchange(r, "vStopped");
    ck_assert_msg(strncmp(p, "T00", 3) == 0 && strstr(p, "thread:p100.102;"), "got %s", p);
    ck_assert_str_eq(rig_exchange(r, "vStopped"), "OK");
    r->f->resumed[1] = r->f->resumed[2] = true;
    ck_assert_str_eq(rig_exchange(r, "?"), "OK");
    /* an exit is notified too */
    fake_target_push_event(r->f,
                           (struct stop_event){.kind = STOP_EXITED, .pid = FAKE_PID, .status = 3});
    session_target_ready(&r->s);
    out = rig_output(r);
    ck_assert_msg(strncmp(out, "%Stop:W03;process:100#", 22) == 0, "got %s", out);
    rig_free(r);
}
END_TEST

/* A resume sent before the client pulled a queued stop leaves that thread stopped, and the
 * child of a queued fork event too: gdbserver ignores resumes for them until vStopped. */
START_TEST(test_non_stop_resume_keeps_threads_with_queued_stops)
{
    struct rig *r = rig_new();
    ck_assert_str_eq(rig_exchange(r, "QNonStop:1"), "OK");
    ck_assert_str_eq(rig_exchange(r, "vCont;c"), "OK");
    fake_target_push_event(
        r->f,
        (struct stop_event){
            .kind = STOP_SIGNAL, .why = WHY_STEP, .pid = FAKE_PID, .tid = 0x102, .gdb_signo = 5});
    fake_target_push_event(r->f, (struct stop_event){.kind = STOP_SIGNAL,
                                                     .why = WHY_FORK,
                                                     .pid = FAKE_PID,
                                                     .tid = 0x101,
                                                     .gdb_signo = 5,
                                                     .data_addr = 0x200});
    session_target_ready(&r->s);
    rig_output(r);
    r->f->log[0] = '\0';
    ck_assert_str_eq(rig_exchange(r, "vCont;C14:p100.100;c"), "OK");
    ck_assert_msg(strstr(r->f->log, "keep(tid=258);keep(tid=257);keep(tid=512);"
                                    "resume(tid=256,step=0,sig=20);resume(tid=-1,step=0,sig=0);"),
                  "log %s", r->f->log);
    /* pulled: the next resume reaches them */
    ck_assert_msg(strstr(rig_exchange(r, "vStopped"), "fork:"), "second stop");
    ck_assert_str_eq(rig_exchange(r, "vStopped"), "OK");
    r->f->log[0] = '\0';
    ck_assert_str_eq(rig_exchange(r, "vCont;c"), "OK");
    ck_assert_ptr_null(strstr(r->f->log, "keep("));
    rig_free(r);
}
END_TEST

START_TEST(test_non_stop_off_restores_all_stop)
{
    struct rig *r = rig_new();
    ck_assert_str_eq(rig_exchange(r, "QNonStop:1"), "OK");
    ck_assert_str_eq(rig_exchange(r, "QNonStop:0"), "OK");
    ck_assert_ptr_nonnull(strstr(r->f->log, "non_stop(1);non_stop(0);"));
    ck_assert_str_eq(rig_exchange(r, "vStopped"), ""); /* not an all-stop packet */
    rig_send(r, "vCont;c");
    ck_assert_str_eq(rig_output(r), "+");                   /* all-stop: the stop reply is owed */
    ck_assert_str_eq(rig_exchange(r, "QNonStop:2"), "E10"); /* busy */
    rig_free(r);
}
END_TEST

START_TEST(test_resume_then_stop_reply)
{
    struct rig *r = rig_new();
    rig_exchange(r, "qSupported:multiprocess+;swbreak+");
    rig_send(r, "vCont;s:p100.101;c");
    ck_assert_str_eq(rig_output(r), "+"); /* no reply until the target stops */
    ck_assert_ptr_nonnull(
        strstr(r->f->log, "resume(tid=257,step=1,sig=0);resume(tid=-1,step=0,sig=0);"));
    /* while running: \x03 interrupts, a packet is refused */
    rig_send_raw(r, "\x03");
    ck_assert_ptr_nonnull(strstr(r->f->log, "interrupt;"));
    ck_assert_str_eq(rig_exchange(r, "g"), "E10");
    fake_target_push_event(r->f, (struct stop_event){.kind = STOP_SIGNAL,
                                                     .why = WHY_SW_BREAK,
                                                     .pid = FAKE_PID,
                                                     .tid = 0x101,
                                                     .gdb_signo = 5});
    session_target_ready(&r->s);
    const char *p = rig_payload_of(rig_output(r), reply_buf, sizeof(reply_buf));
    ck_assert_msg(strncmp(p, "T05swbreak:;", 12) == 0, "got %s", p);
    ck_assert_ptr_nonnull(strstr(p, "thread:p100.101;"));
    /* after the stop, '?' repeats it */
    ck_assert_int_eq(strncmp(rig_exchange(r, "?"), "T05", 3), 0);
    rig_send(r, "c");
    rig_output(r);
    fake_target_push_event(r->f,
                           (struct stop_event){.kind = STOP_EXITED, .pid = FAKE_PID, .status = 7});
    session_target_ready(&r->s);
    ck_assert_str_eq(rig_payload_of(rig_output(r), reply_buf, sizeof(reply_buf)),
                     "W07;process:100");
    ck_assert_str_eq(rig_exchange(r, "g"), "E03"); /* no process any more */
    rig_free(r);
}
END_TEST

START_TEST(test_signal_and_watch_stop_replies)
{
    struct rig *r = rig_new();
    rig_send(r, "vCont;C0b:101");
    rig_output(r);
    ck_assert_ptr_nonnull(strstr(r->f->log, "resume(tid=257,step=0,sig=11);"));
    fake_target_push_event(r->f, (struct stop_event){.kind = STOP_SIGNAL,
                                                     .why = WHY_WATCH,
                                                     .pid = FAKE_PID,
                                                     .tid = 0x100,
                                                     .gdb_signo = 5,
                                                     .data_addr = 0x401234});
    session_target_ready(&r->s);
    const char *p = rig_payload_of(rig_output(r), reply_buf, sizeof(reply_buf));
    ck_assert_msg(strncmp(p, "T05watch:401234;", 16) == 0, "got %s", p);
    ck_assert_ptr_nonnull(strstr(p, "thread:100;"));
    rig_free(r);
}
END_TEST

START_TEST(test_xfer_objects)
{
    struct rig *r = rig_new();
    const char *p = rig_exchange(r, "qXfer:features:read:target.xml:0,ffff");
    ck_assert_msg(p[0] == 'l' && strstr(p, "<target") != NULL, "got %.60s", p);
    p = rig_exchange(r, "qXfer:features:read:target.xml:0,10");
    ck_assert_int_eq(p[0], 'm');
    ck_assert_uint_eq(strlen(p), 0x11);
    ck_assert_str_eq(rig_exchange(r, "qXfer:exec-file:read::0,100"), "l/fake/prog");
    ck_assert_str_eq(rig_exchange(r, "qXfer:exec-file:read::0,4"), "m/fak");
    ck_assert_str_eq(rig_exchange(r, "qXfer:features:read:nope.xml:0,10"), "E02");
    ck_assert_str_eq(rig_exchange(r, "qXfer:bogus:read::0,10"), "");
    ck_assert_str_eq(rig_exchange(r, "qXfer:features:read:target.xml"), "E16");
    rig_free(r);
}
END_TEST

START_TEST(test_detach_and_kill)
{
    struct rig *r = rig_new();
    ck_assert_str_eq(rig_exchange(r, "D;200"), "E03");
    ck_assert_str_eq(rig_exchange(r, "D"), "OK");
    ck_assert(r->f->detached);
    ck_assert_int_eq(r->s.end, END_EXIT);
    rig_free(r);

    r = rig_new();
    rig_send(r, "k");
    ck_assert_str_eq(rig_output(r), "+");
    ck_assert(r->f->killed);
    rig_free(r);

    r = rig_new();
    ck_assert_str_eq(rig_exchange(r, "vKill;100"), "OK");
    ck_assert(r->f->killed);
    ck_assert_str_eq(rig_exchange(r, "?"), "W00");
    rig_free(r);
}
END_TEST

START_TEST(test_oversize_packet_is_refused_and_session_continues)
{
    struct rig *r = rig_new();
    size_t n = SESSION_PACKET_SIZE + 100;
    char *big = malloc(n + 8);
    big[0] = '$';
    memset(big + 1, 'a', n);
    memcpy(big + 1 + n, "#00", 4);
    session_input(&r->s, big, n + 4);
    free(big);
    const char *out = rig_output(r);
    ck_assert_int_eq(out[0], '+');
    ck_assert_ptr_nonnull(strstr(out, "$E5a#"));
    rig_send(r, "qSymbol::");
    ck_assert_str_eq(rig_output(r), "+$OK#9a");
    rig_free(r);
}
END_TEST

START_TEST(test_disable_packet_maintenance_switches)
{
    struct rspd_opts o = {.disabled = DISABLE_THREADS | DISABLE_T};
    struct rig *r = rig_new_opts(&o);
    ck_assert_str_eq(rig_exchange(r, "qC"), "");
    ck_assert_str_eq(rig_exchange(r, "qfThreadInfo"), "");
    ck_assert_str_eq(rig_exchange(r, "vCont?"), "");
    ck_assert_str_eq(rig_exchange(r, "?"), "S05");
    rig_free(r);

    struct rspd_opts o2 = {.disabled = DISABLE_TTHREAD};
    r = rig_new_opts(&o2);
    const char *st = rig_exchange(r, "?");
    ck_assert_msg(strncmp(st, "T05", 3) == 0 && strstr(st, "thread:") == NULL, "got %s", st);
    ck_assert_str_ne(rig_exchange(r, "qC"), "");
    rig_free(r);
}
END_TEST

START_TEST(test_client_without_xml_gets_legacy_register_layout)
{
    struct rig *r = rig_new();
    const struct arch_desc *a = r->f->base.arch;
    r->f->base.features = ~0ull; /* every register set the arch has */
    rig_exchange(r, "qSupported:multiprocess+");
    size_t legacy = arch_wire_size(a, a->legacy_features);
    ck_assert_uint_lt(legacy, arch_wire_size(a, ~0ull));
    ck_assert_uint_eq(strlen(rig_exchange(r, "g")), 2 * legacy);
    rig_exchange(r, "qSupported:multiprocess+;xmlRegisters=i386");
    ck_assert_uint_eq(strlen(rig_exchange(r, "g")), 2 * arch_wire_size(a, ~0ull));
    rig_free(r);
}
END_TEST

START_TEST(test_vattach_refusal_explains_itself)
{
    struct rig *r = rig_new();
    rig_exchange(r, "vKill;100"); /* no process, extended mode */
    rig_exchange(r, "!");
    ck_assert_str_eq(rig_exchange(r, "vAttach;7b"), "E01"); /* EPERM, no error strings */
    rig_exchange(r, "qSupported:multiprocess+;error-message+");
    ck_assert_str_eq(rig_exchange(r, "vAttach;7b"),
                     "E.cannot attach to process 123: process 123 is already traced by process 42 "
                     "(TracerPid)");
    ck_assert_ptr_nonnull(strstr(r->f->log, "attach(123);"));
    rig_free(r);
}
END_TEST

/* The attach's stop reply carries the signal that stopped the program before the attach's
 * own stop did, as gdbserver's does; '?' repeats it (gdb.threads/attach-into-signal.exp). */
START_TEST(test_vattach_reports_a_signal_that_came_first)
{
    struct rig *r = rig_new();
    char attach[32];
    rig_exchange(r, "vKill;100");
    rig_exchange(r, "!");
    snprintf(attach, sizeof(attach), "vAttach;%x", FAKE_PID);
    r->f->attach_signo = 14; /* SIGALRM */
    ck_assert_int_eq(strncmp(rig_exchange(r, attach), "T0e", 3), 0);
    ck_assert_int_eq(strncmp(rig_exchange(r, "?"), "T0e", 3), 0);
    rig_exchange(r, "D");
    r->f->attach_signo = 0;
    ck_assert_int_eq(strncmp(rig_exchange(r, attach), "T00", 3), 0);
    rig_free(r);
}
END_TEST

Suite *session_suite(void)
{
    Suite *s = suite_create("session");
    TCase *tc = tcase_create("packets");
    tcase_add_test(tc, test_packet_is_acked_and_answered);
    tcase_add_test(tc, test_bad_checksum_gets_nack);
    tcase_add_test(tc, test_nack_retransmits_last_frame);
    tcase_add_test(tc, test_noack_mode_stops_acks);
    tcase_add_loop_test(tc, test_unknown_packet_gets_empty_reply, 0,
                        sizeof(unsupported) / sizeof(unsupported[0]));
    tcase_add_test(tc, test_qsupported_advertises_capabilities);
    tcase_add_test(tc, test_status_and_thread_queries);
    tcase_add_test(tc, test_memory_read_write);
    tcase_add_test(tc, test_huge_read_is_clamped_to_packet);
    tcase_add_test(tc, test_registers);
    tcase_add_test(tc, test_registers_of_a_thread_killed_while_stopped_are_unavailable);
    tcase_add_test(tc, test_breakpoints);
    tcase_add_test(tc, test_resume_then_stop_reply);
    tcase_add_test(tc, test_non_stop_notifies_stops_and_drains_them_with_vstopped);
    tcase_add_test(tc, test_non_stop_resume_keeps_threads_with_queued_stops);
    tcase_add_test(tc, test_non_stop_off_restores_all_stop);
    tcase_add_test(tc, test_signal_and_watch_stop_replies);
    tcase_add_test(tc, test_xfer_objects);
    tcase_add_test(tc, test_detach_and_kill);
    tcase_add_test(tc, test_oversize_packet_is_refused_and_session_continues);
    tcase_add_test(tc, test_disable_packet_maintenance_switches);
    tcase_add_test(tc, test_client_without_xml_gets_legacy_register_layout);
    tcase_add_test(tc, test_vattach_refusal_explains_itself);
    tcase_add_test(tc, test_vattach_reports_a_signal_that_came_first);
    suite_add_tcase(s, tc);
    return s;
}

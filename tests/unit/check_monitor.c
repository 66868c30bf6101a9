/* Monitor commands through whole sessions (server/cmd_monitor.c): console output as hex 'O'
 * packets before the final reply, help, the debug switches on the session's log, per-row
 * packet statistics, exit, and gdbserver's handling of unknown commands. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "protocol/hex.h"
#include "server/dispatch.h"
#include "tests/unit/rig.h"
#include "tests/unit/suites_decl.h"

static char console[65536];

/* Run "monitor CMD": returns the final reply (r->reply); CONSOLE gets the decoded 'O' output.
 * Fails unless every frame before the last is an 'O' packet. */
static const char *monitor(struct rig *r, const char *cmd)
{
    char pkt[1024], frame[4096];
    int n = snprintf(pkt, sizeof(pkt), "qRcmd,");
    hex_encode((const uint8_t *)cmd, strlen(cmd), pkt + n);
    pkt[n + 2 * strlen(cmd)] = '\0';
    rig_send(r, pkt);
    rig_output(r);
    size_t pos = 0, clen = 0;
    ssize_t len;
    console[0] = '\0';
    r->reply[0] = '\0';
    while ((len = rig_frame(r->out, r->out_len, &pos, frame, sizeof(frame))) >= 0) {
        if (pos == r->out_len) { /* the last frame: the reply */
            memcpy(r->reply, frame, (size_t)len + 1);
            r->reply_len = (size_t)len;
            break;
        }
        ck_assert_msg(frame[0] == 'O' && len % 2 == 1, "not an O packet: %s", frame);
        ssize_t got = hex_decode(frame + 1, (size_t)len - 1, (uint8_t *)console + clen,
                                 sizeof(console) - 1 - clen);
        ck_assert_int_ge(got, 0);
        clen += (size_t)got;
        console[clen] = '\0';
    }
    return r->reply;
}

START_TEST(test_help_lists_every_command_on_the_console)
{
    struct rig *r = rig_new();
    ck_assert_str_eq(monitor(r, "help"), "OK");
    ck_assert_ptr_nonnull(strstr(console, "The following monitor commands are supported:\n"));
    ck_assert_ptr_nonnull(strstr(console, "\n  help\n"));
    ck_assert_ptr_nonnull(strstr(console, "\n  set debug on|off\n"));
    ck_assert_ptr_nonnull(strstr(console, "\n  set remote-debug on|off\n"));
    ck_assert_ptr_nonnull(strstr(console, "\n  stats\n"));
    ck_assert_ptr_nonnull(strstr(console, "\n  exit\n"));
    /* blanks around and between words do not matter */
    ck_assert_str_eq(monitor(r, "  help "), "OK");
    ck_assert_ptr_nonnull(strstr(console, "  exit\n"));
    rig_free(r);
}
END_TEST

START_TEST(test_debug_switches_change_the_session_log)
{
    struct rig *r = rig_new();
    ck_assert_str_eq(monitor(r, "set debug on"), "OK");
    ck_assert_str_eq(console, "Debug output enabled.\n");
    ck_assert(r->log.debug);
    ck_assert(r->log.remote_debug);
    ck_assert_str_eq(monitor(r, "set  debug   0"), "OK");
    ck_assert_str_eq(console, "Debug output disabled.\n");
    ck_assert(!r->log.debug);
    ck_assert(!r->log.remote_debug);
    ck_assert_str_eq(monitor(r, "set remote-debug 1"), "OK");
    ck_assert_str_eq(console, "Protocol debug output enabled.\n");
    ck_assert(r->log.remote_debug);
    ck_assert(!r->log.debug);
    ck_assert_str_eq(monitor(r, "set remote-debug off"), "OK");
    ck_assert(!r->log.remote_debug);
    ck_assert_str_eq(monitor(r, "set debug maybe"), "E16");
    ck_assert_str_eq(console, "Usage: monitor set debug on|off\n");
    ck_assert_str_eq(monitor(r, "set debug"), "E16");
    ck_assert(!r->log.debug);
    rig_free(r);
}
END_TEST

static size_t row_index(const char *prefix)
{
    size_t n;
    const struct dispatch_row *t = dispatch_table(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].prefix, prefix) == 0)
            return i;
    ck_abort_msg("no row %s", prefix);
    return 0;
}

START_TEST(test_stats_count_packets_per_dispatch_row)
{
    struct rig *r = rig_new();
    size_t n;
    dispatch_table(&n);
    ck_assert_uint_lt(n, SESSION_STAT_ROWS); /* every row has its slot, plus "unsupported" */
    rig_exchange(r, "qSymbol::");
    rig_exchange(r, "qSymbol::");
    rig_exchange(r, "m400000,4");
    rig_exchange(r, "qFoo");
    ck_assert_uint_eq(r->s.stats.rows[row_index("qSymbol:")].count, 2);
    ck_assert_uint_eq(r->s.stats.rows[row_index("m")].count, 1);
    ck_assert_uint_eq(r->s.stats.rows[SESSION_STAT_ROWS - 1].count, 1);
    ck_assert_uint_gt(r->s.stats.rows[row_index("m")].ns, 0);
    ck_assert_str_eq(monitor(r, "stats"), "OK");
    /* qRcmd itself is in, its reply not yet out */
    ck_assert_msg(strstr(console, "Packets: 5 received, 4 sent") != NULL, "%s", console);
    char *line = strstr(console, "\nqSymbol:");
    ck_assert_ptr_nonnull(line);
    unsigned long count;
    ck_assert_int_eq(sscanf(line + 9, "%lu", &count), 1);
    ck_assert_uint_eq(count, 2);
    line = strstr(console, "\n(unsupported)");
    ck_assert_ptr_nonnull(line);
    ck_assert_int_eq(sscanf(line + 14, "%lu", &count), 1);
    ck_assert_uint_eq(count, 1);
    ck_assert_ptr_null(strstr(console, "\nqXfer:")); /* rows never used are left out */
    /* the stats packet itself is counted once it is handled */
    ck_assert_uint_eq(r->s.stats.rows[row_index("qRcmd,")].count, 1);
    rig_free(r);
}
END_TEST

START_TEST(test_exit_replies_then_ends_the_session)
{
    struct rig *r = rig_new();
    ck_assert_str_eq(monitor(r, "exit"), "OK");
    ck_assert_int_eq(r->s.end, END_EXIT);
    ck_assert(!r->s.extended); /* main: the session ends, and with it rspd */
    rig_free(r);
    r = rig_new();
    ck_assert_str_eq(rig_exchange(r, "!"), "OK");
    ck_assert_str_eq(monitor(r, "exit"), "OK");
    ck_assert_int_eq(r->s.end, END_EXIT);
    ck_assert(r->s.extended); /* main: quit the server, not just this session */
    rig_free(r);
}
END_TEST

START_TEST(test_unknown_command_prints_help_and_fails_like_gdbserver)
{
    struct rig *r = rig_new();
    ck_assert_str_eq(monitor(r, "foo bar"), "E16");
    ck_assert_int_eq(strncmp(console, "Unknown monitor command 'foo bar'.\n\n", 36), 0);
    ck_assert_ptr_nonnull(strstr(console, "The following monitor commands are supported:"));
    ck_assert_str_eq(monitor(r, "stats now"), "E16");
    ck_assert_int_eq(strncmp(console, "Unknown monitor command 'stats now'.", 36), 0);
    ck_assert_str_eq(monitor(r, "exitx"), "E16");
    ck_assert_int_eq(r->s.end, END_NONE);
    ck_assert_str_eq(monitor(r, ""), "E16");
    /* the command itself must be hex */
    ck_assert_str_eq(rig_exchange(r, "qRcmd,6865786"), "E16");
    ck_assert_str_eq(rig_exchange(r, "qRcmd,zz"), "E16");
    rig_free(r);
}
END_TEST

Suite *monitor_suite(void)
{
    Suite *s = suite_create("monitor");
    TCase *tc = tcase_create("qRcmd");
    tcase_add_test(tc, test_help_lists_every_command_on_the_console);
    tcase_add_test(tc, test_debug_switches_change_the_session_log);
    tcase_add_test(tc, test_stats_count_packets_per_dispatch_row);
    tcase_add_test(tc, test_exit_replies_then_ends_the_session);
    tcase_add_test(tc, test_unknown_command_prints_help_and_fails_like_gdbserver);
    suite_add_tcase(s, tc);
    return s;
}

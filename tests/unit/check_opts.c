/* Command-line parsing: gdbserver's forms, loopback default, and clear refusals. */
#include <check.h>
#include <string.h>
#include <sys/socket.h>

#include "server/opts.h"
#include "tests/unit/suites_decl.h"

static int parse(struct rspd_opts *o, char *err, int argc, char **argv)
{
    return opts_parse(argc, argv, o, err, 256);
}

START_TEST(test_port_only_is_loopback_tcp)
{
    struct comm_spec c;
    ck_assert_int_eq(opts_parse_comm(":2345", &c), 0);
    ck_assert_int_eq(c.kind, COMM_TCP);
    ck_assert_str_eq(c.host, "");
    ck_assert_str_eq(c.port, "2345");
}
END_TEST

START_TEST(test_comm_forms)
{
    struct comm_spec c;
    ck_assert_int_eq(opts_parse_comm("0.0.0.0:1", &c), 0);
    ck_assert_str_eq(c.host, "0.0.0.0");
    ck_assert_int_eq(opts_parse_comm("[::]:99", &c), 0);
    ck_assert_str_eq(c.host, "::");
    ck_assert_str_eq(c.port, "99");
    ck_assert_int_eq(opts_parse_comm("localhost:0", &c), 0);
    ck_assert_int_eq(opts_parse_comm("unix:/tmp/x.sock", &c), 0);
    ck_assert_int_eq(c.kind, COMM_UNIX);
    ck_assert_str_eq(c.path, "/tmp/x.sock");
    /* gdbserver's forms: protocol prefixes, unbracketed IPv6 (the last ':' starts the port) */
    ck_assert_int_eq(opts_parse_comm("tcp4:127.0.0.1:7", &c), 0);
    ck_assert_str_eq(c.host, "127.0.0.1");
    ck_assert_int_eq(c.family, AF_INET);
    ck_assert_int_eq(opts_parse_comm("tcp6:::1:8", &c), 0);
    ck_assert_str_eq(c.host, "::1");
    ck_assert_str_eq(c.port, "8");
    ck_assert_int_eq(c.family, AF_INET6);
    ck_assert_int_eq(opts_parse_comm("tcp6:[::1]:9", &c), 0);
    ck_assert_str_eq(c.host, "::1");
    ck_assert_int_eq(opts_parse_comm("tcp:localhost:1", &c), 0);
    ck_assert_str_eq(c.host, "localhost");
    ck_assert_int_eq(c.family, AF_UNSPEC);
    ck_assert_int_eq(opts_parse_comm("::1:5", &c), 0);
    ck_assert_str_eq(c.host, "::1");
    ck_assert_int_eq(opts_parse_comm("-", &c), 0);
    ck_assert_int_eq(c.kind, COMM_STDIO);
    ck_assert_int_eq(opts_parse_comm("stdio", &c), 0);
    ck_assert_int_eq(c.kind, COMM_STDIO);
}
END_TEST

static const char *bad_comms[] = {"2345",  ":",      ":abc",  ":99999",
                                  "tcp6:", "[::1]5", "unix:", ":123456"};

START_TEST(test_bad_comm_rejected)
{
    struct comm_spec c;
    ck_assert_int_lt(opts_parse_comm(bad_comms[_i], &c), 0);
}
END_TEST

START_TEST(test_run_prog_with_args)
{
    struct rspd_opts o;
    char err[256];
    char *argv[] = {"rspd", "--once", ":0", "./prog", "a b", "--x", NULL};
    ck_assert_int_eq(parse(&o, err, 6, argv), 0);
    ck_assert_int_eq(o.mode, MODE_RUN);
    ck_assert(o.once);
    ck_assert(o.disable_aslr);
    ck_assert_str_eq(o.prog_argv[0], "./prog");
    ck_assert_str_eq(o.prog_argv[1], "a b");
    ck_assert_str_eq(o.prog_argv[2], "--x"); /* options after PROG belong to PROG */
}
END_TEST

START_TEST(test_attach_and_multi)
{
    struct rspd_opts o;
    char err[256];
    char *a1[] = {"rspd", "--attach", ":1", "123", NULL};
    ck_assert_int_eq(parse(&o, err, 4, a1), 0);
    ck_assert_int_eq(o.mode, MODE_ATTACH);
    ck_assert_int_eq(o.attach_pid, 123);
    char *a2[] = {"rspd", "--attach", ":1", "12x", NULL};
    ck_assert_int_lt(parse(&o, err, 4, a2), 0);
    ck_assert_ptr_nonnull(strstr(err, "12x"));
    char *a3[] = {"rspd", "--multi", "unix:/tmp/s", NULL};
    ck_assert_int_eq(parse(&o, err, 3, a3), 0);
    ck_assert_int_eq(o.mode, MODE_MULTI);
    char *a4[] = {"rspd", "--no-disable-randomization", "-", "p", NULL};
    ck_assert_int_eq(parse(&o, err, 4, a4), 0);
    ck_assert(!o.disable_aslr);
    /* gdbserver's older order, COMM --attach PID, still accepted (gdb.server/attach-flag.exp). */
    char *a5[] = {"rspd", "--once", "localhost:1", "--attach", "77", NULL};
    ck_assert_int_eq(parse(&o, err, 5, a5), 0);
    ck_assert_int_eq(o.mode, MODE_ATTACH);
    ck_assert_int_eq(o.attach_pid, 77);
    char *a6[] = {"rspd", ":1", "--attach", NULL};
    ck_assert_int_lt(parse(&o, err, 3, a6), 0);
}
END_TEST

START_TEST(test_shell_is_opt_in)
{
    struct rspd_opts o;
    char err[256];
    char *a1[] = {"rspd", ":1", "p", NULL};
    ck_assert_int_eq(parse(&o, err, 3, a1), 0);
    ck_assert(!o.startup_with_shell); /* PROG is exec'd directly unless asked */
    ck_assert(!o.shell_forbidden);
    char *a2[] = {"rspd", "--startup-with-shell", ":1", "p", NULL};
    ck_assert_int_eq(parse(&o, err, 4, a2), 0);
    ck_assert(o.startup_with_shell);
    char *a3[] = {"rspd", "--no-startup-with-shell", "--multi", ":1", NULL};
    ck_assert_int_eq(parse(&o, err, 4, a3), 0);
    ck_assert(!o.startup_with_shell);
    ck_assert(o.shell_forbidden);
}
END_TEST

START_TEST(test_wrapper_up_to_double_dash)
{
    struct rspd_opts o;
    char err[256];
    char *a1[] = {"rspd", "--wrapper", "env", "X=1", "--", "--once", ":1", "p", NULL};
    ck_assert_int_eq(parse(&o, err, 8, a1), 0);
    ck_assert_str_eq(o.wrapper[0], "env");
    ck_assert_str_eq(o.wrapper[1], "X=1");
    ck_assert_ptr_null(o.wrapper[2]);
    ck_assert(o.once);
    ck_assert_str_eq(o.prog_argv[0], "p");
    char *a2[] = {"rspd", "--wrapper", "env", ":1", "p", NULL};
    ck_assert_int_lt(parse(&o, err, 5, a2), 0);
    char *a3[] = {"rspd", "--wrapper", "--", ":1", "p", NULL};
    ck_assert_int_lt(parse(&o, err, 5, a3), 0);
}
END_TEST

START_TEST(test_disable_packet_list)
{
    struct rspd_opts o;
    char err[256];
    char *a1[] = {"rspd", "--disable-packet=Tthread,qC", ":1", "p", NULL};
    ck_assert_int_eq(parse(&o, err, 4, a1), 0);
    ck_assert_uint_eq(o.disabled, DISABLE_TTHREAD | DISABLE_QC);
    char *a2[] = {"rspd", "--disable-packet=threads", ":1", "p", NULL};
    ck_assert_int_eq(parse(&o, err, 4, a2), 0);
    ck_assert_uint_eq(o.disabled, DISABLE_THREADS);
    char *a3[] = {"rspd", "--disable-packet=bogus", ":1", "p", NULL};
    ck_assert_int_lt(parse(&o, err, 4, a3), 0);
}
END_TEST

START_TEST(test_errors_name_the_argument)
{
    struct rspd_opts o;
    char err[256];
    char *a1[] = {"rspd", "--bogus", ":1", "p", NULL};
    ck_assert_int_lt(parse(&o, err, 4, a1), 0);
    ck_assert_ptr_nonnull(strstr(err, "--bogus"));
    char *a2[] = {"rspd", ":1", NULL};
    ck_assert_int_lt(parse(&o, err, 2, a2), 0);
    ck_assert_ptr_nonnull(strstr(err, "PROG"));
    char *a3[] = {"rspd", NULL};
    ck_assert_int_lt(parse(&o, err, 1, a3), 0);
    char *a4[] = {"rspd", "--attach", "--multi", ":1", NULL};
    ck_assert_int_lt(parse(&o, err, 4, a4), 0);
}
END_TEST

Suite *opts_suite(void)
{
    Suite *s = suite_create("opts");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, test_port_only_is_loopback_tcp);
    tcase_add_test(tc, test_comm_forms);
    tcase_add_loop_test(tc, test_bad_comm_rejected, 0, sizeof(bad_comms) / sizeof(bad_comms[0]));
    tcase_add_test(tc, test_run_prog_with_args);
    tcase_add_test(tc, test_attach_and_multi);
    tcase_add_test(tc, test_shell_is_opt_in);
    tcase_add_test(tc, test_disable_packet_list);
    tcase_add_test(tc, test_wrapper_up_to_double_dash);
    tcase_add_test(tc, test_errors_name_the_argument);
    suite_add_tcase(s, tc);
    return s;
}

/* server/allow.c: --allow CIDR lists, parsed and matched against peer addresses (v4, v6 and
 * IPv4-mapped v6), and the --allow option as opts_parse takes it. */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "server/allow.h"
#include "server/opts.h"
#include "tests/unit/suites_decl.h"

static bool peer_ok(const struct allow_list *l, const char *addr)
{
    struct sockaddr_storage ss = {0};
    if (strchr(addr, ':')) {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
        in6->sin6_family = AF_INET6;
        ck_assert_int_eq(inet_pton(AF_INET6, addr, &in6->sin6_addr), 1);
    } else {
        struct sockaddr_in *in = (struct sockaddr_in *)&ss;
        in->sin_family = AF_INET;
        ck_assert_int_eq(inet_pton(AF_INET, addr, &in->sin_addr), 1);
    }
    return allow_match(l, (struct sockaddr *)&ss);
}

START_TEST(empty_list_allows_every_peer)
{
    struct allow_list l = {0};
    ck_assert(peer_ok(&l, "127.0.0.1"));
    ck_assert(peer_ok(&l, "203.0.113.9"));
    ck_assert(peer_ok(&l, "2001:db8::1"));
}
END_TEST

START_TEST(host_address_without_prefix_allows_that_host_only)
{
    struct allow_list l = {0};
    ck_assert_int_eq(allow_parse(&l, "127.0.0.1"), 0);
    ck_assert_uint_eq(l.n, 1);
    ck_assert_uint_eq(l.nets[0].prefix, 32);
    ck_assert(peer_ok(&l, "127.0.0.1"));
    ck_assert(!peer_ok(&l, "127.0.0.2"));
    ck_assert(!peer_ok(&l, "::1"));
}
END_TEST

START_TEST(ipv4_network_matches_its_range_and_mapped_ipv6_peers)
{
    struct allow_list l = {0};
    ck_assert_int_eq(allow_parse(&l, "10.1.0.0/16,192.168.7.128/25"), 0);
    ck_assert_uint_eq(l.n, 2);
    ck_assert(peer_ok(&l, "10.1.0.0"));
    ck_assert(peer_ok(&l, "10.1.255.254"));
    ck_assert(!peer_ok(&l, "10.2.0.1"));
    ck_assert(peer_ok(&l, "192.168.7.200"));
    ck_assert(!peer_ok(&l, "192.168.7.127"));
    ck_assert(peer_ok(&l, "::ffff:10.1.2.3")); /* dual-stack listener */
    ck_assert(!peer_ok(&l, "::ffff:10.9.2.3"));
    ck_assert(!peer_ok(&l, "2001:db8::1"));
}
END_TEST

START_TEST(ipv6_network_matches_its_range_only)
{
    struct allow_list l = {0};
    ck_assert_int_eq(allow_parse(&l, "2001:db8:ab00::/41"), 0);
    ck_assert_int_eq(allow_parse(&l, "::1"), 0);
    ck_assert_uint_eq(l.n, 2);
    ck_assert(peer_ok(&l, "2001:db8:ab7f:ffff::1"));
    ck_assert(!peer_ok(&l, "2001:db8:ab80::1"));
    ck_assert(peer_ok(&l, "::1"));
    ck_assert(!peer_ok(&l, "::2"));
    ck_assert(!peer_ok(&l, "127.0.0.1"));
}
END_TEST

START_TEST(prefix_zero_allows_the_whole_family)
{
    struct allow_list l = {0};
    ck_assert_int_eq(allow_parse(&l, "0.0.0.0/0"), 0);
    ck_assert(peer_ok(&l, "198.51.100.1"));
    ck_assert(!peer_ok(&l, "2001:db8::1"));
}
END_TEST

static const char *const bad_specs[] = {
    "",
    "10.0.0.0/",
    "10.0.0.0/33",
    "10.0.0.5/8",
    "10.0.0.0/8,",
    ",10.0.0.0/8",
    "10.0.0.0/-1",
    "10.0.0.0/1a",
    "10.0.0",
    "host.example",
    "::1/129",
    "2001:db8::1/64",
    "10.0.0.0/0008",
    "1.2.3.4 ",
};

START_TEST(malformed_cidr_is_refused_and_leaves_the_list_unchanged)
{
    struct allow_list l = {0};
    ck_assert_int_eq(allow_parse(&l, "127.0.0.1"), 0);
    ck_assert_msg(allow_parse(&l, bad_specs[_i]) == -EINVAL, "'%s' accepted", bad_specs[_i]);
    ck_assert_uint_eq(l.n, 1);
}
END_TEST

START_TEST(more_than_allow_max_networks_is_refused_whole)
{
    struct allow_list l = {0};
    for (int i = 0; i < ALLOW_MAX - 1; i++)
        ck_assert_int_eq(allow_parse(&l, "10.0.0.0/8"), 0);
    ck_assert_int_eq(allow_parse(&l, "10.0.0.0/8,10.0.0.0/8"), -E2BIG);
    ck_assert_uint_eq(l.n, ALLOW_MAX - 1);
    ck_assert_int_eq(allow_parse(&l, "10.0.0.0/8"), 0);
    ck_assert_uint_eq(l.n, ALLOW_MAX);
}
END_TEST

START_TEST(allow_option_is_repeatable_and_tcp_only)
{
    struct rspd_opts o;
    char err[256];
    char *ok[] = {"rspd", "--allow", "10.0.0.0/8,::1", "--allow=127.0.0.1/32", "0.0.0.0:1234",
                  "prog", NULL};
    ck_assert_int_eq(opts_parse(6, ok, &o, err, sizeof(err)), 0);
    ck_assert_uint_eq(o.allow.n, 3);
    ck_assert_uint_eq(o.allow.nets[2].prefix, 32);

    char *bad[] = {"rspd", "--allow=10.0.0.1/8", ":1234", "prog", NULL};
    ck_assert_int_eq(opts_parse(4, bad, &o, err, sizeof(err)), -EINVAL);
    ck_assert_ptr_nonnull(strstr(err, "10.0.0.1/8"));

    char *unix_comm[] = {"rspd", "--allow=10.0.0.0/8", "unix:/tmp/s", "prog", NULL};
    ck_assert_int_eq(opts_parse(4, unix_comm, &o, err, sizeof(err)), -EINVAL);
    ck_assert_ptr_nonnull(strstr(err, "TCP"));

    char *missing[] = {"rspd", "--allow", NULL};
    ck_assert_int_eq(opts_parse(2, missing, &o, err, sizeof(err)), -EINVAL);
}
END_TEST

Suite *allow_suite(void)
{
    Suite *s = suite_create("allow");
    TCase *tc = tcase_create("allow");
    tcase_add_test(tc, empty_list_allows_every_peer);
    tcase_add_test(tc, host_address_without_prefix_allows_that_host_only);
    tcase_add_test(tc, ipv4_network_matches_its_range_and_mapped_ipv6_peers);
    tcase_add_test(tc, ipv6_network_matches_its_range_only);
    tcase_add_test(tc, prefix_zero_allows_the_whole_family);
    tcase_add_loop_test(tc, malformed_cidr_is_refused_and_leaves_the_list_unchanged, 0,
                        (int)(sizeof(bad_specs) / sizeof(bad_specs[0])));
    tcase_add_test(tc, more_than_allow_max_networks_is_refused_whole);
    tcase_add_test(tc, allow_option_is_repeatable_and_tcp_only);
    suite_add_tcase(s, tc);
    return s;
}

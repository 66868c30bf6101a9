/* The packet table: no row shadowed by an earlier shorter prefix, exact rows need exact
 * packets, unknown packets find no row. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "server/dispatch.h"
#include "tests/unit/suites_decl.h"

START_TEST(test_no_row_is_shadowed)
{
    size_t n;
    const struct dispatch_row *t = dispatch_table(&n);
    for (size_t i = 0; i < n; i++) {
        /* The row's own prefix (plus a suffix, for prefix rows) must find the row itself. */
        char pkt[64];
        snprintf(pkt, sizeof(pkt), "%s%s", t[i].prefix, t[i].match == MATCH_PREFIX ? "1" : "");
        const struct dispatch_row *r = dispatch_find(pkt, strlen(pkt));
        ck_assert_msg(r == &t[i], "row '%s' is shadowed by '%s'", t[i].prefix,
                      r ? r->prefix : "(none)");
    }
}
END_TEST

START_TEST(test_exact_rows_need_exact_packets)
{
    ck_assert_ptr_null(dispatch_find("gx", 2));
    ck_assert_ptr_nonnull(dispatch_find("g", 1));
    const struct dispatch_row *r = dispatch_find("vCont?", 6);
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(r->prefix, "vCont?");
    r = dispatch_find("vCont;c", 7);
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(r->prefix, "vCont;");
}
END_TEST

static const char *unknown[] = {
    "", "qFoo", "vMustReplyEmpty", "qTStatus", "vCont", "QNonStop", "qCRC:0,1", "Z", "y"};

START_TEST(test_unknown_packets_find_no_row)
{
    const struct dispatch_row *r = dispatch_find(unknown[_i], strlen(unknown[_i]));
    /* "qCRC" must not fall into "qC" (exact), "Z" alone is a prefix row (its handler rejects) */
    if (strcmp(unknown[_i], "Z") == 0)
        ck_assert_ptr_nonnull(r);
    else
        ck_assert_msg(r == NULL, "'%s' matched row '%s'", unknown[_i], r->prefix);
}
END_TEST

Suite *dispatch_suite(void)
{
    Suite *s = suite_create("dispatch");
    TCase *tc = tcase_create("table");
    tcase_add_test(tc, test_no_row_is_shadowed);
    tcase_add_test(tc, test_exact_rows_need_exact_packets);
    tcase_add_loop_test(tc, test_unknown_packets_find_no_row, 0,
                        sizeof(unknown) / sizeof(unknown[0]));
    suite_add_tcase(s, tc);
    return s;
}

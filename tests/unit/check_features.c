/* Unit tests for protocol/features.c: the client's qSupported list as gdb and lldb send it,
 * '+'/'-'/'=' items, exact names, and empty items rejected. */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "protocol/features.h"
#include "tests/unit/suites_decl.h"

static int parse(const char *s, uint32_t *flags)
{
    return features_parse_client(s, strlen(s), flags);
}

START_TEST(test_features_gdb13_qsupported)
{
    /* What gdb 13.1 sends (from a gdb 13.1 session against gdbserver). */
    static const char s[] = "multiprocess+;swbreak+;hwbreak+;qRelocInsn+;fork-events+;"
                            "vfork-events+;exec-events+;vContSupported+;QThreadEvents+;"
                            "no-resumed+;memory-tagging+;xmlRegisters=i386";
    uint32_t f = 0;

    ck_assert_int_eq(parse(s, &f), 0);
    ck_assert_uint_eq(f, CF_MULTIPROCESS | CF_SWBREAK | CF_HWBREAK | CF_QRELOCINSN |
                             CF_FORK_EVENTS | CF_VFORK_EVENTS | CF_EXEC_EVENTS |
                             CF_VCONT_SUPPORTED | CF_QTHREAD_EVENTS | CF_NO_RESUMED |
                             CF_MEMORY_TAGGING | CF_XML_REGISTERS);
}
END_TEST

START_TEST(test_features_lldb_style_and_error_message)
{
    uint32_t f = 0;

    ck_assert_int_eq(parse("xmlRegisters=i386,arm,mips,arc;multiprocess+;native-signals+;"
                           "error-message+",
                           &f),
                     0);
    ck_assert_uint_eq(f, CF_MULTIPROCESS | CF_NATIVE_SIGNALS | CF_ERROR_MESSAGE | CF_XML_REGISTERS);
}
END_TEST

START_TEST(test_features_minus_clears_and_unknown_ignored)
{
    uint32_t f = CF_SWBREAK | CF_HWBREAK;

    ck_assert_int_eq(parse("swbreak-;fancy-new-thing+;multiprocess;hwbreak+", &f), 0);
    ck_assert_uint_eq(f, CF_HWBREAK); /* bare "multiprocess" is not "multiprocess+" */
    ck_assert_int_eq(parse("multiprocess+;multiprocess-", &f), 0);
    ck_assert_uint_eq(f, CF_HWBREAK);
}
END_TEST

START_TEST(test_features_names_match_exactly)
{
    uint32_t f = 0;

    ck_assert_int_eq(parse("swbreakx+;xswbreak+;SWBREAK+;swbrea+;swbreak=1+", &f), 0);
    ck_assert_uint_eq(f, 0);
}
END_TEST

START_TEST(test_features_empty_args_ok)
{
    uint32_t f = CF_SWBREAK;

    ck_assert_int_eq(features_parse_client("", 0, &f), 0);
    ck_assert_uint_eq(f, CF_SWBREAK);
    ck_assert_int_eq(features_parse_client(NULL, 0, &f), 0);
}
END_TEST

static const char *const features_bad[] = {";", "swbreak+;", ";swbreak+", "swbreak+;;hwbreak+",
                                           "+;;"};

START_TEST(test_features_empty_item_rejected_flags_untouched)
{
    uint32_t f = CF_QRELOCINSN;

    ck_assert_int_eq(parse(features_bad[_i], &f), -EINVAL);
    ck_assert_uint_eq(f, CF_QRELOCINSN);
}
END_TEST

START_TEST(test_features_single_char_items)
{
    uint32_t f = 0;

    ck_assert_int_eq(parse("+;-;=;x", &f), 0);
    ck_assert_uint_eq(f, 0);
}
END_TEST

Suite *features_suite(void)
{
    Suite *s = suite_create("features");
    TCase *tc = tcase_create("client");

    tcase_add_test(tc, test_features_gdb13_qsupported);
    tcase_add_test(tc, test_features_lldb_style_and_error_message);
    tcase_add_test(tc, test_features_minus_clears_and_unknown_ignored);
    tcase_add_test(tc, test_features_names_match_exactly);
    tcase_add_test(tc, test_features_empty_args_ok);
    tcase_add_loop_test(tc, test_features_empty_item_rejected_flags_untouched, 0,
                        sizeof(features_bad) / sizeof(features_bad[0]));
    tcase_add_test(tc, test_features_single_char_items);
    suite_add_tcase(s, tc);
    return s;
}

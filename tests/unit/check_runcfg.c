/* The next program's environment, directory and program line (QEnvironment*, QSetWorkingDir,
 * vRun/R). */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "server/runcfg.h"
#include "targets/target.h"
#include "tests/unit/suites_decl.h"

static char *base_env[] = {"A=1", "B=2", NULL};

static const char *get(const struct runcfg *rc, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; rc->env[i]; i++)
        if (strncmp(rc->env[i], name, n) == 0 && rc->env[i][n] == '=')
            return rc->env[i] + n + 1;
    return NULL;
}

START_TEST(test_set_replace_unset_reset)
{
    struct runcfg rc;
    ck_assert_int_eq(runcfg_init(&rc, base_env, true, true), 0);
    ck_assert_int_eq(runcfg_setenv(&rc, "C=3xx", 3), 0); /* length-bounded */
    ck_assert_str_eq(get(&rc, "C"), "3");
    ck_assert_int_eq(runcfg_setenv(&rc, "A=one", 5), 0);
    ck_assert_str_eq(get(&rc, "A"), "one");
    ck_assert_uint_eq(rc.nenv, 3);
    ck_assert_int_eq(runcfg_setenv(&rc, "EMPTY=", 6), 0);
    ck_assert_str_eq(get(&rc, "EMPTY"), "");
    ck_assert_int_eq(runcfg_unsetenv(&rc, "B", 1), 0);
    ck_assert_ptr_null(get(&rc, "B"));
    ck_assert_int_eq(runcfg_unsetenv(&rc, "NOPE", 4), 0);
    ck_assert_ptr_null(rc.env[rc.nenv]);
    ck_assert_int_eq(runcfg_resetenv(&rc), 0);
    ck_assert_str_eq(get(&rc, "A"), "1");
    ck_assert_str_eq(get(&rc, "B"), "2");
    ck_assert_ptr_null(get(&rc, "C"));
    runcfg_fini(&rc);
}
END_TEST

START_TEST(test_bad_assignments_rejected)
{
    struct runcfg rc;
    ck_assert_int_eq(runcfg_init(&rc, base_env, false, false), 0);
    ck_assert_int_eq(runcfg_setenv(&rc, "NOEQUALS", 8), -EINVAL);
    ck_assert_int_eq(runcfg_setenv(&rc, "=x", 2), -EINVAL);
    ck_assert_int_eq(runcfg_unsetenv(&rc, "A=1", 3), -EINVAL);
    ck_assert_int_eq(runcfg_unsetenv(&rc, "", 0), -EINVAL);
    runcfg_fini(&rc);
}
END_TEST

START_TEST(test_cwd_argv_and_launch_opts)
{
    struct runcfg rc;
    struct launch_opts lo;
    char *argv[] = {"/bin/prog", "a b", NULL};
    ck_assert_int_eq(runcfg_init(&rc, base_env, true, false), 0);
    ck_assert_int_eq(runcfg_set_cwd(&rc, "/tmpXX", 4), 0);
    ck_assert_int_eq(runcfg_set_argv(&rc, argv, 2), 0);
    runcfg_launch_opts(&rc, &lo);
    ck_assert_str_eq(lo.cwd, "/tmp");
    ck_assert(lo.startup_with_shell);
    ck_assert(!lo.disable_aslr);
    ck_assert_ptr_eq(lo.envp, rc.env);
    ck_assert_str_eq(rc.argv[1], "a b");
    ck_assert_ptr_null(rc.argv[2]);
    ck_assert_int_eq(runcfg_set_cwd(&rc, "", 0), 0);
    runcfg_launch_opts(&rc, &lo);
    ck_assert_ptr_null(lo.cwd);
    runcfg_fini(&rc);
}
END_TEST

Suite *runcfg_suite(void)
{
    Suite *s = suite_create("runcfg");
    TCase *tc = tcase_create("runcfg");
    tcase_add_test(tc, test_set_replace_unset_reset);
    tcase_add_test(tc, test_bad_assignments_rejected);
    tcase_add_test(tc, test_cwd_argv_and_launch_opts);
    suite_add_tcase(s, tc);
    return s;
}

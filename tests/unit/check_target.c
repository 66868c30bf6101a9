/* targets/target.c wrappers: a NULL op answers -ENOSYS (false for thread_alive), arguments
 * that cannot be right are refused before the op runs, and present ops are forwarded. */
#include <check.h>
#include <errno.h>

#include "targets/target.h"
#include "tests/unit/suites_decl.h"

static int calls;

static ssize_t one_read(struct target *t, uint64_t addr, void *buf, size_t len)
{
    (void)t;
    (void)addr;
    (void)buf;
    calls++;
    return (ssize_t)len;
}

static const struct target_ops empty_ops = {.name = "empty"};
static const struct target_ops read_ops = {.name = "read", .read_memory = one_read};

START_TEST(test_null_ops_answer_enosys)
{
    struct target t = {.ops = &empty_ops, .event_fd = -1};
    struct stop_event ev;
    struct resume_action a = {.tid = -1};
    char *argv[] = {"/bin/true", NULL};
    int tids[1];
    size_t n;
    uint8_t b;

    ck_assert_int_eq(target_launch(&t, argv, NULL), -ENOSYS);
    ck_assert_int_eq(target_attach(&t, 1), -ENOSYS);
    ck_assert_int_eq(target_detach(&t, 1), -ENOSYS);
    ck_assert_int_eq(target_kill(&t, 1), -ENOSYS);
    ck_assert_int_eq(target_resume(&t, &a, 1), -ENOSYS);
    ck_assert_int_eq(target_interrupt(&t), -ENOSYS);
    ck_assert_int_eq(target_next_event(&t, &ev), -ENOSYS);
    ck_assert_int_eq(target_read_memory(&t, 0, &b, 1), -ENOSYS);
    ck_assert_int_eq(target_write_memory(&t, 0, &b, 1), -ENOSYS);
    ck_assert_int_eq(target_read_regs(&t, 1, &b), -ENOSYS);
    ck_assert_int_eq(target_write_regs(&t, 1, &b), -ENOSYS);
    ck_assert_int_eq(target_insert_point(&t, PT_SW_BREAK, 0, 1), -ENOSYS);
    ck_assert_int_eq(target_remove_point(&t, PT_SW_BREAK, 0, 1), -ENOSYS);
    ck_assert_int_eq(target_list_threads(&t, tids, 1, &n), -ENOSYS);
    ck_assert(!target_thread_alive(&t, 1));
    ck_assert_int_eq(target_xfer_read(&t, "auxv", "", 0, &b, 1), -ENOSYS);
    target_destroy(&t); /* no destroy op: nothing happens */
    target_destroy(NULL);
    ck_assert_int_eq(target_kill(NULL, 1), -ENOSYS);
}
END_TEST

START_TEST(test_present_op_is_forwarded_and_empty_read_is_not)
{
    struct target t = {.ops = &read_ops, .event_fd = -1};
    uint8_t buf[4];

    calls = 0;
    ck_assert_int_eq(target_read_memory(&t, 0x1000, buf, 4), 4);
    ck_assert_int_eq(calls, 1);
    ck_assert_int_eq(target_read_memory(&t, 0x1000, buf, 0), 0);
    ck_assert_int_eq(calls, 1);
}
END_TEST

static int count_launch(struct target *t, char *const argv[], const struct launch_opts *o)
{
    (void)t;
    (void)argv;
    ck_assert_ptr_nonnull(o); /* NULL options become defaults */
    calls++;
    return 0;
}

static int count_attach(struct target *t, int pid)
{
    (void)t;
    (void)pid;
    calls++;
    return 0;
}

START_TEST(test_bad_arguments_are_einval_before_the_op)
{
    static const struct target_ops ops = {
        .name = "count", .launch = count_launch, .attach = count_attach};
    struct target t = {.ops = &ops, .event_fd = -1};
    char *none[] = {NULL};
    char *one[] = {"/bin/true", NULL};

    calls = 0;
    ck_assert_int_eq(target_launch(&t, none, NULL), -EINVAL);
    ck_assert_int_eq(target_launch(&t, NULL, NULL), -EINVAL);
    ck_assert_int_eq(target_attach(&t, 0), -EINVAL);
    ck_assert_int_eq(target_attach(&t, -5), -EINVAL);
    ck_assert_int_eq(calls, 0);
    ck_assert_int_eq(target_launch(&t, one, NULL), 0);
    ck_assert_int_eq(target_attach(&t, 42), 0);
    ck_assert_int_eq(calls, 2);
}
END_TEST

static int count_resume(struct target *t, const struct resume_action *a, size_t n)
{
    (void)t;
    (void)a;
    (void)n;
    calls++;
    return 0;
}

static bool yes_range(struct target *t)
{
    (void)t;
    return true;
}

START_TEST(test_range_step_needs_the_capability_and_a_step)
{
    static const struct target_ops plain = {.name = "plain", .resume = count_resume};
    static const struct target_ops ranged = {
        .name = "ranged", .resume = count_resume, .can_range_step = yes_range};
    struct target t = {.ops = &plain, .event_fd = -1};
    struct resume_action a = {.tid = -1, .step = true, .range_start = 0x10, .range_end = 0x20};

    calls = 0;
    ck_assert(!target_can_range_step(&t));
    ck_assert_int_eq(target_resume(&t, &a, 1), -ENOSYS);
    a.range_end = a.range_start; /* empty: a plain step, fine anywhere */
    ck_assert_int_eq(target_resume(&t, &a, 1), 0);
    ck_assert_int_eq(calls, 1);
    t.ops = &ranged;
    ck_assert(target_can_range_step(&t));
    a.range_end = 0x20;
    ck_assert_int_eq(target_resume(&t, &a, 1), 0);
    a.step = false; /* a range is a way of stepping */
    ck_assert_int_eq(target_resume(&t, &a, 1), -EINVAL);
    a.step = true;
    a.range_end = 0x8; /* backwards */
    ck_assert_int_eq(target_resume(&t, &a, 1), -EINVAL);
    ck_assert_int_eq(calls, 2);
}
END_TEST

Suite *target_suite(void)
{
    Suite *s = suite_create("target");
    TCase *tc = tcase_create("wrappers");

    tcase_add_test(tc, test_null_ops_answer_enosys);
    tcase_add_test(tc, test_present_op_is_forwarded_and_empty_read_is_not);
    tcase_add_test(tc, test_bad_arguments_are_einval_before_the_op);
    tcase_add_test(tc, test_range_step_needs_the_capability_and_a_step);
    suite_add_tcase(s, tc);
    return s;
}

/* Target-side breakpoint conditions and commands through a whole session over the fake target
 * (server/cmd_break.c, server/bpcond.c): what qSupported advertises, Z0/Z1 with condition and
 * command lists, a re-sent Z replacing the lists without a second insert, and the hit hook
 * the session gives the target: conditions ORed, errors counting as true, agent printf
 * commands run in place of a stop. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server/bpcond.h"
#include "server/session.h"
#include "tests/unit/fake_target.h"
#include "tests/unit/rig.h"
#include "tests/unit/suites_decl.h"

#define BP      "400010"
#define BP_ADDR 0x400010u

/* reg 0 (rax) == 5 */
#define COND_RAX_IS_5 "X7,26000022051327"
/* reg 0 (rax) == 6 */
#define COND_RAX_IS_6 "X7,26000022061327"
/* opcode 0: an evaluation error */
#define COND_BAD "X1,00"
/* printf "hi %d\n", rax; end (the format as gdb sends it: the escape as typed) */
#define CMD_PRINTF_RAX "X14,260000220022003401000868692025645c6e0027"

static void set_rax(struct rig *r, int thread, uint64_t v)
{
    const struct arch_desc *a = r->f->base.arch;
    int idx = arch_reg_by_name(a, "rax");
    memcpy(r->f->regs[thread] + a->regs[idx].offset, &v, sizeof(v));
}

/* What the target would ask at a hit of thread THREAD on the point at BP_ADDR. */
static bool hit(struct rig *r, int thread, enum point_kind kind)
{
    struct target *t = &r->f->base;
    ck_assert_ptr_nonnull(t->hit.wanted);
    return t->hit.wanted(t->hit.ctx, t, r->f->tids[thread], kind, BP_ADDR);
}

/* hit(), with what the hook printed on standard output into OUT. */
static bool hit_capture(struct rig *r, int thread, char *out, size_t cap)
{
    int p[2], saved = dup(STDOUT_FILENO);
    bool wanted;
    ssize_t n;

    ck_assert_int_eq(pipe(p), 0);
    fflush(stdout);
    dup2(p[1], STDOUT_FILENO);
    wanted = hit(r, thread, PT_SW_BREAK);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    close(p[1]);
    n = read(p[0], out, cap - 1);
    out[n > 0 ? n : 0] = '\0';
    close(p[0]);
    return wanted;
}

START_TEST(test_qsupported_advertises_conditions_and_commands)
{
    struct rig *r = rig_new();
    const char *reply = rig_exchange(r, "qSupported:multiprocess+;swbreak+");
    ck_assert_ptr_nonnull(strstr(reply, ";ConditionalBreakpoints+"));
    ck_assert_ptr_nonnull(strstr(reply, ";BreakpointCommands+"));
    rig_free(r);
}
END_TEST

START_TEST(test_condition_decides_the_stop)
{
    struct rig *r = rig_new();
    ck_assert_str_eq(rig_exchange(r, "Z0," BP ",1;" COND_RAX_IS_5), "OK");
    set_rax(r, 0, 5);
    set_rax(r, 1, 4);
    ck_assert(hit(r, 0, PT_SW_BREAK));
    ck_assert(!hit(r, 1, PT_SW_BREAK));
    /* Another kind at the same address is another point: no condition known for it. */
    ck_assert(hit(r, 1, PT_HW_BREAK));
    ck_assert_uint_eq(r->s.points.hits, 2);
    ck_assert_uint_eq(r->s.points.declined, 1);
    rig_free(r);
}
END_TEST

START_TEST(test_conditions_are_ored_and_errors_count_as_true)
{
    struct rig *r = rig_new();
    ck_assert_str_eq(rig_exchange(r, "Z0," BP ",1;" COND_RAX_IS_5 COND_RAX_IS_6), "OK");
    set_rax(r, 0, 6);
    set_rax(r, 1, 7);
    ck_assert(hit(r, 0, PT_SW_BREAK));
    ck_assert(!hit(r, 1, PT_SW_BREAK));
    /* gdb re-sends Z0 to change the list: replaced, not added, and not inserted twice. */
    ck_assert_str_eq(rig_exchange(r, "Z0," BP ",1;" COND_BAD), "OK");
    ck_assert(hit(r, 1, PT_SW_BREAK));
    ck_assert_uint_eq(r->s.points.errors, 1);
    ck_assert_str_eq(rig_exchange(r, "Z0," BP ",1"), "OK");
    ck_assert(hit(r, 1, PT_SW_BREAK));
    ck_assert_int_eq(r->f->points, 1);
    ck_assert_ptr_nonnull(strstr(r->f->log, "insert(0,400010,1);"));
    ck_assert_ptr_null(strstr(strstr(r->f->log, "insert(0,400010,1);") + 1, "insert("));
    /* One z removes it, and its conditions with it. */
    ck_assert_str_eq(rig_exchange(r, "z0," BP ",1"), "OK");
    ck_assert_int_eq(r->f->points, 0);
    ck_assert_ptr_null(bpcond_find(&r->s.points, FAKE_PID, PT_SW_BREAK, BP_ADDR));
    rig_free(r);
}
END_TEST

START_TEST(test_hardware_breakpoints_take_conditions)
{
    struct rig *r = rig_new();
    ck_assert_str_eq(rig_exchange(r, "Z1," BP ",1;" COND_RAX_IS_5), "OK");
    set_rax(r, 2, 5);
    ck_assert(hit(r, 2, PT_HW_BREAK));
    set_rax(r, 2, 0);
    ck_assert(!hit(r, 2, PT_HW_BREAK));
    ck_assert(hit(r, 2, PT_SW_BREAK));
    rig_free(r);
}
END_TEST

START_TEST(test_commands_run_in_place_of_the_stop)
{
    struct rig *r = rig_new();
    char out[256];

    ck_assert_str_eq(rig_exchange(r, "Z0," BP ",1;cmds:0," CMD_PRINTF_RAX), "OK");
    set_rax(r, 0, 42);
    ck_assert(!hit_capture(r, 0, out, sizeof(out)));
    ck_assert_str_eq(out, "hi 42\n");
    /* With a condition: the commands run only when it holds. */
    ck_assert_str_eq(rig_exchange(r, "Z0," BP ",1;" COND_RAX_IS_5 ";cmds:1," CMD_PRINTF_RAX), "OK");
    ck_assert(!hit_capture(r, 0, out, sizeof(out)));
    ck_assert_str_eq(out, "");
    set_rax(r, 0, 5);
    ck_assert(!hit_capture(r, 0, out, sizeof(out)));
    ck_assert_str_eq(out, "hi 5\n");
    ck_assert_int_eq(bpcond_find(&r->s.points, FAKE_PID, PT_SW_BREAK, BP_ADDR)->persist, 1);
    rig_free(r);
}
END_TEST

START_TEST(test_bad_lists_are_refused_before_inserting)
{
    struct rig *r = rig_new();
    ck_assert_str_eq(rig_exchange(r, "Z0," BP ",1;X2,27"), "E16");
    ck_assert_str_eq(rig_exchange(r, "Z0," BP ",1;Q"), "E16");
    ck_assert_str_eq(rig_exchange(r, "Z2," BP ",4;X1,27"), "E16");
    ck_assert_int_eq(r->f->points, 0);
    ck_assert_str_eq(rig_exchange(r, "Z9," BP ",1"), "");
    /* Watchpoints are not code points: not in the table, inserted again each time. */
    ck_assert_str_eq(rig_exchange(r, "Z2," BP ",4"), "OK");
    ck_assert_str_eq(rig_exchange(r, "Z2," BP ",4"), "OK");
    ck_assert_int_eq(r->f->points, 2);
    ck_assert_uint_eq(r->s.points.n, 0);
    rig_free(r);
}
END_TEST

START_TEST(test_points_are_forgotten_with_their_process)
{
    struct rig *r = rig_new();
    ck_assert_str_eq(rig_exchange(r, "Z0," BP ",1;" COND_RAX_IS_5), "OK");
    ck_assert_str_eq(rig_exchange(r, "Z0,400020,1"), "OK");
    ck_assert_uint_eq(r->s.points.n, 2);
    /* An exec replaces the memory, and the breakpoints with it. */
    fake_target_push_event(r->f, (struct stop_event){.kind = STOP_SIGNAL,
                                                     .why = WHY_EXEC,
                                                     .pid = FAKE_PID,
                                                     .tid = FAKE_PID,
                                                     .gdb_signo = 5});
    rig_send(r, "vCont;c");
    session_target_ready(&r->s);
    ck_assert_ptr_nonnull(strstr(rig_output(r), "T05"));
    ck_assert_uint_eq(r->s.points.n, 0);
    /* So the next Z0 inserts again. */
    ck_assert_str_eq(rig_exchange(r, "Z0," BP ",1"), "OK");
    ck_assert_int_eq(r->f->points, 3);
    session_process_ended(&r->s, FAKE_PID);
    ck_assert_uint_eq(r->s.points.n, 0);
    rig_free(r);
}
END_TEST

START_TEST(test_session_end_unhooks_the_target)
{
    struct rig *r = rig_new();
    struct target *t = &r->f->base;
    ck_assert(t->hit.ctx == &r->s);
    session_fini(&r->s);
    ck_assert_ptr_null(t->hit.wanted);
    ck_assert_ptr_null(t->hit.ctx);
    /* rig_free finishes the session again: harmless. */
    session_init(&r->s, &r->log, NULL, t, NULL, -1, r->pipe_wr);
    rig_free(r);
}
END_TEST

Suite *bpcond_suite(void)
{
    Suite *s = suite_create("bpcond");
    TCase *tc = tcase_create("bpcond");

    tcase_add_test(tc, test_qsupported_advertises_conditions_and_commands);
    tcase_add_test(tc, test_condition_decides_the_stop);
    tcase_add_test(tc, test_conditions_are_ored_and_errors_count_as_true);
    tcase_add_test(tc, test_hardware_breakpoints_take_conditions);
    tcase_add_test(tc, test_commands_run_in_place_of_the_stop);
    tcase_add_test(tc, test_bad_lists_are_refused_before_inserting);
    tcase_add_test(tc, test_points_are_forgotten_with_their_process);
    tcase_add_test(tc, test_session_end_unhooks_the_target);
    suite_add_tcase(s, tc);
    return s;
}

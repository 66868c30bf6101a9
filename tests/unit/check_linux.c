/* The real Linux target on small programs: launch errors, exit codes, software and hardware
 * breakpoints, stepping, registers, signals, watchpoints, interrupt, kill, detach, attach,
 * threads, memory errors and qXfer objects. The debuggee is tests/programs/tgt_debuggee.c,
 * found in $PROGS or next to this binary (BUILD/tests/unit -> BUILD/tests/programs). Every
 * wait polls event_fd with a timeout, so a hang fails the test instead of blocking. */
#include <check.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "arch/x86_64/x86_64.h"
#include "protocol/signals.h"
#include "targets/linux/linux.h"
#include "targets/target.h"
#include "tests/unit/ptrace_rig.h"
#include "tests/unit/suites_decl.h"

#define WAIT_MS 10000

extern char **environ;

static struct target *t;
static char prog[PATH_MAX];

static void setup(void)
{
    t = ptrace_rig_start("tgt_debuggee", prog, sizeof(prog));
}

static void teardown(void)
{
    target_destroy(t);
    t = NULL;
}

/* The next event within MS milliseconds: next_event's result, or -ETIMEDOUT. */
static int wait_event(struct stop_event *ev, int ms)
{
    return ptrace_rig_wait_event(t, ev, ms);
}

static int launch(const char *mode, const char *arg)
{
    char *argv[] = {prog, (char *)mode, (char *)arg, NULL};
    struct launch_opts o = {0};

    return target_launch(t, argv, &o);
}

static void resume_all(bool step, int gdb_signo)
{
    struct resume_action a = {.pid = -1, .tid = -1, .step = step, .gdb_signo = gdb_signo};

    ck_assert_int_eq(target_resume(t, &a, 1), 0);
}

static void expect_exit(int code)
{
    struct stop_event ev;

    ck_assert_int_eq(wait_event(&ev, WAIT_MS), 0);
    ck_assert_int_eq(ev.kind, STOP_EXITED);
    ck_assert_int_eq(ev.status, code);
    ck_assert_int_eq(t->pid, 0);
    ck_assert_int_eq(t->event_fd, -1);
}

/* Run-time address of symbol NAME of the debuggee (PIE: load base from AT_ENTRY). */
static uint64_t sym(const char *name)
{
    return ptrace_rig_sym(t, prog, name, NULL);
}

static size_t reg_off(const char *name)
{
    int i = arch_reg_by_name(t->arch, name);

    ck_assert_int_ge(i, 0);
    return t->arch->regs[i].offset;
}

static uint64_t reg_u64(const uint8_t *raw, const char *name)
{
    uint64_t v = 0;
    int i = arch_reg_by_name(t->arch, name);

    ck_assert_int_ge(i, 0);
    memcpy(&v, raw + t->arch->regs[i].offset,
           t->arch->regs[i].bits / 8 < 8 ? t->arch->regs[i].bits / 8 : 8);
    return v;
}

static uint64_t pc_of(int tid)
{
    uint8_t raw[4096];

    ck_assert_uint_le(t->arch->raw_size, sizeof(raw));
    ck_assert_int_eq(target_read_regs(t, tid, raw), 0);
    return reg_u64(raw, "rip");
}

/* The byte really in memory, bypassing the target's breakpoint masking. */
static int raw_byte(int pid, uint64_t addr)
{
    char path[64];
    uint8_t b;
    int fd;
    ssize_t n;

    snprintf(path, sizeof(path), "/proc/%d/mem", pid);
    fd = open(path, O_RDONLY);
    ck_assert_int_ge(fd, 0);
    n = pread(fd, &b, 1, (off_t)addr);
    close(fd);
    ck_assert_int_eq(n, 1);
    return b;
}

static bool pid_gone(int pid)
{
    int status;
    char path[64];

    snprintf(path, sizeof(path), "/proc/%d", pid);
    return waitpid(pid, &status, WNOHANG | __WALL) < 0 && errno == ECHILD && access(path, F_OK) < 0;
}

START_TEST(test_launch_true_runs_to_exit_status_zero)
{
    char *argv[] = {"/bin/true", NULL};

    ck_assert_int_eq(target_launch(t, argv, NULL), 0);
    ck_assert_int_gt(t->pid, 0);
    ck_assert_int_ge(t->event_fd, 0);
    ck_assert_ptr_eq(t->arch, &arch_x86_64);
    resume_all(false, 0);
    expect_exit(0);
}
END_TEST

START_TEST(test_launch_sets_features_and_reports_no_first_stop)
{
    struct stop_event ev;
    struct pollfd p;

    ck_assert_int_eq(launch("exit", "0"), 0);
    ck_assert(t->features & X86_64_FEAT_LINUX);
    ck_assert(t->features & X86_64_FEAT_SEGMENTS);
    ck_assert(t->features & X86_64_FEAT_SSE);
    ck_assert_uint_eq(t->features & ~X86_64_FEAT_ALL, 0);
    /* The exec stop is consumed: nothing to report and nothing to wake the loop. */
    p = (struct pollfd){t->event_fd, POLLIN, 0};
    ck_assert_int_eq(poll(&p, 1, 0), 0);
    ck_assert_int_eq(target_next_event(t, &ev), -EAGAIN);
}
END_TEST

START_TEST(test_launch_missing_program_is_enoent)
{
    char *argv[] = {"/nonexistent/rspd-no-such-program", NULL};

    ck_assert_int_eq(target_launch(t, argv, NULL), -ENOENT);
    ck_assert_int_eq(t->pid, 0);
    ck_assert_int_eq(t->event_fd, -1);
}
END_TEST

static void write_temp(char *path, const void *data, size_t len)
{
    int fd = mkstemp(path);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
    fchmod(fd, 0755);
    close(fd);
}

START_TEST(test_launch_text_file_is_enoexec)
{
    char path[] = "/tmp/rspd-test-textXXXXXX";
    char *argv[] = {path, NULL};
    static const char text[] = "#!/bin/sh\necho not an ELF file\n";

    write_temp(path, text, sizeof(text) - 1);
    ck_assert_int_eq(target_launch(t, argv, NULL), -ENOEXEC);
    unlink(path);
    ck_assert_int_eq(t->pid, 0);
}
END_TEST

START_TEST(test_launch_foreign_elf_is_exdev)
{
    char path[] = "/tmp/rspd-test-elfXXXXXX";
    char *argv[] = {path, NULL};
    Elf64_Ehdr eh;

    memset(&eh, 0, sizeof(eh));
    memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = ELFCLASS64;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    eh.e_type = ET_EXEC;
    eh.e_machine = EM_AARCH64;
    eh.e_version = EV_CURRENT;
    eh.e_ehsize = sizeof(eh);
    write_temp(path, &eh, sizeof(eh));
    ck_assert_int_eq(target_launch(t, argv, NULL), -EXDEV);
    unlink(path);
}
END_TEST

/* A second launch (vRun for another inferior in extended mode) parks the first process; each
 * says it was launched; killing the new one makes the first current again. */
START_TEST(test_second_launch_parks_the_first)
{
    ck_assert_int_eq(launch("exit", "0"), 0);
    int first = t->pid;
    ck_assert_int_eq(launch("exit", "0"), 0);
    int second = t->pid;
    ck_assert_int_ne(first, second);
    ck_assert_int_eq(target_process_attached(t, first), 0);
    ck_assert_int_eq(target_process_attached(t, second), 0);
    ck_assert_int_eq(target_process_attached(t, 0x3ffffff0), -ESRCH);
    ck_assert_int_eq(target_kill(t, second), 0);
    ck_assert_int_eq(t->pid, first);
}
END_TEST

START_TEST(test_exit_code_is_reported)
{
    ck_assert_int_eq(launch("exit", "7"), 0);
    resume_all(false, 0);
    expect_exit(7);
}
END_TEST

START_TEST(test_sw_break_stops_at_address_with_pc_rewound_and_int3_hidden)
{
    uint8_t before[4], seen[4];
    struct stop_event ev;
    uint64_t marker;

    ck_assert_int_eq(launch("break", NULL), 0);
    marker = sym("tgt_marker");
    ck_assert_int_eq(target_read_memory(t, marker - 1, before, 4), 4);
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, marker, 1), 0);
    ck_assert_int_eq(raw_byte(t->pid, marker), 0xcc);
    ck_assert_int_eq(target_read_memory(t, marker - 1, seen, 4), 4);
    ck_assert_mem_eq(seen, before, 4);

    resume_all(false, 0);
    ck_assert_int_eq(wait_event(&ev, WAIT_MS), 0);
    ck_assert_int_eq(ev.kind, STOP_SIGNAL);
    ck_assert_int_eq(ev.why, WHY_SW_BREAK);
    ck_assert_int_eq(ev.gdb_signo, GDB_SIGNAL_TRAP);
    ck_assert_int_eq(ev.tid, t->pid);
    ck_assert_uint_eq(pc_of(ev.tid), marker);
    ck_assert_int_eq(raw_byte(t->pid, marker), 0xcc);
    ck_assert_int_eq(target_read_memory(t, marker - 1, seen, 4), 4);
    ck_assert_mem_eq(seen, before, 4);

    ck_assert_int_eq(target_remove_point(t, PT_SW_BREAK, marker, 1), 0);
    ck_assert_int_eq(raw_byte(t->pid, marker), before[1]);
    ck_assert_int_eq(target_remove_point(t, PT_SW_BREAK, marker, 1), -ENOENT);
    resume_all(false, 0);
    expect_exit(0);
}
END_TEST

START_TEST(test_sw_break_needs_instruction_length)
{
    ck_assert_int_eq(launch("break", NULL), 0);
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, sym("tgt_marker"), 4), -EINVAL);
}
END_TEST

START_TEST(test_memory_write_over_breakpoint_keeps_it)
{
    uint8_t orig, other, seen;
    uint64_t marker;

    ck_assert_int_eq(launch("break", NULL), 0);
    marker = sym("tgt_marker");
    ck_assert_int_eq(target_read_memory(t, marker, &orig, 1), 1);
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, marker, 1), 0);
    other = (uint8_t)(orig ^ 0x5a);
    ck_assert_int_eq(target_write_memory(t, marker, &other, 1), 1);
    ck_assert_int_eq(raw_byte(t->pid, marker), 0xcc);
    ck_assert_int_eq(target_read_memory(t, marker, &seen, 1), 1);
    ck_assert_int_eq(seen, other);
    ck_assert_int_eq(target_remove_point(t, PT_SW_BREAK, marker, 1), 0);
    ck_assert_int_eq(raw_byte(t->pid, marker), other);
}
END_TEST

/* Launch "break" and run to a software breakpoint on tgt_marker. */
static uint64_t run_to_marker(void)
{
    struct stop_event ev;
    uint64_t marker;

    ck_assert_int_eq(launch("break", NULL), 0);
    marker = sym("tgt_marker");
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, marker, 1), 0);
    resume_all(false, 0);
    ck_assert_int_eq(wait_event(&ev, WAIT_MS), 0);
    ck_assert_int_eq(ev.why, WHY_SW_BREAK);
    ck_assert_uint_eq(pc_of(ev.tid), marker);
    return marker;
}

START_TEST(test_single_step_reports_step_one_instruction_on)
{
    struct stop_event ev;
    uint64_t marker = run_to_marker(), pc;

    ck_assert_int_eq(target_remove_point(t, PT_SW_BREAK, marker, 1), 0);
    resume_all(true, 0);
    ck_assert_int_eq(wait_event(&ev, WAIT_MS), 0);
    ck_assert_int_eq(ev.kind, STOP_SIGNAL);
    ck_assert_int_eq(ev.why, WHY_STEP);
    ck_assert_int_eq(ev.gdb_signo, GDB_SIGNAL_TRAP);
    pc = pc_of(ev.tid);
    ck_assert_uint_gt(pc, marker);
    ck_assert_uint_lt(pc, marker + 16);
    resume_all(false, 0);
    expect_exit(0);
}
END_TEST

START_TEST(test_step_over_inserted_breakpoint_hits_it)
{
    struct stop_event ev;
    uint64_t marker = run_to_marker();

    /* Still inserted: stepping executes the int3 again, reported as the breakpoint. */
    resume_all(true, 0);
    ck_assert_int_eq(wait_event(&ev, WAIT_MS), 0);
    ck_assert_int_eq(ev.why, WHY_SW_BREAK);
    ck_assert_uint_eq(pc_of(ev.tid), marker);
}
END_TEST

START_TEST(test_initial_fp_state_reads_as_gdb_expects)
{
    uint8_t raw[4096];

    ck_assert_int_eq(launch("exit", "0"), 0);
    ck_assert_int_eq(target_read_regs(t, t->pid, raw), 0);
    ck_assert_uint_eq(reg_u64(raw, "fctrl"), 0x37f);
    ck_assert_uint_eq(reg_u64(raw, "ftag"), 0xffff); /* all empty, full i387 tag word */
    ck_assert_uint_eq(reg_u64(raw, "mxcsr"), 0x1f80);
    ck_assert_uint_eq(reg_u64(raw, "cs"), 0x33);
    ck_assert_uint_ne(reg_u64(raw, "rsp"), 0);
    ck_assert_uint_eq(reg_u64(raw, "rsp") % 16, 0); /* process entry: aligned stack */
}
END_TEST

START_TEST(test_register_write_read_round_trip)
{
    uint8_t raw[4096], back[4096], xmm[16];
    static const uint8_t one[10] = {0, 0, 0, 0, 0, 0, 0, 0x80, 0xff, 0x3f}; /* 1.0L */
    uint64_t rbx = 0x1122334455667788ull;
    uint32_t ftag = 0xfff0, fstat = 0; /* TOP 0: st0, st1 are physical 0, 1; both in use */

    ck_assert_int_eq(launch("exit", "0"), 0);
    ck_assert_int_eq(target_read_regs(t, t->pid, raw), 0);
    for (int i = 0; i < 16; i++)
        xmm[i] = (uint8_t)(0xa0 + i);
    memcpy(raw + reg_off("rbx"), &rbx, 8);
    memcpy(raw + reg_off("xmm0"), xmm, 16);
    memcpy(raw + reg_off("ftag"), &ftag, 4);
    memcpy(raw + reg_off("fstat"), &fstat, 4);
    memcpy(raw + reg_off("st0"), one, 10);
    memset(raw + reg_off("st1"), 0, 10);
    ck_assert_int_eq(target_write_regs(t, t->pid, raw), 0);
    ck_assert_int_eq(target_read_regs(t, t->pid, back), 0);
    ck_assert_uint_eq(reg_u64(back, "rbx"), rbx);
    ck_assert_mem_eq(back + reg_off("xmm0"), xmm, 16);
    ck_assert_uint_eq(reg_u64(back, "rip"), reg_u64(raw, "rip"));
    ck_assert_mem_eq(back + reg_off("st0"), one, 10);
    /* The full tag is recomputed from the values: st0 valid (00), st1 zero (01), rest empty. */
    ck_assert_uint_eq(reg_u64(back, "ftag"), 0xfff4);
    if (t->features & X86_64_FEAT_AVX) {
        uint8_t hi[16];
        for (int i = 0; i < 16; i++)
            hi[i] = (uint8_t)(0x50 + i);
        memcpy(raw + reg_off("ymm3h"), hi, 16);
        ck_assert_int_eq(target_write_regs(t, t->pid, raw), 0);
        ck_assert_int_eq(target_read_regs(t, t->pid, back), 0);
        ck_assert_mem_eq(back + reg_off("ymm3h"), hi, 16);
    }
    if (t->features & X86_64_FEAT_AVX512) {
        uint64_t k = 0xf0f0;
        memcpy(raw + reg_off("k2"), &k, 8);
        memset(raw + reg_off("zmm20h"), 0x77, 32);
        memset(raw + reg_off("xmm31"), 0x66, 16);
        ck_assert_int_eq(target_write_regs(t, t->pid, raw), 0);
        ck_assert_int_eq(target_read_regs(t, t->pid, back), 0);
        ck_assert_uint_eq(reg_u64(back, "k2"), k);
        ck_assert_mem_eq(back + reg_off("zmm20h"), raw + reg_off("zmm20h"), 32);
        ck_assert_mem_eq(back + reg_off("xmm31"), raw + reg_off("xmm31"), 16);
    }
}
END_TEST

START_TEST(test_writing_rip_redirects_execution)
{
    uint8_t raw[4096];
    uint64_t to;

    run_to_marker();
    to = sym("tgt_exit42");
    ck_assert_int_eq(target_read_regs(t, t->pid, raw), 0);
    memcpy(raw + reg_off("rip"), &to, 8);
    ck_assert_int_eq(target_write_regs(t, t->pid, raw), 0);
    ck_assert_uint_eq(pc_of(t->pid), to);
    resume_all(false, 0);
    expect_exit(42);
}
END_TEST

START_TEST(test_segv_is_reported_then_kills_when_passed)
{
    struct stop_event ev;

    ck_assert_int_eq(launch("segv", NULL), 0);
    resume_all(false, 0);
    ck_assert_int_eq(wait_event(&ev, WAIT_MS), 0);
    ck_assert_int_eq(ev.kind, STOP_SIGNAL);
    ck_assert_int_eq(ev.gdb_signo, GDB_SIGNAL_SEGV);
    ck_assert_int_eq(ev.why, WHY_NONE);
    resume_all(false, GDB_SIGNAL_SEGV);
    ck_assert_int_eq(wait_event(&ev, WAIT_MS), 0);
    ck_assert_int_eq(ev.kind, STOP_KILLED);
    ck_assert_int_eq(ev.gdb_signo, GDB_SIGNAL_SEGV);
    ck_assert_int_eq(t->pid, 0);
}
END_TEST

static void run_signal_scenario(int pass, int code)
{
    struct stop_event ev;

    ck_assert_int_eq(launch("signal", NULL), 0);
    resume_all(false, 0);
    ck_assert_int_eq(wait_event(&ev, WAIT_MS), 0);
    ck_assert_int_eq(ev.kind, STOP_SIGNAL);
    ck_assert_int_eq(ev.gdb_signo, GDB_SIGNAL_USR1);
    resume_all(false, pass);
    expect_exit(code);
}

START_TEST(test_signal_passed_back_is_delivered)
{
    run_signal_scenario(GDB_SIGNAL_USR1, 10);
}
END_TEST

START_TEST(test_signal_not_passed_back_is_discarded)
{
    run_signal_scenario(0, 20);
}
END_TEST

START_TEST(test_resume_with_unknown_signal_is_einval)
{
    struct resume_action a = {.pid = -1, .tid = -1, .gdb_signo = GDB_SIGNAL_EMT};

    ck_assert_int_eq(launch("exit", "0"), 0);
    ck_assert_int_eq(target_resume(t, &a, 1), -EINVAL);
}
END_TEST

START_TEST(test_hw_watchpoint_reports_watched_address)
{
    struct stop_event ev;
    uint64_t global;
    int32_t v = 0;

    ck_assert_int_eq(launch("watch", NULL), 0);
    global = sym("tgt_global");
    ck_assert_int_eq(target_insert_point(t, PT_WATCH_W, global, 4), 0);
    resume_all(false, 0);
    ck_assert_int_eq(wait_event(&ev, WAIT_MS), 0);
    ck_assert_int_eq(ev.kind, STOP_SIGNAL);
    ck_assert_int_eq(ev.gdb_signo, GDB_SIGNAL_TRAP);
    ck_assert_int_eq(ev.why, WHY_WATCH);
    ck_assert_uint_eq(ev.data_addr, global);
    /* Data breakpoints trap after the store. */
    ck_assert_int_eq(target_read_memory(t, global, &v, 4), 4);
    ck_assert_int_eq(v, 42);
    ck_assert_int_eq(target_remove_point(t, PT_WATCH_W, global, 4), 0);
    ck_assert_int_eq(target_remove_point(t, PT_WATCH_W, global, 4), -ENOENT);
    resume_all(false, 0);
    expect_exit(0);
}
END_TEST

START_TEST(test_hw_breakpoint_reports_hw_break_at_address)
{
    struct stop_event ev;
    uint64_t marker;

    ck_assert_int_eq(launch("break", NULL), 0);
    marker = sym("tgt_marker");
    ck_assert_int_eq(target_insert_point(t, PT_HW_BREAK, marker, 1), 0);
    resume_all(false, 0);
    ck_assert_int_eq(wait_event(&ev, WAIT_MS), 0);
    ck_assert_int_eq(ev.kind, STOP_SIGNAL);
    ck_assert_int_eq(ev.why, WHY_HW_BREAK);
    ck_assert_uint_eq(pc_of(ev.tid), marker);
    ck_assert_int_eq(target_remove_point(t, PT_HW_BREAK, marker, 1), 0);
    resume_all(false, 0);
    expect_exit(0);
}
END_TEST

START_TEST(test_fifth_hw_watchpoint_is_enospc)
{
    uint64_t global;

    ck_assert_int_eq(launch("watch", NULL), 0);
    global = sym("tgt_global");
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(target_insert_point(t, PT_WATCH_W, global + 8 * (uint64_t)i, 8), 0);
    ck_assert_int_eq(target_insert_point(t, PT_WATCH_W, global + 32, 8), -ENOSPC);
}
END_TEST

START_TEST(test_interrupt_stops_spinning_program_with_sigint)
{
    struct stop_event ev;
    int pid;

    ck_assert_int_eq(launch("spin", NULL), 0);
    pid = t->pid;
    resume_all(false, 0);
    ck_assert_int_eq(wait_event(&ev, 200), -ETIMEDOUT);
    ck_assert_int_eq(target_interrupt(t), 0);
    ck_assert_int_eq(wait_event(&ev, WAIT_MS), 0);
    ck_assert_int_eq(ev.kind, STOP_SIGNAL);
    ck_assert_int_eq(ev.gdb_signo, GDB_SIGNAL_INT);
    ck_assert_int_eq(ev.tid, pid);
    /* The SIGSTOP was ours: resuming runs on, nothing more is reported. */
    resume_all(false, 0);
    ck_assert_int_eq(wait_event(&ev, 200), -ETIMEDOUT);
    ck_assert_int_eq(target_kill(t, pid), 0);
    ck_assert(pid_gone(pid));
}
END_TEST

START_TEST(test_kill_stopped_program_leaves_no_zombie)
{
    int pid;

    ck_assert_int_eq(launch("spin", NULL), 0);
    pid = t->pid;
    ck_assert_int_eq(target_kill(t, pid), 0);
    ck_assert_int_eq(t->pid, 0);
    ck_assert_int_eq(t->event_fd, -1);
    ck_assert(pid_gone(pid));
    ck_assert_int_eq(target_kill(t, pid), -ESRCH);
}
END_TEST

START_TEST(test_unreadable_address_is_eio)
{
    uint8_t buf[8] = {0};

    ck_assert_int_eq(launch("exit", "0"), 0);
    ck_assert_int_eq(target_read_memory(t, 0, buf, sizeof(buf)), -EIO);
    ck_assert_int_eq(target_write_memory(t, 0, buf, sizeof(buf)), -EIO);
    ck_assert_int_eq(target_read_memory(t, 0xffffffffff600000ull - 0x100000000ull, buf, 8), -EIO);
}
END_TEST

START_TEST(test_read_across_end_of_mapping_is_partial)
{
    unsigned long long s[64], e[64];
    char path[64], line[512], perms[64][8];
    uint64_t end = 0;
    uint8_t buf[32];
    size_t n = 0;
    FILE *f;

    ck_assert_int_eq(launch("exit", "0"), 0);
    snprintf(path, sizeof(path), "/proc/%d/maps", t->pid);
    f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    while (n < 64 && fgets(line, sizeof(line), f))
        if (sscanf(line, "%llx-%llx %7s", &s[n], &e[n], perms[n]) == 3)
            n++;
    fclose(f);
    /* A readable user mapping followed by a hole. */
    for (size_t i = 0; i + 1 < n && end == 0; i++)
        if (perms[i][0] == 'r' && s[i + 1] != e[i])
            end = e[i];
    ck_assert_uint_ne(end, 0);
    ck_assert_int_eq(target_read_memory(t, end - 8, buf, sizeof(buf)), 8);
    ck_assert_int_eq(target_read_memory(t, end, buf, sizeof(buf)), -EIO);
}
END_TEST

START_TEST(test_xfer_auxv_and_exec_file)
{
    char exe[PATH_MAX], want[PATH_MAX];
    uint64_t auxv[512];
    ssize_t n;

    ck_assert_int_eq(launch("exit", "0"), 0);
    n = target_xfer_read(t, "auxv", "", 0, auxv, sizeof(auxv));
    ck_assert_int_gt(n, 16);
    ck_assert_int_eq(n % 16, 0);
    ck_assert_uint_eq(auxv[n / 8 - 2], AT_NULL);
    ck_assert_int_eq(target_xfer_read(t, "auxv", "", (uint64_t)n, auxv, sizeof(auxv)), 0);

    ck_assert_ptr_nonnull(realpath(prog, want));
    n = target_xfer_read(t, "exec-file", "", 0, exe, sizeof(exe) - 1);
    ck_assert_int_eq(n, (ssize_t)strlen(want));
    exe[n] = '\0';
    ck_assert_str_eq(exe, want);
    snprintf(want, sizeof(want), "%x", t->pid);
    ck_assert_int_eq(target_xfer_read(t, "exec-file", want, 1, exe, 4), 4);
    ck_assert_int_eq(target_xfer_read(t, "libraries", "", 0, exe, 4), -ENOENT);
}
END_TEST

START_TEST(test_thread_breakpoint_reports_its_thread_and_lists_both)
{
    struct resume_action step = {.pid = -1, .step = true};
    struct stop_event ev;
    int tids[8];
    size_t n = 0;
    uint64_t marker;

    ck_assert_int_eq(launch("thread", NULL), 0);
    marker = sym("tgt_marker");
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, marker, 1), 0);
    resume_all(false, 0);
    ck_assert_int_eq(wait_event(&ev, WAIT_MS), 0);
    ck_assert_int_eq(ev.why, WHY_SW_BREAK);
    ck_assert_int_ne(ev.tid, t->pid);
    ck_assert_uint_eq(pc_of(ev.tid), marker);
    ck_assert_int_eq(target_list_threads(t, tids, 8, &n), 0);
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(tids[0], t->pid);
    ck_assert_int_eq(tids[1], ev.tid);
    ck_assert(target_thread_alive(t, ev.tid));
    ck_assert(!target_thread_alive(t, 1));
    /* The main thread was stopped too (all-stop): its registers are readable. */
    ck_assert_uint_ne(pc_of(t->pid), 0);

    /* Second hit: the main thread calls tgt_marker after joining. */
    /* Step that thread alone off the breakpoint; the main thread stays stopped. */
    ck_assert_int_eq(target_remove_point(t, PT_SW_BREAK, marker, 1), 0);
    step.tid = ev.tid;
    ck_assert_int_eq(target_resume(t, &step, 1), 0);
    ck_assert_int_eq(wait_event(&ev, WAIT_MS), 0);
    ck_assert_int_eq(ev.why, WHY_STEP);
    ck_assert_int_eq(ev.tid, step.tid);
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, marker, 1), 0);
    resume_all(false, 0);
    ck_assert_int_eq(wait_event(&ev, WAIT_MS), 0);
    ck_assert_int_eq(ev.why, WHY_SW_BREAK);
    ck_assert_int_eq(ev.tid, t->pid);
    ck_assert_int_eq(target_list_threads(t, tids, 8, &n), 0);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(target_remove_point(t, PT_SW_BREAK, marker, 1), 0);
    resume_all(false, 0);
    expect_exit(0);
}
END_TEST

START_TEST(test_detach_removes_points_and_lets_program_finish)
{
    uint64_t marker, global;
    int pid, status;

    ck_assert_int_eq(launch("watch", NULL), 0);
    pid = t->pid;
    marker = sym("tgt_marker");
    global = sym("tgt_global");
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, sym("tgt_write"), 1), 0);
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, marker, 1), 0);
    ck_assert_int_eq(target_insert_point(t, PT_WATCH_W, global, 4), 0);
    ck_assert_int_eq(target_detach(t, pid), 0);
    ck_assert_int_eq(t->pid, 0);
    ck_assert_int_eq(t->event_fd, -1);
    /* A leftover int3 or watchpoint would kill it with SIGTRAP. */
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

/* Killed from outside while stopped (gdb.threads/process-dies-while-detaching.exp): detach
 * succeeds, as with gdbserver, and collects every thread, which are ours to reap until then (a
 * parent waiting for the process would otherwise wait for ever). */
START_TEST(test_detach_of_a_process_killed_outside_succeeds_and_reaps_it)
{
    struct stop_event ev;
    uint64_t marker;
    int pid;

    ck_assert_int_eq(launch("thread", NULL), 0);
    pid = t->pid;
    marker = sym("tgt_marker");
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, marker, 1), 0);
    ck_assert_int_eq(target_insert_point(t, PT_WATCH_W, sym("tgt_global"), 4), 0);
    resume_all(false, 0);
    ck_assert_int_eq(wait_event(&ev, WAIT_MS), 0);
    ck_assert_int_eq(ev.why, WHY_SW_BREAK);
    ck_assert_int_ne(ev.tid, pid);
    ck_assert_int_eq(kill(pid, SIGKILL), 0);
    usleep(200000); /* every thread a zombie by now */
    ck_assert_int_eq(target_detach(t, pid), 0);
    ck_assert_int_eq(t->pid, 0);
    ck_assert(pid_gone(pid));
}
END_TEST

START_TEST(test_attach_stops_running_program_and_detach_frees_it)
{
    char *argv[] = {prog, "spin", NULL};
    posix_spawnattr_t attr;
    sigset_t none;
    uint8_t raw[4096];
    struct stop_event ev;
    pid_t pid;
    int status, tids[4];
    size_t n;

    sigemptyset(&none);
    posix_spawnattr_init(&attr);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
    ck_assert_int_eq(posix_spawn(&pid, prog, NULL, &attr, argv, environ), 0);
    posix_spawnattr_destroy(&attr);
    ck_assert_int_eq(target_attach(t, pid), 0);
    ck_assert_int_eq(t->pid, pid);
    ck_assert_int_eq(target_list_threads(t, tids, 4, &n), 0);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(target_read_regs(t, pid, raw), 0);
    ck_assert_int_eq(target_next_event(t, &ev), -EAGAIN);
    ck_assert_int_eq(target_detach(t, pid), 0);
    /* Free and still spinning. */
    ck_assert_int_eq(waitpid(pid, &status, WNOHANG), 0);
    kill(pid, SIGKILL);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFSIGNALED(status));
}
END_TEST

START_TEST(test_exec_is_reported_and_new_image_is_readable)
{
    struct stop_event ev;
    uint8_t b;
    uint64_t marker;

    ck_assert_int_eq(launch("exec", NULL), 0);
    /* A breakpoint in the old image must not survive into the new one. */
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, sym("tgt_write"), 1), 0);
    resume_all(false, 0);
    ck_assert_int_eq(wait_event(&ev, WAIT_MS), 0);
    ck_assert_int_eq(ev.kind, STOP_SIGNAL);
    ck_assert_int_eq(ev.gdb_signo, GDB_SIGNAL_TRAP);
    ck_assert_int_eq(ev.why, WHY_EXEC);
    ck_assert_int_eq(ev.tid, t->pid);
    marker = sym("tgt_marker"); /* from the new auxv */
    ck_assert_int_eq(target_read_memory(t, marker, &b, 1), 1);
    ck_assert_int_eq(target_remove_point(t, PT_SW_BREAK, sym("tgt_write"), 1), -ENOENT);
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, marker, 1), 0);
    ck_assert_int_eq(raw_byte(t->pid, marker), 0xcc);
    ck_assert_int_eq(target_remove_point(t, PT_SW_BREAK, marker, 1), 0);
    resume_all(false, 0);
    expect_exit(5);
}
END_TEST

START_TEST(test_passed_signal_reaches_program_without_stop)
{
    bool pass[GDB_SIGNAL_LAST] = {false};

    ck_assert_int_eq(launch("signal", NULL), 0);
    pass[GDB_SIGNAL_USR1] = true;
    ck_assert_int_eq(target_set_pass_signals(t, pass, GDB_SIGNAL_LAST), 0);
    resume_all(false, 0);
    /* The handler ran (exit 10) and no SIGUSR1 stop came first. */
    expect_exit(10);
}
END_TEST

START_TEST(test_siginfo_of_segv_is_read_and_written)
{
    struct stop_event ev;
    siginfo_t si;
    char annex[16];
    int32_t signo = SIGSEGV;

    ck_assert_int_eq(launch("segv", NULL), 0);
    resume_all(false, 0);
    ck_assert_int_eq(wait_event(&ev, WAIT_MS), 0);
    ck_assert_int_eq(ev.gdb_signo, GDB_SIGNAL_SEGV);
    snprintf(annex, sizeof(annex), "%x", ev.tid);
    memset(&si, 0xa5, sizeof(si));
    ck_assert_int_eq(target_xfer_read(t, "siginfo", annex, 0, &si, sizeof(si)), 128);
    ck_assert_int_eq(si.si_signo, SIGSEGV);
    ck_assert_ptr_null(si.si_addr); /* the debuggee writes through NULL */
    ck_assert_int_eq(target_xfer_read(t, "siginfo", annex, 120, &si, 64), 8);
    ck_assert_int_eq(target_xfer_write(t, "siginfo", annex, 0, &signo, 4), 4);
    ck_assert_int_eq(target_xfer_read(t, "siginfo", "7fffffff", 0, &si, 8), -ESRCH);
    ck_assert_int_eq(target_kill(t, t->pid), 0);
}
END_TEST

START_TEST(test_thread_events_report_create_and_exit)
{
    struct stop_event ev;
    int tids[8], child;
    size_t n;

    ck_assert_int_eq(launch("thread", NULL), 0);
    ck_assert_int_eq(target_set_thread_events(t, true), 0);
    resume_all(false, 0);
    ck_assert_int_eq(wait_event(&ev, WAIT_MS), 0);
    ck_assert_int_eq(ev.kind, STOP_SIGNAL);
    ck_assert_int_eq(ev.why, WHY_CLONE);
    ck_assert_int_ne(ev.tid, t->pid);
    child = ev.tid;
    ck_assert(target_thread_alive(t, child));
    resume_all(false, 0);
    ck_assert_int_eq(wait_event(&ev, WAIT_MS), 0);
    ck_assert_int_eq(ev.kind, STOP_THREAD_EXITED);
    ck_assert_int_eq(ev.tid, child);
    ck_assert(!target_thread_alive(t, child));
    ck_assert_int_eq(target_list_threads(t, tids, 8, &n), 0);
    /* The leader, unless it is already a zombie on its way out (main returns right after the
     * join): a zombie leader is no longer listed, only the process exit is still to come. */
    ck_assert_uint_le(n, 1);
    ck_assert(n == 0 || tids[0] == t->pid);
    resume_all(false, 0);
    expect_exit(0);
}
END_TEST

/* leaderexit: main calls pthread_exit, its worker ends the process later. The leader is a
 * zombie when the worker's exit is reported; once that is told, the leader alone is the
 * process exiting, and the next resume must report the exit instead of waiting for ever. */
START_TEST(test_thread_exit_after_leader_exit_then_process_exit)
{
    char dir[PATH_MAX], other[PATH_MAX + 16];
    struct stop_event ev;
    int tids[8], worker;
    size_t n;

    ptrace_rig_progs_dir(dir, sizeof(dir));
    snprintf(other, sizeof(other), "%s/leaderexit", dir);
    char *argv[] = {other, NULL};
    struct launch_opts o = {0};
    ck_assert_int_eq(target_launch(t, argv, &o), 0);
    ck_assert_int_eq(target_set_thread_events(t, true), 0);
    resume_all(false, 0);
    ck_assert_int_eq(wait_event(&ev, WAIT_MS), 0);
    ck_assert_int_eq(ev.why, WHY_CLONE);
    worker = ev.tid;
    resume_all(false, 0);
    ck_assert_int_eq(wait_event(&ev, WAIT_MS), 0);
    ck_assert_int_eq(ev.kind, STOP_THREAD_EXITED);
    ck_assert_int_eq(ev.tid, worker);
    ck_assert_int_eq(target_list_threads(t, tids, 8, &n), 0);
    ck_assert_uint_eq(n, 0);
    resume_all(false, 0);
    expect_exit(0);
}
END_TEST

START_TEST(test_resuming_only_a_thread_that_exits_reports_no_resumed)
{
    struct resume_action one = {.pid = -1};
    struct stop_event ev;
    uint64_t marker;

    ck_assert_int_eq(launch("thread", NULL), 0);
    marker = sym("tgt_marker");
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, marker, 1), 0);
    resume_all(false, 0);
    ck_assert_int_eq(wait_event(&ev, WAIT_MS), 0);
    ck_assert_int_eq(ev.why, WHY_SW_BREAK);
    ck_assert_int_ne(ev.tid, t->pid);
    ck_assert_int_eq(target_remove_point(t, PT_SW_BREAK, marker, 1), 0);
    /* scheduler-locking: only that thread runs, and it ends silently */
    one.tid = ev.tid;
    ck_assert_int_eq(target_resume(t, &one, 1), 0);
    ck_assert_int_eq(wait_event(&ev, WAIT_MS), 0);
    ck_assert_int_eq(ev.kind, STOP_NO_RESUMED);
    resume_all(false, 0);
    expect_exit(0);
}
END_TEST

START_TEST(test_ops_without_process_fail_cleanly)
{
    struct resume_action a = {.pid = -1, .tid = -1};
    struct stop_event ev;
    uint8_t b;

    ck_assert_int_eq(target_resume(t, &a, 1), -ESRCH);
    ck_assert_int_eq(target_next_event(t, &ev), -EAGAIN);
    ck_assert_int_lt(target_read_memory(t, 0x1000, &b, 1), 0);
    ck_assert_int_eq(target_insert_point(t, PT_SW_BREAK, 0x1000, 1), -ESRCH);
    ck_assert_int_eq(target_detach(t, 0), -ESRCH);
    ck_assert_int_eq(target_interrupt(t), -ESRCH);
}
END_TEST

START_TEST(test_signal_numbers_map_both_ways)
{
    static const struct {
        int host, gdb;
    } pairs[] = {
        {SIGINT, GDB_SIGNAL_INT},     {SIGTRAP, GDB_SIGNAL_TRAP},
        {SIGSEGV, GDB_SIGNAL_SEGV},   {SIGUSR1, GDB_SIGNAL_USR1},
        {SIGUSR2, GDB_SIGNAL_USR2},   {SIGCHLD, GDB_SIGNAL_CHLD},
        {SIGSTOP, GDB_SIGNAL_STOP},   {SIGCONT, GDB_SIGNAL_CONT},
        {SIGIO, GDB_SIGNAL_IO},       {SIGSYS, GDB_SIGNAL_SYS},
        {SIGPWR, GDB_SIGNAL_PWR},     {32, GDB_SIGNAL_REALTIME_32},
        {33, GDB_SIGNAL_REALTIME_33}, {63, GDB_SIGNAL_REALTIME_33 + 30},
        {64, GDB_SIGNAL_REALTIME_64}, {0, GDB_SIGNAL_0},
    };

    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        ck_assert_int_eq(linux_signal_to_gdb(pairs[i].host), pairs[i].gdb);
        ck_assert_int_eq(linux_signal_from_gdb(pairs[i].gdb), pairs[i].host);
    }
    ck_assert_int_eq(linux_signal_to_gdb(SIGSTKFLT), GDB_SIGNAL_UNKNOWN);
    ck_assert_int_eq(linux_signal_from_gdb(GDB_SIGNAL_EMT), -1);
    ck_assert_int_eq(linux_signal_from_gdb(GDB_SIGNAL_UNKNOWN), -1);
}
END_TEST

START_TEST(test_create_refuses_unblocked_sigchld)
{
    sigset_t set;

    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    ck_assert_int_eq(sigprocmask(SIG_UNBLOCK, &set, NULL), 0);
    errno = 0;
    ck_assert_ptr_null(target_create_native());
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(sigprocmask(SIG_BLOCK, &set, NULL), 0);
}
END_TEST

Suite *linux_suite(void)
{
    Suite *s = suite_create("linux");
    TCase *tc = tcase_create("ptrace");
    TCase *pure = tcase_create("pure");

    tcase_add_test(pure, test_signal_numbers_map_both_ways);
    tcase_add_test(pure, test_create_refuses_unblocked_sigchld);
    suite_add_tcase(s, pure);

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_launch_true_runs_to_exit_status_zero);
    tcase_add_test(tc, test_launch_sets_features_and_reports_no_first_stop);
    tcase_add_test(tc, test_launch_missing_program_is_enoent);
    tcase_add_test(tc, test_launch_text_file_is_enoexec);
    tcase_add_test(tc, test_launch_foreign_elf_is_exdev);
    tcase_add_test(tc, test_second_launch_parks_the_first);
    tcase_add_test(tc, test_exit_code_is_reported);
    tcase_add_test(tc, test_sw_break_stops_at_address_with_pc_rewound_and_int3_hidden);
    tcase_add_test(tc, test_sw_break_needs_instruction_length);
    tcase_add_test(tc, test_memory_write_over_breakpoint_keeps_it);
    tcase_add_test(tc, test_single_step_reports_step_one_instruction_on);
    tcase_add_test(tc, test_step_over_inserted_breakpoint_hits_it);
    tcase_add_test(tc, test_initial_fp_state_reads_as_gdb_expects);
    tcase_add_test(tc, test_register_write_read_round_trip);
    tcase_add_test(tc, test_writing_rip_redirects_execution);
    tcase_add_test(tc, test_segv_is_reported_then_kills_when_passed);
    tcase_add_test(tc, test_signal_passed_back_is_delivered);
    tcase_add_test(tc, test_signal_not_passed_back_is_discarded);
    tcase_add_test(tc, test_resume_with_unknown_signal_is_einval);
    tcase_add_test(tc, test_hw_watchpoint_reports_watched_address);
    tcase_add_test(tc, test_hw_breakpoint_reports_hw_break_at_address);
    tcase_add_test(tc, test_fifth_hw_watchpoint_is_enospc);
    tcase_add_test(tc, test_interrupt_stops_spinning_program_with_sigint);
    tcase_add_test(tc, test_kill_stopped_program_leaves_no_zombie);
    tcase_add_test(tc, test_unreadable_address_is_eio);
    tcase_add_test(tc, test_read_across_end_of_mapping_is_partial);
    tcase_add_test(tc, test_xfer_auxv_and_exec_file);
    tcase_add_test(tc, test_thread_breakpoint_reports_its_thread_and_lists_both);
    tcase_add_test(tc, test_detach_removes_points_and_lets_program_finish);
    tcase_add_test(tc, test_detach_of_a_process_killed_outside_succeeds_and_reaps_it);
    tcase_add_test(tc, test_attach_stops_running_program_and_detach_frees_it);
    tcase_add_test(tc, test_exec_is_reported_and_new_image_is_readable);
    tcase_add_test(tc, test_ops_without_process_fail_cleanly);
    tcase_add_test(tc, test_passed_signal_reaches_program_without_stop);
    tcase_add_test(tc, test_siginfo_of_segv_is_read_and_written);
    tcase_add_test(tc, test_thread_events_report_create_and_exit);
    tcase_add_test(tc, test_resuming_only_a_thread_that_exits_reports_no_resumed);
    tcase_add_test(tc, test_thread_exit_after_leader_exit_then_process_exit);
    suite_add_tcase(s, tc);
    return s;
}

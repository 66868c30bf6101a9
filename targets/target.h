/* The target interface: the only header the server includes to reach a debuggee. Each OS
 * implements struct target_ops in targets/<os>/ and embeds struct target as its first member.
 * A NULL op means "not supported": the server does not advertise or serve that feature. */
#ifndef RSPD_TARGETS_TARGET_H
#define RSPD_TARGETS_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "arch/arch.h"

struct target;

struct launch_opts {
    bool disable_aslr;       /* personality(ADDR_NO_RANDOMIZE) in the child */
    const char *cwd;         /* NULL: inherit */
    char *const *envp;       /* NULL: inherit */
    bool startup_with_shell; /* run "exec PROG ARGS" through SHELL, as gdbserver does */
    char *const *wrapper;    /* NULL, or a NULL-terminated argv that execs PROG ARGS after it
                                (gdbserver's --wrapper, e.g. {"env", "X=1", NULL}) */
    const char *shell;       /* NULL: $SHELL, else /bin/sh */
    bool own_pgrp;           /* put the program in its own process group (and give it the
                                terminal when stdin is one), so a terminal ^C reaches only it */
};

enum stop_kind {
    STOP_SIGNAL,        /* a thread stopped; gdb_signo says with what (GDB_SIGNAL_TRAP for traps) */
    STOP_EXITED,        /* the process exited; status = exit code */
    STOP_KILLED,        /* the process was killed by gdb_signo */
    STOP_NO_RESUMED,    /* nothing left that could report an event */
    STOP_THREAD_EXITED, /* thread tid exited, status = its exit code; only with thread events
                           on (set_thread_events), else thread exits are silent */
};

enum stop_why {
    WHY_NONE,
    WHY_SW_BREAK, /* PC already rewound to the breakpoint address */
    WHY_HW_BREAK,
    WHY_WATCH, /* data_addr = watched address */
    WHY_RWATCH,
    WHY_AWATCH,
    WHY_STEP,
    WHY_CLONE,         /* tid is a new thread, stopped at its start (thread events on) */
    WHY_EXEC,          /* the process runs a new program (xfer "exec-file" names it) */
    WHY_FORK,          /* data_addr = the new child's pid, a stopped traced process now */
    WHY_VFORK,         /* the same for vfork: the child shares the parent's memory */
    WHY_VFORK_DONE,    /* the vfork child exec'd or exited: the parent's memory is its own */
    WHY_SYSCALL_ENTRY, /* data_addr = syscall number */
    WHY_SYSCALL_RETURN,
};

struct stop_event {
    enum stop_kind kind;
    enum stop_why why;
    int pid;
    int tid;
    int gdb_signo;      /* gdb numbering (protocol/signals.h) */
    int status;         /* STOP_EXITED: exit code */
    uint64_t data_addr; /* see enum stop_why */
};

/* One resume request. Actions are applied in order; a thread takes the first action that names
 * it. tid == -1 names every thread (of pid, or of every process when pid == -1) not yet named. */
struct resume_action {
    int pid;
    int tid;
    bool step;
    int gdb_signo; /* 0 = none */
    /* Range stepping (step only, where the target can_range_step): after the first step the
     * thread keeps stepping while its PC stays in [range_start, range_end), and reports the
     * step that leaves it, or any other event first. An empty range (start == end, both 0
     * for a plain step) is one single step. */
    uint64_t range_start;
    uint64_t range_end;
    /* The thread (tid > 0) stays as it is: no later action applies to it (non-stop: a thread
     * whose stop the client has not pulled yet is not resumed by a wildcard). */
    bool keep;
};

struct target_ops {
    const char *name; /* "linux" */

    /* Start ARGV[0] with ARGV stopped at its first instruction; sets t->arch, t->features,
     * t->pid. -errno; -ENOENT/-EACCES/-ENOEXEC as exec reported them, -EXDEV wrong arch. */
    int (*launch)(struct target *t, char *const argv[], const struct launch_opts *o);
    int (*attach)(struct target *t, int pid);
    /* Remove every breakpoint and watchpoint, then let PID run free. */
    int (*detach)(struct target *t, int pid);
    /* Kill PID and reap it; returns once it is gone. */
    int (*kill)(struct target *t, int pid);
    /* Resume as ACTIONS say; threads no action names stay stopped. */
    int (*resume)(struct target *t, const struct resume_action *actions, size_t n);
    /* True when resume honours step ranges (resume_action.range_start/end) itself, with no
     * stop reported for a step that stays inside the range (vCont;r). NULL: not supported,
     * every range is refused. */
    bool (*can_range_step)(struct target *t);
    /* Ask the running process to stop; a STOP_SIGNAL event with GDB_SIGNAL_INT follows. */
    int (*interrupt)(struct target *t);
    /* The next event, with every thread stopped (all-stop). 0, or -EAGAIN when none is ready
     * (wait for event_fd to become readable). */
    int (*next_event)(struct target *t, struct stop_event *out);
    /* Non-stop mode (ON) or all-stop (the default). In non-stop mode next_event reports each
     * thread's event without stopping the other threads (only the reporting thread stops and
     * counts as no longer resumed), and resume sets the named threads running while others
     * stay as they are. Switch only while no thread runs. 0 or -errno. */
    int (*set_non_stop)(struct target *t, bool on);
    /* Non-stop: stop every running thread of PID (-1: every process) with tid TID (-1: all
     * of them). Each reports a STOP_SIGNAL with gdb_signo 0 through next_event, unless another
     * event of it comes first. 0 or -errno. */
    int (*stop_threads)(struct target *t, int pid, int tid);
    /* True while thread TID is resumed and its stop not yet reported (non-stop '?'). */
    bool (*thread_resumed)(struct target *t, int tid);

    /* Bytes read (possibly fewer than LEN when the range runs into unmapped memory), or -errno
     * (-EIO/-EFAULT when not even the first byte is readable). Software breakpoints are hidden:
     * the original bytes are returned. */
    ssize_t (*read_memory)(struct target *t, uint64_t addr, void *buf, size_t len);
    ssize_t (*write_memory)(struct target *t, uint64_t addr, const void *buf, size_t len);

    /* The full raw block of thread TID (arch->raw_size bytes, every feature; absent features
     * read as zero). */
    int (*read_regs)(struct target *t, int tid, void *raw);
    int (*write_regs)(struct target *t, int tid, const void *raw);

    /* Z/z: 0, -ENOSPC (no slot left), -EINVAL (bad kind or length), -ENOENT (remove unknown). */
    int (*insert_point)(struct target *t, enum point_kind kind, uint64_t addr, size_t len);
    int (*remove_point)(struct target *t, enum point_kind kind, uint64_t addr, size_t len);

    /* Thread ids of every traced process into TIDS (CAP entries); *N is the total count.
     * thread_process says which process each belongs to. */
    int (*list_threads)(struct target *t, int *tids, size_t cap, size_t *n);
    /* The pid of the traced process thread TID belongs to, or -ESRCH. NULL: t->pid. */
    int (*thread_process)(struct target *t, int tid);
    /* Make PID (a traced process) current: t->pid becomes PID, and the memory, breakpoint and
     * qXfer ops act on it. 0, or -ESRCH. NULL: one process only. */
    int (*set_current)(struct target *t, int pid);
    /* Report fork (WHY_FORK) and vfork (WHY_VFORK, WHY_VFORK_DONE) events, or not (the
     * default: children are not traced). A reported child is a traced, stopped process until
     * detached or killed. 0 or -errno. */
    int (*set_fork_events)(struct target *t, bool fork, bool vfork);
    bool (*thread_alive)(struct target *t, int tid);
    /* 1 when process PID (the current one when PID <= 0) was attached to, 0 when it was
     * launched (or forked from a launched one), -ESRCH when not traced (qAttached). */
    int (*process_attached)(struct target *t, int pid);
    /* Report thread creation (WHY_CLONE) and exit (STOP_THREAD_EXITED) events, or not (the
     * default). 0 or -errno. */
    int (*set_thread_events)(struct target *t, bool on);
    /* Catch system calls (QCatchSyscalls), or stop catching (ON false). While on, a thread
     * that enters or returns from system call number NUMS[i] (any number when N == 0) stops
     * with WHY_SYSCALL_ENTRY / WHY_SYSCALL_RETURN (data_addr = the number, GDB_SIGNAL_TRAP);
     * other calls never stop. Entry and return are told apart per thread, also for a thread
     * single-stepped through a call or attached inside one. Takes effect at the next resume;
     * replaces the last set. 0 or -errno. */
    int (*set_catch_syscalls)(struct target *t, bool on, const int *nums, size_t n);
    /* Signals (gdb numbers: SIGS[g] true for each signal g < N) that, arriving while the
     * program runs, go straight to it without a stop (QPassSignals). Replaces the last set. */
    int (*set_pass_signals)(struct target *t, const bool *sigs, size_t n);
    /* Signals the program may receive when rspd decides alone, e.g. ones still owed at detach
     * (QProgramSignals). Until set: every signal. Replaces the last set. */
    int (*set_program_signals)(struct target *t, const bool *sigs, size_t n);

    /* qXfer objects the target serves: "auxv", "exec-file" (annex: pid in hex, or empty).
     * Bytes copied from OFF, 0 at the end, or -errno (-ENOENT: unknown object).
     * Documents ("libraries-svr4", annex "" or "start=LM;prev=LM;" in hex; "osdata", annex
     * "" or a type such as "processes") are built whole on each call, so a count smaller than
     * LEN means the end: read them from offset 0 into a buffer big enough and chunk that. */
    ssize_t (*xfer_read)(struct target *t, const char *object, const char *annex, uint64_t off,
                         void *buf, size_t len);
    /* NULL-terminated names of the objects beyond "auxv" and "exec-file" that xfer_read
     * serves ("libraries-svr4", "osdata"); qSupported advertises them. NULL: none. */
    const char *const *xfer_objects;
    /* Writable objects: "siginfo" (annex: thread id in hex; the 128-byte siginfo of the
     * signal the thread stopped with, written before it resumes). Bytes written or -errno. */
    ssize_t (*xfer_write)(struct target *t, const char *object, const char *annex, uint64_t off,
                          const void *buf, size_t len);

    /* Thread-local storage (qGetTLSAddr): the address of byte OFFSET of the TLS block of the
     * module whose link_map is at LM, as thread TID sees it, into *ADDR. 0; -ENODATA when the
     * thread has no block for that module yet (a dlopen'ed module it never touched) or the
     * module has no TLS; -ENOTSUP when the thread library's layout cannot be found (not
     * glibc); -ESRCH; -EIO when the structures cannot be read. */
    int (*tls_address)(struct target *t, int tid, uint64_t lm, uint64_t offset, uint64_t *addr);

    /* After attach(PID) failed with ERR (negative errno): one line saying why, in terms of
     * the cause and the fix (no such process, already traced by N, Yama ptrace_scope, another
     * user's process without CAP_SYS_PTRACE, ...), without "rspd:" or a final newline.
     * Written NUL-terminated into BUF (LEN bytes, truncated to fit). */
    void (*attach_explain)(struct target *t, int pid, int err, char *buf, size_t len);

    void (*destroy)(struct target *t);
};

/* Asked by the target before it reports a breakpoint hit (WHY_SW_BREAK, WHY_HW_BREAK at ADDR,
 * point kind KIND) of thread TID, which the client continued (not single-stepped). False means
 * the client does not want this stop (a condition it gave is false, or the commands it gave
 * ran in its place): the target then moves the thread past the breakpoint and lets it run on
 * as if it had not hit, without stopping the other threads for the client. The thread is
 * stopped and its process current; the hook may read the thread's registers and the memory
 * through the target ops, nothing more. A NULL WANTED reports every hit. */
struct target_hit_hook {
    bool (*wanted)(void *ctx, struct target *t, int tid, enum point_kind kind, uint64_t addr);
    void *ctx;
};

struct target {
    const struct target_ops *ops;
    struct target_hit_hook hit;   /* set by the server; zeroed by target_create_native */
    const struct arch_desc *arch; /* set by launch/attach from the program's ELF header */
    uint64_t features;            /* arch feature mask of the process (x86: XCR0) */
    int event_fd;                 /* readable => call next_event; -1 when nothing is debugged */
    int pid;                      /* current process, 0 when none (see set_current) */
    /* Set by attach: the GDB signal the leader stopped with. 0 when it was the attach's own
     * stop; another signal that was on its way (owed to the program) is what the attach's
     * stop reply reports, as gdbserver does (gdb.threads/attach-into-signal.exp). */
    int attach_signo;
};

/* The native target of the OS this binary was built for (the Makefile picks the folder), or
 * NULL (errno set). Linux: the calling thread must block SIGCHLD (sigprocmask) first, since
 * events arrive through a signalfd; the server must not wait for children of its own. */
struct target *target_create_native(void);

/* Wrappers: a NULL op gives -ENOSYS (or false / nothing). */
int target_launch(struct target *t, char *const argv[], const struct launch_opts *o);
int target_attach(struct target *t, int pid);
int target_detach(struct target *t, int pid);
int target_kill(struct target *t, int pid);
int target_resume(struct target *t, const struct resume_action *actions, size_t n);
bool target_can_range_step(struct target *t);
int target_interrupt(struct target *t);
int target_set_non_stop(struct target *t, bool on);
int target_stop_threads(struct target *t, int pid, int tid);
bool target_thread_resumed(struct target *t, int tid);
int target_next_event(struct target *t, struct stop_event *out);
ssize_t target_read_memory(struct target *t, uint64_t addr, void *buf, size_t len);
ssize_t target_write_memory(struct target *t, uint64_t addr, const void *buf, size_t len);
int target_read_regs(struct target *t, int tid, void *raw);
int target_write_regs(struct target *t, int tid, const void *raw);
int target_insert_point(struct target *t, enum point_kind kind, uint64_t addr, size_t len);
int target_remove_point(struct target *t, enum point_kind kind, uint64_t addr, size_t len);
int target_list_threads(struct target *t, int *tids, size_t cap, size_t *n);
bool target_thread_alive(struct target *t, int tid);
int target_process_attached(struct target *t, int pid);
int target_thread_process(struct target *t, int tid);
int target_set_current(struct target *t, int pid);
int target_set_fork_events(struct target *t, bool fork, bool vfork);
int target_set_thread_events(struct target *t, bool on);
int target_set_catch_syscalls(struct target *t, bool on, const int *nums, size_t n);
int target_set_pass_signals(struct target *t, const bool *sigs, size_t n);
int target_set_program_signals(struct target *t, const bool *sigs, size_t n);
ssize_t target_xfer_write(struct target *t, const char *object, const char *annex, uint64_t off,
                          const void *buf, size_t len);
int target_tls_address(struct target *t, int tid, uint64_t lm, uint64_t offset, uint64_t *addr);
ssize_t target_xfer_read(struct target *t, const char *object, const char *annex, uint64_t off,
                         void *buf, size_t len);
/* True when xfer_read serves OBJECT (one of ops->xfer_objects). */
bool target_xfer_has(const struct target *t, const char *object);
/* Why attach(PID) failed with ERR, into BUF (see attach_explain); strerror(-ERR) when the
 * target has no explanation of its own. */
void target_attach_explain(struct target *t, int pid, int err, char *buf, size_t len);
void target_destroy(struct target *t);

#endif

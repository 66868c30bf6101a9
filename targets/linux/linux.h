/* Private to targets/linux/: the Linux target's state, its LWP (thread) table and the
 * per-architecture glue. Nothing outside this folder includes it; the server sees only
 * targets/target.h.
 *
 * Process model: one debuggee at a time, traced with ptrace (PTRACE_TRACEME at launch,
 * PTRACE_O_TRACECLONE for threads), all-stop: when one thread reports, every other thread is
 * stopped before next_event returns; in non-stop mode (set_non_stop) only the reporting thread
 * stops. Events arrive through a signalfd on SIGCHLD, so the
 * calling thread MUST have SIGCHLD blocked (sigprocmask) before target_create_native(); the
 * constructor refuses otherwise. Child statuses are collected with waitpid(-1, __WALL), so the
 * server must not have other children it waits for. */
#ifndef RSPD_TARGETS_LINUX_LINUX_H
#define RSPD_TARGETS_LINUX_LINUX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/ptrace.h>
#include <sys/types.h>

#include "targets/swbreak.h"
#include "targets/target.h"

/* One traced thread. */
struct linux_lwp {
    struct linux_lwp *next;
    int tid;
    bool running;  /* PTRACE_CONT/SINGLESTEP issued and its stop not yet collected */
    bool resumed;  /* the client resumed it and has not been told of a stop since */
    bool stepping; /* resumed with PTRACE_SINGLESTEP */
    /* Range stepping (vCont;r): a step that leaves the PC in [step_start, step_end) is not
     * reported, the thread steps on; an empty range: every step is. */
    uint64_t step_start;
    uint64_t step_end;
    bool stop_expected;  /* we sent it a SIGSTOP that has not been collected yet */
    bool stop_requested; /* non-stop: the client asked it to stop (stop_threads); that SIGSTOP
                            is reported, as signal 0 */
    bool is_new;         /* a new thread that has not got the debug registers yet */
    bool needs_options;  /* attached with PTRACE_ATTACH, not stopped since: its ptrace options
                            are set at its first stop */
    bool has_pending;    /* PENDING is an event collected but not yet reported */
    bool exited;         /* gone; kept only until its STOP_THREAD_EXITED (PENDING) is reported */
    struct stop_event pending;
    bool in_syscall;    /* between a syscall-entry stop and its return, or stopped by an event
                           (clone, fork, exec) from inside a system call */
    bool syscall_known; /* SYSCALL_NR is the number of the call it is in */
    long syscall_nr;
    int last_signo; /* host signal it last stopped with (0: none), informational */
    int resume_sig; /* host signal to deliver when it is next set running */
};

struct linux_target;

/* What the target needs from an architecture, Linux side (linux/<arch>.c). */
struct linux_arch {
    unsigned elf_machine;
    unsigned elf_class;
    /* After the first stop of a new process: allocate lt->arch_state, compute
     * lt->base.features from the thread TID. 0 or -errno. */
    int (*setup)(struct linux_target *lt, int tid);
    /* Free lt->arch_state (may be NULL). */
    void (*teardown)(struct linux_target *lt);
    int (*read_regs)(struct linux_target *lt, int tid, void *raw);
    int (*write_regs)(struct linux_target *lt, int tid, const void *raw);
    int (*get_pc)(struct linux_target *lt, int tid, uint64_t *pc);
    int (*set_pc)(struct linux_target *lt, int tid, uint64_t pc);
    /* Hardware breakpoints and watchpoints, on every thread; NULL when there are none. */
    int (*insert_hw)(struct linux_target *lt, enum point_kind kind, uint64_t addr, size_t len);
    int (*remove_hw)(struct linux_target *lt, enum point_kind kind, uint64_t addr, size_t len);
    /* Disarm every hardware point on every thread and forget them (detach). */
    int (*clear_hw)(struct linux_target *lt);
    /* A new thread TID appeared: give it the process's hardware points. */
    int (*new_thread)(struct linux_target *lt, int tid);
    /* The current process is a fork child just set up: take over the hardware points of the
     * parent (PARENT_STATE, its arch_state) and program them into the child, as the kernel
     * does not copy debug registers. NULL: nothing to inherit. */
    int (*inherit)(struct linux_target *lt, const void *parent_state);
    /* Thread TID stopped with a SIGTRAP that is not a software breakpoint: classify it from
     * the debug status (WHY_HW_BREAK, WHY_WATCH/RWATCH/AWATCH with *ADDR, WHY_STEP, or
     * WHY_NONE) and reset the status. */
    int (*trap_reason)(struct linux_target *lt, int tid, enum stop_why *why, uint64_t *addr);
};

/* A traced process other than the current one: the per-process fields of struct
 * linux_target (marked "per process" there), parked until linux_proc_switch makes it current
 * again. Forked children join as parked processes. */
struct linux_proc {
    struct linux_proc *next;
    int pid;
    uint64_t features;
    void *arch_state;
    struct linux_lwp *lwps;
    int mem_fd;
    bool attached;
    int fork_parent;
    struct swbreak_table sw;
};

struct linux_target {
    struct target base; /* first member: a struct target * is a struct linux_target * */
    /* Per process (base.pid, base.features, arch_state, lwps, mem_fd, attached, sw): these
     * fields hold the CURRENT process; every other one is parked in PARKED. */
    const struct linux_arch *glue;
    void *arch_state;          /* owned by glue */
    struct linux_lwp *lwps;    /* owned list; NULL when nothing is debugged */
    int mem_fd;                /* /proc/PID/mem, -1 when none */
    bool interrupting;         /* interrupt() sent SIGSTOP to the leader; report it as INT */
    bool interrupt_owed;       /* an interrupt was overtaken by another stop: the next resume
                                * reports it (gdbserver's SIGINT would still be pending) */
    unsigned declined;         /* breakpoint hits declined (hits.c) in this next_event call */
    bool non_stop;             /* set_non_stop: report events without stopping other threads */
    bool attached;             /* attached, not launched: destroy detaches instead of killing */
    int fork_parent;           /* a fork child whose parent's fork event is not reported yet: the
                                  parent's pid (the client does not know the child: it is not
                                  listed, not resumed, and goes with its parent on detach, as
                                  gdbserver does); else 0 */
    bool thread_events;        /* report thread creation and exit (set_thread_events) */
    uint64_t pass_mask;        /* bit S: host signal S goes to the program without a stop */
    uint64_t program_mask;     /* bit S: host signal S may be delivered when rspd decides alone */
    unsigned pending_turn;     /* where the next search for a pending event starts (fairness) */
    struct swbreak_table sw;   /* valid while base.arch is set */
    struct linux_proc *parked; /* the other traced processes (forked children), owned */
    int fork_opts;             /* PTRACE_O_TRACEFORK/VFORK/VFORKDONE the client asked for */
    int early[16];             /* fork children whose first stop came before the parent's event */
    size_t nearly;
    bool catch_syscalls; /* QCatchSyscalls: threads run with PTRACE_SYSCALL */
    int *catch_nums;     /* sorted numbers of the system calls reported; NULL: every one */
    size_t ncatch;
};

/* The glue for ELF MACHINE/CLASS, or NULL when this target cannot debug it. */
const struct linux_arch *linux_arch_find(unsigned machine, unsigned elf_class);
extern const struct linux_arch linux_arch_x86_64;

/* exe.c: the arch of the ELF file at PATH. 0, -ENOENT/-EACCES (open), -ENOEXEC (not ELF),
 * -EXDEV (an ELF this target cannot debug). */
int linux_exe_arch(const char *path, const struct arch_desc **arch, const struct linux_arch **glue);
/* exe.c: the xfer_read op, objects "auxv" and "exec-file". */
ssize_t linux_xfer_read(struct target *t, const char *object, const char *annex, uint64_t off,
                        void *buf, size_t len);

/* xmldoc.c: a growable text document (qXfer libraries-svr4, osdata), built whole and served
 * in slices. Appends after an allocation failure are dropped and remembered in ERR. */
struct linux_doc {
    char *data;
    size_t len, cap;
    int err; /* 0, or -ENOMEM once an append failed */
};
void linux_doc_printf(struct linux_doc *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Append S with XML's five special characters escaped (&amp; &lt; &gt; &quot; &apos;). */
void linux_doc_escaped(struct linux_doc *d, const char *s);
/* The document's bytes from OFF into BUF (at most LEN), then free it: the count, or D->err. */
ssize_t linux_doc_finish(struct linux_doc *d, uint64_t off, void *buf, size_t len);

/* svr4.c: qXfer libraries-svr4 of the current process (the link_map lists of r_debug, as
 * gdbserver reports them); annex "" or "start=LM;prev=LM;lmid=ID;" (hex). -EIO when the
 * program has no DT_DEBUG (static) so the list can never be found, -ESRCH with no process. */
ssize_t linux_svr4_read(struct linux_target *lt, const char *annex, uint64_t off, void *buf,
                        size_t len);

/* tls.c: the tls_address op (qGetTLSAddr) for glibc programs. */
int linux_tls_address(struct target *t, int tid, uint64_t lm, uint64_t offset, uint64_t *addr);

/* osdata.c: qXfer osdata from /proc (no process needed): annex "" lists the types; "processes",
 * "threads", "files", "cpus" as gdbserver formats them; an unknown type is empty. */
ssize_t linux_osdata_read(const char *annex, uint64_t off, void *buf, size_t len);

/* launch.c */
int linux_launch(struct target *t, char *const argv[], const struct launch_opts *o);
/* Shared by launch and attach once the first thread is stopped: event fd, /proc/PID/mem,
 * breakpoint table, arch setup, LWP for PID. 0 or -errno (nothing left open on failure). */
int linux_process_begin(struct linux_target *lt, int pid, const struct arch_desc *arch,
                        const struct linux_arch *glue);
/* Forget the process: LWPs, fds, breakpoints, arch state. Does not touch the process. */
void linux_process_end(struct linux_target *lt);
/* The process called execve (PTRACE_EVENT_EXEC, every other thread gone): reopen its memory,
 * drop breakpoints and hardware points (the kernel cleared them), redo the arch set-up. */
int linux_process_exec(struct linux_target *lt);
/* The ptrace options of every process: clone and exec events, syscall-stop marking; fork
 * events are added per client (linux_ptrace_options). */
#define LINUX_PTRACE_OPTIONS (PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC)

/* procs.c: several processes (a traced program's fork children). */
/* LINUX_PTRACE_OPTIONS plus the fork events the client asked for. */
int linux_ptrace_options(const struct linux_target *lt);
/* Park the current process (if any) so that a new one (vRun, vAttach in extended mode) can
 * become current; a failed start brings it back with linux_proc_switch. 0 or -ENOMEM. */
int linux_proc_park(struct linux_target *lt);
/* The fork event that made process CHILD is reported now: the client knows the child. */
void linux_proc_announce(struct linux_target *lt, int child);
/* True when traced process PID is a fork child the client has not been told of yet. */
bool linux_proc_hidden(struct linux_target *lt, int pid);
/* Make PID the current process (parking the current one). 0, or -ESRCH when not traced. */
int linux_proc_switch(struct linux_target *lt, int pid);
int linux_process_attached(struct target *t, int pid);
/* The traced process thread TID belongs to, or -ESRCH. Does not switch. */
int linux_proc_of_tid(struct linux_target *lt, int tid);
/* Process number I of every traced process (0: the current one, then the parked ones): its
 * pid, with *LWPS pointing at its LWP list head; 0 past the end. Does not switch. */
int linux_proc_nth(struct linux_target *lt, size_t i, struct linux_lwp ***lwps);
/* PTRACE_EVENT_FORK/VFORK of the current process: the new child CHILD (stopped, or about to
 * report its first stop) becomes a parked process with a copy of the parent's breakpoint
 * table (its memory holds the same breakpoint instructions). 0 or -errno. */
int linux_proc_fork(struct linux_target *lt, int child);
/* STATUS came for TID, a thread of no traced process: the pid of the traced process it is a
 * new thread of, or 0 when it belongs to none (gone already, or a fork child whose parent's
 * event is still to come: its first stop is remembered for linux_proc_fork). */
int linux_proc_unknown_tid(struct linux_target *lt, int tid, int status);
/* True when the first stop of new task CHILD was collected before the event that made it
 * (linux_proc_unknown_tid kept it), and forget it. */
bool linux_take_early(struct linux_target *lt, int child);
/* Ops: set_current, thread_process, set_fork_events; detach and kill of any traced process. */
int linux_set_current(struct target *t, int pid);
int linux_thread_process(struct target *t, int tid);
int linux_set_fork_events(struct target *t, bool fork, bool vfork);
int linux_detach_proc(struct target *t, int pid);
int linux_kill_proc(struct target *t, int pid);
/* read_regs / write_regs of a thread of any traced process. */
int linux_read_regs_any(struct target *t, int tid, void *raw);
int linux_write_regs_any(struct target *t, int tid, const void *raw);

/* attach.c */
int linux_attach(struct target *t, int pid);
void linux_attach_explain(struct target *t, int pid, int err, char *buf, size_t len);
/* What attach_explain looks at, gathered from /proc (pure input to the formatter below). */
struct linux_attach_facts {
    bool exists;        /* /proc/PID exists */
    bool zombie;        /* State: Z (exited, not reaped) */
    bool kernel_thread; /* PF_KTHREAD */
    int tracer_pid;     /* TracerPid: 0 = none */
    char tracer_comm[32];
    char comm[32];       /* the process's own name, "" unknown */
    long proc_uid;       /* real uid of the process, -1 unknown */
    long our_uid;        /* our effective uid */
    bool cap_sys_ptrace; /* we have CAP_SYS_PTRACE in our effective set */
    int ptrace_scope;    /* /proc/sys/kernel/yama/ptrace_scope, -1 = no Yama */
    bool self;           /* PID is this process */
};
/* Format the reason attaching to PID failed with ERR (negative errno) given FACTS: cause and
 * fix, one line, NUL-terminated into BUF (LEN bytes). Pure: no system calls. */
void linux_attach_diagnose(int pid, int err, const struct linux_attach_facts *f, char *buf,
                           size_t len);
int linux_detach(struct target *t, int pid);
int linux_kill(struct target *t, int pid);

/* events.c */
int linux_resume(struct target *t, const struct resume_action *actions, size_t n);
int linux_interrupt(struct target *t);
int linux_next_event(struct target *t, struct stop_event *out);
int linux_set_non_stop(struct target *t, bool on);
int linux_stop_threads(struct target *t, int pid, int tid);
bool linux_thread_resumed(struct target *t, int tid);
/* Non-stop: stop every running thread for a moment (an operation that needs every thread
 * stopped, such as programming debug registers), keeping their events pending; unpause sets
 * them running again. Both do nothing in all-stop. 0 or -errno. */
int linux_pause(struct linux_target *lt);
int linux_unpause(struct linux_target *lt);
/* The can_range_step op: every thread that can single-step can range-step. */
bool linux_can_range_step(struct target *t);
/* LWP has just finished a single step (WHY_STEP): true when it is range stepping and the step
 * left it inside its range with no software breakpoint at the new PC, so it steps on instead
 * of reporting (gdb would only resume it). */
bool linux_step_goes_on(struct linux_target *lt, struct linux_lwp *lwp);
/* Drain the signalfd so it is not readable for statuses already collected. */
void linux_drain_event_fd(struct linux_target *lt);
/* The set_catch_syscalls op: report the system calls NUMS (N of them; none: every one). */
int linux_set_catch_syscalls(struct target *t, bool on, const int *nums, size_t n);
/* True when a stop at system call NR (-1: unknown) is to be reported. */
bool linux_syscall_caught(const struct linux_target *lt, long nr);

/* hits.c: EV, a breakpoint hit of LWP (stopped, in the current process) about to be reported:
 * true when the client's hit hook declines it and LWP was moved past the breakpoint (left
 * stopped, resumed, with any event its step produced pending; LWP may be gone after).
 * Single-stepping threads always report. */
bool linux_hit_declined(struct linux_target *lt, struct linux_lwp *l, const struct stop_event *ev);

/* threads.c: the LWP table. */
struct linux_lwp *linux_lwp_find(struct linux_target *lt, int tid);
struct linux_lwp *linux_lwp_add(struct linux_target *lt, int tid); /* NULL: out of memory */
void linux_lwp_remove(struct linux_target *lt, int tid);
void linux_lwp_clear(struct linux_target *lt);
/* PTRACE_CONT or PTRACE_SINGLESTEP LWP with host signal SIG. A thread that vanished
 * (ESRCH) counts as running: its exit will be collected. 0 or -errno. */
/* tgkill, or tkill for a traced clone that heads a thread group of its own. 0 or -1/errno. */
int linux_tgkill(int pid, int tid, int sig);
int linux_lwp_resume(struct linux_target *lt, struct linux_lwp *lwp, bool step, int sig);
/* Stop every running LWP (SIGSTOP, then wait for each) and keep any other event one of them
 * reports as its pending event. 0 or -errno. */
int linux_stop_all(struct linux_target *lt);
/* Turn wait status STATUS of LWP (just collected; LWP is stopped or gone) into an event.
 * Returns 1 when *EV is to be reported, 0 when the status was internal (our own SIGSTOP, a
 * clone event, a non-leader thread exit: LWP may have been freed then), or -errno. */
int linux_lwp_status(struct linux_target *lt, struct linux_lwp *lwp, int status,
                     struct stop_event *ev);
/* The same for a status waitpid returned for TID, which may be a thread not in the table yet
 * (a new thread's first stop can come before its parent's clone event). */
int linux_collect(struct linux_target *lt, int tid, int status, struct stop_event *ev);
/* The 64-bit register NAME (arch descriptor name, e.g. "fs_base") of thread TID of the current
 * process: 0, -ENOENT (no such register), or -errno. Reads the whole register block. */
int linux_read_reg_named(struct linux_target *lt, int tid, const char *name, uint64_t *value);
/* True when thread TID of PID is gone or a zombie (state Z or X: exited, maybe not reapable
 * yet, like a leader that called pthread_exit while other threads run, so waiting for it would
 * block). TID == PID: the leader, whose state is the process's. */
bool linux_tid_zombie(int pid, int tid);
int linux_list_threads(struct target *t, int *tids, size_t cap, size_t *n);
bool linux_thread_alive(struct target *t, int tid);
int linux_set_thread_events(struct target *t, bool on);
/* qXfer threads: <threads><thread id="pPID.TID" core="C" name="COMM"/>...</threads>, names
 * from /proc/PID/task/TID/comm, cores from .../stat. Built whole on each call. */
ssize_t linux_threads_read(struct linux_target *lt, uint64_t off, void *buf, size_t len);

/* mem.c: raw access (no breakpoint masking) and the masked target ops. */
ssize_t linux_mem_read_raw(void *lt, uint64_t addr, void *buf, size_t len);
ssize_t linux_mem_write_raw(void *lt, uint64_t addr, const void *buf, size_t len);
ssize_t linux_read_memory(struct target *t, uint64_t addr, void *buf, size_t len);
ssize_t linux_write_memory(struct target *t, uint64_t addr, const void *buf, size_t len);
/* The swbreak_io over this target's memory. */
struct swbreak_io linux_mem_io(struct linux_target *lt);

/* regs.c */
int linux_read_regs(struct target *t, int tid, void *raw);
int linux_write_regs(struct target *t, int tid, const void *raw);
int linux_insert_point(struct target *t, enum point_kind kind, uint64_t addr, size_t len);
int linux_remove_point(struct target *t, enum point_kind kind, uint64_t addr, size_t len);
/* PTRACE_GETREGSET/SETREGSET of NT_TYPE into BUF (*LEN bytes in, bytes the kernel used out),
 * logging failures as "rspd: ptrace(PTRACE_GETREGSET, TID, NAME): ...". 0 or -errno. */
int linux_getregset(int tid, int nt_type, const char *nt_name, void *buf, size_t *len);
int linux_setregset(int tid, int nt_type, const char *nt_name, const void *buf, size_t len);

/* signals.c: host signal <-> enum gdb_signal. 0 maps to 0; an unknown host signal gives
 * GDB_SIGNAL_UNKNOWN, an unknown gdb signal gives -1. */
int linux_signal_to_gdb(int host_signo);
int linux_signal_from_gdb(int gdb_signo);
/* QPassSignals / QProgramSignals: SIGS indexed by gdb signal number -> the host masks. */
int linux_set_pass_signals(struct target *t, const bool *sigs, size_t n);
int linux_set_program_signals(struct target *t, const bool *sigs, size_t n);
/* True when host signal SIG is in MASK (bit SIG). */
bool linux_sig_in(uint64_t mask, int sig);
/* qXfer siginfo of thread TID (PTRACE_GETSIGINFO / SETSIGINFO, the kernel's 128 bytes). */
ssize_t linux_siginfo_read(struct linux_target *lt, int tid, uint64_t off, void *buf, size_t len);
ssize_t linux_siginfo_write(struct linux_target *lt, int tid, uint64_t off, const void *buf,
                            size_t len);
/* The siginfo object for xfer_read (WRITE false, into RBUF) and xfer_write (from WBUF); ANNEX
 * is the thread id in hex ("" = the leader). */
ssize_t linux_xfer_siginfo(struct target *t, bool write, const char *annex, uint64_t off,
                           void *rbuf, const void *wbuf, size_t len);
/* The xfer_write op: "siginfo" only. */
ssize_t linux_xfer_write(struct target *t, const char *object, const char *annex, uint64_t off,
                         const void *buf, size_t len);

/* Log "rspd: CALL: strerror(ERR)" to stderr. */
void linux_log_errno(const char *call, int err);

#endif

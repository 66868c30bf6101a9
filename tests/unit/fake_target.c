/* Fake target for session tests (see fake_target.h). Memory outside the fake region fails like
 * unmapped memory does on a real target. */
#include "tests/unit/fake_target.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void note(struct fake_target *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#include <stdarg.h>
static void note(struct fake_target *f, const char *fmt, ...)
{
    size_t len = strlen(f->log);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->log + len, sizeof(f->log) - len, fmt, ap);
    va_end(ap);
}

static struct fake_target *F(struct target *t)
{
    return (struct fake_target *)t;
}

static int thread_index(struct fake_target *f, int tid)
{
    for (int i = 0; i < FAKE_THREADS; i++)
        if (f->tids[i] == tid)
            return i;
    return -1;
}

static int fk_resume(struct target *t, const struct resume_action *a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i].keep)
            note(F(t), "keep(tid=%d);", a[i].tid);
        else if (a[i].range_end > a[i].range_start)
            note(F(t), "resume(tid=%d,step=%d,sig=%d,range=%llx-%llx);", a[i].tid, a[i].step,
                 a[i].gdb_signo, (unsigned long long)a[i].range_start,
                 (unsigned long long)a[i].range_end);
        else
            note(F(t), "resume(tid=%d,step=%d,sig=%d);", a[i].tid, a[i].step, a[i].gdb_signo);
    }
    return 0;
}

static int fk_interrupt(struct target *t)
{
    note(F(t), "interrupt;");
    return 0;
}

static int fk_non_stop(struct target *t, bool on)
{
    note(F(t), "non_stop(%d);", on);
    return 0;
}

static int fk_stop_threads(struct target *t, int pid, int tid)
{
    note(F(t), "stop(pid=%d,tid=%d);", pid, tid);
    return 0;
}

static bool fk_thread_resumed(struct target *t, int tid)
{
    int i = thread_index(F(t), tid);
    return i >= 0 && F(t)->resumed[i];
}

static int fk_next_event(struct target *t, struct stop_event *out)
{
    struct fake_target *f = F(t);
    if (!f->nevents)
        return -EAGAIN;
    *out = f->events[0];
    memmove(f->events, f->events + 1, --f->nevents * sizeof(f->events[0]));
    if (out->kind == STOP_EXITED || out->kind == STOP_KILLED)
        t->pid = 0;
    return 0;
}

static bool in_mem(uint64_t addr, size_t len)
{
    return addr >= FAKE_MEM_BASE && addr < FAKE_MEM_BASE + FAKE_MEM_SIZE && len > 0;
}

static ssize_t fk_read(struct target *t, uint64_t addr, void *buf, size_t len)
{
    if (!in_mem(addr, len))
        return -EIO;
    size_t avail = FAKE_MEM_BASE + FAKE_MEM_SIZE - addr;
    if (len > avail)
        len = avail;
    memcpy(buf, F(t)->mem + (addr - FAKE_MEM_BASE), len);
    return (ssize_t)len;
}

static ssize_t fk_write(struct target *t, uint64_t addr, const void *buf, size_t len)
{
    if (!in_mem(addr, len))
        return -EIO;
    size_t avail = FAKE_MEM_BASE + FAKE_MEM_SIZE - addr;
    if (len > avail)
        len = avail;
    memcpy(F(t)->mem + (addr - FAKE_MEM_BASE), buf, len);
    return (ssize_t)len;
}

static int fk_read_regs(struct target *t, int tid, void *raw)
{
    int i = thread_index(F(t), tid);
    if (i < 0 || tid == F(t)->dead_tid)
        return -ESRCH;
    memcpy(raw, F(t)->regs[i], t->arch->raw_size);
    return 0;
}

static int fk_write_regs(struct target *t, int tid, const void *raw)
{
    int i = thread_index(F(t), tid);
    if (i < 0)
        return -ESRCH;
    memcpy(F(t)->regs[i], raw, t->arch->raw_size);
    note(F(t), "write_regs(%d);", tid);
    return 0;
}

static int fk_insert(struct target *t, enum point_kind k, uint64_t addr, size_t len)
{
    if (F(t)->points >= 4 && k != PT_SW_BREAK)
        return -ENOSPC;
    note(F(t), "insert(%d,%llx,%zu);", (int)k, (unsigned long long)addr, len);
    if (k == PT_SW_BREAK) {
        for (int i = 0; i < F(t)->nsw; i++)
            if (F(t)->sw[i] == addr)
                return 0;
        if (F(t)->nsw < 16)
            F(t)->sw[F(t)->nsw++] = addr;
    }
    F(t)->points++;
    return 0;
}

static int fk_remove(struct target *t, enum point_kind k, uint64_t addr, size_t len)
{
    if (F(t)->points == 0)
        return -ENOENT;
    for (int i = 0; k == PT_SW_BREAK && i < F(t)->nsw; i++)
        if (F(t)->sw[i] == addr)
            F(t)->sw[i] = F(t)->sw[--F(t)->nsw];
    F(t)->points--;
    note(F(t), "remove(%d,%llx,%zu);", (int)k, (unsigned long long)addr, len);
    return 0;
}

static int fk_list(struct target *t, int *tids, size_t cap, size_t *n)
{
    size_t i;
    for (i = 0; i < FAKE_THREADS && i < cap; i++)
        tids[i] = F(t)->tids[i];
    *n = FAKE_THREADS;
    return 0;
}

static bool fk_alive(struct target *t, int tid)
{
    return thread_index(F(t), tid) >= 0;
}

static int fk_kill(struct target *t, int pid)
{
    note(F(t), "kill(%d);", pid);
    F(t)->killed = true;
    t->pid = 0;
    return 0;
}

static int fk_detach(struct target *t, int pid)
{
    note(F(t), "detach(%d);", pid);
    F(t)->detached = true;
    t->pid = 0;
    return 0;
}

static int fk_thread_events(struct target *t, bool on)
{
    note(F(t), "thread_events(%d);", on);
    return 0;
}

/* "pass(5,e);": the gdb signal numbers set, in hex. */
static void note_sigs(struct fake_target *f, const char *what, const bool *sigs, size_t n)
{
    note(f, "%s(", what);
    for (size_t i = 0, first = 1; i < n; i++)
        if (sigs[i]) {
            note(f, first ? "%zx" : ",%zx", i);
            first = 0;
        }
    note(f, ");");
}

static int fk_pass_signals(struct target *t, const bool *sigs, size_t n)
{
    note_sigs(F(t), "pass", sigs, n);
    return 0;
}

static int fk_program_signals(struct target *t, const bool *sigs, size_t n)
{
    note_sigs(F(t), "program", sigs, n);
    return 0;
}

/* "catch(1:1,6e);": on or off, then the numbers in hex. */
static int fk_catch_syscalls(struct target *t, bool on, const int *nums, size_t n)
{
    note(F(t), "catch(%d:", on);
    for (size_t i = 0; i < n; i++)
        note(F(t), i ? ",%x" : "%x", (unsigned)nums[i]);
    note(F(t), ");");
    return 0;
}

/* TLS blocks at 0x7000000 + 0x1000 * thread index; module 0 has none. */
static int fk_tls(struct target *t, int tid, uint64_t lm, uint64_t offset, uint64_t *addr)
{
    note(F(t), "tls(%x,%llx,%llx);", (unsigned)tid, (unsigned long long)lm,
         (unsigned long long)offset);
    if (lm == 0)
        return -ENODATA;
    *addr = 0x7000000u + 0x1000u * (unsigned)(tid - F(t)->tids[0]) + offset;
    return 0;
}

static ssize_t fk_xfer_write(struct target *t, const char *object, const char *annex, uint64_t off,
                             const void *buf, size_t len)
{
    if (strcmp(object, "siginfo") != 0)
        return -ENOENT;
    if (off >= sizeof(F(t)->siginfo))
        return -EINVAL;
    if (len > sizeof(F(t)->siginfo) - off)
        len = sizeof(F(t)->siginfo) - off;
    memcpy(F(t)->siginfo + off, buf, len);
    note(F(t), "siginfo_write(%s,%llx,%zu);", annex, (unsigned long long)off, len);
    return (ssize_t)len;
}

static ssize_t fk_xfer(struct target *t, const char *object, const char *annex, uint64_t off,
                       void *buf, size_t len)
{
    static const char exe[] = "/fake/prog";
    if (strcmp(object, "siginfo") == 0) {
        note(F(t), "siginfo_read(%s,%llx);", annex, (unsigned long long)off);
        if (off >= sizeof(F(t)->siginfo))
            return 0;
        if (len > sizeof(F(t)->siginfo) - off)
            len = sizeof(F(t)->siginfo) - off;
        memcpy(buf, F(t)->siginfo + off, len);
        return (ssize_t)len;
    }
    if (strcmp(object, "exec-file") != 0)
        return -ENOENT;
    if (off >= sizeof(exe) - 1)
        return 0;
    size_t n = sizeof(exe) - 1 - off;
    if (n > len)
        n = len;
    memcpy(buf, exe + off, n);
    return (ssize_t)n;
}

/* Attaching always fails as if another tracer held the process. */
static int fk_attach(struct target *t, int pid)
{
    note(F(t), "attach(%d);", pid);
    if (pid != FAKE_PID)
        return -EPERM;
    t->pid = pid;
    t->attach_signo = F(t)->attach_signo;
    return 0;
}

static void fk_attach_explain(struct target *t, int pid, int err, char *buf, size_t len)
{
    (void)t;
    (void)err;
    snprintf(buf, len, "process %d is already traced by process 42 (TracerPid)", pid);
}

static const struct target_ops fake_ops = {
    .name = "fake",
    .attach = fk_attach,
    .attach_explain = fk_attach_explain,
    .kill = fk_kill,
    .detach = fk_detach,
    .resume = fk_resume,
    .interrupt = fk_interrupt,
    .set_non_stop = fk_non_stop,
    .stop_threads = fk_stop_threads,
    .thread_resumed = fk_thread_resumed,
    .next_event = fk_next_event,
    .read_memory = fk_read,
    .write_memory = fk_write,
    .read_regs = fk_read_regs,
    .write_regs = fk_write_regs,
    .insert_point = fk_insert,
    .remove_point = fk_remove,
    .list_threads = fk_list,
    .thread_alive = fk_alive,
    .xfer_read = fk_xfer,
    .xfer_write = fk_xfer_write,
    .set_thread_events = fk_thread_events,
    .set_pass_signals = fk_pass_signals,
    .set_program_signals = fk_program_signals,
    .set_catch_syscalls = fk_catch_syscalls,
    .tls_address = fk_tls,
};

struct fake_target *fake_target_create(void)
{
    struct fake_target *f = calloc(1, sizeof(*f));
    if (!f)
        return NULL;
    f->base.ops = &fake_ops;
    f->base.arch = arch_find_elf(62 /* EM_X86_64 */, 2 /* ELFCLASS64 */);
    f->base.features = 0;
    f->base.event_fd = -1;
    f->base.pid = FAKE_PID;
    for (int i = 0; i < FAKE_THREADS; i++) {
        f->tids[i] = FAKE_PID + i;
        f->regs[i] = calloc(1, f->base.arch->raw_size);
    }
    for (unsigned i = 0; i < FAKE_MEM_SIZE; i++)
        f->mem[i] = (uint8_t)i;
    return f;
}

void fake_target_free(struct fake_target *f)
{
    if (!f)
        return;
    for (int i = 0; i < FAKE_THREADS; i++)
        free(f->regs[i]);
    free(f);
}

void fake_target_push_event(struct fake_target *f, struct stop_event ev)
{
    if (f->nevents < FAKE_EVENTS)
        f->events[f->nevents++] = ev;
}

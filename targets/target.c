/* The target_* wrappers the server calls: each checks that the target implements the op and
 * forwards; an op left NULL answers -ENOSYS (false for thread_alive). No OS calls and no
 * protocol knowledge here. Contract: targets/target.h. */
#include "targets/target.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define TARGET_HAS(t, op) ((t) != NULL && (t)->ops != NULL && (t)->ops->op != NULL)

int target_launch(struct target *t, char *const argv[], const struct launch_opts *o)
{
    static const struct launch_opts defaults = {0};

    if (!TARGET_HAS(t, launch))
        return -ENOSYS;
    if (!argv || !argv[0])
        return -EINVAL;
    return t->ops->launch(t, argv, o ? o : &defaults);
}

int target_attach(struct target *t, int pid)
{
    if (!TARGET_HAS(t, attach))
        return -ENOSYS;
    if (pid <= 0)
        return -EINVAL;
    return t->ops->attach(t, pid);
}

int target_detach(struct target *t, int pid)
{
    if (!TARGET_HAS(t, detach))
        return -ENOSYS;
    return t->ops->detach(t, pid);
}

int target_kill(struct target *t, int pid)
{
    if (!TARGET_HAS(t, kill))
        return -ENOSYS;
    return t->ops->kill(t, pid);
}

int target_resume(struct target *t, const struct resume_action *actions, size_t n)
{
    if (!TARGET_HAS(t, resume))
        return -ENOSYS;
    if (n > 0 && !actions)
        return -EINVAL;
    for (size_t i = 0; i < n; i++) {
        const struct resume_action *a = &actions[i];
        if (a->range_end < a->range_start || (a->range_end > a->range_start && !a->step))
            return -EINVAL; /* a range is a way of stepping, never a backwards one */
        if (a->range_end > a->range_start && !target_can_range_step(t))
            return -ENOSYS;
    }
    return t->ops->resume(t, actions, n);
}

bool target_can_range_step(struct target *t)
{
    return TARGET_HAS(t, can_range_step) && t->ops->can_range_step(t);
}

int target_interrupt(struct target *t)
{
    if (!TARGET_HAS(t, interrupt))
        return -ENOSYS;
    return t->ops->interrupt(t);
}

int target_set_non_stop(struct target *t, bool on)
{
    if (!TARGET_HAS(t, set_non_stop))
        return -ENOSYS;
    return t->ops->set_non_stop(t, on);
}

int target_stop_threads(struct target *t, int pid, int tid)
{
    if (!TARGET_HAS(t, stop_threads))
        return -ENOSYS;
    return t->ops->stop_threads(t, pid, tid);
}

bool target_thread_resumed(struct target *t, int tid)
{
    return TARGET_HAS(t, thread_resumed) && t->ops->thread_resumed(t, tid);
}

int target_next_event(struct target *t, struct stop_event *out)
{
    if (!TARGET_HAS(t, next_event))
        return -ENOSYS;
    return t->ops->next_event(t, out);
}

ssize_t target_read_memory(struct target *t, uint64_t addr, void *buf, size_t len)
{
    if (!TARGET_HAS(t, read_memory))
        return -ENOSYS;
    if (len == 0)
        return 0;
    return t->ops->read_memory(t, addr, buf, len);
}

ssize_t target_write_memory(struct target *t, uint64_t addr, const void *buf, size_t len)
{
    if (!TARGET_HAS(t, write_memory))
        return -ENOSYS;
    if (len == 0)
        return 0;
    return t->ops->write_memory(t, addr, buf, len);
}

int target_read_regs(struct target *t, int tid, void *raw)
{
    if (!TARGET_HAS(t, read_regs))
        return -ENOSYS;
    return t->ops->read_regs(t, tid, raw);
}

int target_write_regs(struct target *t, int tid, const void *raw)
{
    if (!TARGET_HAS(t, write_regs))
        return -ENOSYS;
    return t->ops->write_regs(t, tid, raw);
}

int target_insert_point(struct target *t, enum point_kind kind, uint64_t addr, size_t len)
{
    if (!TARGET_HAS(t, insert_point))
        return -ENOSYS;
    return t->ops->insert_point(t, kind, addr, len);
}

int target_remove_point(struct target *t, enum point_kind kind, uint64_t addr, size_t len)
{
    if (!TARGET_HAS(t, remove_point))
        return -ENOSYS;
    return t->ops->remove_point(t, kind, addr, len);
}

int target_list_threads(struct target *t, int *tids, size_t cap, size_t *n)
{
    if (!TARGET_HAS(t, list_threads))
        return -ENOSYS;
    if (!n || (cap > 0 && !tids))
        return -EINVAL;
    return t->ops->list_threads(t, tids, cap, n);
}

int target_process_attached(struct target *t, int pid)
{
    if (!TARGET_HAS(t, process_attached))
        return -ENOSYS;
    return t->ops->process_attached(t, pid);
}

bool target_thread_alive(struct target *t, int tid)
{
    if (!TARGET_HAS(t, thread_alive))
        return false;
    return t->ops->thread_alive(t, tid);
}

ssize_t target_xfer_read(struct target *t, const char *object, const char *annex, uint64_t off,
                         void *buf, size_t len)
{
    if (!TARGET_HAS(t, xfer_read))
        return -ENOSYS;
    if (!object)
        return -EINVAL;
    return t->ops->xfer_read(t, object, annex ? annex : "", off, buf, len);
}

bool target_xfer_has(const struct target *t, const char *object)
{
    if (!TARGET_HAS(t, xfer_read) || !t->ops->xfer_objects || !object)
        return false;
    for (const char *const *o = t->ops->xfer_objects; *o; o++)
        if (strcmp(*o, object) == 0)
            return true;
    return false;
}

void target_attach_explain(struct target *t, int pid, int err, char *buf, size_t len)
{
    if (!buf || len == 0)
        return;
    if (TARGET_HAS(t, attach_explain)) {
        buf[0] = '\0';
        t->ops->attach_explain(t, pid, err, buf, len);
        return;
    }
    snprintf(buf, len, "%s", strerror(err < 0 ? -err : err));
}

int target_thread_process(struct target *t, int tid)
{
    if (!t || t->pid <= 0)
        return -ESRCH;
    if (!TARGET_HAS(t, thread_process))
        return t->pid;
    return t->ops->thread_process(t, tid);
}

int target_set_current(struct target *t, int pid)
{
    if (!t || t->pid <= 0)
        return -ESRCH;
    if (pid == t->pid)
        return 0;
    if (!TARGET_HAS(t, set_current))
        return -ESRCH;
    return t->ops->set_current(t, pid);
}

int target_set_fork_events(struct target *t, bool fork, bool vfork)
{
    if (!TARGET_HAS(t, set_fork_events))
        return -ENOSYS;
    return t->ops->set_fork_events(t, fork, vfork);
}

int target_set_thread_events(struct target *t, bool on)
{
    if (!TARGET_HAS(t, set_thread_events))
        return -ENOSYS;
    return t->ops->set_thread_events(t, on);
}

int target_tls_address(struct target *t, int tid, uint64_t lm, uint64_t offset, uint64_t *addr)
{
    if (!TARGET_HAS(t, tls_address))
        return -ENOSYS;
    if (tid <= 0 || !addr)
        return -EINVAL;
    return t->ops->tls_address(t, tid, lm, offset, addr);
}

int target_set_catch_syscalls(struct target *t, bool on, const int *nums, size_t n)
{
    if (!TARGET_HAS(t, set_catch_syscalls))
        return -ENOSYS;
    if (n > 0 && !nums)
        return -EINVAL;
    return t->ops->set_catch_syscalls(t, on, nums, n);
}

int target_set_pass_signals(struct target *t, const bool *sigs, size_t n)
{
    if (!TARGET_HAS(t, set_pass_signals))
        return -ENOSYS;
    if (n > 0 && !sigs)
        return -EINVAL;
    return t->ops->set_pass_signals(t, sigs, n);
}

int target_set_program_signals(struct target *t, const bool *sigs, size_t n)
{
    if (!TARGET_HAS(t, set_program_signals))
        return -ENOSYS;
    if (n > 0 && !sigs)
        return -EINVAL;
    return t->ops->set_program_signals(t, sigs, n);
}

ssize_t target_xfer_write(struct target *t, const char *object, const char *annex, uint64_t off,
                          const void *buf, size_t len)
{
    if (!TARGET_HAS(t, xfer_write))
        return -ENOSYS;
    if (!object || (len > 0 && !buf))
        return -EINVAL;
    return t->ops->xfer_write(t, object, annex ? annex : "", off, buf, len);
}

void target_destroy(struct target *t)
{
    if (TARGET_HAS(t, destroy))
        t->ops->destroy(t);
}

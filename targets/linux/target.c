/* The Linux native target: its ops table, creation and destruction, and the glue lookup by
 * ELF machine. Everything ptrace-specific lives in the sibling files; nothing here knows the
 * remote protocol. Contract: targets/target.h; SIGCHLD rule: targets/linux/linux.h. */
#include "targets/linux/linux.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void linux_destroy(struct target *t);

static const char *const linux_xfer_objects[] = {"libraries-svr4", "osdata", NULL};

static const struct target_ops linux_target_ops = {
    .name = "linux",
    .launch = linux_launch,
    .attach = linux_attach,
    .detach = linux_detach_proc,
    .kill = linux_kill_proc,
    .resume = linux_resume,
    .can_range_step = linux_can_range_step,
    .interrupt = linux_interrupt,
    .set_non_stop = linux_set_non_stop,
    .stop_threads = linux_stop_threads,
    .thread_resumed = linux_thread_resumed,
    .next_event = linux_next_event,
    .read_memory = linux_read_memory,
    .write_memory = linux_write_memory,
    .read_regs = linux_read_regs_any,
    .write_regs = linux_write_regs_any,
    .insert_point = linux_insert_point,
    .remove_point = linux_remove_point,
    .list_threads = linux_list_threads,
    .thread_alive = linux_thread_alive,
    .process_attached = linux_process_attached,
    .thread_process = linux_thread_process,
    .set_current = linux_set_current,
    .set_fork_events = linux_set_fork_events,
    .set_thread_events = linux_set_thread_events,
    .set_catch_syscalls = linux_set_catch_syscalls,
    .tls_address = linux_tls_address,
    .set_pass_signals = linux_set_pass_signals,
    .set_program_signals = linux_set_program_signals,
    .xfer_read = linux_xfer_read,
    .xfer_objects = linux_xfer_objects,
    .attach_explain = linux_attach_explain,
    .xfer_write = linux_xfer_write,
    .destroy = linux_destroy,
};

static const struct linux_arch *const linux_arches[] = {
    &linux_arch_x86_64,
};

const struct linux_arch *linux_arch_find(unsigned machine, unsigned elf_class)
{
    for (size_t i = 0; i < sizeof(linux_arches) / sizeof(linux_arches[0]); i++)
        if (linux_arches[i]->elf_machine == machine && linux_arches[i]->elf_class == elf_class)
            return linux_arches[i];
    return NULL;
}

void linux_log_errno(const char *call, int err)
{
    fprintf(stderr, "rspd: %s: %s\n", call, strerror(err));
}

struct target *target_create_native(void)
{
    struct linux_target *lt;
    sigset_t cur;

    /* Events come from a signalfd; an unblocked SIGCHLD would be consumed (and discarded)
     * by its default disposition before the signalfd could see it. */
    if (sigprocmask(SIG_BLOCK, NULL, &cur) < 0 || sigismember(&cur, SIGCHLD) != 1) {
        fprintf(stderr, "rspd: SIGCHLD must be blocked before the target is created\n");
        errno = EINVAL;
        return NULL;
    }
    lt = calloc(1, sizeof(*lt));
    if (!lt)
        return NULL;
    lt->base.ops = &linux_target_ops;
    lt->base.event_fd = -1;
    lt->mem_fd = -1;
    lt->program_mask = ~(uint64_t)0; /* until QProgramSignals: every signal */
    return &lt->base;
}

static void linux_destroy(struct target *t)
{
    struct linux_target *lt = (struct linux_target *)t;

    /* Every traced process (fork children included): each end makes another current. */
    while (t->pid > 0) {
        int pid = t->pid, rc = lt->attached ? linux_detach(t, pid) : linux_kill(t, pid);
        if (rc < 0 && t->pid == pid)
            linux_process_end(lt);
    }
    free(lt->catch_nums);
    free(lt);
}

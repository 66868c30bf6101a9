/* Debuggee memory through /proc/PID/mem (opened once per process): pread/pwrite, which also
 * write read-only text (breakpoints), unlike process_vm_writev. Partial transfers report the
 * bytes moved; an unreachable first byte is -EIO. Software breakpoints are masked out of reads
 * and kept across writes (swbreak). Spec: GDB manual, "Packets", m/M/X. */
#include "targets/linux/linux.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* /proc/PID/mem has FMODE_UNSIGNED_OFFSET: an address above 2^63 is a valid (negative) off_t. */
static off_t linux_mem_off(uint64_t addr)
{
    return (off_t)addr;
}

ssize_t linux_mem_read_raw(void *ctx, uint64_t addr, void *buf, size_t len)
{
    struct linux_target *lt = ctx;
    size_t done = 0;

    if (lt->mem_fd < 0)
        return -ESRCH;
    while (done < len) {
        ssize_t n = pread(lt->mem_fd, (char *)buf + done, len - done, linux_mem_off(addr + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (done > 0)
                break;
            /* EINVAL/EFAULT for a wrapped or kernel address: still "cannot read". */
            return n == 0 || errno != ESRCH ? -EIO : -ESRCH;
        }
        done += (size_t)n;
    }
    return (ssize_t)done;
}

ssize_t linux_mem_write_raw(void *ctx, uint64_t addr, const void *buf, size_t len)
{
    struct linux_target *lt = ctx;
    size_t done = 0;

    if (lt->mem_fd < 0)
        return -ESRCH;
    while (done < len) {
        ssize_t n =
            pwrite(lt->mem_fd, (const char *)buf + done, len - done, linux_mem_off(addr + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (done > 0)
                break;
            return n == 0 || errno != ESRCH ? -EIO : -ESRCH;
        }
        done += (size_t)n;
    }
    return (ssize_t)done;
}

struct swbreak_io linux_mem_io(struct linux_target *lt)
{
    struct swbreak_io io = {linux_mem_read_raw, linux_mem_write_raw, lt};
    return io;
}

ssize_t linux_read_memory(struct target *t, uint64_t addr, void *buf, size_t len)
{
    struct linux_target *lt = (struct linux_target *)t;
    ssize_t n = linux_mem_read_raw(lt, addr, buf, len);

    if (n > 0)
        swbreak_mask(&lt->sw, addr, buf, (size_t)n);
    return n;
}

ssize_t linux_write_memory(struct target *t, uint64_t addr, const void *buf, size_t len)
{
    struct linux_target *lt = (struct linux_target *)t;
    struct swbreak_table saved;
    uint8_t *copy;
    ssize_t n;

    if (lt->sw.n == 0)
        return linux_mem_write_raw(lt, addr, buf, len);
    /* Bytes under a breakpoint become its new original; the int3 stays in memory. */
    copy = malloc(len);
    saved.v = malloc(lt->sw.n * sizeof(*saved.v));
    if (!copy || !saved.v) {
        free(copy);
        free(saved.v);
        return -ENOMEM;
    }
    memcpy(saved.v, lt->sw.v, lt->sw.n * sizeof(*saved.v));
    memcpy(copy, buf, len);
    swbreak_unmask(&lt->sw, addr, copy, len);
    n = linux_mem_write_raw(lt, addr, copy, len);
    if (n < 0) /* nothing written: the old originals still stand */
        memcpy(lt->sw.v, saved.v, lt->sw.n * sizeof(*saved.v));
    free(saved.v);
    free(copy);
    return n;
}

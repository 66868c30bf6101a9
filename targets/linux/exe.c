/* The program file and its process image: the ELF header (libelf) picks the architecture
 * before anything is started; /proc/PID/auxv and /proc/PID/exe serve qXfer auxv and
 * exec-file (libraries-svr4 and osdata are passed on to svr4.c and osdata.c). No ptrace here.
 * Spec: GDB manual, "General Query Packets", qXfer:auxv:read and qXfer:exec-file:read. */
#include "targets/linux/linux.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int linux_exe_arch(const char *path, const struct arch_desc **arch, const struct linux_arch **glue)
{
    const struct arch_desc *a;
    const struct linux_arch *g;
    Elf *elf = NULL;
    GElf_Ehdr eh;
    struct stat st;
    int fd, rc;

    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    if (fstat(fd, &st) < 0) {
        rc = -errno;
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = -EACCES; /* what execve says of a directory or a device */
        goto out;
    }
    if (elf_version(EV_CURRENT) == EV_NONE) {
        rc = -ENOEXEC;
        goto out;
    }
    elf = elf_begin(fd, ELF_C_READ, NULL);
    if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh)) {
        rc = -ENOEXEC;
        goto out;
    }
    if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN) {
        rc = -ENOEXEC;
        goto out;
    }
    a = arch_find_elf(eh.e_machine, eh.e_ident[EI_CLASS]);
    g = linux_arch_find(eh.e_machine, eh.e_ident[EI_CLASS]);
    if (!a || !g) {
        rc = -EXDEV;
        goto out;
    }
    *arch = a;
    *glue = g;
    rc = 0;
out:
    if (elf)
        elf_end(elf);
    close(fd);
    return rc;
}

/* Bytes of /proc/PID/<NAME> from OFF into BUF. */
static ssize_t linux_proc_pread(int pid, const char *name, uint64_t off, void *buf, size_t len)
{
    char path[64];
    ssize_t n;
    int fd;

    snprintf(path, sizeof(path), "/proc/%d/%s", pid, name);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    if (off > (uint64_t)LLONG_MAX) {
        close(fd);
        return 0;
    }
    do
        n = pread(fd, buf, len, (off_t)off);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        n = -errno;
    close(fd);
    return n;
}

/* The pid an exec-file annex names: hex, or empty for the current process. */
static int linux_annex_pid(struct linux_target *lt, const char *annex, int *pid)
{
    char *end;
    unsigned long v;

    if (!annex || !*annex) {
        if (lt->base.pid <= 0)
            return -ESRCH;
        *pid = lt->base.pid;
        return 0;
    }
    errno = 0;
    v = strtoul(annex, &end, 16);
    if (errno || *end || v == 0 || v > INT_MAX)
        return -EINVAL;
    *pid = (int)v;
    return 0;
}

ssize_t linux_xfer_read(struct target *t, const char *object, const char *annex, uint64_t off,
                        void *buf, size_t len)
{
    struct linux_target *lt = (struct linux_target *)t;
    char path[64], exe[PATH_MAX];
    ssize_t n;
    int pid, rc;

    if (strcmp(object, "auxv") == 0) {
        if (annex && *annex)
            return -EINVAL;
        if (t->pid <= 0)
            return -ESRCH;
        return linux_proc_pread(t->pid, "auxv", off, buf, len);
    }
    if (strcmp(object, "threads") == 0)
        return linux_threads_read(lt, off, buf, len);
    if (strcmp(object, "siginfo") == 0)
        return linux_xfer_siginfo(t, false, annex, off, buf, NULL, len);
    if (strcmp(object, "libraries-svr4") == 0)
        return linux_svr4_read(lt, annex, off, buf, len);
    if (strcmp(object, "osdata") == 0)
        return linux_osdata_read(annex, off, buf, len);
    if (strcmp(object, "exec-file") != 0)
        return -ENOENT;
    rc = linux_annex_pid(lt, annex, &pid);
    if (rc < 0)
        return rc;
    snprintf(path, sizeof(path), "/proc/%d/exe", pid);
    n = readlink(path, exe, sizeof(exe));
    if (n < 0)
        return errno == ENOENT ? -ESRCH : -errno;
    if (off >= (uint64_t)n)
        return 0;
    if (len > (size_t)n - off)
        len = (size_t)n - off;
    memcpy(buf, exe + off, len);
    return (ssize_t)len;
}

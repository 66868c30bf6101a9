/* Thread-local storage addresses (qGetTLSAddr) without libthread_db. glibc describes its
 * private layouts to thread debuggers in exported descriptors (_thread_db_<struct>_<field>:
 * {size in bits, count, offset}), found here in libc's .dynsym (libelf) through the link_map
 * list; then, as libthread_db's td_thr_tls_get_addr does: the module id from the module's
 * link_map, the thread's dtv from its struct pthread, the module's block from the dtv slot.
 * Reads memory, registers and libc's file only; no protocol knowledge. Spec: GDB manual,
 * "General Query Packets" > qGetTLSAddr; glibc nptl_db/structs.def; Drepper, "ELF Handling
 * For Thread-Local Storage". */
#include "targets/linux/linux.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The public part of struct link_map (<link.h>), LP64. */
#define TLS_L_ADDR 0
#define TLS_L_NAME 8
#define TLS_L_NEXT 24
#define TLS_L_PREV 32
/* A bound on list walks, so a corrupted (cyclic) list cannot hang the server. */
#define TLS_MAX_MODULES 65536
/* glibc's dtv slot value for a block not allocated yet. */
#define TLS_DTV_UNALLOCATED UINT64_MAX

/* A glibc thread-debugging descriptor: what a field looks like in the program's memory. */
struct tls_desc {
    uint32_t bits;   /* size of one element */
    uint32_t count;  /* elements (arrays) */
    uint32_t offset; /* within the structure */
};

enum { DESC_MODID, DESC_DTVP, DESC_DTV, DESC_DTV_VAL, NDESC };

static const char *const tls_desc_names[NDESC] = {
    "_thread_db_link_map_l_tls_modid", /* link_map.l_tls_modid */
    "_thread_db_pthread_dtvp",         /* struct pthread: its dtv pointer */
    "_thread_db_dtv_dtv",              /* the dtv array: element size */
    "_thread_db_dtv_t_pointer_val",    /* dtv_t.pointer.val: the block */
};

/* An unsigned value of BYTES (4 or 8) bytes at ADDR. */
static int tls_read(struct linux_target *lt, uint64_t addr, unsigned bytes, uint64_t *out)
{
    uint64_t v64 = 0;
    uint32_t v32 = 0;
    ssize_t n;

    if (bytes != 4 && bytes != 8)
        return -ENOTSUP;
    n = linux_read_memory(&lt->base, addr, bytes == 8 ? (void *)&v64 : (void *)&v32, bytes);
    if (n < 0)
        return (int)n;
    if ((size_t)n != bytes)
        return -EIO;
    *out = bytes == 8 ? v64 : v32;
    return 0;
}

/* The NUL-terminated string at ADDR into BUF (CAP bytes), cut to fit. */
static int tls_read_str(struct linux_target *lt, uint64_t addr, char *buf, size_t cap)
{
    size_t have = 0;

    while (have + 1 < cap) {
        size_t want = cap - 1 - have < 64 ? cap - 1 - have : 64;
        ssize_t n = linux_read_memory(&lt->base, addr + have, buf + have, want);
        if (n <= 0)
            return n < 0 ? (int)n : -EIO;
        if (memchr(buf + have, '\0', (size_t)n))
            return 0;
        have += (size_t)n;
    }
    buf[have] = '\0';
    return 0;
}

/* True when PATH names glibc's libc ("/lib/x86_64-linux-gnu/libc.so.6"). */
static bool tls_is_libc(const char *path)
{
    const char *base = strrchr(path, '/');

    base = base ? base + 1 : path;
    return strncmp(base, "libc.so", 7) == 0 || strncmp(base, "libc-2.", 7) == 0;
}

/* From any module's link_map LM, libc's: its load bias and file name. -ENOTSUP when the
 * program has no libc loaded (static, or another C library). */
static int tls_find_libc(struct linux_target *lt, uint64_t lm, uint64_t *bias, char *path,
                         size_t cap)
{
    uint64_t p = lm, prev = 0;
    int rc;

    /* Back to the head: gdb may name any module of the list. */
    for (int i = 0; i < TLS_MAX_MODULES; i++) {
        if ((rc = tls_read(lt, p + TLS_L_PREV, 8, &prev)) < 0)
            return rc;
        if (prev == 0)
            break;
        p = prev;
    }
    for (int i = 0; p != 0 && i < TLS_MAX_MODULES; i++) {
        uint64_t name = 0;
        if ((rc = tls_read(lt, p + TLS_L_NAME, 8, &name)) < 0)
            return rc;
        if (name != 0 && tls_read_str(lt, name, path, cap) == 0 && tls_is_libc(path))
            return tls_read(lt, p + TLS_L_ADDR, 8, bias);
        if ((rc = tls_read(lt, p + TLS_L_NEXT, 8, &p)) < 0)
            return rc;
    }
    return -ENOTSUP;
}

/* The values of the descriptor symbols in libc's dynamic symbol table (file PATH as process
 * PID sees it), into VALUES (link-time addresses). -ENOTSUP when one is missing. */
static int tls_lookup(int pid, const char *path, uint64_t values[NDESC])
{
    char file[PATH_MAX + 32];
    Elf_Scn *scn = NULL;
    Elf *elf = NULL;
    unsigned found = 0;
    int fd, rc = -ENOTSUP;

    snprintf(file, sizeof(file), "/proc/%d/root%s", pid, path);
    fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    if (elf_version(EV_CURRENT) == EV_NONE || !(elf = elf_begin(fd, ELF_C_READ, NULL)))
        goto out;
    while ((scn = elf_nextscn(elf, scn)) != NULL) {
        GElf_Shdr sh;
        Elf_Data *data;
        if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_DYNSYM || sh.sh_entsize == 0)
            continue;
        data = elf_getdata(scn, NULL);
        for (size_t i = 0; data && i < sh.sh_size / sh.sh_entsize; i++) {
            GElf_Sym sym;
            const char *name;
            if (!gelf_getsym(data, (int)i, &sym) || sym.st_shndx == SHN_UNDEF)
                continue;
            name = elf_strptr(elf, sh.sh_link, sym.st_name);
            for (unsigned k = 0; name && k < NDESC; k++) {
                if (!(found & (1u << k)) && strcmp(name, tls_desc_names[k]) == 0) {
                    values[k] = sym.st_value;
                    found |= 1u << k;
                }
            }
        }
    }
    if (found == (1u << NDESC) - 1)
        rc = 0;
out:
    if (elf)
        elf_end(elf);
    close(fd);
    return rc;
}

/* The size and alignment of the executable's own TLS segment (PT_TLS of /proc/PID/exe).
 * -ENODATA when it has none. */
static int tls_exe_segment(int pid, uint64_t *memsz, uint64_t *align)
{
    char file[64];
    Elf *elf = NULL;
    size_t n = 0;
    int fd, rc = -ENODATA;

    snprintf(file, sizeof(file), "/proc/%d/exe", pid);
    fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    if (elf_version(EV_CURRENT) == EV_NONE || !(elf = elf_begin(fd, ELF_C_READ, NULL)) ||
        elf_getphdrnum(elf, &n) != 0) {
        rc = -ENOTSUP;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        GElf_Phdr ph;
        if (gelf_getphdr(elf, (int)i, &ph) && ph.p_type == PT_TLS) {
            *memsz = ph.p_memsz;
            *align = ph.p_align ? ph.p_align : 1;
            rc = 0;
            break;
        }
    }
out:
    if (elf)
        elf_end(elf);
    close(fd);
    return rc;
}

/* A static program (gdb names no module: there is no link_map list): its TLS is module 1,
 * the executable's, in the static TLS area just below the thread pointer (x86-64 variant II),
 * at the offset glibc gives the first module, its segment size rounded up to its alignment. */
static int tls_static_address(struct linux_target *lt, int tid, uint64_t offset, uint64_t *addr)
{
    uint64_t memsz = 0, align = 1, tp = 0;
    int rc;

    if ((rc = tls_exe_segment(lt->base.pid, &memsz, &align)) < 0)
        return rc;
    if ((rc = linux_read_reg_named(lt, tid, "fs_base", &tp)) < 0)
        return rc == -ENOENT ? -ENOTSUP : rc;
    if (tp == 0)
        return -ENODATA; /* TLS not set up yet */
    if (offset >= memsz)
        return -EINVAL;
    *addr = tp - (memsz + align - 1) / align * align + offset;
    return 0;
}

/* The descriptors, read from the program's libc (found from module LM). */
static int tls_descs(struct linux_target *lt, uint64_t lm, struct tls_desc d[NDESC])
{
    uint64_t bias = 0, sym[NDESC] = {0};
    char path[PATH_MAX];
    int rc;

    if ((rc = tls_find_libc(lt, lm, &bias, path, sizeof(path))) < 0)
        return rc;
    if (path[0] != '/')
        return -ENOTSUP;
    if ((rc = tls_lookup(lt->base.pid, path, sym)) < 0)
        return rc;
    for (unsigned k = 0; k < NDESC; k++) {
        ssize_t n = linux_read_memory(&lt->base, bias + sym[k], &d[k], sizeof(d[k]));
        if (n < 0)
            return (int)n;
        if ((size_t)n != sizeof(d[k]) || d[k].bits == 0 || d[k].bits % 8 != 0)
            return -EIO;
    }
    return 0;
}

/* The same computation for the current process. */
static int tls_address(struct linux_target *lt, int tid, uint64_t lm, uint64_t offset,
                       uint64_t *addr)
{
    struct tls_desc d[NDESC];
    uint64_t modid = 0, tp = 0, dtv = 0, len = 0, val = 0;
    unsigned elem;
    int rc;

    if (lm == 0)
        return tls_static_address(lt, tid, offset, addr);
    if ((rc = tls_descs(lt, lm, d)) < 0)
        return rc;
    if ((rc = tls_read(lt, lm + d[DESC_MODID].offset, d[DESC_MODID].bits / 8, &modid)) < 0)
        return rc;
    if (modid == 0)
        return -ENODATA; /* the module has no TLS */
    /* x86-64 keeps the TCB, the start of struct pthread, at the thread pointer (fs_base). */
    if ((rc = linux_read_reg_named(lt, tid, "fs_base", &tp)) < 0)
        return rc == -ENOENT ? -ENOTSUP : rc;
    if (tp == 0)
        return -ENODATA; /* TLS not set up yet (before libc's start-up ran) */
    if ((rc = tls_read(lt, tp + d[DESC_DTVP].offset, d[DESC_DTVP].bits / 8, &dtv)) < 0)
        return rc;
    /* dtv[-1] holds the number of slots: a module loaded after the thread last grew its dtv
     * has no slot yet. */
    elem = d[DESC_DTV].bits / 8;
    if ((rc = tls_read(lt, dtv - elem, 8, &len)) < 0)
        return rc;
    if (modid > len)
        return -ENODATA;
    if ((rc = tls_read(lt, dtv + d[DESC_DTV].offset + modid * elem + d[DESC_DTV_VAL].offset,
                       d[DESC_DTV_VAL].bits / 8, &val)) < 0)
        return rc;
    if (val == TLS_DTV_UNALLOCATED || val == 0)
        return -ENODATA;
    *addr = val + offset;
    return 0;
}

int linux_tls_address(struct target *t, int tid, uint64_t lm, uint64_t offset, uint64_t *addr)
{
    struct linux_target *lt = (struct linux_target *)t;
    int cur = t->pid, pid = linux_proc_of_tid(lt, tid), rc;

    if (pid <= 0)
        return -ESRCH;
    if (lt->base.arch && lt->base.arch->regs && strcmp(lt->base.arch->name, "i386:x86-64") != 0)
        return -ENOTSUP; /* the layout assumptions above are LP64 x86-64's */
    if (pid != cur && (rc = linux_proc_switch(lt, pid)) < 0)
        return rc;
    rc = tls_address(lt, tid, lm, offset, addr);
    if (pid != cur)
        (void)linux_proc_switch(lt, cur);
    return rc;
}

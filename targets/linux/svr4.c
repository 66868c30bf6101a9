/* qXfer:libraries-svr4:read for the current process: find r_debug through the program's
 * PT_DYNAMIC / DT_DEBUG (program headers from auxv AT_PHDR/AT_PHNUM, load bias from PT_PHDR),
 * walk each namespace's link_map list and write the XML gdbserver writes, byte for byte.
 * Reads the program's memory only; no ptrace requests, no protocol knowledge.
 * Spec: GDB manual, "General Query Packets" > qXfer:libraries-svr4:read and "Library List
 * Format for SVR4 Targets"; glibc <link.h> (struct r_debug, r_debug_extended, link_map). */
#include "targets/linux/linux.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Field offsets of glibc's r_debug_extended and link_map for one pointer size. */
struct svr4_layout {
    unsigned ptr;           /* pointer size */
    unsigned r_map, r_next; /* r_version is at 0 */
    unsigned l_addr, l_name, l_ld, l_next, l_prev;
};

static const struct svr4_layout svr4_lp64 = {8, 8, 40, 0, 8, 16, 24, 32};
static const struct svr4_layout svr4_ilp32 = {4, 4, 20, 0, 4, 8, 12, 16};

/* A bound on list walks, so a corrupted (cyclic) list cannot hang the server. */
#define SVR4_MAX_ENTRIES 65536

static int svr4_read_ptr(struct linux_target *lt, const struct svr4_layout *lo, uint64_t addr,
                         uint64_t *out)
{
    uint64_t v64 = 0;
    uint32_t v32 = 0;
    ssize_t n;

    if (lo->ptr == 8)
        n = linux_read_memory(&lt->base, addr, &v64, 8);
    else
        n = linux_read_memory(&lt->base, addr, &v32, 4);
    if (n < 0)
        return (int)n;
    if ((size_t)n != lo->ptr)
        return -EIO;
    *out = lo->ptr == 8 ? v64 : v32;
    return 0;
}

/* AT_PHDR and AT_PHNUM from /proc/PID/auxv. 0, or -errno (-ENOENT: not there). */
static int svr4_auxv_phdr(int pid, const struct svr4_layout *lo, uint64_t *phdr, uint64_t *phnum)
{
    uint8_t auxv[4096];
    char path[64];
    uint64_t got_phdr = 0, got_phnum = 0;
    size_t len = 0;
    ssize_t n;
    int fd;

    snprintf(path, sizeof(path), "/proc/%d/auxv", pid);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? -ESRCH : -errno;
    for (;;) {
        n = read(fd, auxv + len, sizeof(auxv) - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
        if (len == sizeof(auxv))
            break;
    }
    close(fd);
    for (size_t i = 0; i + 2 * lo->ptr <= len; i += 2 * lo->ptr) {
        uint64_t type, val;
        if (lo->ptr == 8) {
            memcpy(&type, auxv + i, 8);
            memcpy(&val, auxv + i + 8, 8);
        } else {
            uint32_t t32, v32;
            memcpy(&t32, auxv + i, 4);
            memcpy(&v32, auxv + i + 4, 4);
            type = t32;
            val = v32;
        }
        if (type == AT_NULL)
            break;
        if (type == AT_PHDR)
            got_phdr = val;
        else if (type == AT_PHNUM)
            got_phnum = val;
    }
    if (!got_phdr || !got_phnum)
        return -ENOENT;
    *phdr = got_phdr;
    *phnum = got_phnum;
    return 0;
}

/* The run-time address of the program's dynamic section, or 0 when it has none (static) or
 * its load bias cannot be known (no PT_PHDR, which every program with DT_DEBUG has). */
static uint64_t svr4_dynamic(struct linux_target *lt, const struct svr4_layout *lo)
{
    size_t phsize = lo->ptr == 8 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
    uint8_t buf[100 * sizeof(Elf64_Phdr)];
    uint64_t phdr = 0, phnum = 0, bias = 0, dyn = 0;
    bool have_bias = false;

    if (svr4_auxv_phdr(lt->base.pid, lo, &phdr, &phnum) < 0 || phnum > 100)
        return 0;
    if (linux_read_memory(&lt->base, phdr, buf, phnum * phsize) != (ssize_t)(phnum * phsize))
        return 0;
    for (uint64_t i = 0; i < phnum; i++) {
        uint32_t type;
        uint64_t vaddr;
        if (lo->ptr == 8) {
            Elf64_Phdr p;
            memcpy(&p, buf + i * phsize, sizeof(p));
            type = p.p_type;
            vaddr = p.p_vaddr;
        } else {
            Elf32_Phdr p;
            memcpy(&p, buf + i * phsize, sizeof(p));
            type = p.p_type;
            vaddr = p.p_vaddr;
        }
        if (type == PT_PHDR && !have_bias) {
            bias = phdr - vaddr;
            have_bias = true;
        } else if (type == PT_DYNAMIC && !dyn) {
            dyn = vaddr;
        }
    }
    if (!have_bias || !dyn)
        return 0;
    return dyn + bias;
}

/* &_r_debug from DT_DEBUG: 0 while the dynamic linker has not filled it in yet (at the first
 * instruction), -ENODATA when the program has no DT_DEBUG at all (static). */
static int svr4_r_debug(struct linux_target *lt, const struct svr4_layout *lo, uint64_t *r_debug)
{
    uint64_t dyn = svr4_dynamic(lt, lo);
    size_t dsize = lo->ptr == 8 ? sizeof(Elf64_Dyn) : sizeof(Elf32_Dyn);

    if (dyn == 0)
        return -ENODATA;
    for (unsigned i = 0; i < SVR4_MAX_ENTRIES; i++, dyn += dsize) {
        uint64_t tag, val;
        if (svr4_read_ptr(lt, lo, dyn, &tag) < 0 || svr4_read_ptr(lt, lo, dyn + lo->ptr, &val) < 0)
            break;
        if (lo->ptr == 4)
            tag = (uint64_t)(int64_t)(int32_t)tag; /* d_tag is signed */
        if (tag == DT_DEBUG) {
            *r_debug = val;
            return 0;
        }
        if (tag == DT_NULL)
            break;
    }
    return -ENODATA;
}

/* Append the libraries of one list from LM (whose predecessor is PREV) as <library/>
 * elements with LMID; the entry with an empty name (the program, the vDSO of old kernels) is
 * skipped, and a list whose back links disagree is cut where they do, as gdbserver does. */
static void svr4_list(struct linux_target *lt, const struct svr4_layout *lo, struct linux_doc *d,
                      uint64_t lmid, uint64_t lm, uint64_t prev)
{
    char name[PATH_MAX];

    for (unsigned i = 0; lm && i < SVR4_MAX_ENTRIES; i++) {
        uint64_t l_name, l_addr, l_ld, l_prev, l_next;
        ssize_t n;

        if (svr4_read_ptr(lt, lo, lm + lo->l_name, &l_name) < 0 ||
            svr4_read_ptr(lt, lo, lm + lo->l_addr, &l_addr) < 0 ||
            svr4_read_ptr(lt, lo, lm + lo->l_ld, &l_ld) < 0 ||
            svr4_read_ptr(lt, lo, lm + lo->l_prev, &l_prev) < 0 ||
            svr4_read_ptr(lt, lo, lm + lo->l_next, &l_next) < 0)
            break;
        if (l_prev != prev) {
            fprintf(stderr, "rspd: corrupted shared library list: 0x%llx != 0x%llx\n",
                    (unsigned long long)prev, (unsigned long long)l_prev);
            break;
        }
        /* The name may end near the end of a mapping: a short read is fine. */
        n = l_name ? linux_read_memory(&lt->base, l_name, name, sizeof(name) - 1) : 0;
        name[n > 0 ? n : 0] = '\0';
        if (name[0]) {
            linux_doc_printf(d, "<library name=\"");
            linux_doc_escaped(d, name);
            linux_doc_printf(d,
                             "\" lm=\"0x%llx\" l_addr=\"0x%llx\" l_ld=\"0x%llx\" lmid=\"0x%llx\"/>",
                             (unsigned long long)lm, (unsigned long long)l_addr,
                             (unsigned long long)l_ld, (unsigned long long)lmid);
        }
        prev = lm;
        lm = l_next;
    }
}

/* Parse "name=HEX;" pairs of ANNEX into START, PREV and LMID; unknown names are skipped. */
static int svr4_parse_annex(const char *annex, uint64_t *start, uint64_t *prev, uint64_t *lmid)
{
    while (*annex) {
        const char *eq = strchr(annex, '=');
        const char *semi;
        uint64_t *dst = NULL, v = 0;
        size_t klen;

        if (!eq)
            break;
        klen = (size_t)(eq - annex);
        if (klen == 5 && memcmp(annex, "start", 5) == 0)
            dst = start;
        else if (klen == 4 && memcmp(annex, "prev", 4) == 0)
            dst = prev;
        else if (klen == 4 && memcmp(annex, "lmid", 4) == 0)
            dst = lmid;
        semi = strchr(eq, ';');
        if (dst) {
            const char *p = eq + 1;
            const char *end = semi ? semi : p + strlen(p);
            if (p == end || end - p > 16)
                return -EINVAL;
            for (; p < end; p++) {
                int c = (unsigned char)*p, h;
                if (c >= '0' && c <= '9')
                    h = c - '0';
                else if (c >= 'a' && c <= 'f')
                    h = c - 'a' + 10;
                else if (c >= 'A' && c <= 'F')
                    h = c - 'A' + 10;
                else
                    return -EINVAL;
                v = v << 4 | (uint64_t)h;
            }
            *dst = v;
        }
        if (!semi)
            break;
        annex = semi + 1;
    }
    return 0;
}

ssize_t linux_svr4_read(struct linux_target *lt, const char *annex, uint64_t off, void *buf,
                        size_t len)
{
    const struct svr4_layout *lo;
    struct linux_doc d = {0};
    uint64_t start = 0, prev = 0, lmid = 0, r_debug = 0, first;
    int rc;

    if (lt->base.pid <= 0 || !lt->base.arch)
        return -ESRCH;
    lo = lt->base.arch->elf_class == ELFCLASS32 ? &svr4_ilp32 : &svr4_lp64;
    rc = svr4_parse_annex(annex ? annex : "", &start, &prev, &lmid);
    if (rc < 0)
        return rc;

    linux_doc_printf(&d, "<library-list-svr4 version=\"1.0\"");
    if (start) {
        /* Incremental: only the namespace LMID names, from START on. */
        linux_doc_printf(&d, ">");
        svr4_list(lt, lo, &d, lmid, start, prev);
        goto close;
    }
    rc = svr4_r_debug(lt, lo, &r_debug);
    if (rc < 0) {
        /* No DT_DEBUG: the list cannot be found this way, now or later (gdb falls back). */
        linux_doc_finish(&d, 0, NULL, 0);
        return rc;
    }
    first = r_debug;
    if (!r_debug)
        linux_doc_printf(&d, ">"); /* not initialised yet: an empty list */
    for (unsigned ns = 0; r_debug && ns < SVR4_MAX_ENTRIES; ns++) {
        uint32_t version = 0;
        uint64_t lm;

        if (linux_read_memory(&lt->base, r_debug, &version, 4) != 4 || (int32_t)version < 1 ||
            svr4_read_ptr(lt, lo, r_debug + lo->r_map, &lm) < 0) {
            if (r_debug == first)
                linux_doc_printf(&d, ">");
            break;
        }
        prev = 0;
        if (r_debug == first) {
            /* The first entry of the first namespace is the program itself. */
            if (lm)
                linux_doc_printf(&d, " main-lm=\"0x%llx\">", (unsigned long long)lm);
            else
                linux_doc_printf(&d, ">");
            prev = lm;
            if (!lm || svr4_read_ptr(lt, lo, lm + lo->l_next, &lm) < 0)
                break;
        }
        svr4_list(lt, lo, &d, r_debug, lm, prev);
        /* r_debug_extended (glibc 2.35+, r_version 2) chains the dlmopen namespaces. */
        if ((int32_t)version < 2 || svr4_read_ptr(lt, lo, r_debug + lo->r_next, &r_debug) < 0)
            break;
    }
close:
    linux_doc_printf(&d, "</library-list-svr4>");
    return linux_doc_finish(&d, off, buf, len);
}

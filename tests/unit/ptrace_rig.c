/* Shared set-up for the real-ptrace unit suites (see ptrace_rig.h). */
#include "tests/unit/ptrace_rig.h"

#include <check.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "targets/target.h"

void ptrace_rig_progs_dir(char *dir, size_t cap)
{
    const char *env = getenv("PROGS");
    char self[PATH_MAX];
    if (env) {
        ck_assert_ptr_nonnull(realpath(env, self));
        snprintf(dir, cap, "%s", self);
        return;
    }
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    ck_assert_int_gt(n, 0);
    self[n] = '\0';
    /* BUILD/tests/unit/check_rspd -> BUILD/tests/programs */
    *strrchr(self, '/') = '\0';
    *strrchr(self, '/') = '\0';
    snprintf(dir, cap, "%s/programs", self);
}

struct target *ptrace_rig_start(const char *name, char *prog, size_t cap)
{
    sigset_t set;
    char dir[PATH_MAX];
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    ck_assert_int_eq(sigprocmask(SIG_BLOCK, &set, NULL), 0);
    ptrace_rig_progs_dir(dir, sizeof(dir));
    snprintf(prog, cap, "%s/%s", dir, name);
    ck_assert_msg(access(prog, X_OK) == 0, "%s missing: build it (make %s)", prog, prog);
    struct target *t = target_create_native();
    ck_assert_ptr_nonnull(t);
    return t;
}

uint64_t ptrace_rig_sym(struct target *t, const char *prog, const char *name, uint64_t *size)
{
    uint64_t auxv[256], entry = 0, value = 0, bytes = 0;
    ssize_t n = target_xfer_read(t, "auxv", "", 0, auxv, sizeof(auxv));
    Elf_Scn *scn = NULL;
    GElf_Ehdr eh;
    Elf *elf;
    int fd;

    ck_assert_int_gt(n, 0);
    for (ssize_t i = 0; i + 1 < n / 8; i += 2)
        if (auxv[i] == AT_ENTRY)
            entry = auxv[i + 1];
    ck_assert_uint_ne(entry, 0);
    elf_version(EV_CURRENT);
    fd = open(prog, O_RDONLY);
    ck_assert_int_ge(fd, 0);
    elf = elf_begin(fd, ELF_C_READ, NULL);
    ck_assert_ptr_nonnull(elf);
    ck_assert_ptr_nonnull(gelf_getehdr(elf, &eh));
    while ((scn = elf_nextscn(elf, scn)) != NULL) {
        GElf_Shdr sh;
        gelf_getshdr(scn, &sh);
        if (sh.sh_type != SHT_SYMTAB)
            continue;
        Elf_Data *d = elf_getdata(scn, NULL);
        for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
            GElf_Sym s;
            gelf_getsym(d, (int)i, &s);
            const char *nm = elf_strptr(elf, sh.sh_link, s.st_name);
            if (nm && strcmp(nm, name) == 0) {
                value = s.st_value;
                bytes = s.st_size;
            }
        }
    }
    elf_end(elf);
    close(fd);
    ck_assert_msg(value != 0, "symbol %s not found", name);
    if (size)
        *size = bytes;
    /* ET_EXEC holds absolute addresses; ET_DYN (PIE) is moved as far as its entry was. */
    return eh.e_type == ET_DYN ? value + (entry - eh.e_entry) : value;
}

int ptrace_rig_wait_event(struct target *t, struct stop_event *ev, int ms)
{
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        int rc = target_next_event(t, ev);
        if (rc != -EAGAIN)
            return rc;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long left =
            ms - ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000);
        if (left <= 0 || t->event_fd < 0)
            return -ETIMEDOUT;
        struct pollfd p = {t->event_fd, POLLIN, 0};
        poll(&p, 1, (int)left);
    }
}

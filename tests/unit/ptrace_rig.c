/* Shared set-up for the real-ptrace unit suites (see ptrace_rig.h). */
#include "tests/unit/ptrace_rig.h"

#include <check.h>
#include <errno.h>
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

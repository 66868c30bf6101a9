/* poll() loop over a handful of fds (see loop.h). No protocol knowledge, no timers yet:
 * everything rspd waits for (client bytes, SIGCHLD via signalfd, shutdown signals) is an fd. */
#include "server/loop.h"

#include <errno.h>
#include <poll.h>

void loop_init(struct loop *l)
{
    l->n = 0;
    l->stop = false;
}

int loop_add(struct loop *l, int fd, void (*ready)(void *ctx, int fd, short revents), void *ctx)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->w[i].fd == fd)
            return -EEXIST;
    if (l->n == LOOP_MAX_WATCHES)
        return -ENOSPC;
    l->w[l->n++] = (struct loop_watch){.fd = fd, .ready = ready, .ctx = ctx};
    return 0;
}

void loop_remove(struct loop *l, int fd)
{
    for (size_t i = 0; i < l->n; i++) {
        if (l->w[i].fd == fd) {
            l->w[i] = l->w[--l->n];
            return;
        }
    }
}

int loop_run(struct loop *l)
{
    struct pollfd pfd[LOOP_MAX_WATCHES];
    struct loop_watch snap[LOOP_MAX_WATCHES];

    while (!l->stop) {
        size_t n = l->n;
        for (size_t i = 0; i < n; i++) {
            snap[i] = l->w[i];
            pfd[i] = (struct pollfd){.fd = snap[i].fd, .events = POLLIN};
        }
        int rc = poll(pfd, n, -1);
        if (rc < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        /* Callbacks may change the watch list: dispatch from the snapshot, skipping fds that
         * were removed in the meantime. */
        for (size_t i = 0; i < n && !l->stop; i++) {
            if (!pfd[i].revents)
                continue;
            bool still = false;
            for (size_t j = 0; j < l->n; j++)
                if (l->w[j].fd == snap[i].fd && l->w[j].ready == snap[i].ready)
                    still = true;
            if (still)
                snap[i].ready(snap[i].ctx, snap[i].fd, pfd[i].revents);
        }
    }
    return 0;
}

void loop_stop(struct loop *l)
{
    l->stop = true;
}

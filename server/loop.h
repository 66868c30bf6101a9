/* The one poll() loop: file descriptors with callbacks, nothing else. It knows no protocol:
 * the session registers the connection, the target's event fd and the signal fd. */
#ifndef RSPD_SERVER_LOOP_H
#define RSPD_SERVER_LOOP_H

#include <stdbool.h>
#include <stddef.h>

#define LOOP_MAX_WATCHES 8

struct loop_watch {
    int fd;
    void (*ready)(void *ctx, int fd, short revents);
    void *ctx;
};

struct loop {
    struct loop_watch w[LOOP_MAX_WATCHES];
    size_t n;
    bool stop;
};

void loop_init(struct loop *l);
/* Watch FD for input (and hang-ups). 0, -EEXIST, -ENOSPC. Callbacks may add and remove. */
int loop_add(struct loop *l, int fd, void (*ready)(void *ctx, int fd, short revents), void *ctx);
/* Stop watching FD (no-op when not watched). */
void loop_remove(struct loop *l, int fd);
/* Dispatch until loop_stop. 0, or -errno when poll fails. */
int loop_run(struct loop *l);
void loop_stop(struct loop *l);

#endif

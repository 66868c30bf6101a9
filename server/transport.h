/* Connections: TCP over IPv4/IPv6 (loopback unless a host is given), unix:PATH (mode 0600) and
 * stdio. Prints gdbserver's lines ("Listening on port N", "Remote debugging from host H, port P",
 * "Can't bind address: Address already in use.") since tools parse them. */
#ifndef RSPD_SERVER_TRANSPORT_H
#define RSPD_SERVER_TRANSPORT_H

#include "server/opts.h"

struct allow_list;
struct log;

struct listener {
    int fd; /* -1 when closed */
    enum comm_kind kind;
    char path[108];                 /* unix: unlinked on close */
    const struct allow_list *allow; /* TCP peers that may connect (--allow); NULL or empty: any.
                                       Set by the caller before transport_listen. */
};

/* Open and listen as C says. 0 or -errno (the reason already printed). */
int transport_listen(const struct comm_spec *c, struct listener *l, const struct log *log);
/* Print the "Listening on ..." line again (when waiting for the next debugger). */
void transport_announce(const struct listener *l, const struct log *log);
/* Wait for one connection and return its fd (used for reading and writing), or -errno:
 * -EACCES when the peer is not in the allow list (the connection was closed at once, before
 * anything was read, and a line naming the peer printed; keep listening). */
int transport_accept(struct listener *l, const struct log *log);
/* Accept a pending connection and refuse it (one debugger at a time); one from a peer not in
 * the allow list is closed without a word sent. */
void transport_refuse(struct listener *l, const struct log *log);
void transport_close(struct listener *l);

/* Write all LEN bytes, retrying on EINTR/partial writes. 0 or -errno. */
int transport_write_all(int fd, const void *data, size_t len);

#endif

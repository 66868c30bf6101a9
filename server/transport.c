/* TCP (v4/v6), unix-socket and stdio connections (see transport.h). Loopback is the default:
 * unlike gdbserver, ":PORT" never listens on other interfaces. */
#include "server/transport.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "protocol/frame.h"
#include "server/allow.h"
#include "server/log.h"

static int listen_unix(const struct comm_spec *c, struct listener *l, const struct log *log)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    struct stat st;
    int fd = -1, err;

    if (strlen(c->path) >= sizeof(sa.sun_path)) {
        log_error(log, "unix socket path too long: %s", c->path);
        return -ENAMETOOLONG;
    }
    strcpy(sa.sun_path, c->path);
    /* A stale socket from an earlier run is replaced; any other file is left alone. */
    if (lstat(c->path, &st) == 0 && S_ISSOCK(st.st_mode))
        unlink(c->path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        err = -errno;
        log_error(log, "socket(AF_UNIX): %s", strerror(errno));
        return err;
    }
    mode_t old = umask(0077); /* the socket is created 0600: only our user may connect */
    int rc = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
    umask(old);
    if (rc < 0 || listen(fd, 1) < 0) {
        err = -errno;
        log_error(log, "bind(%s): %s", c->path, strerror(errno));
        close(fd);
        return err;
    }
    chmod(c->path, 0600);
    l->fd = fd;
    l->kind = COMM_UNIX;
    strcpy(l->path, c->path);
    log_info(log, "Listening on unix socket %s", c->path);
    return 0;
}

/* The port of an AF_INET or AF_INET6 address (copied out, not type-punned in place). */
static int sockaddr_port(const struct sockaddr_storage *ss)
{
    struct sockaddr_in in;
    struct sockaddr_in6 in6;
    if (ss->ss_family == AF_INET6) {
        memcpy(&in6, ss, sizeof(in6));
        return ntohs(in6.sin6_port);
    }
    memcpy(&in, ss, sizeof(in));
    return ntohs(in.sin_port);
}

static bool is_loopback(const struct sockaddr_storage *ss)
{
    static const struct in6_addr v6_loopback = IN6ADDR_LOOPBACK_INIT;
    if (ss->ss_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)ss)->sin_addr.s_addr) >> 24) == 127;
    if (ss->ss_family == AF_INET6)
        return memcmp(&((const struct sockaddr_in6 *)ss)->sin6_addr, &v6_loopback,
                      sizeof(v6_loopback)) == 0;
    return false;
}

static int listen_tcp(const struct comm_spec *c, struct listener *l, const struct log *log)
{
    struct addrinfo hints = {
        .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE, .ai_family = c->family};
    struct addrinfo *res = NULL;
    const char *host = c->host[0] ? c->host : "127.0.0.1";
    int fd = -1, err = -EADDRNOTAVAIL, one = 1, zero = 0;

    int gai = getaddrinfo(host, c->port, &hints, &res);
    if (gai != 0) {
        /* gdbserver's words: the testsuite and scripts look for ": cannot resolve name: ". */
        log_info(log, "%s:%s: cannot resolve name: %s", host, c->port, gai_strerror(gai));
        return -EINVAL;
    }
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            err = -errno;
            continue;
        }
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (ai->ai_family == AF_INET6) /* "[::]:PORT" means every interface, v4 too */
            setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 1) == 0)
            break;
        err = -errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        if (err == -EADDRINUSE)
            log_info(log, "Can't bind address: Address already in use.");
        else
            log_error(log, "cannot listen on %s:%s: %s", host, c->port, strerror(-err));
        return err;
    }
    struct sockaddr_storage ss = {0};
    socklen_t sl = sizeof(ss);
    int port = 0;
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0)
        port = sockaddr_port(&ss);
    l->fd = fd;
    l->kind = COMM_TCP;
    log_info(log, "Listening on port %d", port);
    if (!is_loopback(&ss) && !(l->allow && l->allow->n))
        log_error(log,
                  "warning: %s:%s is reachable from other hosts and no --allow list limits "
                  "who connects; a debugger can run any code as this user",
                  host, c->port);
    return 0;
}

void transport_announce(const struct listener *l, const struct log *log)
{
    struct sockaddr_storage ss = {0};
    socklen_t sl = sizeof(ss);
    if (l->kind == COMM_UNIX) {
        log_info(log, "Listening on unix socket %s", l->path);
        return;
    }
    if (getsockname(l->fd, (struct sockaddr *)&ss, &sl) < 0)
        return;
    log_info(log, "Listening on port %d", sockaddr_port(&ss));
}

int transport_listen(const struct comm_spec *c, struct listener *l, const struct log *log)
{
    l->fd = -1;
    l->path[0] = '\0';
    l->kind = c->kind;
    if (c->kind == COMM_UNIX)
        return listen_unix(c, l, log);
    if (c->kind == COMM_TCP)
        return listen_tcp(c, l, log);
    return -EINVAL; /* stdio needs no listener */
}

static void describe_peer(const struct sockaddr_storage *ss, char *host, size_t hlen, int *port)
{
    *port = 0;
    snprintf(host, hlen, "%s", "local");
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)ss;
        inet_ntop(AF_INET, &in->sin_addr, host, (socklen_t)hlen);
        *port = ntohs(in->sin_port);
    } else if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)ss;
        inet_ntop(AF_INET6, &in6->sin6_addr, host, (socklen_t)hlen);
        *port = ntohs(in6->sin6_port);
    }
}

/* --allow: a peer outside the list is named in the log and must be closed unread. */
static bool refused_peer(const struct listener *l, const struct sockaddr_storage *ss,
                         const struct log *log)
{
    char host[INET6_ADDRSTRLEN];
    int port;
    if (l->kind != COMM_TCP || !l->allow || allow_match(l->allow, (const struct sockaddr *)ss))
        return false;
    describe_peer(ss, host, sizeof(host), &port);
    log_error(log, "refused a connection from host %s, port %d: not in the --allow list", host,
              port);
    return true;
}

int transport_accept(struct listener *l, const struct log *log)
{
    struct sockaddr_storage ss = {0};
    socklen_t sl = sizeof(ss);
    int fd, one = 1;

    do
        fd = accept4(l->fd, (struct sockaddr *)&ss, &sl, SOCK_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        int err = -errno;
        log_error(log, "accept: %s", strerror(errno));
        return err;
    }
    if (l->kind == COMM_TCP) {
        char host[INET6_ADDRSTRLEN];
        int port;
        if (refused_peer(l, &ss, log)) {
            close(fd);
            return -EACCES;
        }
        /* Replies are small and latency-bound: never wait for Nagle. */
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        describe_peer(&ss, host, sizeof(host), &port);
        log_info(log, "Remote debugging from host %s, port %d", host, port);
    } else {
        log_info(log, "Remote debugging from unix socket %s", l->path);
    }
    return fd;
}

void transport_refuse(struct listener *l, const struct log *log)
{
    struct sockaddr_storage ss = {0};
    socklen_t sl = sizeof(ss);
    int fd = accept4(l->fd, (struct sockaddr *)&ss, &sl, SOCK_CLOEXEC);
    if (fd < 0)
        return;
    if (refused_peer(l, &ss, log)) {
        close(fd);
        return;
    }
    static const char text[] = "E.rspd: another debugger is already connected";
    char frame[sizeof(text) + 8];
    ssize_t n = frame_encode(frame, sizeof(frame), '$', text, sizeof(text) - 1, false);
    if (n > 0)
        (void)!write(fd, frame, (size_t)n);
    close(fd);
    log_error(log, "refused a second connection: one debugger at a time");
}

void transport_close(struct listener *l)
{
    if (l->fd >= 0)
        close(l->fd);
    l->fd = -1;
    if (l->kind == COMM_UNIX && l->path[0])
        unlink(l->path);
    l->path[0] = '\0';
}

int transport_write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* rspc: a scripted raw RSP client for tests. Connects to HOST:PORT or unix:PATH, then runs a
 * script from stdin, one command per line:
 *   > PAYLOAD      send PAYLOAD as a packet ($…#cs, C escapes like \x03 decoded first)
 *   ! BYTES        send raw BYTES (C escapes decoded), no framing
 *   < REGEX        read the next reply packet (acks skipped, RLE expanded); it must match the
 *                  POSIX extended REGEX (anchored at both ends); a notification ('%' frame)
 *                  reads as its payload with a leading '%' ("%Stop:T05...")
 *   <ack           the next byte received must be '+'
 *   <nack          the next byte received must be '-' (a checksum the server rejected)
 *   noack          stop expecting acks and stop sending them
 *   sleep MS       wait (what arrives meanwhile is kept for '<'); ends early if the server
 *                  closes the connection
 *   close          close the connection (half-way through is fine)
 *   # ...          comment
 * Exits 0 when every expectation held, 1 on the first mismatch (printed), 2 on usage errors.
 * Each read waits at most RSPC_TIMEOUT_MS (default 5000) so a hang fails. RSPC_BIND=ADDR
 * connects from that local address (e.g. 127.0.0.2, to test --allow). */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

struct conn {
    int fd;
    char in[1 << 20];
    size_t len;
    int timeout_ms;
    int noack;
};

static int dial(const char *addr)
{
    if (strncmp(addr, "unix:", 5) == 0) {
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", addr + 5);
        int fd = socket(AF_UNIX, SOCK_STREAM, 0);
        if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
            return -1;
        return fd;
    }
    char host[256];
    const char *colon = strrchr(addr, ':');
    if (!colon || (size_t)(colon - addr) >= sizeof(host))
        return -1;
    memcpy(host, addr, (size_t)(colon - addr));
    host[colon - addr] = '\0';
    char *h = host;
    if (h[0] == '[') {
        h++;
        h[strlen(h) - 1] = '\0';
    }
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res, *ai;
    if (getaddrinfo(*h ? h : "127.0.0.1", colon + 1, &hints, &res) != 0)
        return -1;
    int fd = -1;
    const char *bind_to = getenv("RSPC_BIND");
    for (ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, 0);
        if (fd >= 0 && bind_to && *bind_to) {
            struct addrinfo bh = {.ai_family = ai->ai_family, .ai_flags = AI_NUMERICHOST}, *b;
            if (getaddrinfo(bind_to, NULL, &bh, &b) != 0) {
                close(fd);
                fd = -1;
                continue;
            }
            int rc = bind(fd, b->ai_addr, b->ai_addrlen);
            freeaddrinfo(b);
            if (rc < 0) {
                close(fd);
                fd = -1;
                continue;
            }
        }
        if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
            break;
        if (fd >= 0)
            close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    return fd;
}

/* Decode C escapes (\xNN, \n, \\, \r, \t) in place; returns the new length. */
static size_t unescape(char *s)
{
    size_t o = 0;
    for (size_t i = 0; s[i]; i++) {
        if (s[i] == '\\' && s[i + 1]) {
            i++;
            if (s[i] == 'x' && s[i + 1] && s[i + 2]) {
                char hex[3] = {s[i + 1], s[i + 2], 0};
                s[o++] = (char)strtol(hex, NULL, 16);
                i += 2;
            } else {
                s[o++] = s[i] == 'n' ? '\n' : s[i] == 'r' ? '\r' : s[i] == 't' ? '\t' : s[i];
            }
        } else {
            s[o++] = s[i];
        }
    }
    s[o] = '\0';
    return o;
}

static int send_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int fill(struct conn *c)
{
    struct pollfd p = {.fd = c->fd, .events = POLLIN};
    if (poll(&p, 1, c->timeout_ms) <= 0)
        return -1;
    ssize_t n = read(c->fd, c->in + c->len, sizeof(c->in) - c->len);
    if (n <= 0)
        return -1;
    c->len += (size_t)n;
    return 0;
}

/* Wait MS milliseconds, buffering what arrives; return early when the peer has closed. */
static void wait_ms(struct conn *c, long ms)
{
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        clock_gettime(CLOCK_MONOTONIC, &t);
        long left = ms - ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000);
        if (left <= 0)
            return;
        struct pollfd p = {.fd = c->fd, .events = POLLIN};
        if (poll(&p, 1, (int)left) <= 0)
            continue;
        if (c->len == sizeof(c->in))
            return; /* buffer full: stop reading, let the script go on */
        ssize_t n = read(c->fd, c->in + c->len, sizeof(c->in) - c->len);
        if (n <= 0)
            return; /* closed (or reset) by the server */
        c->len += (size_t)n;
    }
}

static void consume(struct conn *c, size_t n)
{
    memmove(c->in, c->in + n, c->len - n);
    c->len -= n;
}

/* The next packet's payload (RLE expanded) into OUT. */
static int read_packet(struct conn *c, char *out, size_t cap)
{
    for (;;) {
        while (c->len && c->in[0] != '$' && c->in[0] != '%')
            consume(c, 1); /* acks and noise */
        char *hash = c->len ? memchr(c->in, '#', c->len) : NULL;
        if (hash && (size_t)(hash - c->in) + 3 <= c->len) {
            size_t body = (size_t)(hash - c->in) - 1, o = 0;
            bool notif = c->in[0] == '%';
            if (notif)
                out[o++] = '%'; /* a notification reads as "%Stop:..." and is never acked */
            for (size_t i = 0; i < body && o + 1 < cap; i++) {
                char ch = c->in[1 + i];
                if (ch == '*' && o > 0 && i + 1 < body) {
                    int rep = c->in[2 + i] - 29;
                    for (int k = 0; k < rep && o + 1 < cap; k++, o++)
                        out[o] = out[o - 1];
                    i++;
                } else {
                    out[o++] = ch;
                }
            }
            out[o] = '\0';
            consume(c, body + 4);
            if (!c->noack && !notif)
                send_all(c->fd, "+", 1);
            return 0;
        }
        if (fill(c) < 0)
            return -1;
    }
}

int main(int argc, char **argv)
{
    static struct conn c;
    static char line[1 << 20], pkt[1 << 20], frame[(1 << 20) + 8];
    int lineno = 0;
    if (argc != 2) {
        fprintf(stderr, "usage: rspc HOST:PORT|unix:PATH < script\n");
        return 2;
    }
    c.timeout_ms = getenv("RSPC_TIMEOUT_MS") ? atoi(getenv("RSPC_TIMEOUT_MS")) : 5000;
    c.fd = dial(argv[1]);
    if (c.fd < 0) {
        fprintf(stderr, "rspc: cannot connect to %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    while (fgets(line, sizeof(line), stdin)) {
        lineno++;
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        if (strncmp(line, "> ", 2) == 0) {
            size_t n = unescape(line + 2);
            unsigned sum = 0;
            for (size_t i = 0; i < n; i++)
                sum += (unsigned char)line[2 + i];
            frame[0] = '$';
            memcpy(frame + 1, line + 2, n);
            snprintf(frame + 1 + n, 4, "#%02x", sum & 0xff);
            if (send_all(c.fd, frame, n + 4) < 0)
                goto fail_io;
        } else if (strncmp(line, "! ", 2) == 0) {
            size_t n = unescape(line + 2);
            if (send_all(c.fd, line + 2, n) < 0)
                goto fail_io;
        } else if (strcmp(line, "<ack") == 0 || strcmp(line, "<nack") == 0) {
            char want = line[1] == 'a' ? '+' : '-';
            if (!c.len && fill(&c) < 0)
                goto fail_io;
            if (c.in[0] != want) {
                fprintf(stderr, "rspc:%d: expected '%c', got '%c'\n", lineno, want, c.in[0]);
                return 1;
            }
            consume(&c, 1);
        } else if (strncmp(line, "< ", 2) == 0) {
            char re_text[4096];
            regex_t re;
            snprintf(re_text, sizeof(re_text), "^(%s)$", line + 2);
            if (regcomp(&re, re_text, REG_EXTENDED | REG_NOSUB) != 0) {
                fprintf(stderr, "rspc:%d: bad regex\n", lineno);
                return 2;
            }
            if (read_packet(&c, pkt, sizeof(pkt)) < 0) {
                regfree(&re);
                goto fail_io;
            }
            int ok = regexec(&re, pkt, 0, NULL, 0) == 0;
            regfree(&re);
            printf("%s\n", pkt);
            fflush(stdout); /* scripts watch the output while the session goes on */
            if (!ok) {
                fprintf(stderr, "rspc:%d: reply '%.200s' does not match '%s'\n", lineno, pkt,
                        line + 2);
                return 1;
            }
        } else if (strcmp(line, "noack") == 0) {
            c.noack = 1;
        } else if (strncmp(line, "sleep ", 6) == 0) {
            wait_ms(&c, atol(line + 6));
        } else if (strcmp(line, "close") == 0) {
            close(c.fd);
            return 0;
        } else {
            fprintf(stderr, "rspc:%d: unknown command '%s'\n", lineno, line);
            return 2;
        }
    }
    close(c.fd);
    return 0;
fail_io:
    fprintf(stderr, "rspc:%d: connection closed or timed out\n", lineno);
    return 1;
}

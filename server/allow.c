/* The --allow peer list (see allow.h): CIDR text -> networks, and the check transport.c makes
 * right after accept(), before a byte of the connection is read. No sockets, no printing: main
 * and transport.c report. Not part of the GDB protocol; a safety net for non-loopback listeners. */
#include "server/allow.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

/* True when ADDR (LEN bytes) has no bit set past the first PREFIX. */
static bool host_bits_clear(const uint8_t *addr, size_t len, unsigned prefix)
{
    for (size_t i = 0; i < len; i++) {
        unsigned keep = prefix >= 8 * (i + 1) ? 8 : prefix > 8 * i ? prefix - 8 * (unsigned)i : 0;
        uint8_t mask = keep ? (uint8_t)(0xffu << (8 - keep)) : 0;
        if (addr[i] & (uint8_t)~mask)
            return false;
    }
    return true;
}

static bool in_net(const struct allow_net *n, const uint8_t *addr)
{
    size_t full = n->prefix / 8;
    unsigned rest = n->prefix % 8;
    if (memcmp(n->addr, addr, full) != 0)
        return false;
    if (rest == 0)
        return true;
    uint8_t mask = (uint8_t)(0xffu << (8 - rest));
    return (n->addr[full] & mask) == (addr[full] & mask);
}

/* One "ADDR[/PREFIX]" of LEN characters. */
static int parse_one(const char *s, size_t len, struct allow_net *out)
{
    char text[INET6_ADDRSTRLEN + 8];
    struct allow_net n = {0};
    const char *slash;
    size_t alen;

    if (len == 0 || len >= sizeof(text))
        return -EINVAL;
    memcpy(text, s, len);
    text[len] = '\0';
    slash = strchr(text, '/');
    alen = slash ? (size_t)(slash - text) : len;
    text[alen] = '\0';
    if (inet_pton(AF_INET, text, n.addr) == 1) {
        n.family = AF_INET;
        n.prefix = 32;
    } else if (inet_pton(AF_INET6, text, n.addr) == 1) {
        n.family = AF_INET6;
        n.prefix = 128;
    } else {
        return -EINVAL;
    }
    if (slash) {
        const char *p = slash + 1;
        unsigned v = 0;
        if (!*p || strlen(p) > 3)
            return -EINVAL;
        for (; *p; p++) {
            if (*p < '0' || *p > '9')
                return -EINVAL;
            v = v * 10 + (unsigned)(*p - '0');
        }
        if (v > n.prefix)
            return -EINVAL;
        n.prefix = v;
    }
    if (!host_bits_clear(n.addr, n.family == AF_INET ? 4 : 16, n.prefix))
        return -EINVAL;
    *out = n;
    return 0;
}

int allow_parse(struct allow_list *l, const char *spec)
{
    struct allow_net nets[ALLOW_MAX];
    size_t n = 0;
    const char *p = spec;

    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (l->n + n >= ALLOW_MAX)
            return -E2BIG;
        int err = parse_one(p, len, &nets[n]);
        if (err < 0)
            return err;
        n++;
        if (!comma)
            break;
        p = comma + 1;
    }
    memcpy(l->nets + l->n, nets, n * sizeof(nets[0]));
    l->n += n;
    return 0;
}

bool allow_match(const struct allow_list *l, const struct sockaddr *peer)
{
    static const uint8_t v4mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    uint8_t v4[4], v6[16];
    bool has_v4 = false, has_v6 = false;

    if (l->n == 0)
        return true;
    if (peer->sa_family == AF_INET) {
        struct sockaddr_in in;
        memcpy(&in, peer, sizeof(in));
        memcpy(v4, &in.sin_addr, 4);
        has_v4 = true;
    } else if (peer->sa_family == AF_INET6) {
        struct sockaddr_in6 in6;
        memcpy(&in6, peer, sizeof(in6));
        memcpy(v6, &in6.sin6_addr, 16);
        has_v6 = true;
        if (memcmp(v6, v4mapped, sizeof(v4mapped)) == 0) {
            memcpy(v4, v6 + 12, 4);
            has_v4 = true;
        }
    }
    for (size_t i = 0; i < l->n; i++) {
        const struct allow_net *n = &l->nets[i];
        if ((n->family == AF_INET && has_v4 && in_net(n, v4)) ||
            (n->family == AF_INET6 && has_v6 && in_net(n, v6)))
            return true;
    }
    return false;
}

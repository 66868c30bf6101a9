/* Which peers may connect to a TCP listener: --allow CIDR[,CIDR...] (repeatable). An empty list
 * allows every peer the listener accepts (":PORT" listens on loopback only). IPv4 networks also
 * match IPv4-mapped IPv6 peers ("::ffff:10.0.0.5"), as a dual-stack "[::]:PORT" listener sees
 * them. */
#ifndef RSPD_SERVER_ALLOW_H
#define RSPD_SERVER_ALLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sockaddr;

#define ALLOW_MAX 32 /* networks in one list */

struct allow_net {
    int family;       /* AF_INET or AF_INET6 */
    uint8_t addr[16]; /* network address, host bits cleared; 4 bytes used for AF_INET */
    unsigned prefix;  /* 0..32 or 0..128 */
};

struct allow_list {
    struct allow_net nets[ALLOW_MAX];
    size_t n;
};

/* Append the networks of SPEC, "CIDR[,CIDR...]" where CIDR is ADDR[/PREFIX] (IPv4 dotted or
 * IPv6; no PREFIX means the one host). Host bits set beyond PREFIX are refused, not cleared
 * (10.0.0.5/8 is a typo more often than a network). 0, -EINVAL (ill-formed; L unchanged) or
 * -E2BIG (more than ALLOW_MAX in all; L unchanged). */
int allow_parse(struct allow_list *l, const char *spec);

/* True when PEER (an AF_INET or AF_INET6 address) may connect: L is empty, or PEER lies in one
 * of its networks. Other address families match only an empty list. */
bool allow_match(const struct allow_list *l, const struct sockaddr *peer);

#endif

/* The packet table: one row per packet with its preconditions, so handlers never repeat them.
 * A row whose target op is missing is skipped, so the packet gets the empty reply, exactly as
 * an unknown one does. Spec: GDB manual, "Packets" and "General Query Packets". */
#ifndef RSPD_SERVER_DISPATCH_H
#define RSPD_SERVER_DISPATCH_H

#include <stdbool.h>
#include <stddef.h>

struct session;

/* Handlers return 0 (reply in s->reply, possibly empty = unsupported), CMD_NO_REPLY (nothing now:
 * a stop reply is owed later, or the connection ends) or -errno (the session replies Exx, or
 * E.text when the client accepts it). ARGS is the text after the row's prefix, NUL-terminated. */
#define CMD_NO_REPLY 1

enum match_kind { MATCH_EXACT, MATCH_PREFIX };

enum need {
    NEED_PROCESS = 1u << 0,  /* a live process: else E.no process */
    NEED_STOPPED = 1u << 1,  /* not while resumed */
    NEED_EXTENDED = 1u << 2, /* extended-remote only: else empty reply */
    NEED_RUNCFG = 1u << 3,   /* the session can start programs (s->run): else empty reply */
};

struct dispatch_row {
    const char *prefix;
    enum match_kind match;
    unsigned needs;
    size_t op; /* offsetof(struct target_ops, op) that must be non-NULL; 0 = none */
    int (*handler)(struct session *s, const char *args, size_t len);
    const char *doc; /* one-line description (README table, monitor help) */
};

#define DISPATCH_OP(name) offsetof(struct target_ops, name)

/* The row for packet PKT (LEN bytes), or NULL (empty reply). Rows are matched in table order;
 * a longer prefix always precedes a shorter one it extends (qC after qCRC), which a unit test
 * checks. */
const struct dispatch_row *dispatch_find(const char *pkt, size_t len);
/* The whole table, for tests and documentation. */
const struct dispatch_row *dispatch_table(size_t *n);
/* True when ROW's target op exists on the session's target. */
bool dispatch_row_available(const struct session *s, const struct dispatch_row *row);
/* Run PKT through the table. Returns as a handler does; the empty reply for no row. */
int dispatch_packet(struct session *s, const char *pkt, size_t len);

#endif

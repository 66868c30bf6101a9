/* A whole session over the fake target for unit tests: bytes go in through session_input(),
 * replies come out of a pipe, and helpers frame packets and unpack reply frames (RLE expanded,
 * checksums verified). Shared by check_session.c, check_cmd_file.c and check_monitor.c. */
#ifndef RSPD_TESTS_UNIT_RIG_H
#define RSPD_TESTS_UNIT_RIG_H

#include <stddef.h>
#include <sys/types.h>

#include "server/log.h"
#include "server/session.h"
#include "tests/unit/fake_target.h"

struct rspd_opts;

struct rig {
    struct fake_target *f;
    struct session s;
    struct log log; /* no stream: silent, but its flags are the session's */
    int pipe_rd, pipe_wr;
    size_t out_len; /* bytes in OUT */
    char out[SESSION_PACKET_SIZE * 2 + 64];
    size_t reply_len; /* bytes in REPLY */
    char reply[SESSION_PACKET_SIZE * 2];
};

struct rig *rig_new(void);
/* A rig whose session sees OPTS as the command line (OPTS must outlive the rig). */
struct rig *rig_new_opts(const struct rspd_opts *opts);
void rig_free(struct rig *r);

/* Everything rspd wrote since the last call (r->out_len bytes, then a NUL). */
const char *rig_output(struct rig *r);
/* Feed BYTES (a C string) as they are. */
void rig_send_raw(struct rig *r, const char *bytes);
/* Send PAYLOAD (already escaped where binary) as a well-formed packet. */
void rig_send(struct rig *r, const char *payload);
void rig_send_bin(struct rig *r, const void *payload, size_t len);

/* The payload of the first frame at or after *POS in OUT (LEN bytes), RLE expanded, into DST
 * (CAP bytes, NUL-terminated); *POS moves past the frame. Fails the test on a bad checksum.
 * Returns the payload length, or -1 when no frame is left. */
ssize_t rig_frame(const char *out, size_t len, size_t *pos, char *dst, size_t cap);
/* The payload of the single reply frame in OUT (a C string, after an optional '+'). */
const char *rig_payload_of(const char *out, char *dst, size_t cap);
/* Send PAYLOAD and return the payload of the last frame rspd answered with (in r->reply,
 * r->reply_len bytes, NUL-terminated; binary-safe). */
const char *rig_exchange(struct rig *r, const char *payload);
const char *rig_exchange_bin(struct rig *r, const void *payload, size_t len);

#endif

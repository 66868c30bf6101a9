/* RSP framing: an incremental push decoder and an encoder, over caller buffers.
 * Pure code: no syscalls, no globals, bounded memory.
 * Spec: GDB manual, "Remote Protocol" > "Overview" (packets, acks, checksums, RLE, escapes). */
#ifndef RSPD_PROTOCOL_FRAME_H
#define RSPD_PROTOCOL_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum frame_event {
    FRAME_EV_NONE,      /* all input consumed, nothing complete yet */
    FRAME_EV_PACKET,    /* "$body#cs" with a good checksum; body in d->buf[0..d->len), NUL-ended */
    FRAME_EV_ACK,       /* '+' outside a packet */
    FRAME_EV_NACK,      /* '-' outside a packet */
    FRAME_EV_INTERRUPT, /* 0x03 outside a packet */
    FRAME_EV_BAD_CSUM,  /* complete packet whose checksum is wrong or not two hex digits */
    FRAME_EV_TOO_LONG,  /* complete packet whose body did not fit; the body is dropped */
};

enum frame_state { FRAME_ST_IDLE, FRAME_ST_BODY, FRAME_ST_CSUM1, FRAME_ST_CSUM2 };

struct frame_decoder {
    enum frame_state state;
    char *buf;      /* caller-owned body storage */
    size_t cap;     /* size of buf; the longest body accepted is cap - 1 (room for the NUL) */
    size_t len;     /* body bytes stored so far */
    uint8_t sum;    /* running checksum of the body */
    uint8_t rx_sum; /* checksum digits received */
    bool overflow;  /* body exceeded cap - 1 */
    size_t junk;    /* bytes seen outside a packet that were not '+', '-', 0x03 (statistics) */
};

/* Prepare D to decode into BUF of CAP bytes (CAP >= 2). */
void frame_decoder_init(struct frame_decoder *d, char *buf, size_t cap);

/* Feed LEN bytes of DATA. Stops after the first event and returns the number of bytes consumed
 * (the caller feeds the rest again); *EV is the event, or FRAME_EV_NONE when all of DATA was
 * consumed without completing one. A '$' inside a body restarts the packet (the sender
 * resynchronised). After FRAME_EV_PACKET the body stays valid until the next push. Escapes ('}')
 * are left in the body: only binary-data packets undo them (bin_unescape in hex.h). */
size_t frame_decoder_push(struct frame_decoder *d, const char *data, size_t len,
                          enum frame_event *ev);

/* Encode PAYLOAD (LEN bytes, already escaped where binary) as LEAD payload '#' checksum into
 * OUT of CAP bytes. LEAD is '$' (packet) or '%' (notification). With RLE, runs of 4 or more equal
 * characters become "c*N" (never a count character of '#' or '$', never across an escape
 * '}' or of the characters '}', '*', '#', '$'). Returns the frame length, or -ENOSPC. */
ssize_t frame_encode(char *out, size_t cap, char lead, const char *payload, size_t len, bool rle);

/* Modulo-256 sum of LEN bytes. */
uint8_t frame_checksum(const char *data, size_t len);

#endif

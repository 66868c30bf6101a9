/* Bounded output buffer for replies: appends never write past the capacity.
 * Pure code: no syscalls, no globals, no allocation (the memory is the caller's). */
#ifndef RSPD_PROTOCOL_BUF_H
#define RSPD_PROTOCOL_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf {
    char *data;
    size_t len;
    size_t cap;
    bool overflow; /* an append did not fit; it wrote nothing. Checked once, at the end. */
};

/* DATA stays NUL-terminated for logging: one byte of CAP is kept for the NUL, so at most
 * CAP - 1 bytes of reply fit. Once OVERFLOW is set, later appends write nothing either. */
void buf_init(struct buf *b, char *mem, size_t cap);
void buf_reset(struct buf *b);
/* Bytes that still fit. */
size_t buf_room(const struct buf *b);
/* Each append writes all of its bytes, or none of them and sets b->overflow. */
void buf_append(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_appendf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* 2*LEN lowercase hex digits of DATA. */
void buf_append_hex(struct buf *b, const void *data, size_t len);
/* V in lowercase hex without leading zeros ("0" for zero). */
void buf_append_hex_u64(struct buf *b, uint64_t v);
/* DATA escaped with bin_escape(); appends as much as fits and returns the input bytes used
 * (never sets overflow). */
size_t buf_append_binary(struct buf *b, const void *data, size_t len);

#endif

/* Hex and binary-escape codecs used by packet arguments and replies.
 * Pure code: no syscalls, no globals.
 * Spec: GDB manual, "Overview" (binary data escapes with '}' and 0x20). */
#ifndef RSPD_PROTOCOL_HEX_H
#define RSPD_PROTOCOL_HEX_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Value of hex digit C (either case), or -1. */
int hex_digit(int c);

/* Decode HEXLEN hex characters into OUT (CAP bytes). Returns bytes written; -EINVAL on an odd
 * length or a non-hex character, -ENOSPC when OUT is too small. */
ssize_t hex_decode(const char *hex, size_t hexlen, uint8_t *out, size_t cap);

/* Write 2*LEN lowercase hex characters for IN into OUT (no NUL). Returns 2*LEN. */
size_t hex_encode(const uint8_t *in, size_t len, char *out);

/* Parse exactly LEN characters of S (1..16 significant hex digits; leading zeros allowed) as an
 * unsigned 64-bit value. Returns 0, -EINVAL (empty or non-hex) or -ERANGE (overflow). */
int hex_to_u64(const char *s, size_t len, uint64_t *out);

/* Escape IN for a binary reply: '#', '$', '}' and '*' become '}' (c ^ 0x20). Writes at most CAP
 * bytes to OUT, never splitting an escape; *CONSUMED tells how many input bytes were encoded.
 * Returns bytes written. */
size_t bin_escape(const uint8_t *in, size_t len, char *out, size_t cap, size_t *consumed);

/* Undo '}' escapes of LEN bytes of IN into OUT (CAP bytes). Returns bytes written; -EINVAL when
 * the input ends in a lone '}', -ENOSPC when OUT is too small. */
ssize_t bin_unescape(const char *in, size_t len, uint8_t *out, size_t cap);

#endif

/* Bounds-checked parse cursor over one packet body: every parser reads through it, so none can
 * run past the end or silently default on junk.
 * Pure code: no syscalls, no globals. */
#ifndef RSPD_PROTOCOL_CURSOR_H
#define RSPD_PROTOCOL_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cursor {
    const char *p;
    const char *end;
};

void cursor_init(struct cursor *c, const char *s, size_t len);
bool cursor_at_end(const struct cursor *c);
size_t cursor_left(const struct cursor *c);
/* True, and consumed, when the next character is CH. */
bool cursor_skip_char(struct cursor *c, char ch);
/* True, and consumed, when the input continues with S. */
bool cursor_skip_str(struct cursor *c, const char *s);
/* One or more hex digits. 0, -EINVAL (none), -ERANGE (more than 64 bits). */
int cursor_hex_u64(struct cursor *c, uint64_t *out);
/* Exactly 2*N hex digits into OUT. 0 or -EINVAL. */
int cursor_hex_bytes(struct cursor *c, uint8_t *out, size_t n);
/* The token up to STOP (not included) or the end; STOP, when present, is consumed.
 * Always succeeds; the token may be empty. */
void cursor_until(struct cursor *c, char stop, const char **tok, size_t *toklen);
/* 0 when nothing is left, else -EINVAL. */
int cursor_expect_end(const struct cursor *c);

#endif

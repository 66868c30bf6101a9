/* Hex <-> bytes, hex <-> u64 with an overflow check, and the '}' binary escape used by X,
 * vFile and qXfer data. Pure functions over caller buffers: no syscalls, no allocation.
 * Outputs are written only once the whole input is known to be valid.
 * Spec: GDB manual, "Remote Protocol" > "Overview" (binary data, escapes with '}' and 0x20). */
#include "protocol/hex.h"

#include <errno.h>
#include <stdbool.h>

#define BIN_ESCAPE_CHAR '}'
#define BIN_ESCAPE_XOR  0x20

int hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

ssize_t hex_decode(const char *hex, size_t hexlen, uint8_t *out, size_t cap)
{
    if (hexlen % 2 != 0)
        return -EINVAL;
    for (size_t i = 0; i < hexlen; i++)
        if (hex_digit((unsigned char)hex[i]) < 0)
            return -EINVAL;
    if (hexlen / 2 > cap)
        return -ENOSPC;
    for (size_t i = 0; i < hexlen / 2; i++)
        out[i] = (uint8_t)((unsigned)hex_digit((unsigned char)hex[2 * i]) << 4 |
                           (unsigned)hex_digit((unsigned char)hex[2 * i + 1]));
    return (ssize_t)(hexlen / 2);
}

size_t hex_encode(const uint8_t *in, size_t len, char *out)
{
    static const char digits[] = "0123456789abcdef";

    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 0xf];
    }
    return 2 * len;
}

int hex_to_u64(const char *s, size_t len, uint64_t *out)
{
    uint64_t v = 0;
    size_t i = 0;

    if (len == 0)
        return -EINVAL;
    for (size_t k = 0; k < len; k++)
        if (hex_digit((unsigned char)s[k]) < 0)
            return -EINVAL;
    while (i < len && s[i] == '0')
        i++;
    if (len - i > 16)
        return -ERANGE;
    for (; i < len; i++)
        v = v << 4 | (uint64_t)hex_digit((unsigned char)s[i]);
    *out = v;
    return 0;
}

static bool bin_needs_escape(uint8_t c)
{
    return c == '#' || c == '$' || c == BIN_ESCAPE_CHAR || c == '*';
}

size_t bin_escape(const uint8_t *in, size_t len, char *out, size_t cap, size_t *consumed)
{
    size_t i, o = 0;

    for (i = 0; i < len; i++) {
        if (bin_needs_escape(in[i])) {
            if (cap - o < 2)
                break;
            out[o++] = BIN_ESCAPE_CHAR;
            out[o++] = (char)(in[i] ^ BIN_ESCAPE_XOR);
        } else {
            if (cap - o < 1)
                break;
            out[o++] = (char)in[i];
        }
    }
    *consumed = i;
    return o;
}

ssize_t bin_unescape(const char *in, size_t len, uint8_t *out, size_t cap)
{
    size_t n = 0, o = 0;

    /* First pass: validate and size, so OUT is untouched on error. */
    for (size_t i = 0; i < len; i++, n++) {
        if (in[i] == BIN_ESCAPE_CHAR && ++i == len)
            return -EINVAL;
    }
    if (n > cap)
        return -ENOSPC;
    for (size_t i = 0; i < len; i++) {
        if (in[i] == BIN_ESCAPE_CHAR)
            out[o++] = (uint8_t)(in[++i] ^ BIN_ESCAPE_XOR);
        else
            out[o++] = (uint8_t)in[i];
    }
    return (ssize_t)o;
}

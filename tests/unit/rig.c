/* The session test rig (see rig.h): a real struct session over the fake target, its output
 * through a non-blocking pipe. Test code: assertions fail the calling test. */
#include "tests/unit/rig.h"

#include <check.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "protocol/frame.h"
#include "protocol/hex.h"

struct rig *rig_new_opts(const struct rspd_opts *opts)
{
    struct rig *r = calloc(1, sizeof(*r));
    int p[2];
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(pipe2(p, O_NONBLOCK), 0);
    fcntl(p[0], F_SETPIPE_SZ, 1 << 20);
    fcntl(p[1], F_SETPIPE_SZ, 1 << 20);
    r->pipe_rd = p[0];
    r->pipe_wr = p[1];
    r->f = fake_target_create();
    ck_assert_ptr_nonnull(r->f);
    ck_assert_int_eq(session_init(&r->s, &r->log, NULL, &r->f->base, opts, -1, r->pipe_wr), 0);
    return r;
}

struct rig *rig_new(void)
{
    return rig_new_opts(NULL);
}

void rig_free(struct rig *r)
{
    session_fini(&r->s);
    fake_target_free(r->f);
    close(r->pipe_rd);
    close(r->pipe_wr);
    free(r);
}

const char *rig_output(struct rig *r)
{
    size_t n = 0;
    ssize_t got;
    while (n < sizeof(r->out) - 1 &&
           (got = read(r->pipe_rd, r->out + n, sizeof(r->out) - 1 - n)) > 0)
        n += (size_t)got;
    r->out[n] = '\0';
    r->out_len = n;
    return r->out;
}

void rig_send_raw(struct rig *r, const char *bytes)
{
    session_input(&r->s, bytes, strlen(bytes));
}

void rig_send_bin(struct rig *r, const void *payload, size_t len)
{
    char *frame = malloc(len + 8);
    ck_assert_ptr_nonnull(frame);
    ssize_t n = frame_encode(frame, len + 8, '$', payload, len, false);
    ck_assert_int_gt(n, 0);
    session_input(&r->s, frame, (size_t)n);
    free(frame);
}

void rig_send(struct rig *r, const char *payload)
{
    rig_send_bin(r, payload, strlen(payload));
}

ssize_t rig_frame(const char *out, size_t len, size_t *pos, char *dst, size_t cap)
{
    const char *end = out + len;
    const char *p = *pos < len ? memchr(out + *pos, '$', len - *pos) : NULL;
    if (!p)
        return -1;
    /* Binary payloads escape '#', so the first one ends the frame. */
    const char *h = memchr(p + 1, '#', (size_t)(end - p - 1));
    ck_assert_msg(h != NULL && end - h >= 3, "unterminated frame at offset %zu", *pos);
    uint8_t sum;
    ck_assert_int_eq(hex_decode(h + 1, 2, &sum, 1), 1);
    ck_assert_uint_eq(sum, frame_checksum(p + 1, (size_t)(h - p - 1)));
    size_t n = 0;
    for (const char *q = p + 1; q < h; q++) {
        if (*q == '*' && n > 0 && q + 1 < h) {
            int rep = q[1] - 29;
            for (int i = 0; i < rep && n + 1 < cap; i++, n++)
                dst[n] = dst[n - 1];
            q++;
        } else if (n + 1 < cap) {
            dst[n++] = *q;
        }
    }
    dst[n] = '\0';
    *pos = (size_t)(h + 3 - out);
    return (ssize_t)n;
}

const char *rig_payload_of(const char *out, char *dst, size_t cap)
{
    size_t pos = 0;
    ck_assert_msg(rig_frame(out, strlen(out), &pos, dst, cap) >= 0, "no reply frame in '%s'", out);
    return dst;
}

const char *rig_exchange_bin(struct rig *r, const void *payload, size_t len)
{
    size_t pos = 0;
    ssize_t n, last = -1;
    rig_send_bin(r, payload, len);
    rig_output(r);
    while ((n = rig_frame(r->out, r->out_len, &pos, r->reply, sizeof(r->reply))) >= 0)
        last = n;
    ck_assert_msg(last >= 0, "no reply frame in '%s'", r->out);
    r->reply_len = (size_t)last;
    return r->reply;
}

const char *rig_exchange(struct rig *r, const char *payload)
{
    return rig_exchange_bin(r, payload, strlen(payload));
}

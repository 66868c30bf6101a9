/* Fuzz entry points (see entries.h): the protocol/ parsers and whole sessions over the fake
 * target, each with invariants checked by abort(). Deterministic: the same input always takes
 * the same path (vFile files live in a private directory emptied before every input).
 * Test code: links protocol/, server/ (minus main.c) and tests/unit/fake_target.c, never ptrace. */
#include "tests/fuzz/entries.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "protocol/ax.h"
#include "protocol/buf.h"
#include "protocol/cursor.h"
#include "protocol/features.h"
#include "protocol/frame.h"
#include "protocol/hex.h"
#include "protocol/hostio.h"
#include "protocol/ptid.h"
#include "protocol/signals.h"
#include "protocol/vcont.h"
#include "protocol/xfer.h"
#include "protocol/zpoint.h"
#include "server/log.h"
#include "server/opts.h"
#include "server/runcfg.h"
#include "server/session.h"
#include "tests/unit/fake_target.h"

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);           \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* ---- frame ------------------------------------------------------------------------------- */

#define FRAME_SMALL_CAP  64 /* small, so TOO_LONG and the resync after it are reached */
#define FRAME_MAX_EVENTS 4096

struct frame_trace {
    size_t n;
    uint8_t ev[FRAME_MAX_EVENTS];
    uint32_t digest[FRAME_MAX_EVENTS]; /* of the body, for packets */
};

static uint32_t digest(const char *p, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (uint8_t)p[i]) * 16777619u;
    return h ^ (uint32_t)len;
}

/* Decode DATA, pushing pieces of the sizes STEP chooses (0: everything at once). */
static void frame_run(const uint8_t *data, size_t size, const uint8_t *steps, size_t nsteps,
                      struct frame_trace *tr)
{
    char body[FRAME_SMALL_CAP];
    struct frame_decoder d;
    size_t pos = 0, k = 0;

    frame_decoder_init(&d, body, sizeof(body));
    tr->n = 0;
    while (pos < size) {
        size_t piece = size - pos;
        if (nsteps) {
            size_t want = (size_t)(steps[k++ % nsteps] % 9) + 1;
            piece = want < piece ? want : piece;
        }
        while (piece) {
            enum frame_event ev;
            size_t used = frame_decoder_push(&d, (const char *)data + pos, piece, &ev);
            CHECK(used <= piece);
            CHECK(used > 0); /* a push that consumes nothing would loop forever */
            CHECK(ev != FRAME_EV_NONE || used == piece);
            pos += used;
            piece -= used;
            if (ev == FRAME_EV_NONE)
                continue;
            if (ev == FRAME_EV_PACKET) {
                CHECK(d.len < sizeof(body));
                CHECK(d.buf[d.len] == '\0');
            }
            if (tr->n < FRAME_MAX_EVENTS) {
                tr->ev[tr->n] = (uint8_t)ev;
                tr->digest[tr->n] = ev == FRAME_EV_PACKET ? digest(d.buf, d.len) : 0;
                tr->n++;
            }
        }
    }
}

/* Expand the reply RLE ("c*N": N - 29 more copies of c) of BODY into OUT. -1 on a malformed
 * run, which the encoder must never produce. */
static ssize_t rle_expand(const char *body, size_t len, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (body[i] == '*') {
            if (o == 0 || i + 1 >= len)
                return -1;
            int rep = (unsigned char)body[++i] - 29;
            if (rep < 3 || rep > 97 || body[i] == '#' || body[i] == '$')
                return -1;
            if (o + (size_t)rep > cap)
                return -1;
            memset(out + o, out[o - 1], (size_t)rep);
            o += (size_t)rep;
        } else {
            if (o >= cap)
                return -1;
            out[o++] = body[i];
        }
    }
    return (ssize_t)o;
}

static void frame_round_trip(const uint8_t *data, size_t size, bool rle, char lead)
{
    size_t esc_cap = 2 * size + 1, frame_cap = esc_cap + 8, consumed = 0;
    char *esc = malloc(esc_cap), *frame = malloc(frame_cap), *body = malloc(esc_cap + 1);
    char *expanded = malloc(esc_cap + 1);
    uint8_t *back = malloc(size + 1);
    CHECK(esc && frame && body && expanded && back);

    size_t elen = bin_escape(data, size, esc, esc_cap, &consumed);
    CHECK(consumed == size);
    ssize_t flen = frame_encode(frame, frame_cap, lead, esc, elen, rle);
    CHECK(flen >= 4 && (size_t)flen <= elen + 4);
    CHECK(frame[0] == lead && frame[flen - 3] == '#');
    if (!rle)
        CHECK((size_t)flen == elen + 4 && memcmp(frame + 1, esc, elen) == 0);
    /* An encoder that cannot fit reports it instead of writing past CAP. */
    CHECK(frame_encode(frame, (size_t)flen - 1, lead, esc, elen, rle) == -ENOSPC);
    flen = frame_encode(frame, frame_cap, lead, esc, elen, rle);

    /* The decoder knows only '$' frames; a '%' notification is checked by hand. */
    size_t blen;
    if (lead == '$') {
        struct frame_decoder d;
        enum frame_event ev;
        frame_decoder_init(&d, body, esc_cap + 1);
        size_t used = frame_decoder_push(&d, frame, (size_t)flen, &ev);
        CHECK(ev == FRAME_EV_PACKET && used == (size_t)flen);
        blen = d.len;
    } else {
        blen = (size_t)flen - 4;
        memcpy(body, frame + 1, blen);
        uint8_t sum;
        CHECK(hex_decode(frame + flen - 2, 2, &sum, 1) == 1);
        CHECK(sum == frame_checksum(body, blen));
    }
    CHECK(memchr(body, '#', blen) == NULL && memchr(body, '$', blen) == NULL);
    ssize_t xlen = rle_expand(body, blen, expanded, esc_cap);
    CHECK(xlen == (ssize_t)elen && memcmp(expanded, esc, elen) == 0);
    ssize_t n = bin_unescape(expanded, (size_t)xlen, back, size + 1);
    CHECK(n == (ssize_t)size && memcmp(back, data, size) == 0);
    free(esc);
    free(frame);
    free(body);
    free(expanded);
    free(back);
}

int fuzz_frame_one(const uint8_t *data, size_t size)
{
    static struct frame_trace whole, pieces;
    frame_run(data, size, NULL, 0, &whole);
    frame_run(data, size, data, size, &pieces);
    CHECK(whole.n == pieces.n);
    CHECK(memcmp(whole.ev, pieces.ev, whole.n) == 0);
    CHECK(memcmp(whole.digest, pieces.digest, whole.n * sizeof(whole.digest[0])) == 0);
    if (size <= 0x10000) {
        frame_round_trip(data, size, true, '$');
        frame_round_trip(data, size, false, '$');
        frame_round_trip(data, size, true, '%');
    }
    return 0;
}

/* ---- protocol argument parsers ------------------------------------------------------------ */

int fuzz_ptid_one(const uint8_t *data, size_t size)
{
    struct cursor c;
    struct ptid id, again;
    char mem[64];
    struct buf b;

    cursor_init(&c, (const char *)data, size);
    int err = ptid_parse(&c, &id);
    if (err < 0) {
        CHECK(err == -EINVAL || err == -ERANGE);
        CHECK(c.p == (const char *)data); /* a failed read leaves the cursor in place */
        return 0;
    }
    CHECK(c.p > (const char *)data && c.p <= (const char *)data + size);
    CHECK(id.pid >= PTID_ALL && id.tid >= PTID_ALL);
    for (int mp = 0; mp < 2; mp++) {
        if (!mp && id.pid != PTID_ANY)
            continue; /* without multiprocess the pid is not sent */
        buf_init(&b, mem, sizeof(mem));
        ptid_format(&b, id, mp);
        CHECK(!b.overflow);
        cursor_init(&c, b.data, b.len);
        CHECK(ptid_parse(&c, &again) == 0 && cursor_at_end(&c));
        CHECK(again.pid == id.pid && again.tid == id.tid);
    }
    return 0;
}

int fuzz_vcont_one(const uint8_t *data, size_t size)
{
    struct vcont_action a[8];
    size_t n = 99;
    int err = vcont_parse((const char *)data, size, a, 8, &n);
    if (err == 0) {
        CHECK(n >= 1 && n <= 8);
        for (size_t i = 0; i < n; i++) {
            CHECK(a[i].kind <= VCONT_RANGE_STEP);
            CHECK(a[i].gdb_signo >= 0);
        }
    } else {
        CHECK(err == -EINVAL || err == -E2BIG || err == -ERANGE);
        CHECK(n == 99); /* out-parameters are written only on success */
    }
    struct vcont_action one;
    err = vcont_parse_legacy((const char *)data, size, &one);
    if (err == 0)
        CHECK(one.kind == VCONT_CONTINUE || one.kind == VCONT_STEP);
    return 0;
}

int fuzz_xfer_one(const uint8_t *data, size_t size)
{
    static const char doc[] = "<?xml version=\"1.0\"?><threads>#$}*\x01\x00</threads>";
    struct xfer_req r;
    const char *pkt = (const char *)data;
    int err = xfer_parse(pkt, size, &r);
    if (err < 0) {
        CHECK(err == -EINVAL);
        return 0;
    }
    CHECK(r.object == pkt && r.object_len > 0 && r.object_len < size);
    CHECK(r.annex >= pkt && r.annex + r.annex_len <= pkt + size);
    if (r.write)
        CHECK(r.data >= pkt && r.data + r.data_len == pkt + size);
    /* A reply of every size from the tiny to the roomy, at the parsed offset and length. */
    for (size_t cap = 1; cap <= 64; cap *= 2) {
        char mem[64];
        struct buf b;
        buf_init(&b, mem, cap);
        xfer_reply_chunk(&b, doc, sizeof(doc) - 1, r.offset, r.length);
        CHECK(b.len < cap);
        if (!b.overflow) {
            CHECK(b.len >= 1 && (b.data[0] == 'l' || b.data[0] == 'm'));
            uint8_t back[64];
            ssize_t got = bin_unescape(b.data + 1, b.len - 1, back, sizeof(back));
            CHECK(got >= 0);
            if (r.offset < sizeof(doc) - 1) {
                CHECK(memcmp(back, doc + r.offset, (size_t)got) == 0);
                CHECK((uint64_t)got <= r.length);
                CHECK(b.data[0] == 'm' || (size_t)got == sizeof(doc) - 1 - r.offset);
                CHECK(got > 0 || r.length == 0);
            } else {
                CHECK(got == 0 && b.data[0] == 'l');
            }
        }
    }
    return 0;
}

int fuzz_hostio_one(const uint8_t *data, size_t size)
{
    static struct hostio_req req;
    const char *args = (const char *)data;
    int err = hostio_parse(args, size, &req);
    if (err == 0) {
        CHECK(req.op <= HOSTIO_READLINK);
        if (req.op == HOSTIO_OPEN || req.op == HOSTIO_UNLINK || req.op == HOSTIO_READLINK) {
            CHECK(req.path_len < HOSTIO_PATH_MAX && strlen(req.path) == req.path_len);
        }
        if (req.op == HOSTIO_PWRITE) {
            CHECK(req.data >= args && req.data + req.data_len <= args + size);
            uint8_t *raw = malloc(req.data_len + 1);
            CHECK(raw);
            ssize_t n = bin_unescape(req.data, req.data_len, raw, req.data_len + 1);
            CHECK(n <= (ssize_t)req.data_len);
            free(raw);
        }
        if (req.op == HOSTIO_OPEN)
            CHECK((req.flags & HOSTIO_O_ACCMODE) != 3);
        CHECK(req.offset <= (uint64_t)INT64_MAX);
    } else {
        CHECK(err == -EINVAL || err == -EOPNOTSUPP || err == -ENAMETOOLONG);
    }
    /* F replies sized to the room left: shortened, never overflowing, always decodable. */
    for (size_t cap = 1; cap <= 256; cap = cap * 3 + 1) {
        char mem[256];
        struct buf b;
        buf_init(&b, mem, cap);
        size_t n = hostio_reply_data(&b, data, size);
        CHECK(b.len < cap && n <= size);
        if (!b.overflow) {
            uint64_t count;
            const char *semi = memchr(b.data, ';', b.len);
            CHECK(b.data[0] == 'F' && semi);
            CHECK(hex_to_u64(b.data + 1, (size_t)(semi - b.data - 1), &count) == 0 && count == n);
            uint8_t back[256];
            ssize_t got =
                bin_unescape(semi + 1, b.len - (size_t)(semi + 1 - b.data), back, sizeof(back));
            CHECK(got == (ssize_t)n && memcmp(back, data, n) == 0);
        }
        buf_init(&b, mem, cap);
        hostio_reply_error(&b, -(int)(size % 140));
        hostio_reply(&b, (int64_t)size - 70);
        CHECK(b.len < cap);
    }
    /* hex codecs on the same bytes */
    uint64_t v;
    err = hex_to_u64(args, size, &v);
    CHECK(err == 0 || err == -EINVAL || err == -ERANGE);
    uint8_t out[64];
    ssize_t n = hex_decode(args, size, out, sizeof(out));
    CHECK(n == -EINVAL || n == -ENOSPC || (n >= 0 && (size_t)n * 2 == size));
    uint32_t flags = 0;
    err = features_parse_client(args, size, &flags);
    CHECK(err == 0 || err == -EINVAL);
    return 0;
}

/* ---- whole sessions over the fake target --------------------------------------------------- */

static char fuzz_root_path[64];

/* Empty ROOT (vFile creates plain files only: no mkdir, no symlink), so every input starts
 * from the same state. */
static void empty_dir(const char *root)
{
    DIR *d = opendir(root);
    struct dirent *e;
    if (!d)
        return;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            unlinkat(dirfd(d), e->d_name, 0);
    closedir(d);
}

static void remove_fuzz_root(void)
{
    empty_dir(fuzz_root_path);
    rmdir(fuzz_root_path);
}

/* A private directory for the files vFile creates (--file-root confines every path to it),
 * removed at exit. */
static const char *fuzz_root(void)
{
    if (!fuzz_root_path[0]) {
        snprintf(fuzz_root_path, sizeof(fuzz_root_path), "/tmp/rspd-fuzz-%d-XXXXXX", (int)getpid());
        if (!mkdtemp(fuzz_root_path)) {
            perror("mkdtemp");
            abort();
        }
        atexit(remove_fuzz_root);
    }
    return fuzz_root_path;
}

/* launch and attach for vRun, R and vAttach: the same fake process comes back. */
static int fz_launch(struct target *t, char *const argv[], const struct launch_opts *o)
{
    (void)argv;
    (void)o;
    t->pid = FAKE_PID;
    return 0;
}

static int fz_attach(struct target *t, int pid)
{
    if (pid != FAKE_PID)
        return -ESRCH;
    t->pid = pid;
    return 0;
}

/* The Nth stop the fake process reports: signals, breakpoint and watchpoint hits, steps, new
 * threads and, now and then, the end of the process. Always a function of N alone. */
static struct stop_event scripted_stop(const struct fake_target *f, unsigned n)
{
    static const enum stop_why whys[] = {WHY_SW_BREAK, WHY_STEP,   WHY_HW_BREAK, WHY_WATCH,
                                         WHY_RWATCH,   WHY_AWATCH, WHY_NONE,     WHY_CLONE};
    struct stop_event ev = {.kind = STOP_SIGNAL,
                            .pid = FAKE_PID,
                            .tid = f->tids[n % FAKE_THREADS],
                            .gdb_signo = GDB_SIGNAL_TRAP};
    switch (n % 16) {
    case 15:
        ev.kind = STOP_EXITED;
        ev.status = (int)(n & 0xff);
        ev.gdb_signo = 0;
        ev.tid = FAKE_PID;
        return ev;
    case 14:
        ev.kind = STOP_KILLED;
        ev.gdb_signo = GDB_SIGNAL_KILL;
        ev.tid = FAKE_PID;
        return ev;
    case 13:
        ev.kind = STOP_NO_RESUMED;
        ev.gdb_signo = 0;
        return ev;
    case 12:
        ev.kind = STOP_THREAD_EXITED;
        ev.gdb_signo = 0;
        return ev;
    default:
        ev.why = whys[n % (sizeof(whys) / sizeof(whys[0]))];
        if (ev.why == WHY_NONE)
            ev.gdb_signo = (int)(n % 40) + 1;
        if (ev.why == WHY_WATCH || ev.why == WHY_RWATCH || ev.why == WHY_AWATCH)
            ev.data_addr = FAKE_MEM_BASE + n * 8;
        return ev;
    }
}

int fuzz_session_one(const uint8_t *data, size_t size)
{
    static FILE *devnull;
    static char *env[] = {"PATH=/usr/bin:/bin", "HOME=/nonexistent", NULL};
    static char *prog[] = {"/fake/prog", "arg", NULL};
    struct target_ops ops;
    struct rspd_opts opts;
    struct runcfg run;
    struct session s;
    struct log log;
    unsigned stops = 0;

    if (!devnull)
        devnull = fopen("/dev/null", "w");
    /* Formatting is exercised ("monitor set debug on" works) but nothing is printed. */
    log = (struct log){.fp = devnull};
    memset(&opts, 0, sizeof(opts));
    opts.mode = MODE_RUN;
    opts.file_root = fuzz_root();
    empty_dir(opts.file_root);

    struct fake_target *f = fake_target_create();
    CHECK(f);
    ops = *f->base.ops;
    ops.launch = fz_launch;
    ops.attach = fz_attach;
    f->base.ops = &ops;
    CHECK(runcfg_init(&run, env, false, true) == 0);
    CHECK(runcfg_set_argv(&run, prog, 2) == 0);
    CHECK(session_init(&s, &log, NULL, &f->base, &opts, -1, -1) == 0);
    s.run = &run;

    /* One packet at a time (up to and including its checksum), so the scripted stop owed by a
     * resume arrives before the next packet, as it would from a real program. */
    size_t pos = 0;
    while (pos < size && s.end == END_NONE) {
        const uint8_t *hash = memchr(data + pos, '#', size - pos);
        size_t piece = hash ? (size_t)(hash - (data + pos)) + 3 : size - pos;
        if (piece > size - pos)
            piece = size - pos;
        session_input(&s, (const char *)data + pos, piece);
        pos += piece;
        if (s.running && s.end == END_NONE && f->base.pid > 0) {
            fake_target_push_event(f, scripted_stop(f, stops++));
            session_target_ready(&s);
        }
        CHECK(s.reply.len < s.reply.cap);
        CHECK(s.tx_len <= SESSION_PACKET_SIZE + 8);
    }
    session_fini(&s);
    runcfg_fini(&run);
    fake_target_free(f);
    return 0;
}

/* ---- ax ---------------------------------------------------------------------------------- */

/* The program under the fuzzer: its registers are DATA's bytes, its memory DATA itself at
 * FUZZ_AX_BASE (so refs and %s find real bytes, and fault beyond them). */
#define FUZZ_AX_BASE 0x10000u

struct fuzz_ax {
    const uint8_t *data;
    size_t size;
    size_t printed;
};

static int fuzz_ax_reg(void *ctx, unsigned regnum, uint64_t *value)
{
    const struct fuzz_ax *f = ctx;

    if (regnum >= 64)
        return -ENOENT;
    *value = regnum < f->size ? (uint64_t)f->data[regnum] * 0x0101010101010101ull : regnum;
    return 0;
}

static int fuzz_ax_mem(void *ctx, uint64_t addr, void *buf, size_t len)
{
    const struct fuzz_ax *f = ctx;

    CHECK(len > 0 && len <= 4096);
    if (addr < FUZZ_AX_BASE || addr - FUZZ_AX_BASE > f->size ||
        len > f->size - (addr - FUZZ_AX_BASE))
        return -EFAULT;
    memcpy(buf, f->data + (addr - FUZZ_AX_BASE), len);
    return 0;
}

static void fuzz_ax_out(void *ctx, const char *s, size_t len)
{
    struct fuzz_ax *f = ctx;

    CHECK(len > 0);
    CHECK(s != NULL);
    f->printed += len;
}

int fuzz_ax_one(const uint8_t *data, size_t size)
{
    static const int known[] = {0,      -EINVAL,  -EOVERFLOW, -ENODATA, -EDOM,
                                -ELOOP, -ENOTSUP, -EFAULT,    -ENOENT};
    struct fuzz_ax f = {data, size, 0};
    const struct ax_env env = {fuzz_ax_reg, fuzz_ax_mem, fuzz_ax_out, &f};
    static uint8_t store[SESSION_PACKET_SIZE];
    static struct zpoint z;
    uint64_t v = 0x5a5a;
    bool ok = false;
    int rc = ax_eval(data, size, &env, &v);

    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        ok = ok || rc == known[i];
    CHECK(ok);
    CHECK(rc == 0 || v == 0x5a5a); /* no value on error */
    CHECK(f.printed <= AX_OUTPUT_MAX);

    /* The same bytes as the rest of a Z packet. */
    rc = zpoint_parse((const char *)data, size, store, sizeof(store), &z);
    CHECK(rc == 0 || rc == -EINVAL || rc == -E2BIG || rc == -ENOSPC || rc == -ERANGE);
    if (rc == 0) {
        size_t total = 0;
        CHECK(z.nconds <= ZPOINT_LIST_MAX && z.ncmds <= ZPOINT_LIST_MAX);
        CHECK(z.type <= 1 || (z.nconds == 0 && z.ncmds == 0));
        for (size_t i = 0; i < z.nconds + z.ncmds; i++) {
            const struct ax_expr *e = i < z.nconds ? &z.conds[i] : &z.cmds[i - z.nconds];
            CHECK(e->len > 0 && e->code >= store && e->code + e->len <= store + sizeof(store));
            total += e->len;
            /* Every expression gdb could send runs to an end too. */
            f.printed = 0;
            rc = ax_eval(e->code, e->len, &env, &v);
            CHECK(rc <= 0 && f.printed <= AX_OUTPUT_MAX);
        }
        CHECK(2 * total <= size);
    }
    return 0;
}

const struct fuzz_entry fuzz_entries[] = {
    {"frame", fuzz_frame_one}, {"session", fuzz_session_one},
    {"xfer", fuzz_xfer_one},   {"vcont", fuzz_vcont_one},
    {"ptid", fuzz_ptid_one},   {"hostio", fuzz_hostio_one},
    {"ax", fuzz_ax_one},       {NULL, NULL},
};

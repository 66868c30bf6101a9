/* One debugger connection (see session.h): bytes -> frames -> dispatch -> framed replies, acks
 * and retransmission, error formatting in one place, and stop replies owed after a resume.
 * Knows nothing of ptrace; reaches the program only through targets/target.h. */
#include "server/session.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "protocol/features.h"
#include "protocol/signals.h"
#include "server/cmds.h"
#include "server/dispatch.h"
#include "server/log.h"
#include "server/loop.h"
#include "server/opts.h"
#include "server/stop.h"
#include "server/transport.h"

#define TX_CAP (SESSION_PACKET_SIZE + 8)

int session_init(struct session *s, struct log *log, struct loop *loop, struct target *t,
                 const struct rspd_opts *opts, int fd_in, int fd_out)
{
    memset(s, 0, sizeof(*s));
    s->log = log;
    s->loop = loop;
    s->t = t;
    s->opts = opts;
    s->fd_in = fd_in;
    s->fd_out = fd_out;
    s->watched_event_fd = -1;
    s->extended = opts && opts->mode == MODE_MULTI;
    s->attached = opts && opts->mode == MODE_ATTACH;
    s->g_thread = (struct ptid){PTID_ANY, PTID_ANY};
    s->c_thread = (struct ptid){PTID_ALL, PTID_ALL};
    s->rx = malloc(SESSION_PACKET_SIZE + 1);
    s->reply_mem = malloc(SESSION_PACKET_SIZE);
    s->scratch = malloc(SESSION_PACKET_SIZE);
    s->tx = malloc(TX_CAP);
    regcache_init(&s->regs);
    bpcond_init(&s->points);
    if (t) /* breakpoint hits are filtered by the client's conditions from now on */
        t->hit = (struct target_hit_hook){bpcond_hit_wanted, s};
    if (!s->rx || !s->reply_mem || !s->scratch || !s->tx) {
        session_fini(s);
        return -ENOMEM;
    }
    frame_decoder_init(&s->dec, s->rx, SESSION_PACKET_SIZE + 1);
    buf_init(&s->reply, s->reply_mem, SESSION_PACKET_SIZE);
    if (t && t->pid > 0) {
        /* A launched program sits at its first instruction (SIGTRAP); an attached one was
         * stopped by the attach (no signal, or one that was on its way): '?' reports that
         * stop of the main thread until it runs. */
        s->have_stop = true;
        s->last_stop =
            (struct stop_event){.kind = STOP_SIGNAL,
                                .pid = t->pid,
                                .tid = t->pid,
                                .gdb_signo = s->attached ? t->attach_signo : GDB_SIGNAL_TRAP};
    }
    return 0;
}

void session_fini(struct session *s)
{
    cmd_file_release(s);
    session_queue_clear(s);
    free(s->notif);
    s->notif = NULL;
    s->notif_cap = 0;
    if (s->loop && s->watched_event_fd >= 0)
        loop_remove(s->loop, s->watched_event_fd);
    free(s->rx);
    free(s->reply_mem);
    free(s->scratch);
    free(s->tx);
    free(s->tdesc);
    free(s->xfer_doc);
    free(s->xfer_doc_key);
    s->xfer_doc = s->xfer_doc_key = NULL;
    regcache_fini(&s->regs);
    if (s->t && s->t->hit.ctx == s)
        s->t->hit = (struct target_hit_hook){0};
    bpcond_fini(&s->points);
    s->rx = s->reply_mem = s->tx = s->tdesc = NULL;
    s->scratch = NULL;
}

static void on_target_fd(void *ctx, int fd, short revents)
{
    (void)fd;
    (void)revents;
    session_target_ready(ctx);
}

/* The target's event fd appears with a process and may change with the next one. */
static void watch_target(struct session *s)
{
    if (!s->loop || s->watched_event_fd == s->t->event_fd)
        return;
    if (s->watched_event_fd >= 0)
        loop_remove(s->loop, s->watched_event_fd);
    s->watched_event_fd = -1;
    if (s->t->event_fd >= 0 && loop_add(s->loop, s->t->event_fd, on_target_fd, s) == 0)
        s->watched_event_fd = s->t->event_fd;
}

int session_attach_loop(struct session *s)
{
    watch_target(s);
    return 0;
}

static void send_raw(struct session *s, const char *data, size_t len)
{
    if (s->fd_out < 0)
        return;
    if (transport_write_all(s->fd_out, data, len) < 0 && s->end == END_NONE) {
        log_debug(s->log, "write to the debugger failed: %s", strerror(errno));
        s->end = END_DISCONNECT;
    }
}

void session_send(struct session *s, const char *payload, size_t len)
{
    ssize_t n = frame_encode(s->tx, TX_CAP, '$', payload, len, true);
    if (n < 0) {
        /* Cannot happen with replies bounded by the reply buffer; say so rather than hang. */
        log_error(s->log, "reply of %zu bytes does not fit a frame", len);
        n = frame_encode(s->tx, TX_CAP, '$', "E0c", 3, false);
    }
    s->tx_len = (size_t)n;
    s->stats.packets_out++;
    log_packet(s->log, '>', payload, len);
    send_raw(s, s->tx, s->tx_len);
}

/* A notification: '%' framed, never acknowledged, not kept for retransmission. */
static void send_notification(struct session *s, const char *payload, size_t len)
{
    char frame[1024];
    ssize_t n = frame_encode(frame, sizeof(frame), '%', payload, len, true);
    if (n < 0) {
        log_error(s->log, "notification of %zu bytes does not fit a frame", len);
        return;
    }
    s->stats.packets_out++;
    log_packet(s->log, '>', payload, len);
    send_raw(s, frame, (size_t)n);
}

int session_queue_stop(struct session *s, const struct stop_event *ev, bool notify)
{
    char mem[900];
    struct buf b;
    buf_init(&b, mem, sizeof(mem) - 1);
    if (notify)
        buf_puts(&b, "Stop:");
    (void)stop_reply_format(s, ev, &b);
    if (b.overflow)
        return -ENOBUFS;
    mem[b.len] = '\0';
    if (s->notif_len == s->notif_cap) {
        size_t cap = s->notif_cap ? 2 * s->notif_cap : 16;
        struct session_notif *q = realloc(s->notif, cap * sizeof(*q));
        if (!q)
            return -ENOMEM;
        s->notif = q;
        s->notif_cap = cap;
    }
    /* Queued without the "Stop:" prefix: vStopped replies carry the bare stop reply. */
    char *copy = strdup(notify ? mem + 5 : mem);
    if (!copy)
        return -ENOMEM;
    bool fork = ev->kind == STOP_SIGNAL && (ev->why == WHY_FORK || ev->why == WHY_VFORK);
    s->notif[s->notif_len++] = (struct session_notif){
        .text = copy,
        .tid = ev->kind == STOP_SIGNAL || ev->kind == STOP_THREAD_EXITED ? ev->tid : 0,
        .child_pid = fork ? (int)ev->data_addr : 0};
    if (notify && s->notif_len == 1 && !s->notify_after_reply && !s->stops_held)
        send_notification(s, mem, b.len);
    return 0;
}

bool session_stop_queued(const struct session *s, int tid)
{
    for (size_t i = 0; i < s->notif_len; i++)
        if (tid > 0 && (s->notif[i].tid == tid || s->notif[i].child_pid == tid))
            return true;
    return false;
}

void session_queue_clear(struct session *s)
{
    for (size_t i = 0; i < s->notif_len; i++)
        free(s->notif[i].text);
    s->notif_len = 0;
    s->stops_held = false;
}

bool session_queue_next(struct session *s)
{
    if (s->notif_len == 0)
        return false;
    free(s->notif[0].text);
    memmove(s->notif, s->notif + 1, (s->notif_len - 1) * sizeof(*s->notif));
    s->notif_len--;
    if (s->notif_len == 0)
        return false;
    buf_puts(&s->reply, s->notif[0].text);
    return true;
}

int session_current_tid(const struct session *s)
{
    if (s->g_thread.tid > 0)
        return s->g_thread.tid;
    if (s->have_stop && s->last_stop.kind == STOP_SIGNAL && s->last_stop.tid > 0)
        return s->last_stop.tid;
    return s->t->pid;
}

uint64_t session_reg_features(const struct session *s)
{
    uint64_t f = s->t->features;
    if (s->qsupported_seen && !(s->client_features & CF_XML_REGISTERS) && s->t->arch &&
        s->t->arch->legacy_features)
        f &= s->t->arch->legacy_features;
    return f;
}

void session_invalidate(struct session *s)
{
    regcache_invalidate(&s->regs);
}

void session_process_gone(struct session *s)
{
    regcache_invalidate(&s->regs);
    bpcond_forget(&s->points, 0);
    free(s->tdesc);
    s->tdesc = NULL;
    s->tdesc_len = 0;
    s->g_thread = (struct ptid){PTID_ANY, PTID_ANY};
    s->c_thread = (struct ptid){PTID_ALL, PTID_ALL};
    s->attached = false;
    watch_target(s);
}

void session_process_ended(struct session *s, int pid)
{
    if (s->t->pid <= 0) {
        session_process_gone(s);
        return;
    }
    bpcond_forget(&s->points, pid);
    /* Another traced process (a fork child, or its parent) is current now. */
    if (s->g_thread.pid == pid)
        s->g_thread = (struct ptid){PTID_ANY, PTID_ANY};
    if (s->c_thread.pid == pid)
        s->c_thread = (struct ptid){PTID_ALL, PTID_ALL};
    if (s->have_stop && s->last_stop.pid == pid && s->last_stop.kind == STOP_SIGNAL)
        s->last_stop = (struct stop_event){
            .kind = STOP_SIGNAL, .pid = s->t->pid, .tid = s->t->pid, .gdb_signo = 0};
    regcache_invalidate(&s->regs);
    watch_target(s);
}

void session_process_new(struct session *s, bool attached, int gdb_signo)
{
    session_process_gone(s);
    s->attached = attached;
    s->have_stop = true;
    s->last_stop = (struct stop_event){
        .kind = STOP_SIGNAL, .pid = s->t->pid, .tid = s->t->pid, .gdb_signo = gdb_signo};
    s->g_thread = (struct ptid){s->t->pid, s->t->pid};
    watch_target(s);
}

static void format_error(struct session *s, int err)
{
    buf_reset(&s->reply);
    if (s->error_strings)
        buf_appendf(&s->reply, "E.%s", strerror(-err));
    else
        buf_appendf(&s->reply, "E%02x", (-err) & 0xff);
}

/* "monitor stats": count PKT and the time since T0 under its dispatch row. */
static void count_packet(struct session *s, const char *pkt, size_t len, const struct timespec *t0)
{
    struct timespec t1;
    size_t n, i = SESSION_STAT_ROWS - 1;
    const struct dispatch_row *table = dispatch_table(&n), *row = dispatch_find(pkt, len);

    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (row && (size_t)(row - table) < SESSION_STAT_ROWS - 1)
        i = (size_t)(row - table);
    s->stats.rows[i].count++;
    s->stats.rows[i].ns +=
        (uint64_t)((t1.tv_sec - t0->tv_sec) * 1000000000LL + (t1.tv_nsec - t0->tv_nsec));
}

static void handle_packet(struct session *s, const char *pkt, size_t len)
{
    s->stats.packets_in++;
    log_packet(s->log, '<', pkt, len);
    buf_reset(&s->reply);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = dispatch_packet(s, pkt, len);
    count_packet(s, pkt, len, &t0);
    if (rc == CMD_NO_REPLY)
        goto out;
    if (rc < 0) {
        log_debug(s->log, "packet '%.*s' failed: %s", (int)(len > 60 ? 60 : len), pkt,
                  strerror(-rc));
        format_error(s, rc);
    } else if (s->reply.overflow) {
        log_error(s->log, "reply to '%.20s' overflowed the packet buffer", pkt);
        format_error(s, -ENOBUFS);
    }
    session_send(s, s->reply.data, s->reply.len);
    if (s->notify_after_reply) {
        /* The stops a command queued follow its reply, as gdbserver sends them: gdb learns
         * the process from the reply first (vAttach without multiprocess ids). */
        s->notify_after_reply = false;
        if (s->notif_len > 0) {
            char mem[900];
            int m = snprintf(mem, sizeof(mem), "Stop:%s", s->notif[0].text);
            if (m > 0 && (size_t)m < sizeof(mem))
                send_notification(s, mem, (size_t)m);
        }
    }
out:
    s->notify_after_reply = false;
    watch_target(s);
    if (s->end_after_reply && s->end == END_NONE)
        s->end = END_EXIT;
}

void session_input(struct session *s, const char *data, size_t len)
{
    while (len && s->end == END_NONE) {
        enum frame_event ev;
        size_t used = frame_decoder_push(&s->dec, data, len, &ev);
        data += used;
        len -= used;
        switch (ev) {
        case FRAME_EV_NONE:
        case FRAME_EV_ACK:
            break;
        case FRAME_EV_NACK:
            /* The client lost our last frame: send it again, byte for byte. */
            s->stats.nacks++;
            if (s->tx_len && !s->noack)
                send_raw(s, s->tx, s->tx_len);
            break;
        case FRAME_EV_INTERRUPT:
            log_debug(s->log, "interrupt requested");
            /* Between packets too, as gdbserver: gdb sends \003 right after a resume
             * packet when the user pressed Ctrl-C while it was busy, and the stop may have
             * been sent already; the target then stops the next resume. */
            if (s->running || (!s->non_stop && s->t->pid > 0))
                target_interrupt(s->t);
            break;
        case FRAME_EV_BAD_CSUM:
            s->stats.bad_csum++;
            log_debug(s->log, "packet with a bad checksum: '%.40s'", s->dec.buf);
            if (!s->noack)
                send_raw(s, "-", 1);
            break;
        case FRAME_EV_TOO_LONG:
            /* Retransmitting would not make it fit: acknowledge and refuse it. */
            s->stats.too_long++;
            log_error(s->log, "packet longer than PacketSize (%#x) dropped", SESSION_PACKET_SIZE);
            if (!s->noack)
                send_raw(s, "+", 1);
            format_error(s, -EMSGSIZE);
            session_send(s, s->reply.data, s->reply.len);
            break;
        case FRAME_EV_PACKET:
            if (!s->noack)
                send_raw(s, "+", 1);
            if (s->running) {
                /* All-stop: only an interrupt is meaningful while the program runs. */
                format_error(s, -EBUSY);
                session_send(s, s->reply.data, s->reply.len);
                break;
            }
            handle_packet(s, s->dec.buf, s->dec.len);
            break;
        }
    }
}

void session_target_ready(struct session *s)
{
    struct stop_event ev;
    int rc;
    while ((rc = target_next_event(s->t, &ev)) == 0) {
        regcache_invalidate(&s->regs);
        if (ev.kind == STOP_SIGNAL && ev.why == WHY_EXEC)
            bpcond_forget(&s->points, ev.pid); /* a new image: gdb inserts its points afresh */
        bool gone = ev.kind == STOP_EXITED || ev.kind == STOP_KILLED;
        if (gone)
            stop_log_exit(s, &ev);
        if (s->non_stop) {
            /* Every event becomes a notification; the other threads run on. */
            s->have_stop = true;
            s->last_stop = ev;
            if (session_queue_stop(s, &ev, true) < 0)
                log_error(s->log, "stop notification lost: out of memory");
            if (gone)
                session_process_ended(s, ev.pid);
            continue;
        }
        s->have_stop = true;
        s->last_stop = ev;
        if (ev.kind == STOP_SIGNAL) /* gdb assumes the event thread is now the current one */
            s->g_thread = (struct ptid){ev.pid, ev.tid};
        if (s->running) {
            s->running = false;
            buf_reset(&s->reply);
            stop_reply_format(s, &ev, &s->reply);
            session_send(s, s->reply.data, s->reply.len);
        }
        if (gone)
            session_process_ended(s, ev.pid);
        if (!s->running)
            break; /* all-stop: one stop per resume; the target keeps the rest pending */
    }
    if (rc < 0 && rc != -EAGAIN) {
        log_error(s->log, "waiting for the program failed: %s", strerror(-rc));
        if (rc == -ECHILD || rc == -ESRCH) {
            session_process_gone(s);
        }
    }
    watch_target(s);
}

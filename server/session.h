/* One debugger connection: ack mode, the last frame (for '-'), negotiated features, the
 * selected threads, the last stop; frame -> dispatch -> reply. All per-connection state lives
 * here and is passed explicitly: there are no globals. */
#ifndef RSPD_SERVER_SESSION_H
#define RSPD_SERVER_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "protocol/buf.h"
#include "protocol/frame.h"
#include "protocol/ptid.h"
#include "server/bpcond.h"
#include "server/regcache.h"
#include "targets/target.h"

struct log;
struct loop;
struct rspd_opts;
struct runcfg;

/* The PacketSize we advertise: the largest packet body we accept and send (gdbserver: 0x47ff).
 * gdb asks for a whole PacketSize on every vFile:pread to fill its readahead cache, though most
 * reads while it parses ELF files want a few bytes: 32 KiB made gdb's start-up over stdio three
 * times faster than 128 KiB (0.2 s against 0.65 s to load tests/programs/break and its
 * libraries through a pipe), with bulk "remote get" and memory reads no slower. */
#define SESSION_PACKET_SIZE 0x8000
#define SESSION_MAX_THREADS 4096
#define SESSION_MAX_FILES   64 /* vFile descriptors open at once */
#define SESSION_STAT_ROWS   64 /* > dispatch rows; the last slot counts packets no row serves */

enum session_end {
    END_NONE,
    END_DISCONNECT, /* the client went away */
    END_EXIT,       /* "monitor exit", or nothing left to debug outside --multi */
};

struct session_row_stats {
    uint64_t count, ns; /* packets, and nanoseconds spent in dispatch and the handler */
};

struct session_stats {
    uint64_t packets_in, packets_out, bad_csum, too_long, nacks;
    struct session_row_stats rows[SESSION_STAT_ROWS]; /* by dispatch_table() index */
};

struct session {
    struct log *log; /* "monitor set debug" changes its flags */
    struct loop *loop;
    struct target *t;
    const struct rspd_opts *opts;
    struct runcfg *run; /* how vRun/R start programs; NULL: they are refused */
    bool extended;      /* '!' received (or --multi) */
    bool attached;      /* the current process was attached to, not launched */

    int fd_in; /* connection: the same socket for both, or stdin/stdout */
    int fd_out;
    int watched_event_fd; /* the target event fd registered with the loop, or -1 */
    struct frame_decoder dec;
    char *rx;        /* SESSION_PACKET_SIZE + 1 */
    char *reply_mem; /* SESSION_PACKET_SIZE */
    struct buf reply;
    uint8_t *scratch; /* SESSION_PACKET_SIZE bytes for handlers (memory, registers) */
    char *tx;         /* last frame sent, for retransmission on '-' */
    size_t tx_len;
    bool noack;

    uint32_t client_features; /* enum client_feature */
    bool qsupported_seen;
    bool multiprocess;
    bool error_strings; /* E.text replies accepted */

    struct ptid g_thread; /* Hg: registers and memory */
    struct ptid c_thread; /* Hc: legacy resume */

    bool running;  /* resumed; a stop reply is owed (all-stop only) */
    bool non_stop; /* QNonStop:1: stops are %Stop notifications, drained by vStopped */
    struct session_notif *notif; /* non-stop: stop replies queued, oldest first; notif[0] has
                                    been sent (%Stop, or the reply to '?' / vStopped) and
                                    awaits vStopped */
    size_t notif_len, notif_cap;
    bool have_stop;
    struct stop_event last_stop;

    struct regcache regs;
    struct bpcond_table points; /* Z0/Z1 points with target-side conditions and commands */
    char *tdesc;                /* target.xml for the current process, built on demand */
    size_t tdesc_len;
    char *xfer_doc; /* the last qXfer document read whole (libraries-svr4, osdata) */
    size_t xfer_doc_len;
    char *xfer_doc_key; /* "object:annex" of xfer_doc, NULL when none */

    size_t thread_iter;      /* qsThreadInfo: next index into the thread list */
    bool end_after_reply;    /* D/k outside extended mode: close once the reply is out */
    bool notify_after_reply; /* hold the first %Stop until this packet's reply is out */
    bool stops_held;         /* non-stop vAttach: queued stops wait for gdb's vCont;t */
    bool ns_from_allstop;    /* QNonStop:1 while stopped in all-stop; no '?' answered since */
    int ns_hidden[SESSION_MAX_THREADS]; /* stopped threads that '?' left out (gdb deems them
                                           running): a vCont;t for them is answered at once */
    size_t ns_nhidden;
    bool thread_db_off; /* monitor set libthread-db-search-path named no libthread_db */
    int detached_pid;   /* D of the last process outside extended mode: rspd stays until
                           that program (if it launched it) exits, as gdbserver does */
    enum session_end end;
    struct session_stats stats;

    int files[SESSION_MAX_FILES]; /* vFile: host fd + 1 for each gdb fd (0: free, so a zeroed
                                     session holds none); closed by session_fini */
    int fs_pid;                   /* vFile:setfs: whose filesystem; 0 = rspd's own */
};

/* A queued non-stop stop reply and whose it is. */
struct session_notif {
    char *text;    /* the stop reply, without "Stop:" */
    int tid;       /* the thread it reports (0: a whole process, W/X) */
    int child_pid; /* fork/vfork: the new child, unknown to the client until it pulls this */
};

/* Allocate buffers and set up S for a connection reading FD_IN and writing FD_OUT (both -1
 * for tests that feed bytes directly and read s->tx). LOOP may be NULL (no event-fd watching).
 * 0 or -ENOMEM. */
int session_init(struct session *s, struct log *log, struct loop *loop, struct target *t,
                 const struct rspd_opts *opts, int fd_in, int fd_out);
/* Register the connection and target fds with the loop. */
int session_attach_loop(struct session *s);
void session_fini(struct session *s);

/* Feed bytes received from the client. */
void session_input(struct session *s, const char *data, size_t len);
/* The target's event fd is readable: collect events and send the owed stop reply. */
void session_target_ready(struct session *s);
/* Frame and send PAYLOAD as a packet (remembered for retransmission). */
void session_send(struct session *s, const char *payload, size_t len);

/* Non-stop: queue the stop reply for EV; when the queue was empty and NOTIFY, send it at once
 * as a %Stop notification. 0 or -ENOMEM. */
int session_queue_stop(struct session *s, const struct stop_event *ev, bool notify);
/* Non-stop: true when a stop reply queued and not yet acknowledged with vStopped concerns
 * thread TID (its own stop, or the fork event that made it): a resume must leave it alone, as
 * gdbserver does, for the client has not seen that stop yet. */
bool session_stop_queued(const struct session *s, int tid);
/* Non-stop: forget every queued stop reply. */
void session_queue_clear(struct session *s);
/* Non-stop vStopped: drop the acknowledged head; copy the next one (if any) into s->reply.
 * True when there was a next one. */
bool session_queue_next(struct session *s);

/* The thread that g/m/p and friends act on: Hg's, or the last stop's, or the process. */
int session_current_tid(const struct session *s);
/* The feature mask the client's register numbering follows: the process's, or, for a client
 * that announced no target-description support in qSupported, the arch's legacy layout. */
uint64_t session_reg_features(const struct session *s);
/* Forget cached registers and target.xml (after resume, or a new process). */
void session_invalidate(struct session *s);
/* The process is gone (exited, killed, detached): forget its state. */
void session_process_gone(struct session *s);
/* Process PID exited, was killed or detached: forget it, and everything when no traced
 * process is left (session_process_gone); else the target's current one carries on. */
void session_process_ended(struct session *s, int pid);
/* A new process was launched or attached (the target's pid): start its state afresh, with a
 * stop of its main thread by GDB_SIGNO as the last stop. */
void session_process_new(struct session *s, bool attached, int gdb_signo);

#endif

/* Stop replies: struct stop_event -> T/S/W/X packet text, with the thread, the stop reason
 * (swbreak/hwbreak/watch/rwatch/awatch) and expedited PC, SP and FP.
 * Spec: GDB manual, "Stop Reply Packets". */
#ifndef RSPD_SERVER_STOP_H
#define RSPD_SERVER_STOP_H

struct session;
struct stop_event;
struct buf;

/* Append the stop reply for EV to B. 0 or -errno (registers unreadable: the T packet is still
 * complete without them). */
int stop_reply_format(struct session *s, const struct stop_event *ev, struct buf *b);

/* Print the line gdbserver prints when a process ends ("Child exited with status N"). */
void stop_log_exit(const struct session *s, const struct stop_event *ev);

#endif

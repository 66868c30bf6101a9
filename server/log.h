/* Server messages and the packet log. The user-facing lines tools parse ("Listening on port N",
 * "Process PROG created; pid = N", ...) go through log_info exactly as gdbserver prints them;
 * --debug adds server diagnostics, --remote-debug every packet with a timestamp. */
#ifndef RSPD_SERVER_LOG_H
#define RSPD_SERVER_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct log {
    FILE *fp;          /* messages tools parse ("Listening on port N", ...): stderr */
    FILE *debug_fp;    /* --debug-file for diagnostics and packets; NULL: fp, as gdbserver */
    bool debug;        /* --debug: server diagnostics */
    bool remote_debug; /* --remote-debug / monitor set debug: every packet */
};

/* Always printed: the lines users and tools read. */
void log_info(const struct log *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "rspd: " + message: errors and warnings, always printed. */
void log_error(const struct log *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Printed with --debug. */
void log_debug(const struct log *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* With --remote-debug: "[time] <- $data" (DIR '<' received, '>' sent), binary bytes escaped. */
void log_packet(const struct log *l, char dir, const char *data, size_t len);

#endif

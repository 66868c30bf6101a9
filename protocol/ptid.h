/* Thread-id syntax: "p<pid>.<tid>", "p<pid>" (all threads of pid), "<tid>", "-1" (all), "0" (any).
 * Pure code. Spec: GDB manual, "Packets" > thread-id. */
#ifndef RSPD_PROTOCOL_PTID_H
#define RSPD_PROTOCOL_PTID_H

#include <stdbool.h>
#include <stddef.h>

struct cursor;
struct buf;

#define PTID_ALL (-1)
#define PTID_ANY 0

struct ptid {
    int pid; /* PTID_ALL, PTID_ANY, or a process id; PTID_ANY when the client did not give one */
    int tid; /* PTID_ALL, PTID_ANY, or a thread id */
};

/* Parse a thread-id at C. "p<pid>" alone yields tid PTID_ALL. Values are hex; "-1" is the only
 * negative accepted. 0, or -EINVAL / -ERANGE (id does not fit an int). */
int ptid_parse(struct cursor *c, struct ptid *out);

/* Append ID: "p<pid>.<tid>" when MULTIPROCESS, else "<tid>"; -1 as "-1". */
void ptid_format(struct buf *b, struct ptid id, bool multiprocess);

/* Rewrite every id="p<pid>.<tid>" in the LEN-byte document DOC (a qXfer:threads list) as
 * id="<tid>", in place, for a client that did not ask for multiprocess ids. Returns the new
 * length. */
size_t ptid_doc_drop_pids(char *doc, size_t len);

#endif

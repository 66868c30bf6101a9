/* The fuzz entry points: one function per harness, taking one fuzz input. libFuzzer reaches
 * them through tests/fuzz/fuzz_main.c; tests/unit/check_regress.c replays the seed corpus and
 * every input a fuzzer ever crashed on through the very same functions. Each returns 0, and
 * abort()s when an invariant it checks does not hold (a crash for libFuzzer, an error for Check).
 */
#ifndef RSPD_TESTS_FUZZ_ENTRIES_H
#define RSPD_TESTS_FUZZ_ENTRIES_H

#include <stddef.h>
#include <stdint.h>

/* protocol/frame: the decoder fed in one piece and in input-chosen pieces must see the same
 * events; any payload, escaped and encoded (with and without RLE), decodes back to itself. */
int fuzz_frame_one(const uint8_t *data, size_t size);
/* A whole session over the fake target: DATA is the client's byte stream (packets, acks,
 * \x03, junk); after each packet the fake target reports a scripted stop if one is owed. */
int fuzz_session_one(const uint8_t *data, size_t size);
/* qXfer argument parser and the chunked m/l reply. */
int fuzz_xfer_one(const uint8_t *data, size_t size);
/* vCont action lists and the legacy c/s/C/S packets. */
int fuzz_vcont_one(const uint8_t *data, size_t size);
/* thread-ids: parse, format, parse again. */
int fuzz_ptid_one(const uint8_t *data, size_t size);
/* vFile (host I/O) arguments, F replies, the hex and binary-escape codecs they use. */
int fuzz_hostio_one(const uint8_t *data, size_t size);
/* Agent expressions: DATA as bytecode run against registers and memory made of DATA itself
 * (ends with a value or a documented error, output bounded), and as a Z packet's condition
 * and command lists (views inside the store, counts within the limits). */
int fuzz_ax_one(const uint8_t *data, size_t size);

struct fuzz_entry {
    const char *name; /* the harness: tests/fuzz/corpus/NAME, build-fuzz/tests/fuzz/fuzz_NAME */
    int (*one)(const uint8_t *data, size_t size);
};

/* Every harness, NULL-terminated. */
extern const struct fuzz_entry fuzz_entries[];

#endif

/* qSupported: the client's feature list parsed into flags.
 * Pure code. Spec: GDB manual, "General Query Packets" > qSupported. */
#ifndef RSPD_PROTOCOL_FEATURES_H
#define RSPD_PROTOCOL_FEATURES_H

#include <stddef.h>
#include <stdint.h>

enum client_feature {
    CF_MULTIPROCESS = 1u << 0,
    CF_SWBREAK = 1u << 1,
    CF_HWBREAK = 1u << 2,
    CF_QRELOCINSN = 1u << 3,
    CF_FORK_EVENTS = 1u << 4,
    CF_VFORK_EVENTS = 1u << 5,
    CF_EXEC_EVENTS = 1u << 6,
    CF_VCONT_SUPPORTED = 1u << 7,
    CF_QTHREAD_EVENTS = 1u << 8,
    CF_NO_RESUMED = 1u << 9,
    CF_MEMORY_TAGGING = 1u << 10,
    CF_ERROR_MESSAGE = 1u << 11,  /* "error-message+": E.text replies welcome */
    CF_NATIVE_SIGNALS = 1u << 12, /* lldb */
    CF_XML_REGISTERS = 1u << 13,  /* "xmlRegisters=...": the client reads target descriptions */
};

/* Parse ARGS (LEN bytes after "qSupported:"; may be empty). Features ending in '+' set their
 * flag, '-' clears it, "name=value" and unknown names are ignored. 0 or -EINVAL (empty item). */
int features_parse_client(const char *args, size_t len, uint32_t *flags);

#endif

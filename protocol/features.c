/* qSupported: the client's feature list ("name+", "name-", "name=value") parsed into
 * enum client_feature flags. Pure code: no syscalls, no globals (the name table is const).
 * Spec: GDB manual, "General Query Packets" > qSupported. */
#include "protocol/features.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "protocol/cursor.h"

static const struct {
    const char *name;
    uint32_t flag;
} features_client[] = {
    {"multiprocess", CF_MULTIPROCESS},
    {"swbreak", CF_SWBREAK},
    {"hwbreak", CF_HWBREAK},
    {"qRelocInsn", CF_QRELOCINSN},
    {"fork-events", CF_FORK_EVENTS},
    {"vfork-events", CF_VFORK_EVENTS},
    {"exec-events", CF_EXEC_EVENTS},
    {"vContSupported", CF_VCONT_SUPPORTED},
    {"QThreadEvents", CF_QTHREAD_EVENTS},
    {"no-resumed", CF_NO_RESUMED},
    {"memory-tagging", CF_MEMORY_TAGGING},
    {"error-message", CF_ERROR_MESSAGE},
    {"native-signals", CF_NATIVE_SIGNALS},
};

static uint32_t features_lookup(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof(features_client) / sizeof(features_client[0]); i++)
        if (strlen(features_client[i].name) == len &&
            memcmp(features_client[i].name, name, len) == 0)
            return features_client[i].flag;
    return 0;
}

int features_parse_client(const char *args, size_t len, uint32_t *flags)
{
    uint32_t f = *flags;
    struct cursor c;

    /* A final ';' announces one more, empty, item. */
    if (len > 0 && args[len - 1] == ';')
        return -EINVAL;
    cursor_init(&c, args, len);
    while (!cursor_at_end(&c)) {
        const char *item;
        size_t n;
        char last;

        cursor_until(&c, ';', &item, &n);
        if (n == 0)
            return -EINVAL;
        last = item[n - 1];
        if (n > 13 && memcmp(item, "xmlRegisters=", 13) == 0) {
            f |= CF_XML_REGISTERS;
            continue;
        }
        if (memchr(item, '=', n) != NULL)
            continue; /* another "name=value": nothing we track */
        if (last == '+')
            f |= features_lookup(item, n - 1);
        else if (last == '-')
            f &= ~features_lookup(item, n - 1);
        /* a bare name, or one we do not know: ignored, as the manual asks */
    }
    *flags = f;
    return 0;
}

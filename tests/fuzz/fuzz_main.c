/* libFuzzer driver: one binary per harness, built with -DFUZZ_ENTRY=fuzz_<name>_one (see the
 * Makefile's fuzz target). The work is in entries.c, shared with the regression unit test. */
#include <stddef.h>
#include <stdint.h>

#include "tests/fuzz/entries.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return FUZZ_ENTRY(data, size);
}

/* x86-64 software breakpoint: int3 (0xcc). After the trap the PC is one byte past it
 * (arch_x86_64.pc_after_break = 1), so the stop path rewinds it. Pure data: no OS headers.
 * Spec: Intel SDM vol. 2, "INT n/INTO/INT3"; GDB manual "Packets", Z0. */
#include <stdint.h>

#include "arch/x86_64/x86_64.h"

const uint8_t x86_64_break_insn[1] = {0xcc};

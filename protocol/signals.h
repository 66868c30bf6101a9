/* gdb's target-independent signal numbers (gdb include/gdb/signals.def), the numbering that
 * S/T/C/S packets carry. Hosts map their own numbers to these (targets/linux/signals.c).
 * Pure data. */
#ifndef RSPD_PROTOCOL_SIGNALS_H
#define RSPD_PROTOCOL_SIGNALS_H

enum gdb_signal {
    GDB_SIGNAL_0 = 0,
    GDB_SIGNAL_HUP = 1,
    GDB_SIGNAL_INT = 2,
    GDB_SIGNAL_QUIT = 3,
    GDB_SIGNAL_ILL = 4,
    GDB_SIGNAL_TRAP = 5,
    GDB_SIGNAL_ABRT = 6,
    GDB_SIGNAL_EMT = 7,
    GDB_SIGNAL_FPE = 8,
    GDB_SIGNAL_KILL = 9,
    GDB_SIGNAL_BUS = 10,
    GDB_SIGNAL_SEGV = 11,
    GDB_SIGNAL_SYS = 12,
    GDB_SIGNAL_PIPE = 13,
    GDB_SIGNAL_ALRM = 14,
    GDB_SIGNAL_TERM = 15,
    GDB_SIGNAL_URG = 16,
    GDB_SIGNAL_STOP = 17,
    GDB_SIGNAL_TSTP = 18,
    GDB_SIGNAL_CONT = 19,
    GDB_SIGNAL_CHLD = 20,
    GDB_SIGNAL_TTIN = 21,
    GDB_SIGNAL_TTOU = 22,
    GDB_SIGNAL_IO = 23,
    GDB_SIGNAL_XCPU = 24,
    GDB_SIGNAL_XFSZ = 25,
    GDB_SIGNAL_VTALRM = 26,
    GDB_SIGNAL_PROF = 27,
    GDB_SIGNAL_WINCH = 28,
    GDB_SIGNAL_LOST = 29,
    GDB_SIGNAL_USR1 = 30,
    GDB_SIGNAL_USR2 = 31,
    GDB_SIGNAL_PWR = 32,
    GDB_SIGNAL_POLL = 33,
    GDB_SIGNAL_WIND = 34,
    GDB_SIGNAL_PHONE = 35,
    GDB_SIGNAL_WAITING = 36,
    GDB_SIGNAL_LWP = 37,
    GDB_SIGNAL_DANGER = 38,
    GDB_SIGNAL_GRANT = 39,
    GDB_SIGNAL_RETRACT = 40,
    GDB_SIGNAL_MSG = 41,
    GDB_SIGNAL_SOUND = 42,
    GDB_SIGNAL_SAK = 43,
    GDB_SIGNAL_PRIO = 44,
    GDB_SIGNAL_REALTIME_33 = 45, /* 45..75: REALTIME_33..REALTIME_63 */
    GDB_SIGNAL_CANCEL = 76,
    GDB_SIGNAL_REALTIME_32 = 77,
    GDB_SIGNAL_REALTIME_64 = 78, /* 78..141: REALTIME_64..REALTIME_127 */
    GDB_SIGNAL_INFO = 142,
    GDB_SIGNAL_UNKNOWN = 143,
    GDB_SIGNAL_DEFAULT = 144, /* gdb-internal "no specific signal"; never on the wire */
    GDB_EXC_BAD_ACCESS = 145, /* 145..150: Mach exceptions (darwin targets) */
    GDB_EXC_BAD_INSTRUCTION = 146,
    GDB_EXC_ARITHMETIC = 147,
    GDB_EXC_EMULATION = 148,
    GDB_EXC_SOFTWARE = 149,
    GDB_EXC_BREAKPOINT = 150,
    GDB_SIGNAL_LIBRT = 151, /* FreeBSD's SIGLIBRT; gdb 13 lists it in every QPassSignals */
    GDB_SIGNAL_LAST = 152   /* numbers at or above this are not signals gdb defines */
};

/* gdb's short name ("SIGSEGV"; "0" for GDB_SIGNAL_0) for SIG, or NULL when SIG has none: not a
 * known number, or GDB_SIGNAL_UNKNOWN / GDB_SIGNAL_DEFAULT, which gdb leaves unnamed. */
const char *gdb_signal_name(int sig);

#endif

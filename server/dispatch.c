/* The packet table and its guards (see dispatch.h). Adding a packet is adding a row here and a
 * handler in its family's cmd_*.c file. Must not format error replies: session.c does. */
#include "server/dispatch.h"

#include <errno.h>
#include <string.h>

#include "server/cmds.h"
#include "server/opts.h"
#include "server/session.h"

/* Order matters only between prefixes of one another; check_dispatch.c verifies that no row is
 * shadowed by an earlier, shorter one. */
static const struct dispatch_row rows[] = {
    {"qSupported", MATCH_PREFIX, 0, 0, cmd_qsupported, "features: ours for the client's"},
    {"QStartNoAckMode", MATCH_EXACT, 0, 0, cmd_qstartnoackmode, "stop sending +/- acks"},
    {"qAttached", MATCH_PREFIX, NEED_PROCESS, 0, cmd_qattached, "1 attached, 0 launched"},
    {"qC", MATCH_EXACT, NEED_PROCESS, 0, cmd_qc, "current thread"},
    {"qfThreadInfo", MATCH_EXACT, 0, DISPATCH_OP(list_threads), cmd_qfthreadinfo,
     "thread list, first part"},
    {"qsThreadInfo", MATCH_EXACT, 0, DISPATCH_OP(list_threads), cmd_qsthreadinfo,
     "thread list, continued"},
    {"qSymbol:", MATCH_PREFIX, 0, 0, cmd_qsymbol, "no symbols needed: OK"},
    {"qXfer:", MATCH_PREFIX, 0, 0, cmd_qxfer,
     "objects: features, auxv, exec-file, libraries-svr4, osdata, ..."},
    {"qRcmd,", MATCH_PREFIX, 0, 0, cmd_qrcmd, "monitor commands: help, set debug, stats, exit"},
    {"vFile:", MATCH_PREFIX, 0, 0, cmd_vfile,
     "host I/O: setfs open close pread pwrite fstat unlink readlink"},
    {"QThreadEvents:", MATCH_PREFIX, 0, DISPATCH_OP(set_thread_events), cmd_qthreadevents,
     "report thread creation and exit"},
    {"QPassSignals:", MATCH_PREFIX, 0, DISPATCH_OP(set_pass_signals), cmd_qpasssignals,
     "signals passed to the program without a stop"},
    {"QProgramSignals:", MATCH_PREFIX, 0, DISPATCH_OP(set_program_signals), cmd_qprogramsignals,
     "signals the program may receive"},
    {"QCatchSyscalls:", MATCH_PREFIX, 0, DISPATCH_OP(set_catch_syscalls), cmd_qcatchsyscalls,
     "stop at system calls (all, or those listed)"},
    {"qGetTLSAddr:", MATCH_PREFIX, NEED_PROCESS | NEED_STOPPED, DISPATCH_OP(tls_address),
     cmd_qgettlsaddr, "address of a thread-local variable"},
    {"!", MATCH_EXACT, 0, 0, cmd_extended, "extended mode (with --multi)"},
    {"?", MATCH_EXACT, 0, 0, cmd_status, "why the program last stopped"},
    {"QNonStop:", MATCH_PREFIX, NEED_STOPPED, DISPATCH_OP(stop_threads), cmd_qnonstop,
     "non-stop mode on (1) or off (0)"},
    {"vStopped", MATCH_EXACT, 0, DISPATCH_OP(stop_threads), cmd_vstopped,
     "non-stop: the next queued stop, or OK"},
    {"H", MATCH_PREFIX, 0, 0, cmd_thread_select, "Hg/Hc: select thread"},
    {"T", MATCH_PREFIX, NEED_PROCESS, 0, cmd_thread_alive, "is the thread alive"},
    {"g", MATCH_EXACT, NEED_PROCESS | NEED_STOPPED, DISPATCH_OP(read_regs), cmd_read_all_regs,
     "read all registers"},
    {"G", MATCH_PREFIX, NEED_PROCESS | NEED_STOPPED, DISPATCH_OP(write_regs), cmd_write_all_regs,
     "write all registers"},
    {"p", MATCH_PREFIX, NEED_PROCESS | NEED_STOPPED, DISPATCH_OP(read_regs), cmd_read_reg,
     "read one register"},
    {"P", MATCH_PREFIX, NEED_PROCESS | NEED_STOPPED, DISPATCH_OP(write_regs), cmd_write_reg,
     "write one register"},
    {"m", MATCH_PREFIX, NEED_PROCESS | NEED_STOPPED, DISPATCH_OP(read_memory), cmd_read_mem,
     "read memory (hex)"},
    {"M", MATCH_PREFIX, NEED_PROCESS | NEED_STOPPED, DISPATCH_OP(write_memory), cmd_write_mem_hex,
     "write memory (hex)"},
    {"X", MATCH_PREFIX, NEED_PROCESS | NEED_STOPPED, DISPATCH_OP(write_memory), cmd_write_mem_bin,
     "write memory (binary)"},
    {"Z", MATCH_PREFIX, NEED_PROCESS | NEED_STOPPED, DISPATCH_OP(insert_point), cmd_insert_point,
     "insert breakpoint or watchpoint"},
    {"z", MATCH_PREFIX, NEED_PROCESS | NEED_STOPPED, DISPATCH_OP(remove_point), cmd_remove_point,
     "remove breakpoint or watchpoint"},
    {"vCont?", MATCH_EXACT, 0, DISPATCH_OP(resume), cmd_vcont_query, "resume actions supported"},
    {"vCont;", MATCH_PREFIX, NEED_PROCESS | NEED_STOPPED, DISPATCH_OP(resume), cmd_vcont,
     "resume with per-thread actions"},
    {"c", MATCH_PREFIX, NEED_PROCESS | NEED_STOPPED, DISPATCH_OP(resume), cmd_legacy_resume,
     "continue"},
    {"C", MATCH_PREFIX, NEED_PROCESS | NEED_STOPPED, DISPATCH_OP(resume), cmd_legacy_resume,
     "continue with signal"},
    {"s", MATCH_PREFIX, NEED_PROCESS | NEED_STOPPED, DISPATCH_OP(resume), cmd_legacy_resume,
     "step"},
    {"S", MATCH_PREFIX, NEED_PROCESS | NEED_STOPPED, DISPATCH_OP(resume), cmd_legacy_resume,
     "step with signal"},
    {"vKill;", MATCH_PREFIX, NEED_STOPPED, DISPATCH_OP(kill), cmd_vkill, "kill a process"},
    {"k", MATCH_EXACT, 0, DISPATCH_OP(kill), cmd_kill, "kill"},
    {"vRun;", MATCH_PREFIX, NEED_EXTENDED | NEED_RUNCFG | NEED_STOPPED, DISPATCH_OP(launch),
     cmd_vrun, "run a program (extended mode)"},
    {"vAttach;", MATCH_PREFIX, NEED_EXTENDED | NEED_STOPPED, DISPATCH_OP(attach), cmd_vattach,
     "attach to a process (extended mode)"},
    {"R", MATCH_PREFIX, NEED_EXTENDED | NEED_RUNCFG | NEED_STOPPED, DISPATCH_OP(launch),
     cmd_restart, "restart the program (extended mode)"},
    {"QEnvironmentHexEncoded:", MATCH_PREFIX, NEED_RUNCFG, 0, cmd_qenv_set,
     "set a variable for the next run"},
    {"QEnvironmentUnset:", MATCH_PREFIX, NEED_RUNCFG, 0, cmd_qenv_unset,
     "unset a variable for the next run"},
    {"QEnvironmentReset", MATCH_EXACT, NEED_RUNCFG, 0, cmd_qenv_reset,
     "rspd's own environment for the next run"},
    {"QSetWorkingDir:", MATCH_PREFIX, NEED_RUNCFG, 0, cmd_qsetworkingdir,
     "working directory for the next run"},
    {"QStartupWithShell:", MATCH_PREFIX, NEED_RUNCFG, 0, cmd_qstartupwithshell,
     "start programs through $SHELL or not"},
    {"QDisableRandomization:", MATCH_PREFIX, NEED_RUNCFG, 0, cmd_qdisablerandomization,
     "ASLR off or on for the next run"},
    {"D", MATCH_PREFIX, NEED_PROCESS | NEED_STOPPED, DISPATCH_OP(detach), cmd_detach,
     "detach, the program runs on"},
};

const struct dispatch_row *dispatch_table(size_t *n)
{
    *n = sizeof(rows) / sizeof(rows[0]);
    return rows;
}

const struct dispatch_row *dispatch_find(const char *pkt, size_t len)
{
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        size_t pl = strlen(rows[i].prefix);
        if (len < pl || memcmp(pkt, rows[i].prefix, pl) != 0)
            continue;
        if (rows[i].match == MATCH_EXACT && len != pl)
            continue;
        return &rows[i];
    }
    return NULL;
}

bool dispatch_row_available(const struct session *s, const struct dispatch_row *row)
{
    if (row->op == 0)
        return true;
    const char *ops = (const char *)s->t->ops;
    void *fn;
    memcpy(&fn, ops + row->op, sizeof(fn));
    return fn != NULL;
}

/* Rows gdbserver's --disable-packet can turn off (a maintenance switch gdb's testsuite uses). */
static bool maint_disabled(unsigned disabled, const struct dispatch_row *row)
{
    static const struct {
        const char *prefix;
        unsigned bit;
    } map[] = {{"qC", DISABLE_QC},
               {"qfThreadInfo", DISABLE_QFTHREADINFO},
               {"qsThreadInfo", DISABLE_QFTHREADINFO},
               {"vCont?", DISABLE_VCONT},
               {"vCont;", DISABLE_VCONT}};
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if ((disabled & map[i].bit) && strcmp(row->prefix, map[i].prefix) == 0)
            return true;
    return false;
}

int dispatch_packet(struct session *s, const char *pkt, size_t len)
{
    const struct dispatch_row *row = dispatch_find(pkt, len);
    if (!row || !dispatch_row_available(s, row))
        return 0; /* the empty reply: not supported */
    if (s->opts && s->opts->disabled && maint_disabled(s->opts->disabled, row))
        return 0;
    if ((row->needs & NEED_EXTENDED) && !s->extended)
        return 0;
    if ((row->needs & NEED_RUNCFG) && !s->run)
        return 0;
    if ((row->needs & NEED_STOPPED) && s->running)
        return -EBUSY;
    if ((row->needs & NEED_PROCESS) && s->t->pid <= 0)
        return -ESRCH;
    /* Memory, registers and breakpoints act on the process of the thread gdb selected (Hg),
     * as gdbserver's set_desired_process: in non-stop mode an event of another inferior may
     * have made that one current in the meantime (gdb.threads/
     * access-mem-running-thread-exit.exp, two inferiors). */
    if ((row->needs & NEED_PROCESS) && s->g_thread.pid > 0 && s->g_thread.pid != s->t->pid &&
        target_set_current(s->t, s->g_thread.pid) == 0)
        session_invalidate(s);
    size_t pl = strlen(row->prefix);
    return row->handler(s, pkt + pl, len - pl);
}

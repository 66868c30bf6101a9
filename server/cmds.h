/* Packet handlers, one file per family (cmd_query.c, cmd_regs.c, ...), reached only through
 * the table in dispatch.c. Each follows the contract in dispatch.h. */
#ifndef RSPD_SERVER_CMDS_H
#define RSPD_SERVER_CMDS_H

#include <stddef.h>

struct session;

#define CMD(name) int cmd_##name(struct session *s, const char *args, size_t len)

/* cmd_query.c */
CMD(qsupported);
CMD(qstartnoackmode);
CMD(qattached);
CMD(qc);
CMD(qfthreadinfo);
CMD(qsthreadinfo);
CMD(qsymbol);
CMD(thread_select);
CMD(thread_alive);
CMD(ok);
CMD(extended);
/* cmd_regs.c */
CMD(read_all_regs);
CMD(write_all_regs);
CMD(read_reg);
CMD(write_reg);
/* cmd_mem.c */
CMD(read_mem);
CMD(write_mem_hex);
CMD(write_mem_bin);
/* cmd_break.c */
CMD(insert_point);
CMD(remove_point);
/* cmd_resume.c */
CMD(status);
CMD(qnonstop);
CMD(vstopped);
CMD(vcont_query);
CMD(vcont);
CMD(legacy_resume);
/* cmd_process.c */
CMD(kill);
CMD(vkill);
CMD(detach);
CMD(vrun);
CMD(restart);
CMD(vattach);
/* cmd_env.c */
CMD(qenv_set);
CMD(qenv_unset);
CMD(qenv_reset);
CMD(qsetworkingdir);
CMD(qstartupwithshell);
CMD(qdisablerandomization);
/* cmd_xfer.c */
CMD(qxfer);
/* cmd_thread.c */
CMD(qthreadevents);
CMD(qpasssignals);
CMD(qprogramsignals);
CMD(qcatchsyscalls);
CMD(qgettlsaddr);
/* cmd_file.c */
CMD(vfile);
/* cmd_monitor.c */
CMD(qrcmd);

#undef CMD

struct xfer_req;
/* cmd_thread.c: qXfer:siginfo:read / :write of the Hg thread (cmd_qxfer routes it here). */
int cmd_xfer_siginfo(struct session *s, const struct xfer_req *r);

/* cmd_file.c: close the session's vFile descriptors and forget setfs (session_fini calls it). */
void cmd_file_release(struct session *s);

#endif

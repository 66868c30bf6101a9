# A clone outside the thread group (no CLONE_THREAD) is a thread to gdb: its signal stops it,
# and continuing passes the signal to it (vCont;C naming it), which the server must be able
# to signal and resume although tgkill with the leader's pid cannot reach it.
# program: cloner
continue
continue

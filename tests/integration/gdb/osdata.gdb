# qXfer:osdata:read: `info os` lists the types gdbserver lists; `info os processes` and
# `info os threads` have a row for the debuggee's own pid (the pid is the program's getpid(),
# the rows are filtered by a shell pipe), with its command line and its one thread.
# program: break
break compute
continue
info os
eval "| info os processes | grep -E '^%d '", (int) getpid()
eval "| info os threads | grep -E '^%d '", (int) getpid()
eval "| info os files | grep -cE '^%d +break +[0-9]+ '", (int) getpid()
kill

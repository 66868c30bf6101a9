# Two threads stop with SIGUSR1 at once (gdb sends the signals while both are stopped): one is
# reported, the other's waits. Continuing passes the first thread's signal (vCont;C), but the
# other's pending stop comes first, so that thread must keep the signal it was given until it
# really runs; both handlers must run (gdb.threads/siginfo-threads.exp).
# program: sigpair
handle SIGUSR1 stop print pass
break ready
continue
python import ctypes, os
python pid = gdb.selected_inferior().pid
python [ctypes.CDLL(None).syscall(234, pid, int(gdb.parse_and_eval("tids[%d]" % i)), 10) for i in range(2)]
continue
continue
continue

# The leader called pthread_exit and is a zombie while the worker runs: the server drops it
# from the thread list (its registers are gone), as gdbserver does, and the process exits when
# the worker does (gdb.threads/leader-exit.exp).
# program: leaderexit
break checkpoint
continue
info threads
continue

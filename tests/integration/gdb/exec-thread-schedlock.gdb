# A thread other than main calls execve while scheduler-locking resumes it alone: the exec is
# reported (under the leader's id, the thread now the only one) and the new image runs to its
# breakpoint; then it exits 5. The thread that exec'd keeps its "resumed" state, the old
# leader's (held stopped) is not what counts.
# program: forker
# args: thread-exec
break exec_thread
continue
set scheduler-locking on
break after_exec
continue
print v
set scheduler-locking off
continue

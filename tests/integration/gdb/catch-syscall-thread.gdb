# A thread created while syscalls are caught tells entry from return on its own: its first
# write stops at the entry ("call to", $rdx = 10) and then at the return ($rax = 10), in that
# thread. GNU gdbserver 13 reports the new thread's entry as a return and its return as an
# entry (its per-thread entry/return toggle starts wrong for a new thread).
# program: syscalls
# xfail: gdbserver
break syscalls.c:@LINE:syscalls.c:kill@
continue
catch syscall write
continue
print $rdx
bt
continue
print $rax
delete
continue

# "catch syscall group:signal getppid": gdb sends the group's numbers and getppid's (110) in one
# QCatchSyscalls list; the program stops only at getppid and kill (62), entry and return, and
# never at the writes before them or the thread's system calls after them.
# program: syscalls
break main
continue
catch syscall group:signal getppid
continue
continue
continue
print $rsi
frame 1
continue
delete
continue

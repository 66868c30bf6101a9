# "catch syscall write" (QCatchSyscalls:1;1): each write stops at its entry and at its return
# with the right number, arguments and result; a stepi from the entry runs the call through, and
# the next stop is the next call's entry (not taken for a return); other system calls never stop
# the program.
# program: syscalls
catch syscall write
continue
print $rdx
frame 1
stepi
print $rax
continue
print $rdx
frame 1
continue
print $rax
delete
continue

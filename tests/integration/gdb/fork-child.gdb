# fork with "set follow-fork-mode child": gdb keeps the child (a second process of the server)
# and detaches the parent (D;parentpid, which must not end the session); the breakpoint the
# child inherited in its memory stops it in in_child(1), and its exit code 3 is reported for
# the child's process (W03;process:CHILD). (The detached parent's own output races gdb's exit
# over stdio, so it is not checked here.)
# program: forker
# args: fork
set follow-fork-mode child
break in_child
continue
bt 1
continue

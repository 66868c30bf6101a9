# vfork followed in the parent: "catch vfork" stops at T05vfork:; gdb removes the breakpoints
# from the memory the child shares, detaches the child (which execs "forker execd" and runs
# after_exec untrapped), waits for T05vforkdone: and puts them back, so the parent stops in
# in_parent(5) with the exit code of the exec'd child.
# program: forker
# args: vfork
break in_parent
break after_exec
catch vfork
continue
continue
print v
continue

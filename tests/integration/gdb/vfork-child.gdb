# vfork followed in the child ("set follow-fork-mode child"): the child is kept, the parent
# detached once the child execs; the exec (T05exec:) replaces the child's program, whose
# breakpoint on after_exec is hit; the child exits 5 (the parent, detached, prints it on its own).
# program: forker
# args: vfork
set follow-fork-mode child
break after_exec
continue
print v
continue

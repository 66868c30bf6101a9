# "next" over vfork() followed in the child: the step goes on in the child (it shares its
# parent's memory, from which the parent's breakpoints were just removed) and stops on the next
# line there, before the exec; then the child execs and exits 5. The child must get the
# step-resume breakpoint written again although its table still lists it (a vfork child's copy).
# program: forker
# args: vfork
set follow-fork-mode child
break forker.c:@LINE:forker.c:vfork@
continue
next
print pid
continue

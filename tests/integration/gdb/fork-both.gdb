# fork with "set detach-on-fork off" and schedule-multiple: both processes stay debugged at
# once (qfThreadInfo lists both, vCont resumes both); the child stops in in_child, exits 3
# (W03;process:CHILD) while the parent lives on, then the parent (inferior 1 again) stops in
# in_parent(3) and exits.
# program: forker
# args: fork
set detach-on-fork off
set schedule-multiple on
break in_child
break in_parent
continue
info inferiors
continue
inferior 1
continue
print v
continue

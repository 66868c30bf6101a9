# scheduler-locking step: "next" resumes only the stepping thread (vCont;s:TID, then vCont;c:TID
# over the call), so the spinner thread never runs and never reaches its breakpoint; with
# locking off again the program finishes.
# program: threads
# args: spin
break stepper
continue
set scheduler-locking step
break spin_hit
print spin_hits
next
next
print spin_hits == $1
set scheduler-locking off
delete
continue

# Non-stop mode: a hardware watchpoint (Z2) set while three threads run (the debug registers
# of every thread are written with the running ones paused for it), hit by worker2 alone while
# main runs on ("(running)"); then "continue -a" runs everything to the end.
# program: threads
# before: set non-stop on
break all_parked
continue
watch ticks[2]
continue
info threads
delete
continue -a

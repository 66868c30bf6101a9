# Non-stop mode (QNonStop, %Stop notifications, vStopped): main hits a breakpoint while the
# three workers keep spinning ("(running)" in info threads); memory is read while they run; a
# conditional breakpoint stops worker1 alone while main and the others run on (gdb steps the
# others over it with the rest running); "thread 1" + "continue" resumes main only; then
# "continue -a" runs everything to the end.
# program: threads
# before: set non-stop on
break all_parked
continue
info threads
print parked_count
break tick if id == 1
continue
info threads
print ticks[1]
thread 2
print id
delete
continue -a

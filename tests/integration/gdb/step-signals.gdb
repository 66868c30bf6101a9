# `until` (a `next` that does not go back round a loop) over a loop that SIGALRM (pass,
# nostop, noprint) ends: each signal arriving during a step is reported to gdb, which steps over the handler; passing it silently would end the
# step inside the handler (gdb.base/sigrepeat.exp).
# program: ticker
handle SIGALRM nostop noprint pass
break @LINE:ticker.c:spin@
continue
delete
until
until
print ticks >= 20
continue

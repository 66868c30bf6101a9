# Interrupt: the program sends gdb a SIGINT (as a terminal ^C would) and spins forever; gdb sends
# \x03 and the program stops with SIGINT. Continuing does not deliver it (gdb's "nopass"), so the
# program lives on and reaches a breakpoint in its loop.
# program: interrupt
continue
tbreak interrupt.c:@LINE:interrupt.c:spin@
continue
bt 1
kill

# A -static program: no dynamic section, so no library list (rspd answers the qXfer with an
# error, as gdbserver does, and gdb reads nothing); breakpoints, locals, globals and the exit
# code work as in a dynamic program.
# program: static
info sharedlibrary
break static_mark
continue
print v
continue
print v
print static_counter
continue

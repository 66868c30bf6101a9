# A fault stops the program with SIGSEGV in the faulting function; continuing delivers the
# signal, and the program dies of it.
# program: segv
continue
backtrace
print where
continue
info program

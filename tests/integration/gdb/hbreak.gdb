# A hardware breakpoint (debug registers, Z1) stops like a software one, every call.
# program: break
hbreak square
continue
info breakpoints
delete
print square(2)
continue

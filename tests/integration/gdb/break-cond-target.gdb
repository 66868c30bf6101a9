# Target-side breakpoint conditions (ConditionalBreakpoints+): with `set breakpoint
# condition-evaluation target` gdb sends each condition as agent bytecode with the Z0/Z1
# packet; the server evaluates it at every hit and reports only the hits where it holds, so
# gdb sees one stop per breakpoint. A hardware breakpoint (Z1) takes a condition too, and a
# condition that never holds lets the program run to its end.
# program: break
set breakpoint condition-evaluation target
break add if a == 2
hbreak square if v == 4
break compute if n == 99
continue
print a
print b
continue
print v
info breakpoints
continue

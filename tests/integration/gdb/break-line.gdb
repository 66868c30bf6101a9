# A breakpoint at file:line stops on that line, in main, with the state of the lines before it.
# program: break
break break.c:@LINE:break.c:call-writes@
info breakpoints
continue
print total
info breakpoints
continue

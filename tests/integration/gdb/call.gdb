# print square(3) makes gdb call a function in the program (registers saved, a dummy frame, a
# breakpoint at its return); the program then carries on unharmed.
# program: break
break break.c:@LINE:break.c:call-compute@
continue
print square(3)
print square(-5)
print square(count) + 1
bt 1
continue

# "break tick thread 3" stops only in thread 3 (gdb steps the other workers over the
# breakpoint, which must not lose or duplicate any hit); the program then finishes normally.
# program: threads
break all_parked
continue
break tick thread 3
continue
print id
continue
print id
delete
continue

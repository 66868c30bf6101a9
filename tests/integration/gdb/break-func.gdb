# A breakpoint at a function stops there on every call, with that call's arguments; once deleted,
# the program runs to a normal exit.
# program: break
break add
continue
continue
delete
continue

# kill ends a program that never exits by itself; the runner checks that no process is left.
# program: spin
break tick
continue
kill
info program

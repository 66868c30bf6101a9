# 200 threads hit one breakpoint at once; after three reports the breakpoint is deleted: the
# hits still pending must be dropped (no stray SIGTRAP), and the program finishes normally.
# program: manythreads
# args: 200
# timeout: 120
break hit
continue
continue
continue
delete
continue

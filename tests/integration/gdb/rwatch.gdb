# A hardware read watchpoint stops at the two reads in reads(), not at the writes.
# program: break
break break.c:@LINE:break.c:call-writes@
continue
rwatch watched
continue
continue
delete
continue

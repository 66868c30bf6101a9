# A hardware access watchpoint stops at writes (old and new value) and at reads (value).
# program: break
break break.c:@LINE:break.c:call-writes@
continue
awatch watched
continue
continue
continue
continue
delete
continue

# A hardware write watchpoint stops after each of the three writes, with old and new values.
# program: break
break break.c:@LINE:break.c:call-writes@
continue
watch watched
continue
continue
continue
delete
continue

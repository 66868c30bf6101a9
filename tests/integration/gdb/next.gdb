# next steps over calls (compute, writes, reads run whole) and stays in main.
# program: break
break break.c:@LINE:break.c:call-compute@
continue
next
print total
next
next
print sum
print watched

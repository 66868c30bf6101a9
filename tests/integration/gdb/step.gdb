# step enters called functions line by line: main -> compute -> its loop -> add.
# program: break
break break.c:@LINE:break.c:call-compute@
continue
step
step
step
step
bt 2

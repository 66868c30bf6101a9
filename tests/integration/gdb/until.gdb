# until leaves a loop without stepping every turn; until LOCATION runs on to that line.
# program: break
break break.c:@LINE:break.c:loop-body@
continue
delete
until
until
print total
finish
until @LINE:break.c:main-return@
print sq

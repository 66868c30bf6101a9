# set var writes memory and registers; the program itself then prints the new values.
# program: break
break break.c:@LINE:break.c:call-writes@
continue
set var origin.x = 42
set var total = 100
print origin.x
print total
set var $rax = 0x12345678
print/x $rax
continue

# x reads raw memory: words of a global table, a string, the bytes of a struct; a write through
# set var is read back.
# program: break
break break.c:@LINE:break.c:call-writes@
continue
x/8xw table
x/s greeting
x/4xb &origin
set var table[2] = 0xdeadbeef
x/3xw table

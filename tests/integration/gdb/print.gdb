# print reads locals, a struct, strings and globals out of the stopped program's memory.
# program: break
break break.c:@LINE:break.c:after-vectors@
continue
info locals
print origin
print greeting
print *greeting@5
print origin.name
print/x table[7]
ptype origin

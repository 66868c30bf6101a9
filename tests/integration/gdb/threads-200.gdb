# 200 threads hit one breakpoint at once: every hit is reported, one per continue, none lost
# (the others stay pending while gdb handles one); then the program finishes normally.
# program: manythreads
# args: 200
# timeout: 240
break hit
set $i = 0
while $i < 200
  continue
  set $i = $i + 1
end
info breakpoints
delete
continue

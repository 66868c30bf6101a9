# stepi executes exactly one instruction: the pc lands on the address x/2i showed as the next
# instruction, still in the same line.
# program: break
break add
continue
set $before = $pc
x/2i $pc
set $next = $_
stepi
print $pc == $next
print $pc > $before
info line *$pc
stepi 3
print $pc > $next

# finish runs to the caller and prints the value returned (square(4) == 16).
# program: break
break square
continue
finish
print sq
next
print sq

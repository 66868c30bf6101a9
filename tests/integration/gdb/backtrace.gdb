# backtrace walks main -> compute -> add with arguments; up/frame select callers' locals.
# program: break
break add
continue
continue
backtrace
up
print n
print i
frame 2
print count

# PROG ARGS reach the program unchanged, in order.
# program: args
# args: alpha beta-2 gamma
break main
continue
print argc
print argv[1]
print argv[3]
continue

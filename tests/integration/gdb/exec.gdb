# An exec: "catch exec" stops with T05exec:<hex path> (gdb names the new program), gdb reloads the
# program's symbols and its breakpoint in the new image (after_exec) is hit; the exec'd program
# exits 5.
# program: forker
# args: exec
catch exec
break after_exec
continue
continue
print v
continue

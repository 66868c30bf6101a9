# fork, followed in the parent with detach-on-fork on (gdb's default): "catch fork" stops at
# the fork (T05fork:), gdb removes the breakpoints from the child's copy of memory (Hg child, z0)
# and detaches it (D;pid), so the child runs in_child without trapping and exits 3, and the
# parent sees that status and stops in in_parent(3).
# program: forker
# args: fork
break in_child
break in_parent
catch fork
continue
continue
print v
continue

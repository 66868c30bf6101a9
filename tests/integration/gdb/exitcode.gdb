# The program's exit status reaches gdb: exit(7) is "exited with code 07" and $_exitcode == 7.
# program: exitcode
continue
print $_exitcode

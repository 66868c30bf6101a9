# remote delete of a file that does not exist fails with gdb's ENOENT.
# program: break
# allow-errors: yes
remote delete @TMP@/missing.txt

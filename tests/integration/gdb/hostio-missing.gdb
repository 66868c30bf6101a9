# A file that does not exist: vFile:open and vFile:unlink fail with gdb's ENOENT, which gdb
# reports as "No such file or directory" (the numbering is gdb's, not the host's).
# program: break
# allow-errors: yes
remote get @TMP@/missing.txt @TMP@/never.txt

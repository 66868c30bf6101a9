# remote put, get and delete move files through vFile (open, pwrite, pread, fstat, close,
# unlink): a text file and a binary one (the debuggee itself, full of bytes that need '}'
# escapes) come back byte for byte, and the deleted file is gone.
# program: break
shell printf 'rspd host I/O\nsecond line\n' > @TMP@/src.txt
remote put @TMP@/src.txt @TMP@/remote.txt
shell cmp @TMP@/src.txt @TMP@/remote.txt && echo put-same
remote get @TMP@/remote.txt @TMP@/back.txt
shell cmp @TMP@/src.txt @TMP@/back.txt && echo get-same
remote put @PROGS@/break @TMP@/remote.bin
remote get @TMP@/remote.bin @TMP@/back.bin
shell cmp @PROGS@/break @TMP@/back.bin && echo binary-same
remote delete @TMP@/remote.txt
shell test -e @TMP@/remote.txt || echo remote-deleted
shell test -e @TMP@/remote.bin && echo other-kept

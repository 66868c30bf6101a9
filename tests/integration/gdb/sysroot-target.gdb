# With "set sysroot target:" gdb reads the program and its shared libraries from the server
# through vFile (setfs to the program's pid, open, pread, fstat, close) and debugs with them;
# no "does not support file transfer" fallback to local files.
# program: break
set sysroot target:
file target:@PROGS@/break
break square
continue
info sharedlibrary

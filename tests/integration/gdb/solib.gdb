# Shared libraries through qXfer:libraries-svr4 in a PIE: at the first instruction only the
# dynamic linker is loaded; at main's first call libc is too; after dlopen the library the
# program named is listed (and its function is known), after dlclose it is gone again. The
# program's own functions are relocated into the PIE's load range. The server advertises the
# packet, and gdb parses what it sends without a warning (else gdb would read ld.so's list itself).
# program: solib
# args: @PROGS@/libsolib.so
show remote library-info-svr4-packet
info sharedlibrary
info sharedlibrary libc
break before_dlopen
continue
print &before_dlopen
info sharedlibrary libc
info sharedlibrary libsolib
break after_dlopen
continue
info sharedlibrary libsolib
print solib_answer(1)
break after_dlclose
continue
info sharedlibrary libsolib
info sharedlibrary libc
continue

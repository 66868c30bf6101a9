# A breakpoint in a library the program has not loaded yet stays pending, is resolved when the
# program dlopens it (a library-list change reported at ld.so's breakpoint), and is hit there
# with the right arguments; finishing returns the value the program then prints.
# program: solib
# args: @PROGS@/libsolib.so
set breakpoint pending on
break solib_answer
continue
bt 2
finish
continue

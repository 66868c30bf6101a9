# While gdb single-steps the main thread over a loop (vCont;s:MAIN;c), another thread hits its
# breakpoint, and that hit is reported (it ends the "next"), not lost or turned into a SIGTRAP.
# program: threads
# args: spin
break stepper
continue
break spin_hit
next
info threads
kill

# Agent-style dprintf (BreakpointCommands+): gdb compiles the printf into agent bytecode sent
# with the Z0 packet (";cmds:"); the server runs it at every hit and lets the program run on,
# printing on its own standard output, never stopping for gdb. A plain breakpoint still stops.
# The arguments are read from their registers (rdi, rsi at the dprintf's line at -O0): for
# locals of a clang-built program gdb 13 emits `ext 32` on the frame base, an address no
# server can read (gdbserver prints garbage, rspd reports the error and prints nothing).
# program: break
# transports: tcp unix
set dprintf-style agent
dprintf add,"add a=%d b=%d\n", $rdi, $rsi
break square
continue
info breakpoints
continue

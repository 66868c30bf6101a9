# Agent-style dprintf (BreakpointCommands+): gdb compiles the printf into agent bytecode sent
# with the Z0 packet (";cmds:"); the server runs it at every hit and lets the program run on,
# printing on its own standard output, never stopping for gdb. A plain breakpoint still stops.
# program: break
# transports: tcp unix
set dprintf-style agent
dprintf add,"add a=%d b=%d\n", a, b
break square
continue
info breakpoints
continue

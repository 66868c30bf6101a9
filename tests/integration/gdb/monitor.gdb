# monitor help lists rspd's commands (exit's line says "Quit GDBserver", which tools such as
# gdb's testsuite look for to recognise gdbserver); monitor stats counts the packets of this session per
# packet type (qRcmd output arrives as O packets before OK); set debug on and off answer.
# program: break
# servers: rspd
monitor help
break main
continue
monitor stats
monitor set debug on
monitor set debug off

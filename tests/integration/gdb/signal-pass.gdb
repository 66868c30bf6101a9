# "handle SIGUSR1 nostop noprint pass" (QPassSignals): the three raised signals reach the
# handler without a stop; "signal SIGUSR1" at a breakpoint delivers a fourth (C packet), whose
# handler runs before the breakpointed line does, so the breakpoint is hit again.
# program: signals
handle SIGUSR1 nostop noprint pass
break checkpoint
continue
print usr1
signal SIGUSR1
print usr1
delete
continue

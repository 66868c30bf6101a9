# The signal's siginfo (qXfer:siginfo:read): si_signo and the faulting address 0x10.
# program: segv
continue
print $_siginfo.si_signo
print $_siginfo._sifields._sigfault.si_addr
kill

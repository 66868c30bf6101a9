# A signal gdb stops on is reported at the raise() (T0a); continuing passes it to the
# handler; "handle SIGUSR1 nopass" makes the next one vanish.
# program: signals
continue
continue
handle SIGUSR1 nopass
continue
handle SIGUSR1 pass
continue

# The whole process is SIGKILLed from outside while gdb holds it stopped at a breakpoint: the
# threads' registers are gone. Reading those of a thread gdb has not looked at yet gets
# "unavailable" from rspd, not an error that would abort a command script (gdbserver, which
# read every thread's registers when it stopped them, still has them: .expect.gdbserver); the
# next continue reports the kill.
# program: threads
break all_parked
continue
python import os, time; os.kill(gdb.selected_inferior().pid, 9); time.sleep(0.3)
thread 3
print $rax
continue

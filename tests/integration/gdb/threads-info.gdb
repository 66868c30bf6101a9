# Threads with names (qXfer:threads:read, /proc/PID/task/TID/comm): info threads lists all
# four, "thread N" switches, bt and "thread apply all bt" unwind every thread.
# program: threads
break all_parked
continue
info threads
thread 3
bt
thread apply all bt
kill

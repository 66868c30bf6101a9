# An unknown monitor command prints a notice and the command list, then fails, as gdbserver's
# does ("Protocol error with Rcmd"); the session goes on.
# program: break
# allow-errors: yes
monitor frobnicate

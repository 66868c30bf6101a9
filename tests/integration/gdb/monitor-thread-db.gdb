# monitor set libthread-db-search-path before the program's threads start: a path without
# libthread_db leaves no thread-local storage addresses, as gdbserver, which then has no
# libthread_db (gdb.server/no-thread-db.exp). The failing print ends the script.
# program: tls
# allow-errors: yes
monitor set libthread-db-search-path /nonexistent
break tls_check
continue
print tls_value

# Thread-local storage (qGetTLSAddr): stopped in the second thread, `print tls_value` shows
# that thread's copy (22, name "worker"); with thread 1 selected the same expression shows
# main's copy (11, "main"); stopped later in main, main's copy again.
# program: tls
break tls_check
continue
print tls_value
print tls_name
thread 1
print tls_value
print tls_name
continue
print tls_value
print tls_name
continue

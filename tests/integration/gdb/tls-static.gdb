# Thread-local storage in a static program: gdb has no link_map to name the module, so
# qGetTLSAddr carries lm 0 and the server finds the executable's TLS block itself (from its
# PT_TLS segment and the thread pointer). The worker's copy (22), main's (11) with thread 1
# selected, and main's again when main stops (gdb.threads/staticthreads.exp).
# program: statictls
break tls_check
continue
print tls_value
thread 1
print tls_value
continue
print tls_value
continue

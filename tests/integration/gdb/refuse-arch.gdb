# An ELF for another machine (aarch64 e_machine on an x86-64 host) is refused with a message
# naming the file and the machine, before the server listens.
# mode: refuse
# fixture: wrong-arch
# program: @TMP@/wrong-arch

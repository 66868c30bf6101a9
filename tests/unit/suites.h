/* Every Check suite of the unit tests, one line each: SUITE(name) declares and registers
 * `Suite *name_suite(void)`, defined in check_<name>.c. Keep one line per suite. */
SUITE(frame)
SUITE(arch)
SUITE(dregs)
SUITE(opts)
SUITE(dispatch)
SUITE(session)

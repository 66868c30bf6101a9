/* Unit-test runner: every suite from suites.h, each test in its own process (CK_FORK) with a
 * timeout, so a crash or hang fails one test, not the run. CK_RUN_SUITE / CK_RUN_CASE select. */
#include <stdlib.h>

#include "tests/unit/suites_decl.h"

int main(void)
{
    SRunner *sr = srunner_create(NULL);
#define SUITE(name) srunner_add_suite(sr, name##_suite());
#include "tests/unit/suites.h"
#undef SUITE
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

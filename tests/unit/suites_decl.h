/* Declarations of the suite constructors listed in suites.h. */
#ifndef RSPD_TESTS_UNIT_SUITES_DECL_H
#define RSPD_TESTS_UNIT_SUITES_DECL_H
#include <check.h>
#define SUITE(name) Suite *name##_suite(void);
#include "tests/unit/suites.h"
#undef SUITE
#endif

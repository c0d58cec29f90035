/* test_include.c - placeholder until the module's suite is written. */
#include "testutil.h"

void
register_include_tests(void)
{
}

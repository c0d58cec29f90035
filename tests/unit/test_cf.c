/* test_cf.c - placeholder until the module's suite is written. */
#include "testutil.h"

void
register_cf_tests(void)
{
}

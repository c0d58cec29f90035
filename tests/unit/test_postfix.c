/* test_postfix.c - placeholder until the suite is written. */
#include "testutil.h"

void
register_postfix_tests(void)
{
}

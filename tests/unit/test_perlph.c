/* test_perlph.c - placeholder until the module's suite is written. */
#include "testutil.h"

void
register_perlph_tests(void)
{
}

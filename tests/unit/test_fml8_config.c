/* test_fml8_config.c - placeholder until the suite is written. */
#include "testutil.h"

void
register_fml8_config_tests(void)
{
}

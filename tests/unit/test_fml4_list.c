/* test_fml4_list.c - placeholder until the module's suite is written. */
#include "testutil.h"

void
register_fml4_list_tests(void)
{
}

/* test_members.c - placeholder until the module's suite is written. */
#include "testutil.h"

void
register_members_tests(void)
{
}

/* test_main.c - runs every CUnit suite of the library; exit 1 on any failure. */
#include <stdio.h>

#include <CUnit/Basic.h>

#include "testutil.h"

int
main(void)
{
	unsigned int failed;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	register_util_tests();
	register_perlph_tests();
	register_members_tests();
	register_cf_tests();
	register_include_tests();
	register_fml4_list_tests();
	register_safefs_tests();
	register_fml8_config_tests();
	register_postfix_tests();
	register_translate_tests();
	register_apply_tests();
	register_scan_tests();
	if (t_shared_dir() == NULL)
		printf("NOTE: ../shared/fixtures not found: fixture tests will say SKIP\n");
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	if (CU_get_error() != CUE_SUCCESS)
		failed++;
	CU_cleanup_registry();
	return failed ? 1 : 0;
}

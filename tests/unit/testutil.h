/*
 * testutil.h - helpers shared by the CUnit suites.
 *
 * Fixtures from ../shared are read-only and may be absent (a user's fresh
 * clone): t_shared_dir() returns NULL then, and a test that needs them calls
 * T_NEED_SHARED(), which prints that it skipped and returns.
 * Scratch files go into a per-process temporary directory (t_tmpdir()),
 * removed at exit.
 */
#ifndef F48_TESTUTIL_H
#define F48_TESTUTIL_H

#include <stddef.h>

/* ../shared (or $F48_SHARED), or NULL if it is not there. */
const char *t_shared_dir(void);
/* The host path of a fixture list: <shared>/fixtures/fml4/example.com/var/mail/example.com/~ml/<ml>.
 * Returns a static buffer; NULL without shared. */
const char *t_fixture_ml(const char *ml);
/* The --root of the fml4 fixture tree, or NULL without shared. */
const char *t_fixture_root(void);
/* <shared>/fixtures/mergeml/example.com (the root of mergeml's tree), or NULL. */
const char *t_mergeml_root(void);
/* templates/ of the source tree. */
const char *t_templates_dir(void);
/* A scratch directory for this process. */
const char *t_tmpdir(void);
/* Write `len` bytes to <tmpdir>/<name> (creating parent dirs); returns the
 * full path in a static rotating buffer. */
const char *t_write_file(const char *name, const char *data, size_t len);
/* Same with a C string. */
const char *t_write(const char *name, const char *text);

#define T_NEED_SHARED() do { if (t_shared_dir() == NULL) { \
	printf("\n  SKIP %s: ../shared/fixtures not present\n", __func__); return; } } while (0)

/* Registration functions, one per test file. */
void register_util_tests(void);
void register_scan_tests(void);
void register_perlph_tests(void);
void register_members_tests(void);
void register_cf_tests(void);
void register_include_tests(void);
void register_fml4_list_tests(void);
void register_safefs_tests(void);
void register_fml8_config_tests(void);
void register_postfix_tests(void);
void register_translate_tests(void);
void register_apply_tests(void);

#endif

/* test_safefs.c - the one atomic writer by host path: replace, symlink refusal, backups that never
 * overwrite an earlier backup. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "util/safefs.h"
#include "util/fileio.h"

#include "testutil.h"

static char *
slurp(const char *path)
{
	char *buf = NULL;
	size_t len;
	f48_error err;

	if (f48_file_read(path, 1 << 20, &buf, &len, &err) < 0)
		return NULL;
	return buf;
}

static void
test_replace_keeps_mode_and_leaves_no_temp(void)
{
	const char *p = t_write("af/target", "old\n");
	char dir[600], *s;
	struct stat st;
	f48_error err;
	FILE *ls;
	char cmd[700], line[256];
	int n = 0;

	f48_error_clear(&err);
	CU_ASSERT_EQUAL(f48_sfs_write_path(p, "new\n", 4, 0640, (uid_t)-1, (gid_t)-1, &err), F48_OK);
	s = slurp(p);
	CU_ASSERT_STRING_EQUAL(s, "new\n");
	free(s);
	CU_ASSERT_EQUAL(stat(p, &st), 0);
	CU_ASSERT_EQUAL(st.st_mode & 07777, 0640);
	snprintf(dir, sizeof(dir), "%s/af", t_tmpdir());
	snprintf(cmd, sizeof(cmd), "ls -A '%s'", dir);
	ls = popen(cmd, "r");
	while (ls && fgets(line, sizeof(line), ls))
		n++;
	if (ls)
		pclose(ls);
	CU_ASSERT_EQUAL(n, 1);      /* no temporary file left behind */
}

static void
test_refuses_symlink_target(void)
{
	const char *outside = t_write("af2/outside", "precious\n");
	char link[600], *s;
	f48_error err;

	snprintf(link, sizeof(link), "%s/af2/link", t_tmpdir());
	CU_ASSERT_EQUAL_FATAL(symlink(outside, link), 0);
	f48_error_clear(&err);
	CU_ASSERT_EQUAL(f48_sfs_write_path(link, "x", 1, 0644, (uid_t)-1, (gid_t)-1, &err),
	    F48_EUNSAFE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "a symlink"));
	s = slurp(outside);
	CU_ASSERT_STRING_EQUAL(s, "precious\n");
	free(s);
}

static void
test_refuses_symlinked_directory(void)
{
	char realdir[600], linkdir[600], target[700];
	f48_error err;
	struct stat st;

	t_write("af3/real/keep", "");
	snprintf(realdir, sizeof(realdir), "%s/af3/real", t_tmpdir());
	snprintf(linkdir, sizeof(linkdir), "%s/af3/linkdir", t_tmpdir());
	CU_ASSERT_EQUAL_FATAL(symlink(realdir, linkdir), 0);
	snprintf(target, sizeof(target), "%s/file", linkdir);
	f48_error_clear(&err);
	CU_ASSERT_EQUAL(f48_sfs_write_path(target, "x", 1, 0644, (uid_t)-1, (gid_t)-1, &err),
	    F48_EUNSAFE);
	snprintf(target, sizeof(target), "%s/file", realdir);
	CU_ASSERT_NOT_EQUAL(stat(target, &st), 0);
}

static void
test_backups_never_overwrite(void)
{
	const char *p = t_write("af4/virtual", "one\n");
	char *b1 = NULL, *b2 = NULL, *s;
	f48_error err;

	f48_error_clear(&err);
	CU_ASSERT_EQUAL_FATAL(f48_sfs_backup_copy(p, &b1, &err), F48_OK);
	CU_ASSERT_PTR_NOT_NULL(strstr(b1, "virtual.fml4to8-bak"));
	t_write("af4/virtual", "two\n");
	CU_ASSERT_EQUAL_FATAL(f48_sfs_backup_copy(p, &b2, &err), F48_OK);
	CU_ASSERT_STRING_NOT_EQUAL(b1, b2);
	s = slurp(b1);
	CU_ASSERT_STRING_EQUAL(s, "one\n");
	free(s);
	s = slurp(b2);
	CU_ASSERT_STRING_EQUAL(s, "two\n");
	free(s);
	free(b1);
	free(b2);
}

void
register_safefs_tests(void)
{
	CU_pSuite s = CU_add_suite("safefs", NULL, NULL);

	CU_add_test(s, "replace keeps mode, no temp left", test_replace_keeps_mode_and_leaves_no_temp);
	CU_add_test(s, "refuses a symlink target", test_refuses_symlink_target);
	CU_add_test(s, "refuses a symlinked directory", test_refuses_symlinked_directory);
	CU_add_test(s, "backups never overwrite", test_backups_never_overwrite);
}

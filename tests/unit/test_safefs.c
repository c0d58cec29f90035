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
#include "util/sha256.h"

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

/* FIPS 180-4 examples and a multi-block input. */
static void
test_sha256_vectors(void)
{
	char hex[F48_SHA256_HEX], *m;

	f48_sha256_hex("", 0, hex);
	CU_ASSERT_STRING_EQUAL(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	f48_sha256_hex("abc", 3, hex);
	CU_ASSERT_STRING_EQUAL(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	f48_sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
	CU_ASSERT_STRING_EQUAL(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	m = malloc(1000000);
	memset(m, 'a', 1000000);
	f48_sha256_hex(m, 1000000, hex);
	CU_ASSERT_STRING_EQUAL(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	{
		/* in pieces of every size from 1 to 131 bytes: the same digest */
		f48_sha256 c;
		size_t off = 0, step = 1;

		f48_sha256_init(&c);
		while (off < 1000000) {
			size_t n = off + step > 1000000 ? 1000000 - off : step;

			f48_sha256_update(&c, m + off, n);
			off += n;
			step = step % 131 + 1;
		}
		f48_sha256_final(&c, hex);
		CU_ASSERT_STRING_EQUAL(hex,
		    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	}
	free(m);
}

void
register_safefs_tests(void)
{
	CU_pSuite s = CU_add_suite("safefs", NULL, NULL);

	CU_add_test(s, "replace keeps mode, no temp left", test_replace_keeps_mode_and_leaves_no_temp);
	CU_add_test(s, "refuses a symlink target", test_refuses_symlink_target);
	CU_add_test(s, "refuses a symlinked directory", test_refuses_symlinked_directory);
	CU_add_test(s, "backups never overwrite", test_backups_never_overwrite);
	CU_add_test(s, "sha256 test vectors", test_sha256_vectors);
}

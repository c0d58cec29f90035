/* mlhome.c - see mlhome.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"
#include "util/pathutil.h"
#include "util/safefs.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include "apply/mlhome.h"

int
f48_ml_home_prefix_add(const char *map, const char *domain, const char *prefix, bool *added,
    f48_error *err)
{
	char *dir = f48_path_dirname(map), *base = f48_path_basename(map);
	char *data = NULL;
	size_t len = 0, pos = 0;
	struct stat st;
	bool exists;
	mode_t mode = 0644;
	int root, rc;
	f48_sb sb;

	*added = false;
	rc = f48_sfs_open_root(dir, &root, err);
	if (rc < 0)
		goto out;
	/* two runs adding domains to one map take turns: read-modify-write */
	while ((rc = flock(root, LOCK_EX)) != 0 && errno == EINTR)
		;
	if (rc != 0) {
		rc = f48_error_sys(err, F48_EIO, dir, "cannot lock the directory");
		close(root);
		goto out;
	}
	rc = f48_sfs_lstat(root, dir, base, &st, &exists, err);
	if (rc == F48_OK && exists) {
		rc = f48_sfs_read(root, dir, base, (size_t)1 << 30, &data, &len, &st, err);
		mode = st.st_mode & 07777;
	}
	while (rc == F48_OK && data && pos < len) {
		const char *k = data + pos, *nl = memchr(k, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - k) : len - pos, kl;

		pos += ll + 1;
		while (ll > 0 && (*k == ' ' || *k == '\t'))
			k++, ll--;
		for (kl = 0; kl < ll && k[kl] != ' ' && k[kl] != '\t' && k[kl] != '\r'; kl++)
			;
		if (ll > 0 && *k != '#' && kl == strlen(domain) && strncasecmp(k, domain, kl) == 0)
			rc = 1;
	}
	if (rc == 1)
		rc = F48_OK;
	else if (rc == F48_OK) {
		f48_sb_init(&sb);
		if (data)
			f48_sb_append(&sb, data, len);
		if (len > 0 && data[len - 1] != '\n')
			f48_sb_putc(&sb, '\n');
		f48_sb_printf(&sb, "%s\t%s\n", domain, prefix);
		rc = f48_sfs_write(root, dir, base, sb.data, sb.len, mode,
		    exists ? st.st_uid : (uid_t)-1, exists ? st.st_gid : (gid_t)-1, err);
		f48_sb_free(&sb);
		if (rc == F48_OK)
			*added = true;
	}
	close(root);
out:
	free(data);
	free(dir);
	free(base);
	return rc;
}


/* treecopy.c - see treecopy.h. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"
#include "util/findings.h"
#include "util/pathutil.h"
#include "util/safefs.h"
#include "util/xalloc.h"

#include "apply/treecopy.h"

typedef struct copy_ctx {
	int src, dst;                 /* dir fds of the source and the copy */
	const char *srcp, *dstp;      /* their paths, for messages */
} copy_ctx;

/* One path of the source tree: a directory is made with the same owner and
 * mode, a regular file copied with them; anything else stops the copy. */
static int
copy_visit(void *vc, int dfd, const char *name, const char *rel, const struct stat *st,
    f48_error *err)
{
	copy_ctx *c = vc;
	char *data = NULL, *s;
	const char *leaf;
	struct stat now;
	size_t len;
	int pfd, rc;

	(void)dfd;
	(void)name;
	if (strcmp(rel, ".") == 0)
		return F48_OK;
	if (S_ISREG(st->st_mode)) {
		rc = f48_sfs_read(c->src, c->srcp, rel, (size_t)1 << 30, &data, &len, NULL, err);
		if (rc == F48_OK)
			rc = f48_sfs_write(c->dst, c->dstp, rel, data, len, st->st_mode & 07777,
			    st->st_uid, st->st_gid, err);
		free(data);
		return rc;
	}
	if (!S_ISDIR(st->st_mode)) {
		s = f48_path_join(c->srcp, rel);
		rc = f48_error_set(err, F48_EUNSAFE, s, 0, "not a regular file or directory; "
		    "not copied");
		free(s);
		return rc;
	}
	rc = f48_sfs_mkdir(c->dst, c->dstp, rel, st->st_mode & 07777, err);
	if (rc == F48_OK)
		rc = f48_sfs_open_parent(c->dst, c->dstp, rel, &pfd, &leaf, err);
	if (rc < 0)
		return rc;
	s = f48_path_join(c->dstp, rel);
	if (fstatat(pfd, leaf, &now, AT_SYMLINK_NOFOLLOW) != 0)
		rc = f48_error_sys(err, F48_EIO, s, "stat");
	else
		rc = f48_sfs_chown_at(pfd, leaf, s, &now, st->st_uid, st->st_gid,
		    st->st_mode & 07777, err);
	free(s);
	close(pfd);
	return rc;
}

int
f48_tree_copy(const char *from, const char *to, f48_error *err)
{
	char *parent = f48_path_dirname(to), *base = f48_path_basename(to), *stage;
	f48_findings fs;
	copy_ctx cc;
	struct stat st, sst;
	bool exists;
	int src = -1, pfd = -1, rc, n = 0;

	f48_findings_init(&fs);
	stage = f48_xasprintf("%s.fml4to8-copy", base);
	rc = f48_sfs_open_root(from, &src, err);
	if (rc == F48_OK && (n = f48_sfs_check_tree(src, from, &fs, err)) > 0)
		rc = f48_error_set(err, F48_EUNSAFE, from, 0, "%d symlink(s), hard link(s) or "
		    "special file(s) in the list tree; not copied", n);
	else if (n < 0)
		rc = n;
	if (rc == F48_OK)
		rc = f48_sfs_open_root(parent, &pfd, err);
	if (rc == F48_OK)
		rc = f48_sfs_lstat(pfd, parent, base, &st, &exists, err);
	if (rc == F48_OK && exists)
		rc = f48_error_set(err, F48_EUSAGE, to, 0, "exists already");
	if (rc == F48_OK)
		rc = f48_sfs_lstat(pfd, parent, stage, &st, &exists, err);
	if (rc == F48_OK && exists)
		rc = f48_error_set(err, F48_EUSAGE, to, 0, "%s/%s exists: an interrupted copy; "
		    "remove it and run again", parent, stage);
	if (rc == F48_OK)
		rc = f48_sfs_mkdir(pfd, parent, stage, 0700, err);
	if (rc == F48_OK) {
		char *dp = f48_path_join(parent, stage);

		cc.src = src;
		cc.srcp = from;
		cc.dstp = dp;
		rc = f48_sfs_open_root(dp, &cc.dst, err);
		if (rc == F48_OK) {
			rc = f48_sfs_walk(src, from, copy_visit, &cc, err);
			if (rc == F48_OK && fstat(src, &sst) == 0 && fstat(cc.dst, &st) == 0)
				rc = f48_sfs_chown_at(cc.dst, ".", dp, &st, sst.st_uid, sst.st_gid,
				    sst.st_mode & 07777, err);
			close(cc.dst);
		}
		free(dp);
	}
	if (rc == F48_OK)
		rc = f48_sfs_rename(pfd, parent, stage, base, err);
	if (src >= 0)
		close(src);
	if (pfd >= 0)
		close(pfd);
	f48_findings_free(&fs);
	free(stage);
	free(parent);
	free(base);
	return rc;
}

/* atomicfile.c - see atomicfile.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/atomicfile.h"
#include "util/fileio.h"
#include "util/pathutil.h"
#include "util/xalloc.h"

static int
write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t w = write(fd, p, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int
f48_atomic_write(const char *path, const void *data, size_t len, mode_t mode,
    uid_t uid, gid_t gid, f48_error *err)
{
	char *dir = f48_path_dirname(path), *base = f48_path_basename(path);
	char *tmpname = NULL;
	struct stat st;
	int dfd = -1, fd = -1, rc = F48_OK;

	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0) {
		/* O_NOFOLLOW|O_DIRECTORY on a symlink gives ELOOP or ENOTDIR. */
		if (errno == ELOOP || (errno == ENOTDIR && lstat(dir, &st) == 0 && S_ISLNK(st.st_mode)))
			rc = f48_error_set(err, F48_EUNSAFE, dir, 0,
			    "is a symbolic link; refusing to write through it");
		else
			rc = f48_error_sys(err, F48_EIO, dir, "cannot open the directory");
		goto out;
	}
	if (fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode)) {
		rc = f48_error_set(err, F48_EUNSAFE, path, 0, "%s; refusing to replace it",
		    S_ISLNK(st.st_mode) ? "is a symbolic link" : "is not a regular file");
		goto out;
	}
	/* mkstemp needs a full path; the rename below is relative to dfd. */
	tmpname = f48_xasprintf("%s/.%s.f48tmpXXXXXX", dir, base);
	fd = mkstemp(tmpname);
	if (fd < 0) {
		rc = f48_error_sys(err, F48_EIO, path, "cannot create a temporary file");
		goto out;
	}
	if (write_all(fd, data, len) < 0 || fchmod(fd, mode) < 0 ||
	    ((uid != (uid_t)-1 || gid != (gid_t)-1) && fchown(fd, uid, gid) < 0) ||
	    fsync(fd) < 0) {
		rc = f48_error_sys(err, F48_EIO, path, "cannot write");
		goto out;
	}
	if (close(fd) < 0) {
		fd = -1;
		rc = f48_error_sys(err, F48_EIO, path, "cannot write");
		goto out;
	}
	fd = -1;
	if (renameat(dfd, strrchr(tmpname, '/') + 1, dfd, base) < 0) {
		rc = f48_error_sys(err, F48_EIO, path, "cannot rename the new file into place");
		goto out;
	}
	free(tmpname);
	tmpname = NULL;
	if (fsync(dfd) < 0)
		rc = f48_error_sys(err, F48_EIO, dir, "cannot sync the directory");
out:
	if (fd >= 0)
		close(fd);
	if (tmpname) {
		unlink(tmpname);
		free(tmpname);
	}
	if (dfd >= 0)
		close(dfd);
	free(dir);
	free(base);
	return rc;
}

int
f48_backup_copy(const char *path, char **backup_path, f48_error *err)
{
	char *buf = NULL, *name = NULL;
	size_t len;
	struct stat st;
	int rc, i;

	if (lstat(path, &st) != 0)
		return f48_error_sys(err, F48_EINPUT, path, "cannot back up");
	if ((rc = f48_file_read(path, (size_t)1 << 30, &buf, &len, err)) < 0)
		return rc;
	for (i = 0; i < 1000; i++) {
		char kind;

		free(name);
		name = i == 0 ? f48_xasprintf("%s.fml4to8-bak", path) :
		    f48_xasprintf("%s.fml4to8-bak.%d", path, i);
		if (f48_file_lstat_kind(name, &kind) != 0 && errno == ENOENT)
			break;
	}
	if (i == 1000) {
		rc = f48_error_set(err, F48_EIO, path, 0, "too many backups already");
	} else
		rc = f48_atomic_write(name, buf, len, st.st_mode & 07777, st.st_uid, st.st_gid, err);
	free(buf);
	if (rc == F48_OK && backup_path)
		*backup_path = name;
	else
		free(name);
	return rc;
}

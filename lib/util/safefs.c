/* safefs.c - see safefs.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"
#include "util/findings.h"
#include "util/pathutil.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include "codes.h"
#include "util/safefs.h"
#include "util/sha256.h"

#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

static char *
shown(const char *rp, const char *rel)
{
	if (rel == NULL || strcmp(rel, ".") == 0)
		return f48_xstrdup(rp);
	return f48_xasprintf("%s/%s", rp, rel);
}

int
f48_sfs_open_root(const char *dir, int *fd, f48_error *err)
{
	*fd = open(dir, DIR_FLAGS);
	if (*fd < 0) {
		if (errno == ELOOP || errno == ENOTDIR) {
			struct stat st;

			if (lstat(dir, &st) == 0 && S_ISLNK(st.st_mode))
				return f48_error_set(err, F48_EUNSAFE, dir, 0,
				    "is a symlink; refused");
		}
		return f48_error_sys(err, F48_EINPUT, dir, "cannot open the directory");
	}
	return F48_OK;
}

static bool
rel_ok(const char *rel)
{
	const char *p = rel;

	if (rel == NULL || *rel == '\0' || *rel == '/')
		return false;
	while (*p) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		if (e == NULL)
			break;
		p = e + 1;
		if (*p == '\0')
			return false;
	}
	return true;
}

static int
open_parent(int root, const char *rp, const char *rel, int *dfd, const char **leaf,
    bool *enoent, f48_error *err)
{
	const char *p = rel, *slash;
	int fd;

	*dfd = -1;
	if (!rel_ok(rel))
		return f48_error_set(err, F48_EUSAGE, rp, 0, "path \"%s\" is not a plain "
		    "relative path inside the list", rel ? rel : "");
	fd = dup(root);
	if (fd < 0)
		return f48_error_sys(err, F48_EIO, rp, "dup");
	while ((slash = strchr(p, '/')) != NULL) {
		char *comp = f48_xstrndup(p, (size_t)(slash - p));
		int nfd = openat(fd, comp, DIR_FLAGS);

		free(comp);
		if (nfd < 0) {
			char *where;

			if (errno == ENOENT && enoent)
				*enoent = true;
			where = f48_xstrndup(rel, (size_t)(slash - rel));
			char *s = shown(rp, where);
			int st = (errno == ELOOP || errno == ENOTDIR) ? F48_EUNSAFE : F48_EIO;

			if (st == F48_EUNSAFE)
				f48_error_set(err, st, s, 0, "not a directory or a symlink; refused");
			else
				f48_error_sys(err, st, s, "cannot open the directory");
			free(where);
			free(s);
			close(fd);
			return st;
		}
		close(fd);
		fd = nfd;
		p = slash + 1;
	}
	*dfd = fd;
	*leaf = p;
	return F48_OK;
}

int
f48_sfs_open_parent(int root, const char *rp, const char *rel, int *dfd, const char **leaf,
    f48_error *err)
{
	return open_parent(root, rp, rel, dfd, leaf, NULL, err);
}

int
f48_sfs_lstat(int root, const char *rp, const char *rel, struct stat *st, bool *exists,
    f48_error *err)
{
	const char *leaf;
	bool enoent = false;
	int dfd, rc;

	*exists = false;
	rc = open_parent(root, rp, rel, &dfd, &leaf, &enoent, err);
	if (rc < 0 && enoent) {
		if (err)
			f48_error_clear(err);
		return F48_OK;   /* a directory on the way is absent: so is rel */
	}
	if (rc < 0)
		return rc;
	if (fstatat(dfd, leaf, st, AT_SYMLINK_NOFOLLOW) == 0)
		*exists = true;
	else if (errno != ENOENT) {
		char *s = shown(rp, rel);

		rc = f48_error_sys(err, F48_EIO, s, "stat");
		free(s);
	}
	close(dfd);
	return rc;
}

int
f48_sfs_open_read(int root, const char *rp, const char *rel, int *fdp, struct stat *stp,
    f48_error *err)
{
	const char *leaf;
	int dfd, fd, rc;
	struct stat st;
	char *s;

	*fdp = -1;
	rc = f48_sfs_open_parent(root, rp, rel, &dfd, &leaf, err);
	if (rc < 0)
		return rc;
	s = shown(rp, rel);
	fd = openat(dfd, leaf, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	close(dfd);
	if (fd < 0)
		rc = errno == ELOOP ? f48_error_set(err, F48_EUNSAFE, s, 0, "a symlink; refused")
		    : f48_error_sys(err, F48_EINPUT, s, "cannot open");
	else if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		rc = f48_error_set(err, F48_EINPUT, s, 0, "not a regular file");
		close(fd);
	} else {
		*fdp = fd;
		if (stp)
			*stp = st;
	}
	free(s);
	return rc;
}

int
f48_sfs_read(int root, const char *rp, const char *rel, size_t max, char **data, size_t *len,
    struct stat *stp, f48_error *err)
{
	int fd, rc;
	struct stat st;
	f48_sb sb;
	char buf[65536], *s;
	ssize_t r;

	*data = NULL;
	*len = 0;
	rc = f48_sfs_open_read(root, rp, rel, &fd, &st, err);
	if (rc < 0)
		return rc;
	s = shown(rp, rel);
	f48_sb_init(&sb);
	while ((r = f48_sfs_read_fd(fd, buf, sizeof(buf), s, err)) != 0) {
		if (r < 0) {
			rc = (int)r;
			f48_sb_free(&sb);
			goto out;
		}
		f48_sb_append(&sb, buf, (size_t)r);
		if (sb.len > max) {
			rc = f48_error_set(err, F48_EINPUT, s, 0, "larger than %zu bytes", max);
			f48_sb_free(&sb);
			goto out;
		}
	}
	*len = sb.len;
	*data = sb.data ? f48_sb_steal(&sb) : f48_xstrdup("");
	if (stp)
		*stp = st;
out:
	close(fd);
	free(s);
	return rc;
}

int
f48_sfs_sha256(int root, const char *rp, const char *rel, size_t max, char hex[F48_SHA256_HEX],
    size_t *len, f48_error *err)
{
	char buf[1 << 14], *s;
	f48_sha256 c;
	size_t got = 0;
	ssize_t r;
	int fd, rc;

	rc = f48_sfs_open_read(root, rp, rel, &fd, NULL, err);
	if (rc < 0)
		return rc;
	s = shown(rp, rel);
	f48_sha256_init(&c);
	while ((r = f48_sfs_read_fd(fd, buf, sizeof(buf), s, err)) > 0) {
		f48_sha256_update(&c, buf, (size_t)r);
		if ((got += (size_t)r) > max) {
			r = f48_error_set(err, F48_EINPUT, s, 0, "larger than %zu bytes", max);
			break;
		}
	}
	close(fd);
	free(s);
	if (r < 0)
		return (int)r;
	f48_sha256_final(&c, hex);
	if (len)
		*len = got;
	return F48_OK;
}

ssize_t
f48_sfs_read_fd(int fd, void *buf, size_t cap, const char *shown_path, f48_error *err)
{
	ssize_t r;

	while ((r = read(fd, buf, cap)) < 0 && errno == EINTR)
		;
	if (r < 0)
		return f48_error_sys(err, F48_EIO, shown_path, "read");
	return r;
}

static int
fsync_dir(int dfd, const char *s, f48_error *err)
{
	if (fsync(dfd) != 0 && errno != EINVAL)
		return f48_error_sys(err, F48_EIO, s, "fsync of the directory");
	return F48_OK;
}

/* The bytes of f48_sfs_write, as a source. */
typedef struct mem_source {
	const char *p;
	size_t left;
} mem_source;

static ssize_t
mem_read(void *ctx, char *buf, size_t cap, f48_error *err)
{
	mem_source *m = ctx;
	size_t n = m->left < cap ? m->left : cap;

	(void)err;
	memcpy(buf, m->p, n);
	m->p += n;
	m->left -= n;
	return (ssize_t)n;
}

int
f48_sfs_write_fd(int fd, const void *data, size_t len, const char *shown_path, f48_error *err)
{
	const char *p = data;
	size_t off = 0;

	while (off < len) {
		ssize_t w = write(fd, p + off, len - off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return f48_error_sys(err, F48_EIO, shown_path, "write");
		}
		off += (size_t)w;
	}
	return F48_OK;
}

int
f48_sfs_write(int root, const char *rp, const char *rel, const void *data, size_t len,
    mode_t mode, uid_t uid, gid_t gid, f48_error *err)
{
	mem_source m = { data, len };
	f48_sfs_source src = { mem_read, NULL, &m };

	return f48_sfs_write_from(root, rp, rel, &src, mode, uid, gid, err);
}

int
f48_sfs_write_from(int root, const char *rp, const char *rel, const f48_sfs_source *src,
    mode_t mode, uid_t uid, gid_t gid, f48_error *err)
{
	enum { BUFSZ = 1 << 16 };
	const char *leaf;
	char *tmp, *s, *buf = NULL;
	int dfd, fd, rc;
	struct stat st;
	ssize_t r;

	rc = f48_sfs_open_parent(root, rp, rel, &dfd, &leaf, err);
	if (rc < 0)
		return rc;
	s = shown(rp, rel);
	if (fstatat(dfd, leaf, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode)) {
		rc = f48_error_set(err, S_ISREG(st.st_mode) ? F48_EIO : F48_EUNSAFE, s, 0,
		    "exists and is %s, not a regular file; refused",
		    f48_sfs_kind_name(st.st_mode));
		close(dfd);
		free(s);
		return rc;
	}
	tmp = f48_xasprintf(".%s.fml4to8-tmp", leaf);
	/* a temporary left by a killed run (or planted) is removed, never
	 * opened: the new one is created exclusively */
	if (unlinkat(dfd, tmp, 0) != 0 && errno != ENOENT) {
		rc = f48_error_sys(err, F48_EIO, s, "cannot remove the old temporary file %s", tmp);
		goto out;
	}
	fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		rc = f48_error_sys(err, errno == ELOOP ? F48_EUNSAFE : F48_EIO, s,
		    "cannot create the temporary file %s", tmp);
		goto out;
	}
	buf = f48_xmalloc(BUFSZ);
	while ((r = src->read(src->ctx, buf, BUFSZ, err)) > 0)
		if ((rc = f48_sfs_write_fd(fd, buf, (size_t)r, s, err)) < 0)
			break;
	if (r < 0)
		rc = (int)r;
	if (rc == F48_OK && uid != (uid_t)-1 && fchown(fd, uid, gid) != 0)
		rc = f48_error_sys(err, F48_EIO, s, "fchown");
	if (rc == F48_OK && fchmod(fd, mode & 07777) != 0)
		rc = f48_error_sys(err, F48_EIO, s, "fchmod");
	if (rc == F48_OK && fsync(fd) != 0)
		rc = f48_error_sys(err, F48_EIO, s, "fsync");
	if (close(fd) != 0 && rc == F48_OK)
		rc = f48_error_sys(err, F48_EIO, s, "close");
	if (rc == F48_OK && src->before_rename)
		rc = src->before_rename(src->ctx, err);
	if (rc == F48_OK && renameat(dfd, tmp, dfd, leaf) != 0)
		rc = f48_error_sys(err, F48_EIO, s, "rename");
	if (rc == F48_OK)
		rc = fsync_dir(dfd, s, err);
	if (rc != F48_OK)
		(void)unlinkat(dfd, tmp, 0);
out:
	free(buf);
	free(tmp);
	free(s);
	close(dfd);
	return rc;
}

int
f48_sfs_mkdir(int root, const char *rp, const char *rel, mode_t mode, f48_error *err)
{
	const char *leaf;
	int dfd, fd, rc;
	char *s;

	rc = f48_sfs_open_parent(root, rp, rel, &dfd, &leaf, err);
	if (rc < 0)
		return rc;
	s = shown(rp, rel);
	if (mkdirat(dfd, leaf, 0700) != 0 && errno != EEXIST)
		rc = f48_error_sys(err, F48_EIO, s, "mkdir");
	else if ((fd = openat(dfd, leaf, DIR_FLAGS)) < 0)
		rc = f48_error_set(err, F48_EUNSAFE, s, 0,
		    "exists and is not a directory (or is a symlink); refused");
	else {
		if (fchmod(fd, mode & 07777) != 0)
			rc = f48_error_sys(err, F48_EIO, s, "chmod");
		close(fd);
		if (rc == F48_OK)
			rc = fsync_dir(dfd, s, err);
	}
	free(s);
	close(dfd);
	return rc;
}

int
f48_sfs_rename(int root, const char *rp, const char *from, const char *to, f48_error *err)
{
	const char *l1, *l2;
	int d1, d2, rc;
	char *s;

	rc = f48_sfs_open_parent(root, rp, from, &d1, &l1, err);
	if (rc < 0)
		return rc;
	rc = f48_sfs_open_parent(root, rp, to, &d2, &l2, err);
	if (rc < 0) {
		close(d1);
		return rc;
	}
	s = shown(rp, from);
	if (renameat(d1, l1, d2, l2) != 0)
		rc = f48_error_sys(err, F48_EIO, s, "cannot move to %s", to);
	if (rc == F48_OK)
		rc = fsync_dir(d2, s, err);
	if (rc == F48_OK)
		rc = fsync_dir(d1, s, err);
	free(s);
	close(d1);
	close(d2);
	return rc;
}

int
f48_sfs_remove(int root, const char *rp, const char *rel, bool dir, f48_error *err)
{
	const char *leaf;
	int dfd, rc;

	rc = f48_sfs_open_parent(root, rp, rel, &dfd, &leaf, err);
	if (rc < 0)
		return rc;
	if (unlinkat(dfd, leaf, dir ? AT_REMOVEDIR : 0) != 0 && errno != ENOENT) {
		char *s = shown(rp, rel);

		rc = f48_error_sys(err, F48_EIO, s, "cannot remove");
		free(s);
	} else
		rc = fsync_dir(dfd, rp, err);
	close(dfd);
	return rc;
}

const char *
f48_sfs_kind_name(mode_t m)
{
	if (S_ISREG(m))
		return "a regular file";
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISLNK(m))
		return "a symlink";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	return "a special file";
}

int
f48_sfs_chown_at(int dfd, const char *name, const char *sh, const struct stat *st, uid_t uid,
    gid_t gid, mode_t mode, f48_error *err)
{
	struct stat now;
	int fd, rc = F48_OK;

	/* only regular files and directories, and only through an fd: a FIFO,
	 * socket or device is never changed (and never opened), and a name
	 * swapped between the lstat and here is caught by the fstat below */
	if (!S_ISREG(st->st_mode) && !S_ISDIR(st->st_mode))
		return f48_error_set(err, F48_EUNSAFE, sh, 0, "%s; its owner and mode are "
		    "never changed", f48_sfs_kind_name(st->st_mode));
	fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC |
	    (S_ISDIR(st->st_mode) ? O_DIRECTORY : 0));
	if (fd < 0)
		return f48_error_sys(err, errno == ELOOP || errno == ENOTDIR ? F48_EUNSAFE : F48_EIO,
		    sh, "open");
	if (fstat(fd, &now) != 0)
		rc = f48_error_sys(err, F48_EIO, sh, "fstat");
	else if ((now.st_mode & S_IFMT) != (st->st_mode & S_IFMT) ||
	    now.st_ino != st->st_ino || now.st_dev != st->st_dev)
		rc = f48_error_set(err, F48_EUNSAFE, sh, 0, "changed while it was looked at "
		    "(now %s); refused", f48_sfs_kind_name(now.st_mode));
	else if (S_ISREG(now.st_mode) && now.st_nlink > 1)
		rc = f48_error_set(err, F48_EUNSAFE, sh, 0, "has %lu hard links; its owner "
		    "is not changed", (unsigned long)now.st_nlink);
	else if ((now.st_uid != uid || now.st_gid != gid) && fchown(fd, uid, gid) != 0)
		rc = f48_error_sys(err, F48_EIO, sh, "chown");
	/* chown clears set-id bits: the mode goes after it */
	else if (mode != (mode_t)-1 && fchmod(fd, mode & 07777) != 0)
		rc = f48_error_sys(err, F48_EIO, sh, "chmod");
	close(fd);
	return rc;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
walk_dir(int dfd, const char *rp, const char *rel, int depth, f48_sfs_visit fn, void *ctx,
    f48_error *err)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, i;
	int fd, rc = F48_OK;

	if (depth > 256)
		return f48_error_set(err, F48_EUNSAFE, rp, 0, "%s: too deep", rel);
	fd = dup(dfd);
	if (fd < 0 || (d = fdopendir(fd)) == NULL) {
		char *s = shown(rp, rel);

		rc = f48_error_sys(err, F48_EIO, s, "cannot read the directory");
		if (fd >= 0)
			close(fd);
		free(s);
		return rc;
	}
	rewinddir(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		names = f48_xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = f48_xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n && rc == F48_OK; i++) {
		struct stat st;
		char *r = strcmp(rel, ".") == 0 ? f48_xstrdup(names[i]) :
		    f48_xasprintf("%s/%s", rel, names[i]);

		if (fstatat(dfd, names[i], &st, AT_SYMLINK_NOFOLLOW) != 0) {
			if (errno != ENOENT) {
				char *s = shown(rp, r);

				rc = f48_error_sys(err, F48_EIO, s, "stat");
				free(s);
			}
			free(r);
			continue;
		}
		rc = fn(ctx, dfd, names[i], r, &st, err);
		if (rc == F48_OK && S_ISDIR(st.st_mode)) {
			int sub = openat(dfd, names[i], DIR_FLAGS);

			if (sub < 0) {
				char *s = shown(rp, r);

				rc = f48_error_sys(err, errno == ELOOP ? F48_EUNSAFE : F48_EIO, s,
				    "cannot open the directory");
				free(s);
			} else {
				rc = walk_dir(sub, rp, r, depth + 1, fn, ctx, err);
				close(sub);
			}
		}
		free(r);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int
f48_sfs_walk(int root, const char *rp, f48_sfs_visit fn, void *ctx, f48_error *err)
{
	struct stat st;
	int rc;

	if (fstat(root, &st) != 0)
		return f48_error_sys(err, F48_EIO, rp, "stat");
	rc = fn(ctx, root, ".", ".", &st, err);
	if (rc == F48_OK)
		rc = walk_dir(root, rp, ".", 0, fn, ctx, err);
	return rc;
}

typedef struct check_ctx {
	f48_findings *fs;
	const char *rp;
	int n;
} check_ctx;

static int
check_visit(void *vc, int dfd, const char *name, const char *rel, const struct stat *st,
    f48_error *err)
{
	check_ctx *c = vc;
	char *s;

	(void)dfd;
	(void)name;
	(void)err;
	if (S_ISDIR(st->st_mode) || (S_ISREG(st->st_mode) && st->st_nlink == 1))
		return F48_OK;
	s = shown(c->rp, rel);
	if (!S_ISLNK(st->st_mode) && !S_ISREG(st->st_mode))
		f48_findings_add(c->fs, F48_SEV_ERROR, F48_C_TREE_SPECIAL, s, 0,
		    "remove it from the list directory (fml4 and fml8 need none) and run again",
		    "%s inside the list directory: never opened, chowned or chmodded; nothing "
		    "was changed", f48_sfs_kind_name(st->st_mode));
	else if (S_ISLNK(st->st_mode))
		f48_findings_add(c->fs, F48_SEV_ERROR, F48_C_TREE_SYMLINK, s, 0,
		    "remove the symlink (or replace it by the file itself) and run again",
		    "a symlink inside the list directory; nothing was changed, symlinks are "
		    "never followed");
	else
		f48_findings_add(c->fs, F48_SEV_ERROR, F48_C_TREE_HARDLINK, s, 0,
		    "replace the hard link by a copy and run again",
		    "a file with %lu hard links: changing it would change a file elsewhere; "
		    "nothing was changed", (unsigned long)st->st_nlink);
	free(s);
	c->n++;
	return F48_OK;
}

int
f48_sfs_check_tree(int root, const char *rp, f48_findings *fs, f48_error *err)
{
	check_ctx c = { fs, rp, 0 };
	int rc = f48_sfs_walk(root, rp, check_visit, &c, err);

	return rc < 0 ? rc : c.n;
}

void
f48_sfs_escape(f48_sb *sb, const char *s)
{
	const unsigned char *p;

	if (s == NULL) {
		f48_sb_putc(sb, '-');
		return;
	}
	if (*s == '\0') {
		f48_sb_puts(sb, "%00");
		return;
	}
	if (strcmp(s, "-") == 0) {
		f48_sb_puts(sb, "%2D");
		return;
	}
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p <= ' ' || *p == '%' || *p >= 0x7f)
			f48_sb_printf(sb, "%%%02X", (unsigned)*p);
		else
			f48_sb_putc(sb, (char)*p);
	}
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

char *
f48_sfs_unescape(const char *s)
{
	f48_sb sb;
	const char *p;

	if (strcmp(s, "-") == 0)
		return NULL;
	f48_sb_init(&sb);
	for (p = s; *p; p++) {
		if (*p == '%') {
			int h = hexval(p[1]), l = h < 0 ? -1 : hexval(p[2]);

			if (h < 0 || l < 0 || (h == 0 && l == 0)) {
				if (h == 0 && l == 0 && p[3] == '\0' && p == s) {
					f48_sb_free(&sb);
					return f48_xstrdup("");
				}
				f48_sb_free(&sb);
				return NULL;
			}
			f48_sb_putc(&sb, (char)(h * 16 + l));
			p += 2;
		} else
			f48_sb_putc(&sb, *p);
	}
	return sb.data ? f48_sb_steal(&sb) : f48_xstrdup("");
}

/* --- by host path: the same writer, for files outside a list tree ------- */

static int
open_dir_of(const char *path, int *dfd, char **base, f48_error *err)
{
	char *dir = f48_path_dirname(path);
	int rc = f48_sfs_open_root(dir, dfd, err);

	free(dir);
	*base = rc == F48_OK ? f48_path_basename(path) : NULL;
	if (rc == F48_OK && (**base == '\0' || strcmp(*base, ".") == 0 ||
	    strcmp(*base, "..") == 0 || strcmp(*base, "/") == 0)) {
		rc = f48_error_set(err, F48_EUSAGE, path, 0, "not a file name");
		close(*dfd);
		free(*base);
		*base = NULL;
	}
	return rc;
}

int
f48_sfs_write_path(const char *path, const void *data, size_t len, mode_t mode, uid_t uid,
    gid_t gid, f48_error *err)
{
	char *base, *dir;
	int dfd, rc;

	rc = open_dir_of(path, &dfd, &base, err);
	if (rc < 0)
		return rc;
	dir = f48_path_dirname(path);
	/* writers of the same directory (two runs updating one map) take
	 * turns, so that neither removes the other's temporary file */
	while ((rc = flock(dfd, LOCK_EX)) != 0 && errno == EINTR)
		;
	if (rc != 0)
		rc = f48_error_sys(err, F48_EIO, dir, "cannot lock the directory");
	else
		rc = f48_sfs_write(dfd, dir, base, data, len, mode, uid, gid, err);
	close(dfd);   /* releases the lock */
	free(dir);
	free(base);
	return rc;
}

int
f48_sfs_backup_copy(const char *path, char **backup_path, f48_error *err)
{
	char *buf = NULL, *name = NULL, *base, *dir;
	size_t len;
	struct stat st;
	bool exists = true;
	int dfd, rc, i;

	if (backup_path)
		*backup_path = NULL;
	rc = open_dir_of(path, &dfd, &base, err);
	if (rc < 0)
		return rc;
	dir = f48_path_dirname(path);
	rc = f48_sfs_read(dfd, dir, base, (size_t)1 << 30, &buf, &len, &st, err);
	for (i = 0; rc == F48_OK && i < 1000; i++) {
		struct stat bst;

		free(name);
		name = i == 0 ? f48_xasprintf("%s.fml4to8-bak", base) :
		    f48_xasprintf("%s.fml4to8-bak.%d", base, i);
		rc = f48_sfs_lstat(dfd, dir, name, &bst, &exists, err);
		if (rc < 0 || !exists)
			break;
	}
	if (rc == F48_OK && exists)
		rc = f48_error_set(err, F48_EIO, path, 0, "too many backups already");
	else if (rc == F48_OK)
		rc = f48_sfs_write(dfd, dir, name, buf, len, st.st_mode & 07777, st.st_uid,
		    st.st_gid, err);
	if (rc == F48_OK && backup_path)
		*backup_path = f48_path_join(dir, name);
	close(dfd);
	free(buf);
	free(name);
	free(base);
	free(dir);
	return rc;
}

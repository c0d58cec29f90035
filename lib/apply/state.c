/* state.c - see state.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/error.h"
#include "util/pathutil.h"
#include "util/safefs.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include "apply/state.h"

#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

struct f48_state {
	char *list_dir;
	char *entry;        /* host path of the entry, NULL when absent */
	int efd;            /* the entry's directory, -1 when absent */
	int lock_fd;        /* -1 without the lock */
	int jfd;            /* the journal open for appending, -1 when not */
};

static void journal_close(f48_state *s);

/* The entry's name: the production path, '/' and unusual bytes escaped. */
static char *
entry_name(const char *key)
{
	f48_sb sb;
	const unsigned char *p;
	char hex[F48_SHA256_HEX];

	f48_sb_init(&sb);
	for (p = (const unsigned char *)key; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '.' || *p == '-' || *p == '_' || *p == '@' || *p == '+')
			f48_sb_putc(&sb, (char)*p);
		else
			f48_sb_printf(&sb, "%%%02X", (unsigned)*p);
	}
	if (sb.len == 0 || sb.len > 200 || strcmp(sb.data, ".") == 0 || strcmp(sb.data, "..") == 0) {
		f48_sha256_hex(key, strlen(key), hex);
		f48_sb_free(&sb);
		return f48_xasprintf("sha256-%s", hex);
	}
	return f48_sb_steal(&sb);
}

/* A directory only the caller's user may change. */
static int
check_private(int fd, const char *path, f48_error *err)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return f48_error_sys(err, F48_EIO, path, "fstat");
	if (!S_ISDIR(st.st_mode))
		return f48_error_set(err, F48_EUNSAFE, path, 0, "not a directory");
	if (st.st_uid != geteuid() || (st.st_mode & 022) != 0)
		return f48_error_set(err, F48_EUNSAFE, path, 0, "the state directory must belong "
		    "to uid %lu and be writable by nobody else (it is uid %lu, mode %04o); "
		    "refused", (unsigned long)geteuid(), (unsigned long)st.st_uid,
		    (unsigned)(st.st_mode & 07777));
	return F48_OK;
}

static int
open_dir(int at, const char *name, const char *shown, bool create, int *fd, f48_error *err)
{
	*fd = openat(at, name, DIR_FLAGS);
	if (*fd < 0 && errno == ENOENT && create) {
		if (mkdirat(at, name, 0700) != 0 && errno != EEXIST)
			return f48_error_sys(err, F48_EIO, shown, "cannot create the state directory");
		*fd = openat(at, name, DIR_FLAGS);
	}
	if (*fd < 0) {
		if (errno == ENOENT && !create)
			return F48_OK;
		return f48_error_sys(err, errno == ELOOP || errno == ENOTDIR ? F48_EUNSAFE : F48_EIO,
		    shown, "cannot open the state directory");
	}
	return check_private(*fd, shown, err);
}

static int
take_lock(f48_state *s, const char *who, f48_error *err)
{
	char *shown = f48_path_join(s->entry, "lock");
	int fd, rc = F48_OK;

	fd = openat(s->efd, "lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		rc = f48_error_sys(err, F48_EIO, shown, "cannot open the lock");
		free(shown);
		return rc;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		char buf[256];
		ssize_t n = 0;
		int tries, e = errno;

		/* the holder writes its pid right after it has the lock: give it
		 * a moment when the file is still empty */
		for (tries = 0; e != EWOULDBLOCK || (n = pread(fd, buf, sizeof(buf) - 1, 0)) <= 0; tries++) {
			struct timespec ts = { 0, 10 * 1000 * 1000 };

			if (e != EWOULDBLOCK || tries >= 20)
				break;
			nanosleep(&ts, NULL);
		}
		if (e != EWOULDBLOCK)
			rc = f48_error_sys(err, F48_EIO, shown, "cannot lock");
		else {
			unsigned long pid = 0;
			char cmd[64] = "?";

			buf[n > 0 ? n : 0] = '\0';
			(void)sscanf(buf, "pid %lu\ncommand %63s", &pid, cmd);
			rc = f48_error_set(err, F48_EBUSY, s->list_dir, 0, "locked by pid %lu "
			    "(fml4to8 %s), which is working on this list; try again when it has "
			    "finished (lock: %s)", pid, cmd, shown);
		}
		close(fd);
		free(shown);
		return rc;
	}
	{
		char *txt = f48_xasprintf("pid %lu\ncommand %s\n", (unsigned long)getpid(),
		    who ? who : "?");

		if (ftruncate(fd, 0) != 0 || pwrite(fd, txt, strlen(txt), 0) < 0)
			rc = f48_error_sys(err, F48_EIO, shown, "cannot write the lock");
		free(txt);
	}
	if (rc < 0)
		close(fd);
	else
		s->lock_fd = fd;
	free(shown);
	return rc;
}

int
f48_state_open(const f48_state_opts *o, f48_state **out, f48_error *err)
{
	const char *sd = o->state_dir ? o->state_dir : F48_STATE_DIR_DEFAULT;
	char *parent, *base, *key, *name;
	f48_state *s;
	int pfd = -1, sfd = -1, rc;

	*out = NULL;
	if (o->list_dir == NULL)
		return f48_error_set(err, F48_EUSAGE, NULL, 0, "state: no list directory");
	s = f48_xcalloc(1, sizeof(*s));
	s->list_dir = f48_xstrdup(o->list_dir);
	s->efd = -1;
	s->lock_fd = -1;
	s->jfd = -1;
	parent = f48_path_dirname(sd);
	base = f48_path_basename(sd);
	key = f48_path_absolute(o->key ? o->key : o->list_dir);
	name = entry_name(key);
	/* a writer's list must exist (and be no symlink) before it gets an entry */
	if (o->lock) {
		int lfd;

		rc = f48_sfs_open_root(o->list_dir, &lfd, err);
		if (rc == F48_OK)
			close(lfd);
	} else
		rc = F48_OK;
	if (rc == F48_OK)
		rc = f48_sfs_open_root(parent, &pfd, err);
	if (rc == F48_OK)
		rc = open_dir(pfd, base, sd, o->lock, &sfd, err);
	if (rc == F48_OK && sfd >= 0) {
		s->entry = f48_path_join(sd, name);
		rc = open_dir(sfd, name, s->entry, o->lock, &s->efd, err);
		if (rc == F48_OK && s->efd < 0) {
			free(s->entry);
			s->entry = NULL;
		}
	}
	if (rc == F48_OK && o->lock) {
		char *txt = f48_xasprintf("%s\n", key);

		rc = take_lock(s, o->who, err);
		if (rc == F48_OK)
			rc = f48_sfs_write(s->efd, s->entry, "path", txt, strlen(txt), 0600,
			    (uid_t)-1, (gid_t)-1, err);
		free(txt);
	}
	if (pfd >= 0)
		close(pfd);
	if (sfd >= 0)
		close(sfd);
	free(parent);
	free(base);
	free(key);
	free(name);
	if (rc < 0) {
		f48_state_close(s);
		return rc;
	}
	*out = s;
	return F48_OK;
}

void
f48_state_close(f48_state *s)
{
	if (s == NULL)
		return;
	journal_close(s);
	if (s->lock_fd >= 0)
		close(s->lock_fd);
	if (s->efd >= 0)
		close(s->efd);
	free(s->entry);
	free(s->list_dir);
	free(s);
}

const char *
f48_state_list_dir(const f48_state *s)
{
	return s->list_dir;
}

const char *
f48_state_entry(const f48_state *s)
{
	return s->entry;
}

int
f48_state_spool_fd(const f48_state *s)
{
	return s->lock_fd >= 0 ? s->efd : -1;
}

int
f48_state_open_read(f48_state *s, const char *name, int *fd, struct stat *st, f48_error *err)
{
	*fd = -1;
	if (s->efd < 0)
		return f48_error_set(err, F48_EINPUT, s->list_dir, 0, "no state entry for the list "
		    "(%s is needed)", name);
	return f48_sfs_open_read(s->efd, s->entry, name, fd, st, err);
}

int
f48_state_read(f48_state *s, const char *name, size_t max, char **data, size_t *len,
    bool *exists, f48_error *err)
{
	struct stat st;
	int rc;

	*data = NULL;
	*len = 0;
	*exists = false;
	if (s->efd < 0)
		return F48_OK;
	rc = f48_sfs_lstat(s->efd, s->entry, name, &st, exists, err);
	if (rc < 0 || !*exists)
		return rc;
	return f48_sfs_read(s->efd, s->entry, name, max, data, len, NULL, err);
}

int
f48_state_write(f48_state *s, const char *name, const void *data, size_t len, f48_error *err)
{
	if (s->efd < 0 || s->lock_fd < 0)
		return f48_error_set(err, F48_EUSAGE, s->list_dir, 0, "state: written without "
		    "the list's lock");
	if (strcmp(name, "journal") == 0)
		journal_close(s);
	return f48_sfs_write(s->efd, s->entry, name, data, len, 0600, (uid_t)-1, (gid_t)-1, err);
}

int
f48_state_remove(f48_state *s, const char *name, f48_error *err)
{
	if (s->efd < 0 || s->lock_fd < 0)
		return f48_error_set(err, F48_EUSAGE, s->list_dir, 0, "state: changed without "
		    "the list's lock");
	if (strcmp(name, "journal") == 0)
		journal_close(s);
	return f48_sfs_remove(s->efd, s->entry, name, false, err);
}

/* The journal is a log: a header written atomically when a migration
 * starts, then one "next K" line appended and fdatasync'ed per action (one
 * sync instead of a temporary file, its fsync, a rename and the directory's
 * fsync).  A crash can cut only the last line, which the reader ignores: the
 * journal is then one action behind, and that action is done again, which
 * every action allows. */
static void
journal_close(f48_state *s)
{
	if (s->jfd >= 0)
		close(s->jfd);
	s->jfd = -1;
}

static void
journal_record(f48_sb *sb, size_t next, size_t n)
{
	f48_sb_printf(sb, "next %zu\n", next);
	if (next >= n)
		f48_sb_puts(sb, "state migrated\n");
}

int
f48_state_journal(f48_state *s, const char *backup_dir, size_t next, size_t n, f48_error *err)
{
	f48_sb sb;
	int rc = F48_OK;

	if (s->efd < 0 || s->lock_fd < 0)
		return f48_error_set(err, F48_EUSAGE, s->list_dir, 0, "state: written without "
		    "the list's lock");
	f48_sb_init(&sb);
	if (s->jfd < 0 || next == 0) {
		/* a new log: the header and the first record, atomically */
		f48_sb_puts(&sb, "fml4to8-journal 3\nbackup ");
		f48_sfs_escape(&sb, backup_dir);
		f48_sb_printf(&sb, "\nactions %zu\nstate migrating\n", n);
		journal_record(&sb, next, n);
		rc = f48_state_write(s, "journal", sb.data, sb.len, err);
		if (rc == F48_OK) {
			s->jfd = openat(s->efd, "journal", O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
			if (s->jfd < 0)
				rc = f48_error_sys(err, F48_EIO, s->entry, "journal: open for appending");
		}
	} else {
		journal_record(&sb, next, n);
		rc = f48_sfs_write_fd(s->jfd, sb.data, sb.len, s->entry, err);
		if (rc == F48_OK && fdatasync(s->jfd) != 0)
			rc = f48_error_sys(err, F48_EIO, s->entry, "journal: fdatasync");
		if (rc != F48_OK)
			journal_close(s);
	}
	f48_sb_free(&sb);
	return rc;
}

/* Version 3 (the log above); version 2 (one record, rewritten whole) is
 * what a stopped migration of an earlier fml4to8 left. */
static bool
journal_parse(char *data, size_t len, char *backup, f48_mig_status *st)
{
	char state[32] = "";
	size_t next = 0, n = 0, k, pos, end;
	bool have_next = false, done = false;
	char *l;

	if (memchr(data, '\0', len) != NULL)
		return false;
	if (sscanf(data, "fml4to8-journal 2\nbackup %1023s\nstate %31s\nnext %zu\nactions %zu\n",
	    backup, state, &next, &n) == 4) {
		if (next > n || (strcmp(state, "migrated") != 0 && strcmp(state, "migrating") != 0))
			return false;
		st->next = next;
		st->n = n;
		st->state = strcmp(state, "migrated") == 0 ? F48_MIG_DONE : F48_MIG_PARTIAL;
		return true;
	}
	if (sscanf(data, "fml4to8-journal 3\nbackup %1023s\nactions %zu\nstate migrating\n",
	    backup, &n) != 2)
		return false;
	/* the records: complete lines only (a crash may have cut the last) */
	for (pos = 0, k = 0; pos < len && k < 4; pos++)
		if (data[pos] == '\n')
			k++;
	while (pos < len) {
		l = data + pos;
		for (end = pos; end < len && data[end] != '\n'; end++)
			;
		if (end == len)
			break;
		data[end] = '\0';
		if (strncmp(l, "next ", 5) == 0 && l[5] >= '0' && l[5] <= '9' &&
		    sscanf(l, "next %zu", &k) == 1 && k <= n) {
			next = k;
			have_next = true;
			done = false;
		} else if (strcmp(l, "state migrated") == 0 && have_next && next == n) {
			done = true;
		} else
			return false;
		pos = end + 1;
	}
	if (!have_next)
		return false;
	st->next = next;
	st->n = n;
	st->state = done ? F48_MIG_DONE : F48_MIG_PARTIAL;
	return true;
}

int
f48_state_status(f48_state *s, f48_mig_status *st, f48_error *err)
{
	char *data = NULL, *file;
	char backup[1024] = "";
	size_t len;
	bool exists;
	int rc;

	memset(st, 0, sizeof(*st));
	rc = f48_state_read(s, "journal", F48_STATE_JOURNAL_MAX, &data, &len, &exists, err);
	if (rc < 0 || !exists)
		return rc;
	file = f48_path_join(s->entry, "journal");
	if (!journal_parse(data, len, backup, st) ||
	    (st->backup_dir = f48_sfs_unescape(backup)) == NULL) {
		st->state = F48_MIG_NONE;
		rc = f48_error_set(err, F48_EINPUT, file, 0, "unreadable journal");
	}
	free(file);
	free(data);
	if (rc < 0)
		f48_mig_status_free(st);
	return rc;
}

void
f48_mig_status_free(f48_mig_status *st)
{
	free(st->backup_dir);
	st->backup_dir = NULL;
	st->state = F48_MIG_NONE;
}

int
f48_state_archive(f48_state *s, f48_error *err)
{
	static const char *const names[] = { "plan", "manifest", "hashes", "journal" };
	char *dir = NULL;
	size_t i;
	int rc = F48_OK, k;

	if (s->efd < 0 || s->lock_fd < 0)
		return f48_error_set(err, F48_EUSAGE, s->list_dir, 0, "state: changed without "
		    "the list's lock");
	journal_close(s);
	for (k = 1; k < 100000; k++) {
		struct stat st;

		dir = f48_xasprintf("rolled-back-%d", k);
		if (fstatat(s->efd, dir, &st, AT_SYMLINK_NOFOLLOW) != 0 && errno == ENOENT)
			break;
		free(dir);
		dir = NULL;
	}
	if (dir == NULL)
		return f48_error_set(err, F48_EIO, s->entry, 0, "too many rolled-back migrations");
	rc = f48_sfs_mkdir(s->efd, s->entry, dir, 0700, err);
	/* the spooled list files of the plan first */
	if (rc == F48_OK) {
		int dfd = dup(s->efd);
		DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
		struct dirent *de;

		if (d == NULL) {
			if (dfd >= 0)
				close(dfd);
			rc = f48_error_sys(err, F48_EIO, s->entry, "cannot list the directory");
		}
		while (rc == F48_OK && d && (de = readdir(d)) != NULL) {
			char *to;

			if (strncmp(de->d_name, "content-", 8) != 0)
				continue;
			to = f48_path_join(dir, de->d_name);
			rc = f48_sfs_rename(s->efd, s->entry, de->d_name, to, err);
			free(to);
		}
		if (d)
			closedir(d);
	}
	/* the journal goes last: until it has gone the migration is recorded */
	for (i = 0; rc == F48_OK && i < sizeof(names) / sizeof(names[0]); i++) {
		struct stat st;
		char *to = f48_path_join(dir, names[i]);

		if (fstatat(s->efd, names[i], &st, AT_SYMLINK_NOFOLLOW) == 0)
			rc = f48_sfs_rename(s->efd, s->entry, names[i], to, err);
		free(to);
	}
	free(dir);
	return rc;
}

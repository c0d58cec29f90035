/* apply.c - see apply.h. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"
#include "util/findings.h"
#include "util/pathutil.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include "codes.h"
#include "apply/apply.h"
#include "util/safefs.h"

#define MAX_SAVED ((size_t)1 << 30)
#define DEFER_LINE "\"|exit 75\"\n"

static const char *const includes[] = { "include", "include-ctl", "include-mead", "include-error" };

static bool
is_include(const char *rel)
{
	size_t i;

	for (i = 0; i < sizeof(includes) / sizeof(includes[0]); i++)
		if (strcmp(rel, includes[i]) == 0)
			return true;
	return false;
}

static int
owner_ids(const char *owner, uid_t *uid, gid_t *gid, f48_error *err)
{
	struct passwd *pw = getpwnam(owner);

	if (pw == NULL)
		return f48_error_set(err, F48_EUSAGE, NULL, 0, "owner \"%s\": no such user "
		    "(create it, e.g. useradd -r -M -s /usr/sbin/nologin %s)", owner, owner);
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	return F48_OK;
}

static char *
join(const char *a, const char *b)
{
	return f48_xasprintf("%s/%s", a, b);
}

/* --- serialized plan, manifest, journal --------------------------------- */

static void
put_field(f48_sb *sb, const char *s)
{
	f48_sb_putc(sb, ' ');
	f48_sfs_escape(sb, s);
}

static void
plan_serialize(const f48_plan *p, const char *domain, f48_sb *sb)
{
	size_t i;

	f48_sb_puts(sb, "fml4to8-plan 2\nbackup");
	put_field(sb, p->backup_dir);
	f48_sb_puts(sb, "\nowner");
	put_field(sb, p->owner);
	f48_sb_puts(sb, "\ndomain");
	put_field(sb, domain);
	f48_sb_printf(sb, "\nlayout %zu\n", p->layout ? p->layout->n : 0);
	for (i = 0; p->layout && i < p->layout->n; i++) {
		const f48_layout_entry *e = &p->layout->e[i];

		f48_sb_printf(sb, "L %c %04o %u", e->type, e->mode < 0 ? 07777u : (unsigned)e->mode,
		    e->flags);
		put_field(sb, e->path);
		f48_sb_putc(sb, '\n');
	}
	f48_sb_printf(sb, "actions %zu\n", p->n);
	for (i = 0; i < p->n; i++) {
		const f48_action *a = &p->actions[i];

		f48_sb_printf(sb, "A %s %04o %zu", f48_action_name(a->kind),
		    (unsigned)(a->mode & 07777), a->kind == F48_ACT_WRITE ? a->len : 0);
		put_field(sb, a->path);
		put_field(sb, a->from);
		put_field(sb, a->why);
		f48_sb_putc(sb, '\n');
		if (a->kind == F48_ACT_WRITE) {
			f48_sb_append(sb, a->content, a->len);
			f48_sb_putc(sb, '\n');
		}
	}
	f48_sb_puts(sb, "end\n");
}

/* Next line of buf from *pos (without the newline); NULL at the end. */
static char *
next_line(const char *buf, size_t len, size_t *pos)
{
	const char *nl;
	char *l;

	if (*pos >= len)
		return NULL;
	nl = memchr(buf + *pos, '\n', len - *pos);
	if (nl == NULL)
		return NULL;
	l = f48_xstrndup(buf + *pos, (size_t)(nl - (buf + *pos)));
	*pos = (size_t)(nl - buf) + 1;
	return l;
}

/* Split on single spaces, at most max fields. */
static size_t
split(char *l, char **f, size_t max)
{
	size_t n = 0;
	char *p = l;

	while (n < max && p) {
		f[n++] = p;
		p = strchr(p, ' ');
		if (p)
			*p++ = '\0';
	}
	return n;
}

static bool
rel_safe(const char *p)
{
	/* safefs checks components again; this keeps garbage out of the plan */
	return p && *p && *p != '/' && strstr(p, "..") == NULL;
}

static int
plan_parse(const char *buf, size_t len, const char *file, const char *list_dir,
    f48_plan **out, char **domain, f48_error *err)
{
	f48_plan *p = f48_xcalloc(1, sizeof(*p));
	size_t pos = 0, i, n = 0;
	long line = 0;
	char *l = NULL, *f[8];
	int rc = F48_OK;

	f48_findings_init(&p->findings);
	p->list_dir = f48_xstrdup(list_dir);
	*domain = NULL;
#define BAD(msg) do { rc = f48_error_set(err, F48_EINPUT, file, line, "%s", msg); goto fail; } while (0)
#define NEXT() do { free(l); l = next_line(buf, len, &pos); line++; if (l == NULL) BAD("saved plan ends early"); } while (0)
	l = NULL;
	NEXT();
	if (strcmp(l, "fml4to8-plan 2") != 0)
		BAD("not a fml4to8 plan (version 2)");
	NEXT();
	if (split(l, f, 2) != 2 || strcmp(f[0], "backup") != 0 ||
	    (p->backup_dir = f48_sfs_unescape(f[1])) == NULL || !rel_safe(p->backup_dir))
		BAD("bad backup line");
	NEXT();
	if (split(l, f, 2) != 2 || strcmp(f[0], "owner") != 0 ||
	    (p->owner = f48_sfs_unescape(f[1])) == NULL)
		BAD("bad owner line");
	NEXT();
	if (split(l, f, 2) != 2 || strcmp(f[0], "domain") != 0)
		BAD("bad domain line");
	*domain = f48_sfs_unescape(f[1]);
	NEXT();
	if (sscanf(l, "layout %zu", &n) != 1 || n > 1000)
		BAD("bad layout line");
	p->layout = f48_xcalloc(1, sizeof(*p->layout));
	for (i = 0; i < n; i++) {
		unsigned mode, flags;
		char *path;

		NEXT();
		if (split(l, f, 5) != 5 || strcmp(f[0], "L") != 0 || strlen(f[1]) != 1 ||
		    (f[1][0] != 'd' && f[1][0] != 'f') || sscanf(f[2], "%o", &mode) != 1 ||
		    (mode > 0777 && mode != 07777) || sscanf(f[3], "%u", &flags) != 1 ||
		    (path = f48_sfs_unescape(f[4])) == NULL)
			BAD("bad layout row");
		f48_layout_set(p->layout, path, f[1][0], mode == 07777 ? -1 : (int)mode, flags);
		free(path);
	}
	NEXT();
	if (sscanf(l, "actions %zu", &n) != 1 || n > 100000)
		BAD("bad actions line");
	p->actions = f48_xcalloc(n ? n : 1, sizeof(*p->actions));
	for (i = 0; i < n; i++) {
		f48_action *a = &p->actions[i];
		unsigned mode;
		size_t clen;
		int k;

		NEXT();
		if (split(l, f, 7) != 7 || strcmp(f[0], "A") != 0)
			BAD("bad action line");
		for (k = 0; k <= F48_ACT_CHOWN_TREE; k++)
			if (strcmp(f[1], f48_action_name((f48_action_kind)k)) == 0)
				break;
		if (k > F48_ACT_CHOWN_TREE || sscanf(f[2], "%o", &mode) != 1 ||
		    sscanf(f[3], "%zu", &clen) != 1)
			BAD("bad action line");
		a->kind = (f48_action_kind)k;
		a->mode = (mode_t)mode;
		a->path = f48_sfs_unescape(f[4]);
		a->from = f48_sfs_unescape(f[5]);
		a->why = f48_sfs_unescape(f[6]);
		p->n = i + 1;
		if (a->path == NULL || (a->kind != F48_ACT_CHOWN_TREE && !rel_safe(a->path)) ||
		    ((a->kind == F48_ACT_COPY || a->kind == F48_ACT_MOVE) && !rel_safe(a->from)))
			BAD("bad path in an action");
		if (a->kind == F48_ACT_WRITE) {
			if (clen > len - pos || len - pos - clen < 1 || buf[pos + clen] != '\n')
				BAD("bad content length");
			a->content = f48_xstrndup(buf + pos, clen);
			a->len = clen;
			for (k = 0; (size_t)k < clen; k++)
				if (buf[pos + (size_t)k] == '\n')
					line++;
			pos += clen + 1;
		}
	}
	NEXT();
	if (strcmp(l, "end") != 0)
		BAD("no end line");
	free(l);
	*out = p;
	return F48_OK;
fail:
#undef BAD
#undef NEXT
	free(l);
	free(*domain);
	*domain = NULL;
	f48_plan_free(p);
	return rc;
}

int
f48_saved_plan_load(const char *list_dir, const char *backup_dir, f48_plan **out,
    char **domain, f48_error *err)
{
	char *data = NULL, *rel = join(backup_dir, F48_PLAN_FILE), *file;
	size_t len;
	int root, rc;

	*out = NULL;
	*domain = NULL;
	rc = f48_sfs_open_root(list_dir, &root, err);
	if (rc < 0) {
		free(rel);
		return rc;
	}
	rc = f48_sfs_read(root, list_dir, rel, MAX_SAVED, &data, &len, NULL, err);
	close(root);
	file = join(list_dir, rel);
	if (rc == F48_OK)
		rc = plan_parse(data, len, file, list_dir, out, domain, err);
	free(file);
	free(data);
	free(rel);
	return rc;
}

typedef struct manifest_ctx {
	f48_sb *sb;
} manifest_ctx;

static int
manifest_visit(void *vc, int dfd, const char *name, const char *rel, const struct stat *st,
    f48_error *err)
{
	manifest_ctx *c = vc;

	(void)dfd;
	(void)name;
	(void)err;
	if (strcmp(rel, F48_STAGING_DIR) == 0 ||
	    strncmp(rel, F48_STAGING_DIR "/", sizeof(F48_STAGING_DIR)) == 0)
		return F48_OK;
	f48_sb_printf(c->sb, "%c %04o %lu %lu", S_ISREG(st->st_mode) ? 'f' :
	    S_ISDIR(st->st_mode) ? 'd' : 'o', (unsigned)(st->st_mode & 07777),
	    (unsigned long)st->st_uid, (unsigned long)st->st_gid);
	put_field(c->sb, rel);
	f48_sb_putc(c->sb, '\n');
	return F48_OK;
}

int
f48_manifest_load(const char *list_dir, const char *backup_dir, f48_manifest *m,
    f48_error *err)
{
	char *data = NULL, *rel = join(backup_dir, F48_MANIFEST_FILE), *l, *file;
	size_t len, pos = 0;
	long line = 0;
	int root, rc;

	memset(m, 0, sizeof(*m));
	rc = f48_sfs_open_root(list_dir, &root, err);
	if (rc < 0) {
		free(rel);
		return rc;
	}
	rc = f48_sfs_read(root, list_dir, rel, MAX_SAVED, &data, &len, NULL, err);
	close(root);
	file = join(list_dir, rel);
	while (rc == F48_OK && (l = next_line(data, len, &pos)) != NULL) {
		char *f[5];
		unsigned mode;
		unsigned long uid, gid;

		line++;
		if (line == 1) {
			if (strcmp(l, "fml4to8-manifest 1") != 0)
				rc = f48_error_set(err, F48_EINPUT, file, line, "not a fml4to8 manifest");
		} else if (split(l, f, 5) != 5 || strlen(f[0]) != 1 ||
		    sscanf(f[1], "%o", &mode) != 1 || sscanf(f[2], "%lu", &uid) != 1 ||
		    sscanf(f[3], "%lu", &gid) != 1)
			rc = f48_error_set(err, F48_EINPUT, file, line, "bad manifest line");
		else {
			f48_manifest_entry *e;

			m->e = f48_xrealloc(m->e, (m->n + 1) * sizeof(*m->e));
			e = &m->e[m->n++];
			e->type = f[0][0];
			e->mode = (mode_t)mode;
			e->uid = (uid_t)uid;
			e->gid = (gid_t)gid;
			e->path = f48_sfs_unescape(f[4]);
			if (e->path == NULL)
				rc = f48_error_set(err, F48_EINPUT, file, line, "bad path");
		}
		free(l);
	}
	free(file);
	free(data);
	free(rel);
	if (rc < 0)
		f48_manifest_free(m);
	return rc;
}

void
f48_manifest_free(f48_manifest *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->e[i].path);
	free(m->e);
	m->e = NULL;
	m->n = 0;
}

static const f48_manifest_entry *
manifest_find(const f48_manifest *m, const char *path)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->e[i].path, path) == 0)
			return &m->e[i];
	return NULL;
}

static int
journal_write(int root, const char *rp, const char *dir, size_t next, size_t n, uid_t uid,
    gid_t gid, f48_error *err)
{
	char *rel = join(dir, F48_JOURNAL_FILE);
	char *txt = f48_xasprintf("fml4to8-journal 1\nstate %s\nnext %zu\nactions %zu\n",
	    next >= n ? "migrated" : "migrating", next, n);
	int rc = f48_sfs_write(root, rp, rel, txt, strlen(txt), 0600, uid, gid, err);

	free(txt);
	free(rel);
	return rc;
}

static bool
backup_name(const char *name)
{
	const char *p;

	if (strcmp(name, ".fml4rc") == 0)
		return true;
	if (strncmp(name, ".fml4rc-", 8) != 0 || name[8] == '\0')
		return false;
	for (p = name + 8; *p; p++)
		if (!isdigit((unsigned char)*p) && strcmp(name, ".fml4rc-new") != 0)
			return false;
	return true;
}

int
f48_apply_status(const char *list_dir, f48_mig_status *st, f48_error *err)
{
	DIR *d;
	struct dirent *de;
	int root, fd, rc = F48_OK;

	memset(st, 0, sizeof(*st));
	rc = f48_sfs_open_root(list_dir, &root, err);
	if (rc < 0)
		return rc;
	fd = dup(root);
	if (fd < 0 || (d = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		close(root);
		return f48_error_sys(err, F48_EINPUT, list_dir, "cannot read");
	}
	while (rc == F48_OK && (de = readdir(d)) != NULL) {
		char *rel, *data = NULL;
		size_t len, next = 0, n = 0;
		struct stat sb;
		bool exists;
		char state[32] = "";

		if (!backup_name(de->d_name))
			continue;
		rel = join(de->d_name, F48_JOURNAL_FILE);
		if (f48_sfs_lstat(root, list_dir, rel, &sb, &exists, NULL) != F48_OK || !exists) {
			free(rel);
			continue;
		}
		rc = f48_sfs_read(root, list_dir, rel, 4096, &data, &len, NULL, err);
		if (rc == F48_OK && (sscanf(data, "fml4to8-journal 1\nstate %31s\nnext %zu\n"
		    "actions %zu\n", state, &next, &n) != 3 || next > n)) {
			char *file = join(list_dir, rel);

			rc = f48_error_set(err, F48_EINPUT, file, 0, "unreadable journal");
			free(file);
		}
		free(data);
		free(rel);
		if (rc < 0)
			break;
		if (st->state != F48_MIG_NONE) {
			rc = f48_error_set(err, F48_EINPUT, list_dir, 0, "two migrations in "
			    "progress (%s and %s); roll one back or remove it by hand",
			    st->backup_dir, de->d_name);
			break;
		}
		st->state = strcmp(state, "migrated") == 0 ? F48_MIG_DONE : F48_MIG_PARTIAL;
		st->backup_dir = f48_xstrdup(de->d_name);
		st->next = next;
	}
	closedir(d);
	close(root);
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

/* --- actions ---------------------------------------------------------- */

typedef struct chown_ctx {
	const char *rp;
	const f48_layout *layout;
	uid_t uid;
	gid_t gid;
} chown_ctx;

static int
chown_visit(void *vc, int dfd, const char *name, const char *rel, const struct stat *st,
    f48_error *err)
{
	chown_ctx *c = vc;
	int mode = f48_layout_mode(c->layout, rel, S_ISDIR(st->st_mode));
	char *sh = strcmp(rel, ".") == 0 ? f48_xstrdup(c->rp) : join(c->rp, rel);
	int rc = f48_sfs_chown_at(dfd, name, sh, st, c->uid, c->gid,
	    mode < 0 ? (mode_t)-1 : (mode_t)mode, err);

	free(sh);
	return rc;
}

static bool
same_bytes(const char *a, size_t al, const char *b, size_t bl)
{
	return al == bl && memcmp(a, b, al) == 0;
}

static int
do_action(int root, const char *rp, const f48_plan *p, const f48_action *a, uid_t uid, gid_t gid,
    f48_error *err)
{
	struct stat s1, s2;
	bool e1, e2;
	int rc = F48_OK;

	switch (a->kind) {
	case F48_ACT_MKDIR:
		return f48_sfs_mkdir(root, rp, a->path, a->mode, err);
	case F48_ACT_COPY: {
		char *src = NULL, *dst = NULL;
		size_t sl, dl;

		rc = f48_sfs_lstat(root, rp, a->path, &s2, &e2, err);
		if (rc == F48_OK)
			rc = f48_sfs_read(root, rp, a->from, MAX_SAVED, &src, &sl, &s1, err);
		if (rc == F48_OK && e2) {
			rc = f48_sfs_read(root, rp, a->path, MAX_SAVED, &dst, &dl, NULL, err);
			if (rc == F48_OK && !same_bytes(src, sl, dst, dl)) {
				char *s = join(rp, a->path);

				rc = f48_error_set(err, F48_EUNSAFE, s, 0, "a saved original "
				    "exists and differs from %s; it is never overwritten",
				    a->from);
				free(s);
			}
		} else if (rc == F48_OK)
			rc = f48_sfs_write(root, rp, a->path, src, sl, s1.st_mode & 07777,
			    (uid_t)-1, (gid_t)-1, err);
		free(src);
		free(dst);
		return rc;
	}
	case F48_ACT_MOVE:
		rc = f48_sfs_lstat(root, rp, a->from, &s1, &e1, err);
		if (rc == F48_OK)
			rc = f48_sfs_lstat(root, rp, a->path, &s2, &e2, err);
		if (rc < 0)
			return rc;
		if (e1 && !e2)
			return f48_sfs_rename(root, rp, a->from, a->path, err);
		if (!e1 && e2)
			return F48_OK;   /* done by the interrupted run */
		{
			char *s = join(rp, a->from);

			rc = f48_error_set(err, F48_EUNSAFE, s, 0, e1 ?
			    "cannot move to %s: it exists already; nothing is overwritten" :
			    "gone, and %s does not exist either", a->path);
			free(s);
		}
		return rc;
	case F48_ACT_WRITE:
		return f48_sfs_write(root, rp, a->path, a->content, a->len, a->mode, (uid_t)-1,
		    (gid_t)-1, err);
	case F48_ACT_CHOWN_TREE: {
		chown_ctx c = { rp, p->layout, uid, gid };

		return f48_sfs_walk(root, rp, chown_visit, &c, err);
	}
	}
	return f48_error_set(err, F48_EUSAGE, rp, 0, "unknown action");
}

static int
run_actions(int root, const char *rp, const f48_plan *p, size_t start, const f48_apply_opts *o,
    size_t *done, f48_error *err)
{
	uid_t uid = 0;
	gid_t gid = 0;
	size_t i;
	int rc;

	rc = owner_ids(p->owner, &uid, &gid, err);
	for (i = start; rc == F48_OK && i < p->n; i++) {
		rc = do_action(root, rp, p, &p->actions[i], uid, gid, err);
		if (rc == F48_OK)
			rc = journal_write(root, rp, p->backup_dir, i + 1, p->n, uid, gid, err);
		if (rc == F48_OK && done)
			(*done)++;
		/* test hook (apply.h): simulate kill -9 after action i+1 */
		if (rc == F48_OK && o && o->stop_after == (long)(i + 1))
			_exit(137);
	}
	return rc;
}

static int
refuse_unsafe(int root, const char *rp, f48_findings *fs, f48_error *err)
{
	int n = f48_sfs_check_tree(root, rp, fs, err);

	if (n < 0)
		return n;
	if (n > 0)
		return f48_error_set(err, F48_EUNSAFE, rp, 0, "%d symlink(s) or hard link(s) "
		    "in the list tree; nothing was changed", n);
	return F48_OK;
}

/* Remove a staging directory left by a killed run: only plain files in it. */
static int
clear_staging(int root, const char *rp, f48_error *err)
{
	static const char *const names[] = { F48_PLAN_FILE, F48_MANIFEST_FILE, F48_JOURNAL_FILE };
	struct stat st;
	bool exists;
	size_t i;
	int rc;

	rc = f48_sfs_lstat(root, rp, F48_STAGING_DIR, &st, &exists, err);
	if (rc < 0 || !exists)
		return rc;
	for (i = 0; rc == F48_OK && i < sizeof(names) / sizeof(names[0]); i++) {
		char *r = join(F48_STAGING_DIR, names[i]);
		char *t = f48_xasprintf("%s/.%s.fml4to8-tmp", F48_STAGING_DIR, names[i]);

		rc = f48_sfs_remove(root, rp, r, false, err);
		if (rc == F48_OK)
			rc = f48_sfs_remove(root, rp, t, false, err);
		free(r);
		free(t);
	}
	if (rc == F48_OK)
		rc = f48_sfs_remove(root, rp, F48_STAGING_DIR, true, err);
	return rc;
}

int
f48_apply(const f48_plan *p, const f48_apply_opts *o, f48_findings *fs, f48_error *err)
{
	const char *rp = p->list_dir;
	f48_mig_status ms;
	f48_sb sb;
	manifest_ctx mc = { &sb };
	struct stat st;
	bool exists;
	uid_t uid = 0;
	gid_t gid = 0;
	char *rel;
	int root, rc;
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->actions[i].kind == F48_ACT_WRITE && p->actions[i].content == NULL &&
		    p->actions[i].len > 0)
			return f48_error_set(err, F48_EUSAGE, rp, 0, "apply: %s has no content in "
			    "the plan (translated without the member lines)", p->actions[i].path);
	rc = owner_ids(p->owner, &uid, &gid, err);
	if (rc == F48_OK)
		rc = f48_apply_status(rp, &ms, err);
	if (rc < 0)
		return rc;
	if (ms.state != F48_MIG_NONE) {
		rc = f48_error_set(err, F48_EUSAGE, rp, 0, "a migration is recorded in %s; "
		    "resume it instead of starting again", ms.backup_dir);
		f48_mig_status_free(&ms);
		return rc;
	}
	rc = f48_sfs_open_root(rp, &root, err);
	if (rc < 0)
		return rc;
	rc = refuse_unsafe(root, rp, fs, err);
	if (rc == F48_OK)
		rc = clear_staging(root, rp, err);
	if (rc == F48_OK)
		rc = f48_sfs_lstat(root, rp, p->backup_dir, &st, &exists, err);
	if (rc == F48_OK && exists)
		rc = f48_error_set(err, F48_EUNSAFE, rp, 0, "%s exists: the plan is stale; "
		    "run again", p->backup_dir);
	f48_sb_init(&sb);
	if (rc == F48_OK)
		rc = f48_sfs_mkdir(root, rp, F48_STAGING_DIR, 0700, err);
	if (rc == F48_OK) {
		plan_serialize(p, o ? o->domain : NULL, &sb);
		rel = join(F48_STAGING_DIR, F48_PLAN_FILE);
		rc = f48_sfs_write(root, rp, rel, sb.data, sb.len, 0600, uid, gid, err);
		free(rel);
	}
	if (rc == F48_OK) {
		f48_sb_reset(&sb);
		f48_sb_puts(&sb, "fml4to8-manifest 1\n");
		rc = f48_sfs_walk(root, rp, manifest_visit, &mc, err);
	}
	if (rc == F48_OK) {
		rel = join(F48_STAGING_DIR, F48_MANIFEST_FILE);
		rc = f48_sfs_write(root, rp, rel, sb.data, sb.len, 0600, uid, gid, err);
		free(rel);
	}
	f48_sb_free(&sb);
	if (rc == F48_OK)
		rc = journal_write(root, rp, F48_STAGING_DIR, 0, p->n, uid, gid, err);
	if (rc == F48_OK)
		rc = f48_sfs_rename(root, rp, F48_STAGING_DIR, p->backup_dir, err);
	if (rc == F48_OK && o && o->stop_after == 0)
		_exit(137);   /* test hook (apply.h) */
	if (rc == F48_OK)
		rc = run_actions(root, rp, p, 0, o, NULL, err);
	close(root);
	return rc;
}

int
f48_apply_resume(const char *list_dir, const f48_apply_opts *o, f48_findings *fs,
    size_t *done, f48_error *err)
{
	f48_mig_status ms;
	f48_plan *p = NULL;
	char *domain = NULL;
	int root, rc;

	*done = 0;
	rc = f48_apply_status(list_dir, &ms, err);
	if (rc < 0)
		return rc;
	if (ms.state != F48_MIG_PARTIAL) {
		f48_mig_status_free(&ms);
		return F48_OK;
	}
	rc = f48_saved_plan_load(list_dir, ms.backup_dir, &p, &domain, err);
	if (rc == F48_OK && strcmp(p->backup_dir, ms.backup_dir) != 0)
		rc = f48_error_set(err, F48_EINPUT, list_dir, 0, "%s: the saved plan names "
		    "another backup directory (%s)", ms.backup_dir, p->backup_dir);
	if (rc == F48_OK)
		rc = f48_sfs_open_root(list_dir, &root, err);
	if (rc == F48_OK) {
		rc = refuse_unsafe(root, list_dir, fs, err);
		if (rc == F48_OK)
			rc = run_actions(root, list_dir, p, ms.next, o, done, err);
		close(root);
	}
	free(domain);
	f48_plan_free(p);
	f48_mig_status_free(&ms);
	return rc;
}

/* --- rollback ------------------------------------------------------------ */

static int
restore_file(int root, const char *rp, const char *backup_rel, const char *rel,
    const f48_manifest *m, f48_error *err)
{
	const f48_manifest_entry *e = manifest_find(m, rel);
	struct stat st;
	bool exists;
	char *data = NULL;
	size_t len;
	int rc;

	rc = f48_sfs_lstat(root, rp, backup_rel, &st, &exists, err);
	if (rc < 0 || !exists)
		return rc;   /* not saved yet: the original was never touched */
	rc = f48_sfs_read(root, rp, backup_rel, MAX_SAVED, &data, &len, &st, err);
	if (rc == F48_OK)
		rc = f48_sfs_write(root, rp, rel, data, len, e ? e->mode : (st.st_mode & 07777),
		    e ? e->uid : (uid_t)-1, e ? e->gid : (gid_t)-1, err);
	free(data);
	return rc;
}

static bool
under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* Is rel the source of a COPY action? */
static bool
copied(const f48_plan *p, const char *rel)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->actions[i].kind == F48_ACT_COPY && strcmp(p->actions[i].from, rel) == 0)
			return true;
	return false;
}

static int
remove_tmp(int root, const char *rp, const char *rel, f48_error *err)
{
	char *dir = f48_path_dirname(rel), *base = f48_path_basename(rel), *t;
	int rc;

	t = strcmp(dir, ".") == 0 || strchr(rel, '/') == NULL ?
	    f48_xasprintf(".%s.fml4to8-tmp", base) : f48_xasprintf("%s/.%s.fml4to8-tmp", dir, base);
	rc = f48_sfs_remove(root, rp, t, false, err);
	free(t);
	free(dir);
	free(base);
	return rc;
}

int
f48_rollback(const char *list_dir, f48_findings *fs, char **renamed_to, f48_error *err)
{
	const char *rp = list_dir;
	f48_mig_status ms;
	f48_manifest m = { NULL, 0 };
	f48_plan *p = NULL;
	char *domain = NULL;
	size_t i;
	int root = -1, rc;

	*renamed_to = NULL;
	rc = f48_apply_status(rp, &ms, err);
	if (rc < 0)
		return rc;
	if (ms.state == F48_MIG_NONE)
		return F48_OK;
	rc = f48_saved_plan_load(rp, ms.backup_dir, &p, &domain, err);
	if (rc == F48_OK)
		rc = f48_manifest_load(rp, ms.backup_dir, &m, err);
	if (rc == F48_OK)
		rc = f48_sfs_open_root(rp, &root, err);
	if (rc == F48_OK)
		rc = refuse_unsafe(root, rp, fs, err);
	/* 1. mail waits while the fml4 files come back */
	for (i = 0; rc == F48_OK && i < sizeof(includes) / sizeof(includes[0]); i++) {
		struct stat st;
		bool exists;

		rc = f48_sfs_lstat(root, rp, includes[i], &st, &exists, err);
		if (rc == F48_OK && exists)
			rc = f48_sfs_write(root, rp, includes[i], DEFER_LINE, strlen(DEFER_LINE),
			    st.st_mode & 07777, st.st_uid, st.st_gid, err);
	}
	/* 2. the originals, includes last */
	for (i = 0; rc == F48_OK && i < p->n; i++) {
		const f48_action *a = &p->actions[i];

		if (a->kind == F48_ACT_COPY && !is_include(a->from))
			rc = restore_file(root, rp, a->path, a->from, &m, err);
		else if (a->kind == F48_ACT_MOVE && !copied(p, a->from))
			rc = restore_file(root, rp, a->path, a->from, &m, err);
	}
	/* 3. what the plan created */
	for (i = p->n; rc == F48_OK && i-- > 0;) {
		const f48_action *a = &p->actions[i];

		if (a->kind != F48_ACT_WRITE && a->kind != F48_ACT_MKDIR && a->kind != F48_ACT_COPY)
			continue;
		if (under(a->path, p->backup_dir))
			continue;
		if (a->kind != F48_ACT_MKDIR)
			rc = remove_tmp(root, rp, a->path, err);
		if (rc < 0 || manifest_find(&m, a->path) != NULL || is_include(a->path))
			continue;
		if (a->kind == F48_ACT_WRITE)
			rc = f48_sfs_remove(root, rp, a->path, false, err);
		else if (a->kind == F48_ACT_MKDIR) {
			f48_error e2;

			f48_error_clear(&e2);
			if (f48_sfs_remove(root, rp, a->path, true, &e2) < 0) {
				char *s = join(rp, a->path);

				f48_findings_add(fs, F48_SEV_WARNING, F48_C_ROLLBACK_KEPT, s, 0,
				    "look at it and remove it by hand if it is not needed",
				    "created by the migration and not empty: kept (%s)",
				    f48_error_detail(&e2));
				free(s);
			}
		}
	}
	/* 4. the includes: fml4 gets the mail again */
	for (i = 0; rc == F48_OK && i < p->n; i++) {
		const f48_action *a = &p->actions[i];

		if (a->kind == F48_ACT_COPY && is_include(a->from))
			rc = restore_file(root, rp, a->path, a->from, &m, err);
	}
	for (i = 0; rc == F48_OK && i < sizeof(includes) / sizeof(includes[0]); i++)
		if (manifest_find(&m, includes[i]) == NULL)
			rc = f48_sfs_remove(root, rp, includes[i], false, err);
	/* 5. modes and owners of the fml4 tree */
	for (i = 0; rc == F48_OK && i < m.n; i++) {
		const f48_manifest_entry *e = &m.e[i];
		struct stat st;
		bool exists;

		if (strcmp(e->path, ".") == 0) {
			if (fstat(root, &st) == 0)
				rc = f48_sfs_chown_at(root, ".", rp, &st, e->uid, e->gid, e->mode, err);
			continue;
		}
		rc = f48_sfs_lstat(root, rp, e->path, &st, &exists, err);
		if (rc == F48_OK && exists && (S_ISDIR(st.st_mode) == (e->type == 'd'))) {
			const char *leaf;
			int dfd;
			char *s = join(rp, e->path);

			rc = f48_sfs_open_parent(root, rp, e->path, &dfd, &leaf, err);
			if (rc == F48_OK) {
				rc = f48_sfs_chown_at(dfd, leaf, s, &st, e->uid, e->gid, e->mode, err);
				close(dfd);
			}
			free(s);
		}
	}
	/* 6. the backup leaves the way, kept */
	for (i = 1; rc == F48_OK && i < 10000; i++) {
		char *to = f48_xasprintf("%s.rolled-back-%zu", p->backup_dir, i);
		struct stat st;
		bool exists;

		rc = f48_sfs_lstat(root, rp, to, &st, &exists, err);
		if (rc == F48_OK && !exists) {
			rc = f48_sfs_rename(root, rp, p->backup_dir, to, err);
			if (rc == F48_OK)
				*renamed_to = to;
			else
				free(to);
			break;
		}
		free(to);
	}
	if (root >= 0)
		close(root);
	free(domain);
	f48_manifest_free(&m);
	f48_plan_free(p);
	f48_mig_status_free(&ms);
	return rc;
}

/* --- ml_home_prefix ------------------------------------------------------- */

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
	char *l;

	*added = false;
	rc = f48_sfs_open_root(dir, &root, err);
	if (rc < 0)
		goto out;
	rc = f48_sfs_lstat(root, dir, base, &st, &exists, err);
	if (rc == F48_OK && exists) {
		rc = f48_sfs_read(root, dir, base, MAX_SAVED, &data, &len, &st, err);
		mode = st.st_mode & 07777;
	}
	while (rc == F48_OK && data && (l = next_line(data, len, &pos)) != NULL) {
		char *k = l + strspn(l, " \t");
		size_t kl = strcspn(k, " \t\r");

		if (*k != '#' && kl == strlen(domain) && strncasecmp(k, domain, kl) == 0)
			*added = false, rc = 1;
		free(l);
	}
	if (rc == F48_OK && data && pos < len) {   /* last line without newline */
		const char *k = data + pos + strspn(data + pos, " \t");
		size_t kl = strcspn(k, " \t\r");

		if (kl == strlen(domain) && strncasecmp(k, domain, kl) == 0)
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

/* --- --target ------------------------------------------------------------ */

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
		rc = f48_sfs_read(c->src, c->srcp, rel, MAX_SAVED, &data, &len, NULL, err);
		if (rc == F48_OK)
			rc = f48_sfs_write(c->dst, c->dstp, rel, data, len, st->st_mode & 07777,
			    st->st_uid, st->st_gid, err);
		free(data);
		return rc;
	}
	if (!S_ISDIR(st->st_mode)) {
		s = join(c->srcp, rel);
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
	s = join(c->dstp, rel);
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
	int src = -1, pfd = -1, rc;

	f48_findings_init(&fs);
	stage = f48_xasprintf("%s.fml4to8-copy", base);
	rc = f48_sfs_open_root(from, &src, err);
	if (rc == F48_OK)
		rc = refuse_unsafe(src, from, &fs, err);
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

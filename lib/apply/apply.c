/* apply.c - see apply.h. */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"
#include "util/findings.h"
#include "util/pathutil.h"
#include "util/safefs.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include "codes.h"
#include "apply/apply.h"
#include "apply/plan_store.h"
#include "apply/state.h"
#include "plan/layout.h"

#define MAX_SAVED ((size_t)1 << 30)

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

int
f48_apply_status(f48_state *s, f48_mig_status *st, f48_error *err)
{
	return f48_state_status(s, st, err);
}

int
f48_saved_plan_load(f48_state *s, f48_plan **out, char **domain, f48_error *err)
{
	char *data = NULL, *file;
	size_t len;
	bool exists;
	int rc;

	*out = NULL;
	*domain = NULL;
	rc = f48_state_read(s, "plan", MAX_SAVED, &data, &len, &exists, err);
	if (rc < 0)
		return rc;
	file = f48_xasprintf("%s/plan", f48_state_entry(s) ? f48_state_entry(s) : "(state)");
	if (!exists)
		rc = f48_error_set(err, F48_EINPUT, file, 0, "no saved plan");
	else
		rc = f48_plan_parse(data, len, file, f48_state_list_dir(s), out, domain, err);
	free(file);
	free(data);
	return rc;
}

int
f48_apply_refuse_unsafe(int root, const char *rp, f48_findings *fs, f48_error *err)
{
	int n = f48_sfs_check_tree(root, rp, fs, err);

	if (n < 0)
		return n;
	if (n > 0)
		return f48_error_set(err, F48_EUNSAFE, rp, 0, "%d symlink(s), hard link(s) or "
		    "special file(s) in the list tree; nothing was changed", n);
	return F48_OK;
}

/* --- actions ---------------------------------------------------------- */

typedef struct run_ctx {
	f48_state *s;
	int root;
	const char *rp;
	const f48_plan *p;
	f48_hashes hashes;
	uid_t uid;
	gid_t gid;
} run_ctx;

/* Originals first: the hash of what is saved, in the state, before it is
 * saved (a replay records the same bytes again). */
static int
record_hash(run_ctx *c, const char *backup_rel, const char *hex, f48_error *err)
{
	const char *old;
	f48_sb sb;
	int rc;

	old = f48_hashes_get(&c->hashes, backup_rel);
	if (old && strcmp(old, hex) == 0)
		return F48_OK;
	f48_hashes_set(&c->hashes, backup_rel, hex);
	f48_sb_init(&sb);
	f48_hashes_serialize(&c->hashes, &sb);
	rc = f48_state_write(c->s, "hashes", sb.data, sb.len, err);
	f48_sb_free(&sb);
	return rc;
}

/* A file read in pieces, hashed as it goes: the source of a streamed write
 * (a backup copied from its original, a list file from its spool). */
typedef struct file_source {
	run_ctx *c;
	int fd;
	char *shown;
	f48_sha256 sha;
	size_t got;
	const char *record;          /* backup: record the hash under this path */
	const f48_action *expect;    /* spooled list file: must match len and sha256 */
} file_source;

static ssize_t
fs_read(void *ctx, char *buf, size_t cap, f48_error *err)
{
	file_source *f = ctx;
	ssize_t r = f48_sfs_read_fd(f->fd, buf, cap, f->shown, err);

	if (r > 0) {
		f48_sha256_update(&f->sha, buf, (size_t)r);
		f->got += (size_t)r;
		if (f->got > MAX_SAVED)
			return f48_error_set(err, F48_EINPUT, f->shown, 0, "larger than %zu bytes",
			    MAX_SAVED);
	}
	return r;
}

static int
fs_done(void *ctx, f48_error *err)
{
	file_source *f = ctx;
	char hex[F48_SHA256_HEX];

	f48_sha256_final(&f->sha, hex);
	if (f->record)
		return record_hash(f->c, f->record, hex, err);
	if (f->expect && (f->got != f->expect->len || strcmp(hex, f->expect->sha256) != 0))
		return f48_error_set(err, F48_EUNSAFE, f->shown, 0, "holds %zu bytes with SHA-256 "
		    "%s, the plan %zu bytes with %s: the spooled list file was changed; nothing "
		    "was written to %s", f->got, hex, f->expect->len, f->expect->sha256,
		    f->expect->path);
	return F48_OK;
}

/* Write a->path from fd (shown names it, and is freed; fd is closed),
 * hashing on the way: before the file gets its name (fs_done) the hash is
 * recorded under record, or, without record, checked against the plan's
 * length and SHA-256 of a. */
static int
write_streamed(run_ctx *c, const f48_action *a, int fd, char *shown, const char *record,
    mode_t mode, f48_error *err)
{
	file_source f = { .c = c, .fd = fd, .shown = shown, .record = record,
		.expect = record ? NULL : a };
	f48_sfs_source src = { fs_read, fs_done, &f };
	int rc;

	f48_sha256_init(&f.sha);
	rc = f48_sfs_write_from(c->root, c->rp, a->path, &src, mode, (uid_t)-1, (gid_t)-1, err);
	close(fd);
	free(shown);
	return rc;
}

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
	char *sh = strcmp(rel, ".") == 0 ? f48_xstrdup(c->rp) : f48_path_join(c->rp, rel);
	int rc = f48_sfs_chown_at(dfd, name, sh, st, c->uid, c->gid,
	    mode < 0 ? (mode_t)-1 : (mode_t)mode, err);

	free(sh);
	return rc;
}

static int
do_copy(run_ctx *c, const f48_action *a, f48_error *err)
{
	char h1[F48_SHA256_HEX], h2[F48_SHA256_HEX];
	struct stat s1, s2;
	bool e2;
	int rc;

	rc = f48_sfs_lstat(c->root, c->rp, a->path, &s2, &e2, err);
	if (rc == F48_OK && e2) {
		/* the interrupted run saved it: the same bytes, or refused */
		rc = f48_sfs_sha256(c->root, c->rp, a->from, MAX_SAVED, h1, NULL, err);
		if (rc == F48_OK)
			rc = f48_sfs_sha256(c->root, c->rp, a->path, MAX_SAVED, h2, NULL, err);
		if (rc == F48_OK && strcmp(h1, h2) != 0) {
			char *s = f48_path_join(c->rp, a->path);

			rc = f48_error_set(err, F48_EUNSAFE, s, 0, "a saved original exists and "
			    "differs from %s; it is never overwritten", a->from);
			free(s);
		}
		return rc == F48_OK ? record_hash(c, a->path, h1, err) : rc;
	}
	if (rc == F48_OK) {
		/* the hash of the bytes copied is recorded before the copy gets
		 * its name */
		int fd;

		rc = f48_sfs_open_read(c->root, c->rp, a->from, &fd, &s1, err);
		if (rc == F48_OK)
			rc = write_streamed(c, a, fd, f48_path_join(c->rp, a->from), a->path,
			    s1.st_mode & 0777, err);
	}
	return rc;
}

static int
do_move(run_ctx *c, const f48_action *a, f48_error *err)
{
	char hex[F48_SHA256_HEX];
	struct stat s1, s2;
	bool e1, e2;
	char *s;
	int rc;

	rc = f48_sfs_lstat(c->root, c->rp, a->from, &s1, &e1, err);
	if (rc == F48_OK)
		rc = f48_sfs_lstat(c->root, c->rp, a->path, &s2, &e2, err);
	if (rc < 0)
		return rc;
	if (!e1 && e2)
		return F48_OK;   /* done by the interrupted run (its hash recorded first) */
	if (e1 && !e2) {
		rc = f48_sfs_sha256(c->root, c->rp, a->from, MAX_SAVED, hex, NULL, err);
		if (rc == F48_OK)
			rc = record_hash(c, a->path, hex, err);
		if (rc == F48_OK)
			rc = f48_sfs_rename(c->root, c->rp, a->from, a->path, err);
		return rc;
	}
	s = f48_path_join(c->rp, a->from);
	rc = f48_error_set(err, F48_EUNSAFE, s, 0, e1 ?
	    "cannot move to %s: it exists already; nothing is overwritten" :
	    "gone, and %s does not exist either", a->path);
	free(s);
	return rc;
}

/* A spooled list file: copied from the state entry, checked on the way. */
static int
do_write_spooled(run_ctx *c, const f48_action *a, f48_error *err)
{
	int fd, rc;

	rc = f48_state_open_read(c->s, a->source, &fd, NULL, err);
	if (rc < 0)
		return rc;
	return write_streamed(c, a, fd, f48_path_join(f48_state_entry(c->s), a->source), NULL,
	    a->mode & 0777, err);
}

static int
do_action(run_ctx *c, const f48_action *a, f48_error *err)
{
	switch (a->kind) {
	case F48_ACT_MKDIR:
		return f48_sfs_mkdir(c->root, c->rp, a->path, a->mode & 0777, err);
	case F48_ACT_COPY:
		return do_copy(c, a, err);
	case F48_ACT_MOVE:
		return do_move(c, a, err);
	case F48_ACT_WRITE:
		if (a->source)
			return do_write_spooled(c, a, err);
		return f48_sfs_write(c->root, c->rp, a->path, a->content ? a->content : "",
		    a->len, a->mode & 0777, (uid_t)-1, (gid_t)-1, err);
	case F48_ACT_CHOWN_TREE: {
		chown_ctx cc = { c->rp, c->p->layout, c->uid, c->gid };

		return f48_sfs_walk(c->root, c->rp, chown_visit, &cc, err);
	}
	}
	return f48_error_set(err, F48_EUSAGE, c->rp, 0, "unknown action");
}

static void
step(const f48_apply_opts *o, size_t done, size_t total)
{
	if (o && o->after_step)
		o->after_step(o->step_ctx, done, total);
}

static int
run_actions(run_ctx *c, size_t start, const f48_apply_opts *o, size_t *done, f48_error *err)
{
	const f48_plan *p = c->p;
	size_t i;
	int rc = F48_OK;

	for (i = start; rc == F48_OK && i < p->n; i++) {
		rc = do_action(c, &p->actions[i], err);
		if (rc == F48_OK)
			rc = f48_state_journal(c->s, p->backup_dir, i + 1, p->n, err);
		if (rc == F48_OK && done)
			(*done)++;
		if (rc == F48_OK)
			step(o, i + 1, p->n);
	}
	return rc;
}

static int
load_hashes(f48_state *s, f48_hashes *h, f48_error *err)
{
	char *data = NULL, *file;
	size_t len;
	bool exists;
	int rc;

	memset(h, 0, sizeof(*h));
	rc = f48_state_read(s, "hashes", MAX_SAVED, &data, &len, &exists, err);
	if (rc < 0 || !exists)
		return rc;
	file = f48_path_join(f48_state_entry(s), "hashes");
	rc = f48_hashes_parse(data, len, file, h, err);
	free(file);
	free(data);
	return rc;
}

int
f48_apply(f48_state *s, const f48_plan *p, const f48_apply_opts *o, f48_findings *fs,
    f48_error *err)
{
	const char *rp = f48_state_list_dir(s);
	run_ctx c;
	f48_mig_status ms;
	f48_sb sb;
	struct stat st;
	bool exists;
	int root, rc;
	size_t i;

	memset(&c, 0, sizeof(c));
	if (p->layout == NULL)
		return f48_error_set(err, F48_EUSAGE, rp, 0, "the plan has no layout");
	for (i = 0; i < p->n; i++)
		if (p->actions[i].kind == F48_ACT_WRITE && p->actions[i].content == NULL &&
		    p->actions[i].source == NULL && p->actions[i].len > 0)
			return f48_error_set(err, F48_EUSAGE, rp, 0, "apply: %s has no content in "
			    "the plan (translated without the member lines)", p->actions[i].path);
	rc = owner_ids(p->owner, &c.uid, &c.gid, err);
	if (rc == F48_OK)
		rc = f48_state_status(s, &ms, err);
	if (rc < 0)
		return rc;
	if (ms.state != F48_MIG_NONE) {
		rc = f48_error_set(err, F48_EUSAGE, rp, 0, "a migration is recorded (backup %s); "
		    "resume it instead of starting again", ms.backup_dir);
		f48_mig_status_free(&ms);
		return rc;
	}
	rc = f48_sfs_open_root(rp, &root, err);
	if (rc < 0)
		return rc;
	rc = f48_apply_refuse_unsafe(root, rp, fs, err);
	if (rc == F48_OK)
		rc = f48_sfs_lstat(root, rp, p->backup_dir, &st, &exists, err);
	if (rc == F48_OK && exists)
		rc = f48_error_set(err, F48_EUNSAFE, rp, 0, "%s exists: the plan is stale; "
		    "run again", p->backup_dir);
	/* the state first: plan, manifest, no hashes yet, the journal last */
	f48_sb_init(&sb);
	if (rc == F48_OK) {
		f48_plan_serialize(p, o ? o->domain : NULL, &sb);
		rc = f48_state_write(s, "plan", sb.data, sb.len, err);
	}
	if (rc == F48_OK) {
		f48_sb_reset(&sb);
		rc = f48_manifest_build(root, rp, &sb, err);
	}
	if (rc == F48_OK)
		rc = f48_state_write(s, "manifest", sb.data, sb.len, err);
	if (rc == F48_OK) {
		f48_sb_reset(&sb);
		f48_hashes_serialize(&c.hashes, &sb);
		rc = f48_state_write(s, "hashes", sb.data, sb.len, err);
	}
	f48_sb_free(&sb);
	if (rc == F48_OK)
		rc = f48_state_journal(s, p->backup_dir, 0, p->n, err);
	if (rc == F48_OK) {
		step(o, 0, p->n);
		c.s = s;
		c.root = root;
		c.rp = rp;
		c.p = p;
		rc = run_actions(&c, 0, o, NULL, err);
	}
	f48_hashes_free(&c.hashes);
	close(root);
	return rc;
}

int
f48_apply_resume(f48_state *s, const f48_apply_opts *o, f48_findings *fs, size_t *done,
    f48_error *err)
{
	const char *rp = f48_state_list_dir(s);
	f48_mig_status ms;
	f48_plan *p = NULL;
	char *domain = NULL;
	run_ctx c;
	int root, rc;

	memset(&c, 0, sizeof(c));
	*done = 0;
	rc = f48_state_status(s, &ms, err);
	if (rc < 0)
		return rc;
	if (ms.state != F48_MIG_PARTIAL) {
		f48_mig_status_free(&ms);
		return F48_OK;
	}
	rc = f48_saved_plan_load(s, &p, &domain, err);
	if (rc == F48_OK && (strcmp(p->backup_dir, ms.backup_dir) != 0 || p->n != ms.n))
		rc = f48_error_set(err, F48_EINPUT, f48_state_entry(s), 0, "the journal and the "
		    "saved plan do not agree");
	if (rc == F48_OK && p->layout == NULL)
		rc = f48_error_set(err, F48_EINPUT, f48_state_entry(s), 0, "the saved plan has "
		    "no layout");
	if (rc == F48_OK)
		rc = owner_ids(p->owner, &c.uid, &c.gid, err);
	if (rc == F48_OK)
		rc = load_hashes(s, &c.hashes, err);
	if (rc == F48_OK)
		rc = f48_sfs_open_root(rp, &root, err);
	if (rc == F48_OK) {
		rc = f48_apply_refuse_unsafe(root, rp, fs, err);
		c.s = s;
		c.root = root;
		c.rp = rp;
		c.p = p;
		if (rc == F48_OK)
			rc = run_actions(&c, ms.next, o, done, err);
		close(root);
	}
	f48_hashes_free(&c.hashes);
	free(domain);
	f48_plan_free(p);
	f48_mig_status_free(&ms);
	return rc;
}

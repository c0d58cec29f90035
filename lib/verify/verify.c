/* verify.c - see verify.h. */
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"
#include "util/pathutil.h"
#include "util/findings.h"
#include "util/keyset.h"
#include "util/xalloc.h"

#include "codes.h"
#include "apply/apply.h"
#include "apply/state.h"
#include "util/safefs.h"
#include "plan/layout.h"
#include "verify/verify.h"

#define MAX_OWNER_FINDINGS 200

static char *
shown(const char *rp, const char *rel)
{
	return strcmp(rel, ".") == 0 ? f48_xstrdup(rp) : f48_xasprintf("%s/%s", rp, rel);
}

typedef struct fix_ctx {
	const char *rp;
	const f48_layout *layout;
	uid_t uid;
	gid_t gid;
	size_t fixed;
} fix_ctx;

static int
fix_visit(void *vc, int dfd, const char *name, const char *rel, const struct stat *st,
    f48_error *err)
{
	fix_ctx *c = vc;
	int mode = f48_layout_mode(c->layout, rel, S_ISDIR(st->st_mode));
	char *s;
	int rc;

	if (!(S_ISDIR(st->st_mode) || (S_ISREG(st->st_mode) && st->st_nlink == 1)))
		return F48_OK;   /* symlinks, hard links, FIFOs, sockets, devices:
				  * reported by the check; never changed */
	if (st->st_uid == c->uid && st->st_gid == c->gid &&
	    (mode < 0 || (st->st_mode & 07777) == (mode_t)mode))
		return F48_OK;
	s = shown(c->rp, rel);
	rc = f48_sfs_chown_at(dfd, name, s, st, c->uid, c->gid,
	    mode < 0 ? (mode_t)-1 : (mode_t)mode, err);
	free(s);
	if (rc == F48_OK)
		c->fixed++;
	return rc;
}

typedef struct owner_ctx {
	const char *rp;
	const f48_layout *layout;
	const char *owner;
	const char *fix;      /* the command that repairs it, with the real owner and list */
	uid_t uid;
	f48_findings *fs;
	size_t wrong;
} owner_ctx;

static int
owner_visit(void *vc, int dfd, const char *name, const char *rel, const struct stat *st,
    f48_error *err)
{
	owner_ctx *c = vc;
	int mode = f48_layout_mode(c->layout, rel, S_ISDIR(st->st_mode));

	(void)dfd;
	(void)name;
	(void)err;
	if (st->st_uid != c->uid) {
		if (++c->wrong <= MAX_OWNER_FINDINGS) {
			struct passwd *pw = getpwuid(st->st_uid);
			char *s = shown(c->rp, rel);

			f48_findings_add(c->fs, F48_SEV_WARNING, F48_C_OWNER_WRONG, s, 0,
			    c->fix, "owned by %s, not %s",
			    pw ? pw->pw_name : "an unknown uid", c->owner);
			free(s);
		}
	}
	if (mode >= 0 && !S_ISLNK(st->st_mode) && (st->st_mode & 07777) != (mode_t)mode) {
		char *s = shown(c->rp, rel);

		f48_findings_add(c->fs, F48_SEV_WARNING, F48_C_VERIFY_MODE, s, 0,
		    c->fix, "mode %04o, fml8 wants %04o",
		    (unsigned)(st->st_mode & 07777), (unsigned)mode);
		free(s);
	}
	return F48_OK;
}

static void
need(int root, const char *rp, const char *rel, bool dir, f48_findings *fs)
{
	struct stat st;
	bool exists;
	char *s = shown(rp, rel);

	if (f48_sfs_lstat(root, rp, rel, &st, &exists, NULL) != F48_OK || !exists)
		f48_findings_add(fs, F48_SEV_WARNING, F48_C_VERIFY_MISSING, s, 0, NULL,
		    "%s is missing", dir ? "a directory fml8 needs" : "a file fml8 needs");
	else if (dir != S_ISDIR(st.st_mode))
		f48_findings_add(fs, F48_SEV_WARNING, F48_C_VERIFY_TYPE, s, 0, NULL,
		    "must be a %s", dir ? "directory" : "regular file");
	free(s);
}

static void
must_be_gone(int root, const char *rp, const char *rel, const char *where, f48_findings *fs)
{
	struct stat st;
	bool exists;

	if (f48_sfs_lstat(root, rp, rel, &st, &exists, NULL) == F48_OK && exists) {
		char *s = shown(rp, rel);

		f48_findings_add(fs, F48_SEV_WARNING, F48_C_VERIFY_FML4_LEFT, s, 0,
		    where ? "fml4to8 migrate (which moves it into the backup)" :
		    "move it out of the list directory (e.g. into .fml4rc)",
		    "an fml4 file still where fml8 reads it%s%s", where ? "; the plan moves it to " : "",
		    where ? where : "");
		free(s);
	}
}

/*
 * An address list fml8 rewrites (layout flag "addresses") that differs from
 * what the migration wrote: a normal change when every line is still an
 * address line as fml8 writes them ("ADDRESS [options]", or a # comment,
 * or blank), damage otherwise.  0: well formed, *added and *removed count
 * the addresses (first words) that came and went; -1: *bad is the first
 * line that is not an address line (0 when the file lost every address).
 */
static int
address_changes(const char *plan, size_t plen, const char *cur, size_t clen, size_t *added,
    size_t *removed, long *bad)
{
	f48_keyset *planned = f48_keyset_new(), *seen = f48_keyset_new();
	size_t nplanned = 0, kept = 0, ncur = 0;
	int pass, rc = 0;

	*added = *removed = 0;
	*bad = 0;
	for (pass = 0; pass < 2 && rc == 0; pass++) {
		const char *b = pass ? cur : plan, *e = b + (pass ? clen : plen), *s, *nl;
		long lineno = 0;

		for (s = b; s < e; s = nl + 1) {
			const char *w, *we;
			uint64_t tok = 0;
			int r;

			lineno++;
			if ((nl = memchr(s, '\n', (size_t)(e - s))) == NULL)
				nl = e;
			for (w = s; w < nl && (*w == ' ' || *w == '\t'); w++)
				;
			if (w == nl || *w == '#')
				continue;
			for (we = w; we < nl && *we != ' ' && *we != '\t' && *we != '\r'; we++)
				;
			if (pass == 0) {
				if (f48_keyset_add(planned, w, (size_t)(we - w), 1, NULL) == 1)
					nplanned++;
				continue;
			}
			if (memchr(s, '\0', (size_t)(nl - s)) || memchr(w, '@', (size_t)(we - w)) == NULL) {
				*bad = lineno;
				rc = -1;
				break;
			}
			if ((r = f48_keyset_add(seen, w, (size_t)(we - w), 1, NULL)) != 1) {
				if (r < 0) {
					*bad = lineno;
					rc = -1;
					break;
				}
				continue;       /* the same address twice: fml8 reads it once */
			}
			ncur++;
			r = f48_keyset_add(planned, w, (size_t)(we - w), 2, &tok);
			if (r == 0 && tok == 1)
				kept++;
			else
				(*added)++;
		}
	}
	if (rc == 0) {
		*removed = nplanned - kept;
		if (ncur == 0 && nplanned > 0)
			rc = -1;
	}
	f48_keyset_free(planned);
	f48_keyset_free(seen);
	return rc;
}

static void
content_differs(const f48_plan *p, const f48_action *a, const char *data, size_t len,
    const char *shown_path, f48_findings *fs)
{
	const f48_layout_entry *e = f48_layout_find(p->layout, a->path);
	size_t added, removed;
	long bad;

	if (e != NULL && (e->flags & F48_LAYOUT_ADDRESSES)) {
		if (address_changes(a->content, a->len, data, len, &added, &removed, &bad) == 0) {
			f48_findings_add(fs, F48_SEV_INFO, F48_C_VERIFY_LIST_CHANGED, shown_path, 0,
			    NULL, "%zu address%s added and %zu removed since the migration "
			    "(fml8 subscribe/unsubscribe; not damage)", added, added == 1 ? "" : "es",
			    removed);
			return;
		}
		if (bad > 0) {
			f48_findings_add(fs, F48_SEV_WARNING, F48_C_VERIFY_CONTENT_DIFFERS, shown_path,
			    bad, "compare it with the saved plan in the backup directory",
			    "line %ld is not an address line as fml8 writes them: the file was "
			    "damaged or edited by hand", bad);
			return;
		}
		f48_findings_add(fs, F48_SEV_WARNING, F48_C_VERIFY_CONTENT_DIFFERS, shown_path, 0,
		    "compare it with the saved plan in the backup directory",
		    "every address the migration wrote is gone (%zu bytes, planned %zu)", len,
		    a->len);
		return;
	}
	f48_findings_add(fs, F48_SEV_WARNING, F48_C_VERIFY_CONTENT_DIFFERS, shown_path, 0,
	    "compare it with the saved plan in the backup directory",
	    "differs from what the migration wrote (%zu bytes, planned %zu)", len, a->len);
}

/* The file of a spooled write as it is against the plan: the same length
 * and SHA-256 is the same content; otherwise the two are read (the spool
 * from the state entry) so that the difference can be told. */
static void
check_spooled(f48_state *state, int root, const char *rp, const f48_plan *p,
    const f48_action *a, const char *s, f48_findings *fs, f48_error *err)
{
	char hex[F48_SHA256_HEX], *data = NULL, *want = NULL;
	size_t len, wlen;
	bool exists;

	if (f48_sfs_sha256(root, rp, a->path, (size_t)1 << 30, hex, &len, err) < 0)
		return;
	if (len == a->len && strcmp(hex, a->sha256) == 0)
		return;
	if (f48_state_read(state, a->source, (size_t)1 << 30, &want, &wlen, &exists, err) < 0 ||
	    !exists) {
		f48_findings_add(fs, F48_SEV_WARNING, F48_C_VERIFY_CONTENT_DIFFERS, s, 0,
		    "compare it with the saved plan in the backup directory",
		    "differs from what the migration wrote (%zu bytes, planned %zu); the "
		    "spooled copy %s is gone from the state directory", len, a->len, a->source);
		free(want);
		return;
	}
	if (f48_sfs_read(root, rp, a->path, (size_t)1 << 30, &data, &len, NULL, err) == F48_OK) {
		f48_action planned = *a;

		planned.content = want;
		planned.len = wlen;
		content_differs(p, &planned, data, len, s, fs);
	}
	free(data);
	free(want);
}

/* The state the plan leaves, checked path by path. */
static int
verify_plan(f48_state *state, int root, const char *rp, const f48_plan *p, f48_findings *fs,
    f48_error *err)
{
	size_t i, j;

	for (i = 0; i < p->n; i++) {
		const f48_action *a = &p->actions[i];
		bool later_moved = false, later_written = false;

		for (j = i + 1; j < p->n; j++) {
			const f48_action *b = &p->actions[j];

			if (b->kind == F48_ACT_MOVE && strcmp(b->from, a->path) == 0)
				later_moved = true;
			if (b->kind == F48_ACT_WRITE && strcmp(b->path, a->path) == 0)
				later_written = true;
		}
		switch (a->kind) {
		case F48_ACT_MKDIR:
			need(root, rp, a->path, true, fs);
			break;
		case F48_ACT_COPY:
		case F48_ACT_MOVE:
			need(root, rp, a->path, false, fs);
			if (a->kind == F48_ACT_MOVE && !later_written)
				must_be_gone(root, rp, a->from, a->path, fs);
			break;
		case F48_ACT_WRITE: {
			char *data = NULL;
			size_t len;
			struct stat st;
			bool exists;
			char *s;
			int mode;

			if (later_moved || later_written)
				break;
			s = shown(rp, a->path);
			if (f48_sfs_lstat(root, rp, a->path, &st, &exists, err) < 0 || !exists ||
			    !S_ISREG(st.st_mode)) {
				f48_findings_add(fs, F48_SEV_WARNING, F48_C_VERIFY_MISSING, s, 0,
				    "fml4to8 migrate (or rollback and migrate again)",
				    "a file the migration writes is missing");
				free(s);
				break;
			}
			if (a->source)
				check_spooled(state, root, rp, p, a, s, fs, err);
			else if (f48_sfs_read(root, rp, a->path, (size_t)1 << 30, &data, &len, &st,
			    err) == F48_OK && (len != a->len || memcmp(data, a->content, len) != 0))
				content_differs(p, a, data, len, s, fs);
			mode = f48_layout_mode(p->layout, a->path, false);
			if (mode < 0 && (st.st_mode & 07777) != (a->mode & 07777))
				f48_findings_add(fs, F48_SEV_WARNING, F48_C_VERIFY_MODE, s, 0, NULL,
				    "mode %04o, planned %04o", (unsigned)(st.st_mode & 07777),
				    (unsigned)(a->mode & 07777));
			free(data);
			free(s);
			break;
		}
		case F48_ACT_CHOWN_TREE:
			break;
		}
	}
	return F48_OK;
}

static void
verify_mtree(int root, const char *rp, const f48_layout *layout, f48_findings *fs)
{
	static const char *const fml4[] = { "config.ph", "actives" };
	size_t i;

	for (i = 0; i < layout->n; i++)
		if (layout->e[i].flags & F48_LAYOUT_NEED)
			need(root, rp, layout->e[i].path, layout->e[i].type == 'd', fs);
	for (i = 0; i < sizeof(fml4) / sizeof(fml4[0]); i++)
		must_be_gone(root, rp, fml4[i], NULL, fs);
}

int
f48_verify(const char *list_dir, const f48_verify_opts *o, f48_findings *fs, size_t *fixed,
    f48_error *err)
{
	const char *rp = list_dir, *owner;
	char *fix = NULL;
	f48_mig_status ms;
	f48_plan *p = NULL;
	char *domain = NULL;
	const f48_layout *layout;
	struct passwd *pw;
	owner_ctx oc;
	f48_state *state = NULL;
	f48_state_opts so = { .state_dir = o ? o->state_dir : NULL, .list_dir = list_dir,
		.key = o ? o->key : NULL, .lock = o && o->fix_owner, .who = "verify" };
	int root, rc;

	if (fixed)
		*fixed = 0;
	memset(&ms, 0, sizeof(ms));
	rc = f48_state_open(&so, &state, err);
	if (rc < 0)
		return rc;
	rc = f48_state_status(state, &ms, err);
	if (rc < 0) {
		f48_state_close(state);
		return rc;
	}
	if (ms.state != F48_MIG_NONE)
		rc = f48_saved_plan_load(state, &p, &domain, err);
	layout = p ? p->layout : o ? o->layout : NULL;
	if (rc == F48_OK && layout == NULL)
		rc = f48_error_set(err, F48_EUSAGE, rp, 0, "verify: no fml8 layout table");
	if (rc == F48_OK)
		rc = f48_sfs_open_root(rp, &root, err);
	if (rc < 0)
		goto out;
	if (f48_sfs_check_tree(root, rp, fs, err) < 0) {
		rc = err ? err->status : F48_EIO;
		goto close;
	}
	if (o && o->fix_owner) {
		fix_ctx fc;

		pw = getpwnam(o->fix_owner);
		if (pw == NULL) {
			rc = f48_error_set(err, F48_EUSAGE, NULL, 0, "--fix-owner %s: no such user",
			    o->fix_owner);
			goto close;
		}
		fc.rp = rp;
		fc.layout = layout;
		fc.uid = pw->pw_uid;
		fc.gid = pw->pw_gid;
		fc.fixed = 0;
		rc = f48_sfs_walk(root, rp, fix_visit, &fc, err);
		if (fixed)
			*fixed = fc.fixed;
		if (rc < 0)
			goto close;
	}
	if (ms.state == F48_MIG_PARTIAL) {
		char *s = shown(rp, ms.backup_dir);

		f48_findings_add(fs, F48_SEV_WARNING, F48_C_VERIFY_INCOMPLETE, s, 0,
		    "run fml4to8 migrate again: it finishes from the saved plan",
		    "the migration stopped before action %zu of %zu", ms.next + 1, p->n);
		free(s);
	}
	if (p)
		rc = verify_plan(state, root, rp, p, fs, err);
	else
		verify_mtree(root, rp, layout, fs);
	owner = o && o->fix_owner ? o->fix_owner : p ? p->owner : o && o->owner ? o->owner :
	    "fmladmin";
	pw = getpwnam(owner);
	if (pw == NULL) {
		rc = f48_error_set(err, F48_EUSAGE, NULL, 0, "owner %s: no such user", owner);
		goto close;
	}
	oc.rp = rp;
	oc.layout = layout;
	oc.owner = owner;
	fix = f48_xasprintf("fml4to8 verify --fix-owner %s %s", owner, rp);
	oc.fix = fix;
	oc.uid = pw->pw_uid;
	oc.fs = fs;
	oc.wrong = 0;
	if (rc == F48_OK)
		rc = f48_sfs_walk(root, rp, owner_visit, &oc, err);
	if (oc.wrong > MAX_OWNER_FINDINGS)
		f48_findings_add(fs, F48_SEV_WARNING, F48_C_OWNER_WRONG, rp, 0,
		    fix, "%zu paths in all are not owned by %s "
		    "(the first %d are listed)", oc.wrong, owner, MAX_OWNER_FINDINGS);
	free(fix);
close:
	close(root);
out:
	free(domain);
	f48_plan_free(p);
	f48_mig_status_free(&ms);
	f48_state_close(state);
	return rc;
}

int
f48_verify_domain(const char *domain_ml_dir, const f48_verify_opts *o, f48_findings *fs,
    size_t *fixed, f48_error *err)
{
	static const char *const parts[] = { "etc", "@db@", "@udb@" };
	const char *owner = o && o->fix_owner ? o->fix_owner : o && o->owner ? o->owner :
	    "fmladmin";
	struct passwd *pw = getpwnam(owner);
	size_t i;
	int rc = F48_OK;

	if (fixed)
		*fixed = 0;
	if (pw == NULL)
		return f48_error_set(err, F48_EUSAGE, NULL, 0, "owner %s: no such user", owner);
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]) && rc == F48_OK; i++) {
		char *rp = f48_path_join(domain_ml_dir, parts[i]);
		struct stat st;
		owner_ctx oc;
		int root;

		if (lstat(rp, &st) != 0 || !S_ISDIR(st.st_mode)) {
			free(rp);
			continue;
		}
		rc = f48_sfs_open_root(rp, &root, err);
		if (rc < 0) {
			free(rp);
			break;
		}
		if (f48_sfs_check_tree(root, rp, fs, err) < 0)
			rc = err ? err->status : F48_EIO;
		if (rc == F48_OK && o && o->fix_owner) {
			fix_ctx fc = { .rp = rp, .layout = NULL, .uid = pw->pw_uid, .gid = pw->pw_gid };

			rc = f48_sfs_walk(root, rp, fix_visit, &fc, err);
			if (fixed)
				*fixed += fc.fixed;
		}
		oc.rp = rp;
		oc.layout = NULL;
		oc.owner = owner;
		oc.uid = pw->pw_uid;
		oc.fs = fs;
		oc.wrong = 0;
		if (rc == F48_OK)
			rc = f48_sfs_walk(root, rp, owner_visit, &oc, err);
		if (oc.wrong > MAX_OWNER_FINDINGS)
			f48_findings_add(fs, F48_SEV_WARNING, F48_C_OWNER_WRONG, rp, 0,
			    oc.fix, "%zu paths in all are not owned by %s "
			    "(the first %d are listed)", oc.wrong, owner, MAX_OWNER_FINDINGS);
		close(root);
		free(rp);
	}
	return rc;
}

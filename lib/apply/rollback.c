/* rollback.c - see rollback.h. */
#include <errno.h>
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
#include "util/xalloc.h"

#include "codes.h"
#include "apply/apply.h"
#include "apply/plan_store.h"
#include "apply/rollback.h"
#include "apply/state.h"

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

static bool
under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* Is rel the source of a COPY action?  (Then a later MOVE of rel moves
 * what the plan wrote there, not the original.) */
static bool
copied(const f48_plan *p, const char *rel)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->actions[i].kind == F48_ACT_COPY && strcmp(p->actions[i].from, rel) == 0)
			return true;
	return false;
}

typedef struct item {
	const char *orig;            /* the fml4 path */
	const char *backup;          /* its saved copy */
	const f48_manifest_entry *m;
	char *data;                  /* the verified bytes, when they must be written */
	size_t len;
	bool restore;
} item;

/* Read rel when it is a regular file; *hex its SHA-256. */
static bool
read_hash(int root, const char *rp, const char *rel, char **data, size_t *len,
    char hex[F48_SHA256_HEX])
{
	struct stat st;
	bool exists;

	*data = NULL;
	if (f48_sfs_lstat(root, rp, rel, &st, &exists, NULL) != F48_OK || !exists ||
	    !S_ISREG(st.st_mode) || f48_sfs_read(root, rp, rel, MAX_SAVED, data, len, NULL,
	    NULL) != F48_OK)
		return false;
	f48_sha256_hex(*data, *len, hex);
	return true;
}

/* Step 1: decide for every original; the findings say what is missing. */
static int
check_item(int root, const char *rp, item *it, const f48_hashes *h, f48_findings *fs)
{
	const char *want = f48_hashes_get(h, it->backup);
	char hex[F48_SHA256_HEX], *data = NULL, *s = f48_path_join(rp, it->orig);
	const char *why = NULL;
	size_t len;
	struct stat st;
	bool exists = false;

	if (it->m == NULL || it->m->type != 'f')
		why = "is not a regular file in the manifest of the fml4 tree";
	else if (want == NULL) {
		/* never saved, so never replaced: it must still be there */
		if (f48_sfs_lstat(root, rp, it->orig, &st, &exists, NULL) != F48_OK || !exists ||
		    !S_ISREG(st.st_mode))
			why = "is gone, and no copy of it was saved";
	} else if (read_hash(root, rp, it->orig, &data, &len, hex) && strcmp(hex, want) == 0) {
		/* in place with the recorded bytes */
	} else {
		free(data);
		data = NULL;
		if (!read_hash(root, rp, it->backup, &data, &len, hex)) {
			if (f48_sfs_lstat(root, rp, it->backup, &st, &exists, NULL) == F48_OK && exists)
				why = "cannot be restored: its saved copy is not a readable regular file";
			else
				why = "cannot be restored: its saved copy is missing";
		} else if (strcmp(hex, want) != 0)
			why = "cannot be restored: its saved copy has changed since it was saved "
			    "(its SHA-256 is not the one recorded in the state directory)";
		else {
			it->data = data;
			it->len = len;
			it->restore = true;
			data = NULL;
		}
	}
	free(data);
	if (why)
		f48_findings_add(fs, F48_SEV_ERROR, F48_C_ROLLBACK_UNVERIFIED, s, 0,
		    "put the original back by hand (compare with the SHA-256 in the state "
		    "directory), or migrate forward instead", "%s (saved as %s/%s)", why, rp,
		    it->backup);
	free(s);
	return why ? 1 : 0;
}

static int
restore(int root, const char *rp, const item *it, f48_error *err)
{
	return f48_sfs_write(root, rp, it->orig, it->data, it->len, it->m->mode & 07777,
	    it->m->uid, it->m->gid, err);
}

static int
remove_tmp(int root, const char *rp, const char *rel, f48_error *err)
{
	char *dir = f48_path_dirname(rel), *base = f48_path_basename(rel), *t;
	int rc;

	t = strchr(rel, '/') == NULL ? f48_xasprintf(".%s.fml4to8-tmp", base) :
	    f48_xasprintf("%s/.%s.fml4to8-tmp", dir, base);
	rc = f48_sfs_remove(root, rp, t, false, err);
	free(t);
	free(dir);
	free(base);
	return rc;
}

/* Step 4: what the plan created, newest first. */
static int
remove_created(int root, const char *rp, const f48_plan *p, const f48_manifest *m,
    f48_findings *fs, f48_error *err)
{
	size_t i;
	int rc = F48_OK;

	for (i = p->n; rc == F48_OK && i-- > 0;) {
		const f48_action *a = &p->actions[i];

		if (a->kind != F48_ACT_WRITE && a->kind != F48_ACT_MKDIR)
			continue;
		if (under(a->path, p->backup_dir))
			continue;
		if (a->kind == F48_ACT_WRITE)
			rc = remove_tmp(root, rp, a->path, err);
		if (rc < 0 || f48_manifest_find(m, a->path) != NULL || is_include(a->path))
			continue;
		if (a->kind == F48_ACT_WRITE)
			rc = f48_sfs_remove(root, rp, a->path, false, err);
		else {
			f48_error e2;

			f48_error_clear(&e2);
			if (f48_sfs_remove(root, rp, a->path, true, &e2) < 0) {
				char *s = f48_path_join(rp, a->path);

				f48_findings_add(fs, F48_SEV_WARNING, F48_C_ROLLBACK_KEPT, s, 0,
				    "look at it and remove it by hand if it is not needed",
				    "created by the migration and not empty: kept (%s)",
				    f48_error_detail(&e2));
				free(s);
			}
		}
	}
	return rc;
}

/* Step 6: the manifest's modes and owners. */
static int
restore_modes(int root, const char *rp, const f48_manifest *m, f48_error *err)
{
	size_t i;
	int rc = F48_OK;

	for (i = 0; rc == F48_OK && i < m->n; i++) {
		const f48_manifest_entry *e = &m->e[i];
		struct stat st;
		bool exists;
		const char *leaf;
		char *s;
		int dfd;

		if (e->type != 'f' && e->type != 'd')
			continue;
		if (strcmp(e->path, ".") == 0) {
			if (fstat(root, &st) != 0)
				rc = f48_error_sys(err, F48_EIO, rp, "fstat");
			else
				rc = f48_sfs_chown_at(root, ".", rp, &st, e->uid, e->gid, e->mode, err);
			continue;
		}
		rc = f48_sfs_lstat(root, rp, e->path, &st, &exists, err);
		if (rc < 0 || !exists || S_ISDIR(st.st_mode) != (e->type == 'd'))
			continue;
		rc = f48_sfs_open_parent(root, rp, e->path, &dfd, &leaf, err);
		if (rc < 0)
			break;
		s = f48_path_join(rp, e->path);
		rc = f48_sfs_chown_at(dfd, leaf, s, &st, e->uid, e->gid, e->mode, err);
		free(s);
		close(dfd);
	}
	return rc;
}

static int
load_state(f48_state *s, f48_manifest *m, f48_hashes *h, f48_error *err)
{
	char *data = NULL, *file;
	size_t len;
	bool exists;
	int rc;

	rc = f48_state_read(s, "manifest", MAX_SAVED, &data, &len, &exists, err);
	file = f48_path_join(f48_state_entry(s), "manifest");
	if (rc == F48_OK && !exists)
		rc = f48_error_set(err, F48_EINPUT, file, 0, "missing: the fml4 tree's modes and "
		    "owners are not known");
	if (rc == F48_OK)
		rc = f48_manifest_parse(data, len, file, m, err);
	free(file);
	free(data);
	data = NULL;
	if (rc == F48_OK)
		rc = f48_state_read(s, "hashes", MAX_SAVED, &data, &len, &exists, err);
	file = f48_path_join(f48_state_entry(s), "hashes");
	if (rc == F48_OK && exists)
		rc = f48_hashes_parse(data, len, file, h, err);
	free(file);
	free(data);
	return rc;
}

int
f48_rollback(f48_state *s, f48_findings *fs, char **renamed_to, f48_error *err)
{
	const char *rp = f48_state_list_dir(s);
	f48_mig_status ms;
	f48_manifest m = { NULL, 0 };
	f48_hashes h = { NULL, 0 };
	f48_plan *p = NULL;
	item *items = NULL;
	char *domain = NULL;
	size_t i, ni = 0, bad = 0;
	int root = -1, rc;

	*renamed_to = NULL;
	rc = f48_state_status(s, &ms, err);
	if (rc < 0)
		return rc;
	if (ms.state == F48_MIG_NONE)
		return F48_OK;
	rc = f48_saved_plan_load(s, &p, &domain, err);
	if (rc == F48_OK)
		rc = load_state(s, &m, &h, err);
	if (rc == F48_OK)
		rc = f48_sfs_open_root(rp, &root, err);
	if (rc == F48_OK)
		rc = f48_apply_refuse_unsafe(root, rp, fs, err);
	/* 1. everything that must come back can, byte for byte */
	if (rc == F48_OK) {
		items = f48_xcalloc(p->n ? p->n : 1, sizeof(*items));
		for (i = 0; i < p->n; i++) {
			const f48_action *a = &p->actions[i];

			if (a->kind != F48_ACT_COPY && !(a->kind == F48_ACT_MOVE && !copied(p, a->from)))
				continue;
			items[ni].orig = a->from;
			items[ni].backup = a->path;
			items[ni].m = f48_manifest_find(&m, a->from);
			bad += (size_t)check_item(root, rp, &items[ni], &h, fs);
			ni++;
		}
		if (bad > 0)
			rc = f48_error_set(err, F48_EUNSAFE, rp, 0, "rollback refused: %zu fml4 "
			    "file(s) cannot be restored byte for byte (ROLLBACK_UNVERIFIED above); "
			    "nothing was changed", bad);
	}
	/* 2. mail waits while the fml4 files come back */
	for (i = 0; rc == F48_OK && i < ni; i++)
		if (items[i].restore && is_include(items[i].orig))
			rc = f48_sfs_write(root, rp, items[i].orig, DEFER_LINE, strlen(DEFER_LINE),
			    items[i].m->mode & 0777, items[i].m->uid, items[i].m->gid, err);
	/* 3. the originals, includes last */
	for (i = 0; rc == F48_OK && i < ni; i++)
		if (items[i].restore && !is_include(items[i].orig))
			rc = restore(root, rp, &items[i], err);
	/* 4. what the plan created */
	if (rc == F48_OK)
		rc = remove_created(root, rp, p, &m, fs, err);
	/* 5. the includes: fml4 gets the mail again */
	for (i = 0; rc == F48_OK && i < ni; i++)
		if (items[i].restore && is_include(items[i].orig))
			rc = restore(root, rp, &items[i], err);
	for (i = 0; rc == F48_OK && i < sizeof(includes) / sizeof(includes[0]); i++)
		if (f48_manifest_find(&m, includes[i]) == NULL)
			rc = f48_sfs_remove(root, rp, includes[i], false, err);
	/* 6. modes and owners of the fml4 tree */
	if (rc == F48_OK)
		rc = restore_modes(root, rp, &m, err);
	/* 7. the backup leaves the way, kept; the state is archived */
	if (rc == F48_OK) {
		struct stat st;
		bool exists;

		rc = f48_sfs_lstat(root, rp, p->backup_dir, &st, &exists, err);
		for (i = 1; rc == F48_OK && exists && i < 10000; i++) {
			char *to = f48_xasprintf("%s.rolled-back-%zu", p->backup_dir, i);
			bool taken;

			rc = f48_sfs_lstat(root, rp, to, &st, &taken, err);
			if (rc == F48_OK && !taken) {
				rc = f48_sfs_rename(root, rp, p->backup_dir, to, err);
				if (rc == F48_OK)
					*renamed_to = to;
				else
					free(to);
				break;
			}
			free(to);
		}
		if (rc == F48_OK && !exists)
			*renamed_to = f48_xstrdup("(none: the backup directory was never made)");
	}
	if (rc == F48_OK)
		rc = f48_state_archive(s, err);
	if (rc < 0) {
		free(*renamed_to);
		*renamed_to = NULL;
	}
	for (i = 0; i < ni; i++)
		free(items[i].data);
	free(items);
	if (root >= 0)
		close(root);
	free(domain);
	f48_hashes_free(&h);
	f48_manifest_free(&m);
	f48_plan_free(p);
	f48_mig_status_free(&ms);
	return rc;
}

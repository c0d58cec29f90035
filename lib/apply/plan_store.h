/*
 * plan_store.h - the saved forms of a migration, as kept in the state
 * directory (state.h): the plan, the manifest of the fml4 tree and the
 * hashes of the saved originals.  Text formats, one record a line, fields
 * separated by one space and %-escaped (safefs.h f48_sfs_escape):
 *   plan      "fml4to8-plan 3", backup, owner, domain, "layout N" and N rows
 *             "L TYPE MODE FLAGS PATH", "actions N" and N actions
 *             "A KIND MODE LEN PATH FROM WHY" (a write followed by LEN bytes
 *             and a newline; a spooled write has the spool file's name as
 *             FROM and is followed by "sha256 HEX" instead), "end".
 *             Version 2 (no spooled writes) is still read.
 *   manifest  "fml4to8-manifest 1", then "TYPE MODE UID GID PATH" per path
 *             (TYPE f, d or o)
 *   hashes    "fml4to8-hashes 1", then "SHA256 PATH" per saved original
 *             (PATH: where the backup of it is, relative to the list)
 * The parsers take bytes from the state directory (root's), still check
 * every field, and fail with F48_EINPUT and file:line.  Memory: the caller
 * frees what it gets (f48_plan_free, f48_manifest_free, f48_hashes_free).
 */
#ifndef F48_PLAN_STORE_H
#define F48_PLAN_STORE_H

#include <stddef.h>
#include <sys/types.h>

#include "util/error.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "plan/plan.h"

typedef struct f48_manifest_entry {
	char type;          /* 'f', 'd', 'o' */
	mode_t mode;
	uid_t uid;
	gid_t gid;
	char *path;
} f48_manifest_entry;

typedef struct f48_manifest {
	f48_manifest_entry *e;
	size_t n;
} f48_manifest;

typedef struct f48_hash_entry {
	char *path;
	char hex[F48_SHA256_HEX];
} f48_hash_entry;

typedef struct f48_hashes {
	f48_hash_entry *e;
	size_t n;
} f48_hashes;

void f48_plan_serialize(const f48_plan *p, const char *domain, f48_sb *sb);
/* file: for messages; list_dir goes into the plan. *domain may be NULL. */
int f48_plan_parse(const char *buf, size_t len, const char *file, const char *list_dir,
    f48_plan **out, char **domain, f48_error *err);

/* The manifest of the tree under root (a directory fd). */
int f48_manifest_build(int root, const char *rp, f48_sb *sb, f48_error *err);
int f48_manifest_parse(const char *buf, size_t len, const char *file, f48_manifest *m,
    f48_error *err);
const f48_manifest_entry *f48_manifest_find(const f48_manifest *m, const char *path);
void f48_manifest_free(f48_manifest *m);

void f48_hashes_set(f48_hashes *h, const char *path, const char hex[F48_SHA256_HEX]);
const char *f48_hashes_get(const f48_hashes *h, const char *path);
void f48_hashes_serialize(const f48_hashes *h, f48_sb *sb);
int f48_hashes_parse(const char *buf, size_t len, const char *file, f48_hashes *h,
    f48_error *err);
void f48_hashes_free(f48_hashes *h);

#endif

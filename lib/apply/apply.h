/*
 * apply.h - the "apply" stage: executes a plan (plan.h) under a list
 * directory, so that a run killed at any point and started again ends with
 * exactly the tree an uninterrupted run gives; and rollback.
 *
 * Before any change the whole list tree is scanned (never following a
 * symlink): a symlink or a regular file with more than one link anywhere in
 * it is refused with a TREE_SYMLINK / TREE_HARDLINK finding and F48_EUNSAFE;
 * nothing is changed.  Every file operation then goes through the list's
 * directory fd and safefs.h (*at() calls, O_NOFOLLOW on every component).
 *
 * Start of a fresh run: a staging directory ".fml4to8-staging" receives
 *   fml4to8-plan      the plan, serialized (actions, contents, owner, domain)
 *   fml4to8-manifest  type, mode, uid, gid of every path of the fml4 tree
 *   fml4to8-journal   "state migrating" / "next N": the first action not done
 * and is renamed to the plan's backup directory (.fml4rc or .fml4rc-N) in
 * one step, so the backup directory exists only with a plan in it.  A staging
 * directory left by a killed run is removed by the next fresh run.  Then
 * every action runs in order; after each, the journal is rewritten
 * atomically ("next N+1"; after the last: "state migrated").  Each action is
 * idempotent when replayed: MKDIR accepts an existing directory; COPY never
 * overwrites a saved original (an existing destination must hold the same
 * bytes, else F48_EUNSAFE, D25); MOVE with the source gone and the
 * destination present is done; WRITE replaces atomically; CHOWN_TREE chowns
 * and chmods (the modes of the plan's layout table) through O_NOFOLLOW fds.
 *
 * f48_apply_status finds a backup directory with a journal (at most one may
 * be active; rolled back ones are renamed and no longer count).
 * f48_apply_resume continues from the SAVED plan (never recomputed: the fml4
 * files may have moved already).  Test hook: opts.stop_after = N >= 0 makes
 * the run _exit(137) right after action N is journaled (0: right after the
 * backup directory is in place), to simulate kill -9 at each boundary; the
 * CLI sets it from FML4TO8_TEST_STOP_AFTER.
 *
 * f48_rollback: from the saved plan, the manifest and the backup: the
 * includes first defer mail (exit 75), every copied or moved original is
 * written back (atomically, its bytes, mode and owner), files and empty
 * directories the plan created are removed (a non-empty one is kept with a
 * ROLLBACK_KEPT finding), the original includes come back last, the
 * manifest's modes and owners are restored, and the backup directory is
 * renamed "<backup>.rolled-back-N": a later migrate starts afresh and no
 * backup is ever lost.  Rerunning a killed rollback finishes it.
 *
 * f48_ml_home_prefix_add: "makefml newdomain": append DOMAIN<TAB>PREFIX to
 * the map (created 0644 when missing) unless the domain (compared
 * case-insensitively) is there; atomic; *added tells which.
 *
 * Errors name the file and path; nothing is printed.
 */
#ifndef F48_APPLY_H
#define F48_APPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util/error.h"
#include "util/findings.h"
#include "plan/plan.h"

#define F48_STAGING_DIR  ".fml4to8-staging"
#define F48_PLAN_FILE    "fml4to8-plan"
#define F48_MANIFEST_FILE "fml4to8-manifest"
#define F48_JOURNAL_FILE "fml4to8-journal"

typedef enum f48_mig_state {
	F48_MIG_NONE,       /* no migration started (or all rolled back) */
	F48_MIG_PARTIAL,    /* journal: next < n */
	F48_MIG_DONE        /* journal: state migrated */
} f48_mig_state;

typedef struct f48_mig_status {
	f48_mig_state state;
	char *backup_dir;   /* relative name, when not NONE */
	size_t next;        /* first action not done */
} f48_mig_status;

typedef struct f48_apply_opts {
	const char *domain;     /* stored in the saved plan (ml_home_prefix) */
	long stop_after;        /* test hook, -1: off */
} f48_apply_opts;

/* One entry of the manifest. */
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

int f48_apply_status(const char *list_dir, f48_mig_status *st, f48_error *err);
void f48_mig_status_free(f48_mig_status *st);

int f48_apply(const f48_plan *p, const f48_apply_opts *o, f48_findings *fs, f48_error *err);
/* *done: actions run by this call. */
int f48_apply_resume(const char *list_dir, const f48_apply_opts *o, f48_findings *fs,
    size_t *done, f48_error *err);

/* The saved plan of the active backup directory; *domain may be NULL. */
int f48_saved_plan_load(const char *list_dir, const char *backup_dir, f48_plan **out,
    char **domain, f48_error *err);
int f48_manifest_load(const char *list_dir, const char *backup_dir, f48_manifest *m,
    f48_error *err);
void f48_manifest_free(f48_manifest *m);

/* *renamed_to: the backup's new name (NULL when there was nothing to roll back). */
int f48_rollback(const char *list_dir, f48_findings *fs, char **renamed_to, f48_error *err);

/* --target: copy the list tree `from` to `to` (which must not exist) through
 * "<to>.fml4to8-copy", renamed at the end; bytes, modes and owners kept;
 * symlinks, hard links and special files refused (F48_EUNSAFE). */
int f48_tree_copy(const char *from, const char *to, f48_error *err);

int f48_ml_home_prefix_add(const char *map, const char *domain, const char *prefix,
    bool *added, f48_error *err);

#endif

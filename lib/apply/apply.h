/*
 * apply.h - the "apply" stage: executes a plan (plan.h) under a list
 * directory, so that a run killed at any point and started again ends with
 * exactly the tree an uninterrupted run gives.
 *
 * Trust: the list directory and everything in it belong to the list owner
 * and are not trusted; what a run relies on is in the state directory
 * (state.h), which only root writes.  The caller opens the list's state with
 * its lock held (f48_state_open, .lock = true) and passes it in.
 *
 * Before any change the whole list tree is scanned (never following a
 * symlink): a symlink, a regular file with more than one link, a FIFO,
 * socket or device anywhere in it is refused (TREE_SYMLINK, TREE_HARDLINK,
 * TREE_SPECIAL findings, F48_EUNSAFE); nothing is changed.  Every file
 * operation goes through the list's directory fd and safefs.h.
 *
 * A fresh run records, in the state directory and before the first write
 * to the list: the plan (plan_store.h), the manifest (type, mode, owner of
 * every fml4 path), an empty hash list, and last the journal ("next 0").
 * Then every action runs in order; after each, the journal is rewritten
 * ("next N+1"; after the last: "state migrated").  Originals first: COPY
 * and MOVE record the SHA-256 of the original in the state's hash list
 * (fsynced) before the copy is written or the file moved, and the plan
 * replaces no file before its COPY (plan.h).  Each action is idempotent
 * when replayed: MKDIR accepts an existing directory; COPY never overwrites
 * a saved original (an existing destination must hold the same bytes, else
 * F48_EUNSAFE, D25); MOVE with the source gone and the destination present
 * is done; WRITE replaces atomically; CHOWN_TREE gives every regular file
 * and directory to the owner with the plan's layout modes, through
 * O_NOFOLLOW fds (safefs.h f48_sfs_chown_at).
 *
 * f48_apply_resume continues from the SAVED plan in the state directory
 * (never recomputed: the fml4 files may have moved already).
 *
 * Test hook: opts.after_step, when set, is called with N once the state
 * is recorded (N = 0, before the first action) and after action N is
 * journaled; the CLI installs one that simulates kill -9
 * (FML4TO8_TEST_STOP_AFTER).  The library itself never exits; a
 * zero-initialised f48_apply_opts has no hook and no domain.
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
#include "apply/state.h"

typedef void (*f48_apply_step_fn)(void *ctx, size_t done, size_t total);

typedef struct f48_apply_opts {
	const char *domain;            /* stored in the saved plan (ml_home_prefix) */
	f48_apply_step_fn after_step;  /* NULL: none (see above) */
	void *step_ctx;
} f48_apply_opts;

/* Where the list stands; see state.h. */
int f48_apply_status(f48_state *s, f48_mig_status *st, f48_error *err);

int f48_apply(f48_state *s, const f48_plan *p, const f48_apply_opts *o, f48_findings *fs,
    f48_error *err);
/* *done: actions run by this call. */
int f48_apply_resume(f48_state *s, const f48_apply_opts *o, f48_findings *fs, size_t *done,
    f48_error *err);

/* The saved plan of the recorded migration; *domain may be NULL. */
int f48_saved_plan_load(f48_state *s, f48_plan **out, char **domain, f48_error *err);

/* Symlinks, hard links, special files in the tree: findings and
 * F48_EUNSAFE, before anything is written. */
int f48_apply_refuse_unsafe(int root, const char *rp, f48_findings *fs, f48_error *err);

#endif

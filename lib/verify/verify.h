/*
 * verify.h - the "verify" stage: compares a list tree with what it must be
 * and reports every difference as a finding (severity warning).
 *
 * The migration's record is read from the state directory (state.h), never
 * from the list; with --fix-owner the list's lock is held (F48_EBUSY when
 * another run holds it).
 * With a saved plan (a migration recorded in the state directory): the journal must say "migrated" (VERIFY_INCOMPLETE); every
 * file the plan writes last must exist (VERIFY_MISSING) with the planned
 * bytes (VERIFY_CONTENT_DIFFERS; an address list the layout flags
 * "addresses" may differ the way fml8 changes it: VERIFY_LIST_CHANGED, info)
 * and mode (VERIFY_MODE); every directory
 * it makes must be one (VERIFY_MISSING, VERIFY_TYPE); every path it moves
 * away must be gone (VERIFY_FML4_LEFT) and saved in the backup.
 * Without one (a tree made by "makefml mergeml", or by hand): what fml8
 * needs, from the layout table (opts.layout, templates/fml8-layout.tsv:
 * the rows flagged "need"), and no config.ph or actives where fml8 reads
 * them (VERIFY_FML4_LEFT).  Modes are checked against the saved plan's
 * copy of the layout, else opts.layout (F48_EUSAGE when there is neither).
 * In both: every path of the tree belongs to the owner (OWNER_WRONG; the
 * plan's owner, else opts.owner, else "fmladmin"); symlinks and files with
 * more than one link are reported (TREE_SYMLINK, TREE_HARDLINK).
 *
 * opts.fix_owner: first gives every path to that user (and its group) and
 * sets the layout's modes, through O_NOFOLLOW|O_NONBLOCK fds (safefs.h
 * f48_sfs_chown_at), never through a symlink, never on a file with more
 * than one link, never on a FIFO, socket or device (all reported, not
 * changed: TREE_SYMLINK, TREE_HARDLINK, TREE_SPECIAL); then verifies.
 *
 * Returns F48_OK when the checks ran (the findings say what differs), or an
 * error naming the path.  Nothing is printed.
 */
#ifndef F48_VERIFY_H
#define F48_VERIFY_H

#include <stddef.h>

#include "util/error.h"
#include "util/findings.h"
#include "plan/layout.h"

typedef struct f48_verify_opts {
	const char *owner;       /* expected owner when there is no saved plan */
	const char *fix_owner;   /* NULL: only compare */
	const f48_layout *layout;   /* for a tree without a saved plan */
	const char *state_dir;   /* state.h; NULL: F48_STATE_DIR_DEFAULT */
	const char *key;         /* the list's production path; NULL: list_dir */
} f48_verify_opts;

int f48_verify(const char *list_dir, const f48_verify_opts *o, f48_findings *fs,
    size_t *fixed, f48_error *err);

/* The domain around a list: DOMAIN_ML_DIR/etc (fml4's site files, the
 * Postfix maps makefml newdomain and fml4to8 virtual write there), @db@
 * and @udb@ (fml8's domain databases; fml8 running as the owner writes
 * @udb@).  With opts.fix_owner every path of them is given to that user
 * and its group (modes kept: Postfix and the MTA read these), as in
 * f48_verify; then each path not owned by the owner is OWNER_WRONG.  Absent
 * parts are skipped.  *fixed counts the paths changed. */
int f48_verify_domain(const char *domain_ml_dir, const f48_verify_opts *o, f48_findings *fs,
    size_t *fixed, f48_error *err);

#endif

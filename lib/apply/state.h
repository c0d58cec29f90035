/*
 * state.h - the state directory: where everything migrate and rollback
 * trust lives, out of the list owner's reach.
 *
 * The list directory and everything in it (.fml4rc/ included) belong to the
 * list owner, who is not trusted.  The state directory (default
 * F48_STATE_DIR_DEFAULT, or opts.state_dir) must be a real directory owned
 * by the user running fml4to8 (root) and writable by nobody else (created
 * 0700 when missing; F48_EUNSAFE otherwise).  It holds one entry per list,
 * a directory named after the list's production path (opts.key, default
 * list_dir; '/' and unusual bytes %-escaped, a SHA-256 when that is longer
 * than 200 bytes), holding:
 *   path      the production path (for people)
 *   lock      the list's lock: flock(LOCK_EX|LOCK_NB), with the holder's pid
 *             and command written in it
 *   plan      the saved plan (plan_store.h)
 *   manifest  type, mode, uid, gid of every path of the fml4 tree, taken
 *             before the first write
 *   hashes    SHA-256 of every original saved into the backup, recorded
 *             before the original is copied or moved
 *   journal   "fml4to8-journal 3", backup, actions M, "state migrating",
 *             then one "next N" line appended (and fdatasync'ed) per action
 *             done and "state migrated" after "next M"; the last complete
 *             "next" line counts (a crash may cut only the last line).  A
 *             migration is recorded exactly when it exists.  Version 2 (one
 *             record rewritten whole) is still read
 *   content-NAME  the lines of an fml8 list file as translate spooled them
 *             (f48_members_tr_spool), which apply copies into the list
 *   rolled-back-N/  the files above of a migration rolled back
 * Files are written with safefs.h's writer (0600), read with bounds.
 *
 * f48_state_open with opts.lock checks that the list directory exists (no
 * symlink; else its error) and takes the lock (non-blocking): when another
 * process holds it, F48_EBUSY with its pid and command ("locked by pid 123
 * (fml4to8 migrate) ..."); the lock is released by f48_state_close (or the
 * process's end: a killed run never leaves a stale lock).  Without
 * opts.lock (verify, dry looks) nothing is created: a missing entry reads as
 * "no migration".  Errors name the path; nothing is printed.
 */
#ifndef F48_STATE_H
#define F48_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include <sys/stat.h>

#include "util/error.h"

#define F48_STATE_DIR_DEFAULT "/var/lib/fml4to8"
/* The largest journal read: about 100 resumed plans of 100,000 actions. */
#define F48_STATE_JOURNAL_MAX (16u << 20)

typedef struct f48_state f48_state;

typedef struct f48_state_opts {
	const char *state_dir;   /* NULL: F48_STATE_DIR_DEFAULT */
	const char *list_dir;    /* the list as this host sees it (required) */
	const char *key;         /* its production path; NULL: list_dir */
	bool lock;               /* take the list's lock (every writer does) */
	const char *who;         /* written into the lock: "migrate", "rollback" ... */
} f48_state_opts;

typedef enum f48_mig_state {
	F48_MIG_NONE,       /* no migration recorded (or all rolled back) */
	F48_MIG_PARTIAL,    /* journal: next < actions */
	F48_MIG_DONE        /* journal: state migrated */
} f48_mig_state;

typedef struct f48_mig_status {
	f48_mig_state state;
	char *backup_dir;   /* relative name in the list, when not NONE */
	size_t next;        /* first action not done */
	size_t n;           /* actions of the plan */
} f48_mig_status;

int f48_state_open(const f48_state_opts *o, f48_state **out, f48_error *err);
void f48_state_close(f48_state *s);
const char *f48_state_list_dir(const f48_state *s);
/* The entry's host path, for messages (NULL when there is none). */
const char *f48_state_entry(const f48_state *s);

/* name: "plan", "manifest", "hashes", "journal".  *exists false (and
 * F48_OK, *data NULL) when the file is absent. */
int f48_state_read(f48_state *s, const char *name, size_t max, char **data, size_t *len,
    bool *exists, f48_error *err);
int f48_state_write(f48_state *s, const char *name, const void *data, size_t len,
    f48_error *err);
/* The entry's directory fd for translate's spool (valid until close), or -1
 * without the lock. */
int f48_state_spool_fd(const f48_state *s);
/* Open a file of the entry for reading in pieces (*fd is the caller's). */
int f48_state_open_read(f48_state *s, const char *name, int *fd, struct stat *st,
    f48_error *err);
/* Remove a file of the entry (absent is fine). */
int f48_state_remove(f48_state *s, const char *name, f48_error *err);

int f48_state_status(f48_state *s, f48_mig_status *st, f48_error *err);
void f48_mig_status_free(f48_mig_status *st);
/* Record that the actions before next (of n) are done: next 0 starts a new
 * journal (written atomically, as is the first record of a process);
 * later records are appended and fdatasync'ed. */
int f48_state_journal(f48_state *s, const char *backup_dir, size_t next, size_t n,
    f48_error *err);
/* Move plan, manifest, hashes and journal into rolled-back-N/: afterwards
 * the list has no migration recorded. */
int f48_state_archive(f48_state *s, f48_error *err);

#endif

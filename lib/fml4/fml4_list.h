/*
 * fml4_list.h - the "read" stage: one fml4 list directory -> f48_fml4_list,
 * a faithful picture of the list as fml4 runs it:
 *   - the effective configuration (fml4_config: defaults, site files,
 *     config.ph, include options), its macro calls and hooks;
 *   - the include files (include, include-ctl, include-mead) and cf;
 *   - every member list the configuration names (MEMBER_LIST, ACTIVE_LIST,
 *     @MEMBER_LIST, @ACTIVE_LIST, ADMIN_MEMBER_LIST, MODERATOR_MEMBER_LIST),
 *     with counts by delivery mode and, on request, every entry;
 *   - the remote-administration password file;
 *   - all findings of all of the above, in one list.
 *
 * Input is untrusted and read only; nothing is written.  Files inside the
 * list are opened without following symlinks.  A missing or broken file is a
 * finding (severity error when the picture is incomplete), never a crash,
 * so that a domain dry-run goes on with the next list.
 * Errors returned: only F48_EUSAGE / F48_EINPUT when list_dir is not a
 * directory or the tables cannot be loaded.
 * Memory: the list owns everything; f48_fml4_list_free releases it.
 */
#ifndef F48_FML4_LIST_H
#define F48_FML4_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"
#include "util/findings.h"
#include "fml4/fml4_cf.h"
#include "fml4/fml4_config.h"
#include "fml4/fml4_cron.h"
#include "fml4/fml4_defaults.h"
#include "fml4/fml4_include.h"
#include "fml4/fml4_members.h"
#include "fml4/fml4_passwd.h"

typedef enum f48_list_role {
	F48_ROLE_MEMBERS = 1,        /* who may post / send commands */
	F48_ROLE_ACTIVES = 2,        /* who receives articles */
	F48_ROLE_ADMINS = 4,         /* remote administrators (also members) */
	F48_ROLE_MODERATORS = 8      /* receive posts to moderate */
} f48_list_role;

typedef struct f48_list_file {
	unsigned roles;              /* F48_ROLE_* bits */
	char *variable;              /* the fml4 variable that names it */
	char *path_prod;             /* as fml4 names it */
	char *path;                  /* on this host */
	bool exists;
	long long size;              /* bytes, when it exists (-1: unknown) */
	f48_member_counts counts;
	f48_member_list *entries;    /* when loaded with load_members, else NULL */
} f48_list_file;

struct f48_fml4_list;
/* Called with every entry of every member file as the read stage reads it
 * (files in l->files order; index is the file's position there), then once
 * with e == NULL at the end of each file read: a later stage can consume
 * the entries without anybody keeping them.  The entry is only valid during
 * the call; l is complete but for the counts of the files not yet read. */
typedef void (*f48_member_sink)(void *ctx, const struct f48_fml4_list *l, size_t index,
    const f48_member_entry *e);

typedef struct f48_fml4_list_opts {
	const char *list_dir;        /* host path */
	const char *root;            /* --root or NULL */
	const char *dir_prod;        /* the list's own path when list_dir is a copy
	                                of it elsewhere (its .fml4rc backup), else NULL */
	const char *default_config;  /* --fml4-defaults or NULL */
	const f48_fml4_tables *tables;
	f48_fml4_cache *cache;       /* shared Perl files parsed once (or NULL) */
	bool load_members;           /* keep every entry (else counts only) */
	f48_member_sink member_sink; /* or NULL */
	void *member_sink_ctx;
} f48_fml4_list_opts;

typedef struct f48_fml4_list {
	char *name;                  /* the directory's base name */
	char *dir;                   /* host path */
	char *dir_prod;              /* production path */
	char *root;                  /* the --root the list was read under (cleaned), or NULL */
	f48_fml4_config *config;
	f48_include *include, *include_ctl, *include_mead;
	f48_cf *cf;
	f48_list_file *files;
	size_t nfiles;
	f48_passwd *passwd;          /* NULL when there is none */
	f48_cron_entries cron;       /* fml4's cron jobs for this list (fml4_cron.h) */
	f48_findings findings;
} f48_fml4_list;

int f48_fml4_list_read(const f48_fml4_list_opts *opts, f48_fml4_list **out,
    f48_error *err);
void f48_fml4_list_free(f48_fml4_list *l);
/* A directory is an fml4 list if it holds config.ph or an include file that
 * runs fml.pl.  Used to find the lists of a domain's ~ml directory. */
bool f48_fml4_is_list_dir(const char *dir);

/* The one list-directory walker.  Kinds of list directory: */
#define F48_LISTDIR_FML4 1u   /* f48_fml4_is_list_dir */
#define F48_LISTDIR_FML8 2u   /* holds fml8's config.cf, or a .fml4rc/ backup */
bool f48_list_dir_is(const char *dir, unsigned kinds);
/* The list directories of those kinds below ml_dir (names skipped as fml4's
 * collector does: ".*", "@*", "etc"; symlinks are not entered), sorted. */
int f48_ml_dir_lists(const char *ml_dir, unsigned kinds, char ***names, size_t *n,
    f48_error *err);
/* The list directories an operand names: itself when it is a list of those
 * kinds; else the lists below it (f48_ml_dir_lists), each joined to it.
 * *n is 0 when it is neither (err is then set only when the directory
 * cannot be read).  *dirs: *n newly allocated paths (free each, then it). */
int f48_list_dirs_of(const char *dir, unsigned kinds, char ***dirs, size_t *n,
    f48_error *err);
/* The fml4 lists below a domain's ML_DIR (f48_ml_dir_lists with
 * F48_LISTDIR_FML4), sorted by name; *names is an array of
 * *n newly allocated names (free each, then the array). */
int f48_fml4_domain_lists(const char *ml_dir, char ***names, size_t *n, f48_error *err);

#endif

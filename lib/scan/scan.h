/*
 * scan.h - the "scan" stage: every fml list of a host, found the way mail
 * finds it, through Postfix's own configuration.
 *
 *   main.cf (opts.main_cf, else /etc/postfix/main.cf, else
 *   /usr/local/etc/postfix/main.cf; under root) with $name expansion
 *   (postfix_check's reader) -> alias_maps, alias_database and
 *   virtual_alias_maps -> for hash:/lmdb:/btree:/dbm:/texthash: maps the
 *   source text beside the .db (the path itself) -> every alias whose target
 *   is ":include:FILE" or a "|...fml.pl DIR" / "|.../libexec/fml/..." command
 *   (fml4_include's command parser), and every virtual entry to the alias it
 *   names, so that each list gets its public addresses.
 *   Then the ML_DIRs of the lists found (and opts.dirs) are walked with the
 *   one list-directory walker (fml4_list.h) for lists no alias reaches, and so
 *   are the directories of fml8's ml_home_prefix map.
 *
 * Per list: domain, name, directory, addresses, state with its evidence,
 * fml.pl, counts (fml4_list's read stage, counts only: memory does not grow
 * with the member count), seq and the date of the last article, findings
 * (SCAN_* codes in codes.h).
 *
 * Read-only.  Input is untrusted: list directories are never entered through
 * a symlink (SCAN_SYMLINK, the list is skipped); map and include files are
 * opened with O_NOFOLLOW.  Paths shown are production paths (what the admin
 * types); files are read at f48_path_on_host(root, path).
 * Errors: only a caller mistake returns one; everything about the host is a
 * finding.  Memory: f48_scan_free releases everything.
 */
#ifndef F48_SCAN_H
#define F48_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"
#include "util/findings.h"
#include "fml4/fml4_defaults.h"

typedef enum f48_scan_state {
	F48_SCAN_FML4,          /* fml4 runs it */
	F48_SCAN_FML8,          /* migrated by fml4to8 (journal: state migrated) */
	F48_SCAN_FML8_MERGEML,  /* made by makefml mergeml (.fml4rc without a plan) */
	F48_SCAN_FML8_NATIVE,   /* an fml8 list without any fml4 history */
	F48_SCAN_HALF,          /* an fml4to8 migration that did not finish */
	F48_SCAN_ROLLED_BACK    /* fml4 again after a rollback of fml4to8 */
} f48_scan_state;

const char *f48_scan_state_name(f48_scan_state s);

typedef struct f48_scan_list {
	char *domain;           /* "" when nothing says */
	char *name;
	char *dir;              /* production path */
	char **addresses;       /* public addresses (virtual keys, else alias names) */
	size_t naddresses;
	f48_scan_state state;
	char *evidence;         /* why that state */
	char *fml_pl;           /* fml4's fml.pl from the include file, or NULL */
	bool counted;
	size_t members, recipients, digest;
	long seq;               /* -1: no seq file */
	char *last_article;     /* "YYYY-MM-DDTHH:MM:SSZ" of spool/SEQ, or NULL */
	bool by_fml4, by_fml8;  /* reached by aliases that run fml4 / fml8 */
	f48_findings findings;
} f48_scan_list;

typedef struct f48_scan_opts {
	const char *root;       /* --root, or NULL */
	const char *main_cf;    /* production path, or NULL for the defaults */
	const char *ml_home_prefix_map;   /* NULL: /usr/local/etc/fml/ml_home_prefix */
	const char *const *dirs;          /* more ML_DIRs or list dirs (production paths) */
	size_t ndirs;
	const f48_fml4_tables *tables;    /* required: counts come from the read stage */
	const char *state_dir;            /* apply/state.h; NULL: the default */
} f48_scan_opts;

typedef struct f48_scan {
	char *main_cf;          /* the main.cf read (production path), or NULL */
	f48_scan_list *lists;   /* sorted: domain, then name */
	size_t n;
	f48_findings findings;  /* host level: main.cf, maps, aliases to nowhere */
} f48_scan;

int f48_scan_host(const f48_scan_opts *opts, f48_scan **out, f48_error *err);
void f48_scan_free(f48_scan *s);

/* Lists of one domain with no warning first, then by finding count and
 * members: the order to migrate in.  *idx gets n indexes into s->lists (caller
 * frees). */
size_t f48_scan_order(const f48_scan *s, const char *domain, size_t **idx);

#endif

/*
 * domain_maps.h - the domain's Postfix maps (the stage behind "fml4to8
 * virtual"): the virtual map and aliases file of a domain's fml8 lists in
 * fml8's block format, --fix of an existing fml8 virtual file, the
 * stale-entry scan of other maps, the include-owner and main.cf checks, and
 * the main.cf lines to add.
 *
 * Input: the ~ml directory (read through the domain stage, domain.h: the
 * lists' files are untrusted), the maps and main.cf named by the options
 * (the admin's; read with size bounds).  Output: written only where the
 * options say (virtual_out, aliases_out, fix): the old file is copied
 * aside first (safefs.h f48_sfs_backup_copy), then replaced atomically
 * with its mode and owner; a new map and its missing directories get the
 * owner of the nearest directory above (the domain's, the list owner's),
 * never through a symlink.  Maps not written go to r->maps ("==> virtual:
 * PATH <==" headers unless opts.only picks one).  Every path that goes
 * into a map or a suggested main.cf line is a production path (--root
 * removed).
 *
 * Result: r->fs the findings; r->report what was done, the lists, the
 * domain-line decision and the main.cf lines (text lines); r->domain_line
 * the decision ("keep: why"); r->errors one message a line for what could
 * not be done (the caller shows them), r->status the worst of them:
 * F48_OK, F48_EUSAGE (the directory is one list), F48_EINPUT (missing or
 * unreadable input, no list), F48_EIO (a write failed).  Nothing is
 * printed.  Memory: f48_dmaps_result_free.
 */
#ifndef F48_DOMAIN_MAPS_H
#define F48_DOMAIN_MAPS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/findings.h"
#include "util/strbuf.h"
#include "fml4/fml4_defaults.h"

enum { F48_DMAPS_AUTO = 0, F48_DMAPS_KEEP = 1, F48_DMAPS_DROP = 2 };

typedef struct f48_dmaps_opts {
	const char *ml_dir;         /* the domain's ~ml on this host; NULL: --fix or checks only */
	const char *root;           /* --root, or NULL */
	const char *realmx;         /* the host whose local(8) runs fml8 */
	const char *domain;         /* NULL: from the lists' MAIL_LIST */
	const char *prefix;         /* fml8's $ml_home_prefix (production); NULL: ml_dir's */
	const char *owner;          /* admin target when fml4 names none */
	const char *fml4_defaults;  /* the install's default_config.ph, or NULL */
	const f48_fml4_tables *tables;   /* needed with ml_dir */
	const char *virtual_out, *aliases_out;   /* host paths to write, or NULL */
	const char *only;           /* "virtual", "aliases" or NULL: what r->maps holds */
	const char *fix;            /* an fml8 virtual file to complete in place, or NULL */
	const char *main_cf;        /* main.cf to check, or NULL */
	const char *owners_from;    /* a listing (ls -l) giving the files' owners, or NULL */
	int domain_line;            /* F48_DMAPS_AUTO, _KEEP, _DROP */
	const char *const *check_virtual, *const *check_aliases;
	size_t ncheck_virtual, ncheck_aliases;
} f48_dmaps_opts;

typedef struct f48_dmaps_result {
	f48_findings fs;
	f48_sb report;
	f48_sb maps;
	f48_sb errors;
	char *domain_line;
	size_t nlists;
	int status;
} f48_dmaps_result;

/* Returns r->status.  r is initialised here. */
int f48_dmaps_run(const f48_dmaps_opts *o, f48_dmaps_result *r);
void f48_dmaps_result_free(f48_dmaps_result *r);

#endif

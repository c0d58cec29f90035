/*
 * domain.h - the domain stage: the lists of a domain's ~ml directory as the
 * Postfix maps need them (name, home, where fml4 sent its admin mail), and
 * the domain they serve.
 *
 * A list is any directory of the ~ml directory that is an fml4 list
 * (config.ph, or an include file running fml.pl), a list fml4to8 or
 * `makefml mergeml` migrated (config.cf, with the fml4 original in
 * .fml4rc/), or an fml8 list without an fml4 original (config.cf alone):
 * the kinds F48_LISTDIR_FML4 | F48_LISTDIR_FML8 of the one list-directory
 * walker (fml4/fml4_list.h, f48_ml_dir_lists).
 * The fml4 configuration, where there is one, gives MAIL_LIST (the domain)
 * and MAINTAINER; the admin and owner targets come from fml4's aliases (the
 * list's aliases file, its .fml4rc/aliases, the domain's etc/aliases), else
 * MAINTAINER, else opts->owner.
 *
 * Input: the list directories are untrusted (read, never executed, bounded
 * by the readers).  Output: *lists (each f48_pf_list_clear'ed, then the
 * array freed) and *domain belong to the caller.  What a person must look
 * at is a finding in fs (a list that cannot be read: FILE_UNREADABLE, error
 * severity; LIST_DOMAIN_MISMATCH; ALIAS_OWNER_UNKNOWN).  Errors (-1): the
 * directory is one list (F48_EUSAGE), cannot be read or holds no list, or
 * no list names the domain and opts->domain is NULL (F48_EINPUT).
 */
#ifndef F48_DOMAIN_H
#define F48_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"
#include "util/findings.h"
#include "fml4/fml4_defaults.h"
#include "postfix/postfix_maps.h"

typedef struct f48_domain_opts {
	const char *ml_dir;          /* the domain's ~ml directory on this host */
	const char *root;            /* --root, or NULL */
	const char *prefix;          /* fml8's $ml_home_prefix (production); NULL: ml_dir's */
	const char *domain;          /* the domain; NULL: from the lists' MAIL_LIST */
	const char *owner;           /* admin target when fml4 names none; may be NULL */
	const char *fml4_defaults;   /* the install's default_config.ph; may be NULL */
	const f48_fml4_tables *tables;
} f48_domain_opts;

int f48_domain_read(const f48_domain_opts *o, f48_pf_list **lists, size_t *n, char **domain,
    f48_findings *fs, f48_error *err);

#endif

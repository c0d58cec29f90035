/*
 * audit.h - the "audit" stage: an fml8 list (made by fml8's makefml mergeml,
 * or by fml4to8) compared with the fml4 list it came from.
 *
 * The fml4 original is read from LIST_DIR/.fml4rc (where mergeml and
 * fml4to8 keep it; its $DIR is still LIST_DIR, so site files and "$DIR/..."
 * values resolve as fml4 saw them), or from another directory given by the
 * caller.  It is translated (translate.h): that gives the config.cf lines
 * fml8 needs to behave as fml4 did, and the fml8 list files fml4's members
 * imply.  The fml8 side is evaluated as fml8 does (fml8 defaults, then
 * site_default_config.cf, then the list's config.cf).  Findings:
 *   SUBJECT_TAG_DROPPED, SETTING_DROPPED  a needed line is not in effect; the
 *                                         finding's fix is the line
 *   SETTING_CHANGED       config.cf sets a value fml4 did not have
 *   SETTING_PRESERVED     (info) a needed line is in effect
 *   SETTING_NEEDS_HUMAN   config.cf sets a key whose fml4 value cannot be
 *                         known: never "restored", a person decides
 *   MEMBER_LOST           an address fml4 had is missing from the fml8 file
 *   MEMBER_OPTION_LOST    an address that gets every post in fml8 but did not
 *                         in fml4 (digest, skip, off)
 *   MEMBER_OPTION_LEAKED  option text, CR or blanks in an fml8 list file line
 *   MEMBER_EXTRA          an address fml8 has that fml4 did not
 *   OWNER_WRONG           a path not owned by the list's owner
 *   INCLUDE_NOT_FML8      an include file that does not run fml8's program
 *   VIRTUAL_NO_REALMX     the list's virtual block maps to a bare local name
 *   VIRTUAL_DOMAIN_LINE   (info) the map declares the domain itself
 * plus the translation's own findings (settings fml8 cannot have, hooks).
 *
 * f48_audit_fix writes the restoring lines before "=cut" in config.cf and
 * rewrites the member lists that differ, each atomically after a backup copy
 * (never through a symlink); owners and the virtual map are left to
 * "verify --fix-owner" and "virtual --fix", named in the findings' fixes.
 *
 * Errors: F48_EINPUT when the list or its fml4 original cannot be read.
 * Memory: the f48_audit owns everything; f48_audit_free releases it.
 */
#ifndef F48_AUDIT_H
#define F48_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"
#include "util/findings.h"
#include "plan/layout.h"
#include "fml4/fml4_list.h"
#include "fml8/fml8_config.h"
#include "translate/translate.h"

typedef struct f48_audit_opts {
	const f48_fml4_tables *tables;
	const f48_rules *rules;
	const f48_cf8 *fml8_defaults;
	const f48_cf8 *site_defaults;     /* NULL: none */
	const f48_cf8 *list_template;
	const char *root;                 /* --root */
	const char *fml4_dir;             /* --fml4 DIR, or NULL for LIST_DIR/.fml4rc */
	const char *domain;               /* --domain */
	const char *owner;                /* expected owner, default "fmladmin" */
	const f48_layout *layout;         /* fml8-layout.tsv: modes of files --fix creates */
} f48_audit_opts;

typedef struct f48_audit_file {      /* an fml8 list file to repair */
	const char *name;                 /* "recipients" ... (static) */
	bool differs;
} f48_audit_file;

typedef struct f48_audit {
	char *list_dir;                   /* host path */
	f48_fml4_list *fml4;
	f48_fml8_list *want;
	f48_cfline *restore;              /* config.cf lines that restore fml4's behaviour */
	size_t nrestore;
	f48_audit_file files[F48_F8_NFILES];
	bool fml4_left[2];                /* config.ph, actives still in the list
	                                     directory (VERIFY_FML4_LEFT, as verify
	                                     says): --fix moves them into .fml4rc */
	f48_findings findings;
	const f48_layout *layout;         /* opts.layout (borrowed; may be NULL) */
} f48_audit;

int f48_audit_run(const char *list_dir, const f48_audit_opts *o, f48_audit **out,
    f48_error *err);
/* The fml4 files audit looks for where fml8 reads (index of fml4_left). */
extern const char *const f48_audit_fml4_files[2];
/* Apply the repairs; *changed counts the files written or moved. */
int f48_audit_fix(const f48_audit *a, size_t *changed, f48_error *err);
void f48_audit_free(f48_audit *a);

#endif

/*
 * postfix_check.h - reading a Postfix main.cf (or the output of
 * `postconf -n`, which has the same syntax) and checking what makes the
 * migrated lists of a virtual domain deliverable.
 *
 * Syntax accepted: "name = value" lines; a line that starts with white
 * space continues the previous one; lines whose first non-blank character
 * is "#" are comments, as are blank lines; a later definition of a name
 * overrides an earlier one.  Values are lists separated by commas and/or
 * white space; "$name", "${name}" and "$(name)" are expanded (also
 * "${name?text}" and "${name:text}"), with Postfix's defaults for the
 * parameters the checks read when main.cf does not set them.  A value
 * that depends on something unknown (myhostname unset: postconf -n omits
 * it) is reported as undecided, never guessed; so is a value whose
 * expansion would take more than 256K steps (parameters that refer to
 * each other several times per level grow exponentially).
 *
 * Checks (f48_pf_check_maincf), each a finding with file:line of the
 * parameter (0 when it is absent) and, as its fix, the whole line to put
 * into main.cf:
 *   MAINCF_REALMX_NOT_LOCAL        realmx is not in mydestination
 *   MAINCF_DOMAIN_IN_MYDESTINATION the list domain is in mydestination while
 *                                  a virtual map declares it a virtual alias
 *                                  domain
 *   MAINCF_ALIAS_MAPS_MISSING      the aliases file is not in alias_maps
 *   MAINCF_VIRTUAL_MAPS_MISSING    the virtual file is not in virtual_alias_maps
 *   MAINCF_COMMANDS_NOT_ALLOWED    allow_mail_to_commands lacks "include"
 *   MAINCF_RECIPIENT_DELIMITER     recipient_delimiter contains "="
 * and f48_pf_check_include_owner: INCLUDE_OWNED_BY_ROOT.
 *
 * Errors: f48_maincf_read fails only when the file cannot be read
 * (F48_EINPUT/F48_EUNSAFE naming it); a line that is no "name = value" is a
 * finding-free skip, as Postfix itself only warns.  Memory: f48_maincf owns
 * its strings (f48_maincf_free); returned strings are freed by the caller.
 */
#ifndef F48_POSTFIX_CHECK_H
#define F48_POSTFIX_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util/error.h"
#include "util/findings.h"
#include "util/strbuf.h"

typedef struct f48_maincf_param {
	char *name;
	char *value;     /* continuation lines joined with one space */
	long line;       /* where the definition starts */
} f48_maincf_param;

typedef struct f48_maincf {
	char *path;
	f48_maincf_param *params;
	size_t n, cap;
} f48_maincf;

int f48_maincf_parse(const char *text, size_t len, const char *path,
    f48_maincf **out);
int f48_maincf_read(const char *path, f48_maincf **out, f48_error *err);
void f48_maincf_free(f48_maincf *cf);
/* The last definition of name, or NULL. */
const f48_maincf_param *f48_maincf_find(const f48_maincf *cf, const char *name);
/* The value of name: main.cf's, else Postfix's default for the parameters
 * the checks use, else NULL (unknown). */
const char *f48_maincf_value(const f48_maincf *cf, const char *name);
/* name's value with every $name expanded; *unknown (may be NULL) is set
 * when a reference could not be resolved (it expands to "").  Caller frees. */
char *f48_maincf_expand(const f48_maincf *cf, const char *name, bool *unknown);
/* Split a value at commas and white space; *items is an array of newly
 * allocated strings (free each and the array); returns the count. */
size_t f48_maincf_split(const char *value, char ***items);
void f48_maincf_items_free(char **items, size_t n);
/* The file a map reference names ("hash:/p" "proxy:hash:/p" "/p" -> "/p"),
 * or NULL for a reference without a path. */
const char *f48_maincf_map_path(const char *ref);

typedef struct f48_pf_check_opts {
	const char *realmx;         /* host the virtual entries point at */
	const char *domain;         /* the list domain */
	const char *aliases_file;   /* production path of the aliases file */
	const char *virtual_file;   /* production path of the virtual file */
	bool domain_declared;       /* a virtual map (ours or another) declares it */
	const char *declared_where; /* for the message, may be NULL */
} f48_pf_check_opts;

void f48_pf_check_maincf(const f48_maincf *cf, const f48_pf_check_opts *o,
    f48_findings *fs);

/* Is `domain` declared a virtual alias domain by main.cf itself (an
 * explicit virtual_alias_domains value naming it)?  *line gets the line. */
bool f48_maincf_declares_domain(const f48_maincf *cf, const char *domain, long *line);

/* INCLUDE_OWNED_BY_ROOT (warning) when uid is 0: local(8) runs the
 * commands of a root-owned :include: file as default_privs, which cannot
 * write the list home.  `shown` is the path printed, `owner` the user the
 * fix should chown to (may be NULL). */
void f48_pf_check_include_owner(const char *shown, uid_t uid, const char *owner,
    f48_findings *fs);

/* Owners from a listing (the fixtures' MODES.txt: "TYPE MODE SYMBOLIC OWNER
 * GROUP SIZE SHA256 PATH [note]" per line, "#" comments), for a tree copied
 * from another host where the files' real owners are not on disk.  1 when
 * prod_path is listed (*owner newly allocated), 0 when not, <0 when the
 * listing cannot be read (err names it). */
int f48_pf_listing_owner(const char *listing, const char *prod_path, char **owner,
    f48_error *err);

/* --domain-line auto: drop when main.cf puts the domain in mydestination
 * or declares it in virtual_alias_domains, or one of the other virtual maps
 * (vmaps, not `self`) declares it; keep otherwise.  *why (appended) says
 * which and where.  cf may be NULL.  Returns true for keep.  An unreadable
 * map is F48_EINPUT in err, *rc < 0. */
bool f48_pf_decide_domain_line(const f48_maincf *cf, const char *const *vmaps,
    size_t nvmaps, const char *self, const char *domain, f48_sb *why, int *rc,
    f48_error *err);

#endif

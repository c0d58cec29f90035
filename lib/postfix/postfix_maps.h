/*
 * postfix_maps.h - the Postfix side of a migrated domain: fml8's virtual map
 * and aliases file, in fml8's own block format, so that fml8's tools (which
 * look for and append these blocks) still recognise what we write:
 *
 *   ### <VIRTUAL ml@domain ML> ###            ### <ALIASES ml=domain@domain ML> ###
 *   ml@domain<TAB><TAB>ml=domain@REALMX       ml=domain: :include:HOME/include
 *   ...                                       ...
 *   ### </VIRTUAL ml@domain ML> ###           ### </ALIASES ml=domain@domain ML> ###
 *
 * What is here (all pure text work on memory buffers, except the functions
 * that take a path, which only read that file):
 *   - generating the two blocks of one list (f48_pf_virtual_block,
 *     f48_pf_aliases_block);
 *   - putting a block into a document: an existing block with the same
 *     marker is replaced in place, further copies of it are removed (finding
 *     VIRTUAL_BLOCK_DUPLICATE), a new one is appended (f48_pf_put_block);
 *   - the domain line "DOMAIN<TAB>DOMAIN", kept active or written commented
 *     out (f48_pf_set_domain_line) and finding an active one in a map
 *     (f48_pf_virtual_declares);
 *   - --fix: the right-hand sides of fml8's virtual entries completed with
 *     "@REALMX", touching nothing else (f48_pf_fix_virtual); running it on
 *     its own output changes nothing;
 *   - where fml4 sent a list's admin mail (f48_pf_fml4_owner: the
 *     "ML-admin:" / "owner-ML:" targets of fml4's aliases file);
 *   - the stale-entry scan of alias and virtual files: every line that still
 *     sends a migrated list's mail to fml4 (f48_pf_scan_aliases,
 *     f48_pf_scan_virtual), as findings with file:line.
 *
 * Inputs are untrusted text; nothing here writes a file (the CLI writes with
 * util/safefs).  Errors: F48_EINPUT with "file:line: " (a block start
 * without its end marker, an unreadable file), never a crash.  Strings
 * returned are newly allocated and freed by the caller; f48_sb outputs are
 * appended to.  No global state.
 */
#ifndef F48_POSTFIX_MAPS_H
#define F48_POSTFIX_MAPS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"
#include "util/findings.h"
#include "util/strbuf.h"

/* One migrated list, as the maps need it.  Every string is owned by the
 * struct (f48_pf_list_clear frees them). */
typedef struct f48_pf_list {
	char *name;        /* ML: the list directory's name */
	char *domain;      /* the list's domain */
	char *home;        /* production path of the fml8 list home ($ml_home_prefix/ML) */
	char *fml4_dir;    /* production path of the fml4 list directory */
	char *admin;       /* target(s) of ML-admin, "a, b" (before ", ML-error=DOMAIN") */
	char *owner;       /* target(s) of owner-ML, owner-ML-ctl, owner-ML-error */
	char *owner_from;  /* where admin/owner were found, for the report */
} f48_pf_list;

void f48_pf_list_clear(f48_pf_list *l);

/* The five addresses of a list, in fml8's order: "", "-ctl", "-request",
 * "-admin", "-error" (suffixes to the list name). */
extern const char *const f48_pf_suffixes[5];

/* The virtual block of a list: five entries ML<suffix>@DOMAIN ->
 * ML<suffix>=DOMAIN@REALMX (realmx NULL or "": without "@REALMX", fml8's
 * own form).  Appended to out. */
void f48_pf_virtual_block(f48_sb *out, const char *ml, const char *domain,
    const char *realmx);
/* The aliases block of a list: ML=DOMAIN and ML-ctl=DOMAIN and
 * ML-error=DOMAIN to :include: of HOME/include, include-ctl,
 * include-error; ML-request=DOMAIN to ML-admin=DOMAIN; ML-admin=DOMAIN to
 * l->admin and ML-error=DOMAIN; owner-* to l->owner.  Appended to out. */
void f48_pf_aliases_block(f48_sb *out, const f48_pf_list *l);

/* The marker key of a block: "ml@domain" for VIRTUAL, "ml=domain@domain"
 * for ALIASES.  Caller frees. */
char *f48_pf_block_key(const char *kind, const char *ml, const char *domain);

/* Put `block` (a whole block, markers included, ending in "\n") into doc:
 * the first block with the same start line "### <KIND KEY ML> ###" is
 * replaced by it, every later copy is removed (finding
 * VIRTUAL_BLOCK_DUPLICATE naming file:line), none is appended at the end.
 * *changed (may be NULL) tells whether doc changed.  A start marker without
 * its end marker is F48_EINPUT "file:line: ..." and doc is left as it was. */
int f48_pf_put_block(f48_sb *doc, const char *file, const char *kind,
    const char *key, const char *block, bool *changed, f48_findings *fs,
    f48_error *err);

/* Make every domain line of doc for `domain` (an active "DOMAIN  X" or a
 * commented "#DOMAIN  X" line outside the blocks, the domain compared
 * without case) read "DOMAIN\tDOMAIN" (keep) or "#DOMAIN\tDOMAIN" (drop).
 * A line already in that state is not touched.  When there is none, the
 * line is inserted before the first block (or at the end).  `comment`
 * (may be NULL) is one line of text put as "# fml4to8 domain line: TEXT"
 * just above the first domain line; an earlier such comment there is
 * replaced (only when its text differs).  *changed tells whether doc
 * changed. */
void f48_pf_set_domain_line(f48_sb *doc, const char *domain, bool keep,
    const char *comment, bool *changed);

/* The state of the domain line of `domain` in doc: 1 active, 0 commented
 * out, -1 none. */
int f48_pf_domain_line_state(const char *doc, size_t len, const char *domain);

/* Does the map file at `path` declare `domain` a virtual alias domain (an
 * active line whose key is the bare domain)?  1 yes (*line gets its line
 * number), 0 no, <0 the file cannot be read (err). */
int f48_pf_virtual_declares(const char *path, const char *domain, long *line,
    f48_error *err);

/* --fix of an fml8 virtual file (text, len; `file` names it in findings):
 * in every entry whose key is ML<suffix>@DOMAIN and whose right-hand side is
 * fml8's ML<suffix>=DOMAIN, without "@REALMX" or with another host, the
 * right-hand side becomes ML<suffix>=DOMAIN@REALMX (finding
 * VIRTUAL_NO_REALMX, info: fixed); the separators, comments, blocks and
 * every other line stay byte for byte.  The result is appended to out;
 * *nfixed gets the number of lines changed.  The domains of the VIRTUAL
 * blocks found are appended to *domains (an array of *ndomains newly
 * allocated strings; the caller frees them), so the caller can then decide
 * their domain lines. */
void f48_pf_fix_virtual(const char *text, size_t len, const char *file,
    const char *realmx, f48_sb *out, size_t *nfixed, char ***domains,
    size_t *ndomains, f48_findings *fs);

/* Where fml4 sent a list's admin mail: the targets of "ML-admin:" and
 * "owner-ML:" in the fml4 aliases file at `path` (a list's `aliases`, or
 * the domain's collected etc/aliases), continuation lines joined, comments
 * skipped, :include:/"|command"/file targets dropped (fml4 programs).
 * Returns 1 when at least one was found (*admin and *owner newly allocated,
 * either may be NULL when only the other was found; *line the line of the
 * first), 0 when the file has neither or does not exist, <0 when it
 * cannot be read. */
int f48_pf_fml4_owner(const char *path, const char *ml, char **admin,
    char **owner, long *line, f48_error *err);

/* Stale entries.  `shown` is the path to print (the file as given).
 * Aliases file: every active alias whose value runs fml.pl (or another fml4
 * program under a list's fml4_dir), or includes a file of a migrated list's
 * fml4 directory (include, include-ctl, include-mead, .fml4rc/...) under a
 * name that is not fml8's ML=DOMAIN / ML-ctl=DOMAIN / ML-error=DOMAIN
 * (finding ALIAS_STALE_FML4, warning).
 * Virtual file: every active entry whose key is an address of a migrated
 * list (ML, ML-ctl, ML-request, ML-admin, ML-error, owner-ML, ML-owner at
 * its domain) and whose value is not fml8's ML<suffix>=DOMAIN[@host]
 * (finding VIRTUAL_STALE_FML4, warning), and fml8's form without @REALMX
 * (finding VIRTUAL_NO_REALMX, warning) when realmx is given.
 * Return <0 only when the file cannot be read. */
int f48_pf_scan_aliases(const char *path, const f48_pf_list *lists, size_t n,
    f48_findings *fs, f48_error *err);
int f48_pf_scan_virtual(const char *path, const f48_pf_list *lists, size_t n,
    const char *realmx, f48_findings *fs, f48_error *err);

#endif

/*
 * translate.h - the "translate" stage: one fml4 list (f48_fml4_list, read
 * with load_members) -> f48_fml8_list, what the fml8 list must contain so that
 * it behaves as the fml4 list did:
 *
 *   - config.cf lines for the part before "=cut", each with a comment naming
 *     the fml4 setting it keeps and where that was set (file:line).  A line is
 *     written only when fml8's effective defaults (templates/fml8-defaults.cf,
 *     or the host's default_config.cf, then site_default_config.cf, then the
 *     list template templates/fml8-config.cf.in) do not already give that
 *     state; the subject tag lines are always written when fml4 had a tag.
 *   - the fml8 list files (members, recipients, recipients-digest,
 *     members-admin, recipients-admin, members-moderator,
 *     recipients-moderator) holding clean addresses only, one per line,
 *     duplicates collapsed (domain compared without case), and
 *     etc/passwd-admin;
 *   - counts before and after, and findings: every fml4 setting that cannot be
 *     carried (SETTING_NOT_SUPPORTED, SETTING_NEEDS_HUMAN, HOOK_NEEDS_PORTING,
 *     POLICY_*), every member entry that is not carried as it was (digest
 *     interval and format, skip/off entries, invalid lines, duplicates).
 *   - never a line that this fml8 cannot run (templates/fml8-limits.tsv, e.g.
 *     use_log_rotate = yes): it is kept in `blocked` and FML8_CANNOT_RUN
 *     names the fml4 setting and what to do instead.
 *
 * Decisions come from templates/fml4-to-fml8.tsv and fml4-policy.tsv (rules.h).
 * Nothing is read from disk here but the tables; nothing is written.
 * Errors: F48_EINPUT when a table cannot be loaded; problems of the list are
 * findings.  Memory: the f48_fml8_list owns everything; f48_fml8_list_free.
 */
#ifndef F48_TRANSLATE_H
#define F48_TRANSLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"
#include "util/findings.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "fml4/fml4_config.h"
#include "fml4/fml4_list.h"
#include "fml8/fml8_config.h"
#include "translate/rules.h"

/* A config.cf line is data: renderers (the config.cf block, reports, audit)
 * format it; nobody parses "key = value" text back (f48_cfop: rules.h). */
typedef struct f48_cforigin {    /* an fml4 setting a line keeps */
	char *var;           /* "SUBJECT_TAG_TYPE" */
	char *file;          /* the file as the admin knows it on the fml4 host, or NULL */
	long line;           /* 0: no line (a default table, a fix-up) */
	f48_layer layer;
} f48_cforigin;

typedef struct f48_cfline {      /* one line for config.cf */
	char *key;           /* "article_subject_tag" */
	f48_cfop op;
	char *value;         /* the text after the operator, as fml8 reads it */
	f48_cforigin *origins;
	size_t norigins;
	char *why;           /* the comment: "fml4 SUBJECT_TAG_TYPE = [:] (config.ph:638)" */
	bool forced;         /* written even if fml8's defaults agree */
} f48_cfline;

/* A setting translate did not carry because one of its fml4 inputs cannot be
 * known statically (SETTING_NEEDS_HUMAN): no line was written for it. */
typedef struct f48_cfunknown {
	char *var;           /* the unknown input */
	char *raw;           /* its source text, or NULL */
	char *file;          /* host path */
	long line;
	char **keys;         /* the fml8 keys the rule would have set */
	size_t nkeys;
} f48_cfunknown;

/* Append "key op value" (no newline) to out. */
void f48_cfline_format(const f48_cfline *l, f48_sb *out);
/* The same as a new string. */
char *f48_cfline_text(const f48_cfline *l);
/* Deep copy into *dst; f48_cfline_clear frees what a line owns. */
void f48_cfline_copy(f48_cfline *dst, const f48_cfline *src);
void f48_cfline_clear(f48_cfline *l);
/* True when the line's key is `key` and its value holds the word `word`. */
bool f48_cfline_has_word(const f48_cfline *l, const char *key, const char *word);

typedef enum f48_fml8_file_kind {
	F48_F8_MEMBERS, F48_F8_RECIPIENTS, F48_F8_RECIPIENTS_DIGEST,
	F48_F8_MEMBERS_ADMIN, F48_F8_RECIPIENTS_ADMIN,
	F48_F8_MEMBERS_MODERATOR, F48_F8_RECIPIENTS_MODERATOR,
	F48_F8_PASSWD_ADMIN,
	F48_F8_NFILES
} f48_fml8_file_kind;

typedef struct f48_fml8_file {
	const char *name;    /* "members", "etc/passwd-admin" ... (static) */
	char **lines;        /* without newline; addresses, or "addr<TAB>hash";
	                        NULL unless keep_lines (then n of them) */
	size_t n, cap;       /* n: the lines of the file, kept or not */
	size_t bytes;        /* the size of the file: the lines and their newlines */
	bool needed;         /* written even when empty (members, recipients) */
	char *spool;         /* spool mode: the name of the file in the spool
	                        directory holding the lines (owned), else NULL */
	char sha256[F48_SHA256_HEX];   /* spool mode: the SHA-256 of that file */
} f48_fml8_file;

typedef struct f48_translate_counts {
	size_t fml4_members;         /* entries fml4 counted as members */
	size_t fml4_recipients;      /* fml4 real-time deliveries */
	size_t fml4_digest;          /* fml4 digest deliveries */
	size_t fml4_not_delivered;   /* skip + off entries in the delivery list */
	size_t fml4_invalid;         /* lines fml4 could not use as intended */
	size_t fml8_members, fml8_recipients, fml8_digest;
	size_t duplicates;           /* collapsed */
} f48_translate_counts;

typedef struct f48_fml8_list {
	char *ml_name;
	char *ml_domain;             /* NULL when it could not be decided */
	f48_cfline *lines;
	size_t nlines;
	f48_cfunknown *unknown;      /* settings not carried: an input is unknown */
	size_t nunknown;
	f48_cfline *blocked;         /* lines not written: this fml8 cannot run them
	                                (templates/fml8-limits.tsv, FML8_CANNOT_RUN) */
	size_t nblocked;
	f48_fml8_file files[F48_F8_NFILES];
	f48_translate_counts counts;
	f48_findings findings;
} f48_fml8_list;

/* The members part, fed one entry at a time (translate_members.c): give
 * f48_members_tr_entry to the read stage as its member sink (with the tr as
 * its context), then the tr to f48_translate, so that no member file is held
 * in memory.  keep_lines keeps the fml8 files' lines (audit and migrate need
 * them); max_addresses (0: F48_KEYSET_MAX) caps each fml8 file, past which a
 * MEMBER_LIST_TOO_LARGE finding is made instead of running out of memory.
 *
 * f48_members_tr_spool puts the lines into files instead of memory (what
 * migrate does, so that no member list is held in memory whatever its
 * size): one file per fml8 file, named by f48_members_spool_name, created
 * 0600 in the directory dirfd (the state directory's entry of the list:
 * root's alone, because apply copies these bytes into the list), removed
 * first if a killed run left one, never opened through a link; written as
 * the lines come, fsync'ed when the translation ends.  Each f48_fml8_file
 * then names its spool file and carries its SHA-256; a write, fsync or
 * create failure makes f48_translate fail with F48_EIO and the path.  dirfd
 * stays the caller's and must stay open until f48_translate returns. */
typedef struct f48_members_tr f48_members_tr;
f48_members_tr *f48_members_tr_new(bool keep_lines, size_t max_addresses);
void f48_members_tr_spool(f48_members_tr *c, int dirfd, const char *shown);
/* "content-members", "content-etc-passwd-admin" (new string) */
char *f48_members_spool_name(const char *fml8_file);
void f48_members_tr_entry(void *ctx, const f48_fml4_list *l, size_t index,
    const f48_member_entry *e);
void f48_members_tr_free(f48_members_tr *c);

typedef struct f48_translate_opts {
	const f48_rules *rules;
	const f48_cf8 *fml8_defaults;     /* default_config.cf (or our table) */
	const f48_cf8 *site_defaults;     /* site_default_config.cf, or NULL */
	const f48_cf8_env *fml8_env;      /* the two above already applied (f48_tables'
	                                     fml8_env), or NULL: translate applies them
	                                     for each list */
	const f48_cf8 *list_template;     /* the config.cf newml installs */
	const char *domain;               /* --domain, or NULL: from the list */
	f48_members_tr *members;          /* fed by the read stage (its
	                                     keep_lines decides), or NULL: from
	                                     the entries the read stage kept,
	                                     lines kept */
} f48_translate_opts;

int f48_translate(const f48_fml4_list *l, const f48_translate_opts *o,
    f48_fml8_list **out, f48_error *err);
void f48_fml8_list_free(f48_fml8_list *t);
/* The config.cf block: the lines with their comments, between markers. */
void f48_translate_block(const f48_fml8_list *t, f48_sb *out);

/* Members part (translate_members.c), used by f48_translate. */
int f48_translate_members(const f48_fml4_list *l, f48_members_tr *fed, f48_fml8_list *t,
    f48_error *err);

#endif

/*
 * fml8_config.h - fml8's config.cf format: read, edit, write, and evaluate.
 * (../shared/docs/fml-formats.md §6.1-6.2; fml8 FML::Config::_read_file.)
 *
 * The document model (f48_cf8) keeps every line of a file as written, so
 * writing an unchanged document gives the same bytes (CRLF, missing final
 * newline, trailing blanks, EUC-JP comments and all).  Lines are classified:
 *   ASSIGN  "key = value", "key += value", "key -= value" (key [A-Za-z0-9_]+,
 *           value trailing-blank stripped; no quoting exists in config.cf)
 *   CONT    a line starting with white space after a key was seen: its text
 *           is appended with one space to the last key's value, whatever the
 *           operator was; an indented "# ..." is part of the value (fml8 does so)
 *   COMMENT a line whose first character is "#"; BLANK; NAMESPACE "[name]"
 *   POD     a line starting with "=" (=cut, =head1 ...): "=cut" starts the hook
 *           part, whose lines are HOOK until the next line starting with "=".
 *   OTHER   anything else (fml8 ignores it): a finding CF8_LINE_IGNORED.
 *
 * Evaluation (f48_cf8_env) follows fml8: files are applied in order
 * (default_config.cf, site_default_config.cf, the list's config.cf); "="
 * replaces the raw value, "+=" appends one whitespace-separated element,
 * "-=" removes elements string-equal to the whole value; continuation lines
 * append to the raw value.  Expansion is lazy: $name / ${name} /
 * ${name:-default} (lower-case names, as fml8's regexp allows), undefined ->
 * "", at most 16 rounds, a self reference is an error (fml8 croaks), and so
 * is a value that grows past 1 MiB while expanding (fml8 would build it).
 * Every raw value remembers the file:line of its last assignment.
 *
 * Input is untrusted.  Errors: F48_EINPUT for unreadable files (with
 * path), never for content: content problems are findings.
 * Memory: f48_cf8 and f48_cf8_env own their strings; free with *_free.
 */
#ifndef F48_FML8_CONFIG_H
#define F48_FML8_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"
#include "util/findings.h"
#include "util/strbuf.h"

typedef enum f48_cf8_kind {
	F48_CF8_BLANK, F48_CF8_COMMENT, F48_CF8_ASSIGN, F48_CF8_CONT,
	F48_CF8_NAMESPACE, F48_CF8_POD, F48_CF8_HOOK, F48_CF8_OTHER
} f48_cf8_kind;

typedef struct f48_cf8_line {
	f48_cf8_kind kind;
	char *raw;          /* the line's bytes without its line end */
	size_t raw_len;
	char *eol;          /* "\n", "\r\n" or "" (last line without newline) */
	long lineno;
	char *key;          /* ASSIGN (and CONT: the key it continues) */
	char op[3];         /* ASSIGN: "=", "+=", "-=" */
	char *value;        /* ASSIGN: value; CONT: the appended text */
} f48_cf8_line;

typedef struct f48_cf8 {
	char *path;
	f48_cf8_line *lines;
	size_t n, cap;
	long cut_line;      /* index of the first "=cut" line, or -1 */
	size_t ncut;        /* how many "=cut" lines */
} f48_cf8;

int f48_cf8_read(const char *path, f48_cf8 **out, f48_findings *findings, f48_error *err);
/* Parse bytes; `path` is used in findings.  Never fails. */
f48_cf8 *f48_cf8_parse(const char *buf, size_t len, const char *path, f48_findings *findings);
void f48_cf8_write(const f48_cf8 *cf, f48_sb *out);
/* Insert `text` (one or more complete lines, each ending in "\n") just before
 * the first "=cut" line, or at the end followed by a "=cut" line when there
 * is none.  The inserted lines are parsed and classified like the others. */
void f48_cf8_insert_before_cut(f48_cf8 *cf, const char *text);
void f48_cf8_free(f48_cf8 *cf);

typedef struct f48_cf8_env f48_cf8_env;

f48_cf8_env *f48_cf8_env_new(void);
/* A new env with fml8's defaults (default_config.cf) applied, then the
 * site's (site_default_config.cf; may be NULL). */
f48_cf8_env *f48_cf8_env_defaults(const f48_cf8 *defaults, const f48_cf8 *site);
/* A new env equal to src in every respect (keys in the same order, values,
 * origins): applying the same documents to a copy or to the original gives
 * the same env, so a base shared by many lists is applied once. */
f48_cf8_env *f48_cf8_env_copy(const f48_cf8_env *src);
/* Apply a document's assignments (and continuations) on top of the env. */
void f48_cf8_env_apply(f48_cf8_env *env, const f48_cf8 *cf);
/* Set one variable as "key = value" from a pseudo file (e.g. "-o" options). */
void f48_cf8_env_set(f48_cf8_env *env, const char *key, const char *value,
    const char *file, long line);
/* The raw (unexpanded) value, or NULL when the key was never assigned;
 * *file and *line (may be NULL) get the last assignment's origin. */
const char *f48_cf8_env_raw(const f48_cf8_env *env, const char *key,
    const char **file, long *line);
/* The expanded value (newly allocated; "" for an undefined key).  On a loop
 * or more than 16 rounds or past 1 MiB: NULL, and *errmsg (newly allocated)
 * says why. */
char *f48_cf8_env_expand(const f48_cf8_env *env, const char *key, char **errmsg);
/* True when the expanded value, split on white space, contains `word`. */
bool f48_cf8_env_has_word(const f48_cf8_env *env, const char *key, const char *word);
/* Apply one "key = v" / "key += v" / "key -= v" line if it changes fml8's
 * effective state, and say whether it did: "=" changes it when the expanded
 * value differs; "+=" when the word is not there yet (fml8 would add it a
 * second time); "-=" when the word is there.  A line of another form is
 * ignored (false). */
bool f48_cf8_env_apply_line(f48_cf8_env *env, const char *line);
/* Number of keys, and the i-th key in first-assignment order. */
size_t f48_cf8_env_size(const f48_cf8_env *env);
const char *f48_cf8_env_key_at(const f48_cf8_env *env, size_t i);
void f48_cf8_env_free(f48_cf8_env *env);

#endif

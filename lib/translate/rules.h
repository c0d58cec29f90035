/*
 * rules.h - the translation tables of templates/ (data, not code):
 *
 *   fml4-to-fml8.tsv  FML4_VAR DECISION FML8 NOTE: for every fml4 variable,
 *                     convert (with a named converter), map (value -> fml8
 *                     lines), unsupported, human, or ignore.
 *   fml4-policy.tsv   KIND PERMIT HANDLER LINES FINDING NOTE: fml4 access
 *                     policy pairs and the fml8 restrictions that keep them.
 *   fml4-hooks.tsv    FML4_HOOK FML8_HOOK NOTE: where a hook's job goes.
 *   timezones.tsv     NAME OFFSET: zone names an fml4 TZone may hold.
 *   fml8-limits.tsv   KEY VALUE SEVERITY WHAT TODO: fml8 lines this fml8
 *                     cannot run (or that behave unlike their names); translate
 *                     never writes them.
 *
 * Every "convert" row names a converter of translate's table and every
 * FINDING a code translate emits; both are checked here, at load.
 * Lookups by variable name are hashed.
 *
 * Errors: a missing file, a malformed row, an unknown converter or finding
 * code is F48_EINPUT with file:line.
 * Memory: the tables own everything; f48_rules_free releases it.
 */
#ifndef F48_RULES_H
#define F48_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"
#include "util/strmap.h"

typedef enum f48_decision {
	F48_DEC_CONVERT, F48_DEC_MAP, F48_DEC_UNSUPPORTED, F48_DEC_HUMAN, F48_DEC_IGNORE
} f48_decision;

/* The operator of a config.cf line. */
typedef enum f48_cfop { F48_CFOP_SET, F48_CFOP_ADD, F48_CFOP_SUB } f48_cfop;

typedef struct f48_rule_line {  /* an fml8 line of a table: "key op value" */
	char *key;
	f48_cfop op;
	char *value;                /* may hold %s (a map rule's fml4 value) */
} f48_rule_line;

typedef struct f48_map_case {   /* one "VALUE=>LINES" of a map rule */
	char *value;                /* "true", "false", "*" or a literal */
	f48_rule_line *lines;       /* fml8 lines; none for "-" */
	size_t nlines;
} f48_map_case;

/* A converter of translate's table (translate.c). */
typedef struct f48_converter f48_converter;
const f48_converter *f48_converter_find(const char *name);
/* Whether the converter needs the FML8 column's ":VAR" part. */
bool f48_converter_needs_target(const f48_converter *cv);
/* The table, for tests that go over every converter. */
size_t f48_converter_count(void);
const char *f48_converter_name_at(size_t i);

typedef struct f48_rule {
	char *var;
	f48_decision decision;
	char *converter;            /* convert: "subject_tag", "address" ... */
	const f48_converter *conv;  /* convert: the converter, checked at load */
	char *target;               /* convert: the part after ":" (an fml8 variable), or NULL */
	f48_map_case *cases;        /* map */
	size_t ncases;
	char *fml8;                 /* the FML8 column as written */
	char *note;
	long line;
} f48_rule;

typedef struct f48_policy_rule {
	char *kind, *permit, *handler;
	f48_rule_line *lines;
	size_t nlines;
	char *finding;              /* NULL for "-"; a code of codes.h */
	char *note;
	long line;
} f48_policy_rule;

typedef struct f48_hook_rule {  /* fml4-hooks.tsv */
	char *fml4, *fml8, *note;   /* fml8 is NULL for "-" */
} f48_hook_rule;

typedef struct f48_fml8_limit { /* fml8-limits.tsv */
	char *key;
	char *value;                /* NULL: any value */
	bool warning;               /* severity warning; else info */
	char *what, *todo;
	long line;
} f48_fml8_limit;

typedef struct f48_zone {       /* timezones.tsv */
	char *name, *offset;
} f48_zone;

typedef struct f48_rules {
	char *path, *policy_path, *hooks_path, *zones_path, *limits_path;
	f48_hook_rule *hooks;
	size_t nhooks;
	f48_zone *zones;
	size_t nzones;
	f48_rule *rules;
	size_t n;
	f48_strmap *index;         /* var -> f48_rule* (hashed) */
	f48_policy_rule *policy;
	size_t npolicy;
	f48_fml8_limit *limits;
	size_t nlimits;
} f48_rules;

int f48_rules_load(const char *templates_dir, f48_rules **out, f48_error *err);
void f48_rules_free(f48_rules *r);
const f48_rule *f48_rules_find(const f48_rules *r, const char *var);
/* The exact (permit, handler) row, else (permit, "*"), else NULL. */
const f48_policy_rule *f48_rules_policy(const f48_rules *r, const char *kind,
    const char *permit, const char *handler);
/* The first case of a map rule that matches an fml4 value, or NULL. */
const f48_map_case *f48_rule_match(const f48_rule *rule, const char *value);
const char *f48_decision_name(f48_decision d);
/* "=", "+=", "-=" */
const char *f48_cfop_text(f48_cfop op);
/* Parse "key op value" (blanks around op); false when it is not one.  The
 * key is [a-z0-9_]+; *key and *value are new strings. */
bool f48_cfop_parse(const char *text, char **key, f48_cfop *op, char **value);
const f48_hook_rule *f48_rules_hook(const f48_rules *r, const char *fml4_hook);
/* The fml8-limits.tsv row for the line "key ... value", or NULL. */
const f48_fml8_limit *f48_rules_fml8_limit(const f48_rules *r, const char *key,
    const char *value);
/* "+0900" for "JST" / " jst ", or NULL. */
const char *f48_rules_zone(const f48_rules *r, const char *name);

#endif

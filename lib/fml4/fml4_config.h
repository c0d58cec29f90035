/*
 * fml4_config.h - the *effective* fml4 configuration of one list, layered
 * the way fml.pl layers it (../shared/docs/fml-formats.md §1.4-1.5):
 *
 *   builtin (fml.pl SetDefaults, templates/fml4-defaults.tsv)
 *   -> default_config.ph (first of $DIR, $ML_DIR/etc/fml, EXEC_DIR; else the
 *      shipped table, finding DEFAULTS_FROM_TABLE)
 *   -> site_init.ph (same search) -> $DIR/config.ph
 *   -> site_force.ph, or sitedef.ph when there is none
 *   -> options on fml.pl's command line in the include file
 *   -> fml.pl's own fix-ups after loading (empty TZone is +0900, ...).
 *
 * Files are parsed with perlph and evaluated statically; nothing is
 * executed.  Macro calls take the effect fml4 gives them at load time:
 * DEFINE_SUBJECT_TAG runs SubjectTagDef at once (it sets SUBJECT_FREE_FORM,
 * BEGIN_BRACKET, BRACKET, BRACKET_SEPARATOR, END_BRACKET, not
 * SUBJECT_TAG_TYPE); DEFINE_MODE applies the mode's settings from
 * templates/fml4-modes.tsv, and fml.pl applies them once more after
 * site_force.ph.  Then come the include options, and fml.pl's fix-ups
 * (empty TZone, SubjectTagDef of SUBJECT_TAG_TYPE, default file names,
 * single-list auto registration, modes from USE_EXPIRE ...).  Every effective value remembers
 * the file:line it came from and the assignments before it (history).
 *
 * Absolute paths inside fml4 files are production paths; with `root` they are
 * looked up under root on this host.  File names in findings and origins are
 * host paths (what the admin can open).
 *
 * Errors: only a caller mistake (missing list_dir, tables) returns an error.
 * Problems in the input (missing or broken config.ph, symlinks, binary
 * files, constructs outside the subset) are findings in cfg->findings,
 * severity error where the result is incomplete.
 * Memory: the config owns everything; f48_fml4_config_free releases it.
 */
#ifndef F48_FML4_CONFIG_H
#define F48_FML4_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"
#include "util/findings.h"
#include "util/strmap.h"
#include "util/textenc.h"
#include "fml4/fml4_defaults.h"
#include "fml4/fml4_include.h"
#include "fml4/perlph.h"

typedef enum f48_layer {
	F48_LAYER_BUILTIN = 0,
	F48_LAYER_DEFAULTS,
	F48_LAYER_SITE_INIT,
	F48_LAYER_CONFIG,
	F48_LAYER_SITE_FORCE,
	F48_LAYER_INCLUDE,
	F48_LAYER_FIXUP
} f48_layer;

const char *f48_layer_name(f48_layer l);

/* One assignment that took effect: an origin in the value's history.  The
 * history is a chain of origins, not of copies: `value` is kept only for the
 * last assignment of each layer (the value that layer handed on, which is
 * what "the default" or "what config.ph said" means) and is NULL for an
 * assignment a later one of the same layer replaced. */
typedef struct f48_assign {
	f48_layer layer;
	const char *file;    /* owned by the config (one copy per file name) */
	long line;
	char op[4];          /* "=", ".=", "||=", "push", "if" (undecided branch) ... */
	char *value;         /* see above; NULL when replaced within its layer */
	size_t len;
	bool known;
} f48_assign;

typedef struct f48_setting {
	char *name;          /* key: "SUBJECT_TAG_TYPE", "@HOSTS", "%Permit", "Permit{get}" */
	char kind;           /* '$' scalar or hash element, '@' array, '%' hash */
	char *value;         /* scalar value; arrays/hashes: items joined by one space */
	size_t len;
	char **items;        /* arrays; hashes as key, value, key, value ... */
	size_t nitems;
	bool known;          /* false: could not be evaluated statically */
	char *reason;        /* why not known, or NULL */
	f48_layer layer;     /* origin of the value in effect */
	const char *file;    /* the config's own copy (as history[].file) */
	long line;
	f48_encoding enc;    /* encoding of the origin file */
	bool is_hook;        /* Perl code evaluated by fml4 at run time */
	char *raw;           /* source text of the statement in effect, or NULL */
	bool raw_in_arena;   /* raw is in the config's arena (a table's statement) */
	f48_assign *history; /* every assignment that took effect, oldest first */
	size_t nhistory;
	bool undefined;      /* the value is Perl's undef (value is "") */
	unsigned long seq;   /* order of the last assignment among all settings */
	size_t cap;          /* internal: bytes allocated for value */
	size_t hcap;         /* internal: entries allocated for history */
} f48_setting;

typedef struct f48_macro_call {
	char *name;
	bool known_macro;    /* listed in templates/fml4-macros.tsv */
	f48_macro_effect effect;
	char **args;         /* evaluated arguments */
	size_t nargs;
	bool args_known;
	f48_layer layer;
	char *file;
	long line;
	char *raw;
	f48_encoding enc;
} f48_macro_call;

typedef struct f48_hook {
	char *name;          /* "START_HOOK", "FmlStartHook{x}" ... */
	char *code;
	size_t len;
	bool heredoc;
	f48_layer layer;
	char *file;
	long line;
	f48_encoding enc;
} f48_hook;

typedef struct f48_mode_use {   /* a DEFINE_MODE call or include --mode */
	char *mode;
	f48_layer layer;
	char *file;
	long line;
} f48_mode_use;

typedef struct f48_source {      /* a file considered while layering */
	f48_layer layer;
	char *path;          /* host path */
	bool used;           /* found and read */
	f48_encoding enc;
	bool had_crlf;
} f48_source;

/* What many lists of a run share, worked out once: the Perl files read from
 * outside the list directory (default_config.ph, site_init.ph,
 * site_force.ph), parsed once - a file is read for every list, and its
 * parse is reused while its bytes are the same (compared in full), so a
 * changed file is parsed again - and fml4's default tables, evaluated once.
 * Safe to share between threads; the caller frees it after the last
 * config. */
typedef struct f48_fml4_cache f48_fml4_cache;

f48_fml4_cache *f48_fml4_cache_new(void);
void f48_fml4_cache_free(f48_fml4_cache *c);
/* How many evaluations of fml4's default tables the cache holds (0..2:
 * the built-in defaults, and those with cf/MANIFEST's); each is evaluated
 * once, on first use, and copied for every list (see fml4_config.c). */
size_t f48_fml4_cache_snapshots(f48_fml4_cache *c);

typedef struct f48_fml4_config_opts {
	const char *list_dir;       /* host path of $DIR (required) */
	const char *root;           /* --root, or NULL */
	const char *dir_prod;       /* $DIR as fml4 saw it, when list_dir is a copy
	                               elsewhere (a .fml4rc backup); NULL: from root */
	const char *default_config; /* host path of a default_config.ph to use, or NULL */
	const f48_fml4_tables *tables;   /* required */
	const f48_include *include;      /* the list's include file, or NULL */
	f48_fml4_cache *cache;           /* or NULL: every file parsed for every list */
} f48_fml4_config_opts;

typedef struct f48_fml4_config {
	char *dir;           /* host path */
	char *dir_prod;      /* $DIR as fml4 sees it */
	char *ml_dir_prod;   /* $DIR/.. */
	char *exec_dir_prod; /* fml4 install dir from the include file, or NULL */
	f48_strmap *settings;     /* name -> f48_setting* */
	f48_macro_call *calls;
	size_t ncalls;
	f48_hook *hooks;
	size_t nhooks;
	f48_mode_use *modes;      /* modes in effect, in the order first used */
	size_t nmodes;
	f48_source *sources;
	size_t nsources;
	bool defaults_from_table;
	bool config_ph_ok;        /* config.ph was found and parsed without error */
	f48_findings findings;
	f48_perl_budget budget;   /* what evaluating the files used (perlph.h) */
	char **files;             /* file names of origins, one copy each */
	size_t nfiles;
	unsigned long seq;        /* assignments so far */
	struct f48_arena *arena;  /* the settings' own memory (name, value, history) */
} f48_fml4_config;

int f48_fml4_config_load(const f48_fml4_config_opts *opts, f48_fml4_config **out,
    f48_error *err);
void f48_fml4_config_free(f48_fml4_config *cfg);
/* The setting NAME (scalars by bare name, arrays "@NAME", hashes "%NAME"). */
const f48_setting *f48_fml4_get(const f48_fml4_config *cfg, const char *name);
/* The scalar value of NAME, or NULL when unset. */
const char *f48_fml4_value(const f48_fml4_config *cfg, const char *name);
/* The last value fml4's defaults (builtin or default_config.ph) gave the
 * setting, from its history, or NULL when no default assigned it. */
const f48_assign *f48_setting_default(const f48_setting *s);
/* Perl truth of a scalar: set, not "" and not "0". */
bool f48_fml4_true(const f48_fml4_config *cfg, const char *name);
/* The subject tag fml4 puts on articles, assembled as fml4's Distribute does
 * from SUBJECT_HML_FORM, SUBJECT_FREE_FORM, BEGIN_BRACKET, BRACKET,
 * BRACKET_SEPARATOR, END_BRACKET and SUBJECT_FORM_LONG_ID / HML_FORM_LONG_ID,
 * as a printf template with the article number as %0Nd (a "%" of the bracket
 * text doubled), e.g. "[test-ml:%05d]".  NULL when fml4 adds no tag.  The
 * caller frees the string; *origin (may be NULL) gets the setting that
 * decided it (its file:line is where the tag was defined). */
char *f48_fml4_subject_tag(const f48_fml4_config *cfg, const f48_setting **origin);

#endif

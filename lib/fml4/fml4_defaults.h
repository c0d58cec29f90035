/*
 * fml4_defaults.h - the fml4 facts we ship as data in templates/:
 *
 *   fml4-defaults.tsv  NAME LAYER PERL_VALUE NOTE
 *                      LAYER "builtin": what fml.pl sets before any file
 *                      (SetDefaults); "manifest": cf/MANIFEST defaults, the
 *                      content of an installed default_config.ph, used only
 *                      when the list's fml4 install has none.
 *   fml4-macros.tsv    NAME EFFECT NOTE   (EFFECT: tag, mode, record, helper)
 *   fml4-modes.tsv     MODE SETTINGS POLICY NOTE
 *
 * The two defaults layers are turned into Perl programs (one statement per
 * table line, so a statement's line is the table's line) and parsed with
 * perlph, so defaults are evaluated exactly like config.ph.
 *
 * Errors: a missing or malformed table is F48_EINPUT with file:line.
 * Memory: the tables own everything; f48_fml4_tables_free releases it.
 * Pointers returned by the lookups stay valid until then.
 */
#ifndef F48_FML4_DEFAULTS_H
#define F48_FML4_DEFAULTS_H

#include <stdbool.h>

#include "util/error.h"
#include "fml4/perlph.h"

/* The origin (file name) of a value that comes from our own tables rather
 * than from a file of the host: what reports and written comments show, so
 * that no path of the build or the install ends up in a list's files. */
#define F48_FML4_BUILTIN_ORIGIN "fml4 default, kern/fml.pl SetDefaults table"
#define F48_FML4_MANIFEST_ORIGIN "fml4 default, cf/MANIFEST table"

typedef enum f48_macro_effect {
	F48_MACRO_TAG,      /* sets SUBJECT_TAG_TYPE from argument 1 */
	F48_MACRO_MODE,     /* DEFINE_MODE */
	F48_MACRO_RECORD,   /* a feature call the translation stage must handle */
	F48_MACRO_HELPER    /* for hooks; no effect at load time */
} f48_macro_effect;

typedef struct f48_macro_info {
	char *name;
	f48_macro_effect effect;
	char *note;
	long line;
} f48_macro_info;

typedef struct f48_mode_info {
	char *mode;         /* "html", or a prefix form "post=*" */
	bool prefix;        /* mode ended in "=*" */
	f48_pprogram *settings;  /* parsed "NAME=VALUE; ..." (NULL for none) */
	bool policy;        /* changes who may post/command or registration */
	char *note;
	long line;
} f48_mode_info;

typedef struct f48_fml4_tables {
	char *defaults_path, *macros_path, *modes_path;
	f48_pprogram *builtin;    /* statements of LAYER builtin */
	f48_pprogram *manifest;   /* statements of LAYER manifest */
	f48_macro_info *macros;
	size_t nmacros;
	f48_mode_info *modes;
	size_t nmodes;
	struct f48_cron_tables *cron;   /* fml4-cron.tsv (fml4_cron.h) */
} f48_fml4_tables;

int f48_fml4_tables_load(const char *templates_dir, f48_fml4_tables **out,
    f48_error *err);
void f48_fml4_tables_free(f48_fml4_tables *t);
/* Lookups are case-sensitive for macros (Perl names) and modes. */
const f48_macro_info *f48_fml4_macro(const f48_fml4_tables *t, const char *name);
/* Exact match first, then the longest prefix form ("post=*"). */
const f48_mode_info *f48_fml4_mode(const f48_fml4_tables *t, const char *mode);

#endif

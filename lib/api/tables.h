/*
 * tables.h - what f48_tables_load (fml4to8/fml4to8.h) loads, for the
 * library's own callers and the CLI: the fml4 tables, the translation
 * rules, fml8's defaults (our table or the host's default_config.cf), the
 * site defaults, the list config.cf template and the fml8 tree layout.
 * Every file is read from the templates directory (trusted: root's own
 * installation) or from a path the caller names.  Internal: not installed.
 * Memory: the f48_tables owns every member; f48_tables_free.
 */
#ifndef F48_API_TABLES_H
#define F48_API_TABLES_H

#include "fml4to8/fml4to8.h"
#include "fml4/fml4_defaults.h"
#include "fml8/fml8_config.h"
#include "translate/rules.h"
#include "plan/layout.h"

struct f48_tables {
	char *dir;                   /* the templates directory used */
	f48_fml4_tables *fml4;
	f48_rules *rules;
	f48_cf8 *fml8_defaults;
	f48_cf8 *site_defaults;      /* NULL without opts.site_defaults */
	f48_cf8 *list_template;      /* templates/fml8-config.cf.in */
	f48_layout *layout;          /* templates/fml8-layout.tsv */
	f48_cf8_env *fml8_env;       /* fml8_defaults, then site_defaults, applied:
	                                where translate starts every list */
};

#endif

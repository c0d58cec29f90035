/*
 * pipeline.h - what every command that translates lists loads once, with
 * one library call (f48_tables_load): the fml4 tables, the translation
 * rules, fml8's defaults (our table or --fml8-defaults), the site defaults
 * (--site-defaults) and the list config.cf template, the fml8 tree layout.
 * The fields below are the loaded tables' own (borrowed from `all`).
 * Prints what goes wrong (this is the CLI).
 */
#ifndef F48_PIPELINE_H
#define F48_PIPELINE_H

#include "fml4/fml4_config.h"
#include "fml4/fml4_defaults.h"
#include "fml8/fml8_config.h"
#include "translate/rules.h"
#include "plan/layout.h"
#include "api/tables.h"

#include "cli.h"

typedef struct pipeline_ctx {
	f48_tables *all;             /* owns everything below */
	f48_fml4_tables *tables;
	f48_rules *rules;
	f48_cf8 *fml8_defaults;
	f48_cf8 *site_defaults;      /* NULL without --site-defaults */
	f48_cf8 *list_template;
	f48_layout *layout;          /* templates/fml8-layout.tsv */
	const f48_cf8_env *fml8_env; /* the two defaults applied, once */
	f48_fml4_cache *cache;       /* shared Perl files parsed once (owned) */
} pipeline_ctx;

/* 0, or -1 after printing why (the ctx is then freed already). */
int pipeline_load(const cli_opts *o, pipeline_ctx *c);
void pipeline_free(pipeline_ctx *c);

#endif

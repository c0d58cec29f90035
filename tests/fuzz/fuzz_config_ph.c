/*
 * fuzz_config_ph.c - config.ph: perlph parse and evaluation of every
 * statement, then fml4_config's whole layering of one list directory whose
 * config.ph is the input.  Input after a line "#FUZZ-INCLUDE" becomes the
 * list's include file (fml.pl options are a layer too), input after
 * "#FUZZ-SITE" the domain's etc/fml/site_force.ph.  Each input is layered
 * twice, without and with a run's cache (fml4's defaults copied from one
 * evaluation, site_force.ph's parse kept): the two configs must be the same,
 * or the fuzzer stops (abort).
 */
#include "fuzz.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fml4/fml4_config.h"
#include "fml4/fml4_defaults.h"
#include "fml4/fml4_include.h"
#include "fml4/perlph.h"
#include "util/strmap.h"

static f48_fml4_tables *tables;
static f48_fml4_cache *cache;     /* shared by every input, as by a run's lists */
static char list_dir[2200], site_dir[2200];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	f48_error err;
	char ml[2048], etc[2100];

	(void)argc;
	(void)argv;
	if (f48_fml4_tables_load(fz_templates(), &tables, &err) < 0) {
		fprintf(stderr, "fuzz: %s\n", err.msg);
		abort();
	}
	cache = f48_fml4_cache_new();
	snprintf(ml, sizeof(ml), "%s/ml", fz_tmpdir());
	fz_mkdir(ml);
	snprintf(etc, sizeof(etc), "%s/etc", ml);
	fz_mkdir(etc);
	snprintf(site_dir, sizeof(site_dir), "%s/fml", etc);
	fz_mkdir(site_dir);
	snprintf(list_dir, sizeof(list_dir), "%s/elena", ml);
	fz_mkdir(list_dir);
	return 0;
}

/* A few variables known to the evaluator, the rest unknown. */
static int
get(void *ctx, char sigil, const char *name, const char *key, size_t keylen,
    f48_perl_var *out)
{
	static const char *const hosts[] = { "a", "b", "", "c" };

	(void)ctx;
	(void)key;
	(void)keylen;
	if (sigil == '$' && strcmp(name, "DIR") == 0) {
		out->str = "/var/spool/ml/elena";
		out->len = strlen(out->str);
		return F48_PV_KNOWN;
	}
	if (sigil == '$' && strcmp(name, "DOMAINNAME") == 0) {
		out->str = "example.org";
		out->len = strlen(out->str);
		return F48_PV_KNOWN;
	}
	if (sigil == '@' && strcmp(name, "HOSTS") == 0) {
		out->items = hosts;
		out->nitems = 4;
		return F48_PV_KNOWN;
	}
	return sigil == '$' ? F48_PV_UNSET : F48_PV_UNKNOWN;
}

static void
eval_expr(const f48_pexpr *e, const f48_perl_env *env)
{
	f48_perl_value v;

	if (e == NULL)
		return;
	f48_perl_eval(e, env, &v);
	f48_perl_value_free(&v);
	if (e->kind == F48_PX_LIST) {
		f48_perl_value *items = NULL;
		size_t n = 0, i;
		f48_perl_eval_list(e, env, &items, &n);
		for (i = 0; i < n; i++)
			f48_perl_value_free(&items[i]);
		free(items);
	}
}

static void
parse_and_eval(const uint8_t *data, size_t size)
{
	f48_pprogram *prog = NULL;
	f48_findings fs;
	f48_perl_env env;
	size_t i;

	f48_findings_init(&fs);
	memset(&env, 0, sizeof(env));
	env.get = get;
	env.findings = &fs;
	env.file = "config.ph";
	if (f48_perl_parse((const char *)data, size, "config.ph", &prog, &fs) != F48_OK)
		abort();   /* only NULL arguments may fail */
	for (i = 0; i < prog->n; i++) {
		const f48_pstmt *s = &prog->stmts[i];
		eval_expr(s->key, &env);
		eval_expr(s->value, &env);
		if (s->cond) {
			char *why = NULL;
			f48_perl_eval_cond(s->cond, &env, &why);
			free(why);
		}
	}
	f48_perl_run(prog, &env);     /* no store: statements, blocks, loops */
	f48_perl_program_free(prog);
	f48_findings_free(&fs);
}

/* Everything a later stage reads from a config, compared. */
static bool
same_config(const f48_fml4_config *a, const f48_fml4_config *b)
{
	size_t i, j;

	if (f48_strmap_size(a->settings) != f48_strmap_size(b->settings) ||
	    a->findings.n != b->findings.n || a->ncalls != b->ncalls || a->nhooks != b->nhooks ||
	    a->nmodes != b->nmodes || a->seq != b->seq || a->budget.mem != b->budget.mem ||
	    a->budget.steps != b->budget.steps || a->budget.exhausted != b->budget.exhausted)
		return false;
	for (i = 0; i < f48_strmap_size(a->settings); i++) {
		const f48_setting *x = f48_strmap_value_at(a->settings, i);
		const f48_setting *y = f48_strmap_value_at(b->settings, i);

		if (strcmp(x->name, y->name) != 0 || x->len != y->len ||
		    memcmp(x->value, y->value, x->len) != 0 || x->known != y->known ||
		    x->layer != y->layer || x->line != y->line || x->nhistory != y->nhistory ||
		    x->nitems != y->nitems || strcmp(x->file ? x->file : "", y->file ? y->file : "") != 0)
			return false;
		for (j = 0; j < x->nhistory; j++)
			if (x->history[j].layer != y->history[j].layer ||
			    x->history[j].line != y->history[j].line ||
			    (x->history[j].value == NULL) != (y->history[j].value == NULL) ||
			    (x->history[j].value && (x->history[j].len != y->history[j].len ||
			    memcmp(x->history[j].value, y->history[j].value, x->history[j].len) != 0)))
				return false;
	}
	for (i = 0; i < a->findings.n; i++)
		if (strcmp(a->findings.items[i].code, b->findings.items[i].code) != 0 ||
		    strcmp(a->findings.items[i].message, b->findings.items[i].message) != 0 ||
		    a->findings.items[i].line != b->findings.items[i].line)
			return false;
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n1, n2, n3, n4;
	const uint8_t *inc, *site;
	f48_fml4_config_opts o;
	f48_fml4_config *cfg = NULL;
	f48_include *include = NULL;
	f48_findings fs;
	f48_error err;
	const char *incpath = fz_path(0, list_dir, "include");
	const char *sitepath = fz_path(1, site_dir, "site_force.ph");

	fz_split(data, size, "#FUZZ-SITE\n", &n1, &site, &n2);
	fz_split(data, n1, "#FUZZ-INCLUDE\n", &n3, &inc, &n4);
	parse_and_eval(data, n3);

	fz_write(fz_path(2, list_dir, "config.ph"), data, n3);
	if (inc)
		fz_write(incpath, inc, n4);
	else
		unlink(incpath);
	if (site)
		fz_write(sitepath, site, n2);
	else
		unlink(sitepath);

	f48_findings_init(&fs);
	if (inc && f48_include_read(incpath, &include, &fs, &err) < 0)
		include = NULL;
	memset(&o, 0, sizeof(o));
	o.list_dir = list_dir;
	o.tables = tables;
	o.include = include;
	o.cache = cache;
	if (f48_fml4_config_load(&o, &cfg, &err) == F48_OK) {
		f48_fml4_config *plain = NULL;

		o.cache = NULL;
		if (f48_fml4_config_load(&o, &plain, &err) != F48_OK || !same_config(cfg, plain))
			abort();     /* the cache changed what the layering found */
		f48_fml4_config_free(plain);
	}
	if (cfg != NULL) {
		const f48_setting *origin = NULL;
		char *tag = f48_fml4_subject_tag(cfg, &origin);
		size_t i, n = f48_strmap_size(cfg->settings);
		for (i = 0; i < n; i++) {
			const f48_setting *s = f48_fml4_get(cfg,
			    f48_strmap_key_at(cfg->settings, i));
			if (s)
				(void)f48_setting_default(s);
		}
		(void)f48_fml4_true(cfg, "USE_MIME");
		free(tag);
		f48_fml4_config_free(cfg);
	}
	f48_include_free(include);
	f48_findings_free(&fs);
	return 0;
}

/* tables.c - f48_tables_load: every table and template, in one call
 * (see fml4to8/fml4to8.h and tables.h). */
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/findings.h"
#include "util/pathutil.h"
#include "util/xalloc.h"
#include "api/tables.h"

const char *
f48_version(void)
{
	return F48_VERSION_STRING;   /* as this library was built */
}

const char *
f48_templates_dir_installed(void)
{
	return F48_TEMPLATES_DIR;
}

/* A config.cf of fml8's syntax; its findings (odd lines in a defaults
 * file) do not matter to the caller: only the values are used. */
static int
load_cf8(const char *path, f48_cf8 **out, f48_error *err)
{
	f48_findings fs;
	int rc;

	f48_findings_init(&fs);
	rc = f48_cf8_read(path, out, &fs, err);
	f48_findings_free(&fs);
	return rc;
}

int
f48_tables_load(const f48_tables_opts *opts, f48_tables **out, f48_error *err)
{
	static const f48_tables_opts none;
	f48_tables *t;
	char *p;
	int rc;

	*out = NULL;
	if (opts == NULL)
		opts = &none;
	t = f48_xcalloc(1, sizeof(*t));
	t->dir = f48_xstrdup(opts->templates_dir ? opts->templates_dir : F48_TEMPLATES_DIR);
	rc = f48_fml4_tables_load(t->dir, &t->fml4, err);
	if (rc == F48_OK)
		rc = f48_rules_load(t->dir, &t->rules, err);
	if (rc == F48_OK)
		rc = f48_layout_load(t->dir, &t->layout, err);
	if (rc == F48_OK) {
		p = opts->fml8_defaults ? f48_xstrdup(opts->fml8_defaults) :
		    f48_path_join(t->dir, "fml8-defaults.cf");
		rc = load_cf8(p, &t->fml8_defaults, err);
		free(p);
	}
	if (rc == F48_OK && opts->site_defaults)
		rc = load_cf8(opts->site_defaults, &t->site_defaults, err);
	if (rc == F48_OK) {
		p = f48_path_join(t->dir, "fml8-config.cf.in");
		rc = load_cf8(p, &t->list_template, err);
		free(p);
	}
	if (rc < 0) {
		f48_tables_free(t);
		return rc;
	}
	t->fml8_env = f48_cf8_env_defaults(t->fml8_defaults, t->site_defaults);
	*out = t;
	return F48_OK;
}

void
f48_tables_free(f48_tables *t)
{
	if (t == NULL)
		return;
	f48_fml4_tables_free(t->fml4);
	f48_rules_free(t->rules);
	f48_cf8_free(t->fml8_defaults);
	f48_cf8_free(t->site_defaults);
	f48_cf8_free(t->list_template);
	f48_cf8_env_free(t->fml8_env);
	f48_layout_free(t->layout);
	free(t->dir);
	free(t);
}

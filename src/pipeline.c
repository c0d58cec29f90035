/* pipeline.c - see pipeline.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/findings.h"
#include "util/pathutil.h"
#include "util/xalloc.h"

#include "pipeline.h"

static int
load_cf8(const char *path, f48_cf8 **out)
{
	f48_error err;
	f48_findings fs;
	int rc;

	f48_error_clear(&err);
	f48_findings_init(&fs);
	rc = f48_cf8_read(path, out, &fs, &err);
	f48_findings_free(&fs);
	if (rc < 0)
		fprintf(stderr, "fml4to8: %s\n", err.msg);
	return rc;
}

int
pipeline_load(const cli_opts *o, pipeline_ctx *c)
{
	char *dir = cli_templates_dir(o), *p;
	f48_error err;
	int rc;

	memset(c, 0, sizeof(*c));
	if (dir == NULL)
		return -1;
	f48_error_clear(&err);
	rc = f48_fml4_tables_load(dir, &c->tables, &err);
	if (rc == F48_OK)
		rc = f48_rules_load(dir, &c->rules, &err);
	if (rc == F48_OK)
		rc = f48_layout_load(dir, &c->layout, &err);
	if (rc < 0)
		fprintf(stderr, "fml4to8: cannot load the data tables: %s\n", err.msg);
	if (rc == F48_OK) {
		p = o->fml8_defaults ? f48_xstrdup(o->fml8_defaults) :
		    f48_path_join(dir, "fml8-defaults.cf");
		rc = load_cf8(p, &c->fml8_defaults);
		free(p);
	}
	if (rc == F48_OK && o->site_defaults)
		rc = load_cf8(o->site_defaults, &c->site_defaults);
	if (rc == F48_OK) {
		p = f48_path_join(dir, "fml8-config.cf.in");
		rc = load_cf8(p, &c->list_template);
		free(p);
	}
	free(dir);
	if (rc < 0) {
		pipeline_free(c);
		return -1;
	}
	return 0;
}

void
pipeline_free(pipeline_ctx *c)
{
	f48_fml4_tables_free(c->tables);
	f48_rules_free(c->rules);
	f48_cf8_free(c->fml8_defaults);
	f48_cf8_free(c->site_defaults);
	f48_cf8_free(c->list_template);
	f48_layout_free(c->layout);
	memset(c, 0, sizeof(*c));
}

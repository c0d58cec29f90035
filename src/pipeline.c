/* pipeline.c - see pipeline.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

#include "pipeline.h"

int
pipeline_load(const cli_opts *o, pipeline_ctx *c)
{
	f48_tables_opts to = { .fml8_defaults = o->fml8_defaults,
		.site_defaults = o->site_defaults };
	char *dir = cli_templates_dir(o);
	f48_error err;
	int rc;

	memset(c, 0, sizeof(*c));
	if (dir == NULL)
		return -1;
	to.templates_dir = dir;
	f48_error_clear(&err);
	rc = f48_tables_load(&to, &c->all, &err);
	free(dir);
	if (rc < 0) {
		fprintf(stderr, "fml4to8: cannot load the data tables: %s\n", err.msg);
		return -1;
	}
	c->tables = c->all->fml4;
	c->rules = c->all->rules;
	c->fml8_defaults = c->all->fml8_defaults;
	c->site_defaults = c->all->site_defaults;
	c->list_template = c->all->list_template;
	c->layout = c->all->layout;
	c->fml8_env = c->all->fml8_env;
	c->cache = f48_fml4_cache_new();
	return 0;
}

void
pipeline_free(pipeline_ctx *c)
{
	f48_fml4_cache_free(c->cache);
	f48_tables_free(c->all);
	memset(c, 0, sizeof(*c));
}

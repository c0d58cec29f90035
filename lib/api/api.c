/*
 * api.c - the stages of the public interface (fml4to8/fml4to8.h) as one
 * call each, over the library's own modules: read (fml4_list), translate,
 * plan, and the dry-run's text report of a plan (report_plan).  Nothing
 * here decides anything; it only fills the modules' options from the
 * loaded tables and the caller's f48_list_opts.
 */
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/findings.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "fml4/fml4_list.h"
#include "translate/translate.h"
#include "plan/plan.h"
#include "report/report.h"
#include "report/report_plan.h"
#include "api/tables.h"

static const f48_list_opts no_opts;

int
f48_list_read(const f48_tables *t, const char *list_dir, const f48_list_opts *opts,
    f48_fml4_list **out, f48_error *err)
{
	f48_fml4_list_opts lo;

	*out = NULL;
	if (t == NULL || list_dir == NULL)
		return f48_error_set(err, F48_EUSAGE, NULL, 0, "f48_list_read: no tables or no list directory");
	if (opts == NULL)
		opts = &no_opts;
	memset(&lo, 0, sizeof(lo));
	lo.list_dir = list_dir;
	lo.root = opts->root;
	lo.default_config = opts->fml4_defaults;
	lo.tables = t->fml4;
	lo.load_members = true;
	return f48_fml4_list_read(&lo, out, err);
}

int
f48_list_translate(const f48_tables *t, const f48_fml4_list *l, const f48_list_opts *opts,
    f48_fml8_list **out, f48_error *err)
{
	f48_translate_opts to;

	*out = NULL;
	if (t == NULL || l == NULL)
		return f48_error_set(err, F48_EUSAGE, NULL, 0, "f48_list_translate: no tables or no list");
	if (opts == NULL)
		opts = &no_opts;
	memset(&to, 0, sizeof(to));
	to.rules = t->rules;
	to.fml8_defaults = t->fml8_defaults;
	to.site_defaults = t->site_defaults;
	to.fml8_env = t->fml8_env;
	to.list_template = t->list_template;
	to.domain = opts->domain;
	return f48_translate(l, &to, out, err);
}

int
f48_list_plan(const f48_tables *t, const f48_fml4_list *l, const f48_fml8_list *tr,
    const f48_list_opts *opts, f48_plan **out, f48_error *err)
{
	f48_plan_opts po;

	*out = NULL;
	if (t == NULL || l == NULL || tr == NULL)
		return f48_error_set(err, F48_EUSAGE, NULL, 0,
		    "f48_list_plan: no tables, no list or no translation");
	if (opts == NULL)
		opts = &no_opts;
	memset(&po, 0, sizeof(po));
	po.owner = opts->owner;
	po.config_template = t->list_template;
	po.layout = t->layout;
	return f48_plan_make(l, tr, &po, out, err);
}

char *
f48_plan_text(const f48_fml4_list *l, const f48_fml8_list *tr, const f48_plan *p)
{
	f48_report_text_opts ro = { .verbose = false, .quiet = false };
	f48_report *rep = f48_report_new("dry-run", NULL, false);
	f48_rlist *rl = f48_report_plan_model(l, tr, p);
	f48_sb out;
	char *s;

	f48_sb_init(&out);
	f48_report_text_list(&out, rep, rl, &ro);
	s = f48_xstrdup(out.data ? out.data : "");
	f48_sb_free(&out);
	f48_rlist_free(rl);
	f48_report_free(rep);
	return s;
}

int
f48_plan_step_at(const f48_plan *p, size_t i, f48_plan_step *out)
{
	const f48_action *a;

	if (p == NULL || i >= p->n)
		return 0;
	a = &p->actions[i];
	out->kind = f48_action_name(a->kind);
	out->path = a->path;
	out->from = a->from;
	out->len = a->len;
	out->mode = (unsigned)a->mode;
	out->why = a->why;
	return 1;
}

const char *
f48_plan_config_cf(const f48_plan *p, size_t *len)
{
	if (len)
		*len = p && p->config_cf ? p->config_cf_len : 0;
	return p && p->config_cf ? p->config_cf : "";
}

static int
finding_at(const f48_findings *fs, size_t i, f48_finding_view *out)
{
	const f48_finding *f;

	if (i >= fs->n)
		return 0;
	f = &fs->items[i];
	out->severity = f48_severity_name(f->severity);
	out->code = f->code;
	out->file = f->file;
	out->line = f->line;
	out->message = f->message;
	out->fix = f->fix;
	return 1;
}

int
f48_read_finding_at(const f48_fml4_list *l, size_t i, f48_finding_view *out)
{
	return l ? finding_at(&l->findings, i, out) : 0;
}

int
f48_translate_finding_at(const f48_fml8_list *t, size_t i, f48_finding_view *out)
{
	return t ? finding_at(&t->findings, i, out) : 0;
}

int
f48_plan_finding_at(const f48_plan *p, size_t i, f48_finding_view *out)
{
	return p ? finding_at(&p->findings, i, out) : 0;
}

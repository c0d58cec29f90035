/*
 * cmd_dryrun.c - "fml4to8 dry-run DIR...": read, translate and plan every
 * list, and report the plans (text, XML or HTML) with a summary and the next
 * steps.  Writes nothing anywhere.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "util/error.h"
#include "util/findings.h"
#include "util/par.h"
#include "util/pathutil.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "fml4/fml4_list.h"
#include "fml8/fml8_config.h"
#include "plan/plan.h"
#include "domain/domain_maps.h"
#include "report/report.h"
#include "report/report_maps.h"
#include "report/report_plan.h"
#include "report/xmlwriter.h"
#include "translate/rules.h"
#include "translate/translate.h"

#include "cli.h"
#include "pipeline.h"

/* For the HTML page and the XML: the virtual and aliases maps of each
 * domain operand, as "fml4to8 virtual" would write them (nothing is
 * written: the maps stage returns them). */
static int
domain_maps(f48_report *rep, const cli_opts *o, const pipeline_ctx *c)
{
	int i, worst = EXIT_CLEAN;

	for (i = 0; i < o->nargs; i++) {
		f48_dmaps_opts mo = { .ml_dir = o->args[i], .root = o->root, .realmx = o->realmx,
			.domain = o->domain, .owner = o->owner, .fml4_defaults = o->fml4_defaults,
			.tables = c->tables };
		f48_dmaps_result m;

		if (f48_fml4_is_list_dir(o->args[i]))
			continue;
		if (f48_dmaps_run(&mo, &m) == F48_OK)
			f48_report_add_maps(rep, &m, o->realmx);
		else if (m.errors.len) {
			fprintf(stderr, "fml4to8: the Postfix maps of %s: %.*s", o->args[i],
			    (int)m.errors.len, m.errors.data);
			worst = EXIT_FINDINGS;
		}
		f48_dmaps_result_free(&m);
	}
	return worst;
}

/* The commands that follow a dry-run, with the operands as given. */
static void
next_steps(f48_report *r, const cli_opts *o, bool cron)
{
	f48_sb b;
	int i;

	f48_sb_init(&b);
	if (r->by_status[F48_RS_PERSON] || r->by_status[F48_RS_ERROR]) {
		f48_sb_puts(&b, "# first settle the warnings above; the whole report for the ticket:\n"
		    "  fml4to8 dry-run --format html");
		if (o->root)
			f48_sb_printf(&b, " --root %s", o->root);
		for (i = 0; i < o->nargs; i++)
			f48_sb_printf(&b, " %s", o->args[i]);
		f48_sb_puts(&b, " > fml4to8-report.html");
		f48_report_add_next(r, b.data);
		f48_sb_reset(&b);
	}
	for (i = 0; i < o->nargs; i++) {
		bool domain = !f48_fml4_is_list_dir(o->args[i]);

		f48_sb_printf(&b, "fml4to8 migrate%s%s%s%s%s %s", domain ? " --all" : "",
		    o->owner ? " --owner " : "", o->owner ? o->owner : "",
		    o->root ? " --root " : "", o->root ? o->root : "", o->args[i]);
		f48_report_add_next(r, b.data);
		f48_sb_reset(&b);
		f48_sb_printf(&b, "fml4to8 verify %s", o->args[i]);
		f48_report_add_next(r, b.data);
		f48_sb_reset(&b);
	}
	for (i = 0; i < o->nargs; i++) {
		char *ml = f48_fml4_is_list_dir(o->args[i]) ? f48_path_dirname(o->args[i]) :
		    f48_xstrdup(o->args[i]);

		f48_sb_printf(&b, "fml4to8 virtual --realmx \"$(hostname -f)\"%s%s %s",
		    o->root ? " --root " : "", o->root ? o->root : "", ml);
		f48_report_add_next(r, b.data);
		f48_sb_reset(&b);
		free(ml);
	}
	if (cron) {
		f48_sb_printf(&b, "crontab -u %s -e   # put the \"crontab lines\" above in place of "
		    "fml4's msend.pl lines", o->owner ? o->owner : "fmladmin");
		f48_report_add_next(r, b.data);
	}
	f48_sb_free(&b);
}

/* One list's read, translate, plan and report model: the part that runs
 * on a worker thread (util/par.h), touching nothing but the list's own
 * objects and the run's read-only tables. */
typedef struct dry_list {
	f48_members_tr *mt;
	f48_fml4_list *l;
	f48_fml8_list *t;
	f48_plan *p;
	f48_rlist *rl;
	f48_error err;
	bool failed;
} dry_list;

typedef struct dry_run {
	const cli_opts *o;
	const pipeline_ctx *c;
	char **dirs;
	size_t ndirs;
	f48_rformat fmt;
	f48_report *rep;
	const f48_report_text_opts *ro;
	f48_xw *xw;
	f48_sb out;
	int worst;
	bool cron;
} dry_run;

static void *
dry_work(void *ctx, size_t i)
{
	const dry_run *d = ctx;
	const cli_opts *o = d->o;
	dry_list *r = f48_xcalloc(1, sizeof(*r));
	/* the member files stream through translate: only their counts and
	 * sizes are kept, whatever their length */
	f48_fml4_list_opts lo = { .list_dir = d->dirs[i], .root = o->root,
		.default_config = o->fml4_defaults, .tables = d->c->tables, .cache = d->c->cache,
		.member_sink = f48_members_tr_entry };
	f48_translate_opts to = { .rules = d->c->rules, .fml8_defaults = d->c->fml8_defaults,
		.site_defaults = d->c->site_defaults, .fml8_env = d->c->fml8_env,
		.list_template = d->c->list_template, .domain = o->domain };
	f48_plan_opts po = { .owner = o->owner, .libexec_dir = o->libexec,
		.config_template = d->c->list_template, .layout = d->c->layout };

	r->mt = f48_members_tr_new(false, 0);
	lo.member_sink_ctx = r->mt;
	to.members = r->mt;
	f48_error_clear(&r->err);
	if (f48_fml4_list_read(&lo, &r->l, &r->err) < 0 ||
	    f48_translate(r->l, &to, &r->t, &r->err) < 0 ||
	    f48_plan_make(r->l, r->t, &po, &r->p, &r->err) < 0) {
		r->failed = true;
		r->rl = f48_rlist_unreadable(d->dirs[i], &r->err);
	} else {
		r->rl = f48_report_plan_model(r->l, r->t, r->p);
	}
	return r;
}

/* The rest, on the calling thread and in the lists' order: what is printed
 * does not depend on the number of threads. */
static void
dry_done(void *ctx, size_t i, void *res)
{
	dry_run *d = ctx;
	dry_list *r = res;
	f48_error err;

	cli_progress(i, d->ndirs, d->dirs[i]);
	if (r->failed) {
		fprintf(stderr, "fml4to8: %s\n", r->err.msg);
		d->worst = cli_worst(d->worst, EXIT_INPUT);
		if (d->fmt == F48_RF_XML)
			f48_report_xml_list(d->xw, r->rl);
	} else {
		d->cron = d->cron || r->p->ncron > 0;
		d->worst = cli_worst(d->worst, cli_exit_for(&r->rl->findings));
		f48_error_clear(&err);
		if (d->fmt == F48_RF_XML &&
		    f48_xml_plan_list(d->xw, r->l, r->t, r->p, r->rl, &err) < 0) {
			fprintf(stderr, "fml4to8: %s\n", err.msg);
			d->worst = cli_worst(d->worst, EXIT_INPUT);
		}
	}
	if (d->fmt == F48_RF_TEXT) {
		if (i > 0 && !d->o->quiet)
			f48_sb_puts(&d->out, "\n");
		f48_report_text_list(&d->out, d->rep, r->rl, d->ro);
		d->worst = cli_worst(d->worst, cli_write(d->out.data, d->out.len));
		f48_sb_reset(&d->out);
	}
	f48_report_add_list(d->rep, r->rl);
	if (d->rep->keep_lists)
		r->rl = NULL;     /* the report's now */
}

/* Freed on the thread that allocated it (util/par.h). */
static void
dry_release(void *ctx, void *res)
{
	dry_list *r = res;

	(void)ctx;
	f48_rlist_free(r->rl);
	f48_plan_free(r->p);
	f48_fml8_list_free(r->t);
	f48_fml4_list_free(r->l);
	f48_members_tr_free(r->mt);
	free(r);
}

int
cmd_dryrun(const cli_opts *o)
{
	pipeline_ctx c;
	f48_report_text_opts ro = { .verbose = o->verbose, .quiet = o->quiet };
	dry_run d = { .o = o, .c = &c, .ro = &ro, .worst = EXIT_CLEAN };
	unsigned jobs;
	size_t i;

	if (o->nargs < 1) {
		return cli_usage_error(o, "give a list directory or a domain's ~ml directory");
	}
	if (cli_jobs(o, &jobs) < 0)
		return EXIT_USAGE;
	if (pipeline_load(o, &c) < 0)
		return EXIT_INPUT;
	d.fmt = cli_format(o);
	d.dirs = cli_list_dirs(o, &d.ndirs);
	d.rep = f48_report_new("dry-run", o->nargs == 1 ? o->args[0] : NULL, d.fmt == F48_RF_HTML);
	f48_sb_init(&d.out);
	if (d.fmt == F48_RF_XML)
		d.xw = f48_xw_begin_stream("dry-run", cli_stdout_sink, NULL);
	f48_par_run(d.ndirs, jobs, dry_work, dry_done, dry_release, &d);
	cli_progress(d.ndirs, d.ndirs, NULL);
	if (d.fmt != F48_RF_TEXT)
		d.worst = cli_worst(d.worst, domain_maps(d.rep, o, &c));
	next_steps(d.rep, o, d.cron);
	d.worst = cli_worst(d.worst, cli_render_end(o, d.rep, d.xw, &ro,
	    "nothing was written (dry run)\n"));
	for (i = 0; i < d.ndirs; i++)
		free(d.dirs[i]);
	free(d.dirs);
	f48_sb_free(&d.out);
	f48_report_free(d.rep);
	pipeline_free(&c);
	return d.worst;
}

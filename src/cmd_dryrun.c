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

int
cmd_dryrun(const cli_opts *o)
{
	pipeline_ctx c;
	f48_report *rep;
	f48_report_text_opts ro = { .verbose = o->verbose, .quiet = o->quiet };
	f48_xw *xw = NULL;
	f48_rformat fmt = cli_format(o);
	int worst = EXIT_CLEAN;
	size_t i, ndirs = 0;
	bool cron = false;
	char **dirs;
	f48_sb out;

	if (o->nargs < 1) {
		return cli_usage_error(o, "give a list directory or a domain's ~ml directory");
	}
	if (pipeline_load(o, &c) < 0)
		return EXIT_INPUT;
	dirs = cli_list_dirs(o, &ndirs);
	rep = f48_report_new("dry-run", o->nargs == 1 ? o->args[0] : NULL, fmt == F48_RF_HTML);
	f48_sb_init(&out);
	if (fmt == F48_RF_XML)
		xw = f48_xw_begin_stream("dry-run", cli_stdout_sink, NULL);
	for (i = 0; i < ndirs; i++) {
		/* the member files stream through translate: only their counts
		 * and sizes are kept, whatever their length */
		f48_members_tr *mt = f48_members_tr_new(false, 0);
		f48_fml4_list_opts lo = { .list_dir = dirs[i], .root = o->root,
			.default_config = o->fml4_defaults, .tables = c.tables,
			.member_sink = f48_members_tr_entry, .member_sink_ctx = mt };
		f48_translate_opts to = { .rules = c.rules, .fml8_defaults = c.fml8_defaults,
			.site_defaults = c.site_defaults, .list_template = c.list_template,
			.domain = o->domain, .members = mt };
		f48_plan_opts po = { .owner = o->owner, .libexec_dir = o->libexec,
			.config_template = c.list_template, .layout = c.layout };
		f48_fml4_list *l = NULL;
		f48_fml8_list *t = NULL;
		f48_plan *p = NULL;
		f48_rlist *rl;
		f48_error err;

		cli_progress(i, ndirs, dirs[i]);
		f48_error_clear(&err);
		if (f48_fml4_list_read(&lo, &l, &err) < 0 || f48_translate(l, &to, &t, &err) < 0 ||
		    f48_plan_make(l, t, &po, &p, &err) < 0) {
			fprintf(stderr, "fml4to8: %s\n", err.msg);
			worst = cli_worst(worst, EXIT_INPUT);
			rl = f48_rlist_unreadable(dirs[i], &err);
			if (fmt == F48_RF_XML)
				f48_report_xml_list(xw, rl);
		} else {
			rl = f48_report_plan_model(l, t, p);
			cron = cron || p->ncron > 0;
			worst = cli_worst(worst, cli_exit_for(&rl->findings));
			if (fmt == F48_RF_XML && f48_xml_plan_list(xw, l, t, p, rl, &err) < 0) {
				fprintf(stderr, "fml4to8: %s\n", err.msg);
				worst = cli_worst(worst, EXIT_INPUT);
			}
		}
		if (fmt == F48_RF_TEXT) {
			if (i > 0 && !o->quiet)
				f48_sb_puts(&out, "\n");
			f48_report_text_list(&out, rep, rl, &ro);
			worst = cli_worst(worst, cli_write(out.data, out.len));
			f48_sb_reset(&out);
		}
		f48_report_add_list(rep, rl);
		if (!rep->keep_lists)
			f48_rlist_free(rl);
		f48_plan_free(p);
		f48_fml8_list_free(t);
		f48_fml4_list_free(l);
		f48_members_tr_free(mt);
	}
	cli_progress(ndirs, ndirs, NULL);
	if (fmt != F48_RF_TEXT)
		worst = cli_worst(worst, domain_maps(rep, o, &c));
	next_steps(rep, o, cron);
	worst = cli_worst(worst, cli_render_end(o, rep, xw, &ro, "nothing was written (dry run)\n"));
	for (i = 0; i < ndirs; i++)
		free(dirs[i]);
	free(dirs);
	f48_sb_free(&out);
	f48_report_free(rep);
	pipeline_free(&c);
	return worst;
}

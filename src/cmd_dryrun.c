/*
 * cmd_dryrun.c - "fml4to8 dry-run DIR...": read, translate and plan every
 * list, and print the plans and a summary.  Writes nothing anywhere.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/findings.h"
#include "util/pathutil.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "fml4/fml4_list.h"
#include "fml8/fml8_config.h"
#include "plan/plan.h"
#include "report/report_plan.h"
#include "report/xmlwriter.h"
#include "translate/rules.h"
#include "translate/translate.h"

#include "cli.h"
#include "pipeline.h"

int
cmd_dryrun(const cli_opts *o)
{
	pipeline_ctx c;
	f48_plan_summary sum;
	f48_xw *xw = NULL;
	bool xml = strcmp(o->format, "xml") == 0;
	int worst = EXIT_CLEAN;
	size_t i, ndirs = 0;
	char **dirs;
	f48_sb out;

	if (o->nargs < 1) {
		return cli_usage_error(o, "give a list directory or a domain's ~ml directory");
	}
	if (pipeline_load(o, &c) < 0)
		return EXIT_INPUT;
	dirs = cli_list_dirs(o, &ndirs);
	f48_plan_summary_init(&sum);
	f48_sb_init(&out);
	if (xml)
		xw = f48_xw_begin_stream("dry-run", cli_xml_out, NULL);
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
		f48_error err;

		f48_error_clear(&err);
		if (f48_fml4_list_read(&lo, &l, &err) < 0 || f48_translate(l, &to, &t, &err) < 0 ||
		    f48_plan_make(l, t, &po, &p, &err) < 0) {
			fprintf(stderr, "fml4to8: %s\n", err.msg);
			worst = cli_worst(worst, EXIT_INPUT);
		} else {
			f48_plan_summary_add(&sum, l, t, p);
			worst = cli_worst(worst, cli_exit_for(&l->findings));
			worst = cli_worst(worst, cli_exit_for(&t->findings));
			worst = cli_worst(worst, cli_exit_for(&p->findings));
			if (xml) {
				if (f48_xml_plan_list(xw, l, t, p, &err) < 0) {
					fprintf(stderr, "fml4to8: %s\n", err.msg);
					worst = cli_worst(worst, EXIT_INPUT);
				}
			} else {
				if (i > 0)
					f48_sb_puts(&out, "\n");
				f48_report_plan_text(&out, l, t, p);
				worst = cli_worst(worst, cli_write(out.data, out.len));
				f48_sb_reset(&out);
			}
		}
		f48_plan_free(p);
		f48_fml8_list_free(t);
		f48_fml4_list_free(l);
		f48_members_tr_free(mt);
	}
	if (xml) {
		f48_error err;

		f48_error_clear(&err);
		f48_xml_summary(xw, &sum);
		if (f48_xw_end(xw, NULL, &err) < 0) {
			fprintf(stderr, "fml4to8: %s\n", err.msg);
			worst = cli_worst(worst, err.status == F48_EIO ? EXIT_IO : EXIT_INPUT);
		} else
			worst = cli_worst(worst, cli_write(out.data, out.len));
	} else {
		f48_report_summary_text(&out, &sum);
		worst = cli_worst(worst, cli_write(out.data, out.len));
	}
	for (i = 0; i < ndirs; i++)
		free(dirs[i]);
	free(dirs);
	f48_sb_free(&out);
	f48_plan_summary_free(&sum);
	pipeline_free(&c);
	return worst;
}

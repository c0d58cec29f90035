/*
 * cmd_audit.c - "fml4to8 audit [--fml4 DIR] [--fix] LIST_DIR...": what an fml8
 * list (made by makefml mergeml, or by fml4to8) lost of its fml4 original,
 * with the config.cf lines that restore it; --fix applies them and repairs
 * the member lists (atomic, with backups).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/fileio.h"
#include "util/findings.h"
#include "util/pathutil.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "apply/state.h"
#include "audit/audit.h"
#include "codes.h"
#include "report/report_show.h"
#include "report/report.h"
#include "report/report_audit.h"
#include "report/xmlwriter.h"

#include "cli.h"
#include "pipeline.h"

/* The host's site_default_config.cf, where fml8 installs it, under --root. */
static f48_cf8 *
find_site_defaults(const cli_opts *o)
{
	static const char *const where[] = { "/usr/local/etc/fml/site_default_config.cf",
		"/etc/fml/site_default_config.cf" };
	size_t i;

	for (i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		char *p = f48_path_on_host(o->root, where[i]);
		f48_cf8 *cf = NULL;
		f48_error err;
		char kind;

		f48_error_clear(&err);
		if (f48_file_lstat_kind(p, &kind) == 0 && f48_cf8_read(p, &cf, NULL, &err) == F48_OK) {
			free(p);
			return cf;
		}
		free(p);
	}
	return NULL;
}

int
cmd_audit(const cli_opts *o)
{
	pipeline_ctx c;
	f48_cf8 *site = NULL;
	f48_xw *xw = NULL;
	f48_rformat fmt = cli_format(o);
	f48_report *rep;
	f48_report_text_opts ro = { .verbose = o->verbose, .quiet = o->quiet };
	int worst = EXIT_CLEAN;
	size_t fixable = 0;
	char **dirs;
	size_t i, ndirs = 0;
	f48_sb out;

	if (o->nargs < 1)
		return cli_usage_error(o, "give an fml8 list directory or a domain's ~ml directory");
	if (pipeline_load(o, &c) < 0)
		return EXIT_INPUT;
	dirs = cli_domain_dirs(o, &ndirs, &worst);
	if (c.site_defaults == NULL)
		site = find_site_defaults(o);
	rep = f48_report_new("audit", o->nargs == 1 ? o->args[0] : NULL, fmt == F48_RF_HTML);
	f48_sb_init(&out);
	if (fmt == F48_RF_XML)
		xw = f48_xw_begin_stream("audit", cli_stdout_sink, NULL);
	for (i = 0; i < ndirs; i++) {
		f48_audit_opts ao = { .tables = c.tables, .rules = c.rules,
			.fml8_defaults = c.fml8_defaults,
			.site_defaults = c.site_defaults ? c.site_defaults : site,
			.list_template = c.list_template, .root = o->root, .fml4_dir = o->fml4_dir,
			.domain = o->domain, .owner = o->owner, .layout = c.layout };
		f48_audit *a = NULL;
		f48_error err;
		f48_state *st = NULL;
		f48_rlist *rl;
		size_t changed = 0, nfix = 0;
		int lrc;

		cli_progress(i, ndirs, dirs[i]);
		/* --fix writes into the list: it takes that list's lock first */
		if (o->fix && (lrc = cli_state_open(o, dirs[i], true, "audit", &st)) != EXIT_CLEAN) {
			worst = cli_worst(worst, lrc);
			continue;
		}
		f48_error_clear(&err);
		if (f48_audit_run(dirs[i], &ao, &a, &err) < 0) {
			fprintf(stderr, "fml4to8: %s\n", err.msg);
			worst = cli_worst(worst, EXIT_INPUT);
			rl = f48_rlist_unreadable(dirs[i], &err);
			if (fmt == F48_RF_XML)
				f48_report_xml_list(xw, rl);
		} else {
			rl = f48_report_audit_model(a, o->root);
			worst = cli_worst(worst, cli_exit_for(&rl->findings));
			nfix = f48_report_audit_fixable(a);
			fixable += nfix;
			if (o->fix) {
				if (f48_audit_fix(a, &changed, &err) < 0) {
					fprintf(stderr, "fml4to8: %s\n", err.msg);
					worst = cli_worst(worst, EXIT_IO);
				} else {
					char *done = f48_xasprintf("fixed: %zu file%s rewritten (the old "
					    "ones are kept as *.fml4to8-bak)", changed,
					    changed == 1 ? "" : "s");

					f48_rsection_add(f48_rlist_section(rl, "result", "what was done"),
					    done, NULL);
					free(done);
				}
			}
			if (fmt == F48_RF_XML)
				f48_report_audit_xml(xw, a, rl);
		}
		if (fmt == F48_RF_TEXT) {
			if (i > 0 && !o->quiet)
				f48_sb_puts(&out, "\n");
			f48_report_text_list(&out, rep, rl, &ro);
			if (a && !o->quiet)
				f48_sb_printf(&out, "%zu thing%s to fix with --fix\n", nfix,
				    nfix == 1 ? "" : "s");
		}
		worst = cli_worst(worst, cli_write(out.data, out.len));
		f48_sb_reset(&out);
		f48_report_add_list(rep, rl);
		if (!rep->keep_lists)
			f48_rlist_free(rl);
		f48_audit_free(a);
		f48_state_close(st);
	}
	cli_progress(ndirs, ndirs, NULL);
	if (!o->fix && fixable > 0 && worst < EXIT_INPUT) {
		f48_sb b;

		f48_sb_init(&b);
		f48_sb_printf(&b, "fml4to8 audit --fix%s%s", o->root ? " --root " : "",
		    o->root ? o->root : "");
		for (i = 0; i < (size_t)o->nargs; i++)
			f48_sb_printf(&b, " %s", o->args[i]);
		f48_sb_puts(&b, "   # writes the lines above; the old files are kept");
		f48_report_add_next(rep, b.data);
		f48_sb_free(&b);
	}
	worst = cli_worst(worst, cli_render_end(o, rep, xw, &ro, NULL));
	for (i = 0; i < ndirs; i++)
		free(dirs[i]);
	free(dirs);
	f48_sb_free(&out);
	f48_cf8_free(site);
	f48_report_free(rep);
	pipeline_free(&c);
	return worst;
}

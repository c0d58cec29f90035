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
#include "report/xmlwriter.h"

#include "cli.h"
#include "pipeline.h"

/* Fixable findings: what --fix repairs.  Owners and the virtual map have
 * their own commands. */
static size_t
count_fixable(const f48_audit *a)
{
	static const char *const codes[] = { F48_C_SUBJECT_TAG_DROPPED, F48_C_SETTING_DROPPED,
		F48_C_SETTING_CHANGED, F48_C_MEMBER_LOST, F48_C_MEMBER_OPTION_LOST,
		F48_C_MEMBER_OPTION_LEAKED, F48_C_MEMBER_EXTRA, F48_C_VERIFY_FML4_LEFT };
	size_t i, n = 0;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		n += f48_findings_count_code(&a->findings, codes[i]);
	return n;
}

static void
text_report(f48_sb *out, const f48_audit *a)
{
	size_t i, k, nf = 0;
	const f48_findings *lists[3] = { &a->fml4->findings, &a->want->findings, &a->findings };

	f48_sb_printf(out, "audit of %s@%s\n  directory: %s\n  fml4 original: %s\n",
	    a->want->ml_name, a->want->ml_domain ? a->want->ml_domain : "?", a->list_dir,
	    a->fml4->dir);
	f48_sb_printf(out, "\nconfig.cf lines that restore fml4's behaviour (%zu):\n", a->nrestore);
	for (i = 0; i < a->nrestore; i++) {
		f48_sb_puts(out, "  # ");
		f48_sb_append_printable(out, a->restore[i].why, strlen(a->restore[i].why));
		f48_sb_puts(out, "\n  ");
		f48_cfline_format(&a->restore[i], out);
		f48_sb_putc(out, '\n');
	}
	if (a->nrestore == 0)
		f48_sb_puts(out, "  (none: every setting fml4 had is in effect)\n");
	f48_sb_puts(out, "\nmember lists to repair:");
	for (k = 0; k < F48_F8_NFILES; k++)
		if (a->files[k].differs)
			f48_sb_printf(out, " %s", a->files[k].name);
	f48_sb_puts(out, "\n");
	for (k = 0; k < 3; k++)
		nf += lists[k]->n;
	f48_sb_printf(out, "\nfindings (%zu):\n", nf);
	for (k = 0; k < 3; k++)
		for (i = 0; i < lists[k]->n; i++)
			f48_report_finding_text(out, &lists[k]->items[i]);
	f48_sb_printf(out, "\n%zu thing%s to fix with --fix\n", count_fixable(a),
	    count_fixable(a) == 1 ? "" : "s");
}

static void
xml_report(f48_xw *w, const f48_audit *a)
{
	const f48_findings *lists[3] = { &a->fml4->findings, &a->want->findings, &a->findings };
	size_t i, k;

	f48_xw_start(w, "list");
	f48_xw_attr(w, "name", a->want->ml_name, F48_ENC_UTF8);
	f48_xw_attr(w, "dir", a->list_dir, F48_ENC_UTF8);
	f48_xw_attr(w, "fml4-dir", a->fml4->dir, F48_ENC_UTF8);
	if (a->want->ml_domain)
		f48_xw_attr(w, "domain", a->want->ml_domain, F48_ENC_UTF8);
	for (i = 0; i < a->nrestore; i++) {
		char *text = f48_cfline_text(&a->restore[i]);

		f48_xw_start(w, "config-line");
		f48_xw_attr(w, "why", a->restore[i].why, F48_ENC_UTF8);
		f48_xw_attr(w, "forced", "no", F48_ENC_ASCII);
		f48_xw_text(w, text, strlen(text), F48_ENC_UTF8);
		f48_xw_end_element(w);
		free(text);
	}
	for (k = 0; k < 3; k++)
		for (i = 0; i < lists[k]->n; i++)
			f48_xw_finding(w, &lists[k]->items[i]);
	f48_xw_end_element(w);
}

/* The audit as the report model (report.h), for --format html: the lines
 * that restore fml4's behaviour and every finding. */
static f48_rlist *
audit_model(const f48_audit *a)
{
	const f48_findings *lists[3] = { &a->fml4->findings, &a->want->findings, &a->findings };
	f48_rlist *r = f48_rlist_new(a->want->ml_name, a->list_dir, NULL);
	f48_rsection *sec = f48_rlist_section(r, "config-restore",
	    "config.cf lines that restore fml4's behaviour (audit --fix writes them)");
	size_t i, k;

	if (a->want->ml_domain) {
		char *addr = f48_xasprintf("%s@%s", a->want->ml_name, a->want->ml_domain);

		f48_rlist_set_address(r, addr);
		free(addr);
	}
	for (i = 0; i < a->nrestore; i++) {
		char *text = f48_cfline_text(&a->restore[i]);

		f48_rsection_add(sec, text, a->restore[i].why);
		free(text);
	}
	for (k = 0; k < 3; k++)
		f48_rlist_add_findings(r, lists[k]);
	return r;
}

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
	bool xml = strcmp(o->format, "xml") == 0, html = strcmp(o->format, "html") == 0;
	f48_report *rep = html ? f48_report_new("audit", o->nargs == 1 ? o->args[0] : NULL, true) :
	    NULL;
	int worst = EXIT_CLEAN;
	size_t fixable = 0;
	char **dirs;
	size_t i, ndirs = 0;
	f48_sb out;

	if (o->nargs < 1) {
		f48_report_free(rep);
		return cli_usage_error(o, "give an fml8 list directory or a domain's ~ml directory");
	}
	if (pipeline_load(o, &c) < 0) {
		f48_report_free(rep);
		return EXIT_INPUT;
	}
	dirs = cli_domain_dirs(o, &ndirs, &worst);
	if (c.site_defaults == NULL)
		site = find_site_defaults(o);
	f48_sb_init(&out);
	if (xml)
		xw = f48_xw_begin_stream("audit", cli_xml_out, NULL);
	for (i = 0; i < ndirs; i++) {
		f48_audit_opts ao = { .tables = c.tables, .rules = c.rules,
			.fml8_defaults = c.fml8_defaults,
			.site_defaults = c.site_defaults ? c.site_defaults : site,
			.list_template = c.list_template, .root = o->root, .fml4_dir = o->fml4_dir,
			.domain = o->domain, .owner = o->owner, .layout = c.layout };
		f48_audit *a = NULL;
		f48_error err;
		f48_state *st = NULL;
		size_t changed = 0, k;
		const f48_findings *lists[3];
		int lrc;

		/* --fix writes into the list: it takes the list's lock first */
		if (o->fix && (lrc = cli_state_open(o, o->args[i], true, "audit", &st)) != EXIT_CLEAN) {
			worst = cli_worst(worst, lrc);
			continue;
		}
		f48_error_clear(&err);
		if (f48_audit_run(dirs[i], &ao, &a, &err) < 0) {
			fprintf(stderr, "fml4to8: %s\n", err.msg);
			worst = cli_worst(worst, EXIT_INPUT);
			f48_state_close(st);
			continue;
		}
		lists[0] = &a->fml4->findings;
		lists[1] = &a->want->findings;
		lists[2] = &a->findings;
		for (k = 0; k < 3; k++) {
			int e = cli_exit_for(lists[k]);

			worst = cli_worst(worst, e);
		}
		fixable += count_fixable(a);
		if (html)
			f48_report_add_list(rep, audit_model(a));
		else if (xml)
			xml_report(xw, a);
		else {
			if (i > 0)
				f48_sb_puts(&out, "\n");
			text_report(&out, a);
		}
		if (o->fix) {
			if (f48_audit_fix(a, &changed, &err) < 0) {
				fprintf(stderr, "fml4to8: %s\n", err.msg);
				worst = EXIT_IO;
			} else if (!xml && !html)
				f48_sb_printf(&out, "fixed: %zu file%s rewritten (the old ones are kept as "
				    "*.fml4to8-bak)\n", changed, changed == 1 ? "" : "s");
		}
		if (!xml && !html) {
			int rc = cli_write(out.data, out.len);

			worst = cli_worst(worst, rc);
			f48_sb_reset(&out);
		}
		f48_audit_free(a);
		f48_state_close(st);
	}
	if (xml) {
		f48_error err;

		f48_error_clear(&err);
		if (f48_xw_end(xw, NULL, &err) < 0) {
			fprintf(stderr, "fml4to8: %s\n", err.msg);
			worst = err.status == F48_EIO ? EXIT_IO : EXIT_INPUT;
		} else {
			int rc = cli_write(out.data, out.len);

			worst = cli_worst(worst, rc);
		}
	}
	if (html) {
		f48_report_text_opts ro = { .verbose = false };

		worst = cli_worst(worst, cli_render_end(o, rep, NULL, &ro, NULL));
		f48_report_free(rep);
	}
	if (!xml && !html && !o->fix && fixable > 0 && worst < EXIT_INPUT) {
		fflush(stdout);
		cli_next(stdout, o, "audit --fix", false, "(writes the lines above; the old files "
		    "are kept)");
	}
	for (i = 0; i < ndirs; i++)
		free(dirs[i]);
	free(dirs);
	f48_sb_free(&out);
	f48_cf8_free(site);
	pipeline_free(&c);
	return worst;
}

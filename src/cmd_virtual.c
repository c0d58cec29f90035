/*
 * cmd_virtual.c - "fml4to8 virtual": options, one call to the domain maps
 * stage (lib/domain/domain_maps.h, which reads the lists, writes or returns
 * the maps and checks main.cf), printing and the exit code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/findings.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "domain/domain_maps.h"
#include "fml4/fml4_defaults.h"
#include "report/report.h"
#include "report/report_maps.h"
#include "report/report_show.h"
#include "report/xmlwriter.h"

#include "cli.h"

static int
exit_for(int status)
{
	switch (status) {
	case F48_OK:
		return EXIT_CLEAN;
	case F48_EUSAGE:
		return EXIT_USAGE;
	case F48_EINPUT:
	case F48_EUNSAFE:
		return EXIT_INPUT;
	default:
		return EXIT_IO;
	}
}

static int
emit_xml(const f48_dmaps_result *r, f48_sb *out)
{
	f48_xw *w = f48_xw_begin("virtual");
	f48_error err;
	size_t i;

	if (r->domain_line) {
		f48_xw_start(w, "domain-line");
		f48_xw_text(w, r->domain_line, strlen(r->domain_line), F48_ENC_UTF8);
		f48_xw_end_element(w);
	}
	for (i = 0; i < r->fs.n; i++)
		f48_xw_finding(w, &r->fs.items[i]);
	f48_error_clear(&err);
	if (f48_xw_end(w, out, &err) < 0) {
		fprintf(stderr, "fml4to8 virtual: %s\n", err.msg);
		return EXIT_INPUT;
	}
	return EXIT_CLEAN;
}

/* --format html: the page of the report model: what was done (and the
 * main.cf lines), the maps that were not written to a file, every finding. */
static int
emit_html(const cli_opts *co, const f48_dmaps_opts *o, const f48_dmaps_result *r)
{
	f48_report *rep = f48_report_new("virtual", o->ml_dir ? o->ml_dir : o->fix, true);
	f48_rsection *sec = f48_report_section(rep, "result", "what was done, and main.cf");
	f48_report_text_opts ro = { .verbose = false };
	const char *p, *e;
	size_t i;
	int rc;

	for (p = r->report.data; p && *p; p = *e ? e + 1 : e) {
		char *line;

		if ((e = strchr(p, '\n')) == NULL)
			e = p + strlen(p);
		if (e == p)
			continue;
		line = f48_xstrndup(p, (size_t)(e - p));
		f48_rsection_add(sec, line, NULL);
		free(line);
	}
	f48_report_add_maps(rep, r, o->realmx);
	for (i = 0; i < r->fs.n; i++) {
		const f48_finding *f = &r->fs.items[i];

		f48_findings_add(&rep->findings, f->severity, f->code, f->file, f->line, f->fix, "%s",
		    f->message);
	}
	rc = cli_render_end(co, rep, NULL, &ro, NULL);
	f48_report_free(rep);
	return rc;
}

int
cmd_virtual(const cli_opts *co)
{
	f48_dmaps_opts o;
	f48_dmaps_result r;
	f48_fml4_tables *tables = NULL;
	const char *p, *e;
	bool xml, html;
	int rc, worst;
	size_t i;
	f48_sb out;

	memset(&o, 0, sizeof(o));
	o.root = co->root;
	o.realmx = co->realmx;
	o.domain = co->domain;
	o.virtual_out = co->output;
	o.aliases_out = co->aliases;
	o.only = co->only;
	o.prefix = co->prefix;
	o.owner = co->owner;
	o.fix = co->fix_file;
	o.main_cf = co->main_cf;
	o.owners_from = co->owners_from;
	o.fml4_defaults = co->fml4_defaults;
	o.check_aliases = (const char *const *)co->check_aliases;
	o.ncheck_aliases = co->ncheck_aliases;
	o.check_virtual = (const char *const *)co->check_virtual;
	o.ncheck_virtual = co->ncheck_virtual;
	if (co->domain_line == NULL || strcmp(co->domain_line, "auto") == 0)
		o.domain_line = F48_DMAPS_AUTO;
	else if (strcmp(co->domain_line, "keep") == 0)
		o.domain_line = F48_DMAPS_KEEP;
	else if (strcmp(co->domain_line, "drop") == 0)
		o.domain_line = F48_DMAPS_DROP;
	else
		return cli_usage_error(co, "--domain-line must be keep, drop or auto");
	if (o.only && strcmp(o.only, "virtual") != 0 && strcmp(o.only, "aliases") != 0)
		return cli_usage_error(co, "--only must be virtual or aliases");
	if (co->nargs > 1)
		return cli_usage_error(co, "one DOMAIN_ML_DIR only");
	if (co->nargs == 1)
		o.ml_dir = co->args[0];
	if (o.virtual_out && o.aliases_out && strcmp(o.virtual_out, o.aliases_out) == 0)
		return cli_usage_error(co, "-o and -a name the same file");
	if (o.fix && (o.virtual_out || o.aliases_out || o.only))
		return cli_usage_error(co, "--fix rewrites FILE itself; -o, -a and --only do not "
		    "apply");
	if ((o.ml_dir || o.fix) && (o.realmx == NULL || *o.realmx == '\0'))
		return cli_usage_error(co, "--realmx HOST is required (the host whose local(8) "
		    "runs fml8)");
	if (!o.ml_dir && !o.fix && !o.main_cf && !o.ncheck_aliases && !o.ncheck_virtual)
		return cli_usage_error(co, "give DOMAIN_ML_DIR, --fix FILE or a --check option");
	xml = strcmp(co->format, "xml") == 0;
	html = strcmp(co->format, "html") == 0;
	if (html && o.only)
		return cli_usage_error(co, "--only writes a map to stdout; --format html does not "
		    "go with it");
	if (o.ml_dir && cli_load_tables(co, &tables) < 0)
		return EXIT_INPUT;
	o.tables = tables;

	f48_dmaps_run(&o, &r);
	f48_fml4_tables_free(tables);
	worst = exit_for(r.status);
	for (p = r.errors.data; p && *p; p = *e ? e + 1 : e) {
		e = strchr(p, '\n');
		if (e == NULL)
			e = p + strlen(p);
		fprintf(stderr, "fml4to8 virtual: %.*s\n", (int)(e - p), p);
	}
	f48_sb_init(&out);
	if (html) {
		worst = cli_worst(worst, emit_html(co, &o, &r));
		worst = cli_worst(worst, cli_exit_for(&r.fs));
		f48_dmaps_result_free(&r);
		f48_sb_free(&out);
		return worst;
	}
	if (xml)
		worst = cli_worst(worst, emit_xml(&r, &out));
	else {
		f48_sb_printf(&r.report, "\nfindings (%zu):\n", r.fs.n);
		for (i = 0; i < r.fs.n; i++)
			f48_report_finding_text(&r.report, &r.fs.items[i]);
		if (r.fs.n == 0)
			f48_sb_puts(&r.report, "  (none)\n");
	}
	if (o.only) {
		worst = cli_worst(worst, cli_write(r.maps.data ? r.maps.data : "", r.maps.len));
		if (xml)
			fwrite(out.data, 1, out.len, stderr);
		else
			fwrite(r.report.data, 1, r.report.len, stderr);
	} else {
		if (r.maps.len) {
			worst = cli_worst(worst, cli_write(r.maps.data, r.maps.len));
			worst = cli_worst(worst, cli_write("==> report <==\n", 15));
		}
		worst = cli_worst(worst, xml ? cli_write(out.data, out.len) :
		    cli_write(r.report.data, r.report.len));
	}
	worst = cli_worst(worst, cli_exit_for(&r.fs));
	if (o.ml_dir && worst < EXIT_INPUT) {
		fflush(stdout);
		cli_next(o.only ? stderr : stdout, co, "audit", true,
		    "(what each list lost, if makefml mergeml made it)");
	}
	rc = worst;
	f48_dmaps_result_free(&r);
	f48_sb_free(&out);
	return rc;
}

/*
 * cmd_scan.c - "fml4to8 scan [DIR...]": the host's lists (lib/scan), printed
 * as text, XML or HTML (the report model), with the order to migrate in and the dry-run command per
 * domain.
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
#include "scan/scan.h"
#include "report/report.h"
#include "report/report_scan.h"
#include "report/report_show.h"
#include "report/xmlwriter.h"

#include "cli.h"

#define NSTATES 6

/* The distinct domains of s, in list order (s is sorted by domain). */
static size_t
domains_of(const f48_scan *s, const char ***out)
{
	size_t n = 0, i;

	*out = f48_xmalloc((s->n ? s->n : 1) * sizeof(char *));
	for (i = 0; i < s->n; i++)
		if (n == 0 || strcmp((*out)[n - 1], s->lists[i].domain) != 0)
			(*out)[n++] = s->lists[i].domain;
	return n;
}

/* The dry-run commands of a domain: one per ML_DIR of its fml4 lists. */
static size_t
dryrun_cmds(const cli_opts *o, const f48_scan *s, const char *domain, char ***out)
{
	size_t n = 0, i, j;

	*out = NULL;
	for (i = 0; i < s->n; i++) {
		const f48_scan_list *l = &s->lists[i];
		char *parent, *h, *cmd;

		if (strcmp(l->domain, domain) != 0 || l->state != F48_SCAN_FML4)
			continue;
		parent = f48_path_dirname(l->dir);
		h = f48_path_on_host(o->root, parent);
		if (o->root && *o->root)
			cmd = f48_xasprintf("fml4to8 dry-run --root %s %s", o->root, h);
		else
			cmd = f48_xasprintf("fml4to8 dry-run %s", h);
		free(parent);
		free(h);
		for (j = 0; j < n; j++)
			if (strcmp((*out)[j], cmd) == 0)
				break;
		if (j < n) {
			free(cmd);
			continue;
		}
		*out = f48_xrealloc(*out, (n + 1) * sizeof(char *));
		(*out)[n++] = cmd;
	}
	return n;
}

static void
free_strs(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
text_list(f48_sb *out, const f48_scan_list *l)
{
	size_t i;

	f48_sb_printf(out, "  %s  %s  (%s)\n", l->name, f48_scan_state_name(l->state),
	    l->evidence);
	f48_sb_printf(out, "    dir:        %s\n", l->dir);
	if (l->naddresses) {
		f48_sb_puts(out, "    addresses: ");
		for (i = 0; i < l->naddresses; i++)
			f48_sb_printf(out, " %s", l->addresses[i]);
		f48_sb_puts(out, "\n");
	}
	if (l->fml_pl)
		f48_sb_printf(out, "    fml.pl:     %s\n", l->fml_pl);
	f48_sb_printf(out, "    reached by: %s\n", l->by_fml4 && l->by_fml8 ? "fml4 and fml8" :
	    l->by_fml4 ? "fml4" : l->by_fml8 ? "fml8" : l->naddresses ? "aliases" : "nothing");
	if (l->counted)
		f48_sb_printf(out, "    members %zu, recipients %zu, digest %zu\n", l->members,
		    l->recipients, l->digest);
	if (l->seq >= 0)
		f48_sb_printf(out, "    seq %ld%s%s\n", l->seq, l->last_article ?
		    ", last article " : "", l->last_article ? l->last_article : "");
	for (i = 0; i < l->findings.n; i++) {
		f48_sb_puts(out, "    ");
		f48_report_finding_text(out, &l->findings.items[i]);
	}
}

static void
text_report(f48_sb *out, const cli_opts *o, const f48_scan *s)
{
	const char **doms;
	size_t nd = domains_of(s, &doms), d, i, counts[NSTATES] = { 0 };

	f48_sb_printf(out, "host: main.cf %s\n", s->main_cf ? s->main_cf : "(none)");
	for (i = 0; i < s->findings.n; i++) {
		f48_sb_puts(out, "  ");
		f48_report_finding_text(out, &s->findings.items[i]);
	}
	for (d = 0; d < nd; d++) {
		size_t *idx, no, nl = 0;
		char **cmds;
		size_t nc;

		for (i = 0; i < s->n; i++)
			nl += strcmp(s->lists[i].domain, doms[d]) == 0;
		f48_sb_printf(out, "\ndomain %s: %zu list%s\n", *doms[d] ? doms[d] : "(unknown)",
		    nl, nl == 1 ? "" : "s");
		for (i = 0; i < s->n; i++)
			if (strcmp(s->lists[i].domain, doms[d]) == 0) {
				text_list(out, &s->lists[i]);
				counts[s->lists[i].state]++;
			}
		no = f48_scan_order(s, doms[d], &idx);
		if (no) {
			f48_sb_puts(out, "  order to migrate (nothing for a person first):");
			for (i = 0; i < no; i++)
				f48_sb_printf(out, " %s", s->lists[idx[i]].name);
			f48_sb_puts(out, "\n");
		}
		free(idx);
		nc = dryrun_cmds(o, s, doms[d], &cmds);
		for (i = 0; i < nc; i++)
			f48_sb_printf(out, "  dry-run: %s\n", cmds[i]);
		free_strs(cmds, nc);
	}
	f48_sb_printf(out, "\nsummary: %zu list%s in %zu domain%s;", s->n, s->n == 1 ? "" : "s",
	    nd, nd == 1 ? "" : "s");
	for (i = 0; i < NSTATES; i++)
		if (counts[i])
			f48_sb_printf(out, " %s %zu", f48_scan_state_name((f48_scan_state)i), counts[i]);
	f48_sb_puts(out, "\n");
	free(doms);
}

static void
xml_report(f48_xw *w, const cli_opts *o, const f48_scan *s)
{
	const char **doms;
	size_t nd = domains_of(s, &doms), d, i, k, counts[NSTATES] = { 0 };

	f48_xw_start(w, "scan");
	if (s->main_cf)
		f48_xw_attr(w, "main-cf", s->main_cf, F48_ENC_UTF8);
	f48_xw_attr_long(w, "lists", (long)s->n);
	f48_xw_attr_long(w, "domains", (long)nd);
	for (d = 0; d < nd; d++) {
		size_t *idx, no, nl = 0, nc;
		char **cmds;

		for (i = 0; i < s->n; i++)
			nl += strcmp(s->lists[i].domain, doms[d]) == 0;
		f48_xw_start(w, "domain");
		f48_xw_attr(w, "name", doms[d], F48_ENC_UTF8);
		f48_xw_attr_long(w, "lists", (long)nl);
		for (i = 0; i < s->n; i++) {
			const f48_scan_list *l = &s->lists[i];

			if (strcmp(l->domain, doms[d]) != 0)
				continue;
			counts[l->state]++;
			f48_xw_start(w, "scan-list");
			f48_xw_attr(w, "name", l->name, F48_ENC_UTF8);
			f48_xw_attr(w, "dir", l->dir, F48_ENC_UTF8);
			f48_xw_attr(w, "state", f48_scan_state_name(l->state), F48_ENC_UTF8);
			if (l->fml_pl)
				f48_xw_attr(w, "fml-pl", l->fml_pl, F48_ENC_UTF8);
			if (l->counted) {
				f48_xw_attr_long(w, "members", (long)l->members);
				f48_xw_attr_long(w, "recipients", (long)l->recipients);
				f48_xw_attr_long(w, "digest", (long)l->digest);
			}
			if (l->seq >= 0)
				f48_xw_attr_long(w, "seq", l->seq);
			if (l->last_article)
				f48_xw_attr(w, "last-article", l->last_article, F48_ENC_UTF8);
			f48_xw_attr(w, "reached-by-fml4", l->by_fml4 ? "yes" : "no", F48_ENC_UTF8);
			f48_xw_attr(w, "reached-by-fml8", l->by_fml8 ? "yes" : "no", F48_ENC_UTF8);
			f48_xw_start(w, "evidence");
			f48_xw_text(w, l->evidence, strlen(l->evidence), F48_ENC_UTF8);
			f48_xw_end_element(w);
			for (k = 0; k < l->naddresses; k++) {
				f48_xw_start(w, "address");
				f48_xw_text(w, l->addresses[k], strlen(l->addresses[k]), F48_ENC_UTF8);
				f48_xw_end_element(w);
			}
			for (k = 0; k < l->findings.n; k++)
				f48_xw_finding(w, &l->findings.items[k]);
			f48_xw_end_element(w);
		}
		no = f48_scan_order(s, doms[d], &idx);
		if (no) {
			f48_xw_start(w, "order");
			for (i = 0; i < no; i++) {
				f48_xw_start(w, "next");
				f48_xw_attr(w, "name", s->lists[idx[i]].name, F48_ENC_UTF8);
				f48_xw_attr_long(w, "warnings", (long)f48_findings_count(
				    &s->lists[idx[i]].findings, F48_SEV_WARNING));
				f48_xw_end_element(w);
			}
			f48_xw_end_element(w);
		}
		free(idx);
		nc = dryrun_cmds(o, s, doms[d], &cmds);
		for (i = 0; i < nc; i++) {
			f48_xw_start(w, "dry-run");
			f48_xw_text(w, cmds[i], strlen(cmds[i]), F48_ENC_UTF8);
			f48_xw_end_element(w);
		}
		free_strs(cmds, nc);
		f48_xw_end_element(w);
	}
	for (i = 0; i < NSTATES; i++)
		if (counts[i]) {
			f48_xw_start(w, "state");
			f48_xw_attr(w, "name", f48_scan_state_name((f48_scan_state)i), F48_ENC_UTF8);
			f48_xw_attr_long(w, "lists", (long)counts[i]);
			f48_xw_end_element(w);
		}
	for (i = 0; i < s->findings.n; i++)
		f48_xw_finding(w, &s->findings.items[i]);
	f48_xw_end_element(w);
	free(doms);
}

int
cmd_scan(const cli_opts *o)
{
	f48_fml4_tables *tables = NULL;
	f48_scan_opts so = { .root = o->root, .main_cf = o->main_cf, .state_dir = o->state_dir,
	    .ml_home_prefix_map = o->ml_home_prefix,
	    .ndirs = (size_t)o->nargs };
	char **prod;
	f48_scan *s = NULL;
	f48_error err;
	int worst, rc;
	size_t i;

	/* DIRs are host paths, as for every command; the scan works on
	 * production paths */
	prod = f48_xcalloc((size_t)o->nargs + 1, sizeof(char *));
	for (i = 0; i < (size_t)o->nargs; i++) {
		char kind;

		if (f48_file_lstat_kind(o->args[i], &kind) != 0 || kind != 'd') {
			fprintf(stderr, "fml4to8 scan: %s: not a directory\n", o->args[i]);
			free_strs(prod, i);
			return EXIT_INPUT;
		}
		prod[i] = f48_path_in_production(o->root, o->args[i]);
	}
	so.dirs = (const char *const *)prod;
	if (cli_load_tables(o, &tables) < 0) {
		free_strs(prod, (size_t)o->nargs);
		return EXIT_INPUT;
	}
	so.tables = tables;
	f48_error_clear(&err);
	if (f48_scan_host(&so, &s, &err) < 0) {
		fprintf(stderr, "fml4to8: %s\n", err.msg);
		f48_fml4_tables_free(tables);
		free_strs(prod, (size_t)o->nargs);
		return EXIT_INPUT;
	}
	worst = cli_exit_for(&s->findings);
	for (i = 0; i < s->n; i++)
		worst = cli_worst(worst, cli_exit_for(&s->lists[i].findings));
	if (strcmp(o->format, "xml") == 0) {
		f48_xw *w = f48_xw_begin_stream("scan", cli_stdout_sink, NULL);

		xml_report(w, o, s);
		if (f48_xw_end(w, NULL, &err) < 0) {
			fprintf(stderr, "fml4to8: %s\n", err.msg);
			worst = cli_worst(worst, err.status == F48_EIO ? EXIT_IO : EXIT_INPUT);
		}
	} else if (strcmp(o->format, "html") == 0) {
		f48_report *rep = f48_report_new("scan", s->main_cf ? s->main_cf : "this host", true);
		f48_report_text_opts ro = { .verbose = false };
		const char **doms;
		size_t nd = domains_of(s, &doms), d, k, nc;
		char **cmds;

		f48_report_scan_model(rep, s);
		for (d = 0; d < nd; d++) {
			nc = dryrun_cmds(o, s, doms[d], &cmds);
			for (k = 0; k < nc; k++)
				f48_report_add_next(rep, cmds[k]);
			free_strs(cmds, nc);
		}
		free(doms);
		worst = cli_worst(worst, cli_render_end(o, rep, NULL, &ro, NULL));
		f48_report_free(rep);
	} else {
		f48_sb out;

		f48_sb_init(&out);
		text_report(&out, o, s);
		if ((rc = cli_write(out.data, out.len)) != EXIT_CLEAN)
			worst = cli_worst(worst, rc);
		f48_sb_free(&out);
	}
	f48_scan_free(s);
	f48_fml4_tables_free(tables);
	free_strs(prod, (size_t)o->nargs);
	return worst;
}

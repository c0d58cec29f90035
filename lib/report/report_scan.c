/*
 * report_scan.c - the host inventory as the report model: see
 * report_scan.h.
 */
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"
#include "report/report_scan.h"

static f48_rlist *
scan_list(const f48_scan_list *l)
{
	char *name = *l->domain ? f48_xasprintf("%s@%s", l->name, l->domain) :
	    f48_xstrdup(l->name);
	f48_rlist *r = f48_rlist_new(name, l->dir, l->dir);
	f48_rsection *sec = f48_rlist_section(r, "scan", "what scan found");
	f48_sb b;
	size_t i;

	free(name);
	if (l->naddresses)
		f48_rlist_set_address(r, l->addresses[0]);
	if (l->counted) {
		r->counts.known = true;
		r->counts.fml4_members = r->counts.fml8_members = l->members;
		r->counts.fml4_recipients = r->counts.fml8_recipients = l->recipients;
		r->counts.fml4_digest = r->counts.fml8_digest = l->digest;
	}
	f48_sb_init(&b);
	f48_sb_printf(&b, "state: %s", f48_scan_state_name(l->state));
	f48_rsection_add(sec, b.data, l->evidence);
	f48_sb_reset(&b);
	if (l->naddresses) {
		f48_sb_puts(&b, "addresses:");
		for (i = 0; i < l->naddresses; i++)
			f48_sb_printf(&b, " %s", l->addresses[i]);
		f48_rsection_add(sec, b.data, NULL);
		f48_sb_reset(&b);
	}
	if (l->fml_pl) {
		f48_sb_printf(&b, "fml.pl: %s", l->fml_pl);
		f48_rsection_add(sec, b.data, NULL);
		f48_sb_reset(&b);
	}
	f48_sb_printf(&b, "reached by: %s", l->by_fml4 && l->by_fml8 ? "fml4 and fml8" :
	    l->by_fml4 ? "fml4" : l->by_fml8 ? "fml8" : l->naddresses ? "aliases" : "nothing");
	f48_rsection_add(sec, b.data, NULL);
	f48_sb_reset(&b);
	if (l->seq >= 0) {
		f48_sb_printf(&b, "seq %ld%s%s", l->seq, l->last_article ? ", last article " : "",
		    l->last_article ? l->last_article : "");
		f48_rsection_add(sec, b.data, NULL);
	}
	f48_sb_free(&b);
	f48_rlist_add_findings(r, &l->findings);
	return r;
}

void
f48_report_scan_model(f48_report *r, const f48_scan *s)
{
	size_t i, j;

	for (i = 0; i < s->n; i++)
		f48_report_add_list(r, scan_list(&s->lists[i]));
	for (i = 0; i < s->n; i++) {
		const char *dom = s->lists[i].domain;
		size_t *idx = NULL, no;
		char *id, *title;
		f48_rsection *sec;

		if (i > 0 && strcmp(s->lists[i - 1].domain, dom) == 0)
			continue;       /* sorted by domain: once per domain */
		no = f48_scan_order(s, dom, &idx);
		if (no) {
			id = f48_xasprintf("order-%s", *dom ? dom : "unknown");
			title = f48_xasprintf("%s: the order to migrate in (nothing for a person "
			    "first)", *dom ? dom : "(unknown domain)");
			sec = f48_report_section(r, id, title);
			for (j = 0; j < no; j++)
				f48_rsection_add(sec, s->lists[idx[j]].name, NULL);
			free(id);
			free(title);
		}
		free(idx);
	}
	f48_findings_free(&r->findings);
	f48_findings_init(&r->findings);
	for (i = 0; i < s->findings.n; i++) {
		const f48_finding *f = &s->findings.items[i];

		f48_findings_add(&r->findings, f->severity, f->code, f->file, f->line, f->fix, "%s",
		    f->message);
	}
}

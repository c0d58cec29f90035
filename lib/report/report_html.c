/*
 * report_html.c - the HTML page of a run (report.h): one self-contained
 * document, built as a tree with libxml2's HTML API and serialised by it, so
 * that every value is escaped by the library and never pasted into markup.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

#include "report/report.h"

/* Printable on paper and readable in any browser; no script, no external file. */
static const char css[] =
    "body{font-family:sans-serif;margin:1.5em;color:#222;max-width:75em}"
    "h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #999;margin-top:2em}"
    "h3{font-size:1em;margin-bottom:.3em}"
    "table{border-collapse:collapse;margin:.5em 0}"
    "th,td{border:1px solid #bbb;padding:.2em .5em;text-align:left;vertical-align:top}"
    /* findings: fixed columns, long paths and messages wrap inside the page
     * instead of widening it */
    "table.error,table.warning,table.info{width:100%;table-layout:fixed}"
    "table.error td,table.warning td,table.info td{overflow-wrap:anywhere}"
    "table.error th:nth-child(1),table.warning th:nth-child(1),table.info th:nth-child(1)"
    "{width:7em}"
    "table.error th:nth-child(2),table.warning th:nth-child(2),table.info th:nth-child(2)"
    "{width:5em}"
    "table.error th:nth-child(3),table.warning th:nth-child(3),table.info th:nth-child(3)"
    "{width:14em}"
    "table.error th:nth-child(4),table.warning th:nth-child(4),table.info th:nth-child(4)"
    "{width:12em}"
    "th{background:#eee}td.n{text-align:right;white-space:nowrap}"
    ".ok{color:#161}.needs-person{color:#a60}.error{color:#b00;font-weight:bold}"
    ".sev-error{color:#b00;font-weight:bold}.sev-warning{color:#a60}.sev-info{color:#555}"
    "pre{background:#f6f6f6;border:1px solid #ddd;padding:.5em;overflow-x:auto;"
    "white-space:pre-wrap;overflow-wrap:anywhere}"
    "code{font-size:.95em}.note{color:#666}"
    "@media print{body{margin:0;max-width:none}a{color:inherit;text-decoration:none}"
    "h2{page-break-before:auto}pre{white-space:pre-wrap}}";

static xmlNodePtr
el(xmlNodePtr parent, const char *name, const char *text)
{
	return xmlNewTextChild(parent, NULL, BAD_CAST name, text ? BAD_CAST text : NULL);
}

static void
attr(xmlNodePtr n, const char *name, const char *value)
{
	xmlNewProp(n, BAD_CAST name, BAD_CAST value);
}

static void
text(xmlNodePtr parent, const char *t)
{
	xmlAddChild(parent, xmlNewText(BAD_CAST t));
}

static char *
anchor(const char *prefix, const char *name)
{
	f48_sb b;
	const char *p;

	f48_sb_init(&b);
	f48_sb_puts(&b, prefix);
	for (p = name; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.')
			f48_sb_putc(&b, (char)c);
		else
			f48_sb_printf(&b, "_%02X", c);
	}
	return f48_sb_steal(&b);
}

static void
td_num(xmlNodePtr tr, size_t a, size_t b)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%zu \xe2\x86\x92 %zu", a, b);   /* U+2192 arrow */
	attr(el(tr, "td", buf), "class", "n");
}

static void
th_row(xmlNodePtr table, const char *const *heads)
{
	xmlNodePtr tr = el(table, "tr", NULL);

	for (; *heads; heads++)
		el(tr, "th", *heads);
}

static void
place(char *buf, size_t n, const f48_rlist *l, const f48_finding *f)
{
	char *p = f48_report_short_path(l ? l->dir : NULL, f->file);

	if (p && f->line > 0)
		snprintf(buf, n, "%s:%ld", p, f->line);
	else
		snprintf(buf, n, "%s", p ? p : "");
	free(p);
}

/* The class of a severity cell (the style sheet colours it). */
static const char *
sev_class(f48_severity sev)
{
	return sev == F48_SEV_ERROR ? "sev-error" : sev == F48_SEV_WARNING ? "sev-warning" :
	    "sev-info";
}

static void
finding_row(xmlNodePtr table, const f48_rlist *l, const f48_finding *f, bool with_list)
{
	xmlNodePtr tr = el(table, "tr", NULL), td;
	char where[1024];

	if (with_list) {
		td = el(tr, "td", NULL);
		if (l) {
			char *a = anchor("list-", l->name);
			char *href = f48_xasprintf("#%s", a);
			xmlNodePtr link = el(td, "a", l->name);

			attr(link, "href", href);
			free(href);
			free(a);
		} else
			text(td, "(domain)");
	}
	attr(el(tr, "td", f48_severity_name(f->severity)), "class", sev_class(f->severity));
	el(el(tr, "td", NULL), "code", f->code);
	place(where, sizeof(where), l, f);
	el(el(tr, "td", NULL), "code", where);
	td = el(tr, "td", f->message);
	if (f->fix) {
		xmlNodePtr div = el(td, "div", "fix: ");

		el(div, "code", f->fix);
	}
}

/* A page a person reads: past this many findings of one code in one list
 * (a list with 40,000 duplicate addresses), the table says how many more
 * there are instead of holding them, which also bounds the page's memory.
 * The text report (-v) and the XML list every one. */
#define HTML_ROWS_PER_CODE 100

typedef struct code_count {
	const char *code;
	size_t n;
} code_count;

typedef struct row_cap {
	code_count *c;
	size_t n, cap;
} row_cap;

/* Counts one finding of code; false once the code has its rows. */
static bool
row_cap_take(row_cap *rc, const char *code)
{
	size_t i;

	for (i = 0; i < rc->n; i++)
		if (strcmp(rc->c[i].code, code) == 0)
			return ++rc->c[i].n <= HTML_ROWS_PER_CODE;
	rc->c = f48_xgrow(rc->c, &rc->cap, rc->n + 1, sizeof(*rc->c));
	rc->c[rc->n].code = code;
	rc->c[rc->n++].n = 1;
	return true;
}

/* The "N more" rows of the codes that had more than their rows; resets. */
static void
row_cap_flush(xmlNodePtr table, row_cap *rc, const f48_rlist *l, int sev, bool with_list)
{
	size_t i;

	for (i = 0; i < rc->n; i++) {
		xmlNodePtr tr;
		char *m;

		if (rc->c[i].n <= HTML_ROWS_PER_CODE)
			continue;
		tr = el(table, "tr", NULL);
		if (with_list)
			el(tr, "td", l ? l->name : "(domain)");
		attr(el(tr, "td", f48_severity_name((f48_severity)sev)), "class",
		    sev_class((f48_severity)sev));
		el(el(tr, "td", NULL), "code", rc->c[i].code);
		el(tr, "td", "");
		m = f48_xasprintf("%zu more %s findings%s are not shown on this page: the text "
		    "report with -v and --format xml list every one", rc->c[i].n -
		    HTML_ROWS_PER_CODE, rc->c[i].code, l ? " of this list" : "");
		el(tr, "td", m);
		free(m);
	}
	rc->n = 0;
}

static const char *const finding_heads[] = { "severity", "code", "where", "what", NULL };
static const char *const finding_heads_list[] = { "list", "severity", "code", "where", "what",
	NULL };

static void
section_block(xmlNodePtr parent, const f48_rsection *s)
{
	f48_sb b;
	size_t i;
	char *h = f48_xasprintf("%s (%zu)", s->title, s->n);
	xmlNodePtr pre;

	el(parent, "h3", h);
	free(h);
	f48_sb_init(&b);
	for (i = 0; i < s->n; i++) {
		if (s->lines[i].note)
			f48_sb_printf(&b, "# %s\n", s->lines[i].note);
		f48_sb_printf(&b, "%s\n", s->lines[i].text);
	}
	pre = el(parent, "pre", NULL);
	attr(pre, "class", s->id);
	text(pre, b.data ? b.data : "");
	f48_sb_free(&b);
}

static void
list_table(xmlNodePtr body, const f48_report *r)
{
	static const char *const heads[] = { "list", "address", "status", "members",
		"recipients", "digest", "subject tag", "errors", "warnings", NULL };
	xmlNodePtr table = el(body, "table", NULL);
	size_t i;

	attr(table, "id", "lists");
	th_row(table, heads);
	for (i = 0; i < r->nlists; i++) {
		const f48_rlist *l = r->lists[i];
		f48_rstatus st = f48_rlist_status(l);
		xmlNodePtr tr = el(table, "tr", NULL), a;
		char *an = anchor("list-", l->name), *href = f48_xasprintf("#%s", an);
		size_t ne = f48_findings_count(&l->findings, F48_SEV_ERROR);
		size_t nw = f48_findings_count(&l->findings, F48_SEV_WARNING) - ne;
		char num[32];

		a = el(el(tr, "td", NULL), "a", l->name);
		attr(a, "href", href);
		el(tr, "td", l->address ? l->address : "");
		attr(el(tr, "td", f48_rstatus_name(st)), "class", f48_rstatus_name(st));
		if (l->counts.known) {
			td_num(tr, l->counts.fml4_members, l->counts.fml8_members);
			td_num(tr, l->counts.fml4_recipients, l->counts.fml8_recipients);
			td_num(tr, l->counts.fml4_digest, l->counts.fml8_digest);
		} else {
			el(tr, "td", "");
			el(tr, "td", "");
			el(tr, "td", "");
		}
		el(el(tr, "td", NULL), "code", l->tag ? l->tag : "");
		snprintf(num, sizeof(num), "%zu", ne);
		attr(el(tr, "td", num), "class", "n");
		snprintf(num, sizeof(num), "%zu", nw);
		attr(el(tr, "td", num), "class", "n");
		free(href);
		free(an);
	}
	if (r->totals.known) {
		xmlNodePtr tr = el(table, "tr", NULL);
		char num[32];

		el(el(tr, "th", NULL), "b", "total");
		el(tr, "th", "");
		snprintf(num, sizeof(num), "%zu lists", r->lists_seen);
		el(tr, "th", num);
		td_num(tr, r->totals.fml4_members, r->totals.fml8_members);
		td_num(tr, r->totals.fml4_recipients, r->totals.fml8_recipients);
		td_num(tr, r->totals.fml4_digest, r->totals.fml8_digest);
		el(tr, "th", "");
		el(tr, "th", "");
		el(tr, "th", "");
	}
}

static void
by_severity(xmlNodePtr body, const f48_report *r)
{
	row_cap rc = { NULL, 0, 0 };
	int sev;
	size_t i, j;

	el(body, "h2", "Findings by severity");
	for (sev = F48_SEV_ERROR; sev >= F48_SEV_INFO; sev--) {
		size_t n = 0;
		xmlNodePtr table;
		char *h;

		for (i = 0; i < r->findings.n; i++)
			n += (int)r->findings.items[i].severity == sev;
		for (i = 0; i < r->nlists; i++)
			for (j = 0; j < r->lists[i]->findings.n; j++)
				n += (int)r->lists[i]->findings.items[j].severity == sev;
		h = f48_xasprintf("%s (%zu)", sev == F48_SEV_ERROR ? "Errors" :
		    sev == F48_SEV_WARNING ? "Warnings: a person must decide" : "Information", n);
		el(body, "h3", h);
		free(h);
		if (n == 0) {
			el(body, "p", "none");
			continue;
		}
		table = el(body, "table", NULL);
		attr(table, "class", f48_severity_name((f48_severity)sev));
		th_row(table, finding_heads_list);
		for (i = 0; i < r->findings.n; i++)
			if ((int)r->findings.items[i].severity == sev &&
			    row_cap_take(&rc, r->findings.items[i].code))
				finding_row(table, NULL, &r->findings.items[i], true);
		row_cap_flush(table, &rc, NULL, sev, true);
		for (i = 0; i < r->nlists; i++) {
			const f48_findings *fs = &r->lists[i]->findings;

			for (j = 0; j < fs->n; j++)
				if ((int)fs->items[j].severity == sev &&
				    row_cap_take(&rc, fs->items[j].code))
					finding_row(table, r->lists[i], &fs->items[j], true);
			row_cap_flush(table, &rc, r->lists[i], sev, true);
		}
	}
	free(rc.c);
}

static void
list_section(xmlNodePtr body, const f48_rlist *l)
{
	char *an = anchor("list-", l->name), *h;
	xmlNodePtr h2, p, table;
	row_cap rc = { NULL, 0, 0 };
	size_t i;
	int sev;

	h = l->address ? f48_xasprintf("%s (%s)", l->name, l->address) : f48_xstrdup(l->name);
	h2 = el(body, "h2", h);
	attr(h2, "id", an);
	free(h);
	free(an);
	p = el(body, "p", NULL);
	el(p, "code", l->dir_prod);
	text(p, ": ");
	attr(el(p, "span", f48_rstatus_name(f48_rlist_status(l))), "class",
	    f48_rstatus_name(f48_rlist_status(l)));
	if (l->counts.known) {
		char buf[256];

		snprintf(buf, sizeof(buf), "members %zu \xe2\x86\x92 %zu, recipients %zu "
		    "\xe2\x86\x92 %zu, digest %zu \xe2\x86\x92 %zu", l->counts.fml4_members,
		    l->counts.fml8_members, l->counts.fml4_recipients, l->counts.fml8_recipients,
		    l->counts.fml4_digest, l->counts.fml8_digest);
		el(body, "p", buf);
	}
	if (l->tag) {
		p = el(body, "p", "subject tag (fml4): ");
		el(p, "code", l->tag);
	}
	if (l->findings.n) {
		table = el(body, "table", NULL);
		th_row(table, finding_heads);
		for (sev = F48_SEV_ERROR; sev >= F48_SEV_INFO; sev--) {
			for (i = 0; i < l->findings.n; i++)
				if ((int)l->findings.items[i].severity == sev &&
				    row_cap_take(&rc, l->findings.items[i].code))
					finding_row(table, l, &l->findings.items[i], false);
			row_cap_flush(table, &rc, l, sev, false);
		}
		free(rc.c);
	} else
		el(body, "p", "no findings");
	for (i = 0; i < l->nsections; i++)
		if (l->sections[i]->n)
			section_block(body, l->sections[i]);
}

int
f48_report_html(const f48_report *r, f48_sb *out, f48_error *err)
{
	htmlDocPtr doc = htmlNewDoc(BAD_CAST "http://www.w3.org/TR/html4/strict.dtd",
	    BAD_CAST "-//W3C//DTD HTML 4.01//EN");
	xmlNodePtr html, head, body, p, meta;
	xmlChar *mem = NULL;
	int size = 0;
	size_t i, k;
	char *title;

	if (doc == NULL)
		return f48_error_set(err, F48_EINPUT, NULL, 0, "libxml2 could not make the page");
	html = xmlNewNode(NULL, BAD_CAST "html");
	xmlDocSetRootElement(doc, html);
	attr(html, "lang", "en");
	head = el(html, "head", NULL);
	meta = el(head, "meta", NULL);
	attr(meta, "http-equiv", "Content-Type");
	attr(meta, "content", "text/html; charset=UTF-8");
	title = f48_xasprintf("fml4to8 %s: %s", r->command, r->title ? r->title : "");
	el(head, "title", title);
	el(head, "style", css);
	body = el(html, "body", NULL);
	el(body, "h1", title);
	free(title);
	{
		char buf[512];

		snprintf(buf, sizeof(buf), "%zu lists: %zu ok, %zu need a person, %zu with errors. "
		    "Findings: %zu errors, %zu warnings, %zu infos.", r->lists_seen,
		    r->by_status[F48_RS_OK], r->by_status[F48_RS_PERSON], r->by_status[F48_RS_ERROR],
		    /* the lists' findings and the run's own (the domain's, the host's) */
		    r->by_severity[F48_SEV_ERROR] + f48_findings_count(&r->findings, F48_SEV_ERROR),
		    r->by_severity[F48_SEV_WARNING] + f48_findings_count(&r->findings,
		    F48_SEV_WARNING) - f48_findings_count(&r->findings, F48_SEV_ERROR),
		    r->by_severity[F48_SEV_INFO] + r->findings.n - f48_findings_count(&r->findings,
		    F48_SEV_WARNING));
		p = el(body, "p", buf);
		attr(p, "id", "summary");
	}
	list_table(body, r);
	if (r->nnext) {
		f48_sb b;

		el(body, "h2", "Next steps");
		f48_sb_init(&b);
		for (i = 0; i < r->nnext; i++)
			f48_sb_printf(&b, "%s\n", r->next[i]);
		p = el(body, "pre", NULL);
		attr(p, "id", "next-steps");
		text(p, b.data);
		f48_sb_free(&b);
	}
	by_severity(body, r);
	for (i = 0, k = 0; i < r->nsections; i++)
		if (r->sections[i]->n) {
			if (k++ == 0)
				attr(el(body, "h2", "The domain"), "id", "domain");
			section_block(body, r->sections[i]);
		}
	for (i = 0; i < r->nlists; i++)
		list_section(body, r->lists[i]);
	htmlDocDumpMemoryFormat(doc, &mem, &size, 1);
	xmlFreeDoc(doc);
	if (mem == NULL || size <= 0) {
		xmlFree(mem);
		return f48_error_set(err, F48_EINPUT, NULL, 0, "libxml2 could not write the page");
	}
	f48_sb_append(out, mem, (size_t)size);
	xmlFree(mem);
	return F48_OK;
}

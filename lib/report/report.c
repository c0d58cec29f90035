/* report.c - see report.h: the model, and its text and XML renderings. */
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "util/findings.h"
#include "util/pathutil.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include "report/report.h"

/* ---- model ------------------------------------------------------------- */

f48_report *
f48_report_new(const char *command, const char *title, bool keep_lists)
{
	f48_report *r = f48_xcalloc(1, sizeof(*r));

	r->command = f48_xstrdup(command);
	r->title = f48_xstrdup(title);
	r->keep_lists = keep_lists;
	f48_findings_init(&r->findings);
	return r;
}

static void
section_free(f48_rsection *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->lines[i].text);
		free(s->lines[i].note);
	}
	free(s->lines);
	free(s->id);
	free(s->title);
}

void
f48_report_free(f48_report *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nlists; i++)
		f48_rlist_free(r->lists[i]);
	free(r->lists);
	for (i = 0; i < r->ncodes; i++)
		free(r->codes[i].code);
	free(r->codes);
	for (i = 0; i < r->nsections; i++) {
		section_free(r->sections[i]);
		free(r->sections[i]);
	}
	free(r->sections);
	f48_findings_free(&r->findings);
	for (i = 0; i < r->nnext; i++)
		free(r->next[i]);
	free(r->next);
	for (i = 0; i < r->nseen; i++)
		free(r->seen[i]);
	free(r->seen);
	free(r->defaults_text);
	free(r->defaults_list);
	free(r->command);
	free(r->title);
	free(r);
}

f48_rlist *
f48_rlist_new(const char *name, const char *dir, const char *dir_prod)
{
	f48_rlist *l = f48_xcalloc(1, sizeof(*l));

	l->name = f48_xstrdup(name);
	l->dir = f48_xstrdup(dir);
	l->dir_prod = f48_xstrdup(dir_prod ? dir_prod : dir);
	f48_findings_init(&l->findings);
	return l;
}

void
f48_rlist_free(f48_rlist *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->nsections; i++) {
		section_free(l->sections[i]);
		free(l->sections[i]);
	}
	free(l->sections);
	f48_findings_free(&l->findings);
	free(l->name);
	free(l->address);
	free(l->dir);
	free(l->dir_prod);
	free(l->tag);
	free(l);
}

void
f48_rlist_set_address(f48_rlist *l, const char *address)
{
	free(l->address);
	l->address = f48_xstrdup(address);
}

void
f48_rlist_set_tag(f48_rlist *l, const char *tag)
{
	free(l->tag);
	l->tag = f48_xstrdup(tag);
}

static f48_rsection *
section_in(f48_rsection ***v, size_t *n, const char *id, const char *title)
{
	f48_rsection *s;
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i]->id, id) == 0)
			return (*v)[i];
	*v = f48_xrealloc(*v, (*n + 1) * sizeof(**v));
	s = f48_xcalloc(1, sizeof(*s));
	(*v)[(*n)++] = s;
	s->id = f48_xstrdup(id);
	s->title = f48_xstrdup(title);
	return s;
}

f48_rsection *
f48_rlist_section(f48_rlist *l, const char *id, const char *title)
{
	return section_in(&l->sections, &l->nsections, id, title);
}

f48_rsection *
f48_report_section(f48_report *r, const char *id, const char *title)
{
	return section_in(&r->sections, &r->nsections, id, title);
}

void
f48_rsection_add(f48_rsection *s, const char *text, const char *note)
{
	s->lines = f48_xgrow(s->lines, &s->cap, s->n + 1, sizeof(*s->lines));
	s->lines[s->n].text = f48_xstrdup(text);
	s->lines[s->n].note = f48_xstrdup(note);
	s->n++;
}

f48_rlist *
f48_rlist_unreadable(const char *dir, const f48_error *err)
{
	char *name = f48_path_basename(dir);
	f48_rlist *rl = f48_rlist_new(name, dir, NULL);

	free(name);
	f48_findings_add(&rl->findings, F48_SEV_ERROR, err->status == F48_EUNSAFE ?
	    F48_C_FILE_SYMLINK : F48_C_FILE_UNREADABLE, err->file[0] ? err->file : dir, err->line,
	    NULL, "%s", f48_error_detail(err));
	return rl;
}

void
f48_rlist_add_findings(f48_rlist *l, const f48_findings *fs)
{
	f48_findings_copy(&l->findings, fs);
}

f48_rstatus
f48_rlist_status(const f48_rlist *l)
{
	if (f48_findings_count(&l->findings, F48_SEV_ERROR) > 0)
		return F48_RS_ERROR;
	if (f48_findings_count(&l->findings, F48_SEV_WARNING) > 0)
		return F48_RS_PERSON;
	return F48_RS_OK;
}

const char *
f48_rstatus_name(f48_rstatus s)
{
	switch (s) {
	case F48_RS_OK:
		return "ok";
	case F48_RS_PERSON:
		return "needs-person";
	case F48_RS_ERROR:
		return "error";
	}
	return "error";
}

static const char *
status_text(f48_rstatus s)
{
	return s == F48_RS_OK ? "ok" : s == F48_RS_PERSON ? "needs a person" : "error";
}

static void
count_code(f48_report *r, const f48_finding *f)
{
	size_t i;

	for (i = 0; i < r->ncodes; i++)
		if (strcmp(r->codes[i].code, f->code) == 0) {
			r->codes[i].count++;
			if (f->severity > r->codes[i].severity)
				r->codes[i].severity = f->severity;
			return;
		}
	r->codes = f48_xrealloc(r->codes, (r->ncodes + 1) * sizeof(*r->codes));
	r->codes[r->ncodes].code = f48_xstrdup(f->code);
	r->codes[r->ncodes].severity = f->severity;
	r->codes[r->ncodes].count = 1;
	r->ncodes++;
}

void
f48_report_add_list(f48_report *r, f48_rlist *l)
{
	size_t i;

	r->lists_seen++;
	r->by_status[f48_rlist_status(l)]++;
	for (i = 0; i < l->findings.n; i++) {
		r->by_severity[l->findings.items[i].severity]++;
		count_code(r, &l->findings.items[i]);
	}
	if (l->counts.known) {
		r->totals.known = true;
		r->totals.fml4_members += l->counts.fml4_members;
		r->totals.fml4_recipients += l->counts.fml4_recipients;
		r->totals.fml4_digest += l->counts.fml4_digest;
		r->totals.fml4_not_delivered += l->counts.fml4_not_delivered;
		r->totals.fml8_members += l->counts.fml8_members;
		r->totals.fml8_recipients += l->counts.fml8_recipients;
		r->totals.fml8_digest += l->counts.fml8_digest;
	}
	if (r->keep_lists) {
		r->lists = f48_xrealloc(r->lists, (r->nlists + 1) * sizeof(*r->lists));
		r->lists[r->nlists++] = l;
	}
}

void
f48_report_add_next(f48_report *r, const char *command_line)
{
	size_t i;

	for (i = 0; i < r->nnext; i++)
		if (strcmp(r->next[i], command_line) == 0)
			return;
	r->next = f48_xrealloc(r->next, (r->nnext + 1) * sizeof(*r->next));
	r->next[r->nnext++] = f48_xstrdup(command_line);
}

int
f48_rformat_parse(const char *name, f48_rformat *f)
{
	if (strcmp(name, "text") == 0)
		*f = F48_RF_TEXT;
	else if (strcmp(name, "xml") == 0)
		*f = F48_RF_XML;
	else if (strcmp(name, "html") == 0)
		*f = F48_RF_HTML;
	else
		return -1;
	return 0;
}

char *
f48_report_short_path(const char *list_dir, const char *path)
{
	size_t n;
	const char *slash;

	if (path == NULL)
		return NULL;
	if (list_dir == NULL)
		return f48_xstrdup(path);
	n = strlen(list_dir);
	while (n > 1 && list_dir[n - 1] == '/')
		n--;
	if (strncmp(path, list_dir, n) == 0 && path[n] == '/')
		return f48_xstrdup(path + n + 1);
	if (strncmp(path, list_dir, n) == 0 && path[n] == '\0')
		return f48_xstrdup(".");
	/* The domain's files (~ml/etc/...): relative to the list's parent. */
	slash = NULL;
	{
		size_t k;

		for (k = n; k > 0; k--)
			if (list_dir[k - 1] == '/') {
				slash = list_dir + k - 1;
				break;
			}
	}
	if (slash && slash > list_dir) {
		size_t pn = (size_t)(slash - list_dir);

		if (strncmp(path, list_dir, pn) == 0 && path[pn] == '/')
			return f48_xasprintf("..%s", path + pn);
	}
	return f48_xstrdup(path);
}

/* ---- text -------------------------------------------------------------- */

#define PLACES_SHOWN 3

static void
put_place(f48_sb *out, const f48_rlist *l, const f48_finding *f)
{
	char *p = f48_report_short_path(l->dir, f->file);

	if (p && f->line > 0)
		f48_sb_printf(out, "%s:%ld", p, f->line);
	else if (p)
		f48_sb_puts(out, p);
	else
		f48_sb_puts(out, "(no file)");
	free(p);
}

static void
put_line(f48_sb *out, const char *indent, const char *s)
{
	f48_sb_puts(out, indent);
	f48_sb_append_printable(out, s, strlen(s));
	f48_sb_putc(out, '\n');
}

/* A message as a person reads it under its list's heading: the list's own
 * production directory is left out of the paths in it. */
static void
put_msg(f48_sb *out, const f48_rlist *l, const char *indent, const char *msg)
{
	size_t n = strlen(l->dir_prod);
	const char *p = msg, *q;
	f48_sb b;

	f48_sb_init(&b);
	while (n > 1 && (q = strstr(p, l->dir_prod)) != NULL) {
		bool start = q == msg || q[-1] == ' ' || q[-1] == '(' || q[-1] == '"' ||
		    q[-1] == '\'';

		if (!start || q[n] != '/') {
			f48_sb_append(&b, p, (size_t)(q - p) + 1);
			p = q + 1;
			continue;
		}
		f48_sb_append(&b, p, (size_t)(q - p));
		p = q + n + 1;
	}
	f48_sb_puts(&b, p);
	put_line(out, indent, b.data ? b.data : "");
	f48_sb_free(&b);
}

/* A finding of a file outside the list (the domain's site files) is the same
 * for every list of the domain: it is shown once, with the first list. */
static bool
outside_list(const f48_rlist *l, const f48_finding *f)
{
	size_t n = strlen(l->dir);

	return f->file != NULL && !(strncmp(f->file, l->dir, n) == 0 &&
	    (f->file[n] == '/' || f->file[n] == '\0'));
}

static char *
seen_key(const f48_finding *f)
{
	return f48_xasprintf("%s|%s|%ld|%s", f->code, f->file ? f->file : "", f->line, f->message);
}

static bool
seen_has(const f48_report *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->nseen; i++)
		if (strcmp(r->seen[i], key) == 0)
			return true;
	return false;
}

/* Mark which findings of l are shown (repeats of an earlier list's domain
 * findings are not); returns how many were suppressed. */
static size_t
mark_shown(f48_report *r, const f48_rlist *l, bool *shown)
{
	size_t i, hidden = 0;

	for (i = 0; i < l->findings.n; i++) {
		const f48_finding *f = &l->findings.items[i];
		char *key;

		shown[i] = true;
		if (!outside_list(l, f))
			continue;
		key = seen_key(f);
		if (seen_has(r, key)) {
			shown[i] = false;
			hidden++;
			free(key);
		} else {
			r->seen = f48_xrealloc(r->seen, (r->nseen + 1) * sizeof(*r->seen));
			r->seen[r->nseen++] = key;
		}
	}
	return hidden;
}

static bool
same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

static void
text_group(f48_sb *out, const f48_rlist *l, const bool *shown, const char *code,
    f48_severity sev, bool *done)
{
	size_t i, n = 0, k = 0;
	const f48_finding *first = NULL;
	bool one_fix = true;

	for (i = 0; i < l->findings.n; i++) {
		const f48_finding *f = &l->findings.items[i];

		if (!shown[i] || f->severity != sev || strcmp(f->code, code) != 0)
			continue;
		if (first == NULL)
			first = f;
		else if (!same_str(first->fix, f->fix))
			one_fix = false;
		n++;
	}
	if (n == 0)
		return;
	f48_sb_printf(out, "  %s %s", f48_severity_name(sev), code);
	if (n > PLACES_SHOWN) {
		/* Many of one kind: the places, one message, one fix. */
		f48_sb_printf(out, " (%zu): ", n);
		for (i = 0; i < l->findings.n && k < PLACES_SHOWN; i++) {
			const f48_finding *f = &l->findings.items[i];

			if (!shown[i] || f->severity != sev || strcmp(f->code, code) != 0)
				continue;
			if (k++)
				f48_sb_puts(out, ", ");
			put_place(out, l, f);
		}
		f48_sb_printf(out, " and %zu more\n", n - PLACES_SHOWN);
		put_msg(out, l, "      ", first->message);
		if (first->fix && one_fix)
			f48_sb_puts(out, "      fix: "), put_line(out, "", first->fix);
		else if (first->fix)
			f48_sb_puts(out, "      fix (first): "), put_line(out, "", first->fix);
	} else {
		f48_sb_putc(out, '\n');
		for (i = 0; i < l->findings.n; i++) {
			const f48_finding *f = &l->findings.items[i];

			if (!shown[i] || f->severity != sev || strcmp(f->code, code) != 0)
				continue;
			f48_sb_puts(out, "    ");
			put_place(out, l, f);
			f48_sb_puts(out, ": ");
			put_msg(out, l, "", f->message);
			if (f->fix && !(one_fix && n > 1))
				f48_sb_puts(out, "      fix: "), put_line(out, "", f->fix);
		}
		if (first->fix && one_fix && n > 1)
			f48_sb_puts(out, "      fix: "), put_line(out, "", first->fix);
	}
	for (i = 0; i < l->findings.n; i++)
		if (shown[i] && l->findings.items[i].severity == sev &&
		    strcmp(l->findings.items[i].code, code) == 0)
			done[i] = true;
}

static void
text_findings(f48_sb *out, const f48_rlist *l, const bool *shown, bool verbose)
{
	bool *done = f48_xcalloc(l->findings.n + 1, sizeof(*done));
	int sev;
	size_t i;

	/* Worst first; within a severity, codes in the order first seen. */
	for (sev = F48_SEV_ERROR; sev >= (verbose ? F48_SEV_INFO : F48_SEV_WARNING); sev--)
		for (i = 0; i < l->findings.n; i++)
			if (shown[i] && !done[i] && (int)l->findings.items[i].severity == sev)
				text_group(out, l, shown, l->findings.items[i].code,
				    (f48_severity)sev, done);
	free(done);
}

/* A line to be copied into a file (config.cf, a crontab): as it is, only
 * control characters shown as \xNN. */
static void
put_raw(f48_sb *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f)
			f48_sb_printf(out, "\\x%02X", c);
		else
			f48_sb_putc(out, (char)c);
	}
}

static void
text_lines(f48_sb *out, const f48_rsection *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		f48_sb_puts(out, "    ");
		put_raw(out, s->lines[i].text);
		if (s->lines[i].note) {
			f48_sb_puts(out, "   # ");
			f48_sb_append_printable(out, s->lines[i].note, strlen(s->lines[i].note));
		}
		f48_sb_putc(out, '\n');
	}
}

static void
text_section(f48_sb *out, const f48_rsection *s)
{
	f48_sb_printf(out, "  %s (%zu):\n", s->title, s->n);
	text_lines(out, s);
}

static bool
section_has(const f48_rsection *s, const char *text)
{
	size_t i;

	for (i = 0; s && i < s->n; i++)
		if (strcmp(s->lines[i].text, text) == 0)
			return true;
	return false;
}

/* The fml4 defaults fml8 lacks are much the same for every list of a
 * domain: the first list's are printed once after the lists, and each list
 * shows only how its own differ from them. */
static void
text_defaults(f48_sb *out, f48_report *r, const f48_rlist *l, const f48_rsection *s)
{
	f48_rsection *ref;
	size_t i, extra = 0, missing = 0;

	if (r->defaults_list == NULL) {
		r->defaults_list = f48_xstrdup(l->name);
		ref = f48_report_section(r, "config-defaults", s->title);
		for (i = 0; i < s->n; i++)
			f48_rsection_add(ref, s->lines[i].text, s->lines[i].note);
		f48_sb_printf(out, "  %s (%zu): listed once, after the lists\n", s->title, s->n);
		return;
	}
	ref = f48_report_section(r, "config-defaults", s->title);
	for (i = 0; i < s->n; i++)
		extra += !section_has(ref, s->lines[i].text);
	for (i = 0; i < ref->n; i++)
		missing += !section_has(s, ref->lines[i].text);
	f48_sb_printf(out, "  %s (%zu): ", s->title, s->n);
	if (extra == 0 && missing == 0) {
		f48_sb_printf(out, "the same as for %s, listed after the lists\n", r->defaults_list);
		return;
	}
	f48_sb_printf(out, "those listed after the lists (as for %s)", r->defaults_list);
	if (missing) {
		const char *sep = "";

		f48_sb_puts(out, ", without: ");
		for (i = 0; i < ref->n; i++)
			if (!section_has(s, ref->lines[i].text)) {
				f48_sb_puts(out, sep);
				f48_sb_append_printable(out, ref->lines[i].text, strlen(ref->lines[i].text));
				sep = "; ";
			}
	}
	f48_sb_putc(out, '\n');
	if (extra) {
		f48_sb_puts(out, "    and also:\n");
		for (i = 0; i < s->n; i++)
			if (!section_has(ref, s->lines[i].text)) {
				f48_sb_puts(out, "    ");
				put_raw(out, s->lines[i].text);
				if (s->lines[i].note) {
					f48_sb_puts(out, "   # ");
					f48_sb_append_printable(out, s->lines[i].note,
					    strlen(s->lines[i].note));
				}
				f48_sb_putc(out, '\n');
			}
	}
}

void
f48_report_text_list(f48_sb *out, f48_report *r, const f48_rlist *l,
    const f48_report_text_opts *o)
{
	bool verbose = o && o->verbose;
	f48_rstatus st = f48_rlist_status(l);
	size_t ne = f48_findings_count(&l->findings, F48_SEV_ERROR);
	size_t nw = f48_findings_count(&l->findings, F48_SEV_WARNING) - ne;
	size_t ni = l->findings.n - ne - nw, i, hidden;
	bool *shown;

	if (o && o->quiet)
		return;
	shown = f48_xcalloc(l->findings.n + 1, sizeof(*shown));
	hidden = mark_shown(r, l, shown);
	f48_sb_printf(out, "%s", l->name);
	if (l->address)
		f48_sb_printf(out, " (%s)", l->address);
	f48_sb_printf(out, ": %s", status_text(st));
	if (ne || nw || ni) {
		const char *sep = " - ";

		if (ne)
			f48_sb_printf(out, "%s%zu error%s", sep, ne, ne == 1 ? "" : "s"), sep = ", ";
		if (nw)
			f48_sb_printf(out, "%s%zu warning%s", sep, nw, nw == 1 ? "" : "s"), sep = ", ";
		if (ni)
			f48_sb_printf(out, "%s%zu info%s%s", sep, ni, ni == 1 ? "" : "s",
			    verbose ? "" : " (-v shows them)");
	}
	f48_sb_putc(out, '\n');
	f48_sb_printf(out, "  %s\n", l->dir_prod);
	if (l->counts.known || l->tag) {
		f48_sb_puts(out, "  ");
		if (l->counts.known)
			f48_sb_printf(out, "members %zu -> %zu, recipients %zu -> %zu, digest %zu -> %zu",
			    l->counts.fml4_members, l->counts.fml8_members, l->counts.fml4_recipients,
			    l->counts.fml8_recipients, l->counts.fml4_digest, l->counts.fml8_digest);
		if (l->counts.known && l->counts.fml4_not_delivered)
			f48_sb_printf(out, " (%zu not delivered: skip or off)",
			    l->counts.fml4_not_delivered);
		if (l->tag) {
			f48_sb_puts(out, l->counts.known ? "; subject tag " : "subject tag ");
			f48_sb_append_printable(out, l->tag, strlen(l->tag));
		}
		f48_sb_putc(out, '\n');
	}
	text_findings(out, l, shown, verbose);
	if (hidden) {
		size_t hw = 0;

		for (i = 0; i < l->findings.n; i++)
			if (!shown[i] && (verbose || l->findings.items[i].severity > F48_SEV_INFO))
				hw++;
		if (hw)
			f48_sb_printf(out, "  (%zu more from the domain's files, shown above for an "
			    "earlier list)\n", hw);
	}
	for (i = 0; i < l->nsections; i++) {
		const f48_rsection *s = l->sections[i];

		if (s->n == 0 || (s->detail && !verbose))
			continue;
		if (strcmp(s->id, "config-defaults") == 0 && !verbose) {
			text_defaults(out, r, l, s);
			continue;
		}
		text_section(out, s);
	}
	free(shown);
}

static const char *
plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

void
f48_report_text_summary(f48_sb *out, const f48_report *r, const f48_report_text_opts *o)
{
	size_t i;
	int sev;
	bool verbose = o && o->verbose;

	for (i = 0; i < r->nsections; i++) {
		const f48_rsection *s = r->sections[i];

		if (s->n == 0 || (s->detail && !verbose))
			continue;
		if (strcmp(s->id, "config-defaults") == 0 && r->defaults_list) {
			f48_sb_printf(out, "\n%s, as for %s (%zu):\n", s->title, r->defaults_list, s->n);
			text_lines(out, s);
		} else {
			f48_sb_putc(out, '\n');
			text_section(out, s);
		}
	}
	for (sev = F48_SEV_ERROR; sev >= (verbose ? F48_SEV_INFO : F48_SEV_WARNING); sev--)
		for (i = 0; i < r->findings.n; i++) {
			const f48_finding *f = &r->findings.items[i];

			if ((int)f->severity != sev)
				continue;
			f48_sb_printf(out, "  %s %s", f48_severity_name(f->severity), f->code);
			if (f->file && f->line > 0)
				f48_sb_printf(out, " %s:%ld", f->file, f->line);
			else if (f->file)
				f48_sb_printf(out, " %s", f->file);
			f48_sb_puts(out, ": ");
			put_line(out, "", f->message);
			if (f->fix)
				f48_sb_puts(out, "      fix: "), put_line(out, "", f->fix);
		}
	f48_sb_printf(out, "\nsummary: %s of %zu %s", r->command, r->lists_seen,
	    plural(r->lists_seen, "list", "lists"));
	if (r->title)
		f48_sb_printf(out, " in %s", r->title);
	f48_sb_printf(out, "\n  %zu ok, %zu %s a person, %zu with errors\n", r->by_status[F48_RS_OK],
	    r->by_status[F48_RS_PERSON], plural(r->by_status[F48_RS_PERSON], "needs", "need"),
	    r->by_status[F48_RS_ERROR]);
	if (r->totals.known)
		f48_sb_printf(out, "  members %zu -> %zu, recipients %zu -> %zu, digest %zu -> %zu\n",
		    r->totals.fml4_members, r->totals.fml8_members, r->totals.fml4_recipients,
		    r->totals.fml8_recipients, r->totals.fml4_digest, r->totals.fml8_digest);
	{
		size_t e = r->by_severity[F48_SEV_ERROR] + f48_findings_count(&r->findings, F48_SEV_ERROR);
		size_t w = r->by_severity[F48_SEV_WARNING] +
		    f48_findings_count(&r->findings, F48_SEV_WARNING) -
		    f48_findings_count(&r->findings, F48_SEV_ERROR);
		size_t n = r->by_severity[F48_SEV_INFO] + r->findings.n -
		    f48_findings_count(&r->findings, F48_SEV_WARNING);

		f48_sb_printf(out, "  findings: %zu %s, %zu %s, %zu %s\n", e, plural(e, "error", "errors"),
		    w, plural(w, "warning", "warnings"), n, plural(n, "info", "infos"));
	}
	for (sev = F48_SEV_ERROR; sev >= F48_SEV_INFO; sev--)
		for (i = 0; i < r->ncodes; i++)
			if ((int)r->codes[i].severity == sev)
				f48_sb_printf(out, "    %-7s %-30s %zu\n", f48_severity_name(r->codes[i].severity),
				    r->codes[i].code, r->codes[i].count);
	if (r->nnext) {
		f48_sb_puts(out, "next steps:\n");
		for (i = 0; i < r->nnext; i++)
			f48_sb_printf(out, "  %s\n", r->next[i]);
	}
}

/* ---- XML --------------------------------------------------------------- */

void
f48_report_xml_section(f48_xw *w, const f48_rsection *s)
{
	size_t i;

	f48_xw_start(w, "section");
	f48_xw_attr(w, "id", s->id, F48_ENC_UTF8);
	f48_xw_attr(w, "title", s->title, F48_ENC_UTF8);
	for (i = 0; i < s->n; i++) {
		f48_xw_start(w, "line");
		if (s->lines[i].note)
			f48_xw_attr(w, "note", s->lines[i].note, F48_ENC_UTF8);
		f48_xw_text(w, s->lines[i].text, strlen(s->lines[i].text), F48_ENC_UTF8);
		f48_xw_end_element(w);
	}
	f48_xw_end_element(w);
}

void
f48_report_xml_list_body(f48_xw *w, const f48_rlist *l)
{
	size_t i;

	for (i = 0; i < l->nsections; i++)
		f48_report_xml_section(w, l->sections[i]);
	for (i = 0; i < l->findings.n; i++)
		f48_xw_finding(w, &l->findings.items[i]);
}

void
f48_report_xml_list(f48_xw *w, const f48_rlist *l)
{
	f48_xw_start(w, "list");
	f48_xw_attr(w, "name", l->name, F48_ENC_UTF8);
	f48_xw_attr(w, "dir", l->dir, F48_ENC_UTF8);
	f48_xw_attr(w, "fml4-dir", l->dir_prod, F48_ENC_UTF8);
	f48_xw_attr(w, "status", f48_rstatus_name(f48_rlist_status(l)), F48_ENC_ASCII);
	if (l->counts.known) {
		f48_xw_start(w, "counts");
		f48_xw_attr_long(w, "fml4-members", (long)l->counts.fml4_members);
		f48_xw_attr_long(w, "fml4-recipients", (long)l->counts.fml4_recipients);
		f48_xw_attr_long(w, "fml4-digest", (long)l->counts.fml4_digest);
		f48_xw_attr_long(w, "fml8-members", (long)l->counts.fml8_members);
		f48_xw_attr_long(w, "fml8-recipients", (long)l->counts.fml8_recipients);
		f48_xw_attr_long(w, "fml8-digest", (long)l->counts.fml8_digest);
		f48_xw_end_element(w);
	}
	f48_report_xml_list_body(w, l);
	f48_xw_end_element(w);
}

void
f48_report_xml_summary(f48_xw *w, const f48_report *r)
{
	size_t i;

	for (i = 0; i < r->nsections; i++)
		f48_report_xml_section(w, r->sections[i]);
	for (i = 0; i < r->findings.n; i++)
		f48_xw_finding(w, &r->findings.items[i]);
	f48_xw_start(w, "summary");
	f48_xw_attr_long(w, "lists", (long)r->lists_seen);
	f48_xw_attr_long(w, "lists-with-errors", (long)r->by_status[F48_RS_ERROR]);
	f48_xw_attr_long(w, "lists-ok", (long)r->by_status[F48_RS_OK]);
	f48_xw_attr_long(w, "lists-needing-a-person", (long)r->by_status[F48_RS_PERSON]);
	f48_xw_attr_long(w, "errors", (long)(r->by_severity[F48_SEV_ERROR] +
	    f48_findings_count(&r->findings, F48_SEV_ERROR)));
	f48_xw_attr_long(w, "warnings", (long)(r->by_severity[F48_SEV_WARNING] +
	    f48_findings_count(&r->findings, F48_SEV_WARNING) -
	    f48_findings_count(&r->findings, F48_SEV_ERROR)));
	f48_xw_attr_long(w, "infos", (long)(r->by_severity[F48_SEV_INFO] + r->findings.n -
	    f48_findings_count(&r->findings, F48_SEV_WARNING)));
	if (r->totals.known) {
		f48_xw_attr_long(w, "fml4-members", (long)r->totals.fml4_members);
		f48_xw_attr_long(w, "fml4-recipients", (long)r->totals.fml4_recipients);
		f48_xw_attr_long(w, "fml4-digest", (long)r->totals.fml4_digest);
		f48_xw_attr_long(w, "fml8-members", (long)r->totals.fml8_members);
		f48_xw_attr_long(w, "fml8-recipients", (long)r->totals.fml8_recipients);
		f48_xw_attr_long(w, "fml8-digest", (long)r->totals.fml8_digest);
	}
	for (i = 0; i < r->ncodes; i++) {
		f48_xw_start(w, "code");
		f48_xw_attr(w, "name", r->codes[i].code, F48_ENC_ASCII);
		f48_xw_attr(w, "severity", f48_severity_name(r->codes[i].severity), F48_ENC_ASCII);
		f48_xw_attr_long(w, "count", (long)r->codes[i].count);
		f48_xw_end_element(w);
	}
	for (i = 0; i < r->nnext; i++) {
		f48_xw_start(w, "next");
		f48_xw_text(w, r->next[i], strlen(r->next[i]), F48_ENC_UTF8);
		f48_xw_end_element(w);
	}
	f48_xw_end_element(w);
}

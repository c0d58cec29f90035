/* report_plan.c - see report_plan.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/findings.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include "report/report_plan.h"
#include "report/report_show.h"

static const f48_findings *
all_findings(const f48_fml4_list *l, const f48_fml8_list *t, const f48_plan *p, size_t k)
{
	return k == 0 ? &l->findings : k == 1 ? &t->findings : &p->findings;
}

void
f48_plan_summary_init(f48_plan_summary *s)
{
	memset(s, 0, sizeof(*s));
	f48_findings_init(&s->by_code);
}

void
f48_plan_summary_free(f48_plan_summary *s)
{
	f48_findings_free(&s->by_code);
}

static void
count_code(f48_plan_summary *s, const f48_finding *f)
{
	size_t i;

	for (i = 0; i < s->by_code.n; i++) {
		f48_finding *g = &s->by_code.items[i];

		if (strcmp(g->code, f->code) == 0) {
			long n = strtol(g->message, NULL, 10) + 1;

			free(g->message);
			g->message = f48_xasprintf("%ld", n);
			if (f->severity > g->severity)
				g->severity = f->severity;
			return;
		}
	}
	f48_findings_add(&s->by_code, f->severity, f->code, NULL, 0, NULL, "1");
}

void
f48_plan_summary_add(f48_plan_summary *s, const f48_fml4_list *l, const f48_fml8_list *t,
    const f48_plan *p)
{
	size_t k, i;
	int errors = 0;

	s->lists++;
	s->fml4_members += t->counts.fml4_members;
	s->fml4_recipients += t->counts.fml4_recipients;
	s->fml4_digest += t->counts.fml4_digest;
	s->fml8_members += t->counts.fml8_members;
	s->fml8_recipients += t->counts.fml8_recipients;
	s->fml8_digest += t->counts.fml8_digest;
	s->config_lines += t->nlines;
	for (i = 0; i < p->n; i++)
		if (p->actions[i].kind == F48_ACT_WRITE)
			s->files_written++;
	for (k = 0; k < 3; k++) {
		const f48_findings *fs = all_findings(l, t, p, k);

		for (i = 0; i < fs->n; i++) {
			count_code(s, &fs->items[i]);
			if (fs->items[i].severity == F48_SEV_ERROR)
				errors = 1;
		}
	}
	s->lists_with_errors += (size_t)errors;
}

static void
text_counts(f48_sb *out, const f48_fml8_list *t)
{
	const f48_translate_counts *c = &t->counts;

	f48_sb_printf(out, "\nmembers and recipients:\n"
	    "  fml4: %zu members; %zu real-time recipients, %zu digest, %zu not delivered "
	    "(skip or off), %zu unusable lines\n"
	    "  fml8: %zu members; %zu recipients, %zu recipients-digest", c->fml4_members,
	    c->fml4_recipients, c->fml4_digest, c->fml4_not_delivered, c->fml4_invalid,
	    c->fml8_members, c->fml8_recipients, c->fml8_digest);
	if (c->duplicates)
		f48_sb_printf(out, " (%zu duplicates written once)", c->duplicates);
	f48_sb_putc(out, '\n');
	{
		size_t k;

		for (k = F48_F8_MEMBERS_ADMIN; k < F48_F8_NFILES; k++)
			if (t->files[k].n)
				f48_sb_printf(out, "  fml8 %s: %zu\n", t->files[k].name, t->files[k].n);
	}
}

void
f48_report_plan_text(f48_sb *out, const f48_fml4_list *l, const f48_fml8_list *t,
    const f48_plan *p)
{
	size_t i, k, nf = 0;

	f48_sb_printf(out, "list %s\n  directory: %s\n", l->name, l->dir);
	f48_sb_printf(out, "  fml8 list: %s@%s, owner %s, fml4 originals to %s/\n",
	    t->ml_name, t->ml_domain ? t->ml_domain : "(unknown domain)", p->owner, p->backup_dir);
	f48_sb_puts(out, "\nconfig.cf: lines added before =cut\n");
	for (i = 0; i < t->nlines; i++) {
		f48_sb_puts(out, "  # ");
		f48_sb_append_printable(out, t->lines[i].why, strlen(t->lines[i].why));
		f48_sb_puts(out, "\n  ");
		f48_cfline_format(&t->lines[i], out);
		f48_sb_putc(out, '\n');
	}
	if (t->nlines == 0)
		f48_sb_puts(out, "  (none: fml8's defaults already behave as this list did)\n");
	text_counts(out, t);
	f48_sb_puts(out, "\nwhat would be done, in this order:\n");
	for (i = 0; i < p->n; i++) {
		const f48_action *a = &p->actions[i];

		switch (a->kind) {
		case F48_ACT_MKDIR:
			f48_sb_printf(out, "  mkdir  %s (%04o)\n", a->path, (unsigned)a->mode);
			break;
		case F48_ACT_COPY:
			f48_sb_printf(out, "  copy   %s -> %s\n", a->from, a->path);
			break;
		case F48_ACT_MOVE:
			f48_sb_printf(out, "  move   %s -> %s   (%s)\n", a->from, a->path, a->why);
			break;
		case F48_ACT_WRITE:
			f48_sb_printf(out, "  write  %s (%04o, %zu bytes)   %s\n", a->path,
			    (unsigned)a->mode, a->len, a->why);
			break;
		case F48_ACT_CHOWN_TREE:
			f48_sb_printf(out, "  chown  everything to %s (never through a symlink)\n",
			    p->owner);
			break;
		}
	}
	for (k = 0; k < 3; k++)
		nf += all_findings(l, t, p, k)->n;
	f48_sb_printf(out, "\nfindings (%zu):\n", nf);
	for (k = 0; k < 3; k++) {
		const f48_findings *fs = all_findings(l, t, p, k);

		for (i = 0; i < fs->n; i++)
			f48_report_finding_text(out, &fs->items[i]);
	}
	if (nf == 0)
		f48_sb_puts(out, "  (none)\n");
}

void
f48_report_summary_text(f48_sb *out, const f48_plan_summary *s)
{
	size_t i;

	f48_sb_printf(out, "\nsummary: %zu list%s, %zu with input errors\n", s->lists,
	    s->lists == 1 ? "" : "s", s->lists_with_errors);
	f48_sb_printf(out, "  fml4: %zu members, %zu real-time recipients, %zu digest\n",
	    s->fml4_members, s->fml4_recipients, s->fml4_digest);
	f48_sb_printf(out, "  fml8: %zu members, %zu recipients, %zu recipients-digest\n",
	    s->fml8_members, s->fml8_recipients, s->fml8_digest);
	f48_sb_printf(out, "  %zu config.cf lines, %zu files to write\n", s->config_lines,
	    s->files_written);
	f48_sb_puts(out, "  findings by code:\n");
	for (i = 0; i < s->by_code.n; i++)
		f48_sb_printf(out, "    %-28s %-7s %s\n", s->by_code.items[i].code,
		    f48_severity_name(s->by_code.items[i].severity), s->by_code.items[i].message);
	f48_sb_puts(out, "nothing was written (dry run)\n");
}

int
f48_xml_plan_list(f48_xw *w, const f48_fml4_list *l, const f48_fml8_list *t,
    const f48_plan *p, f48_error *err)
{
	const f48_translate_counts *c = &t->counts;
	size_t i, k;

	f48_xw_start(w, "list");
	f48_xw_attr(w, "name", l->name, F48_ENC_UTF8);
	f48_xw_attr(w, "dir", l->dir, F48_ENC_UTF8);
	f48_xw_attr(w, "fml4-dir", l->dir_prod, F48_ENC_UTF8);
	if (t->ml_domain)
		f48_xw_attr(w, "domain", t->ml_domain, F48_ENC_UTF8);
	f48_xw_attr(w, "owner", p->owner, F48_ENC_UTF8);
	f48_xw_attr(w, "backup", p->backup_dir, F48_ENC_UTF8);
	for (i = 0; i < t->nlines; i++) {
		char *text = f48_cfline_text(&t->lines[i]);

		f48_xw_start(w, "config-line");
		f48_xw_attr(w, "why", t->lines[i].why, F48_ENC_UTF8);
		f48_xw_attr(w, "forced", t->lines[i].forced ? "yes" : "no", F48_ENC_ASCII);
		f48_xw_text(w, text, strlen(text), F48_ENC_UTF8);
		free(text);
		f48_xw_end_element(w);
	}
	f48_xw_start(w, "counts");
	f48_xw_attr_long(w, "fml4-members", (long)c->fml4_members);
	f48_xw_attr_long(w, "fml4-recipients", (long)c->fml4_recipients);
	f48_xw_attr_long(w, "fml4-digest", (long)c->fml4_digest);
	f48_xw_attr_long(w, "fml4-not-delivered", (long)c->fml4_not_delivered);
	f48_xw_attr_long(w, "fml4-invalid", (long)c->fml4_invalid);
	f48_xw_attr_long(w, "fml8-members", (long)c->fml8_members);
	f48_xw_attr_long(w, "fml8-recipients", (long)c->fml8_recipients);
	f48_xw_attr_long(w, "fml8-digest", (long)c->fml8_digest);
	f48_xw_attr_long(w, "duplicates", (long)c->duplicates);
	f48_xw_end_element(w);
	for (i = 0; i < p->n; i++) {
		const f48_action *a = &p->actions[i];

		if (a->kind == F48_ACT_CHOWN_TREE)
			continue;
		f48_xw_start(w, a->kind == F48_ACT_WRITE || a->kind == F48_ACT_MKDIR ? "file" : "move");
		f48_xw_attr(w, "action", f48_action_name(a->kind), F48_ENC_ASCII);
		f48_xw_attr(w, "path", a->path, F48_ENC_UTF8);
		if (a->from)
			f48_xw_attr(w, "from", a->from, F48_ENC_UTF8);
		if (a->kind == F48_ACT_WRITE || a->kind == F48_ACT_MKDIR) {
			char mode[8];

			snprintf(mode, sizeof(mode), "%04o", (unsigned)a->mode);
			f48_xw_attr(w, "mode", mode, F48_ENC_ASCII);
			f48_xw_attr(w, "owner", p->owner, F48_ENC_UTF8);
		}
		if (a->kind == F48_ACT_WRITE)
			f48_xw_attr_long(w, "bytes", (long)a->len);
		f48_xw_attr(w, "why", a->why, F48_ENC_UTF8);
		f48_xw_end_element(w);
	}
	for (k = 0; k < 3; k++) {
		const f48_findings *fs = all_findings(l, t, p, k);

		for (i = 0; i < fs->n; i++)
			f48_xw_finding(w, &fs->items[i]);
	}
	f48_xw_end_element(w);
	if (f48_xw_failed(w))
		return f48_error_set(err, F48_EINPUT, NULL, 0, "libxml2 could not write the report");
	return F48_OK;
}

void
f48_xml_summary(f48_xw *w, const f48_plan_summary *s)
{
	size_t i;

	f48_xw_start(w, "summary");
	f48_xw_attr_long(w, "lists", (long)s->lists);
	f48_xw_attr_long(w, "lists-with-errors", (long)s->lists_with_errors);
	f48_xw_attr_long(w, "fml4-members", (long)s->fml4_members);
	f48_xw_attr_long(w, "fml4-recipients", (long)s->fml4_recipients);
	f48_xw_attr_long(w, "fml4-digest", (long)s->fml4_digest);
	f48_xw_attr_long(w, "fml8-members", (long)s->fml8_members);
	f48_xw_attr_long(w, "fml8-recipients", (long)s->fml8_recipients);
	f48_xw_attr_long(w, "fml8-digest", (long)s->fml8_digest);
	for (i = 0; i < s->by_code.n; i++) {
		f48_xw_start(w, "code");
		f48_xw_attr(w, "name", s->by_code.items[i].code, F48_ENC_ASCII);
		f48_xw_attr(w, "severity", f48_severity_name(s->by_code.items[i].severity),
		    F48_ENC_ASCII);
		f48_xw_attr(w, "count", s->by_code.items[i].message, F48_ENC_ASCII);
		f48_xw_end_element(w);
	}
	f48_xw_end_element(w);
}

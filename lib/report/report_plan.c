/* report_plan.c - see report_plan.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/findings.h"
#include "util/strbuf.h"
#include "util/textenc.h"
#include "util/xalloc.h"

#include "report/report_plan.h"
#include "report/report_show.h"

static const f48_findings *
all_findings(const f48_fml4_list *l, const f48_fml8_list *t, const f48_plan *p, size_t k)
{
	return k == 0 ? &l->findings : k == 1 ? &t->findings : &p->findings;
}

int
f48_xml_plan_list(f48_xw *w, const f48_fml4_list *l, const f48_fml8_list *t,
    const f48_plan *p, const f48_rlist *rl, f48_error *err)
{
	const f48_translate_counts *c = &t->counts;
	size_t i;

	f48_xw_start(w, "list");
	f48_xw_attr(w, "name", l->name, F48_ENC_UTF8);
	f48_xw_attr(w, "dir", l->dir, F48_ENC_UTF8);
	f48_xw_attr(w, "fml4-dir", l->dir_prod, F48_ENC_UTF8);
	if (t->ml_domain)
		f48_xw_attr(w, "domain", t->ml_domain, F48_ENC_UTF8);
	f48_xw_attr(w, "owner", p->owner, F48_ENC_UTF8);
	f48_xw_attr(w, "backup", p->backup_dir, F48_ENC_UTF8);
	f48_xw_attr(w, "status", f48_rstatus_name(f48_rlist_status(rl)), F48_ENC_ASCII);
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
	f48_report_xml_list_body(w, rl);
	f48_xw_end_element(w);
	if (f48_xw_failed(w))
		return f48_error_set(err, F48_EINPUT, NULL, 0, "libxml2 could not write the report");
	return F48_OK;
}

/* ---- the report model ---------------------------------------------------- */

/* Is NAME one the admin set: above fml4's defaults (config.ph, a site file,
 * an include option) with a value other than fml4's default?  makefml writes
 * every key into config.ph, so the layer alone says little. */
static bool
chosen_by_admin(const f48_fml4_config *c, const char *name, size_t len)
{
	char *n = f48_xstrndup(name, len);
	const f48_setting *s = f48_fml4_get(c, n);
	const f48_assign *def;
	bool r;

	free(n);
	if (s == NULL || s->layer <= F48_LAYER_DEFAULTS)
		return false;
	if (s->layer == F48_LAYER_SITE_INIT || s->layer == F48_LAYER_SITE_FORCE ||
	    s->layer == F48_LAYER_INCLUDE)
		return true;
	def = f48_setting_default(s);
	r = def == NULL || def->len != s->len ||
	    (s->len && memcmp(def->value, s->value, s->len) != 0);
	if (r && def) {
		/* "" and "0" are the same false to Perl */
		bool f1 = s->len == 0 || (s->len == 1 && s->value[0] == '0');
		bool f2 = def->len == 0 || (def->len == 1 && def->value[0] == '0');

		if (f1 && f2)
			r = false;
	}
	return r;
}

/* A config.cf line keeps the admin's choice when one of the fml4 settings
 * it keeps (its origins) was chosen by the admin, or it is the subject tag;
 * else it keeps an fml4 default where fml8's differs. */
bool
f48_report_cfline_is_admins(const f48_fml4_config *c, const f48_cfline *cl)
{
	size_t i;

	if (cl->why && strstr(cl->why, "subject tag") != NULL)
		return true;
	for (i = 0; i < cl->norigins; i++)
		if (chosen_by_admin(c, cl->origins[i].var, strlen(cl->origins[i].var)))
			return true;
	return false;
}

/* The reason, without "fml4 " and with paths of the list shortened. */
char *
f48_report_cfline_note(const f48_fml4_list *l, const char *why)
{
	f48_sb b;
	const char *p = why;
	size_t n = strlen(l->dir_prod);

	if (strncmp(p, "fml4 ", 5) == 0)
		p += 5;
	f48_sb_init(&b);
	while (*p) {
		/* copy up to the next "DIR/", which is dropped */
		const char *q = n > 0 ? strstr(p, l->dir_prod) : p;

		if (q == NULL) {
			f48_sb_puts(&b, p);
			break;
		}
		f48_sb_append(&b, p, (size_t)(q - p));
		if (q[n] == '/') {
			p = q + n + 1;
		} else if (*q) {
			f48_sb_putc(&b, *q);
			p = q + 1;
		} else {
			break;
		}
	}
	return f48_sb_steal(&b);
}

f48_rlist *
f48_report_plan_model(const f48_fml4_list *l, const f48_fml8_list *t, const f48_plan *p)
{
	f48_rlist *r = f48_rlist_new(l->name, l->dir, l->dir_prod);
	f48_rsection *mine, *defs, *files;
	size_t i, k;

	if (t->ml_domain) {
		char *a = f48_xasprintf("%s@%s", t->ml_name, t->ml_domain);

		f48_rlist_set_address(r, a);
		free(a);
	}
	{
		const f48_setting *origin;
		char *tag = f48_fml4_subject_tag(l->config, &origin);

		if (tag) {
			char *u = f48_enc_printable(tag, strlen(tag), origin ? origin->enc : F48_ENC_ASCII);

			f48_rlist_set_tag(r, u);
			free(u);
		}
		free(tag);
	}
	r->counts.known = true;
	r->counts.fml4_members = t->counts.fml4_members;
	r->counts.fml4_recipients = t->counts.fml4_recipients;
	r->counts.fml4_digest = t->counts.fml4_digest;
	r->counts.fml4_not_delivered = t->counts.fml4_not_delivered;
	r->counts.fml8_members = t->counts.fml8_members;
	r->counts.fml8_recipients = t->counts.fml8_recipients;
	r->counts.fml8_digest = t->counts.fml8_digest;
	mine = f48_rlist_section(r, "config-set", "config.cf, your fml4 settings");
	defs = f48_rlist_section(r, "config-defaults",
	    "config.cf, fml4 defaults kept where fml8's differ");
	for (i = 0; i < t->nlines; i++) {
		char *note = f48_report_cfline_note(l, t->lines[i].why ? t->lines[i].why : "");
		char *text = f48_cfline_text(&t->lines[i]);

		f48_rsection_add(f48_report_cfline_is_admins(l->config, &t->lines[i]) ? mine : defs, text,
		    note);
		free(text);
		free(note);
	}
	if (p->ncron) {
		f48_rsection *cron = f48_rlist_section(r, "cron",
		    "crontab lines for the fml8 list (install them by hand)");

		for (i = 0; i < p->ncron; i++)
			f48_rsection_add(cron, p->cron[i].line, p->cron[i].why);
	}
	files = f48_rlist_section(r, "files", "what would be done, in this order");
	files->detail = true;
	for (i = 0; i < p->n; i++) {
		const f48_action *a = &p->actions[i];
		char *line;

		switch (a->kind) {
		case F48_ACT_MKDIR:
			line = f48_xasprintf("mkdir  %s (%04o)", a->path, (unsigned)a->mode);
			break;
		case F48_ACT_COPY:
			line = f48_xasprintf("copy   %s -> %s", a->from, a->path);
			break;
		case F48_ACT_MOVE:
			line = f48_xasprintf("move   %s -> %s", a->from, a->path);
			break;
		case F48_ACT_WRITE:
			line = f48_xasprintf("write  %s (%04o, %zu bytes)", a->path, (unsigned)a->mode,
			    a->len);
			break;
		default:
			line = f48_xasprintf("chown  everything to %s (never through a symlink)",
			    p->owner);
			break;
		}
		f48_rsection_add(files, line, a->kind == F48_ACT_CHOWN_TREE ? NULL : a->why);
		free(line);
	}
	for (k = 0; k < 3; k++)
		f48_rlist_add_findings(r, all_findings(l, t, p, k));
	return r;
}

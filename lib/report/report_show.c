/* report_show.c - see report_show.h. */
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/textenc.h"
#include "util/xalloc.h"

#include "fml4/fml4_list.h"
#include "report/report_show.h"

/* ---- text -------------------------------------------------------------- */

static void
put_value(f48_sb *out, const char *v, size_t len, f48_encoding enc)
{
	char *p = f48_enc_printable(v, len, enc);

	f48_sb_puts(out, p);
	free(p);
}

void
f48_report_finding_text(f48_sb *out, const f48_finding *f)
{
	f48_sb_printf(out, "  %-7s %s", f48_severity_name(f->severity), f->code);
	if (f->file && f->line > 0)
		f48_sb_printf(out, " %s:%ld", f->file, f->line);
	else if (f->file)
		f48_sb_printf(out, " %s", f->file);
	f48_sb_puts(out, ": ");
	f48_sb_append_printable(out, f->message, strlen(f->message));
	f48_sb_putc(out, '\n');
	if (f->fix) {
		f48_sb_puts(out, "          fix: ");
		f48_sb_append_printable(out, f->fix, strlen(f->fix));
		f48_sb_putc(out, '\n');
	}
}

static const char *
roles_text(unsigned r, char *buf, size_t n)
{
	buf[0] = '\0';
	if (r & F48_ROLE_MEMBERS)
		strncat(buf, "members ", n - strlen(buf) - 1);
	if (r & F48_ROLE_ACTIVES)
		strncat(buf, "recipients ", n - strlen(buf) - 1);
	if (r & F48_ROLE_ADMINS)
		strncat(buf, "admins ", n - strlen(buf) - 1);
	if (r & F48_ROLE_MODERATORS)
		strncat(buf, "moderators ", n - strlen(buf) - 1);
	if (buf[0])
		buf[strlen(buf) - 1] = '\0';
	return buf;
}

static void
text_counts(f48_sb *out, const f48_list_file *f)
{
	const f48_member_counts *c = &f->counts;

	f48_sb_printf(out, "    %zu lines, %zu entries: realtime %zu, digest %zu, skip %zu, "
	    "off %zu, bye %zu", c->lines, c->entries, c->realtime, c->digest, c->skip, c->off,
	    c->bye);
	if (c->everyone)
		f48_sb_printf(out, ", everyone %zu", c->everyone);
	if (c->invalid)
		f48_sb_printf(out, ", invalid %zu", c->invalid);
	f48_sb_putc(out, '\n');
	if (f->roles & F48_ROLE_ACTIVES)
		f48_sb_printf(out, "    fml4 delivers each article to %zu addresses in real time "
		    "and %zu by digest\n", c->fml4_recipients, c->digest);
	if (f->roles & (F48_ROLE_MEMBERS | F48_ROLE_ADMINS))
		f48_sb_printf(out, "    fml4 counts %zu lines as members (off entries included)\n",
		    c->fml4_members);
}

/* True when the value in effect is not the one fml4's defaults give: makefml
 * writes every key into config.ph, so "set in config.ph" says little. */
static bool
differs_from_default(const f48_setting *s)
{
	const f48_assign *def = f48_setting_default(s);

	if (s->layer <= F48_LAYER_DEFAULTS)
		return false;
	return def == NULL || def->len != s->len || memcmp(def->value, s->value, s->len) != 0;
}

/* One member line of the text report. */
static void
text_member(f48_sb *out, const f48_member_entry *e)
{
	f48_sb_printf(out, "      %6ld  %-9s ", e->line, f48_member_mode_name(f48_member_mode_of(e)));
	f48_sb_append_printable(out, e->address, strlen(e->address));
	if (e->digest)
		f48_sb_printf(out, "  (digest %s)", e->digest);
	f48_sb_putc(out, '\n');
}

struct text_ctx {
	f48_sb *out;
	const f48_show_opts *o;
};

/* Hand the buffer to o->write once it holds at least min bytes. */
static int
text_flush(struct text_ctx *tc, size_t min, f48_error *err)
{
	if (tc->out->len == 0 || tc->out->len < min)
		return F48_OK;
	if (tc->o->write(tc->o->write_ctx, tc->out->data, tc->out->len) < 0)
		return f48_error_set(err, F48_EIO, NULL, 0, "cannot write the output");
	f48_sb_reset(tc->out);
	return F48_OK;
}

static int
text_member_cb(void *ctx, const f48_member_entry *e)
{
	struct text_ctx *tc = ctx;
	f48_error err;

	if (e->state == F48_MS_COMMENT || e->state == F48_MS_BLANK)
		return 0;
	text_member(tc->out, e);
	return text_flush(tc, 65536, &err) < 0 ? 1 : 0;
}

int
f48_report_show_text(f48_sb *out, const f48_fml4_list *l, const f48_show_opts *o,
    f48_error *err)
{
	const f48_fml4_config *c = l->config;
	size_t i, j, shown = 0;

	f48_sb_printf(out, "list %s\n  directory: %s\n", l->name, l->dir);
	if (strcmp(l->dir, l->dir_prod) != 0)
		f48_sb_printf(out, "  fml4 path: %s\n", l->dir_prod);
	f48_sb_puts(out, "\nconfiguration files, in the order fml4 loads them:\n");
	for (i = 0; i < c->nsources; i++) {
		const f48_source *s = &c->sources[i];

		f48_sb_printf(out, "  %-14s %s%s%s%s\n", f48_layer_name(s->layer), s->path,
		    s->used ? "" : "  (NOT READ)",
		    s->enc != F48_ENC_ASCII ? "  " : "", s->enc != F48_ENC_ASCII ? f48_enc_name(s->enc) : "");
	}
	if (c->defaults_from_table)
		f48_sb_puts(out, "  (defaults: the cf/MANIFEST table shipped with fml4to8)\n");

	{
		const f48_setting *origin;
		char *tag = f48_fml4_subject_tag(c, &origin);

		if (tag) {
			f48_sb_puts(out, "\nsubject tag (fml4): ");
			put_value(out, tag, strlen(tag), origin ? origin->enc : F48_ENC_ASCII);
			if (origin && origin->line > 0)
				f48_sb_printf(out, "   defined at %s:%ld [%s]", origin->file,
				    origin->line, f48_layer_name(origin->layer));
			f48_sb_putc(out, '\n');
		} else
			f48_sb_puts(out, "\nsubject tag (fml4): none\n");
		free(tag);
	}
	f48_sb_printf(out, "\neffective settings%s:\n",
	    o && o->all_settings ? "" : " (those that differ from fml4's defaults; --all for every one)");
	for (i = 0; i < f48_strmap_size(c->settings); i++) {
		const f48_setting *s = f48_strmap_value_at(c->settings, i);

		if (s->is_hook)
			continue;
		if (!(o && o->all_settings) && !differs_from_default(s))
			continue;
		shown++;
		f48_sb_printf(out, "  %-28s = \"", s->name);
		put_value(out, s->value ? s->value : "", s->len, s->enc);
		f48_sb_printf(out, "\"%s\n", s->known ? "" : "   (NOT KNOWN STATICALLY)");
		if (s->line > 0)
			f48_sb_printf(out, "  %-28s   from %s:%ld [%s]\n", "", s->file, s->line,
			    f48_layer_name(s->layer));
		else
			f48_sb_printf(out, "  %-28s   from %s [%s]\n", "", s->file,
			    f48_layer_name(s->layer));
	}
	if (shown == 0)
		f48_sb_puts(out, "  (none)\n");

	f48_sb_puts(out, "\nmacro calls:\n");
	for (i = 0; i < c->ncalls; i++) {
		const f48_macro_call *m = &c->calls[i];

		f48_sb_printf(out, "  %s:%ld  %s(", m->file, m->line, m->name);
		for (j = 0; j < m->nargs; j++) {
			f48_sb_puts(out, j ? ", '" : "'");
			put_value(out, m->args[j], strlen(m->args[j]), m->enc);
			f48_sb_putc(out, '\'');
		}
		f48_sb_printf(out, ")%s\n", m->known_macro ? "" : "   (not an fml4 macro)");
	}
	if (c->ncalls == 0)
		f48_sb_puts(out, "  (none)\n");
	if (c->nmodes) {
		f48_sb_puts(out, "\nmodes (DEFINE_MODE and include options):");
		for (i = 0; i < c->nmodes; i++)
			f48_sb_printf(out, " %s (%s:%ld)", c->modes[i].mode, c->modes[i].file,
			    c->modes[i].line);
		f48_sb_putc(out, '\n');
	}

	f48_sb_puts(out, "\nhooks (Perl code fml4 runs; never executed here):\n");
	for (i = 0; i < c->nhooks; i++) {
		const f48_hook *h = &c->hooks[i];
		size_t k, lines = h->len > 0 && h->code[h->len - 1] != '\n' ? 1 : 0;

		for (k = 0; k < h->len; k++)
			if (h->code[k] == '\n')
				lines++;
		f48_sb_printf(out, "  %s:%ld  %s (%zu line%s%s)\n", h->file, h->line, h->name, lines,
		    lines == 1 ? "" : "s", h->heredoc ? ", here-document" : "");
	}
	if (c->nhooks == 0)
		f48_sb_puts(out, "  (none)\n");

	f48_sb_puts(out, "\nmember lists:\n");
	for (i = 0; i < l->nfiles; i++) {
		const f48_list_file *f = &l->files[i];
		char roles[64];

		f48_sb_printf(out, "  %s (%s: %s)%s\n", f->path, f->variable,
		    roles_text(f->roles, roles, sizeof(roles)), f->exists ? "" : "  (absent)");
		if (f->exists)
			text_counts(out, f);
		if (f->exists && o && o->members && f->entries) {
			for (j = 0; j < f->entries->n; j++) {
				f48_member_entry e;

				f48_member_item_entry(&f->entries->items[j], &e);
				text_member(out, &e);
			}
		} else if (f->exists && o && o->members && o->write) {
			struct text_ctx tc = { out, o };
			int rc;

			if ((rc = text_flush(&tc, 0, err)) < 0)
				return rc;
			rc = f48_members_scan(f->path, text_member_cb, &tc, NULL, NULL, err);
			if (rc < 0)
				return rc;
			if (rc > 0)
				return f48_error_set(err, F48_EIO, NULL, 0, "cannot write the output");
		}
	}
	if (l->passwd)
		f48_sb_printf(out, "  %s: %zu remote administrator password%s\n", l->passwd->path,
		    l->passwd->n, l->passwd->n == 1 ? "" : "s");

	f48_sb_printf(out, "\nfindings (%zu):\n", l->findings.n);
	for (i = 0; i < l->findings.n; i++)
		f48_report_finding_text(out, &l->findings.items[i]);
	if (l->findings.n == 0)
		f48_sb_puts(out, "  (none)\n");
	return F48_OK;
}

/* ---- XML --------------------------------------------------------------- */

struct member_ctx {
	f48_xw *w;
	const char *path;
};

static void
w_member(f48_xw *w, const char *path, const f48_member_entry *e)
{
	f48_xw_start(w, "member");
	f48_xw_attr(w, "address", e->address ? e->address : "", F48_ENC_UTF8);
	f48_xw_attr(w, "mode", f48_member_mode_name(f48_member_mode_of(e)), F48_ENC_ASCII);
	f48_xw_attr(w, "file", path, F48_ENC_UTF8);
	f48_xw_attr_long(w, "line", e->line);
	if (e->digest)
		f48_xw_attr(w, "digest", e->digest, F48_ENC_UTF8);
	if (e->skip)
		f48_xw_attr(w, "skip", e->skip, F48_ENC_UTF8);
	if (e->relay)
		f48_xw_attr(w, "relay", e->relay, F48_ENC_UTF8);
	f48_xw_end_element(w);
}

static int
member_cb(void *vctx, const f48_member_entry *e)
{
	struct member_ctx *c = vctx;

	if (e->state == F48_MS_COMMENT || e->state == F48_MS_BLANK)
		return 0;
	w_member(c->w, c->path, e);
	return f48_xw_failed(c->w) ? 1 : 0;
}

static void
w_counts(f48_xw *w, const f48_member_counts *c)
{
	f48_xw_attr_long(w, "lines", (long)c->lines);
	f48_xw_attr_long(w, "entries", (long)c->entries);
	f48_xw_attr_long(w, "realtime", (long)c->realtime);
	f48_xw_attr_long(w, "digest", (long)c->digest);
	f48_xw_attr_long(w, "skip", (long)c->skip);
	f48_xw_attr_long(w, "off", (long)c->off);
	f48_xw_attr_long(w, "bye", (long)c->bye);
	f48_xw_attr_long(w, "everyone", (long)c->everyone);
	f48_xw_attr_long(w, "invalid", (long)c->invalid);
	f48_xw_attr_long(w, "fml4-recipients", (long)c->fml4_recipients);
	f48_xw_attr_long(w, "fml4-members", (long)c->fml4_members);
}

int
f48_xml_show_list(f48_xw *w, const f48_fml4_list *l, f48_error *err)
{
	const f48_fml4_config *c = l->config;
	size_t i, j;
	char roles[64];

	f48_xw_start(w, "list");
	f48_xw_attr(w, "name", l->name, F48_ENC_UTF8);
	f48_xw_attr(w, "dir", l->dir, F48_ENC_UTF8);
	f48_xw_attr(w, "fml4-dir", l->dir_prod, F48_ENC_UTF8);
	f48_xw_attr(w, "status", f48_findings_count(&l->findings, F48_SEV_ERROR) ? "error" :
	    f48_findings_count(&l->findings, F48_SEV_WARNING) ? "needs-person" : "ok", F48_ENC_ASCII);
	{
		const f48_setting *origin;
		char *tag = f48_fml4_subject_tag(c, &origin);

		if (tag) {
			f48_xw_start(w, "subject-tag");
			if (origin) {
				f48_xw_attr(w, "file", origin->file, F48_ENC_UTF8);
				f48_xw_attr_long(w, "line", origin->line);
			}
			f48_xw_text(w, tag, strlen(tag), origin ? origin->enc : F48_ENC_ASCII);
			f48_xw_end_element(w);
			free(tag);
		}
	}
	for (i = 0; i < c->nsources; i++) {
		f48_xw_start(w, "source");
		f48_xw_attr(w, "layer", f48_layer_name(c->sources[i].layer), F48_ENC_ASCII);
		f48_xw_attr(w, "path", c->sources[i].path, F48_ENC_UTF8);
		f48_xw_attr(w, "read", c->sources[i].used ? "yes" : "no", F48_ENC_ASCII);
		f48_xw_attr(w, "encoding", f48_enc_name(c->sources[i].enc), F48_ENC_ASCII);
		f48_xw_end_element(w);
	}
	for (i = 0; i < f48_strmap_size(c->settings); i++) {
		const f48_setting *s = f48_strmap_value_at(c->settings, i);

		if (s->is_hook)
			continue;
		f48_xw_start(w, "setting");
		f48_xw_attr(w, "name", s->name, F48_ENC_UTF8);
		f48_xw_attr(w, "file", s->file ? s->file : "", F48_ENC_UTF8);
		f48_xw_attr_long(w, "line", s->line);
		f48_xw_attr(w, "layer", f48_layer_name(s->layer), F48_ENC_ASCII);
		f48_xw_attr(w, "known", s->known ? "yes" : "no", F48_ENC_ASCII);
		f48_xw_text(w, s->value ? s->value : "", s->len, s->enc);
		f48_xw_end_element(w);
	}
	for (i = 0; i < c->ncalls; i++) {
		const f48_macro_call *m = &c->calls[i];

		f48_xw_start(w, "macro");
		f48_xw_attr(w, "name", m->name, F48_ENC_UTF8);
		f48_xw_attr(w, "file", m->file, F48_ENC_UTF8);
		f48_xw_attr_long(w, "line", m->line);
		f48_xw_attr(w, "known", m->known_macro ? "yes" : "no", F48_ENC_ASCII);
		for (j = 0; j < m->nargs; j++) {
			f48_xw_start(w, "arg");
			f48_xw_text(w, m->args[j], strlen(m->args[j]), m->enc);
			f48_xw_end_element(w);
		}
		f48_xw_end_element(w);
	}
	for (i = 0; i < c->nmodes; i++) {
		f48_xw_start(w, "mode");
		f48_xw_attr(w, "name", c->modes[i].mode, F48_ENC_UTF8);
		f48_xw_attr(w, "file", c->modes[i].file, F48_ENC_UTF8);
		f48_xw_attr_long(w, "line", c->modes[i].line);
		f48_xw_end_element(w);
	}
	for (i = 0; i < c->nhooks; i++) {
		const f48_hook *h = &c->hooks[i];

		f48_xw_start(w, "hook");
		f48_xw_attr(w, "name", h->name, F48_ENC_UTF8);
		f48_xw_attr(w, "file", h->file, F48_ENC_UTF8);
		f48_xw_attr_long(w, "line", h->line);
		f48_xw_text(w, h->code, h->len, h->enc);
		f48_xw_end_element(w);
	}
	for (i = 0; i < l->nfiles && !f48_xw_failed(w); i++) {
		const f48_list_file *f = &l->files[i];

		f48_xw_start(w, "member-file");
		f48_xw_attr(w, "path", f->path, F48_ENC_UTF8);
		f48_xw_attr(w, "variable", f->variable, F48_ENC_UTF8);
		f48_xw_attr(w, "roles", roles_text(f->roles, roles, sizeof(roles)), F48_ENC_ASCII);
		f48_xw_attr(w, "exists", f->exists ? "yes" : "no", F48_ENC_ASCII);
		if (f->exists) {
			w_counts(w, &f->counts);
			if (f->entries) {
				for (j = 0; j < f->entries->n; j++) {
					const f48_member_item *it = &f->entries->items[j];
					f48_member_entry e;

					f48_member_item_entry(it, &e);
					w_member(w, f->path, &e);
				}
			} else {
				struct member_ctx mc = { w, f->path };
				int rc = f48_members_scan(f->path, member_cb, &mc, NULL, NULL, err);

				if (rc < 0) {
					f48_xw_end_element(w);
					f48_xw_end_element(w);
					return rc;
				}
			}
		}
		f48_xw_end_element(w);
	}
	for (i = 0; i < l->findings.n; i++)
		f48_xw_finding(w, &l->findings.items[i]);
	f48_xw_end_element(w);
	if (f48_xw_failed(w))
		return f48_error_set(err, F48_EINPUT, NULL, 0, "libxml2 could not write the report");
	return F48_OK;
}

/* ---- the report model --------------------------------------------------- */

f48_rlist *
f48_report_show_model(const f48_fml4_list *l)
{
	f48_rlist *r = f48_rlist_new(l->name, l->dir, l->dir_prod);
	const f48_fml4_config *c = l->config;
	f48_rsection *sec;
	size_t i;

	{
		const f48_setting *origin;
		char *tag = f48_fml4_subject_tag(c, &origin);

		if (tag) {
			char *u = f48_enc_printable(tag, strlen(tag), origin ? origin->enc : F48_ENC_ASCII);

			f48_rlist_set_tag(r, u);
			free(u);
		}
		free(tag);
	}
	sec = f48_rlist_section(r, "settings", "fml4 settings that differ from fml4's defaults");
	for (i = 0; i < f48_strmap_size(c->settings); i++) {
		const f48_setting *s = f48_strmap_value_at(c->settings, i);
		char *v, *line, *note;

		if (s->is_hook || !differs_from_default(s))
			continue;
		v = f48_enc_printable(s->value ? s->value : "", s->len, s->enc);
		line = f48_xasprintf("%s = \"%s\"%s", s->name, v, s->known ? "" : "   (not known statically)");
		note = s->line > 0 ? f48_xasprintf("%s:%ld [%s]", s->file, s->line, f48_layer_name(s->layer)) :
		    f48_xasprintf("%s [%s]", s->file ? s->file : "", f48_layer_name(s->layer));
		f48_rsection_add(sec, line, note);
		free(v);
		free(line);
		free(note);
	}
	sec = f48_rlist_section(r, "member-files", "member lists (fml4 counts)");
	for (i = 0; i < l->nfiles; i++) {
		const f48_list_file *f = &l->files[i];
		char *line = f->exists ? f48_xasprintf("%s: %zu entries; %zu real-time recipients, %zu "
		    "digest, %zu members", f->path_prod, f->counts.entries, f->counts.fml4_recipients,
		    f->counts.digest, f->counts.fml4_members) : f48_xasprintf("%s: absent", f->path_prod);

		f48_rsection_add(sec, line, f->variable);
		free(line);
	}
	if (l->cron.n) {
		sec = f48_rlist_section(r, "fml4-cron", "fml4's cron jobs for the list");
		for (i = 0; i < l->cron.n; i++) {
			const f48_cron_entry *e = &l->cron.items[i];
			char *line = f48_xasprintf("%s %s", e->schedule, e->command);
			char *note = f48_xasprintf("%s:%ld%s", e->file, e->line,
			    e->whole_domain ? ", for every list of the domain" : "");

			f48_rsection_add(sec, line, note);
			free(line);
			free(note);
		}
	}
	f48_rlist_add_findings(r, &l->findings);
	return r;
}

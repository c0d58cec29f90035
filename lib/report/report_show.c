/* report_show.c - see report_show.h. */
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

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
	const f48_assign *def = NULL;
	size_t i;

	if (s->layer <= F48_LAYER_DEFAULTS)
		return false;
	for (i = 0; i < s->nhistory; i++)
		if (s->history[i].layer <= F48_LAYER_DEFAULTS)
			def = &s->history[i];
	return def == NULL || def->len != s->len || memcmp(def->value, s->value, s->len) != 0;
}

void
f48_report_show_text(f48_sb *out, const f48_fml4_list *l, const f48_show_opts *o)
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
				const f48_member_item *it = &f->entries->items[j];
				f48_member_entry e;

				memset(&e, 0, sizeof(e));
				e.state = it->state;
				e.address = it->address;
				e.digest = it->digest;
				e.skip = it->skip;
				e.address_valid = it->address_valid;
				f48_sb_printf(out, "      %6ld  %-9s ", it->line,
				    f48_member_mode_name(f48_member_mode_of(&e)));
				f48_sb_append_printable(out, it->address, strlen(it->address));
				if (it->digest)
					f48_sb_printf(out, "  (digest %s)", it->digest);
				f48_sb_putc(out, '\n');
			}
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
}

/* ---- XML --------------------------------------------------------------- */

struct f48_xml_report {
	xmlBufferPtr buf;
	xmlTextWriterPtr w;
	int failed;
};

/* XML 1.0 allows no control characters but TAB, LF, CR; they become \xNN.
 * Text of any other encoding is converted (or escaped) by textenc first. */
static char *
xml_text(const char *v, size_t len, f48_encoding enc)
{
	f48_sb u, o;
	size_t i;

	f48_sb_init(&u);
	f48_sb_init(&o);
	f48_enc_to_utf8(&u, v, len, enc);
	for (i = 0; i < u.len; i++) {
		unsigned char ch = (unsigned char)u.data[i];

		if ((ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || ch == 0x7f)
			f48_sb_printf(&o, "\\x%02X", ch);
		else
			f48_sb_putc(&o, (char)ch);
	}
	f48_sb_free(&u);
	return f48_sb_steal(&o);
}

static void
w_attr(f48_xml_report *r, const char *name, const char *value)
{
	if (xmlTextWriterWriteAttribute(r->w, BAD_CAST name, BAD_CAST value) < 0)
		r->failed = 1;
}

static void
w_attr_enc(f48_xml_report *r, const char *name, const char *value, f48_encoding enc)
{
	char *t = xml_text(value, strlen(value), enc);

	w_attr(r, name, t);
	free(t);
}

static void
w_attr_long(f48_xml_report *r, const char *name, long v)
{
	char num[32];

	snprintf(num, sizeof(num), "%ld", v);
	w_attr(r, name, num);
}

static void
w_start(f48_xml_report *r, const char *name)
{
	if (xmlTextWriterStartElement(r->w, BAD_CAST name) < 0)
		r->failed = 1;
}

static void
w_end(f48_xml_report *r)
{
	if (xmlTextWriterEndElement(r->w) < 0)
		r->failed = 1;
}

static void
w_text(f48_xml_report *r, const char *v, size_t len, f48_encoding enc)
{
	char *t = xml_text(v, len, enc);

	if (xmlTextWriterWriteString(r->w, BAD_CAST t) < 0)
		r->failed = 1;
	free(t);
}

f48_xml_report *
f48_xml_report_begin(const char *command)
{
	f48_xml_report *r = f48_xcalloc(1, sizeof(*r));

	r->buf = xmlBufferCreate();
	r->w = r->buf ? xmlNewTextWriterMemory(r->buf, 0) : NULL;
	if (r->w == NULL) {
		r->failed = 1;
		return r;
	}
	xmlTextWriterSetIndent(r->w, 1);
	xmlTextWriterSetIndentString(r->w, BAD_CAST "  ");
	if (xmlTextWriterStartDocument(r->w, "1.0", "UTF-8", NULL) < 0)
		r->failed = 1;
	w_start(r, "fml4to8");
	w_attr(r, "version", "1");
	w_attr(r, "command", command);
	return r;
}

static void
xml_finding(f48_xml_report *r, const f48_finding *f)
{
	w_start(r, "finding");
	w_attr(r, "code", f->code);
	w_attr(r, "severity", f48_severity_name(f->severity));
	if (f->file)
		w_attr_enc(r, "file", f->file, F48_ENC_UTF8);
	w_attr_long(r, "line", f->line);
	if (f->fix)
		w_attr_enc(r, "fix", f->fix, F48_ENC_UTF8);
	w_text(r, f->message, strlen(f->message), F48_ENC_UTF8);
	w_end(r);
}

struct member_ctx {
	f48_xml_report *r;
	const char *path;
};

static void
w_member(f48_xml_report *r, const char *path, const f48_member_entry *e)
{
	w_start(r, "member");
	w_attr_enc(r, "address", e->address ? e->address : "", F48_ENC_UTF8);
	w_attr(r, "mode", f48_member_mode_name(f48_member_mode_of(e)));
	w_attr_enc(r, "file", path, F48_ENC_UTF8);
	w_attr_long(r, "line", e->line);
	if (e->digest)
		w_attr_enc(r, "digest", e->digest, F48_ENC_UTF8);
	if (e->skip)
		w_attr_enc(r, "skip", e->skip, F48_ENC_UTF8);
	if (e->relay)
		w_attr_enc(r, "relay", e->relay, F48_ENC_UTF8);
	w_end(r);
}

static int
member_cb(void *vctx, const f48_member_entry *e)
{
	struct member_ctx *c = vctx;

	if (e->state == F48_MS_COMMENT || e->state == F48_MS_BLANK)
		return 0;
	w_member(c->r, c->path, e);
	return c->r->failed ? 1 : 0;
}

static void
w_counts(f48_xml_report *r, const f48_member_counts *c)
{
	w_attr_long(r, "lines", (long)c->lines);
	w_attr_long(r, "entries", (long)c->entries);
	w_attr_long(r, "realtime", (long)c->realtime);
	w_attr_long(r, "digest", (long)c->digest);
	w_attr_long(r, "skip", (long)c->skip);
	w_attr_long(r, "off", (long)c->off);
	w_attr_long(r, "bye", (long)c->bye);
	w_attr_long(r, "everyone", (long)c->everyone);
	w_attr_long(r, "invalid", (long)c->invalid);
	w_attr_long(r, "fml4-recipients", (long)c->fml4_recipients);
	w_attr_long(r, "fml4-members", (long)c->fml4_members);
}

int
f48_xml_report_show_list(f48_xml_report *r, const f48_fml4_list *l, f48_error *err)
{
	const f48_fml4_config *c = l->config;
	size_t i, j;
	char roles[64];

	w_start(r, "list");
	w_attr(r, "name", l->name);
	w_attr_enc(r, "dir", l->dir, F48_ENC_UTF8);
	w_attr_enc(r, "fml4-dir", l->dir_prod, F48_ENC_UTF8);
	{
		const f48_setting *origin;
		char *tag = f48_fml4_subject_tag(c, &origin);

		if (tag) {
			w_start(r, "subject-tag");
			if (origin) {
				w_attr_enc(r, "file", origin->file, F48_ENC_UTF8);
				w_attr_long(r, "line", origin->line);
			}
			w_text(r, tag, strlen(tag), origin ? origin->enc : F48_ENC_ASCII);
			w_end(r);
			free(tag);
		}
	}
	for (i = 0; i < c->nsources; i++) {
		w_start(r, "source");
		w_attr(r, "layer", f48_layer_name(c->sources[i].layer));
		w_attr_enc(r, "path", c->sources[i].path, F48_ENC_UTF8);
		w_attr(r, "read", c->sources[i].used ? "yes" : "no");
		w_attr(r, "encoding", f48_enc_name(c->sources[i].enc));
		w_end(r);
	}
	for (i = 0; i < f48_strmap_size(c->settings); i++) {
		const f48_setting *s = f48_strmap_value_at(c->settings, i);

		if (s->is_hook)
			continue;
		w_start(r, "setting");
		w_attr(r, "name", s->name);
		w_attr_enc(r, "file", s->file ? s->file : "", F48_ENC_UTF8);
		w_attr_long(r, "line", s->line);
		w_attr(r, "layer", f48_layer_name(s->layer));
		w_attr(r, "known", s->known ? "yes" : "no");
		w_text(r, s->value ? s->value : "", s->len, s->enc);
		w_end(r);
	}
	for (i = 0; i < c->ncalls; i++) {
		const f48_macro_call *m = &c->calls[i];

		w_start(r, "macro");
		w_attr(r, "name", m->name);
		w_attr_enc(r, "file", m->file, F48_ENC_UTF8);
		w_attr_long(r, "line", m->line);
		w_attr(r, "known", m->known_macro ? "yes" : "no");
		for (j = 0; j < m->nargs; j++) {
			w_start(r, "arg");
			w_text(r, m->args[j], strlen(m->args[j]), m->enc);
			w_end(r);
		}
		w_end(r);
	}
	for (i = 0; i < c->nmodes; i++) {
		w_start(r, "mode");
		w_attr(r, "name", c->modes[i].mode);
		w_attr_enc(r, "file", c->modes[i].file, F48_ENC_UTF8);
		w_attr_long(r, "line", c->modes[i].line);
		w_end(r);
	}
	for (i = 0; i < c->nhooks; i++) {
		const f48_hook *h = &c->hooks[i];

		w_start(r, "hook");
		w_attr(r, "name", h->name);
		w_attr_enc(r, "file", h->file, F48_ENC_UTF8);
		w_attr_long(r, "line", h->line);
		w_text(r, h->code, h->len, h->enc);
		w_end(r);
	}
	for (i = 0; i < l->nfiles && !r->failed; i++) {
		const f48_list_file *f = &l->files[i];

		w_start(r, "member-file");
		w_attr_enc(r, "path", f->path, F48_ENC_UTF8);
		w_attr(r, "variable", f->variable);
		w_attr(r, "roles", roles_text(f->roles, roles, sizeof(roles)));
		w_attr(r, "exists", f->exists ? "yes" : "no");
		if (f->exists) {
			w_counts(r, &f->counts);
			if (f->entries) {
				for (j = 0; j < f->entries->n; j++) {
					const f48_member_item *it = &f->entries->items[j];
					f48_member_entry e;

					memset(&e, 0, sizeof(e));
					e.line = it->line;
					e.state = it->state;
					e.address = it->address;
					e.digest = it->digest;
					e.skip = it->skip;
					e.relay = it->relay;
					e.address_valid = it->address_valid;
					w_member(r, f->path, &e);
				}
			} else {
				struct member_ctx mc = { r, f->path };
				int rc = f48_members_scan(f->path, member_cb, &mc, NULL, err);

				if (rc < 0) {
					w_end(r);
					w_end(r);
					return rc;
				}
			}
		}
		w_end(r);
	}
	for (i = 0; i < l->findings.n; i++)
		xml_finding(r, &l->findings.items[i]);
	w_end(r);
	if (r->failed)
		return f48_error_set(err, F48_EINPUT, NULL, 0, "libxml2 could not write the report");
	return F48_OK;
}

int
f48_xml_report_end(f48_xml_report *r, f48_sb *out, f48_error *err)
{
	int rc = F48_OK;

	if (r->w) {
		if (xmlTextWriterEndDocument(r->w) < 0)
			r->failed = 1;
		xmlFreeTextWriter(r->w);
	}
	if (r->failed)
		rc = f48_error_set(err, F48_EINPUT, NULL, 0, "libxml2 could not write the report");
	else
		f48_sb_append(out, xmlBufferContent(r->buf), (size_t)xmlBufferLength(r->buf));
	if (r->buf)
		xmlBufferFree(r->buf);
	free(r);
	return rc;
}

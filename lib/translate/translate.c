/* translate.c - see translate.h.  The config.cf part; the members part is
 * in translate_members.c. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/error.h"
#include "util/findings.h"
#include "util/strbuf.h"
#include "util/strmap.h"
#include "util/textenc.h"
#include "util/xalloc.h"

#include "codes.h"
#include "fml4/fml4_list.h"
#include "fml8/fml8_config.h"
#include "translate/rules.h"
#include "translate/translate.h"

/* fml8's own fallback when a body size limit is 0 or unset. */
#define FML8_DEFAULT_BODY_LIMIT 10240000L

typedef struct tctx {
	const f48_fml4_list *l;
	const f48_fml4_config *cfg;
	const f48_translate_opts *o;
	f48_fml8_list *t;
	f48_cf8_env *env;            /* fml8's effective state as lines are added */
	f48_strmap *done;            /* converters that ran (once per group) */
	size_t content_handlers;     /* &ADD_CONTENT_HANDLER calls seen */
} tctx;

/* ---- small helpers ------------------------------------------------------ */

static const char *
val(const tctx *c, const char *name)
{
	const char *v = f48_fml4_value(c->cfg, name);

	return v ? v : "";
}

static bool
truth(const char *v)
{
	return v && v[0] && strcmp(v, "0") != 0;
}

/* A file as the admin knows it on the fml4 host: the host path minus the
 * --root prefix (the list's dir is dir_prod on that host). */
static const char *
prod_file(const tctx *c, const char *file)
{
	size_t nd = strlen(c->l->dir), np = strlen(c->l->dir_prod);

	if (file && nd > np && strcmp(c->l->dir + nd - np, c->l->dir_prod) == 0 &&
	    strncmp(file, c->l->dir, nd - np) == 0 && file[nd - np] == '/')
		return file + (nd - np);
	return file ? file : "";
}

/* "NAME = value (file:line)" for comments and findings; value shown as UTF-8. */
static char *
origin_text(const tctx *c, const char *name)
{
	const f48_setting *s = f48_fml4_get(c->cfg, name);
	char *v, *r;

	if (s == NULL)
		return f48_xasprintf("%s (not set)", name);
	v = f48_enc_printable(s->value ? s->value : "", s->len, s->enc);
	if (s->line > 0)
		r = f48_xasprintf("%s = \"%s\" (%s:%ld)", name, v, prod_file(c, s->file), s->line);
	else
		r = f48_xasprintf("%s = \"%s\" (%s)", name, v, prod_file(c, s->file));
	free(v);
	return r;
}

/* The value fml4's defaults give the setting, or NULL when none does. */
static const char *
fml4_default(const f48_setting *s)
{
	const f48_assign *def = f48_setting_default(s);

	return def ? def->value : NULL;
}

/* "" and "0" are the same false to fml4 (Perl truth), so a config.ph that
 * writes 0 where the default is "" changes nothing. */
static bool
differs_from_default(const f48_setting *s)
{
	const char *d = fml4_default(s), *v = s->value ? s->value : "";

	if (s->layer <= F48_LAYER_DEFAULTS)
		return false;
	if (d == NULL)
		d = "";
	if (!truth(d) && !truth(v))
		return false;
	return strcmp(d, v) != 0;
}

static void
add_line(tctx *c, const char *text, const char *why, bool forced)
{
	f48_cfline *l;

	c->t->lines = f48_xrealloc(c->t->lines, (c->t->nlines + 1) * sizeof(*c->t->lines));
	l = &c->t->lines[c->t->nlines++];
	l->text = f48_xstrdup(text);
	l->why = f48_xstrdup(why);
	l->forced = forced;
}

/* Write `text` ("key op value") unless fml8's state already is what it asks
 * for (forced lines are written anyway).  Returns true when it was added. */
static bool
desire(tctx *c, const char *text, const char *why, bool forced)
{
	size_t i;
	bool changed;

	/* The same line twice (two rules agreeing) is written once. */
	for (i = 0; i < c->t->nlines; i++)
		if (strcmp(c->t->lines[i].text, text) == 0)
			return false;
	changed = f48_cf8_env_apply_line(c->env, text);
	if (changed || forced)
		add_line(c, text, why, forced);
	return changed || forced;
}

static void
desire_f(tctx *c, const char *why, bool forced, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
desire_f(tctx *c, const char *why, bool forced, const char *fmt, ...)
{
	va_list ap;
	char buf[8192];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	desire(c, buf, why, forced);
}

/* "2M", "150K", "1048576" -> bytes; -1 when it is not a size. */
static long
parse_size(const char *v)
{
	char *end;
	long n;

	while (*v == ' ')
		v++;
	if (!isdigit((unsigned char)*v))
		return -1;
	n = strtol(v, &end, 10);
	if (*end == 'k' || *end == 'K')
		n *= 1024, end++;
	else if (*end == 'm' || *end == 'M')
		n *= 1024L * 1024, end++;
	while (*end == ' ' || *end == 'b' || *end == 'B')
		end++;
	return *end ? -1 : n;
}

/* A production path inside the list becomes $ml_home_dir/...; others stay. */
static char *
fml8_path(const tctx *c, const char *p)
{
	size_t n = strlen(c->l->dir_prod);

	if (strncmp(p, c->l->dir_prod, n) == 0 && (p[n] == '/' || p[n] == '\0'))
		return f48_xasprintf("$ml_home_dir%s", p + n);
	if (p[0] != '/')
		return f48_xasprintf("$ml_home_dir/%s", p);
	return f48_xstrdup(p);
}

static bool
once(tctx *c, const char *group)
{
	if (f48_strmap_get(c->done, group))
		return false;
	f48_strmap_put(c->done, group, (void *)1);
	return true;
}

/* ---- converters ---------------------------------------------------------- */

static void
conv_subject_tag(tctx *c)
{
	const f48_setting *origin = NULL;
	char *tag = f48_fml4_subject_tag(c->cfg, &origin), *why;
	const char *bracket = val(c, "BRACKET");

	if (!once(c, "subject_tag")) {
		free(tag);
		return;
	}
	if (tag == NULL) {
		desire(c, "article_header_rewrite_rules -= rewrite_article_subject_tag",
		    "fml4 put no tag on the subject", false);
		return;
	}
	if (origin && origin->line > 0)
		why = f48_xasprintf("fml4 subject tag %s, defined at %s:%ld", tag,
		    prod_file(c, origin->file), origin->line);
	else
		why = f48_xasprintf("fml4 subject tag %s", tag);
	/* The list's own name is written as $ml_name, as fml8 does; any other
	 * bracket text (case, another word) is kept literally (D7). */
	if (bracket[0] && strcmp(bracket, c->t->ml_name) == 0) {
		char *at = strstr(tag, bracket);

		if (at) {
			char *nt = f48_xasprintf("%.*s$ml_name%s", (int)(at - tag), tag,
			    at + strlen(bracket));

			free(tag);
			tag = nt;
		}
	}
	desire(c, "article_header_rewrite_rules += rewrite_article_subject_tag", why, true);
	desire_f(c, why, true, "article_subject_tag = %s", tag);
	free(why);
	free(tag);
}

static void
conv_policy_kind(tctx *c, const char *kind, const char *permit_var, const char *handler_var)
{
	const char *permit = val(c, permit_var), *handler = val(c, handler_var);
	const f48_policy_rule *p = f48_rules_policy(c->o->rules, kind, permit, handler);
	char *o1 = origin_text(c, permit_var), *o2 = origin_text(c, handler_var);
	char *why = f48_xasprintf("fml4 %s, %s", o1, o2);
	const f48_setting *s = f48_fml4_get(c->cfg, permit_var);
	size_t i;

	if (p == NULL) {
		f48_findings_add(&c->t->findings, F48_SEV_WARNING, F48_C_POLICY_UNKNOWN,
		    s ? s->file : NULL, s ? s->line : 0, "set the fml8 restrictions by hand",
		    "%s: fml4's %s with %s has no known fml8 equivalent; nothing was written",
		    kind, permit, handler);
	} else {
		for (i = 0; i < p->nlines; i++)
			desire(c, p->lines[i], why, false);
		if (p->finding)
			f48_findings_add(&c->t->findings, F48_SEV_WARNING, p->finding,
			    s ? s->file : NULL, s ? s->line : 0, NULL, "%s: %s", why, p->note);
	}
	free(o1);
	free(o2);
	free(why);
}

static void
conv_policy(tctx *c)
{
	if (!once(c, "policy"))
		return;
	conv_policy_kind(c, "post", "PERMIT_POST_FROM", "REJECT_POST_HANDLER");
	conv_policy_kind(c, "command", "PERMIT_COMMAND_FROM", "REJECT_COMMAND_HANDLER");
}

static void
conv_size(tctx *c, const char *var)
{
	const char *v = val(c, var);
	char *why = origin_text(c, var);
	long n = parse_size(v);

	if (v[0] == '\0' || n == 0) {
		/* fml8 falls back to 10 MB for a limit of 0: switch the check off. */
		char *w = f48_xasprintf("fml4 had no size limit: %s", why);

		desire(c, "use_article_size_filter = no", w, false);
		desire(c, "use_command_mail_size_filter = no", w, false);
		free(w);
	} else if (n < 0) {
		const f48_setting *s = f48_fml4_get(c->cfg, var);

		f48_findings_add(&c->t->findings, F48_SEV_WARNING, F48_C_SETTING_NEEDS_HUMAN,
		    s->file, s->line, "set incoming_article_body_size_limit by hand",
		    "%s is not a size fml4to8 understands", why);
	} else {
		desire_f(c, why, false, "incoming_article_body_size_limit = %ld", n);
		desire_f(c, why, false, "incoming_command_mail_body_size_limit = %ld", n);
		if (n > FML8_DEFAULT_BODY_LIMIT) {
			desire_f(c, why, false, "outgoing_article_body_size_limit = %ld", n);
			desire_f(c, why, false, "outgoing_command_mail_body_size_limit = %ld", n);
		}
	}
	free(why);
}

static void
conv_timezone(tctx *c, const char *var)
{
	const char *v = val(c, var), *p = v, *zone = NULL;
	char off[8];
	char *why = origin_text(c, var);

	p += strspn(p, " \t");
	if ((p[0] == '+' || p[0] == '-') && strspn(p + 1, "0123456789") == 4 &&
	    p[5 + strspn(p + 5, " \t")] == '\0') {
		memcpy(off, p, 5);
		off[5] = '\0';
		zone = off;
	} else
		zone = f48_rules_zone(c->o->rules, v);
	if (zone)
		desire_f(c, why, false, "system_timezone = %s", zone);
	else {
		const f48_setting *s = f48_fml4_get(c->cfg, var);

		f48_findings_add(&c->t->findings, F48_SEV_WARNING, F48_C_SETTING_NEEDS_HUMAN,
		    s ? s->file : NULL, s ? s->line : 0, "set system_timezone = +hhmm by hand",
		    "%s is not a time zone fml4to8 knows (add it to templates/timezones.tsv)", why);
	}
	free(why);
}

static void
conv_smtp(tctx *c)
{
	const char *host = val(c, "HOST"), *port = val(c, "PORT");
	char *o1, *o2, *why;

	if (!once(c, "smtp"))
		return;
	if ((host[0] == '\0' || strcmp(host, "localhost") == 0) &&
	    (port[0] == '\0' || strcmp(port, "25") == 0))
		return;      /* fml8's default reaches the same local MTA */
	o1 = origin_text(c, "HOST");
	o2 = origin_text(c, "PORT");
	why = f48_xasprintf("fml4 %s, %s", o1, o2);
	if (strchr(host, ':'))
		desire_f(c, why, false, "smtp_servers = [%s]:%s", host, port[0] ? port : "25");
	else
		desire_f(c, why, false, "smtp_servers = %s:%s", host[0] ? host : "localhost",
		    port[0] ? port : "25");
	free(o1);
	free(o2);
	free(why);
}

static void
conv_address(tctx *c, const char *var, const char *target)
{
	const f48_setting *s = f48_fml4_get(c->cfg, var);
	char *why;

	if (s == NULL || s->value == NULL || s->value[0] == '\0')
		return;
	if (!s->known) {
		f48_findings_add(&c->t->findings, F48_SEV_WARNING, F48_C_VALUE_UNKNOWN, s->file,
		    s->line, NULL, "%s cannot be known statically; %s is left at fml8's value",
		    var, target);
		return;
	}
	why = origin_text(c, var);
	desire_f(c, why, false, "%s = %s", target, s->value);
	free(why);
}

static void
conv_file(tctx *c, const char *var, const char *target, bool map)
{
	const f48_setting *s = f48_fml4_get(c->cfg, var);
	const char *d;
	char *p, *why;

	if (s == NULL || s->value == NULL || s->value[0] == '\0' || s->layer == F48_LAYER_FIXUP)
		return;
	d = fml4_default(s);
	if (d && strcmp(d, s->value) == 0)
		return;       /* fml4's default file: fml8's default names the same one */
	p = fml8_path(c, s->value);
	why = origin_text(c, var);
	desire_f(c, why, false, map ? "%s = file:%s" : "%s = %s", target, p);
	free(p);
	free(why);
}

static void
conv_log_rotate(tctx *c, const char *var)
{
	const char *v = val(c, var);
	long n = parse_size(v);
	char *why;

	if (v[0] == '\0' || n <= 0)
		return;
	why = origin_text(c, var);
	desire(c, "use_log_rotate = yes", why, false);
	desire_f(c, why, false, "log_rotate_size_limit = %ld", n);
	free(why);
}

static void
conv_recipient_limit(tctx *c, const char *var)
{
	const char *v = val(c, var);
	char *why;

	if (!truth(v) || strspn(v, "0123456789") != strlen(v))
		return;
	why = origin_text(c, var);
	desire(c, "use_recipient_total_limit = yes", why, false);
	desire_f(c, why, false, "recipient_total_limit = %s", v);
	free(why);
}

/* The text between the first and last double quote of a statement like
 * $X = "a|\S+";  -- the value as written, before Perl dropped backslashes.
 * NULL when the statement is no plain double-quoted string. */
static char *
as_written(const f48_setting *s)
{
	const char *a, *b;
	f48_sb sb;

	if (s->raw == NULL || (a = strchr(s->raw, '"')) == NULL ||
	    (b = strrchr(s->raw, '"')) == NULL || b <= a)
		return NULL;
	f48_sb_init(&sb);
	for (a++; a < b; a++) {
		if (*a == '$') {       /* interpolation: the evaluated value is right */
			f48_sb_free(&sb);
			return NULL;
		}
		if (*a == '\\' && (a[1] == '@' || a[1] == '"'))
			a++;
		f48_sb_putc(&sb, *a);
	}
	return f48_sb_steal(&sb);
}

static void
conv_words(tctx *c, const char *var, const char *target)
{
	const f48_setting *s = f48_fml4_get(c->cfg, var);
	char *written, *why, *p;
	const char *src;
	f48_sb line;

	if (s == NULL || !differs_from_default(s))
		return;
	written = as_written(s);
	src = written ? written : s->value;
	why = origin_text(c, var);
	if (written && strcmp(written, s->value) != 0)
		f48_findings_add(&c->t->findings, F48_SEV_INFO, F48_C_VALUE_ESCAPE_LOST, s->file,
		    s->line, NULL,
		    "%s is written in double quotes, so Perl dropped its backslashes and fml4 "
		    "matched \"%s\"; fml8 gets the patterns as written (\"%s\")", var, s->value,
		    written);
	f48_sb_init(&line);
	f48_sb_printf(&line, "%s =", target);
	for (p = (char *)src; *p;) {
		size_t n = strcspn(p, "|");

		if (n > 0) {
			f48_sb_putc(&line, ' ');
			f48_sb_append(&line, p, n);
		}
		p += n;
		if (*p == '|')
			p++;
	}
	desire(c, line.data, why, false);
	f48_sb_free(&line);
	free(why);
	free(written);
}

static void
conv_xmlname(tctx *c, const char *var)
{
	const f48_setting *s = f48_fml4_get(c->cfg, var);
	const char *v = val(c, var), *colon = strchr(v, ':');
	char *why;

	if (s == NULL || v[0] == '\0')
		return;
	why = origin_text(c, var);
	if (colon && (size_t)(colon - v) == 9 && strncasecmp(v, "X-ML-Name", 9) == 0) {
		const char *name = colon + 1 + strspn(colon + 1, " \t");

		desire_f(c, why, false, "outgoing_mail_header_x_ml_name = %s", name);
	} else
		f48_findings_add(&c->t->findings, F48_SEV_WARNING, F48_C_SETTING_NEEDS_HUMAN,
		    s->file, s->line, "add the field with a header rewrite hook",
		    "%s: fml8 writes only the X-ML-Name field; this header is not carried", why);
	free(why);
}

static void
conv_remote_admin(tctx *c)
{
	const char *type = val(c, "REMOTE_ADMINISTRATION_AUTH_TYPE");
	char *o1, *o2, *why;

	if (!once(c, "remote_admin"))
		return;
	o1 = origin_text(c, "REMOTE_ADMINISTRATION");
	o2 = origin_text(c, "REMOTE_ADMINISTRATION_AUTH_TYPE");
	why = f48_xasprintf("fml4 %s, %s", o1, o2);
	if (!truth(val(c, "REMOTE_ADMINISTRATION"))) {
		desire(c, "use_admin_command_mail_function = no", why, false);
	} else {
		desire(c, "use_admin_command_mail_function = yes", why, false);
		if (strcmp(type, "address") == 0)
			desire(c, "admin_command_mail_restrictions = reject_system_special_accounts "
			    "permit_admin_member_maps reject", why, false);
		else if (strncmp(type, "pgp", 3) == 0 || strcmp(type, "gpg") == 0)
			desire(c, "admin_command_mail_restrictions = reject_system_special_accounts "
			    "check_pgp_signature reject", why, false);
		else
			desire(c, "admin_command_mail_restrictions = reject_system_special_accounts "
			    "check_admin_member_password reject", why, false);
	}
	free(o1);
	free(o2);
	free(why);
}

static void
convert(tctx *c, const f48_rule *r, const f48_setting *s)
{
	const char *cv = r->converter;

	if (strcmp(cv, "subject_tag") == 0)
		conv_subject_tag(c);
	else if (strcmp(cv, "policy") == 0)
		conv_policy(c);
	else if (strcmp(cv, "size") == 0)
		conv_size(c, r->var);
	else if (strcmp(cv, "timezone") == 0)
		conv_timezone(c, r->var);
	else if (strcmp(cv, "smtp") == 0)
		conv_smtp(c);
	else if (strcmp(cv, "address") == 0 && r->target)
		conv_address(c, r->var, r->target);
	else if (strcmp(cv, "list_file") == 0 && r->target)
		conv_file(c, r->var, r->target, true);
	else if (strcmp(cv, "path") == 0 && r->target)
		conv_file(c, r->var, r->target, false);
	else if (strcmp(cv, "log_rotate") == 0)
		conv_log_rotate(c, r->var);
	else if (strcmp(cv, "recipient_limit") == 0)
		conv_recipient_limit(c, r->var);
	else if (strcmp(cv, "words") == 0 && r->target)
		conv_words(c, r->var, r->target);
	else if (strcmp(cv, "xmlname") == 0)
		conv_xmlname(c, r->var);
	else if (strcmp(cv, "remote_admin") == 0)
		conv_remote_admin(c);
	else
		f48_findings_add(&c->t->findings, F48_SEV_ERROR, F48_C_RULE_INVALID,
		    c->o->rules->path, r->line, "fix the rules table",
		    "%s: unknown converter \"%s\"", r->var, r->fml8);
	(void)s;
}

/* ---- per setting ----------------------------------------------------------- */

static void
map_rule(tctx *c, const f48_rule *r, const f48_setting *s)
{
	const f48_map_case *mc = f48_rule_match(r, s->value);
	char *why;
	size_t i;

	if (mc == NULL) {
		if (differs_from_default(s)) {
			char *o = origin_text(c, r->var);

			f48_findings_add(&c->t->findings, F48_SEV_WARNING, F48_C_SETTING_NEEDS_HUMAN,
			    s->file, s->line, NULL, "%s: a value the rules table has no case for (%s)",
			    o, r->fml8);
			free(o);
		}
		return;
	}
	why = origin_text(c, r->var);
	for (i = 0; i < mc->nlines; i++) {
		const char *pct = strstr(mc->lines[i], "%s");

		if (pct)
			desire_f(c, why, false, "%.*s%s%s", (int)(pct - mc->lines[i]), mc->lines[i],
			    s->value, pct + 2);
		else
			desire(c, mc->lines[i], why, false);
	}
	free(why);
}

static void
report_lost(tctx *c, const f48_rule *r, const f48_setting *s)
{
	char *o;
	const char *d = fml4_default(s);

	if (!differs_from_default(s))
		return;
	o = origin_text(c, r->var);
	if (r->decision == F48_DEC_UNSUPPORTED)
		f48_findings_add(&c->t->findings, F48_SEV_WARNING, F48_C_SETTING_NOT_SUPPORTED,
		    s->file, s->line, NULL, "%s has no fml8 equivalent (fml4's default: \"%s\"); "
		    "lost: %s", o, d ? d : "", r->note);
	else
		f48_findings_add(&c->t->findings, F48_SEV_WARNING, F48_C_SETTING_NEEDS_HUMAN,
		    s->file, s->line, r->fml8, "%s: %s", o, r->note);
	free(o);
}

static void
translate_settings(tctx *c)
{
	const f48_strmap *m = c->cfg->settings;
	size_t i;

	for (i = 0; i < f48_strmap_size(m); i++) {
		const f48_setting *s = f48_strmap_value_at(m, i);
		const f48_rule *r;

		if (s->is_hook || strcmp(s->name, "DIR") == 0 || strcmp(s->name, "LIBDIR") == 0 ||
		    strchr(s->name, '{'))
			continue;
		r = f48_rules_find(c->o->rules, s->name);
		if (r == NULL) {
			if (s->layer >= F48_LAYER_SITE_INIT && s->layer != F48_LAYER_FIXUP) {
				char *o = origin_text(c, s->name);

				f48_findings_add(&c->t->findings, F48_SEV_WARNING,
				    F48_C_SETTING_UNKNOWN, s->file, s->line, NULL,
				    "%s: not a variable fml4 defines (or not in the rules table); "
				    "it is not carried over", o);
				free(o);
			}
			continue;
		}
		switch (r->decision) {
		case F48_DEC_CONVERT:
			convert(c, r, s);
			break;
		case F48_DEC_MAP:
			map_rule(c, r, s);
			break;
		case F48_DEC_UNSUPPORTED:
		case F48_DEC_HUMAN:
			report_lost(c, r, s);
			break;
		case F48_DEC_IGNORE:
			break;
		}
	}
	/* The subject tag is decided even if no tag variable was tabled. */
	conv_subject_tag(c);
	conv_policy(c);
}

/* fml4's regexp "multipart/.*" as fml8's pattern "multipart/" + "*". */
static char *
mime_pattern(const char *re)
{
	f48_sb sb;
	const char *p;

	if (strcmp(re, "!MIME") == 0)
		return f48_xstrdup("text/plain");      /* a mail without MIME is text */
	f48_sb_init(&sb);
	for (p = re; *p; p++) {
		if (p[0] == '.' && p[1] == '*') {
			f48_sb_putc(&sb, '*');
			p++;
		} else
			f48_sb_putc(&sb, *p);
	}
	if (strcmp(sb.data, "*/*") == 0) {
		f48_sb_free(&sb);
		return f48_xstrdup("*");
	}
	return f48_sb_steal(&sb);
}

/* &ADD_CONTENT_HANDLER: fml8's MIME component filter is the same idea, but
 * it applies every rule (any reject wins, cutoff per part) where fml4 took
 * the first matching handler, so the rules are offered, not written. */
static void
content_handler(tctx *c, const f48_macro_call *m)
{
	const char *act = m->args[2];
	const char *a8 = strcmp(act, "allow") == 0 ? "permit" : strcmp(act, "reject") == 0 ?
	    "reject" : strncmp(act, "strip", 5) == 0 ? "cutoff" : NULL;
	char *whole = mime_pattern(m->args[0]), *part = mime_pattern(m->args[1]), *fix;

	if (a8)
		fix = f48_xasprintf("in the list's article_mime_component_filter_rules file: "
		    "\"%s %s %s\"; fml8 applies every rule, fml4 the first match: order and "
		    "negate (!type) to keep the meaning%s", whole, part, a8,
		    strcmp(act, "strip+notice") == 0 ? "; fml8 sends no notice for a cut part" : "");
	else
		fix = f48_xasprintf("fml8 has no action like \"%s\"", act);
	f48_findings_add(&c->t->findings, F48_SEV_WARNING, F48_C_MACRO_NOT_SUPPORTED, m->file,
	    m->line, fix, "%s('%s', '%s', '%s') decides which MIME parts fml4 accepted; fml8's "
	    "MIME component filter is left on for a person to configure", m->name, m->args[0],
	    m->args[1], act);
	c->content_handlers++;
	free(fix);
	free(whole);
	free(part);
}

/* A list with content handlers must not get fml8's MIME filter switched off
 * by the HTML_MAIL_DEFAULT_HANDLER rule: fml4 did filter. */
static void
keep_mime_filter(tctx *c)
{
	size_t i;

	if (c->content_handlers == 0)
		return;
	for (i = 0; i < c->t->nlines; i++) {
		if (strcmp(c->t->lines[i].text, "use_article_mime_component_filter = no") != 0)
			continue;
		free(c->t->lines[i].text);
		free(c->t->lines[i].why);
		memmove(&c->t->lines[i], &c->t->lines[i + 1],
		    (c->t->nlines - i - 1) * sizeof(*c->t->lines));
		c->t->nlines--;
		break;
	}
}

static void
translate_hooks_and_macros(tctx *c)
{
	const f48_fml4_config *cfg = c->cfg;
	size_t i;

	for (i = 0; i < cfg->nhooks; i++) {
		const f48_hook *h = &cfg->hooks[i];
		const f48_hook_rule *hr = f48_rules_hook(c->o->rules, h->name);
		char *fix;

		if (hr && hr->fml8)
			fix = f48_xasprintf("port it by hand after =cut in config.cf: "
			    "$%s = q{ ... };%s%s%s", hr->fml8, hr->note[0] ? " (" : "",
			    hr->note, hr->note[0] ? ")" : "");
		else
			fix = f48_xasprintf("fml8 has no hook for this%s%s%s",
			    hr && hr->note[0] ? " (" : "", hr ? hr->note : "",
			    hr && hr->note[0] ? ")" : "");
		f48_findings_add(&c->t->findings, F48_SEV_WARNING, F48_C_HOOK_NEEDS_PORTING,
		    h->file, h->line, fix,
		    "%s is Perl code fml4 runs (%s); it is not carried over automatically",
		    h->name, f48_layer_name(h->layer));
		free(fix);
	}
	for (i = 0; i < cfg->ncalls; i++) {
		const f48_macro_call *m = &cfg->calls[i];

		if (!m->known_macro || m->effect == F48_MACRO_TAG || m->effect == F48_MACRO_MODE ||
		    m->effect == F48_MACRO_HELPER)
			continue;      /* unknown macros were reported by the read stage */
		if (strcmp(m->name, "DEFINE_FIELD_FORCED") == 0 && m->nargs == 2 &&
		    strcasecmp(m->args[0], "reply-to") == 0 &&
		    strcmp(m->args[1], val(c, "MAIL_LIST")) == 0) {
			f48_findings_add(&c->t->findings, F48_SEV_INFO, F48_C_MACRO_KEPT_BY_DEFAULT,
			    m->file, m->line, NULL,
			    "%s('reply-to', the post address): fml8's default rule rewrite_reply_to "
			    "already sets Reply-To: to the post address", m->name);
			continue;
		}
		if (strcmp(m->name, "ADD_CONTENT_HANDLER") == 0 && m->nargs == 3) {
			content_handler(c, m);
			continue;
		}
		f48_findings_add(&c->t->findings, F48_SEV_WARNING, F48_C_MACRO_NOT_SUPPORTED,
		    m->file, m->line, NULL,
		    "%s(%s%s) changes %s; fml8 has no such setting, so it is not carried over",
		    m->name, m->nargs ? m->args[0] : "", m->nargs > 1 ? ", ..." : "",
		    strncmp(m->name, "ADD_CONTENT_HANDLER", 19) == 0 ?
		    "which MIME parts are accepted (fml8: use_article_mime_component_filter)" :
		    strstr(m->name, "PROCEDURE") ? "which commands are allowed (fml8: "
		    "*_command_mail_allowed_commands)" : "the header fields of articles");
	}
	for (i = 0; i < cfg->nmodes; i++) {
		const f48_mode_use *mu = &cfg->modes[i];

		if (mu->layer == F48_LAYER_FIXUP)
			continue;
		f48_findings_add(&c->t->findings, F48_SEV_INFO, F48_C_MODE_APPLIED, mu->file,
		    mu->line, NULL, "mode %s: its settings were applied before translation",
		    mu->mode);
	}
}

/* ---- the stage ------------------------------------------------------------- */

/* The list's domain: the --domain option, else the domain of MAIL_LIST, else
 * DOMAINNAME.  Never the host's own name. */
static char *
decide_domain(const f48_fml4_list *l, const char *opt)
{
	const char *ml = f48_fml4_value(l->config, "MAIL_LIST"), *at;
	const f48_setting *dn = f48_fml4_get(l->config, "DOMAINNAME");

	if (opt && opt[0])
		return f48_xstrdup(opt);
	if (ml && (at = strrchr(ml, '@')) != NULL && at[1])
		return f48_xstrdup(at + 1);
	if (dn && dn->known && dn->value && dn->value[0])
		return f48_xstrdup(dn->value);
	return NULL;
}

int
f48_translate(const f48_fml4_list *l, const f48_translate_opts *o, f48_fml8_list **out,
    f48_error *err)
{
	f48_fml8_list *t;
	tctx c;

	if (l == NULL || o == NULL || o->rules == NULL || o->fml8_defaults == NULL)
		return f48_error_set(err, F48_EUSAGE, NULL, 0, "translate: missing input");
	t = f48_xcalloc(1, sizeof(*t));
	f48_findings_init(&t->findings);
	t->ml_name = f48_xstrdup(l->name);
	t->ml_domain = decide_domain(l, o->domain);
	memset(&c, 0, sizeof(c));
	c.l = l;
	c.cfg = l->config;
	c.o = o;
	c.t = t;
	c.done = f48_strmap_new();
	c.env = f48_cf8_env_new();
	f48_cf8_env_apply(c.env, o->fml8_defaults);
	if (o->site_defaults)
		f48_cf8_env_apply(c.env, o->site_defaults);
	f48_cf8_env_set(c.env, "ml_name", t->ml_name, "(fml4to8)", 0);
	f48_cf8_env_set(c.env, "ml_domain", t->ml_domain ? t->ml_domain : "", "(fml4to8)", 0);
	f48_cf8_env_set(c.env, "ml_home_dir", l->dir_prod, "(fml4to8)", 0);
	if (o->list_template)
		f48_cf8_env_apply(c.env, o->list_template);
	if (t->ml_domain == NULL)
		f48_findings_add(&t->findings, F48_SEV_ERROR, F48_C_DOMAIN_UNKNOWN, l->dir, 0,
		    "give the domain with --domain DOMAIN",
		    "the list's domain cannot be read from MAIL_LIST or DOMAINNAME");
	translate_settings(&c);
	translate_hooks_and_macros(&c);
	keep_mime_filter(&c);
	f48_translate_members(l, t);
	f48_cf8_env_free(c.env);
	f48_strmap_free(c.done, NULL);
	*out = t;
	return F48_OK;
}

void
f48_fml8_list_free(f48_fml8_list *t)
{
	size_t i, j;

	if (t == NULL)
		return;
	free(t->ml_name);
	free(t->ml_domain);
	for (i = 0; i < t->nlines; i++) {
		free(t->lines[i].text);
		free(t->lines[i].why);
	}
	free(t->lines);
	for (i = 0; i < F48_F8_NFILES; i++) {
		for (j = 0; j < t->files[i].n; j++)
			free(t->files[i].lines[j]);
		free(t->files[i].lines);
	}
	f48_findings_free(&t->findings);
	free(t);
}

void
f48_translate_block(const f48_fml8_list *t, f48_sb *out)
{
	size_t i;

	f48_sb_puts(out, "# <FML4TO8 BEGIN> settings carried over from fml4 by fml4to8\n");
	for (i = 0; i < t->nlines; i++) {
		f48_sb_puts(out, "# ");
		f48_sb_append_printable(out, t->lines[i].why, strlen(t->lines[i].why));
		f48_sb_putc(out, '\n');
		f48_sb_printf(out, "%s\n", t->lines[i].text);
	}
	f48_sb_puts(out, "# </FML4TO8 END>\n");
}

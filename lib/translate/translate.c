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

#define MAX_INPUTS 16
#define MAX_KEYS 16

typedef struct tctx tctx;
typedef void (*conv_fn)(tctx *c, const f48_rule *r);

/* A converter: a named function of the table below.  The rules table names
 * it (checked at load, rules.c); the gate (run_rule) reads what it declares. */
struct f48_converter {
	const char *name;
	bool target;                 /* FML8 is NAME:VAR, the fml8 key it sets */
	bool row_var;                /* reads the row's own fml4 variable */
	const char *group;           /* runs once for all its rows, or NULL */
	const char *policy_kind;     /* keys from fml4-policy.tsv rows of this kind */
	const char *inputs[MAX_INPUTS];   /* other fml4 variables it reads */
	const char *keys[MAX_KEYS];  /* fml8 keys it may set (besides a target) */
	conv_fn fn;
};

struct tctx {
	const f48_fml4_list *l;
	const f48_fml4_config *cfg;
	const f48_translate_opts *o;
	f48_fml8_list *t;
	f48_cf8_env *env;            /* fml8's effective state as lines are added */
	f48_strmap *done;            /* converter groups that ran */
	size_t content_handlers;     /* &ADD_CONTENT_HANDLER calls seen */
	/* the rule being run (run_rule) */
	const char *reads[MAX_INPUTS * 2];   /* fml4 variables read, in order */
	size_t nreads;
	const f48_setting *unknown_read;     /* an unknown one read, or NULL */
	f48_cfline *pending;         /* its lines, committed when it is done */
	size_t npending;
};

/* ---- small helpers ------------------------------------------------------ */

/* The assignment that makes a setting unknown to translate, or NULL: the
 * reader could not know it, or one of fml.pl's fix-ups replaced a value the
 * reader could not know (a fix-up applies only when the value is empty, and
 * nobody knows whether it was). */
static const f48_assign *
unknown_at(const f48_setting *s)
{
	size_t i;

	if (!s->known)
		return s->nhistory ? &s->history[s->nhistory - 1] : NULL;
	if (s->layer != F48_LAYER_FIXUP)
		return NULL;
	for (i = s->nhistory; i > 0; i--)
		if (s->history[i - 1].layer != F48_LAYER_FIXUP)
			return s->history[i - 1].known ? NULL : &s->history[i - 1];
	return NULL;
}

static bool
is_unknown(const f48_setting *s)
{
	return !s->known || unknown_at(s) != NULL;
}

/* Every read of an fml4 setting by a converter goes through here: the gate
 * learns the line's origins and any unknown input. */
static const f48_setting *
get(tctx *c, const char *name)
{
	const f48_setting *s = f48_fml4_get(c->cfg, name);
	size_t i;

	if (s == NULL)
		return NULL;
	for (i = 0; i < c->nreads; i++)
		if (strcmp(c->reads[i], s->name) == 0)
			break;
	if (i == c->nreads && c->nreads < sizeof(c->reads) / sizeof(c->reads[0]))
		c->reads[c->nreads++] = s->name;
	if (!c->unknown_read && is_unknown(s))
		c->unknown_read = s;
	return s;
}

static const char *
val(tctx *c, const char *name)
{
	const f48_setting *s = get(c, name);

	return s && s->value ? s->value : "";
}

static bool
truth(const char *v)
{
	return v && v[0] && strcmp(v, "0") != 0;
}

/* A file as the admin knows it on the fml4 host: the host path minus the
 * --root prefix the list was read under (else: the list's dir is dir_prod
 * on that host). */
static const char *
prod_file(const tctx *c, const char *file)
{
	size_t nd = strlen(c->l->dir), np = strlen(c->l->dir_prod);
	size_t nr = c->l->root ? strlen(c->l->root) : 0;

	if (file && nr > 0 && strncmp(file, c->l->root, nr) == 0 && file[nr] == '/')
		return file + nr;
	if (file && nd > np && strcmp(c->l->dir + nd - np, c->l->dir_prod) == 0 &&
	    strncmp(file, c->l->dir, nd - np) == 0 && file[nd - np] == '/')
		return file + (nd - np);
	return file ? file : "";
}

/* "NAME = value (file:line)" for comments and findings; value shown as UTF-8. */
static char *
origin_text(tctx *c, const char *name)
{
	const f48_setting *s = get(c, name);
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

/* ---- config lines ------------------------------------------------------ */

void
f48_cfline_format(const f48_cfline *l, f48_sb *out)
{
	/* "KEY OP VALUE", without printf: every planned line is formatted
	 * several times (the env, the block, the report) */
	f48_sb_puts(out, l->key);
	f48_sb_putc(out, ' ');
	f48_sb_puts(out, f48_cfop_text(l->op));
	f48_sb_putc(out, ' ');
	f48_sb_puts(out, l->value);
}

char *
f48_cfline_text(const f48_cfline *l)
{
	f48_sb sb;

	f48_sb_init(&sb);
	f48_cfline_format(l, &sb);
	return f48_sb_steal(&sb);
}

void
f48_cfline_copy(f48_cfline *dst, const f48_cfline *src)
{
	size_t i;

	*dst = *src;
	dst->key = f48_xstrdup(src->key);
	dst->value = f48_xstrdup(src->value);
	dst->why = f48_xstrdup(src->why ? src->why : "");
	dst->origins = src->norigins ? f48_xcalloc(src->norigins, sizeof(*dst->origins)) : NULL;
	for (i = 0; i < src->norigins; i++) {
		dst->origins[i] = src->origins[i];
		dst->origins[i].var = f48_xstrdup(src->origins[i].var);
		dst->origins[i].file = src->origins[i].file ? f48_xstrdup(src->origins[i].file) : NULL;
	}
}

void
f48_cfline_clear(f48_cfline *l)
{
	size_t i;

	free(l->key);
	free(l->value);
	free(l->why);
	for (i = 0; i < l->norigins; i++) {
		free(l->origins[i].var);
		free(l->origins[i].file);
	}
	free(l->origins);
	memset(l, 0, sizeof(*l));
}

bool
f48_cfline_has_word(const f48_cfline *l, const char *key, const char *word)
{
	const char *p = l->value;
	size_t n = strlen(word);

	if (strcmp(l->key, key) != 0)
		return false;
	while (*p) {
		size_t k;

		p += strspn(p, " \t");
		k = strcspn(p, " \t");
		if (k == n && strncmp(p, word, n) == 0)
			return true;
		p += k;
	}
	return false;
}

static bool
same_line(const f48_cfline *a, const f48_cfline *b)
{
	return a->op == b->op && strcmp(a->key, b->key) == 0 && strcmp(a->value, b->value) == 0;
}

/* Ask for the line "key op value": it goes to the rule's pending lines, with
 * the fml4 settings read so far as its origins.  run_rule commits it (or,
 * when an input turned out unknown, drops it). */
static void
desire(tctx *c, const char *key, f48_cfop op, const char *value, const char *why,
    bool forced)
{
	f48_cfline *l;
	size_t i;

	c->pending = f48_xrealloc(c->pending, (c->npending + 1) * sizeof(*c->pending));
	l = &c->pending[c->npending++];
	memset(l, 0, sizeof(*l));
	l->key = f48_xstrdup(key);
	l->op = op;
	l->value = f48_xstrdup(value);
	l->why = f48_xstrdup(why);
	l->forced = forced;
	l->origins = c->nreads ? f48_xcalloc(c->nreads, sizeof(*l->origins)) : NULL;
	for (i = 0; i < c->nreads; i++) {
		const f48_setting *s = f48_fml4_get(c->cfg, c->reads[i]);
		f48_cforigin *o = &l->origins[l->norigins++];

		o->var = f48_xstrdup(s->name);
		o->file = s->file ? f48_xstrdup(prod_file(c, s->file)) : NULL;
		o->line = s->line;
		o->layer = s->layer;
	}
}

static void
desire_f(tctx *c, const char *key, f48_cfop op, const char *why, bool forced,
    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void
desire_f(tctx *c, const char *key, f48_cfop op, const char *why, bool forced,
    const char *fmt, ...)
{
	va_list ap, aq;
	char *v;
	int n;

	va_start(ap, fmt);
	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	v = f48_xcalloc((size_t)(n < 0 ? 0 : n) + 1, 1);
	if (n > 0)
		vsnprintf(v, (size_t)n + 1, fmt, aq);
	va_end(aq);
	desire(c, key, op, v, why, forced);
	free(v);
}

/* A line this fml8 cannot run (templates/fml8-limits.tsv) is never
 * written: it is kept in t->blocked (report_blocked says why).  Takes the
 * line when it is blocked. */
static bool
blocked_by_fml8(tctx *c, f48_cfline *l)
{
	size_t i;

	if (f48_rules_fml8_limit(c->o->rules, l->key, l->value) == NULL)
		return false;
	for (i = 0; i < c->t->nblocked; i++)
		if (same_line(&c->t->blocked[i], l)) {
			f48_cfline_clear(l);
			return true;
		}
	c->t->blocked = f48_xrealloc(c->t->blocked, (c->t->nblocked + 1) * sizeof(*c->t->blocked));
	c->t->blocked[c->t->nblocked++] = *l;
	memset(l, 0, sizeof(*l));
	return true;
}

/* FML8_CANNOT_RUN for each blocked line: the fml4 setting, the line, what
 * this fml8 does with it and what to do instead.  A line that would only be
 * inert (severity info, e.g. the number of kept logs) is reported only when
 * a line it depends on was blocked too: alone it changes nothing. */
static void
report_blocked(tctx *c)
{
	bool any_warning = false;
	const char *table = strrchr(c->o->rules->limits_path, '/');
	size_t i;

	table = table ? table + 1 : c->o->rules->limits_path;
	for (i = 0; i < c->t->nblocked; i++) {
		const f48_cfline *l = &c->t->blocked[i];

		any_warning |= f48_rules_fml8_limit(c->o->rules, l->key, l->value)->warning;
	}
	for (i = 0; i < c->t->nblocked; i++) {
		const f48_cfline *l = &c->t->blocked[i];
		const f48_fml8_limit *lim = f48_rules_fml8_limit(c->o->rules, l->key, l->value);
		const f48_setting *s = l->norigins ? f48_fml4_get(c->cfg, l->origins[0].var) : NULL;
		char *text;

		if (!lim->warning && !any_warning)
			continue;
		text = f48_cfline_text(l);
		f48_findings_add(&c->t->findings, lim->warning ? F48_SEV_WARNING : F48_SEV_INFO,
		    F48_C_FML8_CANNOT_RUN, s ? s->file : NULL, s ? s->line : 0, lim->todo,
		    "%s asks for \"%s\", which is not written: %s (%s:%ld)", l->why, text,
		    lim->what, table, lim->line);
		free(text);
	}
}

/* Write a pending line unless fml8's state already is what it asks for
 * (forced lines are written anyway) or another rule wrote it already. */
static void
commit(tctx *c, f48_cfline *l)
{
	char *text;
	bool changed;
	size_t i;

	for (i = 0; i < c->t->nlines; i++)
		if (same_line(&c->t->lines[i], l)) {
			f48_cfline_clear(l);
			return;
		}
	/* fml4 filtered MIME parts with &ADD_CONTENT_HANDLER: fml8's filter must
	 * stay on whatever HTML_MAIL_DEFAULT_HANDLER's row would switch off. */
	if (c->content_handlers && l->op == F48_CFOP_SET &&
	    strcmp(l->key, "use_article_mime_component_filter") == 0 &&
	    strcmp(l->value, "no") == 0) {
		f48_cfline_clear(l);
		return;
	}
	if (blocked_by_fml8(c, l))
		return;
	text = f48_cfline_text(l);
	changed = f48_cf8_env_apply_line(c->env, text);
	free(text);
	if (!changed && !l->forced) {
		f48_cfline_clear(l);
		return;
	}
	c->t->lines = f48_xrealloc(c->t->lines, (c->t->nlines + 1) * sizeof(*c->t->lines));
	c->t->lines[c->t->nlines++] = *l;
	memset(l, 0, sizeof(*l));
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

/* ---- converters ----------------------------------------------------------
 * Each reads fml4 settings only through get()/val()/origin_text() and asks
 * for lines with desire(); none decides about unknown values: run_rule does. */

static void
conv_subject_tag(tctx *c, const f48_rule *r)
{
	const f48_setting *origin = NULL;
	char *tag = f48_fml4_subject_tag(c->cfg, &origin), *why;
	const char *bracket = val(c, "BRACKET");

	(void)r;
	if (tag == NULL) {
		desire(c, "article_header_rewrite_rules", F48_CFOP_SUB, "rewrite_article_subject_tag",
		    "fml4 put no tag on the subject", false);
		return;
	}
	if (origin)
		(void)get(c, origin->name);
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
	desire(c, "article_header_rewrite_rules", F48_CFOP_ADD, "rewrite_article_subject_tag",
	    why, true);
	desire(c, "article_subject_tag", F48_CFOP_SET, tag, why, true);
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
	const f48_setting *s = get(c, permit_var);
	size_t i;

	if (p == NULL) {
		f48_findings_add(&c->t->findings, F48_SEV_WARNING, F48_C_POLICY_UNKNOWN,
		    s ? s->file : NULL, s ? s->line : 0, "set the fml8 restrictions by hand",
		    "%s: fml4's %s with %s has no known fml8 equivalent; nothing was written",
		    kind, permit, handler);
	} else {
		for (i = 0; i < p->nlines; i++)
			desire(c, p->lines[i].key, p->lines[i].op, p->lines[i].value, why, false);
		if (p->finding)
			f48_findings_add(&c->t->findings, F48_SEV_WARNING, p->finding,
			    s ? s->file : NULL, s ? s->line : 0, NULL, "%s: %s", why, p->note);
	}
	free(o1);
	free(o2);
	free(why);
}

static void
conv_policy_post(tctx *c, const f48_rule *r)
{
	(void)r;
	conv_policy_kind(c, "post", "PERMIT_POST_FROM", "REJECT_POST_HANDLER");
}

static void
conv_policy_command(tctx *c, const f48_rule *r)
{
	(void)r;
	conv_policy_kind(c, "command", "PERMIT_COMMAND_FROM", "REJECT_COMMAND_HANDLER");
}

static void
conv_size(tctx *c, const f48_rule *r)
{
	const char *v = val(c, r->var);
	char *why = origin_text(c, r->var);
	long n = parse_size(v);

	if (v[0] == '\0' || n == 0) {
		/* fml8 falls back to 10 MB for a limit of 0: switch the check off. */
		char *w = f48_xasprintf("fml4 had no size limit: %s", why);

		desire(c, "use_article_size_filter", F48_CFOP_SET, "no", w, false);
		desire(c, "use_command_mail_size_filter", F48_CFOP_SET, "no", w, false);
		free(w);
	} else if (n < 0) {
		const f48_setting *s = get(c, r->var);

		f48_findings_add(&c->t->findings, F48_SEV_WARNING, F48_C_SETTING_NEEDS_HUMAN,
		    s->file, s->line, "set incoming_article_body_size_limit by hand",
		    "%s is not a size fml4to8 understands", why);
	} else {
		desire_f(c, "incoming_article_body_size_limit", F48_CFOP_SET, why, false, "%ld", n);
		desire_f(c, "incoming_command_mail_body_size_limit", F48_CFOP_SET, why, false, "%ld",
		    n);
		if (n > FML8_DEFAULT_BODY_LIMIT) {
			desire_f(c, "outgoing_article_body_size_limit", F48_CFOP_SET, why, false, "%ld",
			    n);
			desire_f(c, "outgoing_command_mail_body_size_limit", F48_CFOP_SET, why, false,
			    "%ld", n);
		}
	}
	free(why);
}

static void
conv_timezone(tctx *c, const f48_rule *r)
{
	const char *v = val(c, r->var), *p = v, *zone = NULL;
	char off[8];
	char *why = origin_text(c, r->var);

	p += strspn(p, " \t");
	if ((p[0] == '+' || p[0] == '-') && strspn(p + 1, "0123456789") == 4 &&
	    p[5 + strspn(p + 5, " \t")] == '\0') {
		memcpy(off, p, 5);
		off[5] = '\0';
		zone = off;
	} else
		zone = f48_rules_zone(c->o->rules, v);
	if (zone)
		desire(c, "system_timezone", F48_CFOP_SET, zone, why, false);
	else {
		const f48_setting *s = get(c, r->var);

		f48_findings_add(&c->t->findings, F48_SEV_WARNING, F48_C_SETTING_NEEDS_HUMAN,
		    s ? s->file : NULL, s ? s->line : 0, "set system_timezone = +hhmm by hand",
		    "%s is not a time zone fml4to8 knows (add it to templates/timezones.tsv)", why);
	}
	free(why);
}

static void
conv_smtp(tctx *c, const f48_rule *r)
{
	const char *host = val(c, "HOST"), *port = val(c, "PORT");
	char *o1, *o2, *why;

	(void)r;
	if ((host[0] == '\0' || strcmp(host, "localhost") == 0) &&
	    (port[0] == '\0' || strcmp(port, "25") == 0))
		return;      /* fml8's default reaches the same local MTA */
	o1 = origin_text(c, "HOST");
	o2 = origin_text(c, "PORT");
	why = f48_xasprintf("fml4 %s, %s", o1, o2);
	if (strchr(host, ':'))
		desire_f(c, "smtp_servers", F48_CFOP_SET, why, false, "[%s]:%s", host,
		    port[0] ? port : "25");
	else
		desire_f(c, "smtp_servers", F48_CFOP_SET, why, false, "%s:%s",
		    host[0] ? host : "localhost", port[0] ? port : "25");
	free(o1);
	free(o2);
	free(why);
}

static void
conv_address(tctx *c, const f48_rule *r)
{
	const f48_setting *s = get(c, r->var);
	char *why;

	if (s == NULL || s->value == NULL || s->value[0] == '\0')
		return;
	why = origin_text(c, r->var);
	desire(c, r->target, F48_CFOP_SET, s->value, why, false);
	free(why);
}

/* CONTROL_ADDRESS: the command address.  fml4 could take commands at the
 * posting address itself (CONTROL_ADDRESS = MAIL_LIST, with
 * MAIL_LIST_ACCEPT_COMMAND); fml8 cannot: its distribute never runs
 * commands, and command_mail_address = the posting address only makes its
 * List-Help/-Subscribe headers send commands to the list.  Then fml8's own
 * LIST-ctl address stays, and the change is reported. */
static void
conv_command_address(tctx *c, const f48_rule *r)
{
	const f48_setting *s = get(c, r->var);
	const char *ml = val(c, "MAIL_LIST");
	char *why;

	(void)val(c, "MAIL_LIST_ACCEPT_COMMAND");
	if (s == NULL || s->value == NULL || s->value[0] == '\0')
		return;
	why = origin_text(c, r->var);
	if (ml[0] && strcasecmp(s->value, ml) == 0) {
		char *o = origin_text(c, "MAIL_LIST"), *a = origin_text(c, "MAIL_LIST_ACCEPT_COMMAND");

		f48_findings_add(&c->t->findings, F48_SEV_WARNING, F48_C_POLICY_CHANGED, s->file,
		    s->line, "tell the members to send commands to the list's -ctl address "
		    "(fml8's command_mail_address) and keep its alias in the virtual map",
		    "%s equals %s (%s): fml4 took commands at the posting address; fml8 runs "
		    "commands only at its command address, so %s is not set to the posting "
		    "address (fml8's List-Help would send commands to the list) and stays fml8's "
		    "$ml_name-ctl@$ml_domain", why, o, a, r->target);
		free(o);
		free(a);
	} else
		desire(c, r->target, F48_CFOP_SET, s->value, why, false);
	free(why);
}

/* AUTO_HTML_GEN: fml4 wrote its HTML archive into the list's own HTML_DIR
 * ($DIR/htdocs by default).  fml8's default archive directory is under the
 * home of fml8's install owner, where the list owner cannot write (fml8
 * logs "mkdir ... Permission denied" per article), so the archive goes to
 * the list home, where fml4 had it. */
static void
conv_html_archive(tctx *c, const f48_rule *r)
{
	const f48_setting *dir = get(c, "HTML_DIR");
	char *why = origin_text(c, r->var), *p;

	if (!truth(val(c, r->var))) {
		desire(c, "use_html_archive", F48_CFOP_SET, "no", why, false);
		free(why);
		return;
	}
	desire(c, "use_html_archive", F48_CFOP_SET, "yes", why, false);
	p = fml8_path(c, dir && dir->value && dir->value[0] ? dir->value : "htdocs");
	desire(c, "html_archive_dir", F48_CFOP_SET, p, why, false);
	free(p);
	free(why);
}

static void
conv_file(tctx *c, const f48_rule *r, bool map)
{
	const f48_setting *s = get(c, r->var);
	const char *d;
	char *p, *why;

	if (s == NULL || s->value == NULL || s->value[0] == '\0' || s->layer == F48_LAYER_FIXUP)
		return;
	d = fml4_default(s);
	if (d && strcmp(d, s->value) == 0)
		return;       /* fml4's default file: fml8's default names the same one */
	p = fml8_path(c, s->value);
	why = origin_text(c, r->var);
	desire_f(c, r->target, F48_CFOP_SET, why, false, map ? "file:%s" : "%s", p);
	free(p);
	free(why);
}

static void
conv_list_file(tctx *c, const f48_rule *r)
{
	conv_file(c, r, true);
}

static void
conv_path(tctx *c, const f48_rule *r)
{
	conv_file(c, r, false);
}

static void
conv_log_rotate(tctx *c, const f48_rule *r)
{
	const char *v = val(c, r->var);
	long n = parse_size(v);
	char *why;

	if (v[0] == '\0' || n <= 0)
		return;
	why = origin_text(c, r->var);
	desire(c, "use_log_rotate", F48_CFOP_SET, "yes", why, false);
	desire_f(c, "log_rotate_size_limit", F48_CFOP_SET, why, false, "%ld", n);
	free(why);
}

static void
conv_recipient_limit(tctx *c, const f48_rule *r)
{
	const char *v = val(c, r->var);
	char *why;

	if (!truth(v) || strspn(v, "0123456789") != strlen(v))
		return;
	why = origin_text(c, r->var);
	desire(c, "use_recipient_total_limit", F48_CFOP_SET, "yes", why, false);
	desire(c, "recipient_total_limit", F48_CFOP_SET, v, why, false);
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

/* The words of a "a|b|c" pattern list, blank-separated, into out. */
static void
words_of(const char *src, f48_sb *out)
{
	const char *p;

	for (p = src; *p;) {
		size_t n = strcspn(p, "|");

		if (n > 0) {
			if (out->len)
				f48_sb_putc(out, ' ');
			f48_sb_append(out, p, n);
		}
		p += n;
		if (*p == '|')
			p++;
	}
}

/* `written` with the backslashes Perl drops in "..." removed: what fml4
 * evaluated it to ("\\" stays one backslash). */
static char *
perl_unescaped(const char *written)
{
	f48_sb sb;
	const char *p;

	f48_sb_init(&sb);
	for (p = written; *p; p++) {
		if (*p == '\\' && p[1])
			p++;
		f48_sb_putc(&sb, *p);
	}
	return f48_sb_steal(&sb);
}

static void
conv_words(tctx *c, const f48_rule *r)
{
	const f48_setting *s = get(c, r->var);
	const char *d, *src, *rest = NULL;
	char *written, *why;
	bool append;
	f48_sb words;

	if (s == NULL || !differs_from_default(s))
		return;
	/* `$X .= "|a|b"` as the last assignment: the statement in effect holds
	 * only the appended words.  When the value is fml4's default plus them,
	 * fml8's own default list is kept and the words are appended (+=);
	 * otherwise the whole evaluated value is written, never the appended
	 * part alone as if it were the list. */
	append = s->nhistory > 0 && strcmp(s->history[s->nhistory - 1].op, ".=") == 0;
	d = fml4_default(s);
	if (append && d && d[0] && s->value && strncmp(s->value, d, strlen(d)) == 0 &&
	    s->value[strlen(d)] == '|')
		rest = s->value + strlen(d);
	written = as_written(s);
	if (append && written) {
		char *ev = perl_unescaped(written);

		if (rest == NULL || strcmp(ev, rest) != 0) {
			free(written);      /* several appends, or not the default: evaluated */
			written = NULL;
		}
		free(ev);
	}
	src = written ? written : rest ? rest : s->value;
	why = origin_text(c, r->var);
	if (written && strcmp(written, rest ? rest : s->value) != 0)
		f48_findings_add(&c->t->findings, F48_SEV_INFO, F48_C_VALUE_ESCAPE_LOST, s->file,
		    s->line, NULL,
		    "%s is written in double quotes, so Perl dropped its backslashes and fml4 "
		    "matched \"%s\"; fml8 gets the patterns as written (\"%s\")", r->var,
		    rest ? rest : s->value, written);
	f48_sb_init(&words);
	words_of(src, &words);
	desire(c, r->target, rest ? F48_CFOP_ADD : F48_CFOP_SET, words.data ? words.data : "",
	    why, false);
	f48_sb_free(&words);
	free(why);
	free(written);
}

static void
conv_xmlname(tctx *c, const f48_rule *r)
{
	const f48_setting *s = get(c, r->var);
	const char *v = val(c, r->var), *colon = strchr(v, ':');
	char *why;

	if (s == NULL || v[0] == '\0')
		return;
	why = origin_text(c, r->var);
	if (colon && (size_t)(colon - v) == 9 && strncasecmp(v, "X-ML-Name", 9) == 0) {
		const char *name = colon + 1 + strspn(colon + 1, " \t");

		desire(c, "outgoing_mail_header_x_ml_name", F48_CFOP_SET, name, why, false);
	} else
		f48_findings_add(&c->t->findings, F48_SEV_WARNING, F48_C_SETTING_NEEDS_HUMAN,
		    s->file, s->line, "add the field with a header rewrite hook",
		    "%s: fml8 writes only the X-ML-Name field; this header is not carried", why);
	free(why);
}

static void
conv_remote_admin(tctx *c, const f48_rule *r)
{
	const char *type = val(c, "REMOTE_ADMINISTRATION_AUTH_TYPE");
	const char *restr = NULL;
	char *o1, *o2, *why;

	(void)r;
	o1 = origin_text(c, "REMOTE_ADMINISTRATION");
	o2 = origin_text(c, "REMOTE_ADMINISTRATION_AUTH_TYPE");
	why = f48_xasprintf("fml4 %s, %s", o1, o2);
	if (!truth(val(c, "REMOTE_ADMINISTRATION"))) {
		desire(c, "use_admin_command_mail_function", F48_CFOP_SET, "no", why, false);
	} else {
		desire(c, "use_admin_command_mail_function", F48_CFOP_SET, "yes", why, false);
		if (strcmp(type, "address") == 0)
			restr = "reject_system_special_accounts permit_admin_member_maps reject";
		else if (strncmp(type, "pgp", 3) == 0 || strcmp(type, "gpg") == 0)
			restr = "reject_system_special_accounts check_pgp_signature reject";
		else
			restr = "reject_system_special_accounts check_admin_member_password reject";
		desire(c, "admin_command_mail_restrictions", F48_CFOP_SET, restr, why, false);
	}
	free(o1);
	free(o2);
	free(why);
}

/* The converters the rules table may name (FML8 column of a convert row). */
static const f48_converter converters[] = {
	{ "subject_tag", false, false, "subject_tag", NULL,
	  { "SUBJECT_TAG_TYPE", "SUBJECT_FREE_FORM", "SUBJECT_HML_FORM", "BEGIN_BRACKET",
	    "BRACKET", "BRACKET_SEPARATOR", "END_BRACKET", "SUBJECT_FORM_LONG_ID",
	    "HML_FORM_LONG_ID" },
	  { "article_header_rewrite_rules", "article_subject_tag" }, conv_subject_tag },
	{ "policy_post", false, false, "policy_post", "post",
	  { "PERMIT_POST_FROM", "REJECT_POST_HANDLER" }, { NULL }, conv_policy_post },
	{ "policy_command", false, false, "policy_command", "command",
	  { "PERMIT_COMMAND_FROM", "REJECT_COMMAND_HANDLER" }, { NULL }, conv_policy_command },
	{ "size", false, true, NULL, NULL, { NULL },
	  { "incoming_article_body_size_limit", "incoming_command_mail_body_size_limit",
	    "outgoing_article_body_size_limit", "outgoing_command_mail_body_size_limit",
	    "use_article_size_filter", "use_command_mail_size_filter" }, conv_size },
	{ "timezone", false, true, NULL, NULL, { NULL }, { "system_timezone" }, conv_timezone },
	{ "smtp", false, false, "smtp", NULL, { "HOST", "PORT", "@HOSTS" }, { "smtp_servers" },
	  conv_smtp },
	{ "address", true, true, NULL, NULL, { NULL }, { NULL }, conv_address },
	{ "command_address", true, true, NULL, NULL, { "MAIL_LIST", "MAIL_LIST_ACCEPT_COMMAND" },
	  { NULL }, conv_command_address },
	{ "html_archive", false, true, NULL, NULL, { "HTML_DIR" },
	  { "use_html_archive", "html_archive_dir" }, conv_html_archive },
	{ "list_file", true, true, NULL, NULL, { NULL }, { NULL }, conv_list_file },
	{ "path", true, true, NULL, NULL, { NULL }, { NULL }, conv_path },
	{ "log_rotate", false, true, NULL, NULL, { NULL },
	  { "use_log_rotate", "log_rotate_size_limit" }, conv_log_rotate },
	{ "recipient_limit", false, true, NULL, NULL, { NULL },
	  { "use_recipient_total_limit", "recipient_total_limit" }, conv_recipient_limit },
	{ "words", true, true, NULL, NULL, { NULL }, { NULL }, conv_words },
	{ "xmlname", false, true, NULL, NULL, { NULL }, { "outgoing_mail_header_x_ml_name" },
	  conv_xmlname },
	{ "remote_admin", false, false, "remote_admin", NULL,
	  { "REMOTE_ADMINISTRATION", "REMOTE_ADMINISTRATION_AUTH_TYPE",
	    "REMOTE_ADMINISTRATION_REQUIRE_PASSWORD" },
	  { "use_admin_command_mail_function", "admin_command_mail_restrictions" },
	  conv_remote_admin },
};

const f48_converter *
f48_converter_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(converters) / sizeof(converters[0]); i++)
		if (strcmp(converters[i].name, name) == 0)
			return &converters[i];
	return NULL;
}

bool
f48_converter_needs_target(const f48_converter *cv)
{
	return cv->target;
}

size_t
f48_converter_count(void)
{
	return sizeof(converters) / sizeof(converters[0]);
}

const char *
f48_converter_name_at(size_t i)
{
	return i < f48_converter_count() ? converters[i].name : NULL;
}

/* ---- the gate for unknown values ------------------------------------------- */

static void
add_key(const char **keys, size_t *n, const char *key)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp(keys[i], key) == 0)
			return;
	if (*n < MAX_KEYS * 2)
		keys[(*n)++] = key;
}

/* The fml8 keys a rule may set: its converter's, its target, the policy
 * table's rows of its kind, or its map cases' lines. */
static size_t
rule_keys(const tctx *c, const f48_rule *r, const f48_converter *cv, const char **keys)
{
	size_t n = 0, i, j;

	if (cv) {
		for (i = 0; i < MAX_KEYS && cv->keys[i]; i++)
			add_key(keys, &n, cv->keys[i]);
		if (cv->target && r && r->target)
			add_key(keys, &n, r->target);
		for (i = 0; cv->policy_kind && i < c->o->rules->npolicy; i++) {
			const f48_policy_rule *p = &c->o->rules->policy[i];

			if (strcmp(p->kind, cv->policy_kind) == 0)
				for (j = 0; j < p->nlines; j++)
					add_key(keys, &n, p->lines[j].key);
		}
	} else if (r && r->decision == F48_DEC_MAP) {
		for (i = 0; i < r->ncases; i++)
			for (j = 0; j < r->cases[i].nlines; j++)
				add_key(keys, &n, r->cases[i].lines[j].key);
	} else if (r && r->decision == F48_DEC_HUMAN && strcmp(r->fml8, "-") != 0)
		add_key(keys, &n, r->fml8);
	return n;
}

/* A setting a rule reads cannot be known: nothing is written for the rule;
 * a person decides (SETTING_NEEDS_HUMAN, with the raw text and file:line). */
static void
needs_human(tctx *c, const f48_rule *r, const f48_converter *cv, const f48_setting *s)
{
	const char *keys[MAX_KEYS * 2];
	size_t nk = rule_keys(c, r, cv, keys), i;
	const f48_assign *at = unknown_at(s);
	const char *file = at && at->file ? at->file : s->file;
	long line = at ? at->line : s->line;
	bool fixed_up = s->known;    /* a fix-up replaced the unknown value */
	f48_cfunknown *u;
	f48_sb ks;
	char *fix;

	f48_sb_init(&ks);
	for (i = 0; i < nk; i++)
		f48_sb_printf(&ks, "%s%s", i ? ", " : "", keys[i]);
	if (nk == 0)
		f48_sb_puts(&ks, r && r->decision == F48_DEC_UNSUPPORTED ?
		    "(nothing: fml8 has no equivalent)" : "(nothing)");
	fix = f48_xasprintf("find out what fml4 computed for %s and set %s by hand", s->name,
	    ks.data);
	if (fixed_up)
		f48_findings_add(&c->t->findings, F48_SEV_WARNING, F48_C_SETTING_NEEDS_HUMAN, file,
		    line, fix, "%s cannot be known without running fml4, so neither can whether "
		    "fml.pl's fix-up %s applies; fml4to8 wrote no line for %s", s->name,
		    s->file ? s->file : "", ks.data);
	else
		f48_findings_add(&c->t->findings, F48_SEV_WARNING, F48_C_SETTING_NEEDS_HUMAN, file,
		    line, fix, "%s cannot be known without running fml4 (%s%s%s); fml4to8 wrote no "
		    "line for %s", s->name, s->raw ? "\"" : "", s->raw ? s->raw :
		    (s->reason ? s->reason : "no value"), s->raw ? "\"" : "", ks.data);
	free(fix);
	f48_sb_free(&ks);
	c->t->unknown = f48_xrealloc(c->t->unknown, (c->t->nunknown + 1) * sizeof(*c->t->unknown));
	u = &c->t->unknown[c->t->nunknown++];
	u->var = f48_xstrdup(s->name);
	u->raw = s->raw && !fixed_up ? f48_xstrdup(s->raw) : NULL;
	u->file = file ? f48_xstrdup(file) : NULL;
	u->line = line;
	u->nkeys = nk;
	u->keys = nk ? f48_xcalloc(nk, sizeof(*u->keys)) : NULL;
	for (i = 0; i < nk; i++)
		u->keys[i] = f48_xstrdup(keys[i]);
}

static void map_rule(tctx *c, const f48_rule *r);
static void report_lost(tctx *c, const f48_rule *r);

/* The one gate every rule goes through: when any fml4 input of the rule
 * (the row's variable, the converter's declared inputs, or anything it read)
 * is unknown, none of its lines is written and a person is asked instead.
 * `r` is NULL for a converter group run without a row (the subject tag and
 * the policies are always decided). */
static void
run_rule(tctx *c, const f48_rule *r, const f48_converter *cv)
{
	const f48_setting *unknown = NULL;
	size_t i;

	if (cv && cv->group && !once(c, cv->group))
		return;
	c->nreads = 0;
	c->unknown_read = NULL;
	c->npending = 0;
	if (r && (cv == NULL || cv->row_var))
		(void)get(c, r->var);
	for (i = 0; cv && i < MAX_INPUTS && cv->inputs[i]; i++)
		(void)get(c, cv->inputs[i]);
	unknown = c->unknown_read;
	if (unknown == NULL) {
		/* The declared inputs are read first, so they are the origins of
		 * every line; what the converter reads adds to them. */
		if (cv)
			cv->fn(c, r);
		else if (r->decision == F48_DEC_MAP)
			map_rule(c, r);
		else
			report_lost(c, r);
		unknown = c->unknown_read;
	}
	if (unknown)
		needs_human(c, r, cv, unknown);
	for (i = 0; i < c->npending; i++) {
		if (unknown)
			f48_cfline_clear(&c->pending[i]);
		else
			commit(c, &c->pending[i]);
	}
	c->npending = 0;
	c->nreads = 0;
}

/* ---- per setting ----------------------------------------------------------- */

static void
map_rule(tctx *c, const f48_rule *r)
{
	const f48_setting *s = get(c, r->var);
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
		const f48_rule_line *rl = &mc->lines[i];
		const char *pct = strstr(rl->value, "%s");

		if (pct)
			desire_f(c, rl->key, rl->op, why, false, "%.*s%s%s", (int)(pct - rl->value),
			    rl->value, s->value, pct + 2);
		else
			desire(c, rl->key, rl->op, rl->value, why, false);
	}
	free(why);
}

static void
report_lost(tctx *c, const f48_rule *r)
{
	const f48_setting *s = get(c, r->var);
	const char *d = fml4_default(s);
	char *o;

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
				c->nreads = 0;
			}
			continue;
		}
		if (r->decision != F48_DEC_IGNORE)
			run_rule(c, r, r->decision == F48_DEC_CONVERT ? r->conv : NULL);
	}
	/* The subject tag and the policies are decided even if no row of theirs
	 * was in the list's settings. */
	run_rule(c, NULL, f48_converter_find("subject_tag"));
	run_rule(c, NULL, f48_converter_find("policy_post"));
	run_rule(c, NULL, f48_converter_find("policy_command"));
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
	free(fix);
	free(whole);
	free(part);
}

static void
translate_hooks_and_macros(tctx *c)
{
	const f48_fml4_config *cfg = c->cfg;
	const f48_setting *mail_list = f48_fml4_get(cfg, "MAIL_LIST");
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
		    m->args_known && mail_list && mail_list->known &&
		    strcmp(m->args[1], mail_list->value) == 0) {
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
 * DOMAINNAME (known values only).  Never the host's own name. */
static char *
decide_domain(const f48_fml4_list *l, const char *opt)
{
	const f48_setting *ml = f48_fml4_get(l->config, "MAIL_LIST");
	const f48_setting *dn = f48_fml4_get(l->config, "DOMAINNAME");
	const char *at;

	if (opt && opt[0])
		return f48_xstrdup(opt);
	if (ml && ml->known && ml->value && (at = strrchr(ml->value, '@')) != NULL && at[1])
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
	size_t i;
	int rc;

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
	c.env = o->fml8_env ? f48_cf8_env_copy(o->fml8_env) :
	    f48_cf8_env_defaults(o->fml8_defaults, o->site_defaults);
	f48_cf8_env_set(c.env, "ml_name", t->ml_name, "(fml4to8)", 0);
	f48_cf8_env_set(c.env, "ml_domain", t->ml_domain ? t->ml_domain : "", "(fml4to8)", 0);
	f48_cf8_env_set(c.env, "ml_home_dir", l->dir_prod, "(fml4to8)", 0);
	if (o->list_template)
		f48_cf8_env_apply(c.env, o->list_template);
	if (t->ml_domain == NULL)
		f48_findings_add(&t->findings, F48_SEV_ERROR, F48_C_DOMAIN_UNKNOWN, l->dir, 0,
		    "give the domain with --domain DOMAIN",
		    "the list's domain cannot be read from MAIL_LIST or DOMAINNAME");
	for (i = 0; i < l->config->ncalls; i++)
		if (l->config->calls[i].known_macro && l->config->calls[i].nargs == 3 &&
		    strcmp(l->config->calls[i].name, "ADD_CONTENT_HANDLER") == 0)
			c.content_handlers++;
	translate_settings(&c);
	translate_hooks_and_macros(&c);
	report_blocked(&c);
	free(c.pending);
	rc = f48_translate_members(l, o->members, t, err);
	f48_cf8_env_free(c.env);
	f48_strmap_free(c.done, NULL);
	if (rc < 0) {
		f48_fml8_list_free(t);
		return rc;
	}
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
	for (i = 0; i < t->nlines; i++)
		f48_cfline_clear(&t->lines[i]);
	free(t->lines);
	for (i = 0; i < t->nblocked; i++)
		f48_cfline_clear(&t->blocked[i]);
	free(t->blocked);
	for (i = 0; i < t->nunknown; i++) {
		free(t->unknown[i].var);
		free(t->unknown[i].raw);
		free(t->unknown[i].file);
		for (j = 0; j < t->unknown[i].nkeys; j++)
			free(t->unknown[i].keys[j]);
		free(t->unknown[i].keys);
	}
	free(t->unknown);
	for (i = 0; i < F48_F8_NFILES; i++) {
		for (j = 0; t->files[i].lines && j < t->files[i].n; j++)
			free(t->files[i].lines[j]);
		free(t->files[i].lines);
		free(t->files[i].spool);
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
		f48_cfline_format(&t->lines[i], out);
		f48_sb_putc(out, '\n');
	}
	f48_sb_puts(out, "# </FML4TO8 END>\n");
}

/* fml4_config.c - see fml4_config.h. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/findings.h"
#include "util/pathutil.h"
#include "util/strbuf.h"
#include "util/strmap.h"
#include "util/textenc.h"
#include "util/xalloc.h"

#include "codes.h"
#include "fml4/fml4_config.h"
#include "fml4/perlph.h"

/* A config.ph larger than this is not a config.ph. */
#define PERL_FILE_MAX (16 * 1024 * 1024)

const char *
f48_layer_name(f48_layer l)
{
	static const char *names[] = { "builtin", "default_config", "site_init",
	    "config", "site_force", "include", "fixup" };

	return l <= F48_LAYER_FIXUP ? names[l] : "unknown";
}

/* Where an assignment comes from while a program is being applied. */
typedef struct origin {
	f48_layer layer;
	const char *file;
	f48_encoding enc;
	long line_override;   /* > 0: use this line (mode settings applied by a call) */
	const char *file_override;
	bool no_line;         /* a value of our own tables: named, no file line */
	bool table;           /* a program of our own tables: terms, no loops */
} origin;

/* What a setting holds outside the config's arena (see setting_get_or_new):
 * the fields a program may replace many times over. */
static void
setting_free(void *p)
{
	f48_setting *s = p;
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nitems; i++)
		free(s->items[i]);
	free(s->items);
	free(s->reason);
	if (!s->raw_in_arena)
		free(s->raw);
}

/* One copy of each file name for all the origins that name it. */
static const char *
intern_file(f48_fml4_config *cfg, const char *file)
{
	size_t i;

	if (file == NULL)
		file = "";
	for (i = cfg->nfiles; i-- > 0;)
		if (strcmp(cfg->files[i], file) == 0)
			return cfg->files[i];
	cfg->files = f48_xrealloc(cfg->files, (cfg->nfiles + 1) * sizeof(*cfg->files));
	cfg->files[cfg->nfiles] = f48_xstrdup(file);
	return cfg->files[cfg->nfiles++];
}

/* Count `add` more bytes against the memory budget.  False (and the
 * EVAL_BUDGET finding, once) when that would exceed it. */
static bool
budget_mem(f48_fml4_config *cfg, const origin *o, size_t add, const char *file, long line)
{
	f48_perl_budget *b = &cfg->budget;

	/* the budget bounds what the host's files make; fml4to8's own default
	 * tables are not counted (the same for every list, evaluated once per
	 * run, see defaults_snapshot) */
	if (o != NULL && o->table)
		return true;

	if (!b->exhausted && add <= b->mem_max && b->mem <= b->mem_max - add) {
		b->mem += add;
		return true;
	}
	b->exhausted = true;
	if (!b->reported) {
		b->reported = true;
		f48_findings_add(&cfg->findings, F48_SEV_ERROR, F48_C_EVAL_BUDGET, file, line,
		    "look at this file: no real config.ph needs this much",
		    "evaluating the configuration would hold more than %zu MiB of values; "
		    "nothing from here on is evaluated, and what later statements assign "
		    "is unknown", b->mem_max >> 20);
	}
	return false;
}

static bool
is_hook_name(const char *name)
{
	size_t n = strlen(name);

	if (n >= 4 && strcmp(name + n - 4, "HOOK") == 0)
		return true;
	if (strcmp(name, "FML_EXIT_PROG") == 0)
		return true;
	return strncmp(name, "FmlStartHook{", 13) == 0 || strncmp(name, "FmlEndHook{", 11) == 0 ||
	    strncmp(name, "FmlExitHook{", 12) == 0;
}

static f48_setting *
setting_get_or_new(f48_fml4_config *cfg, const char *key, char kind)
{
	f48_setting *s = f48_strmap_get(cfg->settings, key);

	if (s == NULL) {
		/* The setting, its name, value and history live in the config's
		 * arena: they last as long as the config, and the value and the
		 * history grow by doubling within the evaluator's budget.  (The
		 * defaults alone make some 370 settings per list.) */
		s = f48_arena_zalloc(cfg->arena, sizeof(*s));
		s->name = f48_arena_strndup(cfg->arena, key, strlen(key));
		s->kind = kind;
		s->known = true;
		s->is_hook = is_hook_name(key);
		f48_strmap_put_borrowed(cfg->settings, s->name, s);   /* both in the arena's life */
	}
	return s;
}

static void
setting_clear_items(f48_setting *s)
{
	size_t i;

	for (i = 0; i < s->nitems; i++)
		free(s->items[i]);
	free(s->items);
	s->items = NULL;
	s->nitems = 0;
}

/* Add an origin to the value's history.  Called before the value changes:
 * when the previous origin belongs to another layer, it keeps a copy of the
 * value it handed on (the value in effect at the end of its layer). */
static void
history_push(f48_fml4_config *cfg, f48_setting *s, const origin *o, const char *file,
    long line, const char *op, bool known)
{
	f48_assign *a;
	size_t n;

	if (s->nhistory > 0) {
		a = &s->history[s->nhistory - 1];
		if (a->layer != o->layer && a->value == NULL &&
		    budget_mem(cfg, o, s->len + 1, file, line)) {
			a->value = f48_arena_strndup(cfg->arena, s->value ? s->value : "", s->len);
			a->len = s->len;
		}
	}
	if (s->nhistory == s->hcap) {
		size_t old = s->hcap;

		s->hcap = s->hcap ? 2 * s->hcap : 4;
		s->history = f48_arena_grow(cfg->arena, s->history, old * sizeof(*s->history),
		    s->hcap * sizeof(*s->history));
		budget_mem(cfg, o, (s->hcap / 2 ? s->hcap / 2 : 4) * sizeof(*s->history), file, line);
	}
	a = &s->history[s->nhistory++];
	memset(a, 0, sizeof(*a));
	a->layer = o->layer;
	a->file = intern_file(cfg, file);
	a->line = line;
	op = op ? op : "=";     /* as snprintf would, without its cost (per store) */
	n = strnlen(op, sizeof(a->op) - 1);
	memcpy(a->op, op, n);
	a->op[n] = '\0';
	a->known = known;
}

/* Make room for `need` bytes (+ NUL) in s->value, doubling. */
static bool
value_reserve(f48_fml4_config *cfg, const origin *o, f48_setting *s, size_t need,
    const char *file, long line)
{
	size_t cap = s->cap ? s->cap : 16;

	if (need + 1 <= s->cap)
		return true;
	/* a table's value is set once per layer: its exact size, which is
	 * what a copy of the defaults' snapshot can give it too (the budget
	 * then counts the same growth from here on, see snapshot_copy) */
	if (o != NULL && o->table)
		cap = need + 1;
	while (cap < need + 1)
		cap *= 2;
	if (!budget_mem(cfg, o, cap - s->cap, file, line))
		return false;
	s->value = f48_arena_grow(cfg->arena, s->value, s->cap, cap);
	s->cap = cap;
	return true;
}

/* The one place a setting changes.  `append`: value is added to the end
 * of the current one (.=, amortised: no copy of the whole value per line).
 * value may point into s->value itself ($X .= $X).  Beyond the budgets the
 * value becomes unknown, with a finding at file:line. */
static void
setting_set(f48_fml4_config *cfg, f48_setting *s, const origin *o, long line,
    const char *op, const char *value, size_t len, bool append, bool known,
    const char *reason)
{
	const char *file = o->file_override ? o->file_override : o->file;
	size_t base = append ? s->len : 0, off = 0;
	bool alias = value != NULL && s->value != NULL && value >= s->value &&
	    value < s->value + s->cap;
	char *nr = NULL;

	if (o->line_override > 0)
		line = o->line_override;
	if (o->no_line)
		line = 0;
	if (value == NULL)
		len = 0;
	if (alias)
		off = (size_t)(value - s->value);
	history_push(cfg, s, o, file, line, op, known);
	if (len > cfg->budget.value_max || base > cfg->budget.value_max - len) {
		f48_findings_add(&cfg->findings, F48_SEV_ERROR, F48_C_VALUE_TOO_LONG, file, line,
		    NULL, "the value of %s would be longer than %zu KiB; it is unknown from "
		    "here on", s->name, cfg->budget.value_max >> 10);
		known = false;
		reason = "the value would be longer than the evaluator's limit";
		base = len = 0;
		alias = false;
	}
	if (!value_reserve(cfg, o, s, base + len, file, line)) {
		known = false;
		reason = "the evaluator's memory budget is exhausted";
		base = len = 0;
		alias = false;
		if (s->value == NULL) {
			s->value = f48_arena_alloc(cfg->arena, 1);
			s->cap = 1;
		}
	}
	if (len > 0)
		memmove(s->value + base, alias ? s->value + off : value, len);
	s->value[base + len] = '\0';
	s->len = base + len;
	s->known = known;
	s->undefined = false;
	/* copy before freeing: reason may be s->reason itself */
	if (!known && reason != NULL)
		nr = f48_xstrdup(reason);
	free(s->reason);
	s->reason = nr;
	s->layer = o->layer;
	if (!s->raw_in_arena)
		free(s->raw);
	s->raw = NULL;
	s->raw_in_arena = false;
	s->file = s->history[s->nhistory - 1].file;     /* interned by history_push */
	s->line = line;
	s->enc = o->enc;
	s->seq = ++cfg->seq;
}

static void
setting_record(f48_fml4_config *cfg, f48_setting *s, const origin *o, long line,
    const char *value, size_t len, bool known, const char *reason)
{
	setting_set(cfg, s, o, line, "=", value, len, false, known, reason);
}

/* At the end of loading: the last origin keeps the final value too. */
static void
history_finish(f48_fml4_config *cfg)
{
	size_t i;

	for (i = 0; i < f48_strmap_size(cfg->settings); i++) {
		f48_setting *s = f48_strmap_value_at(cfg->settings, i);
		f48_assign *a;

		if (s->nhistory == 0)
			continue;
		a = &s->history[s->nhistory - 1];
		if (a->value == NULL) {
			a->value = f48_arena_strndup(cfg->arena, s->value ? s->value : "", s->len);
			a->len = s->len;
		}
	}
}

/* What a program runs against: the config, where its statements come
 * from, and the tables (perlph's env ctx). */
typedef struct runctx {
	f48_fml4_config *cfg;
	const origin *o;
	const f48_fml4_tables *t;
	char why[160];       /* a reason handed to perlph (it copies it) */
} runctx;

static int
var_of(const f48_setting *s, f48_perl_var *out)
{
	if (s == NULL)
		return F48_PV_UNSET;
	if (!s->known) {
		out->reason = s->reason;
		return F48_PV_UNKNOWN;
	}
	out->str = s->undefined ? NULL : s->value ? s->value : "";
	out->len = s->len;
	out->items = (const char *const *)s->items;
	out->nitems = s->nitems;
	return F48_PV_KNOWN;
}

/* perlph get: scalars by name, arrays "@NAME"; a hash element is the
 * newer of the element "NAME{KEY}" and the whole hash "%NAME". */
static int
cfg_get(void *ctx, char sigil, const char *name, const char *key, size_t keylen,
    f48_perl_var *out)
{
	runctx *rc = ctx;
	f48_fml4_config *cfg = rc->cfg;
	const f48_setting *e, *h;
	char *k;
	size_t i;

	if (sigil == '$')
		return var_of(f48_strmap_get(cfg->settings, name), out);
	if (sigil == '@' || sigil == '%') {
		k = f48_xasprintf("%c%s", sigil, name);
		e = f48_strmap_get(cfg->settings, k);
		free(k);
		return var_of(e, out);
	}
	k = f48_xasprintf("%s{%.*s}", name, (int)keylen, key);
	e = f48_strmap_get(cfg->settings, k);
	free(k);
	k = f48_xasprintf("%%%s", name);
	h = f48_strmap_get(cfg->settings, k);
	free(k);
	if (h != NULL && (e == NULL || h->seq > e->seq)) {
		if (!h->known) {
			out->reason = h->reason;
			return F48_PV_UNKNOWN;
		}
		for (i = h->nitems & ~(size_t)1; i >= 2; i -= 2)
			if (strlen(h->items[i - 2]) == keylen && memcmp(h->items[i - 2], key, keylen) == 0) {
				out->str = h->items[i - 1];
				out->len = strlen(out->str);
				return F48_PV_KNOWN;
			}
		return F48_PV_UNSET;     /* no such key: undef */
	}
	if (e != NULL)
		return var_of(e, out);
	snprintf(rc->why, sizeof(rc->why), "no file sets the hash %%%s (fml4 may set it "
	    "at run time)", name);
	out->reason = rc->why;
	return F48_PV_UNKNOWN;
}

static void
report_unknown(f48_fml4_config *cfg, const origin *o, long line, const char *what,
    const char *reason)
{
	f48_findings_add(&cfg->findings, F48_SEV_WARNING, F48_C_VALUE_UNKNOWN,
	    o->file_override ? o->file_override : o->file, line, NULL,
	    "the value of %s cannot be known without running Perl (%s); it is kept as "
	    "written and must be checked by hand", what, reason ? reason : "unknown");
}

static void add_hook(f48_fml4_config *cfg, const char *name, const f48_setting *s,
    bool heredoc);
static void apply_program(f48_fml4_config *cfg, const f48_pprogram *prog,
    const origin *o, const f48_fml4_tables *t);

/* perlph store: one assignment, recorded with its origin. */
static void
cfg_store(void *ctx, const f48_perl_store *st)
{
	runctx *rc = ctx;
	f48_fml4_config *cfg = rc->cfg;
	const origin *o = rc->o;
	const char *key_text;
	char *key, kind = st->sigil == '@' ? '@' : st->sigil == '%' ? '%' : '$';
	f48_setting *s;
	size_t i;

	if (st->sigil == '{')
		key = f48_xasprintf("%s{%.*s}", st->name, (int)st->keylen, st->key);
	else if (kind != '$')
		key = f48_xasprintf("%c%s", kind, st->name);
	else
		key = NULL;     /* the scalar's own name (most stores: no copy) */
	key_text = key ? key : st->name;
	s = setting_get_or_new(cfg, key_text, kind);
	if (kind == '$') {
		setting_set(cfg, s, o, st->line, st->op, st->str, st->len, st->append, st->known,
		    st->reason);
		s->undefined = st->undef && !st->append && st->known;
	} else {
		f48_sb sb;
		bool was_known = s->known;
		size_t add = 0;

		if (!st->append)
			setting_clear_items(s);
		for (i = 0; i < st->nitems; i++)
			add += (st->lens ? st->lens[i] : strlen(st->items[i])) + 1 + sizeof(char *);
		if (!budget_mem(cfg, o, add, o->file_override ? o->file_override : o->file, st->line)) {
			setting_clear_items(s);
			setting_set(cfg, s, o, st->line, st->op, "", 0, false, false,
			    "the evaluator's memory budget is exhausted");
		} else {
			s->items = f48_xrealloc(s->items, (s->nitems + st->nitems + 1) * sizeof(*s->items));
			for (i = 0; i < st->nitems; i++)
				s->items[s->nitems++] = f48_xstrndup(st->items[i],
				    st->lens ? st->lens[i] : strlen(st->items[i]));
			f48_sb_init(&sb);
			for (i = 0; i < s->nitems; i++) {
				if (i)
					f48_sb_putc(&sb, ' ');
				f48_sb_puts(&sb, s->items[i]);
			}
			setting_set(cfg, s, o, st->line, st->op, sb.data ? sb.data : "", sb.len, false,
			    st->known && (!st->append || was_known),
			    st->known ? (was_known ? NULL : s->reason) : st->reason);
			f48_sb_free(&sb);
		}
	}
	if (!s->raw_in_arena)
		free(s->raw);
	/* a table's program runs each statement once (terms, no loops): its raw
	 * text can live in the arena; a file's may run in a loop, so it is
	 * freed when replaced */
	s->raw_in_arena = o->table && st->st && st->st->raw;
	if (s->raw_in_arena)
		s->raw = f48_arena_strndup(cfg->arena, st->st->raw, st->st->raw_len);
	else
		s->raw = st->st && st->st->raw ? f48_xstrndup(st->st->raw, st->st->raw_len) : NULL;
	if (!s->known && !s->is_hook)
		report_unknown(cfg, o, st->line, key_text, s->reason);
	if (s->is_hook && st->known)
		add_hook(cfg, key_text, s, st->st && st->st->value && st->st->value->heredoc);
	free(key);
}

static void
add_hook(f48_fml4_config *cfg, const char *name, const f48_setting *s, bool heredoc)
{
	f48_hook *h;
	size_t i;

	/* One entry per hook: a later assignment (or .=) replaces the code, and
	 * an empty one (as default_config.ph has) means no hook. */
	for (i = 0; i < cfg->nhooks; i++)
		if (strcmp(cfg->hooks[i].name, name) == 0)
			break;
	if (s->len == 0 || strspn(s->value, " \t\r\n") == s->len) {
		if (i < cfg->nhooks) {
			free(cfg->hooks[i].name);
			free(cfg->hooks[i].code);
			free(cfg->hooks[i].file);
			memmove(&cfg->hooks[i], &cfg->hooks[i + 1],
			    (cfg->nhooks - i - 1) * sizeof(*cfg->hooks));
			cfg->nhooks--;
		}
		return;
	}
	if (i == cfg->nhooks) {
		cfg->hooks = f48_xrealloc(cfg->hooks, (cfg->nhooks + 1) * sizeof(*cfg->hooks));
		memset(&cfg->hooks[cfg->nhooks], 0, sizeof(*cfg->hooks));
		cfg->hooks[cfg->nhooks].name = f48_xstrdup(name);
		cfg->nhooks++;
	}
	h = &cfg->hooks[i];
	free(h->code);
	free(h->file);
	h->code = f48_xstrndup(s->value, s->len);
	h->len = s->len;
	h->heredoc = heredoc;
	h->layer = s->layer;
	h->file = f48_xstrdup(s->file);
	h->line = s->line;
	h->enc = s->enc;
}

static void
apply_mode(f48_fml4_config *cfg, const char *mode, const origin *o, long line,
    const f48_fml4_tables *t)
{
	const f48_mode_info *mi = f48_fml4_mode(t, mode);
	const char *file = o->file_override ? o->file_override : o->file;
	size_t i;

	for (i = 0; i < cfg->nmodes; i++)
		if (strcmp(cfg->modes[i].mode, mode) == 0)
			break;
	if (i == cfg->nmodes) {
		cfg->modes = f48_xrealloc(cfg->modes, (cfg->nmodes + 1) * sizeof(*cfg->modes));
		cfg->modes[cfg->nmodes].mode = f48_xstrdup(mode);
		cfg->modes[cfg->nmodes].layer = o->layer;
		cfg->modes[cfg->nmodes].file = f48_xstrdup(file);
		cfg->modes[cfg->nmodes].line = line;
		cfg->nmodes++;
	}
	if (mi == NULL) {
		f48_findings_add(&cfg->findings, F48_SEV_WARNING, F48_C_MACRO_UNKNOWN,
		    file, line, NULL,
		    "mode \"%s\": fml4 knows no such mode; it only sets a flag", mode);
		return;
	}
	if (mi->settings) {
		origin mo = *o;

		mo.line_override = line;
		mo.file_override = file;
		apply_program(cfg, mi->settings, &mo, t);
	}
	/* hml and emudistribute also name the bracket after the list's local
	 * part, which the modes table cannot express as a Perl term. */
	if (strcmp(mode, "hml") == 0 || strcmp(mode, "emudistribute") == 0) {
		const char *ml = f48_fml4_value(cfg, "MAIL_LIST");

		if (ml && strchr(ml, '@')) {
			origin mo = *o;
			f48_setting *s = setting_get_or_new(cfg, "BRACKET", '$');

			mo.file_override = file;
			setting_record(cfg, s, &mo, line, ml, (size_t)(strchr(ml, '@') - ml), true, NULL);
		}
	}
}

/* fml4's SubjectTagDef: a tag type becomes the free-form tag variables.
 * Quotes inside the type are ignored; an unknown type changes nothing. */
static void
subject_tag_def(f48_fml4_config *cfg, const char *type_in, const origin *o, long line)
{
	static const struct { const char *type; char begin, end; const char *sep; bool id; } tags[] = {
		{ "[:]", '[', ']', ":", false }, { "(:)", '(', ')', ":", false },
		{ "[,]", '[', ']', ",", false }, { "(,)", '(', ')', ",", false },
		{ "[ ]", '[', ']', " ", false }, { "( )", '(', ')', " ", false },
		{ "[]", '[', ']', "", false }, { "()", '(', ')', "", false },
		{ "[ID]", '[', ']', "", true }, { "(ID)", '(', ')', "", true },
	};
	char type[64], b[2] = { 0, 0 }, e[2] = { 0, 0 };
	size_t i, k = 0;
	f48_setting *s;

	for (i = 0; type_in[i] && k + 1 < sizeof(type); i++)
		if (type_in[i] != '"' && type_in[i] != '\'')
			type[k++] = type_in[i];
	type[k] = '\0';
	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (strcmp(tags[i].type, type) == 0)
			break;
	if (i == sizeof(tags) / sizeof(tags[0])) {
		if (type[0])
			f48_findings_add(&cfg->findings, F48_SEV_WARNING, F48_C_VALUE_UNKNOWN,
			    o->file, line, NULL, "subject tag type \"%s\" is not one fml4 knows: "
			    "fml4 adds no tag", type);
		return;
	}
	b[0] = tags[i].begin;
	e[0] = tags[i].end;
#define SET(name, v) do { s = setting_get_or_new(cfg, name, '$'); \
	setting_record(cfg, s, o, line, v, strlen(v), true, NULL); } while (0)
	SET("SUBJECT_FREE_FORM", "1");
	SET("BEGIN_BRACKET", b);
	SET("END_BRACKET", e);
	SET("BRACKET_SEPARATOR", tags[i].sep);
	if (tags[i].id)
		SET("BRACKET", "");
	else if (!f48_fml4_true(cfg, "BRACKET"))
		SET("BRACKET", "Elena");
#undef SET
}

/* Settings a macro would have changed, when its call cannot be decided. */
static void
call_unknown(f48_fml4_config *cfg, const f48_macro_info *mi, const origin *o, long line,
    const char *reason)
{
	static const char *const tag_vars[] = { "SUBJECT_FREE_FORM", "BEGIN_BRACKET",
	    "END_BRACKET", "BRACKET_SEPARATOR", "BRACKET", NULL };
	size_t i;

	if (mi == NULL)
		return;
	if (mi->effect == F48_MACRO_TAG) {
		for (i = 0; tag_vars[i]; i++)
			setting_set(cfg, setting_get_or_new(cfg, tag_vars[i], '$'), o, line, "if",
			    "", 0, false, false, reason);
	}
	/* DEFINE_MODE with an unknown mode: every mode's settings could change;
	 * the call is recorded with args_known = false for translate to see. */
}

/* perlph call: a macro call takes the effect fml4 gives it at load time. */
static void
cfg_call(void *ctx, const f48_pstmt *st, const f48_perl_value *args, size_t n,
    bool uncertain, const char *reason)
{
	runctx *rc = ctx;
	f48_fml4_config *cfg = rc->cfg;
	const origin *o = rc->o;
	const f48_fml4_tables *t = rc->t;
	const f48_macro_info *mi = f48_fml4_macro(t, st->name);
	f48_macro_call *c;
	long line = o->line_override > 0 ? o->line_override : st->line;
	size_t i;

	cfg->calls = f48_xrealloc(cfg->calls, (cfg->ncalls + 1) * sizeof(*cfg->calls));
	c = &cfg->calls[cfg->ncalls++];
	memset(c, 0, sizeof(*c));
	c->name = f48_xstrdup(st->name);
	c->known_macro = mi != NULL;
	c->effect = mi ? mi->effect : F48_MACRO_RECORD;
	c->args = f48_xcalloc(n + 1, sizeof(*c->args));
	c->args_known = !uncertain;
	for (i = 0; i < n; i++) {
		c->args[i] = f48_xstrndup(args[i].str, args[i].len);
		if (!args[i].known)
			c->args_known = false;
	}
	c->nargs = n;
	c->layer = o->layer;
	c->file = f48_xstrdup(o->file);
	c->line = line;
	c->raw = f48_xstrndup(st->raw, st->raw_len);
	c->enc = o->enc;
	if (mi == NULL) {
		f48_findings_add(&cfg->findings, F48_SEV_WARNING, F48_C_MACRO_UNKNOWN,
		    o->file, line, NULL,
		    "call to %s(), which is not an fml4 configuration macro; fml4 would run "
		    "Perl code here, which this tool never does", st->name);
	} else if (!c->args_known) {
		f48_findings_add(&cfg->findings, F48_SEV_WARNING, F48_C_VALUE_UNKNOWN,
		    o->file, line, NULL, "%s %s() cannot be known statically (%s)",
		    uncertain ? "whether fml4 calls" : "the arguments of", st->name,
		    reason ? reason : "unknown");
		call_unknown(cfg, mi, o, line, reason ? reason : "the macro call is not known");
	} else if (mi->effect == F48_MACRO_TAG && n >= 1) {
		subject_tag_def(cfg, args[0].str, o, line);
	} else if (mi->effect == F48_MACRO_MODE && n >= 1) {
		apply_mode(cfg, args[0].str, o, line, t);
	}
}

static void
apply_program(f48_fml4_config *cfg, const f48_pprogram *prog, const origin *o,
    const f48_fml4_tables *t)
{
	runctx rc = { cfg, o, t, "" };
	f48_perl_env env;

	memset(&env, 0, sizeof(env));
	env.ctx = &rc;
	env.get = cfg_get;
	env.store = cfg_store;
	env.call = cfg_call;
	env.findings = &cfg->findings;
	env.file = o->file_override ? o->file_override : o->file;
	env.line_override = o->line_override;
	env.budget = &cfg->budget;
	f48_perl_run(prog, &env);
}

static void
add_source(f48_fml4_config *cfg, f48_layer layer, const char *path, bool used,
    f48_encoding enc, bool crlf)
{
	f48_source *s;

	cfg->sources = f48_xrealloc(cfg->sources, (cfg->nsources + 1) * sizeof(*cfg->sources));
	s = &cfg->sources[cfg->nsources++];
	s->layer = layer;
	s->path = f48_xstrdup(path);
	s->used = used;
	s->enc = enc;
	s->had_crlf = crlf;
}

/* ---- the parse cache (see fml4_config.h) ---- */

#define CACHE_MAX 64

typedef struct cache_entry {
	char *path;
	char *bytes;
	size_t len;
	f48_encoding enc;
	f48_pprogram *prog;
	f48_findings findings;   /* what parsing it found */
} cache_entry;

struct f48_fml4_cache {
	pthread_mutex_t mu;
	cache_entry *e;
	size_t n;
	/* fml4's defaults from fml4to8's tables, evaluated once (see
	 * defaults_snapshot): [0] the built-in ones, [1] those and cf/MANIFEST's;
	 * built on first use, with the tables they were built from */
	f48_fml4_config *snap[2];
	bool snap_tried[2];
	const f48_fml4_tables *snap_tables;
};

f48_fml4_cache *
f48_fml4_cache_new(void)
{
	f48_fml4_cache *c = f48_xcalloc(1, sizeof(*c));

	pthread_mutex_init(&c->mu, NULL);
	return c;
}

static void
cache_entry_free(cache_entry *e)
{
	free(e->path);
	free(e->bytes);
	f48_perl_program_free(e->prog);
	f48_findings_free(&e->findings);
}

void
f48_fml4_cache_free(f48_fml4_cache *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++)
		cache_entry_free(&c->e[i]);
	free(c->e);
	f48_fml4_config_free(c->snap[0]);
	f48_fml4_config_free(c->snap[1]);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

size_t
f48_fml4_cache_snapshots(f48_fml4_cache *c)
{
	size_t n;

	pthread_mutex_lock(&c->mu);
	n = (c->snap[0] != NULL) + (c->snap[1] != NULL);
	pthread_mutex_unlock(&c->mu);
	return n;
}

/* The entry of this file with these very bytes, or NULL; the lock is held. */
static const cache_entry *
find_locked(const f48_fml4_cache *c, const char *path, const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->e[i].len == len && strcmp(c->e[i].path, path) == 0 &&
		    memcmp(c->e[i].bytes, buf, len) == 0)
			return &c->e[i];
	return NULL;
}

static const cache_entry *
cache_find(f48_fml4_cache *c, const char *path, const char *buf, size_t len)
{
	const cache_entry *hit;

	pthread_mutex_lock(&c->mu);
	hit = find_locked(c, path, buf, len);
	pthread_mutex_unlock(&c->mu);
	return hit;     /* entries are never changed or removed before cache_free */
}

/* Keep a parse (takes prog and buf); returns the kept entry, or NULL when
 * another thread kept the same one first (then the caller keeps its own). */
static const cache_entry *
cache_add(f48_fml4_cache *c, const char *path, char *buf, size_t len, f48_encoding enc,
    f48_pprogram *prog, const f48_findings *found)
{
	cache_entry *e;

	pthread_mutex_lock(&c->mu);
	if (find_locked(c, path, buf, len) != NULL) {
		pthread_mutex_unlock(&c->mu);
		return NULL;
	}
	/* a fixed capacity: the array never moves, so a reader keeps an
	 * entry's address after unlocking; past it, files are parsed as if
	 * there were no cache */
	if (c->e == NULL)
		c->e = f48_xcalloc(CACHE_MAX, sizeof(*c->e));
	if (c->n == CACHE_MAX) {
		pthread_mutex_unlock(&c->mu);
		return NULL;
	}
	e = &c->e[c->n];
	e->path = f48_xstrdup(path);
	e->bytes = buf;
	e->len = len;
	e->enc = enc;
	e->prog = prog;
	f48_findings_init(&e->findings);
	f48_findings_copy(&e->findings, found);
	c->n++;
	pthread_mutex_unlock(&c->mu);
	return e;
}

/* Read, parse and apply one Perl file.  Returns true if it was applied. */
static bool
in_list_dir(const f48_fml4_config *cfg, const char *path)
{
	size_t n = strlen(cfg->dir);

	return strncmp(path, cfg->dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

static bool
load_perl_file(f48_fml4_config *cfg, const char *path, f48_layer layer,
    const f48_fml4_tables *t, f48_fml4_cache *cache)
{
	char *buf;
	size_t len;
	f48_error err;
	f48_pprogram *prog = NULL;
	const f48_pprogram *run;
	const cache_entry *hit = NULL;
	f48_encoding enc;
	origin o;
	size_t before = cfg->findings.n, i;
	bool ok = true, had_crlf;

	f48_error_clear(&err);
	if (f48_file_read(path, PERL_FILE_MAX, &buf, &len, &err) < 0) {
		const char *code = err.status == F48_EUNSAFE ? F48_C_FILE_SYMLINK :
		    F48_C_FILE_UNREADABLE;

		f48_findings_add(&cfg->findings, F48_SEV_ERROR, code, path, 0, NULL,
		    "%s", f48_error_detail(&err));
		add_source(cfg, layer, path, false, F48_ENC_ASCII, false);
		return false;
	}
	/* a file of the list's own is read for that list only */
	if (cache != NULL && in_list_dir(cfg, path))
		cache = NULL;
	if (cache != NULL)
		hit = cache_find(cache, path, buf, len);
	if (hit != NULL) {
		enc = hit->enc;
		run = hit->prog;
		f48_findings_copy(&cfg->findings, &hit->findings);
	} else {
		enc = f48_enc_detect(buf, len);
		if (enc == F48_ENC_BINARY) {
			f48_findings_add(&cfg->findings, F48_SEV_ERROR, F48_C_FILE_BINARY, path, 0,
			    NULL, "this is not a text file (NUL bytes or control characters); "
			    "fml4 could not load it either, so it was not read");
			add_source(cfg, layer, path, false, enc, false);
			free(buf);
			return false;
		}
		if (enc != F48_ENC_ASCII && enc != F48_ENC_UTF8)
			f48_findings_add(&cfg->findings, F48_SEV_INFO, F48_C_TEXT_ENCODING, path, 0,
			    NULL, "text is %s; values are kept as bytes and shown converted to UTF-8",
			    f48_enc_name(enc));
		f48_perl_parse(buf, len, path, &prog, &cfg->findings);
		if (prog->had_crlf)
			f48_findings_add(&cfg->findings, F48_SEV_INFO, F48_C_CRLF_LINE_ENDS, path, 0,
			    NULL, "CRLF line ends; Perl treats the CR as white space outside strings");
		run = prog;
		if (cache != NULL) {
			f48_findings mine = { cfg->findings.items + before,
				cfg->findings.n - before, cfg->findings.n - before };

			/* kept: the cache owns prog and buf from here */
			if (cache_add(cache, path, buf, len, enc, prog, &mine) != NULL) {
				prog = NULL;
				buf = NULL;
			}
		}
	}
	for (i = before; i < cfg->findings.n; i++)
		if (cfg->findings.items[i].severity == F48_SEV_ERROR)
			ok = false;
	had_crlf = run->had_crlf;
	memset(&o, 0, sizeof(o));
	o.layer = layer;
	o.file = path;
	o.enc = enc;
	apply_program(cfg, run, &o, t);
	add_source(cfg, layer, path, true, enc, had_crlf);
	f48_perl_program_free(prog);
	free(buf);
	return ok;
}

/* fml.pl's search order for site files and default_config.ph:
 * $DIR, $DIR/../etc/fml, the directory of fml.pl.  Returns the host path of
 * the first regular file found (or of a symlink, which the reader refuses),
 * or NULL. */
static char *
search_file(const f48_fml4_config *cfg, const char *root, const char *name)
{
	const char *dirs[3];
	size_t i;

	dirs[0] = cfg->dir_prod;
	dirs[1] = NULL;
	dirs[2] = cfg->exec_dir_prod;
	for (i = 0; i < 3; i++) {
		char *prod, *host;
		char kind;

		if (i == 1) {
			char *etc = f48_path_join(cfg->ml_dir_prod, "etc/fml");

			prod = f48_path_join(etc, name);
			free(etc);
		} else if (dirs[i] == NULL)
			continue;
		else
			prod = f48_path_join(dirs[i], name);
		/* $DIR itself is the list dir on this host, whatever root says. */
		if (i == 0)
			host = f48_path_join(cfg->dir, name);
		else
			host = f48_path_on_host(root, prod);
		free(prod);
		if (f48_file_lstat_kind(host, &kind) == 0 && (kind == 'f' || kind == 'l'))
			return host;
		free(host);
	}
	return NULL;
}

static void
set_fixup(f48_fml4_config *cfg, const char *name, const char *value, const char *why)
{
	origin o;
	f48_setting *s = setting_get_or_new(cfg, name, '$');

	memset(&o, 0, sizeof(o));
	o.layer = F48_LAYER_FIXUP;
	o.file = why;
	setting_record(cfg, s, &o, 0, value, strlen(value), true, NULL);
}

/* NAME ||= "$DIR/$DIRVAR/file" as fml.pl's InitConfig does. */
static void
set_default_path(f48_fml4_config *cfg, const char *name, const char *dirvar,
    const char *file)
{
	const char *d = f48_fml4_value(cfg, dirvar);
	char *rel, *p;

	if (f48_fml4_true(cfg, name) || d == NULL)
		return;
	rel = d[0] == '/' ? f48_xstrdup(d) : f48_path_join(cfg->dir_prod, d);
	p = f48_path_join(rel, file);
	set_fixup(cfg, name, p, "(fml.pl: default file name)");
	free(rel);
	free(p);
}

/* fml.pl applies every mode named in the files once more after
 * site_force.ph (LoadConfig), so a mode's settings win over later lines. */
static void
reapply_modes(f48_fml4_config *cfg, const f48_fml4_tables *t)
{
	size_t i, n = cfg->nmodes;

	for (i = 0; i < n; i++) {
		const f48_mode_info *mi = f48_fml4_mode(t, cfg->modes[i].mode);
		origin o;

		if (mi == NULL || mi->settings == NULL)
			continue;
		memset(&o, 0, sizeof(o));
		o.layer = cfg->modes[i].layer;
		o.file = cfg->modes[i].file;
		o.line_override = cfg->modes[i].line;
		o.file_override = cfg->modes[i].file;
		apply_program(cfg, mi->settings, &o, t);
	}
}

/* The part of fml.pl's InitConfig that changes settings after loading. */
static void
apply_fixups(f48_fml4_config *cfg, const f48_fml4_tables *t)
{
	const char *h;

	if (f48_fml4_value(cfg, "TZone") == NULL || f48_fml4_value(cfg, "TZone")[0] == '\0')
		set_fixup(cfg, "TZone", "+0900", "(fml.pl: an empty TZone means +0900)");
	if (f48_fml4_value(cfg, "REJECT_ADDR_LIST") == NULL ||
	    f48_fml4_value(cfg, "REJECT_ADDR_LIST")[0] == '\0') {
		char *p = f48_path_join(cfg->dir_prod, "spamlist");

		set_fixup(cfg, "REJECT_ADDR_LIST", p, "(fml.pl: default spam list)");
		free(p);
	}
	/* SubjectTagDef($SUBJECT_TAG_TYPE), with the final BRACKET. */
	if (f48_fml4_true(cfg, "SUBJECT_TAG_TYPE")) {
		const f48_setting *st = f48_fml4_get(cfg, "SUBJECT_TAG_TYPE");
		origin so;
		char *type = f48_xstrdup(st->value);

		memset(&so, 0, sizeof(so));
		so.layer = st->layer;
		so.file = st->file;
		so.enc = st->enc;
		subject_tag_def(cfg, type, &so, st->line);
		free(type);
	}
	set_default_path(cfg, "LOG_MESSAGE_ID", "VARRUN_DIR", "msgidcache");
	set_default_path(cfg, "LOG_MAILBODY_CKSUM", "VARRUN_DIR", "bodycksumcache");
	/* fml.pl turns these switches into modes. */
	if (f48_fml4_true(cfg, "USE_EXPIRE"))
		apply_mode(cfg, "expire", &(origin){ F48_LAYER_FIXUP, "(fml.pl: USE_EXPIRE)", 0, 0, NULL, false, false }, 0, t);
	if (f48_fml4_true(cfg, "USE_ARCHIVE"))
		apply_mode(cfg, "archive", &(origin){ F48_LAYER_FIXUP, "(fml.pl: USE_ARCHIVE)", 0, 0, NULL, false, false }, 0, t);
	if (f48_fml4_true(cfg, "AUTO_HTML_GEN"))
		apply_mode(cfg, "html", &(origin){ F48_LAYER_FIXUP, "(fml.pl: AUTO_HTML_GEN)", 0, 0, NULL, false, false }, 0, t);
	/* Single-list auto registration: members is the delivery list. */
	h = f48_fml4_value(cfg, "REJECT_POST_HANDLER");
	if ((h && (strcmp(h, "auto_regist") == 0 || strcmp(h, "autoregist") == 0)) ||
	    ((h = f48_fml4_value(cfg, "REJECT_COMMAND_HANDLER")) &&
	    (strcmp(h, "auto_regist") == 0 || strcmp(h, "autoregist") == 0))) {
		const char *m = f48_fml4_value(cfg, "MEMBER_LIST");

		if (m) {
			char *mv = f48_xstrdup(m);

			set_fixup(cfg, "ACTIVE_LIST", mv,
			    "(fml.pl: with auto_regist members is also the delivery list)");
			f48_findings_add(&cfg->findings, F48_SEV_INFO, F48_C_LIST_FILE_SHARED,
			    cfg->dir, 0, NULL,
			    "the handler is %s: fml4 delivers to MEMBER_LIST (%s), and actives "
			    "is not used", h, mv);
			free(mv);
		}
	}
}

static void
apply_include_options(f48_fml4_config *cfg, const f48_include *inc,
    const f48_fml4_tables *t)
{
	const f48_include_cmd *cmd = f48_include_fml_cmd(inc);
	size_t i;

	if (cmd == NULL)
		return;
	for (i = 0; i < cmd->nopts; i++) {
		const f48_incopt *op = &cmd->opts[i];
		origin o;

		memset(&o, 0, sizeof(o));
		o.layer = F48_LAYER_INCLUDE;
		o.file = inc->path;
		o.line_override = cmd->line;
		switch (op->kind) {
		case F48_INCOPT_VAR: {
			f48_setting *s = setting_get_or_new(cfg, op->name, '$');
			const char *v = op->value ? op->value : "";

			setting_record(cfg, s, &o, cmd->line, v, strlen(v), true, NULL);
			f48_findings_add(&cfg->findings, F48_SEV_INFO, F48_C_INCLUDE_OPTION,
			    inc->path, cmd->line, NULL,
			    "fml.pl option %s sets %s after config.ph and site_force.ph",
			    op->raw, op->name);
			break;
		}
		case F48_INCOPT_MODE:
			apply_mode(cfg, op->name, &o, cmd->line, t);
			break;
		case F48_INCOPT_SET:
			set_fixup(cfg, op->name, "1", inc->path);
			break;
		case F48_INCOPT_UNSET:
			set_fixup(cfg, op->name, "", inc->path);
			break;
		default:
			break;
		}
	}
}

/* Values decided by a site file: worth telling, they are easy to miss. */
static void
report_site_overrides(f48_fml4_config *cfg)
{
	size_t i, j;

	for (i = 0; i < f48_strmap_size(cfg->settings); i++) {
		const f48_setting *s = f48_strmap_value_at(cfg->settings, i);
		const f48_assign *cfgph = NULL;
		char *v;

		if (s->is_hook || (s->layer != F48_LAYER_SITE_INIT && s->layer != F48_LAYER_SITE_FORCE))
			continue;
		for (j = 0; j < s->nhistory; j++)
			if (s->history[j].layer == F48_LAYER_CONFIG)
				cfgph = &s->history[j];
		v = f48_enc_printable(s->value, s->len, s->enc);
		if (cfgph && (cfgph->len != s->len || memcmp(cfgph->value, s->value, s->len) != 0)) {
			char *old = f48_enc_printable(cfgph->value, cfgph->len, s->enc);

			f48_findings_add(&cfg->findings, F48_SEV_INFO, F48_C_SITE_OVERRIDE,
			    s->file, s->line, NULL,
			    "%s = \"%s\" comes from %s and replaces \"%s\" set in %s:%ld",
			    s->name, v, f48_layer_name(s->layer), old, cfgph->file, cfgph->line);
			free(old);
		} else if (!cfgph) {
			f48_findings_add(&cfg->findings, F48_SEV_INFO, F48_C_SITE_OVERRIDE,
			    s->file, s->line, NULL,
			    "%s = \"%s\" comes from %s; config.ph does not set it",
			    s->name, v, f48_layer_name(s->layer));
		}
		free(v);
	}
}

static void
seed(f48_fml4_config *cfg)
{
	origin o;
	f48_setting *s;

	memset(&o, 0, sizeof(o));
	o.layer = F48_LAYER_BUILTIN;
	o.file = "(fml.pl: the list directory)";
	o.table = true;       /* ours, like the tables: sized exactly, not counted */
	s = setting_get_or_new(cfg, "DIR", '$');
	setting_record(cfg, s, &o, 0, cfg->dir_prod, strlen(cfg->dir_prod), true, NULL);
	s = setting_get_or_new(cfg, "LIBDIR", '$');
	setting_record(cfg, s, &o, 0, cfg->dir_prod, strlen(cfg->dir_prod), true, NULL);
}

/* ---- fml4's defaults from our tables, evaluated once per run ----
 *
 * What seed() and the table programs (the built-in defaults, then
 * cf/MANIFEST's) leave in a config depends on the list only through $DIR
 * and $LIBDIR, and only by interpolation: the table's values are single
 * Perl terms (strings, numbers, lists), and nothing in them computes with
 * a value.  So they are evaluated once, with a placeholder for the list
 * directory, and each list gets a copy with its directory put where the
 * placeholder is.  That is checked, not assumed: the tables are evaluated
 * a second time with another directory, and every value must be the first
 * with that directory put in (snapshot_checked).  A snapshot that fails
 * the check, or holds anything else a copy would have to know about
 * (findings, macro calls, hooks, modes, unknown values, the placeholder in
 * a place other than a value), is not used: each list is evaluated in
 * full instead.
 * tests/unit/test_fml4_list.c compares both ways on every fixture list and
 * on directories with unusual characters. */
#define SNAP_DIR "\001fml4to8-list-directory\001"
#define SNAP_DIR_CHECK "/check/\002another list, longer/x"

static void seed(f48_fml4_config *cfg);
static bool snapshot_checked(const f48_fml4_config *snap, const f48_fml4_config *other);

/* Is the placeholder only where a copy puts the list's directory? */
static bool
snapshot_usable(const f48_fml4_config *snap)
{
	size_t i, j;

	if (snap->findings.n || snap->ncalls || snap->nhooks || snap->nmodes || snap->nsources ||
	    snap->budget.exhausted)
		return false;
	for (i = 0; i < f48_strmap_size(snap->settings); i++) {
		const f48_setting *st = f48_strmap_value_at(snap->settings, i);

		if (!st->known || st->reason || st->value == NULL || strstr(st->name, SNAP_DIR) ||
		    (st->raw && strstr(st->raw, SNAP_DIR)) || memchr(st->value, '\0', st->len))
			return false;
		for (j = 0; j < st->nitems; j++)
			if (strstr(st->items[j], SNAP_DIR))
				return false;
		for (j = 0; j < st->nhistory; j++)
			if (st->history[j].value && memchr(st->history[j].value, '\0',
			    st->history[j].len))
				return false;
	}
	return true;
}

/* An empty config: what every load starts from. */
static f48_fml4_config *
config_new(void)
{
	f48_fml4_config *cfg = f48_xcalloc(1, sizeof(*cfg));

	f48_findings_init(&cfg->findings);
	f48_perl_budget_init(&cfg->budget);
	/* fml4's defaults alone set some 370 names: no growing on the way */
	cfg->settings = f48_strmap_new_sized(512);
	cfg->arena = f48_arena_new();
	return cfg;
}

/* $DIR and $LIBDIR, then fml4's built-in defaults and, with `manifest`,
 * cf/MANIFEST's, from the tables. */
static void
apply_table_defaults(f48_fml4_config *cfg, const f48_fml4_tables *t, bool manifest)
{
	origin o;

	seed(cfg);
	memset(&o, 0, sizeof(o));
	o.layer = F48_LAYER_BUILTIN;
	o.file = F48_FML4_BUILTIN_ORIGIN;
	o.no_line = true;
	o.table = true;
	apply_program(cfg, t->builtin, &o, t);
	if (manifest) {
		o.layer = F48_LAYER_DEFAULTS;
		o.file = F48_FML4_MANIFEST_ORIGIN;
		apply_program(cfg, t->manifest, &o, t);
	}
}

static f48_fml4_config *
evaluate_defaults(const f48_fml4_tables *t, bool manifest, const char *dir)
{
	f48_fml4_config *cfg = config_new();

	cfg->dir = f48_xstrdup(dir);
	cfg->dir_prod = f48_xstrdup(dir);
	cfg->ml_dir_prod = f48_xstrdup(dir);
	apply_table_defaults(cfg, t, manifest);
	return cfg;
}

static f48_fml4_config *
defaults_snapshot(const f48_fml4_tables *t, bool manifest)
{
	f48_fml4_config *snap = evaluate_defaults(t, manifest, SNAP_DIR);
	f48_fml4_config *other = evaluate_defaults(t, manifest, SNAP_DIR_CHECK);
	bool ok = snapshot_usable(snap) && snapshot_checked(snap, other);

	f48_fml4_config_free(other);
	if (!ok) {
		f48_fml4_config_free(snap);
		return NULL;
	}
	return snap;
}

/* The snapshot for these tables, built on first use; NULL: evaluate. */
static const f48_fml4_config *
snapshot_get(f48_fml4_cache *c, const f48_fml4_tables *t, bool manifest)
{
	const f48_fml4_config *snap = NULL;

	if (c == NULL)
		return NULL;
	pthread_mutex_lock(&c->mu);
	if (c->snap_tables == NULL)
		c->snap_tables = t;
	if (c->snap_tables == t) {
		if (!c->snap_tried[manifest]) {
			c->snap[manifest] = defaults_snapshot(t, manifest);
			c->snap_tried[manifest] = true;
		}
		snap = c->snap[manifest];
	}
	pthread_mutex_unlock(&c->mu);
	return snap;     /* never changed again before f48_fml4_cache_free */
}

/* n bytes of s with every placeholder replaced by dir, in the arena. */
static char *
subst_in(f48_arena *a, const char *s, size_t n, const char *dir, size_t *out_len)
{
	static const size_t pl = sizeof(SNAP_DIR) - 1;
	size_t dl = strlen(dir), count = 0, len;
	const char *p = s, *q, *end = s + n;
	char *r, *w;

	while ((q = strstr(p, SNAP_DIR)) != NULL && q < end) {
		count++;
		p = q + pl;
	}
	len = n - count * pl + count * dl;
	r = w = f48_arena_alloc(a, len + 1);
	for (p = s; count > 0; count--) {
		q = strstr(p, SNAP_DIR);
		memcpy(w, p, (size_t)(q - p));
		w += q - p;
		memcpy(w, dir, dl);
		w += dl;
		p = q + pl;
	}
	memcpy(w, p, (size_t)(end - p));
	w += end - p;
	*w = '\0';
	*out_len = len;
	return r;
}

static char *
subst_dir(f48_fml4_config *cfg, const char *s, size_t n, size_t *out_len)
{
	return subst_in(cfg->arena, s, n, cfg->dir_prod, out_len);
}

static bool
same_after_subst(f48_arena *a, const char *x, size_t xn, const char *y, size_t yn,
    const char *dir)
{
	size_t n;
	const char *r = subst_in(a, x, xn, dir, &n);

	return n == yn && memcmp(r, y, n) == 0;
}

/* The proof that the list directory went into the snapshot by
 * interpolation only: evaluated with another directory (another length,
 * other bytes), every value is the first snapshot's with that directory
 * put in. */
static bool
snapshot_checked(const f48_fml4_config *snap, const f48_fml4_config *other)
{
	f48_arena *a = f48_arena_new();
	bool ok = f48_strmap_size(snap->settings) == f48_strmap_size(other->settings) &&
	    snap->seq == other->seq && snap->budget.steps == other->budget.steps;
	size_t i, j;

	for (i = 0; ok && i < f48_strmap_size(snap->settings); i++) {
		const f48_setting *x = f48_strmap_value_at(snap->settings, i);
		const f48_setting *y = f48_strmap_value_at(other->settings, i);

		ok = strcmp(x->name, y->name) == 0 && x->kind == y->kind && x->known == y->known &&
		    x->layer == y->layer && x->line == y->line && x->nitems == y->nitems &&
		    x->nhistory == y->nhistory && x->hcap == y->hcap && x->seq == y->seq &&
		    x->undefined == y->undefined && x->is_hook == y->is_hook && y->value != NULL &&
		    same_after_subst(a, x->value, x->len, y->value, y->len, other->dir_prod);
		for (j = 0; ok && j < x->nitems; j++)
			ok = strcmp(x->items[j], y->items[j]) == 0;
		for (j = 0; ok && j < x->nhistory; j++) {
			const f48_assign *h = &x->history[j], *k = &y->history[j];

			ok = h->layer == k->layer && h->line == k->line && h->known == k->known &&
			    strcmp(h->op, k->op) == 0 && (h->value == NULL) == (k->value == NULL) &&
			    (h->value == NULL || same_after_subst(a, h->value, h->len, k->value,
			    k->len, other->dir_prod));
		}
	}
	f48_arena_free(a);
	return ok;
}

/* This list's copy of the snapshot: what seed() and the table programs
 * would have made for it. */
static void
snapshot_copy(f48_fml4_config *cfg, const f48_fml4_config *snap)
{
	size_t i, j;

	for (i = 0; i < f48_strmap_size(snap->settings); i++) {
		const f48_setting *from = f48_strmap_value_at(snap->settings, i);
		f48_setting *st = f48_arena_alloc(cfg->arena, sizeof(*st));

		*st = *from;
		st->name = f48_arena_strndup(cfg->arena, from->name, strlen(from->name));
		st->value = subst_dir(cfg, from->value, from->len, &st->len);
		st->cap = st->len + 1;     /* then raised to the longest value it held */
		if (from->items) {     /* an empty array too: the config's own */
			st->items = f48_xcalloc(from->nitems + 1, sizeof(*st->items));
			for (j = 0; j < from->nitems; j++)
				st->items[j] = f48_xstrdup(from->items[j]);
		}
		st->file = intern_file(cfg, from->file);
		if (from->raw) {
			st->raw = f48_arena_strndup(cfg->arena, from->raw, strlen(from->raw));
			st->raw_in_arena = true;
		}
		/* room as evaluating leaves it (the budget counts its growth) */
		st->history = f48_arena_alloc(cfg->arena, from->hcap * sizeof(*st->history) + 1);
		st->hcap = from->hcap;
		for (j = 0; j < from->nhistory; j++) {
			st->history[j] = from->history[j];
			st->history[j].file = intern_file(cfg, from->history[j].file);
			if (from->history[j].value) {
				st->history[j].value = subst_dir(cfg, from->history[j].value,
				    from->history[j].len, &st->history[j].len);
				if (st->history[j].len + 1 > st->cap)
					st->cap = st->history[j].len + 1;
			}
		}
		/* the value buffer as evaluating would have left it: exact sizes,
		 * never shrunk (value_reserve); a longer earlier value is in the
		 * history, which keeps every table layer's value */
		if (st->cap > st->len + 1) {
			char *v = f48_arena_alloc(cfg->arena, st->cap);

			memcpy(v, st->value, st->len + 1);
			st->value = v;
		}
		f48_strmap_put_borrowed(cfg->settings, st->name, st);
	}
	cfg->seq = snap->seq;
	cfg->budget.steps = snap->budget.steps;
}

int
f48_fml4_config_load(const f48_fml4_config_opts *opts, f48_fml4_config **out,
    f48_error *err)
{
	f48_fml4_config *cfg;
	const f48_fml4_tables *t = opts->tables;
	const f48_fml4_config *snap;
	char *path;

	if (opts->list_dir == NULL || t == NULL)
		return f48_error_set(err, F48_EUSAGE, NULL, 0, "no list directory or tables given");
	cfg = config_new();
	cfg->dir = f48_path_clean(opts->list_dir);
	cfg->dir_prod = opts->dir_prod ? f48_path_clean(opts->dir_prod) :
	    f48_path_in_production(opts->root, opts->list_dir);
	cfg->ml_dir_prod = f48_path_dirname(cfg->dir_prod);
	if (opts->include) {
		const f48_include_cmd *cmd = f48_include_fml_cmd(opts->include);

		if (cmd && cmd->program && cmd->program[0] == '/')
			cfg->exec_dir_prod = f48_path_dirname(cmd->program);
	}
	/* where fml4's defaults come from decides which table programs run
	 * (the search reads no setting) */
	path = opts->default_config ? f48_xstrdup(opts->default_config) :
	    search_file(cfg, opts->root, "default_config.ph");
	snap = snapshot_get(opts->cache, t, path == NULL);
	if (snap)
		snapshot_copy(cfg, snap);
	else
		apply_table_defaults(cfg, t, path == NULL);
	if (path) {
		load_perl_file(cfg, path, F48_LAYER_DEFAULTS, t, opts->cache);
	} else {
		cfg->defaults_from_table = true;
		f48_findings_add(&cfg->findings, F48_SEV_INFO, F48_C_DEFAULTS_FROM_TABLE,
		    cfg->dir, 0, "give the install's file with --fml4-defaults FILE",
		    "no default_config.ph in %s, %s/etc/fml or %s; using fml4's cf/MANIFEST "
		    "defaults from fml4to8's table", cfg->dir_prod, cfg->ml_dir_prod,
		    cfg->exec_dir_prod ? cfg->exec_dir_prod : "(the include file names no fml.pl)");
	}
	free(path);

	if ((path = search_file(cfg, opts->root, "site_init.ph")) != NULL)
		load_perl_file(cfg, path, F48_LAYER_SITE_INIT, t, opts->cache);
	free(path);

	path = f48_path_join(cfg->dir, "config.ph");
	{
		char kind;

		if (f48_file_lstat_kind(path, &kind) != 0) {
			f48_findings_add(&cfg->findings, F48_SEV_ERROR, F48_C_FILE_MISSING, path, 0,
			    NULL, "config.ph is missing: fml4 refuses to run this list, and its "
			    "settings cannot be known");
			add_source(cfg, F48_LAYER_CONFIG, path, false, F48_ENC_ASCII, false);
		} else
			cfg->config_ph_ok = load_perl_file(cfg, path, F48_LAYER_CONFIG, t, NULL);
	}
	free(path);

	path = search_file(cfg, opts->root, "site_force.ph");
	if (path == NULL)
		path = search_file(cfg, opts->root, "sitedef.ph");
	if (path)
		load_perl_file(cfg, path, F48_LAYER_SITE_FORCE, t, opts->cache);
	free(path);

	reapply_modes(cfg, t);
	if (opts->include)
		apply_include_options(cfg, opts->include, t);
	apply_fixups(cfg, t);
	history_finish(cfg);
	report_site_overrides(cfg);
	*out = cfg;
	return F48_OK;
}

void
f48_fml4_config_free(f48_fml4_config *cfg)
{
	size_t i, j;

	if (cfg == NULL)
		return;
	free(cfg->dir);
	free(cfg->dir_prod);
	free(cfg->ml_dir_prod);
	free(cfg->exec_dir_prod);
	f48_strmap_free(cfg->settings, setting_free);
	f48_arena_free(cfg->arena);
	for (i = 0; i < cfg->ncalls; i++) {
		for (j = 0; j < cfg->calls[i].nargs; j++)
			free(cfg->calls[i].args[j]);
		free(cfg->calls[i].args);
		free(cfg->calls[i].name);
		free(cfg->calls[i].file);
		free(cfg->calls[i].raw);
	}
	free(cfg->calls);
	for (i = 0; i < cfg->nhooks; i++) {
		free(cfg->hooks[i].name);
		free(cfg->hooks[i].code);
		free(cfg->hooks[i].file);
	}
	free(cfg->hooks);
	for (i = 0; i < cfg->nmodes; i++) {
		free(cfg->modes[i].mode);
		free(cfg->modes[i].file);
	}
	free(cfg->modes);
	for (i = 0; i < cfg->nsources; i++)
		free(cfg->sources[i].path);
	free(cfg->sources);
	f48_findings_free(&cfg->findings);
	for (i = 0; i < cfg->nfiles; i++)
		free(cfg->files[i]);
	free(cfg->files);
	free(cfg);
}

const f48_setting *
f48_fml4_get(const f48_fml4_config *cfg, const char *name)
{
	return f48_strmap_get(cfg->settings, name);
}

const char *
f48_fml4_value(const f48_fml4_config *cfg, const char *name)
{
	const f48_setting *s = f48_strmap_get(cfg->settings, name);

	return s ? s->value : NULL;
}

const f48_assign *
f48_setting_default(const f48_setting *s)
{
	const f48_assign *def = NULL;
	size_t i;

	for (i = 0; i < s->nhistory; i++)
		if (s->history[i].layer <= F48_LAYER_DEFAULTS)
			def = &s->history[i];
	return def;
}

bool
f48_fml4_true(const f48_fml4_config *cfg, const char *name)
{
	const char *v = f48_fml4_value(cfg, name);

	return v && v[0] && strcmp(v, "0") != 0;
}

/* fml4's LongId: n > 0 pads to n digits (1 means 5); n <= 0 does not pad. */
static void
id_format(const char *n, char *buf, size_t size)
{
	long v = n ? strtol(n, NULL, 10) : 0;

	if (n == NULL || n[0] == '\0' || strcmp(n, "0") == 0)
		snprintf(buf, size, "%%05d");
	else if (v > 0)
		snprintf(buf, size, "%%0%ldd", v < 2 ? 5 : v);
	else
		snprintf(buf, size, "%%d");
}

static void
put_literal(f48_sb *sb, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '%')
			f48_sb_putc(sb, '%');
		f48_sb_putc(sb, *s);
	}
}

char *
f48_fml4_subject_tag(const f48_fml4_config *cfg, const f48_setting **origin)
{
	char id[32];
	f48_sb sb;
	const char *bracket = f48_fml4_value(cfg, "BRACKET");

	if (origin)
		*origin = NULL;
	f48_sb_init(&sb);
	if (f48_fml4_true(cfg, "SUBJECT_HML_FORM")) {
		const char *w = f48_fml4_true(cfg, "HML_FORM_LONG_ID") ?
		    f48_fml4_value(cfg, "HML_FORM_LONG_ID") : f48_fml4_value(cfg, "SUBJECT_FORM_LONG_ID");

		id_format(w, id, sizeof(id));
		f48_sb_putc(&sb, '[');
		put_literal(&sb, bracket);
		f48_sb_printf(&sb, ":%s]", id);
		if (origin)
			*origin = f48_fml4_get(cfg, "SUBJECT_HML_FORM");
	} else if (f48_fml4_true(cfg, "SUBJECT_FREE_FORM")) {
		const char *sep = f48_fml4_value(cfg, "BRACKET_SEPARATOR");

		id_format(f48_fml4_value(cfg, "SUBJECT_FORM_LONG_ID"), id, sizeof(id));
		put_literal(&sb, f48_fml4_value(cfg, "BEGIN_BRACKET"));
		if (sep && sep[0]) {
			put_literal(&sb, bracket);
			put_literal(&sb, sep);
			f48_sb_puts(&sb, id);
		} else if (bracket && bracket[0])
			put_literal(&sb, bracket);
		else
			f48_sb_puts(&sb, id);
		put_literal(&sb, f48_fml4_value(cfg, "END_BRACKET"));
		if (origin)
			*origin = f48_fml4_get(cfg, "SUBJECT_FREE_FORM");
	} else {
		f48_sb_free(&sb);
		return NULL;
	}
	return f48_sb_steal(&sb);
}

/*
 * fml8_config.c - see fml8_config.h.
 *
 * The reader mirrors the order of tests in fml8's FML::Config::_read_file,
 * because the order decides the meaning of odd lines (an "[ns]" line inside
 * the hook part still switches the name space; a POD line ending the hook
 * part does not reset it).  The same little state machine (struct scan) is
 * run by the parser, to classify lines, and by f48_cf8_env_apply, to know
 * the name space of each assignment.
 *
 * Choices the header leaves open:
 *  - Assignments after a "[name]" line belong to that name space; the env
 *    stores them under the key "[name]key", so they never collide with (or
 *    get expanded into) top-level variables.  Inside such a value a $var is
 *    looked up in the name space first, then at top level, as fml8 does.
 *  - A blank or white-space-only line after a key is a continuation for
 *    fml8 (it appends " " to the value; a CRLF file's empty line is "\r",
 *    which counts as white space).  Such lines stay BLANK but carry the key
 *    (value ""), and applying them appends the space, as fml8 does: it shows
 *    when the value is later interpolated ("$a/x" -> "v /x").
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/fileio.h"
#include "util/findings.h"
#include "util/strbuf.h"
#include "util/strmap.h"
#include "util/xalloc.h"

#include "codes.h"
#include "fml8/fml8_config.h"

#define CF8_MAX_SIZE ((size_t)16 << 20)  /* config.cf files are small */
#define CF8_MAX_ROUNDS 16                /* fml8's expansion limit */
/* Values that refer to others twice or more double every round: 16 rounds
 * make a few hundred bytes into megabytes (or a 1 MB value into 64 GB).
 * fml8 would build it; we stop and say so. */
#define CF8_MAX_VALUE ((size_t)1 << 20)

/* Perl's \s for byte strings. */
static bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

static bool
is_keych(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

static bool
is_lower_(char c)
{
	return (c >= 'a' && c <= 'z') || c == '_';
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* ---- the document ------------------------------------------------------ */

/* Reader state carried from line to line (see _read_file). */
struct scan {
	bool after_cut;     /* inside the hook part */
	bool have_key;
	const char *curkey; /* borrowed from the document's lines */
	f48_sb ns;          /* "" or "[name]" */
};

/* The "[name]" line test: ^\[([\w\d\:]+)\]\s*$ on the line with its CR. */
static bool
namespace_line(const char *s, size_t n, size_t *name_len)
{
	size_t i = 1;

	if (n < 3 || s[0] != '[')
		return false;
	while (i < n && (is_keych(s[i]) || s[i] == ':'))
		i++;
	if (i == 1 || i >= n || s[i] != ']')
		return false;
	*name_len = i + 1;
	for (i++; i < n; i++)
		if (!is_ws(s[i]))
			return false;
	return true;
}

static bool
all_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_ws(s[i]))
			return false;
	return true;
}

/* Strip trailing white space (fml8: s/\s*$//). */
static size_t
rstrip_len(const char *s, size_t n)
{
	while (n > 0 && is_ws(s[n - 1]))
		n--;
	return n;
}

/*
 * Classify one line and advance the state.  `crlf` tells whether fml8 sees
 * a "\r" at the end (it chomps only "\n").  Fills kind, key, op, value.
 */
static void
scan_line(struct scan *st, f48_cf8_line *ln, bool crlf)
{
	const char *s = ln->raw;
	size_t n = ln->raw_len, nl, i, k;

	if (namespace_line(s, n, &nl)) {
		f48_sb_reset(&st->ns);
		f48_sb_append(&st->ns, s, nl);
	}
	if (st->after_cut) {
		if (n > 0 && s[0] == '=') {
			ln->kind = F48_CF8_POD;
			if (n > 1 && is_keych(s[1]))
				st->after_cut = false;
		} else
			ln->kind = F48_CF8_HOOK;
		return;
	}
	if (n > 0 && s[0] == '=') {
		/* fml8 tests the prefix only: "=cutx" starts the hook part too */
		if (n >= 4 && memcmp(s, "=cut", 4) == 0)
			st->after_cut = true;
		f48_sb_reset(&st->ns);
		ln->kind = F48_CF8_POD;
		return;
	}
	if (namespace_line(s, n, &nl)) {
		ln->kind = F48_CF8_NAMESPACE;
		return;
	}
	/* key, white space, one of = += -= (tried in that order by fml8) */
	for (k = 0; k < n && is_keych(s[k]); k++)
		;
	if (k > 0) {
		const char *op = NULL;

		for (i = k; i < n && is_ws(s[i]); i++)
			;
		if (i < n && s[i] == '=')
			op = "=";
		else if (i + 1 < n && s[i + 1] == '=' && (s[i] == '+' || s[i] == '-'))
			op = s[i] == '+' ? "+=" : "-=";
		if (op) {
			i += strlen(op);
			while (i < n && is_ws(s[i]))
				i++;
			ln->kind = F48_CF8_ASSIGN;
			ln->key = f48_xstrndup(s, k);
			memcpy(ln->op, op, strlen(op) + 1);
			ln->value = f48_xstrndup(s + i, rstrip_len(s + i, n - i));
			st->have_key = true;
			st->curkey = ln->key;
			return;
		}
	}
	if (all_blank(s, n)) {
		ln->kind = F48_CF8_BLANK;
		/* fml8 treats it as a continuation when it begins with \s */
		if (st->have_key && (n > 0 || crlf)) {
			ln->key = f48_xstrdup(st->curkey);
			ln->value = f48_xstrdup("");
		}
		return;
	}
	if (is_ws(s[0]) && st->have_key) {
		for (i = 0; i < n && is_ws(s[i]); i++)
			;
		ln->kind = F48_CF8_CONT;
		ln->key = f48_xstrdup(st->curkey);
		ln->value = f48_xstrndup(s + i, rstrip_len(s + i, n - i));
		return;
	}
	ln->kind = s[0] == '#' ? F48_CF8_COMMENT : F48_CF8_OTHER;
}

static void
line_clear(f48_cf8_line *ln)
{
	free(ln->raw);
	free(ln->eol);
	free(ln->key);
	free(ln->value);
}

/* Split into lines and classify them; findings may be NULL. */
static void
parse_into(f48_cf8 *cf, const char *buf, size_t len, f48_findings *fs)
{
	struct scan st = { 0 };
	size_t pos = 0;

	f48_sb_init(&st.ns);
	cf->cut_line = -1;
	while (pos < len) {
		const char *nlp = memchr(buf + pos, '\n', len - pos);
		size_t end = nlp ? (size_t)(nlp - buf) : len, rlen = end - pos;
		const char *eol = nlp ? "\n" : "";
		f48_cf8_line *ln;

		if (nlp && rlen > 0 && buf[end - 1] == '\r') {
			rlen--;
			eol = "\r\n";
		}
		cf->lines = f48_xgrow(cf->lines, &cf->cap, cf->n + 1, sizeof(*cf->lines));
		ln = &cf->lines[cf->n];
		memset(ln, 0, sizeof(*ln));
		ln->raw = f48_xstrndup(buf + pos, rlen);
		ln->raw_len = rlen;
		ln->eol = f48_xstrdup(eol);
		ln->lineno = (long)cf->n + 1;
		scan_line(&st, ln, eol[0] == '\r');
		if (ln->kind == F48_CF8_POD && rlen >= 4 && memcmp(ln->raw, "=cut", 4) == 0) {
			if (cf->cut_line < 0)
				cf->cut_line = (long)cf->n;
			cf->ncut++;
		}
		if (fs && ln->kind == F48_CF8_OTHER)
			f48_findings_add(fs, F48_SEV_WARNING, F48_C_CF8_LINE_IGNORED,
			    cf->path, ln->lineno, "write it as \"key = value\", or as a "
			    "comment starting with \"#\" in the first column",
			    "fml8 ignores this line: it is no assignment, continuation "
			    "or comment");
		if (fs && ln->kind == F48_CF8_CONT && ln->value[0] == '#')
			f48_findings_add(fs, F48_SEV_WARNING, F48_C_CF8_COMMENT_IN_VALUE,
			    cf->path, ln->lineno, "move the \"#\" to the first column",
			    "an indented comment continues the value of %s: fml8 "
			    "appends \"%s\" to it", ln->key, ln->value);
		cf->n++;
		pos = nlp ? end + 1 : len;
	}
	if (fs && cf->ncut > 1)
		f48_findings_add(fs, F48_SEV_INFO, F48_C_CF8_MULTIPLE_CUT, cf->path,
		    cf->lines[cf->cut_line].lineno, NULL,
		    "%zu \"=cut\" lines: the hook part starts at the first one; a "
		    "later one ends the hook part again", cf->ncut);
	f48_sb_free(&st.ns);
}

f48_cf8 *
f48_cf8_parse(const char *buf, size_t len, const char *path, f48_findings *findings)
{
	f48_cf8 *cf = f48_xcalloc(1, sizeof(*cf));

	cf->path = f48_xstrdup(path ? path : "");
	parse_into(cf, buf, len, findings);
	return cf;
}

int
f48_cf8_read(const char *path, f48_cf8 **out, f48_findings *findings, f48_error *err)
{
	char *buf;
	size_t len;
	int rc;

	*out = NULL;
	if ((rc = f48_file_read(path, CF8_MAX_SIZE, &buf, &len, err)) < 0)
		return rc;
	*out = f48_cf8_parse(buf, len, path, findings);
	free(buf);
	return F48_OK;
}

void
f48_cf8_write(const f48_cf8 *cf, f48_sb *out)
{
	for (size_t i = 0; i < cf->n; i++) {
		f48_sb_append(out, cf->lines[i].raw, cf->lines[i].raw_len);
		f48_sb_puts(out, cf->lines[i].eol);
	}
}

static void
lines_free(f48_cf8 *cf)
{
	for (size_t i = 0; i < cf->n; i++)
		line_clear(&cf->lines[i]);
	free(cf->lines);
	cf->lines = NULL;
	cf->n = cf->cap = 0;
	cf->ncut = 0;
	cf->cut_line = -1;
}

/*
 * Rebuilding the text and parsing it again keeps the classification right
 * around the inserted lines (a continuation after them now continues their
 * last key, exactly as fml8 would read the new file).
 */
void
f48_cf8_insert_before_cut(f48_cf8 *cf, const char *text)
{
	f48_sb sb;
	size_t at = cf->cut_line >= 0 ? (size_t)cf->cut_line : cf->n;

	f48_sb_init(&sb);
	for (size_t i = 0; i < at; i++) {
		f48_sb_append(&sb, cf->lines[i].raw, cf->lines[i].raw_len);
		f48_sb_puts(&sb, cf->lines[i].eol);
	}
	/* a last line without newline would swallow the inserted text */
	if (at > 0 && cf->lines[at - 1].eol[0] == '\0')
		f48_sb_putc(&sb, '\n');
	f48_sb_puts(&sb, text);
	/* a caller's missing final newline must not glue text to the "=cut" */
	if (sb.len > 0 && sb.data[sb.len - 1] != '\n')
		f48_sb_putc(&sb, '\n');
	if (cf->cut_line < 0)
		f48_sb_puts(&sb, "=cut\n");
	for (size_t i = at; i < cf->n; i++) {
		f48_sb_append(&sb, cf->lines[i].raw, cf->lines[i].raw_len);
		f48_sb_puts(&sb, cf->lines[i].eol);
	}
	lines_free(cf);
	parse_into(cf, sb.data, sb.len, NULL);
	f48_sb_free(&sb);
}

void
f48_cf8_free(f48_cf8 *cf)
{
	if (!cf)
		return;
	lines_free(cf);
	free(cf->path);
	free(cf);
}

/* ---- the environment --------------------------------------------------- */

struct var {
	char *raw;
	char *file;
	long line;
	bool self_ref;       /* raw refers to the key's own bare name ("loop1") */
	const f48_cf8_env *owner;   /* the env that frees it; a copy shares
	                                      its source's vars until it changes one */
};

struct f48_cf8_env {
	f48_strmap *vars;    /* key or "[ns]key" -> struct var */
	size_t nself;        /* vars with self_ref: find_loop1 looks only if > 0 */
};

static void
var_free(struct var *v)
{
	free(v->raw);
	free(v->file);
	free(v);
}

f48_cf8_env *
f48_cf8_env_new(void)
{
	f48_cf8_env *env = f48_xcalloc(1, sizeof(*env));

	env->vars = f48_strmap_new();
	return env;
}

void
f48_cf8_env_free(f48_cf8_env *env)
{
	if (!env)
		return;
	for (size_t i = 0; i < f48_strmap_size(env->vars); i++) {
		struct var *v = f48_strmap_value_at(env->vars, i);

		if (v->owner == env)
			var_free(v);
	}
	f48_strmap_free(env->vars, NULL);
	free(env);
}

f48_cf8_env *
f48_cf8_env_defaults(const f48_cf8 *defaults, const f48_cf8 *site)
{
	f48_cf8_env *env = f48_cf8_env_new();

	f48_cf8_env_apply(env, defaults);
	if (site)
		f48_cf8_env_apply(env, site);
	return env;
}

f48_cf8_env *
f48_cf8_env_copy(const f48_cf8_env *src)
{
	f48_cf8_env *env = f48_xcalloc(1, sizeof(*env));
	size_t i;

	/* The keys and the vars are src's until this env changes one (see
	 * var_get_or_add): a list's copy of fml8's defaults costs a table of
	 * pointers.  src must outlive the copy and not change meanwhile. */
	env->vars = f48_strmap_new_sized(f48_strmap_size(src->vars) + 64);
	for (i = 0; i < f48_strmap_size(src->vars); i++)
		f48_strmap_put_borrowed(env->vars, f48_strmap_key_at(src->vars, i),
		    f48_strmap_value_at(src->vars, i));
	env->nself = src->nself;
	return env;
}

static struct var *
var_get_or_add(f48_cf8_env *env, const char *key)
{
	struct var *v = f48_strmap_get(env->vars, key);

	if (!v) {
		v = f48_xcalloc(1, sizeof(*v));
		v->owner = env;
		f48_strmap_put(env->vars, key, v);
	} else if (v->owner != env) {
		/* shared with the env this one was copied from: copy on write */
		struct var *own = f48_xmalloc(sizeof(*own));

		own->raw = f48_xstrdup(v->raw);
		own->file = f48_xstrdup(v->file);
		own->line = v->line;
		own->self_ref = v->self_ref;
		own->owner = env;
		f48_strmap_put(env->vars, key, own);
		v = own;
	}
	return v;
}

static bool refers_to(const char *s, const char *name);
static const char *split_ns(const char *key, char **ns);

/* Keep the "loop1" flag of a variable and the env's count of them up to
 * date after its raw value changed, so that every expansion does not have
 * to rescan every variable. */
static void
var_changed(f48_cf8_env *env, const char *key, struct var *v)
{
	bool was = v->self_ref;
	char *ns;
	const char *bare = split_ns(key, &ns);

	v->self_ref = v->raw != NULL && refers_to(v->raw, bare);
	free(ns);
	if (was && !v->self_ref)
		env->nself--;
	else if (!was && v->self_ref)
		env->nself++;
}

/* Split on white space, dropping empty fields (fml8 trims, then splits). */
static size_t
next_word(const char *s, size_t *pos, const char **w)
{
	size_t i = *pos, start;

	while (s[i] && is_ws(s[i]))
		i++;
	start = i;
	while (s[i] && !is_ws(s[i]))
		i++;
	*w = s + start;
	*pos = i;
	return i - start;
}

/*
 * "+=" and "-=" (fml8 _evaluate): the old value becomes a word list, the new
 * value is pushed whole ("+=") or removed where a word equals it entirely
 * ("-="); the "-=" filter also drops every word Perl holds false, i.e. "0".
 */
static char *
evaluate_op(const char *old, char op, const char *value)
{
	f48_sb sb;
	const char *w;
	size_t pos = 0, wl;

	f48_sb_init(&sb);
	while (old && (wl = next_word(old, &pos, &w)) > 0) {
		if (op == '-' && ((wl == 1 && w[0] == '0') ||
		    (strlen(value) == wl && memcmp(w, value, wl) == 0)))
			continue;
		if (sb.len > 0)
			f48_sb_putc(&sb, ' ');
		f48_sb_append(&sb, w, wl);
	}
	if (op == '+') {
		if (sb.len > 0)
			f48_sb_putc(&sb, ' ');
		f48_sb_puts(&sb, value);
	}
	return f48_sb_steal(&sb);
}

static void
assign(f48_cf8_env *env, const char *key, const char *op, const char *value,
    const char *file, long line)
{
	struct var *v = var_get_or_add(env, key);
	char *nv;

	if (op[0] == '=')
		nv = f48_xstrdup(value);
	else
		nv = evaluate_op(v->raw, op[0], value);
	free(v->raw);
	v->raw = nv;
	free(v->file);
	v->file = f48_xstrdup(file);
	v->line = line;
	var_changed(env, key, v);
}

/* fml8 __append_config: append " text" even to an undefined key. */
static void
append(f48_cf8_env *env, const char *key, const char *value)
{
	struct var *v = var_get_or_add(env, key);
	char *nv = f48_xasprintf("%s %s", v->raw ? v->raw : "", value);

	free(v->raw);
	v->raw = nv;
	var_changed(env, key, v);
}

void
f48_cf8_env_apply(f48_cf8_env *env, const f48_cf8 *cf)
{
	struct scan st = { 0 };
	f48_sb key;

	f48_sb_init(&st.ns);
	f48_sb_init(&key);
	for (size_t i = 0; i < cf->n; i++) {
		const f48_cf8_line *ln = &cf->lines[i];
		f48_cf8_line probe = { 0 };

		/* only the name space is wanted from the rescan */
		probe.raw = ln->raw;
		probe.raw_len = ln->raw_len;
		if (ln->kind == F48_CF8_POD || ln->kind == F48_CF8_HOOK ||
		    ln->kind == F48_CF8_NAMESPACE) {
			scan_line(&st, &probe, ln->eol[0] == '\r');
			free(probe.key);    /* never set for these kinds */
			free(probe.value);
			continue;
		}
		if (!ln->key)
			continue;
		f48_sb_reset(&key);
		f48_sb_append(&key, st.ns.data, st.ns.len);
		f48_sb_puts(&key, ln->key);
		if (ln->kind == F48_CF8_ASSIGN)
			assign(env, key.data, ln->op, ln->value, cf->path, ln->lineno);
		else
			append(env, key.data, ln->value);
	}
	f48_sb_free(&key);
	f48_sb_free(&st.ns);
}

void
f48_cf8_env_set(f48_cf8_env *env, const char *key, const char *value,
    const char *file, long line)
{
	assign(env, key, "=", value, file ? file : "", line);
}

const char *
f48_cf8_env_raw(const f48_cf8_env *env, const char *key,
    const char **file, long *line)
{
	struct var *v = f48_strmap_get(env->vars, key);

	if (!v || !v->raw)
		return NULL;
	if (file)
		*file = v->file;
	if (line)
		*line = v->line;
	return v->raw;
}

size_t
f48_cf8_env_size(const f48_cf8_env *env)
{
	return f48_strmap_size(env->vars);
}

const char *
f48_cf8_env_key_at(const f48_cf8_env *env, size_t i)
{
	return f48_strmap_key_at(env->vars, i);
}

/* ---- expansion --------------------------------------------------------- */

/* Where a $name inside the value of one key is looked up. */
struct scope {
	const f48_cf8_env *env;
	const char *ns;     /* "" or "[name]" */
};

/* The raw value of `name` (n bytes) in the name space, else at top level. */
static const char *
lookup(const struct scope *sc, const char *name, size_t n, bool ns_only)
{
	char *k = f48_xasprintf("%s%.*s", sc->ns, (int)n, name);
	struct var *v = f48_strmap_get(sc->env->vars, k);

	free(k);
	if ((!v || !v->raw) && sc->ns[0] && !ns_only) {
		k = f48_xstrndup(name, n);
		v = f48_strmap_get(sc->env->vars, k);
		free(k);
	}
	return v ? v->raw : NULL;
}

/*
 * Length of the name matched by fml8's [a-z_]+[a-z0-9] at s (0: none): the
 * longest run of [a-z_] plus one digit, or, backtracking, the longest prefix
 * of the run that has two characters or more and ends in a letter.
 */
static size_t
plain_name_len(const char *s)
{
	size_t r = 0;

	while (is_lower_(s[r]))
		r++;
	if (r >= 1 && is_digit(s[r]))
		return r + 1;
	while (r >= 2 && s[r - 1] == '_')
		r--;
	return r >= 2 ? r : 0;
}

/* Length of a "${name}" whose name fits [a-z_]+[a-z0-9] (0: none). */
static size_t
braced_name_len(const char *s)
{
	size_t i = 0;

	if (s[0] != '$' || s[1] != '{')
		return 0;
	while (is_lower_(s[2 + i]) || is_digit(s[2 + i]))
		i++;
	if (i < 2 || s[2 + i] != '}')
		return 0;
	for (size_t j = 0; j + 1 < i; j++)
		if (!is_lower_(s[2 + j]))
			return 0;
	return i;
}

/* One pass of s/\$NAME/value/g or s/\$\{NAME\}/value/g. */
static char *
pass_names(const struct scope *sc, const char *in, bool braced)
{
	f48_sb sb;
	const char *p = in;

	f48_sb_init(&sb);
	while (*p && sb.len <= CF8_MAX_VALUE) {
		size_t n = 0;
		const char *name = p + (braced ? 2 : 1), *val;

		if (p[0] == '$')
			n = braced ? braced_name_len(p) : plain_name_len(p + 1);
		if (n == 0) {
			f48_sb_putc(&sb, *p++);
			continue;
		}
		val = lookup(sc, name, n, false);
		f48_sb_puts(&sb, val ? val : "");
		p = name + n + (braced ? 1 : 0);
	}
	return f48_sb_steal(&sb);
}

/*
 * READ_ONLY(a b) -> " READ_ONLY(a) READ_ONLY(b)", from the first
 * "READ_ONLY(" to the last ")" (fml8's greedy regexp).  Perl's split keeps a
 * leading empty field, so leading blanks give " READ_ONLY()".
 * fml8 does this in every expansion round, on values it expands in place in
 * hash order: a value that needs a second round gets mangled
 * ("READ_ONLY(a)) READ_ONLY(READ_ONLY(b)") or not, depending on that order.
 * We do it once, on the finished value: the result of the lucky order.
 */
static char *
pass_read_only(const char *in)
{
	const char *b = strstr(in, "READ_ONLY("), *inner, *e;
	f48_sb sb;

	if (!b || !(e = strrchr(b + 10, ')')))
		return f48_xstrdup(in);
	inner = b + 10;
	f48_sb_init(&sb);
	f48_sb_append(&sb, in, (size_t)(b - in));
	if (inner < e) {
		const char *p = inner;
		size_t keep = (size_t)(e - inner);

		/* trailing empty fields are dropped by split */
		while (keep > 0 && is_ws(inner[keep - 1]))
			keep--;
		if (keep > 0 && is_ws(*p)) {
			f48_sb_puts(&sb, " READ_ONLY()");
			while (is_ws(*p))
				p++;
		}
		while (p < inner + keep) {
			const char *w = p;

			while (p < inner + keep && !is_ws(*p))
				p++;
			f48_sb_printf(&sb, " READ_ONLY(%.*s)", (int)(p - w), w);
			while (p < inner + keep && is_ws(*p))
				p++;
		}
	}
	f48_sb_puts(&sb, e + 1);
	return f48_sb_steal(&sb);
}

/* Match ${name:-default} with both parts in [a-z0-9_]+; returns its length. */
static size_t
default_form_len(const char *s, size_t *nlen, const char **def, size_t *dlen)
{
	size_t i = 2, j;

	if (s[0] != '$' || s[1] != '{')
		return 0;
	while (is_lower_(s[i]) || is_digit(s[i]))
		i++;
	if (i == 2 || s[i] != ':' || s[i + 1] != '-')
		return 0;
	*nlen = i - 2;
	j = i + 2;
	while (is_lower_(s[j]) || is_digit(s[j]))
		j++;
	if (j == i + 2 || s[j] != '}')
		return 0;
	*def = s + i + 2;
	*dlen = j - (i + 2);
	return j + 1;
}

/*
 * ${name:-default}: fml8 takes `default` from the first such form and uses
 * it for every undefined name in the value (its replacement reuses the
 * variable of the first match); a defined name gives its value, even "".
 * Only the key's own name space is consulted here, as in fml8.
 */
static char *
pass_defaults(const struct scope *sc, const char *in)
{
	const char *p = in, *def0 = NULL;
	size_t dlen0 = 0;
	f48_sb sb;

	for (p = in; *p; p++) {
		size_t nl, dl, m;
		const char *d;

		if ((m = default_form_len(p, &nl, &d, &dl)) > 0) {
			def0 = d;
			dlen0 = dl;
			break;
		}
	}
	if (!def0)
		return f48_xstrdup(in);
	f48_sb_init(&sb);
	p = in;
	while (*p && sb.len <= CF8_MAX_VALUE) {
		const char *d, *val;
		size_t nl, dl, m = default_form_len(p, &nl, &d, &dl);

		if (m == 0) {
			f48_sb_putc(&sb, *p++);
			continue;
		}
		val = lookup(sc, p + 2, nl, true);
		if (val)
			f48_sb_puts(&sb, val);
		else
			f48_sb_append(&sb, def0, dlen0);
		p += m;
	}
	return f48_sb_steal(&sb);
}

/* Does s contain "$" immediately followed by name (fml8 /\$$x/)? */
static bool
refers_to(const char *s, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = strchr(s, '$'); p; p = strchr(p + 1, '$'))
		if (strncmp(p + 1, name, n) == 0)
			return true;
	return false;
}

/* The bare name of a key ("[ns]name" -> "name") and its name space. */
static const char *
split_ns(const char *key, char **ns)
{
	const char *close = key[0] == '[' ? strchr(key, ']') : NULL;

	*ns = close ? f48_xstrndup(key, (size_t)(close - key + 1)) : f48_xstrdup("");
	return close ? close + 1 : key;
}

/*
 * fml8 checks every key for a self reference before expanding anything and
 * croaks, so one "x = $x/y" anywhere makes every read fail; keep that.
 */
static char *
find_loop1(const f48_cf8_env *env)
{
	if (env->nself == 0)
		return NULL;
	for (size_t i = 0; i < f48_strmap_size(env->vars); i++) {
		const char *k = f48_strmap_key_at(env->vars, i), *bare;
		const struct var *v = f48_strmap_value_at(env->vars, i);
		char *ns;
		bool loop;

		if (!v->raw)
			continue;
		bare = split_ns(k, &ns);
		free(ns);
		loop = refers_to(v->raw, bare);
		if (loop)
			return f48_xasprintf("%s:%ld: the value of %s refers to "
			    "$%s itself (fml8 stops: \"loop1\")", v->file, v->line,
			    k, bare);
	}
	return NULL;
}

/*
 * fml8 expands every key in place, in Perl's (random) hash order, so a key
 * that refers to an already expanded key needs fewer rounds: whether a chain
 * of 16 nested references hits the limit changes from run to run.  We always
 * start from the raw values (the unlucky order), so what we accept fml8
 * accepts on every run.  Callers report a failure as CF8_EXPAND_LOOP.
 */
char *
f48_cf8_env_expand(const f48_cf8_env *env, const char *key, char **errmsg)
{
	struct var *v = f48_strmap_get(env->vars, key);
	struct scope sc = { env, NULL };
	const char *bare;
	char *ns, *cur, *loop;
	size_t n;

	if (errmsg)
		*errmsg = NULL;
	if ((loop = find_loop1(env)) != NULL) {
		if (errmsg)
			*errmsg = loop;
		else
			free(loop);
		return NULL;
	}
	cur = f48_xstrdup(v && v->raw ? v->raw : "");
	bare = split_ns(key, &ns);
	sc.ns = ns;
	/* fml8 leaves a value without "$" alone (READ_ONLY is not touched) */
	for (int round = 1; strchr(cur, '$') && round <= CF8_MAX_ROUNDS; round++) {
		char *a = pass_names(&sc, cur, false);
		char *b = pass_names(&sc, a, true);
		char *d = pass_defaults(&sc, b);
		bool done = !strchr(d, '$') || strcmp(d, cur) == 0;
		bool huge = strlen(a) > CF8_MAX_VALUE || strlen(b) > CF8_MAX_VALUE ||
		    strlen(d) > CF8_MAX_VALUE;

		free(a);
		free(b);
		free(cur);
		cur = d;
		if (huge) {
			if (errmsg)
				*errmsg = f48_xasprintf("%s: expanding it grows past %zu "
				    "bytes in round %d (values that refer to others "
				    "several times double every round)", key,
				    CF8_MAX_VALUE, round);
			goto fail;
		}
		if (done && round < CF8_MAX_ROUNDS) {
			char *ro = pass_read_only(cur);

			free(cur);
			cur = ro;
			goto out;
		}
		if (!done && refers_to(cur, bare)) {
			if (errmsg)
				*errmsg = f48_xasprintf("%s: expanding it leads back to "
				    "$%s (fml8 stops: \"loop2\")", key, bare);
			goto fail;
		}
		if (round == CF8_MAX_ROUNDS) {
			/* fml8 fails even when the 16th round finishes */
			if (errmsg)
				*errmsg = f48_xasprintf("%s: expansion needs %d rounds "
				    "or more (fml8 stops at %d)", key, CF8_MAX_ROUNDS,
				    CF8_MAX_ROUNDS);
			goto fail;
		}
	}
out:
	/* FETCH strips trailing white space from what it returns */
	n = rstrip_len(cur, strlen(cur));
	cur[n] = '\0';
	free(ns);
	return cur;
fail:
	free(cur);
	free(ns);
	return NULL;
}

bool
f48_cf8_env_has_word(const f48_cf8_env *env, const char *key, const char *word)
{
	char *val = f48_cf8_env_expand(env, key, NULL);
	size_t pos = 0, wl, n = strlen(word);
	const char *w;
	bool found = false;

	if (!val)
		return false;
	while (!found && (wl = next_word(val, &pos, &w)) > 0)
		found = wl == n && memcmp(w, word, n) == 0;
	free(val);
	return found;
}

bool
f48_cf8_env_apply_line(f48_cf8_env *env, const char *line)
{
	char key[256], *doc, *before, *after;
	const char *p = line, *value;
	size_t k = 0;
	bool changed;
	f48_cf8 *cf;
	char op;

	/* the key: [A-Za-z0-9_]+ (a loop: strspn builds its table per call) */
	while ((p[k] >= 'a' && p[k] <= 'z') || (p[k] >= 'A' && p[k] <= 'Z') ||
	    (p[k] >= '0' && p[k] <= '9') || p[k] == '_')
		k++;
	if (k == 0 || k >= sizeof(key))
		return false;
	memcpy(key, p, k);
	key[k] = '\0';
	p += k + strspn(p + k, " \t");
	op = p[0];
	if (op == '=')
		value = p + 1;
	else if ((op == '+' || op == '-') && p[1] == '=')
		value = p + 2;
	else
		return false;
	value += strspn(value, " \t");
	if (op == '+' && f48_cf8_env_has_word(env, key, value))
		return false;
	if (op == '-' && !f48_cf8_env_has_word(env, key, value))
		return false;
	before = f48_cf8_env_expand(env, key, NULL);
	if (strpbrk(line, "\r\n") == NULL) {
		/* one line: what parsing "line\n" as a document and applying it
		 * does, without the document (a first line has no name space and
		 * continues nothing, so only an assignment counts) */
		struct scan st = { 0 };
		f48_cf8_line ln = { 0 };

		f48_sb_init(&st.ns);
		ln.raw = (char *)line;
		ln.raw_len = strlen(line);
		ln.lineno = 1;
		scan_line(&st, &ln, false);
		if (ln.kind == F48_CF8_ASSIGN)
			assign(env, ln.key, ln.op, ln.value, "(line)", 1);
		free(ln.key);
		free(ln.value);
		f48_sb_free(&st.ns);
	} else {
		doc = f48_xasprintf("%s\n", line);
		cf = f48_cf8_parse(doc, strlen(doc), "(line)", NULL);
		f48_cf8_env_apply(env, cf);
		f48_cf8_free(cf);
		free(doc);
	}
	if (op != '=') {
		free(before);
		return true;
	}
	after = f48_cf8_env_expand(env, key, NULL);
	changed = before == NULL || after == NULL || strcmp(before, after) != 0;
	free(before);
	free(after);
	return changed;
}

/*
 * postfix_maps.c - fml8's virtual map and aliases blocks: generation,
 * replacement, the domain line, --fix and the stale-entry scan.
 * Contract in postfix_maps.h.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "codes.h"
#include "util/fileio.h"
#include "util/xalloc.h"
#include "postfix/postfix_maps.h"

#define MAP_MAX_SIZE (64u << 20)

const char *const f48_pf_suffixes[5] = { "", "-ctl", "-request", "-admin", "-error" };

void
f48_pf_list_clear(f48_pf_list *l)
{
	if (l == NULL)
		return;
	free(l->name);
	free(l->domain);
	free(l->home);
	free(l->fml4_dir);
	free(l->admin);
	free(l->owner);
	free(l->owner_from);
	memset(l, 0, sizeof(*l));
}

/* ---- lines ------------------------------------------------------------ */

/* One physical line of a buffer: [s, e) without its LF; nl tells whether
 * it had one. */
typedef struct pline {
	const char *s, *e;
	bool nl;
} pline;

/* Split text into lines; caller frees the array. */
static pline *
split_lines(const char *text, size_t len, size_t *n)
{
	pline *v = NULL;
	size_t cnt = 0, cap = 0;
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *q = memchr(p, '\n', (size_t)(end - p));

		v = f48_xgrow(v, &cap, cnt + 1, sizeof(*v));
		v[cnt].s = p;
		v[cnt].e = q ? q : end;
		v[cnt].nl = q != NULL;
		cnt++;
		p = q ? q + 1 : end;
	}
	*n = cnt;
	return v;
}

static void
put_line(f48_sb *out, const pline *l)
{
	f48_sb_append(out, l->s, (size_t)(l->e - l->s));
	if (l->nl)
		f48_sb_putc(out, '\n');
}

static const char *
skip_ws(const char *s, const char *e)
{
	while (s < e && (*s == ' ' || *s == '\t' || *s == '\r'))
		s++;
	return s;
}

static const char *
skip_word(const char *s, const char *e)
{
	while (s < e && *s != ' ' && *s != '\t' && *s != '\r')
		s++;
	return s;
}

static const char *
trim_end(const char *s, const char *e)
{
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	return e;
}

/* Is the line (trailing blanks ignored) exactly `want`? */
static bool
line_is(const pline *l, const char *want)
{
	const char *e = trim_end(l->s, l->e);
	size_t n = strlen(want);

	return (size_t)(e - l->s) == n && memcmp(l->s, want, n) == 0;
}

static bool
starts(const char *s, const char *e, const char *prefix)
{
	size_t n = strlen(prefix);

	return (size_t)(e - s) >= n && memcmp(s, prefix, n) == 0;
}

static bool
word_eq_ci(const char *s, const char *e, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(e - s) == n && strncasecmp(s, w, n) == 0;
}

/* A block marker line: "### <KIND ..." (start) or "### </KIND ..." (end). */
static int
marker_kind(const pline *l)
{
	if (starts(l->s, l->e, "### </"))
		return 2;
	if (starts(l->s, l->e, "### <"))
		return 1;
	return 0;
}

/* ---- generation ------------------------------------------------------- */

char *
f48_pf_block_key(const char *kind, const char *ml, const char *domain)
{
	if (strcmp(kind, "ALIASES") == 0)
		return f48_xasprintf("%s=%s@%s", ml, domain, domain);
	return f48_xasprintf("%s@%s", ml, domain);
}

void
f48_pf_virtual_block(f48_sb *out, const char *ml, const char *domain,
    const char *realmx)
{
	size_t i;

	f48_sb_printf(out, "### <VIRTUAL %s@%s ML> ###\n\n", ml, domain);
	for (i = 0; i < 5; i++) {
		char *key = f48_xasprintf("%s%s@%s", ml, f48_pf_suffixes[i], domain);

		/* two tabs for keys shorter than 24 columns, as fml8 aligns them */
		f48_sb_printf(out, "%s%s%s%s=%s%s%s\n", key, strlen(key) < 24 ? "\t\t" : "\t",
		    ml, f48_pf_suffixes[i], domain,
		    realmx && *realmx ? "@" : "", realmx && *realmx ? realmx : "");
		free(key);
	}
	f48_sb_printf(out, "\n### </VIRTUAL %s@%s ML> ###\n", ml, domain);
}

void
f48_pf_aliases_block(f48_sb *out, const f48_pf_list *l)
{
	const char *ml = l->name, *d = l->domain;
	const char *owner = l->owner && *l->owner ? l->owner : "postmaster";
	const char *admin = l->admin && *l->admin ? l->admin : owner;

	f48_sb_printf(out, "### <ALIASES %s=%s@%s ML> ###\n\n", ml, d, d);
	f48_sb_printf(out, "# posts to %s@%s\n", ml, d);
	f48_sb_printf(out, "%s=%s: :include:%s/include\n", ml, d, l->home);
	f48_sb_printf(out, "owner-%s=%s: %s\n\n", ml, d, owner);
	f48_sb_printf(out, "# commands to %s-ctl@%s\n", ml, d);
	f48_sb_printf(out, "%s-ctl=%s: :include:%s/include-ctl\n", ml, d, l->home);
	f48_sb_printf(out, "owner-%s-ctl=%s: %s\n\n", ml, d, owner);
	f48_sb_printf(out, "# the list's administrators (%s)\n",
	    l->owner_from && *l->owner_from ? l->owner_from : "no fml4 admin found");
	f48_sb_printf(out, "%s-request=%s: %s-admin=%s\n", ml, d, ml, d);
	f48_sb_printf(out, "%s-admin=%s: %s, %s-error=%s\n\n", ml, d, admin, ml, d);
	f48_sb_printf(out, "# bounces, read by fml8's error process\n");
	f48_sb_printf(out, "%s-error=%s: :include:%s/include-error\n", ml, d, l->home);
	f48_sb_printf(out, "owner-%s-error=%s: %s\n", ml, d, owner);
	f48_sb_printf(out, "\n### </ALIASES %s=%s@%s ML> ###\n", ml, d, d);
}

/* ---- putting blocks --------------------------------------------------- */

static void
sb_replace(f48_sb *doc, f48_sb *with, bool *changed)
{
	bool same = doc->len == with->len && memcmp(doc->data, with->data, doc->len) == 0;

	if (changed)
		*changed = !same;
	f48_sb_reset(doc);
	f48_sb_append(doc, with->data, with->len);
}

int
f48_pf_put_block(f48_sb *doc, const char *file, const char *kind,
    const char *key, const char *block, bool *changed, f48_findings *fs,
    f48_error *err)
{
	char *start = f48_xasprintf("### <%s %s ML> ###", kind, key);
	char *endm = f48_xasprintf("### </%s %s ML> ###", kind, key);
	size_t n, i, j;
	pline *ls = split_lines(doc->data ? doc->data : "", doc->len, &n);
	bool placed = false;
	int rc = F48_OK;
	f48_sb out;

	f48_sb_init(&out);
	for (i = 0; i < n; i++) {
		if (!line_is(&ls[i], start)) {
			put_line(&out, &ls[i]);
			continue;
		}
		for (j = i + 1; j < n && !line_is(&ls[j], endm); j++)
			;
		if (j >= n) {
			rc = f48_error_set(err, F48_EINPUT, file, (long)i + 1,
			    "block \"%s\" has no end marker \"%s\"", start, endm);
			goto done;
		}
		if (!placed) {
			f48_sb_puts(&out, block);
			placed = true;
		} else if (fs)
			f48_findings_add(fs, F48_SEV_INFO, F48_C_VIRTUAL_BLOCK_DUPLICATE, file,
			    (long)i + 1, NULL, "a second copy of the block %s %s (lines %zu-%zu) is removed",
			    kind, key, i + 1, j + 1);
		i = j;
	}
	if (!placed) {
		if (out.len > 0 && out.data[out.len - 1] != '\n')
			f48_sb_putc(&out, '\n');
		f48_sb_puts(&out, block);
	}
	sb_replace(doc, &out, changed);
done:
	if (rc < 0 && changed)
		*changed = false;
	f48_sb_free(&out);
	free(ls);
	free(start);
	free(endm);
	return rc;
}

/* ---- the domain line -------------------------------------------------- */

/* Is this line (outside blocks) a domain line of `domain`?  *active gets
 * whether it is uncommented. */
static bool
is_domain_line(const pline *l, const char *domain, bool *active)
{
	const char *s = skip_ws(l->s, l->e), *e = trim_end(l->s, l->e), *w;

	*active = true;
	if (s < e && *s == '#') {
		*active = false;
		s = skip_ws(s + 1, e);
	}
	w = skip_word(s, e);
	if (!word_eq_ci(s, w, domain))
		return false;
	s = skip_ws(w, e);
	if (s >= e)
		return false;
	w = skip_word(s, e);
	return skip_ws(w, e) == e;
}

#define DL_COMMENT "# fml4to8 domain line: "

void
f48_pf_set_domain_line(f48_sb *doc, const char *domain, bool keep,
    const char *comment, bool *changed)
{
	size_t n, i, first_block = (size_t)-1, first_dl = (size_t)-1;
	pline *ls = split_lines(doc->data ? doc->data : "", doc->len, &n);
	char *want = f48_xasprintf("%s%s\t%s", keep ? "" : "#", domain, domain);
	bool *isdl = f48_xcalloc(n + 1, sizeof(*isdl));
	bool inblock = false, active;
	f48_sb out;

	for (i = 0; i < n; i++) {
		int mk = marker_kind(&ls[i]);

		if (mk == 1) {
			if (first_block == (size_t)-1)
				first_block = i;
			inblock = true;
		} else if (mk == 2)
			inblock = false;
		if (inblock || mk || !is_domain_line(&ls[i], domain, &active))
			continue;
		isdl[i] = true;
		if (first_dl == (size_t)-1)
			first_dl = i;
	}
	f48_sb_init(&out);
	for (i = 0; i < n; i++) {
		/* our earlier comment above the first domain line is rewritten */
		if (comment && first_dl != (size_t)-1 && i + 1 == first_dl &&
		    starts(ls[i].s, ls[i].e, DL_COMMENT))
			continue;
		if (i == first_dl && comment)
			f48_sb_printf(&out, DL_COMMENT "%s\n", comment);
		if (isdl[i]) {
			if (line_is(&ls[i], want))
				put_line(&out, &ls[i]);
			else
				f48_sb_printf(&out, "%s\n", want);
			continue;
		}
		if (first_dl == (size_t)-1 && i == first_block) {
			if (comment)
				f48_sb_printf(&out, DL_COMMENT "%s\n", comment);
			f48_sb_printf(&out, "%s\n\n", want);
		}
		put_line(&out, &ls[i]);
	}
	if (first_dl == (size_t)-1 && first_block == (size_t)-1) {
		if (out.len > 0 && out.data[out.len - 1] != '\n')
			f48_sb_putc(&out, '\n');
		if (comment)
			f48_sb_printf(&out, DL_COMMENT "%s\n", comment);
		f48_sb_printf(&out, "%s\n", want);
	}
	sb_replace(doc, &out, changed);
	f48_sb_free(&out);
	free(isdl);
	free(ls);
	free(want);
}

int
f48_pf_domain_line_state(const char *doc, size_t len, const char *domain)
{
	size_t n, i;
	pline *ls = split_lines(doc ? doc : "", len, &n);
	bool inblock = false, active;
	int state = -1;

	for (i = 0; i < n; i++) {
		int mk = marker_kind(&ls[i]);

		if (mk == 1)
			inblock = true;
		else if (mk == 2)
			inblock = false;
		if (inblock || mk || !is_domain_line(&ls[i], domain, &active))
			continue;
		if (active) {
			state = 1;
			break;
		}
		state = 0;
	}
	free(ls);
	return state;
}

int
f48_pf_virtual_declares(const char *path, const char *domain, long *line,
    f48_error *err)
{
	char *text = NULL;
	size_t len, n, i;
	pline *ls;
	int found = 0;

	if (f48_file_read(path, MAP_MAX_SIZE, &text, &len, err) < 0)
		return err ? err->status : F48_EINPUT;
	ls = split_lines(text, len, &n);
	for (i = 0; i < n; i++) {
		const char *s = skip_ws(ls[i].s, ls[i].e), *e = trim_end(ls[i].s, ls[i].e), *w;

		if (s >= e || *s == '#' || s != ls[i].s)   /* comment, blank, continuation */
			continue;
		w = skip_word(s, e);
		if (word_eq_ci(s, w, domain) && skip_ws(w, e) < e) {
			found = 1;
			if (line)
				*line = (long)i + 1;
			break;
		}
	}
	free(ls);
	free(text);
	return found;
}

/* ---- --fix -------------------------------------------------------------- */

static void
add_domain(char ***v, size_t *n, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strlen((*v)[i]) == len && strncasecmp((*v)[i], s, len) == 0)
			return;
	*v = f48_xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = f48_xstrndup(s, len);
}

/* The domain of a "### <VIRTUAL ml@domain ML> ###" marker, or NULL. */
static bool
virtual_marker_domain(const pline *l, const char **ds, size_t *dl)
{
	const char *s = l->s + strlen("### <VIRTUAL "), *e = l->e, *w, *at;

	if (!starts(l->s, l->e, "### <VIRTUAL "))
		return false;
	w = skip_word(s, e);
	at = memchr(s, '@', (size_t)(w - s));
	if (at == NULL || at + 1 >= w)
		return false;
	*ds = at + 1;
	*dl = (size_t)(w - at - 1);
	return true;
}

void
f48_pf_fix_virtual(const char *text, size_t len, const char *file,
    const char *realmx, f48_sb *out, size_t *nfixed, char ***domains,
    size_t *ndomains, f48_findings *fs)
{
	size_t n, i, fixed = 0;
	pline *ls = split_lines(text ? text : "", len, &n);

	for (i = 0; i < n; i++) {
		const char *s = ls[i].s, *e = trim_end(ls[i].s, ls[i].e);
		const char *kw, *vs, *ve, *at, *ds;
		size_t dl, ll;
		char *expect;

		if (virtual_marker_domain(&ls[i], &ds, &dl))
			add_domain(domains, ndomains, ds, dl);
		if (s >= e || *s == '#' || *s == ' ' || *s == '\t') {
			put_line(out, &ls[i]);
			continue;
		}
		kw = skip_word(s, e);
		vs = skip_ws(kw, e);
		ve = skip_word(vs, e);
		at = memchr(s, '@', (size_t)(kw - s));
		if (vs >= e || ve != e || at == NULL || at == s || at + 1 >= kw) {
			put_line(out, &ls[i]);
			continue;
		}
		ll = (size_t)(at - s);
		ds = at + 1;
		dl = (size_t)(kw - ds);
		/* fml8's form: LOCAL=DOMAIN, perhaps with @HOST */
		expect = f48_xasprintf("%.*s=%.*s", (int)ll, s, (int)dl, ds);
		{
			size_t xl = strlen(expect), vl = (size_t)(ve - vs);
			bool bare = vl == xl && strncasecmp(vs, expect, xl) == 0;
			bool hosted = vl > xl + 1 && strncasecmp(vs, expect, xl) == 0 && vs[xl] == '@';
			bool right = hosted && word_eq_ci(vs + xl + 1, ve, realmx);

			if ((bare || hosted) && !right) {
				f48_sb_append(out, s, (size_t)(vs - s));
				f48_sb_append(out, vs, xl);
				f48_sb_printf(out, "@%s", realmx);
				f48_sb_append(out, e, (size_t)(ls[i].e - e));
				if (ls[i].nl)
					f48_sb_putc(out, '\n');
				fixed++;
				if (bare)
					f48_findings_add(fs, F48_SEV_INFO, F48_C_VIRTUAL_NO_REALMX, file,
					    (long)i + 1, NULL, "%.*s: right-hand side %.*s gets @%s",
					    (int)(kw - s), s, (int)vl, vs, realmx);
				else
					f48_findings_add(fs, F48_SEV_INFO, F48_C_VIRTUAL_NO_REALMX, file,
					    (long)i + 1, NULL, "%.*s: right-hand side %.*s goes to %s instead",
					    (int)(kw - s), s, (int)vl, vs, realmx);
				add_domain(domains, ndomains, ds, dl);
			} else
				put_line(out, &ls[i]);
		}
		free(expect);
	}
	free(ls);
	*nfixed = fixed;
}

/* ---- aliases files: logical lines --------------------------------------- */

typedef struct alias_ent {
	long line;
	char *key;
	char *value;    /* continuation lines joined with a space */
} alias_ent;

static void
alias_ents_free(alias_ent *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].value);
	}
	free(v);
}

/* Aliases(5): "name: value", continuation lines start with white space,
 * "#" lines are comments.  sep is ':' for aliases, 0 for a virtual map
 * (key and value separated by white space). */
static alias_ent *
parse_entries(const char *text, size_t len, char sep, size_t *nout)
{
	size_t n, i, cnt = 0, cap = 0;
	pline *ls = split_lines(text, len, &n);
	alias_ent *v = NULL;

	for (i = 0; i < n; i++) {
		const char *s = ls[i].s, *e = trim_end(ls[i].s, ls[i].e), *k;
		f48_sb val;
		size_t j;

		if (s >= e || *s == '#' || *s == ' ' || *s == '\t')
			continue;
		if (sep) {
			k = memchr(s, sep, (size_t)(e - s));
			if (k == NULL)
				continue;
		} else
			k = skip_word(s, e);
		v = f48_xgrow(v, &cap, cnt + 1, sizeof(*v));
		v[cnt].line = (long)i + 1;
		{
			const char *ke = trim_end(s, k);

			/* a lone '"' is not a quoted key: both quotes must be there */
			if (sep && ke - s >= 2 && ke[-1] == '"' && *s == '"') {
				s++;
				ke--;
			}
			v[cnt].key = f48_xstrndup(s, (size_t)(ke - s));
		}
		f48_sb_init(&val);
		s = skip_ws(sep ? k + 1 : k, e);
		f48_sb_append(&val, s, (size_t)(e - s));
		for (j = i + 1; j < n; j++) {
			const char *cs = ls[j].s, *ce = trim_end(ls[j].s, ls[j].e);

			if (cs >= ce)
				continue;   /* blank lines do not end an entry */
			if (*cs != ' ' && *cs != '\t')
				break;
			cs = skip_ws(cs, ce);
			if (*cs == '#')
				continue;
			f48_sb_putc(&val, ' ');
			f48_sb_append(&val, cs, (size_t)(ce - cs));
		}
		i = j - 1;
		v[cnt].value = f48_sb_steal(&val);
		cnt++;
	}
	free(ls);
	*nout = cnt;
	return v;
}

static int
read_entries(const char *path, char sep, alias_ent **v, size_t *n, f48_error *err)
{
	char *text = NULL;
	size_t len;

	if (f48_file_read(path, MAP_MAX_SIZE, &text, &len, err) < 0)
		return err ? err->status : F48_EINPUT;
	*v = parse_entries(text, len, sep, n);
	free(text);
	return F48_OK;
}

/* Keep only the plain address targets of an alias value. */
static char *
address_targets(const char *value)
{
	f48_sb out;
	const char *p = value;

	f48_sb_init(&out);
	while (*p) {
		const char *q = strchr(p, ','), *e;
		const char *s;

		if (q == NULL)
			q = p + strlen(p);
		s = skip_ws(p, q);
		e = trim_end(s, q);
		if (e > s && *s != '|' && *s != '"' && *s != '/' && !starts(s, e, ":include:")) {
			if (out.len)
				f48_sb_puts(&out, ", ");
			f48_sb_append(&out, s, (size_t)(e - s));
		}
		p = *q ? q + 1 : q;
	}
	if (out.len == 0) {
		f48_sb_free(&out);
		return NULL;
	}
	return f48_sb_steal(&out);
}

int
f48_pf_fml4_owner(const char *path, const char *ml, char **admin,
    char **owner, long *line, f48_error *err)
{
	alias_ent *v = NULL;
	size_t n = 0, i;
	char *kadmin = f48_xasprintf("%s-admin", ml), *kowner = f48_xasprintf("owner-%s", ml);
	char kind;
	int found = 0;

	*admin = *owner = NULL;
	if (f48_file_lstat_kind(path, &kind) < 0) {
		free(kadmin);
		free(kowner);
		return 0;
	}
	if (read_entries(path, ':', &v, &n, err) < 0) {
		free(kadmin);
		free(kowner);
		return err ? err->status : F48_EINPUT;
	}
	for (i = 0; i < n; i++) {
		char **dst = NULL;

		if (strcasecmp(v[i].key, kadmin) == 0 && *admin == NULL)
			dst = admin;
		else if (strcasecmp(v[i].key, kowner) == 0 && *owner == NULL)
			dst = owner;
		if (dst == NULL)
			continue;
		*dst = address_targets(v[i].value);
		if (*dst && !found) {
			found = 1;
			if (line)
				*line = v[i].line;
		}
	}
	alias_ents_free(v, n);
	free(kadmin);
	free(kowner);
	return found;
}

/* ---- stale entries ------------------------------------------------------- */

/* Does value name `dir` as a path (dir followed by "/", a quote, a blank,
 * a comma or the end)?  *rest gets what follows "dir/". */
static bool
mentions_dir(const char *value, const char *dir, const char **rest)
{
	size_t dl = strlen(dir);
	const char *p = value;

	if (dl == 0)
		return false;
	while ((p = strstr(p, dir)) != NULL) {
		char c = p[dl];

		if (c == '/' || c == '"' || c == ' ' || c == '\t' || c == ',' || c == '\0') {
			*rest = c == '/' ? p + dl + 1 : p + dl;
			return true;
		}
		p += dl;
	}
	return false;
}

int
f48_pf_scan_aliases(const char *path, const f48_pf_list *lists, size_t n,
    f48_findings *fs, f48_error *err)
{
	alias_ent *v = NULL;
	size_t nv = 0, i, k;

	if (read_entries(path, ':', &v, &nv, err) < 0)
		return err ? err->status : F48_EINPUT;
	for (i = 0; i < nv; i++) {
		for (k = 0; k < n; k++) {
			const f48_pf_list *l = &lists[k];
			const char *rest = NULL;
			bool stale = false;
			size_t s;

			if (mentions_dir(v[i].value, l->fml4_dir, &rest)) {
				static const char *const inc[3] = { "include", "include-ctl", "include-error" };
				static const char *const suf[3] = { "", "-ctl", "-error" };

				stale = true;
				/* fml8's own alias of an in-place list is fine */
				if (l->home && strcmp(l->home, l->fml4_dir) == 0 &&
				    strstr(v[i].value, "fml.pl") == NULL)
					for (s = 0; s < 3; s++) {
						char *key = f48_xasprintf("%s%s=%s", l->name, suf[s], l->domain);
						size_t il = strlen(inc[s]);

						if (strcasecmp(v[i].key, key) == 0 && strncmp(rest, inc[s], il) == 0 &&
						    (rest[il] == '\0' || rest[il] == ' ' || rest[il] == '"' ||
						    rest[il] == ',' || rest[il] == '\t'))
							stale = false;
						free(key);
					}
			} else if (strstr(v[i].value, "fml.pl")) {
				/* fml.pl under one of the list's fml4 names */
				char *names[7];

				for (s = 0; s < 5; s++)
					names[s] = f48_xasprintf("%s%s", l->name, f48_pf_suffixes[s]);
				names[5] = f48_xasprintf("owner-%s", l->name);
				names[6] = f48_xasprintf("owner-%s-ctl", l->name);
				for (s = 0; s < 7; s++) {
					if (strcasecmp(v[i].key, names[s]) == 0)
						stale = true;
					free(names[s]);
				}
			}
			if (!stale)
				continue;
			f48_findings_add(fs, F48_SEV_WARNING, F48_C_ALIAS_STALE_FML4, path, v[i].line,
			    "remove or comment out this alias, then run postalias on the file",
			    "alias \"%s\" still sends mail of the migrated list %s@%s to fml4: %s",
			    v[i].key, l->name, l->domain, v[i].value);
			break;
		}
	}
	alias_ents_free(v, nv);
	return F48_OK;
}

int
f48_pf_scan_virtual(const char *path, const f48_pf_list *lists, size_t n,
    const char *realmx, f48_findings *fs, f48_error *err)
{
	alias_ent *v = NULL;
	size_t nv = 0, i, k, s;

	if (read_entries(path, 0, &v, &nv, err) < 0)
		return err ? err->status : F48_EINPUT;
	for (i = 0; i < nv; i++) {
		for (k = 0; k < n; k++) {
			const f48_pf_list *l = &lists[k];
			char *local = NULL;
			char *key;

			for (s = 0; s < 7 && local == NULL; s++) {
				if (s < 5)
					local = f48_xasprintf("%s%s", l->name, f48_pf_suffixes[s]);
				else if (s == 5)
					local = f48_xasprintf("owner-%s", l->name);
				else
					local = f48_xasprintf("%s-owner", l->name);
				key = f48_xasprintf("%s@%s", local, l->domain);
				if (strcasecmp(v[i].key, key) != 0) {
					free(local);
					local = NULL;
				}
				free(key);
			}
			if (local == NULL)
				continue;
			{
				char *expect = f48_xasprintf("%s=%s", local, l->domain);
				size_t xl = strlen(expect);
				const char *val = v[i].value;
				bool single = strpbrk(val, " \t,") == NULL;
				bool fml8 = single && strncasecmp(val, expect, xl) == 0 &&
				    (val[xl] == '\0' || val[xl] == '@');

				if (!fml8)
					f48_findings_add(fs, F48_SEV_WARNING, F48_C_VIRTUAL_STALE_FML4, path,
					    v[i].line, "remove or comment out this entry (fml8's entry is "
					    "the list's VIRTUAL block), then run postmap on the file",
					    "%s still goes to %s, not to fml8's %s: fml4's routing of the "
					    "migrated list %s@%s", v[i].key, val, expect, l->name, l->domain);
				else if (realmx && *realmx &&
				    (val[xl] == '\0' || strcasecmp(val + xl + 1, realmx) != 0))
					f48_findings_add(fs, F48_SEV_WARNING, F48_C_VIRTUAL_NO_REALMX, path,
					    v[i].line, "fml4to8 virtual --fix FILE --realmx HOST",
					    "%s goes to %s, not %s@%s: local(8) on the realmx host does not "
					    "get it", v[i].key, val, expect, realmx);
				free(expect);
				free(local);
			}
			break;
		}
	}
	alias_ents_free(v, nv);
	return F48_OK;
}

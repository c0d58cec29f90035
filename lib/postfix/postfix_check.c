/*
 * postfix_check.c - main.cf parsing, $name expansion and the deliverability
 * checks of fml4to8 virtual.  Contract in postfix_check.h.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "codes.h"
#include "util/fileio.h"
#include "util/xalloc.h"
#include "postfix/postfix_check.h"
#include "postfix/postfix_maps.h"

#define MAINCF_MAX_SIZE (8u << 20)
#define EXPAND_DEPTH 30
/* Steps (bytes copied, names looked up) one expansion may take: values that
 * refer to each other twice per level grow exponentially within the depth
 * limit ("a = $b $b", "b = $c $c" ...); past this the value is unknown. */
#define EXPAND_WORK (256 * 1024)

/* Postfix's defaults for what the checks read (postconf(5)). */
static const char *const defaults[][2] = {
	{ "myorigin", "$myhostname" },
	{ "mydestination", "$myhostname, localhost.$mydomain, localhost" },
	{ "alias_maps", "hash:/etc/aliases, nis:mail.aliases" },
	{ "virtual_alias_maps", "$virtual_maps" },
	{ "virtual_maps", "" },
	{ "virtual_alias_domains", "$virtual_alias_maps" },
	{ "allow_mail_to_commands", "alias, forward" },
	{ "recipient_delimiter", "" },
};

static void
add_param(f48_maincf *cf, const char *name, size_t nl, const char *value,
    size_t vl, long line)
{
	f48_maincf_param *p;

	cf->params = f48_xgrow(cf->params, &cf->cap, cf->n + 1, sizeof(*cf->params));
	p = &cf->params[cf->n++];
	p->name = f48_xstrndup(name, nl);
	p->value = f48_xstrndup(value, vl);
	p->line = line;
}

int
f48_maincf_parse(const char *text, size_t len, const char *path, f48_maincf **out)
{
	f48_maincf *cf = f48_xcalloc(1, sizeof(*cf));
	const char *p = text, *end = text + len;
	f48_sb val;
	const char *name = NULL;
	size_t namelen = 0;
	long lineno = 0, start = 0;

	cf->path = f48_xstrdup(path ? path : "main.cf");
	f48_sb_init(&val);
	while (p < end) {
		const char *q = memchr(p, '\n', (size_t)(end - p)), *s, *e;

		if (q == NULL)
			q = end;
		lineno++;
		s = p;
		e = q;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		p = q < end ? q + 1 : end;
		{
			const char *t = s;

			while (t < e && (*t == ' ' || *t == '\t'))
				t++;
			if (t >= e || *t == '#')
				continue;   /* blank and comment lines */
			if (t != s) {   /* continuation */
				if (name) {
					if (val.len)
						f48_sb_putc(&val, ' ');
					f48_sb_append(&val, t, (size_t)(e - t));
				}
				continue;
			}
		}
		if (name)
			add_param(cf, name, namelen, val.data ? val.data : "", val.len, start);
		name = NULL;
		f48_sb_reset(&val);
		{
			const char *eq = memchr(s, '=', (size_t)(e - s)), *ne, *vs;

			if (eq == NULL)
				continue;   /* not "name = value": Postfix warns and skips */
			ne = eq;
			while (ne > s && (ne[-1] == ' ' || ne[-1] == '\t'))
				ne--;
			if (ne == s)
				continue;
			vs = eq + 1;
			while (vs < e && (*vs == ' ' || *vs == '\t'))
				vs++;
			name = s;
			namelen = (size_t)(ne - s);
			start = lineno;
			f48_sb_append(&val, vs, (size_t)(e - vs));
		}
	}
	if (name)
		add_param(cf, name, namelen, val.data ? val.data : "", val.len, start);
	f48_sb_free(&val);
	*out = cf;
	return F48_OK;
}

int
f48_maincf_read(const char *path, f48_maincf **out, f48_error *err)
{
	char *text = NULL;
	size_t len;
	int rc;

	if ((rc = f48_file_read(path, MAINCF_MAX_SIZE, &text, &len, err)) < 0)
		return rc;
	rc = f48_maincf_parse(text, len, path, out);
	free(text);
	return rc;
}

void
f48_maincf_free(f48_maincf *cf)
{
	size_t i;

	if (cf == NULL)
		return;
	for (i = 0; i < cf->n; i++) {
		free(cf->params[i].name);
		free(cf->params[i].value);
	}
	free(cf->params);
	free(cf->path);
	free(cf);
}

const f48_maincf_param *
f48_maincf_find(const f48_maincf *cf, const char *name)
{
	size_t i;

	if (cf == NULL)
		return NULL;
	for (i = cf->n; i-- > 0;)
		if (strcmp(cf->params[i].name, name) == 0)
			return &cf->params[i];
	return NULL;
}

const char *
f48_maincf_value(const f48_maincf *cf, const char *name)
{
	const f48_maincf_param *p = f48_maincf_find(cf, name);
	size_t i;

	if (p)
		return p->value;
	for (i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
		if (strcmp(defaults[i][0], name) == 0)
			return defaults[i][1];
	return NULL;
}

static void expand_into(const f48_maincf *cf, const char *v, size_t vl,
    f48_sb *out, int depth, bool *unknown, size_t *work);

/* The expanded value of a name (with the mydomain default derived from
 * myhostname). */
static void
expand_name(const f48_maincf *cf, const char *name, f48_sb *out, int depth,
    bool *unknown, size_t *work)
{
	const char *v = f48_maincf_value(cf, name);

	if (++*work > EXPAND_WORK) {
		*unknown = true;
		return;
	}

	if (v == NULL && strcmp(name, "mydomain") == 0) {
		f48_sb host;
		const char *dot;

		f48_sb_init(&host);
		expand_name(cf, "myhostname", &host, depth + 1, unknown, work);
		dot = host.data ? strchr(host.data, '.') : NULL;
		if (dot && dot[1])
			f48_sb_puts(out, dot + 1);
		else if (host.len)
			f48_sb_puts(out, "localdomain");
		f48_sb_free(&host);
		return;
	}
	if (v == NULL || depth > EXPAND_DEPTH) {
		*unknown = true;
		return;
	}
	expand_into(cf, v, strlen(v), out, depth + 1, unknown, work);
}

static void
expand_into(const f48_maincf *cf, const char *v, size_t vl, f48_sb *out,
    int depth, bool *unknown, size_t *work)
{
	size_t i = 0;

	while (i < vl) {
		char c = v[i];

		if (++*work > EXPAND_WORK) {
			*unknown = true;
			return;
		}

		if (c != '$' || i + 1 >= vl) {
			f48_sb_putc(out, c);
			i++;
			continue;
		}
		if (v[i + 1] == '{' || v[i + 1] == '(') {
			char open = v[i + 1], close = open == '{' ? '}' : ')';
			size_t j = i + 2, level = 1, ns = i + 2, ne;
			char *name;

			while (j < vl && level > 0) {
				if (v[j] == open)
					level++;
				else if (v[j] == close)
					level--;
				if (level > 0)
					j++;
			}
			if (j >= vl) {   /* unbalanced: copy as is */
				f48_sb_append(out, v + i, vl - i);
				return;
			}
			ne = ns;
			while (ne < j && (isalnum((unsigned char)v[ne]) || v[ne] == '_'))
				ne++;
			name = f48_xstrndup(v + ns, ne - ns);
			if (ne < j && (v[ne] == '?' || v[ne] == ':')) {
				/* ${name?text}: text when name is non-empty; ${name:text}: when empty */
				f48_sb tmp;
				bool unk = false, empty;
				size_t ts = ne + 1, te = j;

				f48_sb_init(&tmp);
				expand_name(cf, name, &tmp, depth + 1, &unk, work);
				empty = tmp.len == 0;
				if (unk)
					*unknown = true;
				if (ts < te && v[ts] == '{' && v[te - 1] == '}') {
					ts++;
					te--;
				}
				if ((v[ne] == '?') != empty)
					expand_into(cf, v + ts, te - ts, out, depth + 1, unknown, work);
				f48_sb_free(&tmp);
			} else
				expand_name(cf, name, out, depth + 1, unknown, work);
			free(name);
			i = j + 1;
			continue;
		}
		{
			size_t ns = i + 1, ne = ns;
			char *name;

			while (ne < vl && (isalnum((unsigned char)v[ne]) || v[ne] == '_'))
				ne++;
			if (ne == ns) {
				f48_sb_putc(out, c);
				i++;
				continue;
			}
			name = f48_xstrndup(v + ns, ne - ns);
			expand_name(cf, name, out, depth + 1, unknown, work);
			free(name);
			i = ne;
		}
	}
}

char *
f48_maincf_expand(const f48_maincf *cf, const char *name, bool *unknown)
{
	f48_sb out;
	bool unk = false;
	size_t work = 0;

	f48_sb_init(&out);
	expand_name(cf, name, &out, 0, &unk, &work);
	if (unknown)
		*unknown = unk;
	if (out.data == NULL)
		f48_sb_puts(&out, "");
	return f48_sb_steal(&out);
}

size_t
f48_maincf_split(const char *value, char ***items)
{
	size_t n = 0, cap = 0;
	const char *p = value ? value : "";

	*items = NULL;
	while (*p) {
		const char *s;

		while (*p == ',' || *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (!*p)
			break;
		s = p;
		while (*p && *p != ',' && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
			p++;
		*items = f48_xgrow(*items, &cap, n + 1, sizeof(**items));
		(*items)[n++] = f48_xstrndup(s, (size_t)(p - s));
	}
	return n;
}

void
f48_maincf_items_free(char **items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(items[i]);
	free(items);
}

const char *
f48_maincf_map_path(const char *ref)
{
	const char *p;

	if (ref == NULL)
		return NULL;
	if (ref[0] == '/')
		return ref;
	p = strstr(ref, ":/");
	return p ? p + 1 : NULL;
}

/* ---- checks ------------------------------------------------------------ */

static bool
items_have_ci(char **items, size_t n, const char *want)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcasecmp(items[i], want) == 0)
			return true;
	return false;
}

static bool
items_have_map(char **items, size_t n, const char *file)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *p = f48_maincf_map_path(items[i]);

		if (p && strcmp(p, file) == 0)
			return true;
	}
	return false;
}

/* The line to put into main.cf: NAME = CURRENT, ADDITION. */
static char *
line_adding(const f48_maincf *cf, const char *name, const char *add)
{
	const char *v = f48_maincf_value(cf, name);

	if (v != NULL && f48_maincf_find(cf, name) == NULL) {
		/* Postfix's default: spelled out only when it means something */
		char *exp = f48_maincf_expand(cf, name, NULL);
		bool empty = *exp == '\0';

		free(exp);
		if (empty)
			v = NULL;
	}
	if (v == NULL || *v == '\0')
		return f48_xasprintf("%s = %s", name, add);
	return f48_xasprintf("%s = %s, %s", name, v, add);
}

static long
line_of(const f48_maincf *cf, const char *name)
{
	const f48_maincf_param *p = f48_maincf_find(cf, name);

	return p ? p->line : 0;
}

static const char *
where(const f48_maincf *cf, const char *name)
{
	return f48_maincf_find(cf, name) ? "" : " (not set: Postfix's default)";
}

/* Does an item list contain something the checks cannot look into? */
static bool
has_lookup(char **items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (items[i][0] == '/' || strchr(items[i], ':'))
			return true;
	return false;
}

static void
check_mydestination(const f48_maincf *cf, const f48_pf_check_opts *o, f48_findings *fs)
{
	bool unk = false;
	char *exp = f48_maincf_expand(cf, "mydestination", &unk);
	char **it = NULL;
	size_t n = f48_maincf_split(exp, &it);
	const char *raw = f48_maincf_value(cf, "mydestination");
	long line = line_of(cf, "mydestination");

	if (o->realmx && !items_have_ci(it, n, o->realmx)) {
		char *fix = line_adding(cf, "mydestination", o->realmx);

		if (unk || has_lookup(it, n))
			f48_findings_add(fs, F48_SEV_INFO, F48_C_MAINCF_UNDECIDED, cf->path, line, fix,
			    "cannot tell whether %s is in mydestination = %s%s (it expands to \"%s\"%s); "
			    "the virtual entries send the lists' mail to %s, which must be local",
			    o->realmx, raw, where(cf, "mydestination"), exp,
			    unk ? ", with an unknown $name: postconf -n omits defaults such as myhostname"
			    : ", with a lookup table", o->realmx);
		else
			f48_findings_add(fs, F48_SEV_WARNING, F48_C_MAINCF_REALMX_NOT_LOCAL, cf->path, line,
			    fix, "%s is not in mydestination = %s%s (expands to \"%s\"): the virtual "
			    "entries send the lists' mail to ML=DOMAIN@%s, which Postfix then does not "
			    "deliver locally", o->realmx, raw, where(cf, "mydestination"), exp, o->realmx);
		free(fix);
	}
	if (o->domain && items_have_ci(it, n, o->domain) && o->domain_declared) {
		char **rit = NULL;
		size_t rn = f48_maincf_split(raw, &rit), i;
		f48_sb fix;
		bool literal = false;

		f48_sb_init(&fix);
		f48_sb_puts(&fix, "mydestination =");
		for (i = 0; i < rn; i++) {
			if (strcasecmp(rit[i], o->domain) == 0) {
				literal = true;
				continue;
			}
			f48_sb_printf(&fix, "%s %s", fix.len > 15 ? "," : "", rit[i]);
		}
		if (!literal) {
			f48_sb_reset(&fix);
			f48_sb_printf(&fix, "remove %s from mydestination (it comes from a $name in \"%s\")",
			    o->domain, raw);
		}
		f48_findings_add(fs, F48_SEV_WARNING, F48_C_MAINCF_DOMAIN_IN_MYDESTINATION, cf->path,
		    line, fix.data, "the list domain %s is in mydestination while %s declares it a "
		    "virtual alias domain: a domain must not be both (Postfix warns, and local(8) "
		    "then owns it)", o->domain, o->declared_where ? o->declared_where : "the virtual map");
		f48_sb_free(&fix);
		f48_maincf_items_free(rit, rn);
	}
	f48_maincf_items_free(it, n);
	free(exp);
}

static void
check_map(const f48_maincf *cf, const char *param, const char *file, const char *code,
    const char *what, f48_findings *fs)
{
	bool unk = false;
	char *exp, **it = NULL, *add, *fix;
	size_t n;

	if (file == NULL)
		return;
	exp = f48_maincf_expand(cf, param, &unk);
	n = f48_maincf_split(exp, &it);
	if (!items_have_map(it, n, file)) {
		add = f48_xasprintf("hash:%s", file);
		fix = line_adding(cf, param, add);
		f48_findings_add(fs, F48_SEV_WARNING, code, cf->path, line_of(cf, param), fix,
		    "%s is not in %s = %s%s: %s", file, param, f48_maincf_value(cf, param),
		    where(cf, param), what);
		free(add);
		free(fix);
	}
	f48_maincf_items_free(it, n);
	free(exp);
}

void
f48_pf_check_maincf(const f48_maincf *cf, const f48_pf_check_opts *o, f48_findings *fs)
{
	char *exp, **it = NULL;
	size_t n;
	bool unk;

	check_mydestination(cf, o, fs);
	check_map(cf, "alias_maps", o->aliases_file, F48_C_MAINCF_ALIAS_MAPS_MISSING,
	    "local(8) does not know the ML=DOMAIN aliases the virtual entries lead to", fs);
	check_map(cf, "virtual_alias_maps", o->virtual_file, F48_C_MAINCF_VIRTUAL_MAPS_MISSING,
	    "Postfix never rewrites ML@DOMAIN to the fml8 aliases", fs);

	exp = f48_maincf_expand(cf, "allow_mail_to_commands", &unk);
	n = f48_maincf_split(exp, &it);
	if (!items_have_ci(it, n, "include")) {
		char *fix = line_adding(cf, "allow_mail_to_commands", "include");

		f48_findings_add(fs, F48_SEV_WARNING, F48_C_MAINCF_COMMANDS_NOT_ALLOWED, cf->path,
		    line_of(cf, "allow_mail_to_commands"), fix,
		    "allow_mail_to_commands = %s%s lacks \"include\": local(8) refuses the "
		    "\"|command\" lines inside the lists' :include: files",
		    f48_maincf_value(cf, "allow_mail_to_commands"), where(cf, "allow_mail_to_commands"));
		free(fix);
	}
	f48_maincf_items_free(it, n);
	free(exp);

	exp = f48_maincf_expand(cf, "recipient_delimiter", &unk);
	if (strchr(exp, '=')) {
		f48_sb fix;
		const char *p;

		f48_sb_init(&fix);
		for (p = exp; *p; p++)
			if (*p != '=')
				f48_sb_putc(&fix, *p);
		if (fix.len == 0)
			f48_sb_puts(&fix, "remove the recipient_delimiter line (or use a delimiter other than \"=\")");
		else {
			char *t = f48_xasprintf("recipient_delimiter = %s", fix.data);

			f48_sb_reset(&fix);
			f48_sb_puts(&fix, t);
			free(t);
		}
		f48_findings_add(fs, F48_SEV_WARNING, F48_C_MAINCF_RECIPIENT_DELIMITER, cf->path,
		    line_of(cf, "recipient_delimiter"), fix.data,
		    "recipient_delimiter = %s contains \"=\": an address ML=DOMAIN without its own "
		    "alias falls back to the bare alias ML, which may be another list (or fml4's)",
		    exp);
		f48_sb_free(&fix);
	}
	free(exp);
}

bool
f48_maincf_declares_domain(const f48_maincf *cf, const char *domain, long *line)
{
	const f48_maincf_param *p = f48_maincf_find(cf, "virtual_alias_domains");
	char *exp, **it = NULL;
	size_t n;
	bool yes;

	if (p == NULL)
		return false;
	exp = f48_maincf_expand(cf, "virtual_alias_domains", NULL);
	n = f48_maincf_split(exp, &it);
	yes = items_have_ci(it, n, domain);
	f48_maincf_items_free(it, n);
	free(exp);
	if (yes && line)
		*line = p->line;
	return yes;
}

void
f48_pf_check_include_owner(const char *shown, uid_t uid, const char *owner,
    f48_findings *fs)
{
	char *fix;

	if (uid != 0)
		return;
	fix = f48_xasprintf("chown %s %s", owner && *owner ? owner : "FML_USER", shown);
	f48_findings_add(fs, F48_SEV_WARNING, F48_C_INCLUDE_OWNED_BY_ROOT, shown, 0, fix,
	    "owned by root: local(8) runs the commands of a root-owned :include: file as "
	    "default_privs (nobody), which cannot write the list home");
	free(fix);
}

static bool
same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	if (a == NULL || b == NULL)
		return false;
	if (strcmp(a, b) == 0)
		return true;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	    sa.st_ino == sb.st_ino;
}

bool
f48_pf_decide_domain_line(const f48_maincf *cf, const char *const *vmaps,
    size_t nvmaps, const char *self, const char *domain, f48_sb *why, int *rc,
    f48_error *err)
{
	size_t i;
	long line = 0;

	*rc = F48_OK;
	if (cf) {
		bool unk = false;
		char *exp = f48_maincf_expand(cf, "mydestination", &unk), **it = NULL;
		size_t n = f48_maincf_split(exp, &it);
		bool in = items_have_ci(it, n, domain);

		f48_maincf_items_free(it, n);
		free(exp);
		if (in) {
			f48_sb_printf(why, "%s is in mydestination (%s:%ld), so it must not also be "
			    "declared a virtual alias domain", domain, cf->path,
			    line_of(cf, "mydestination"));
			return false;
		}
		if (f48_maincf_declares_domain(cf, domain, &line)) {
			f48_sb_printf(why, "virtual_alias_domains already declares %s (%s:%ld)",
			    domain, cf->path, line);
			return false;
		}
	}
	for (i = 0; i < nvmaps; i++) {
		int r;

		if (same_file(vmaps[i], self))
			continue;
		r = f48_pf_virtual_declares(vmaps[i], domain, &line, err);
		if (r < 0) {
			*rc = r;
			return true;
		}
		if (r > 0) {
			f48_sb_printf(why, "%s:%ld already declares %s a virtual alias domain",
			    vmaps[i], line, domain);
			return false;
		}
	}
	if (cf || nvmaps)
		f48_sb_printf(why, "neither the main.cf nor the virtual maps shown declare %s; "
		    "without the line Postfix refuses its mail (Relay access denied)", domain);
	else
		f48_sb_printf(why, "no main.cf or other map shown (--check-main-cf, --check-virtual), "
		    "so the line stays: without a declaration Postfix refuses the domain's mail; "
		    "use --domain-line drop if another map already declares %s", domain);
	return true;
}

int
f48_pf_listing_owner(const char *listing, const char *prod_path, char **owner,
    f48_error *err)
{
	f48_lr *lr = NULL;
	f48_line ln;
	int rc, found = 0;

	*owner = NULL;
	if ((rc = f48_lr_open(&lr, listing, 65536, err)) < 0)
		return rc;
	while ((rc = f48_lr_next(lr, &ln, err)) > 0) {
		char **it = NULL;
		size_t n;

		if (ln.len == 0 || ln.text[0] == '#')
			continue;
		n = f48_maincf_split(ln.text, &it);   /* white-space separated columns */
		if (n >= 8 && strcmp(it[7], prod_path) == 0) {
			*owner = f48_xstrdup(it[3]);
			found = 1;
		}
		f48_maincf_items_free(it, n);
		if (found)
			break;
	}
	f48_lr_close(lr);
	return rc < 0 ? rc : found;
}

/* audit.c - see audit.h. */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/safefs.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/findings.h"
#include "util/pathutil.h"
#include "util/strbuf.h"
#include "util/strmap.h"
#include "util/xalloc.h"

#include "audit/audit.h"
#include "codes.h"

#define FML8_FILE_MAX (256 * 1024 * 1024)

/* ---- config.cf ------------------------------------------------------------ */

static f48_cf8_env *
fml8_env(const f48_audit_opts *o, const f48_fml8_list *want, const char *dir_prod)
{
	f48_cf8_env *env = f48_cf8_env_defaults(o->fml8_defaults, o->site_defaults);

	f48_cf8_env_set(env, "ml_name", want->ml_name, "(fml4to8)", 0);
	f48_cf8_env_set(env, "ml_domain", want->ml_domain ? want->ml_domain : "", "(fml4to8)", 0);
	f48_cf8_env_set(env, "ml_home_dir", dir_prod, "(fml4to8)", 0);
	return env;
}

static void
add_restore(f48_audit *a, const f48_cfline *line)
{
	a->restore = f48_xrealloc(a->restore, (a->nrestore + 1) * sizeof(*a->restore));
	f48_cfline_copy(&a->restore[a->nrestore++], line);
}

/* The tag lines go together: the blog's fix restores both. */
static bool
is_tag_line(const f48_cfline *l)
{
	return strcmp(l->key, "article_subject_tag") == 0 ||
	    f48_cfline_has_word(l, "article_header_rewrite_rules", "rewrite_article_subject_tag");
}

/* The fml4 setting translate could not know that would have set `key`. */
static const f48_cfunknown *
unknown_for(const f48_fml8_list *want, const char *key)
{
	size_t i, j;

	for (i = 0; i < want->nunknown; i++)
		for (j = 0; j < want->unknown[i].nkeys; j++)
			if (strcmp(want->unknown[i].keys[j], key) == 0)
				return &want->unknown[i];
	return NULL;
}

/* The expanded value with white space folded, for comparing states. */
static char *
state(f48_cf8_env *env, const char *key)
{
	char *v = f48_cf8_env_expand(env, key, NULL), *p, *q;
	bool space = false;

	if (v == NULL)
		return f48_xstrdup("");
	for (p = q = v; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n') {
			space = q != v;
			continue;
		}
		if (space)
			*q++ = ' ';
		space = false;
		*q++ = *p;
	}
	*q = '\0';
	return v;
}

/* Compare fml8's state key by key: what fml4 needs (fml8's defaults plus
 * the translated lines) against what the list has (the defaults plus its
 * config.cf).  Comparing final states, not lines, keeps a second audit after
 * --fix quiet when several lines touch one key. */
static void
audit_config(f48_audit *a, const f48_audit_opts *o, const f48_cf8 *listcf, const char *cfpath)
{
	f48_cf8_env *actual = fml8_env(o, a->want, a->fml4->dir_prod);
	f48_cf8_env *target = fml8_env(o, a->want, a->fml4->dir_prod);
	f48_strmap *keys = f48_strmap_new();
	bool tag_dropped = false;
	size_t i, k;

	f48_cf8_env_apply(actual, listcf);
	f48_cf8_env_apply(target, o->list_template);
	{
		/* The target is read the way fml8 reads the lines in config.cf: all
		 * applied as written (a forced "+=" of a rule already there counts
		 * twice, as it will in the list). */
		f48_sb doc;
		f48_cf8 *cf;

		f48_sb_init(&doc);
		for (i = 0; i < a->want->nlines; i++) {
			f48_cfline_format(&a->want->lines[i], &doc);
			f48_sb_putc(&doc, '\n');
			f48_strmap_put(keys, a->want->lines[i].key, (void *)1);
		}
		cf = f48_cf8_parse(doc.data, doc.len, "(fml4to8)", NULL);
		f48_cf8_env_apply(target, cf);
		f48_cf8_free(cf);
		f48_sb_free(&doc);
	}
	/* The tag lines go together (the blog's fix): if fml8 lost the tag, both
	 * are restored even where fml8's default template happens to match. */
	for (i = 0; i < a->want->nlines; i++)
		if (a->want->lines[i].forced &&
		    f48_cfline_has_word(&a->want->lines[i], "article_header_rewrite_rules",
		    "rewrite_article_subject_tag") &&
		    !f48_cf8_env_has_word(actual, "article_header_rewrite_rules",
		    "rewrite_article_subject_tag"))
			tag_dropped = true;
	for (k = 0; k < f48_strmap_size(keys); k++) {
		const char *key = f48_strmap_key_at(keys, k);
		char *want = state(target, key), *have = state(actual, key);
		bool lost = strcmp(want, have) != 0;

		for (i = 0; i < a->want->nlines; i++) {
			const f48_cfline *w = &a->want->lines[i];
			char *text;

			if (strcmp(w->key, key) != 0)
				continue;
			text = f48_cfline_text(w);
			if (lost || (w->forced && tag_dropped)) {
				f48_findings_add(&a->findings, F48_SEV_WARNING,
				    is_tag_line(w) || (w->forced && tag_dropped) ?
				    F48_C_SUBJECT_TAG_DROPPED : F48_C_SETTING_DROPPED, cfpath, 0, text,
				    "%s: fml8 has %s = \"%s\"; add the line that restores it", w->why,
				    key, have);
				add_restore(a, w);
			} else
				f48_findings_add(&a->findings, F48_SEV_INFO, F48_C_SETTING_PRESERVED,
				    cfpath, 0, NULL, "%s: in effect (%s)", w->why, text);
			free(text);
		}
		free(want);
		free(have);
	}
	/* What the list's config.cf sets that fml4 did not have. */
	for (i = 0; i < listcf->n; i++) {
		const f48_cf8_line *l = &listcf->lines[i];
		const f48_cfunknown *u;
		char *x, *y;
		const char *raw;

		if (l->kind != F48_CF8_ASSIGN || strncmp(l->key, "ml_", 3) == 0 ||
		    f48_strmap_get(keys, l->key))
			continue;
		x = state(actual, l->key);
		y = state(target, l->key);
		raw = f48_cf8_env_raw(target, l->key, NULL, NULL);
		u = unknown_for(a->want, l->key);
		if (strcmp(x, y) != 0 && u) {
			/* What fml4 did here is not known: no line is "restored". */
			f48_findings_add(&a->findings, F48_SEV_WARNING, F48_C_SETTING_NEEDS_HUMAN, cfpath,
			    l->lineno, "keep or change it once you know what fml4 did",
			    "%s = \"%s\" here; fml4's %s (%s:%ld) cannot be known without running "
			    "fml4, so it is not restored", l->key, x, u->var, u->file ? u->file : "",
			    u->line);
			f48_strmap_put(keys, l->key, (void *)1);
		} else if (strcmp(x, y) != 0 && raw) {
			f48_cfline line;
			char *text;

			memset(&line, 0, sizeof(line));
			line.key = (char *)l->key;
			line.op = F48_CFOP_SET;
			line.value = (char *)raw;
			line.why = f48_xasprintf("config.cf:%ld sets %s, which fml4 did not have",
			    l->lineno, l->key);
			text = f48_cfline_text(&line);
			f48_findings_add(&a->findings, F48_SEV_WARNING, F48_C_SETTING_CHANGED, cfpath,
			    l->lineno, text, "%s = \"%s\" here; what fml4 did is \"%s\"", l->key, x, y);
			add_restore(a, &line);
			f48_strmap_put(keys, l->key, (void *)1);
			free(line.why);
			free(text);
		}
		free(x);
		free(y);
	}
	f48_strmap_free(keys, NULL);
	f48_cf8_env_free(actual);
	f48_cf8_env_free(target);
}

/* ---- member lists ---------------------------------------------------------- */

static char *
norm(const char *addr, size_t n)
{
	char *s = f48_xstrndup(addr, n), *at = strrchr(s, '@'), *p;

	if (at)
		for (p = at + 1; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	return s;
}

/* How fml4 had each address in its delivery list: "digest m=3u", "skip", "off". */
static f48_strmap *
fml4_modes(const f48_fml4_list *l)
{
	f48_strmap *m = f48_strmap_new();
	size_t i, j;

	for (i = 0; i < l->nfiles; i++) {
		const f48_list_file *f = &l->files[i];

		if (!(f->roles & F48_ROLE_ACTIVES) || f->entries == NULL)
			continue;
		for (j = 0; j < f->entries->n; j++) {
			const f48_member_item *it = &f->entries->items[j];
			char *k;

			if (it->address == NULL || it->address[0] == '\0' || it->fml4_delivers)
				continue;
			k = norm(it->address, strlen(it->address));
			if (f48_strmap_get(m, k) == NULL)
				f48_strmap_put(m, k, it->fml4_digest ?
				    f48_xasprintf("fml4 sent it digests (m=%s)", it->digest ? it->digest : "") :
				    it->skip ? f48_xasprintf("fml4 never sent it posts (s=%s)", it->skip) :
				    it->state == F48_MS_OFF ? f48_xstrdup("fml4 had its delivery off") :
				    it->state == F48_MS_BYE ? f48_xstrdup("it had left the list (##BYE)") :
				    f48_xstrdup("fml4 did not deliver to it"));
			free(k);
		}
	}
	return m;
}

static void
audit_file(f48_audit *a, size_t k, const f48_strmap *modes)
{
	const f48_fml8_file *want = &a->want->files[k];
	char *path = f48_path_join(a->list_dir, want->name);
	f48_strmap *wanted = f48_strmap_new(), *have = f48_strmap_new();
	f48_lr *lr = NULL;
	f48_line ln;
	f48_error err;
	size_t i;
	char kind;
	bool differs = false;

	a->files[k].name = want->name;
	for (i = 0; i < want->n; i++) {
		size_t n = k == F48_F8_PASSWD_ADMIN ? strcspn(want->lines[i], "\t") : strlen(want->lines[i]);
		char *key = norm(want->lines[i], n);

		f48_strmap_put(wanted, key, (void *)want->lines[i]);
		free(key);
	}
	f48_error_clear(&err);
	if (f48_file_lstat_kind(path, &kind) != 0) {
		if (want->n > 0 || want->needed) {
			differs = true;
			f48_findings_add(&a->findings, F48_SEV_WARNING, F48_C_MEMBER_LOST, path, 0, NULL,
			    "%s does not exist; fml4 had %zu address%s for it", want->name, want->n,
			    want->n == 1 ? "" : "es");
		}
	} else if (f48_lr_open(&lr, path, 8192, &err) < 0) {
		f48_findings_add(&a->findings, F48_SEV_ERROR, F48_C_FILE_UNREADABLE, path, 0, NULL,
		    "%s", f48_error_detail(&err));
	} else {
		while (f48_lr_next(lr, &ln, &err) == 1) {
			const char *t = ln.text;
			size_t n;
			char *key;
			const char *why;

			if (ln.len == 0 || t[0] == '#' || strspn(t, " \t") == ln.len)
				continue;
			n = strcspn(t, " \t");
			if (ln.had_cr || (k != F48_F8_PASSWD_ADMIN && n < ln.len) || n == 0) {
				differs = true;
				f48_findings_add(&a->findings, F48_SEV_WARNING, F48_C_MEMBER_OPTION_LEAKED,
				    path, ln.lineno, NULL, "%s: the line holds more than the address "
				    "(%s); fml8 reads only the first field", want->name,
				    n == 0 ? "leading blanks: fml8 reads an empty address" :
				    ln.had_cr ? "a CR" : "option text or blanks");
			}
			if (n == 0)
				continue;
			key = norm(t, n);
			f48_strmap_put(have, key, (void *)1);
			if (f48_strmap_get(wanted, key) == NULL) {
				differs = true;
				why = f48_strmap_get(modes, key);
				if (why && (k == F48_F8_RECIPIENTS))
					f48_findings_add(&a->findings, F48_SEV_WARNING, F48_C_MEMBER_OPTION_LOST,
					    path, ln.lineno, NULL, "%.*s receives every post in fml8, but %s",
					    (int)n, t, why);
				else
					f48_findings_add(&a->findings, F48_SEV_WARNING, F48_C_MEMBER_EXTRA, path,
					    ln.lineno, NULL, "%.*s is in %s, but fml4 did not have it there",
					    (int)n, t, want->name);
			}
			free(key);
		}
		f48_lr_close(lr);
		for (i = 0; i < f48_strmap_size(wanted); i++) {
			const char *key = f48_strmap_key_at(wanted, i);

			if (f48_strmap_get(have, key) == NULL) {
				differs = true;
				f48_findings_add(&a->findings, F48_SEV_WARNING, F48_C_MEMBER_LOST, path, 0,
				    NULL, "%s was in fml4's list and is missing from %s", key, want->name);
			}
		}
	}
	a->files[k].differs = differs;
	f48_strmap_free(wanted, NULL);
	f48_strmap_free(have, NULL);
	free(path);
}

/* ---- owners, include files, virtual map ----------------------------------- */

static void
walk_owners(f48_audit *a, const char *path, uid_t uid, const char *owner, int depth)
{
	struct stat st;
	DIR *d;
	struct dirent *de;

	if (lstat(path, &st) != 0 || depth > 64)
		return;
	if (st.st_uid != uid) {
		struct passwd *pw = getpwuid(st.st_uid);

		char *fix = f48_xasprintf("fml4to8 verify --fix-owner %s %s", owner, a->list_dir);

		f48_findings_add(&a->findings, F48_SEV_WARNING, F48_C_OWNER_WRONG, path, 0, fix,
		    "owned by %s, not %s%s", pw ? pw->pw_name : "another user", owner,
		    st.st_uid == 0 ? ": fml8 running as the list owner cannot update it" : "");
		free(fix);
	}
	if (!S_ISDIR(st.st_mode) || (d = opendir(path)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		char *p;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		p = f48_path_join(path, de->d_name);
		walk_owners(a, p, uid, owner, depth + 1);
		free(p);
	}
	closedir(d);
}

static void
audit_owners(f48_audit *a, const char *owner)
{
	struct passwd *pw = getpwnam(owner);

	if (pw == NULL) {
		f48_findings_add(&a->findings, F48_SEV_INFO, F48_C_OWNER_WRONG, a->list_dir, 0, NULL,
		    "user %s does not exist on this host: owners were not checked", owner);
		return;
	}
	walk_owners(a, a->list_dir, pw->pw_uid, owner, 0);
}

static void
audit_includes(f48_audit *a)
{
	static const struct { const char *file, *program; } inc[] = {
		{ "include", "distribute" }, { "include-ctl", "command" }, { "include-error", "error" },
		{ "include-mead", NULL } };
	size_t i;

	for (i = 0; i < sizeof(inc) / sizeof(inc[0]); i++) {
		char *p = f48_path_join(a->list_dir, inc[i].file), *buf = NULL, *want = NULL;
		size_t len;
		f48_error err;
		char kind;

		f48_error_clear(&err);
		if (f48_file_lstat_kind(p, &kind) != 0) {
			if (inc[i].program)
				f48_findings_add(&a->findings, F48_SEV_WARNING, F48_C_INCLUDE_NOT_FML8, p, 0,
				    NULL, "%s is missing: the MTA has no command for this address",
				    inc[i].file);
		} else if (f48_file_read(p, 65536, &buf, &len, &err) == F48_OK) {
			if (inc[i].program == NULL) {
				if (strstr(buf, "exit 75"))
					f48_findings_add(&a->findings, F48_SEV_WARNING, F48_C_INCLUDE_NOT_FML8,
					    p, 1, "remove it, and any alias that still names it",
					    "include-mead still holds \"exit 75\": as an :include: file this "
					    "is an address, not a command");
			} else {
				want = f48_xasprintf("/%s %s@%s", inc[i].program, a->want->ml_name,
				    a->want->ml_domain ? a->want->ml_domain : "");
				if (strstr(buf, want) == NULL || strstr(buf, "fml.pl"))
					f48_findings_add(&a->findings, F48_SEV_WARNING, F48_C_INCLUDE_NOT_FML8,
					    p, 1, NULL, "%s does not run fml8's %s for %s@%s", inc[i].file,
					    inc[i].program, a->want->ml_name,
					    a->want->ml_domain ? a->want->ml_domain : "");
			}
		}
		free(want);
		free(buf);
		free(p);
	}
}

/* The list's block in $ml_home_prefix/etc/postfix/virtual, as fml8 writes it. */
static void
audit_virtual(f48_audit *a, const char *root)
{
	char *prefix = f48_path_dirname(a->list_dir);
	char *path = f48_path_join(prefix, "etc/postfix/virtual");
	char *begin = f48_xasprintf("### <VIRTUAL %s@%s ML> ###", a->want->ml_name,
	    a->want->ml_domain ? a->want->ml_domain : "");
	char *end = f48_xasprintf("### </VIRTUAL %s@%s ML> ###", a->want->ml_name,
	    a->want->ml_domain ? a->want->ml_domain : "");
	f48_lr *lr = NULL;
	f48_line ln;
	f48_error err;
	bool in = false, seen = false;
	char kind;

	/* the fixes are the commands to run here (host paths, with --root when
	 * given); the host that runs fml8 is asked of the shell on that host,
	 * as dry-run's next steps do */
	char *ro = root && *root ? f48_xasprintf(" --root %s", root) : f48_xstrdup("");
	char *fix_rmx = f48_xasprintf("fml4to8 virtual --fix %s --realmx \"$(hostname -f)\"%s",
	    path, ro);
	char *fix_dl = f48_xasprintf("fml4to8 virtual --fix %s --realmx \"$(hostname -f)\"%s "
	    "--check-main-cf %s/etc/postfix/main.cf", path, ro, root && *root ? root : "");
	char *fix_new = f48_xasprintf("fml4to8 virtual --realmx \"$(hostname -f)\"%s %s", ro,
	    prefix);

	f48_error_clear(&err);
	if (f48_file_lstat_kind(path, &kind) == 0 && f48_lr_open(&lr, path, 8192, &err) == F48_OK) {
		while (f48_lr_next(lr, &ln, &err) == 1) {
			const char *t = ln.text;
			size_t k = strcspn(t, " \t");
			const char *rhs = t + k + strspn(t + k, " \t");

			if (strcmp(t, begin) == 0) {
				in = seen = true;
				continue;
			}
			if (strcmp(t, end) == 0) {
				in = false;
				continue;
			}
			if (t[0] == '#' || k == 0 || *rhs == '\0')
				continue;
			if (!in && a->want->ml_domain && strncmp(t, a->want->ml_domain, k) == 0 &&
			    k == strlen(a->want->ml_domain))
				f48_findings_add(&a->findings, F48_SEV_INFO, F48_C_VIRTUAL_DOMAIN_LINE, path,
				    ln.lineno, fix_dl,
				    "%.*s is declared a virtual alias domain here; keep it only if no other "
				    "map or virtual_alias_domains declares it", (int)k, t);
			if (in && strchr(rhs, '@') == NULL)
				f48_findings_add(&a->findings, F48_SEV_WARNING, F48_C_VIRTUAL_NO_REALMX, path,
				    ln.lineno, fix_rmx,
				    "%.*s goes to the bare local name %s: it only works where the virtual "
				    "domain is also $myorigin's local domain", (int)k, t, rhs);
		}
		f48_lr_close(lr);
	}
	if (!seen)
		f48_findings_add(&a->findings, F48_SEV_INFO, F48_C_VIRTUAL_NO_REALMX, path, 0,
		    fix_new, "no virtual block for %s@%s in %s",
		    a->want->ml_name, a->want->ml_domain ? a->want->ml_domain : "", path);
	free(fix_rmx);
	free(fix_dl);
	free(fix_new);
	free(ro);
	free(prefix);
	free(path);
	free(begin);
	free(end);
}

/* ---- the stage ------------------------------------------------------------- */

const char *const f48_audit_fml4_files[2] = { "config.ph", "actives" };

/* fml4 files fml8 must not find in the list directory: mergeml copies
 * config.ph instead of moving it, and fml8's fml4 emulation can regenerate
 * config.cf from it.  verify reports the same (VERIFY_FML4_LEFT). */
static void
audit_fml4_left(f48_audit *a)
{
	size_t i;

	for (i = 0; i < 2; i++) {
		char *p = f48_path_join(a->list_dir, f48_audit_fml4_files[i]);
		struct stat st;

		if (lstat(p, &st) == 0) {
			a->fml4_left[i] = S_ISREG(st.st_mode);
			f48_findings_add(&a->findings, F48_SEV_WARNING, F48_C_VERIFY_FML4_LEFT, p, 0,
			    a->fml4_left[i] ? "audit --fix moves it into .fml4rc (removed when "
			    ".fml4rc holds the same bytes)" : "remove it by hand",
			    "an fml4 file is still where fml8 reads it (fml8 can regenerate config.cf "
			    "from config.ph, and would read actives)");
		}
		free(p);
	}
}

int
f48_audit_run(const char *list_dir, const f48_audit_opts *o, f48_audit **out, f48_error *err)
{
	f48_audit *a;
	char *fml4dir, *dir_prod = NULL, *cfpath;
	f48_fml4_list_opts lo;
	f48_translate_opts to;
	f48_cf8 *listcf = NULL;
	f48_strmap *modes;
	char kind;
	size_t k;
	int rc;

	fml4dir = o->fml4_dir ? f48_xstrdup(o->fml4_dir) : f48_path_join(list_dir, ".fml4rc");
	if (f48_file_lstat_kind(fml4dir, &kind) != 0 || kind != 'd') {
		rc = f48_error_set(err, F48_EINPUT, fml4dir, 0, "no fml4 original here; give it with "
		    "--fml4 DIR");
		free(fml4dir);
		return rc;
	}
	if (o->fml4_dir == NULL)
		dir_prod = f48_path_in_production(o->root, list_dir);
	a = f48_xcalloc(1, sizeof(*a));
	f48_findings_init(&a->findings);
	a->list_dir = f48_path_clean(list_dir);
	a->layout = o->layout;
	memset(&lo, 0, sizeof(lo));
	lo.list_dir = fml4dir;
	lo.root = o->root;
	lo.dir_prod = dir_prod;
	lo.tables = o->tables;
	lo.load_members = true;
	rc = f48_fml4_list_read(&lo, &a->fml4, err);
	free(fml4dir);
	free(dir_prod);
	memset(&to, 0, sizeof(to));
	to.rules = o->rules;
	to.fml8_defaults = o->fml8_defaults;
	to.site_defaults = o->site_defaults;
	to.list_template = o->list_template;
	to.domain = o->domain;
	if (rc == F48_OK)
		rc = f48_translate(a->fml4, &to, &a->want, err);
	cfpath = f48_path_join(a->list_dir, "config.cf");
	if (rc == F48_OK) {
		f48_findings fs;

		f48_findings_init(&fs);
		rc = f48_cf8_read(cfpath, &listcf, &fs, err);
		f48_findings_move(&a->findings, &fs);
	}
	if (rc < 0) {
		free(cfpath);
		f48_audit_free(a);
		return rc;
	}
	audit_config(a, o, listcf, cfpath);
	modes = fml4_modes(a->fml4);
	for (k = 0; k < F48_F8_NFILES; k++)
		audit_file(a, k, modes);
	f48_strmap_free(modes, free);
	audit_includes(a);
	audit_owners(a, o->owner ? o->owner : "fmladmin");
	audit_virtual(a, o->root);
	audit_fml4_left(a);
	f48_cf8_free(listcf);
	free(cfpath);
	*out = a;
	return F48_OK;
}

/* A file of the list replaced (its old bytes kept as FILE.fml4to8-bak, its
 * mode and owner kept), or created with the layout's mode (0600 without one). */
static int
rewrite(const f48_audit *a, const char *rel, const char *data, size_t len, f48_error *err)
{
	char *path = f48_path_join(a->list_dir, rel);
	int m = f48_layout_mode(a->layout, rel, false);
	mode_t mode = m < 0 ? 0600 : (mode_t)m;
	struct stat st;
	uid_t uid = (uid_t)-1;
	gid_t gid = (gid_t)-1;
	int rc;

	if (lstat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			rc = f48_error_set(err, F48_EUNSAFE, path, 0, "is not a regular file; not "
			    "rewritten");
			free(path);
			return rc;
		}
		if ((rc = f48_sfs_backup_copy(path, NULL, err)) < 0) {
			free(path);
			return rc;
		}
		mode = st.st_mode & 07777;
		uid = st.st_uid;
		gid = st.st_gid;
	}
	rc = f48_sfs_write_path(path, data, len, mode, uid, gid, err);
	free(path);
	return rc;
}

/* Move NAME out of the list directory into .fml4rc/NAME; when .fml4rc has
 * it already with the same bytes the list's copy is removed, with other
 * bytes it goes to .fml4rc/NAME.fml4to8-left.  Nothing is lost; nothing is
 * followed through a symlink. */
static int
put_away(const char *list_dir, const char *name, f48_error *err)
{
	char *kept = f48_path_join(".fml4rc", name), *left = NULL, *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	struct stat st;
	bool exists = false;
	int root = -1, rc;

	rc = f48_sfs_open_root(list_dir, &root, err);
	if (rc == F48_OK)
		rc = f48_sfs_lstat(root, list_dir, kept, &st, &exists, err);
	if (rc == F48_OK && !exists)
		rc = f48_sfs_rename(root, list_dir, name, kept, err);
	else if (rc == F48_OK) {
		rc = f48_sfs_read(root, list_dir, name, 64u << 20, &a, &na, NULL, err);
		if (rc == F48_OK)
			rc = f48_sfs_read(root, list_dir, kept, 64u << 20, &b, &nb, NULL, err);
		if (rc == F48_OK && na == nb && memcmp(a, b, na) == 0)
			rc = f48_sfs_remove(root, list_dir, name, false, err);
		else if (rc == F48_OK) {
			left = f48_xasprintf("%s.fml4to8-left", kept);
			rc = f48_sfs_lstat(root, list_dir, left, &st, &exists, err);
			if (rc == F48_OK && exists)
				rc = f48_error_set(err, F48_EUNSAFE, list_dir, 0, "%s differs from %s and "
				    "%s exists already; move it by hand", name, kept, left);
			else if (rc == F48_OK)
				rc = f48_sfs_rename(root, list_dir, name, left, err);
		}
	}
	if (root >= 0)
		close(root);
	free(a);
	free(b);
	free(left);
	free(kept);
	return rc;
}

int
f48_audit_fix(const f48_audit *a, size_t *changed, f48_error *err)
{
	size_t i, k;
	int rc;

	*changed = 0;
	for (i = 0; i < 2; i++) {
		if (!a->fml4_left[i])
			continue;
		if ((rc = put_away(a->list_dir, f48_audit_fml4_files[i], err)) < 0)
			return rc;
		(*changed)++;
	}
	if (a->nrestore > 0) {
		char *path = f48_path_join(a->list_dir, "config.cf");
		f48_cf8 *cf = NULL;
		f48_sb block, out;

		rc = f48_cf8_read(path, &cf, NULL, err);
		if (rc < 0) {
			free(path);
			return rc;
		}
		f48_sb_init(&block);
		f48_sb_puts(&block, "# <FML4TO8 AUDIT BEGIN> restores what the fml4 list did\n");
		for (i = 0; i < a->nrestore; i++) {
			f48_sb_puts(&block, "# ");
			f48_sb_append_printable(&block, a->restore[i].why, strlen(a->restore[i].why));
			f48_sb_putc(&block, '\n');
			f48_cfline_format(&a->restore[i], &block);
			f48_sb_putc(&block, '\n');
		}
		f48_sb_puts(&block, "# </FML4TO8 AUDIT END>\n");
		f48_cf8_insert_before_cut(cf, block.data);
		f48_sb_init(&out);
		f48_cf8_write(cf, &out);
		rc = rewrite(a, "config.cf", out.data, out.len, err);
		f48_sb_free(&out);
		f48_sb_free(&block);
		f48_cf8_free(cf);
		free(path);
		if (rc < 0)
			return rc;
		(*changed)++;
	}
	for (k = 0; k < F48_F8_NFILES; k++) {
		const f48_fml8_file *f = &a->want->files[k];
		f48_sb sb;

		if (!a->files[k].differs)
			continue;
		f48_sb_init(&sb);
		for (i = 0; i < f->n; i++)
			f48_sb_printf(&sb, "%s\n", f->lines[i]);
		rc = rewrite(a, f->name, sb.data, sb.len, err);
		f48_sb_free(&sb);
		if (rc < 0)
			return rc;
		(*changed)++;
	}
	return F48_OK;
}

void
f48_audit_free(f48_audit *a)
{
	size_t i;

	if (a == NULL)
		return;
	free(a->list_dir);
	f48_fml4_list_free(a->fml4);
	f48_fml8_list_free(a->want);
	for (i = 0; i < a->nrestore; i++)
		f48_cfline_clear(&a->restore[i]);
	free(a->restore);
	f48_findings_free(&a->findings);
	free(a);
}

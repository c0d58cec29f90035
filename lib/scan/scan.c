/*
 * scan.c - every fml list of a host, through Postfix's configuration
 * (contract in scan.h).
 */
#include <ctype.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "codes.h"
#include "util/fileio.h"
#include "util/pathutil.h"
#include "util/strbuf.h"
#include "util/strmap.h"
#include "util/xalloc.h"
#include "fml4/fml4_include.h"
#include "fml4/fml4_list.h"
#include "apply/apply.h"
#include "apply/state.h"
#include "postfix/postfix_check.h"
#include "scan/scan.h"

#define MAP_LINE_MAX 65536

static const char *const state_names[] = {
	"fml4", "fml8", "fml8-by-mergeml", "fml8-native", "half-migrated", "rolled-back"
};

const char *
f48_scan_state_name(f48_scan_state s)
{
	return (unsigned)s < sizeof(state_names) / sizeof(state_names[0]) ?
	    state_names[s] : "?";
}

/* What the scan collects before it looks at the lists. */
typedef struct ctx {
	const f48_scan_opts *o;
	f48_scan *s;
	f48_strmap *by_dir;      /* production dir -> (index + 1) into s->lists */
	f48_strmap *alias_list;  /* post alias name -> production dir */
	f48_strmap *prefix;      /* domain -> ml_home_prefix (production) */
	char **ml_dirs;          /* ML_DIRs to walk */
	size_t nml_dirs;
} ctx;

static char *
host(const ctx *c, const char *prod)
{
	return f48_path_on_host(c->o->root, prod);
}

static f48_scan_list *
list_at(ctx *c, const char *dir)
{
	char *clean = f48_path_clean(dir);
	size_t i = (size_t)(uintptr_t)f48_strmap_get(c->by_dir, clean);
	f48_scan_list *l;

	if (i) {
		free(clean);
		return &c->s->lists[i - 1];
	}
	c->s->lists = f48_xrealloc(c->s->lists, (c->s->n + 1) * sizeof(*c->s->lists));
	l = &c->s->lists[c->s->n++];
	memset(l, 0, sizeof(*l));
	l->dir = clean;
	l->name = f48_path_basename(clean);
	l->seq = -1;
	f48_findings_init(&l->findings);
	f48_strmap_put(c->by_dir, clean, (void *)(uintptr_t)c->s->n);
	return l;
}

static void
add_ml_dir(ctx *c, const char *dir)
{
	char *clean = f48_path_clean(dir);
	size_t i;

	for (i = 0; i < c->nml_dirs; i++)
		if (strcmp(c->ml_dirs[i], clean) == 0) {
			free(clean);
			return;
		}
	c->ml_dirs = f48_xrealloc(c->ml_dirs, (c->nml_dirs + 1) * sizeof(*c->ml_dirs));
	c->ml_dirs[c->nml_dirs++] = clean;
}

static void
add_address(f48_scan_list *l, const char *addr)
{
	size_t i;

	for (i = 0; i < l->naddresses; i++)
		if (strcasecmp(l->addresses[i], addr) == 0)
			return;
	l->addresses = f48_xrealloc(l->addresses, (l->naddresses + 1) * sizeof(char *));
	l->addresses[l->naddresses++] = f48_xstrdup(addr);
}

static bool
is_fml8_program(const char *prog)
{
	return prog && strstr(prog, "/libexec/fml/") != NULL;
}

/* An fml8 command's argument "ml@domain" -> the list's directory through
 * the ml_home_prefix map, or NULL. */
static char *
fml8_dir_of(ctx *c, const f48_include_cmd *cmd)
{
	size_t i;

	for (i = 0; i < cmd->ndirs; i++) {
		const char *at = strchr(cmd->dirs[i], '@');
		const char *pre;
		char *ml, *dir;

		if (!at)
			continue;
		if ((pre = f48_strmap_get(c->prefix, at + 1)) == NULL)
			return NULL;
		ml = f48_xstrndup(cmd->dirs[i], (size_t)(at - cmd->dirs[i]));
		dir = f48_path_join(pre, ml);
		free(ml);
		return dir;
	}
	return NULL;
}

/* One alias target that runs a program ("|..."). */
static void
follow_command(ctx *c, const char *alias, const char *text, const char *file,
    long line, bool post)
{
	f48_include_cmd cmd;
	char *dir = NULL;
	bool fml4 = false;

	memset(&cmd, 0, sizeof(cmd));
	if (!f48_include_parse_line(text, strlen(text), line, file, &cmd, NULL))
		return;
	if (cmd.program_name && strcmp(cmd.program_name, "fml.pl") == 0 && cmd.ndirs > 0) {
		dir = f48_xstrdup(cmd.dirs[0]);
		fml4 = true;
	} else if (is_fml8_program(cmd.program)) {
		dir = fml8_dir_of(c, &cmd);
	}
	if (dir) {
		f48_scan_list *l = list_at(c, dir);

		if (fml4) {
			l->by_fml4 = true;
			if (!l->fml_pl)
				l->fml_pl = f48_xstrdup(cmd.program);
		} else
			l->by_fml8 = true;
		if (post && !f48_strmap_get(c->alias_list, alias))
			f48_strmap_put(c->alias_list, alias, f48_xstrdup(l->dir));
		free(dir);
	}
	f48_include_cmd_clear(&cmd);
}

/* ":include:FILE": the commands in FILE; the list is FILE's directory. */
static void
follow_include(ctx *c, const char *alias, const char *path, const char *file,
    long line)
{
	char *h = host(c, path), *dir = f48_path_dirname(path), *base = f48_path_basename(path);
	f48_include *inc = NULL;
	char kind;
	size_t i;
	bool post = strcmp(base, "include") == 0;
	char *hdir = host(c, dir);
	char dkind = 0;

	/* The list directory the include file is in is the list owner's to
	 * make: a symlink there is never followed (as the walker does), or an
	 * alias could make root read a file elsewhere and take it for a list. */
	if (f48_file_lstat_kind(hdir, &dkind) == 0 && dkind == 'l') {
		f48_findings_add(&c->s->findings, F48_SEV_WARNING, F48_C_SCAN_SYMLINK, file, line,
		    NULL, "alias %s includes %s, but %s is a symbolic link: not followed (scan "
		    "never leaves the configured trees)", alias, path, dir);
		free(hdir);
		goto out;
	}
	free(hdir);
	if (f48_file_lstat_kind(h, &kind) != 0) {
		f48_findings_add(&c->s->findings, F48_SEV_WARNING, F48_C_SCAN_ALIAS_TARGET_MISSING,
		    file, line, "remove the alias, or restore the list",
		    "alias %s includes %s, which does not exist: mail to it bounces", alias, path);
		goto out;
	}
	if (f48_include_read(h, &inc, NULL, NULL) != F48_OK)
		goto out;
	for (i = 0; i < inc->n; i++) {
		const f48_include_cmd *cmd = &inc->cmds[i];
		f48_scan_list *l = NULL;

		if (cmd->program_name && strcmp(cmd->program_name, "fml.pl") == 0) {
			l = list_at(c, cmd->ndirs > 0 ? cmd->dirs[0] : dir);
			l->by_fml4 = true;
			if (!l->fml_pl)
				l->fml_pl = f48_xstrdup(cmd->program);
		} else if (is_fml8_program(cmd->program)) {
			l = list_at(c, dir);
			l->by_fml8 = true;
		} else if (cmd->is_exit75) {
			l = list_at(c, dir);
			f48_findings_add(&l->findings, F48_SEV_WARNING, F48_C_SCAN_INCLUDE_DEFERS,
			    path, cmd->line, "finish the migration (fml4to8 migrate again) or "
			    "roll it back", "%s defers all mail to alias %s (exit 75): mail waits "
			    "in the queue until it expires", path, alias);
		}
		if (l && post && !f48_strmap_get(c->alias_list, alias))
			f48_strmap_put(c->alias_list, alias, f48_xstrdup(l->dir));
	}
	f48_include_free(inc);
out:
	free(h);
	free(dir);
	free(base);
}

/* Split a right-hand side at commas outside double quotes. */
static size_t
split_targets(const char *v, char ***out)
{
	size_t n = 0;
	const char *p = v;

	*out = NULL;
	while (*p) {
		const char *s;
		bool q = false;
		size_t len;

		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		s = p;
		while (*p && (q || *p != ',')) {
			if (*p == '"')
				q = !q;
			p++;
		}
		len = (size_t)(p - s);
		while (len > 0 && isspace((unsigned char)s[len - 1]))
			len--;
		*out = f48_xrealloc(*out, (n + 1) * sizeof(char *));
		(*out)[n++] = f48_xstrndup(s, len);
	}
	return n;
}

/* One logical map line (continuations joined): `key sep value`. */
typedef void (*entry_fn)(ctx *c, const char *key, const char *value,
    const char *file, long line);

static void
alias_entry(ctx *c, const char *key, const char *value, const char *file, long line)
{
	char **t;
	size_t n = split_targets(value, &t), i;
	char *name = f48_xstrdup(key);

	for (char *p = name; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	for (i = 0; i < n; i++) {
		const char *v = t[i];

		if (strncmp(v, ":include:", 9) == 0)
			follow_include(c, name, v + 9, file, line);
		else if (v[0] == '|' || (v[0] == '"' && v[1] == '|'))
			follow_command(c, name, v, file, line,
			    strstr(v, "--ctladdr") == NULL);
		free(t[i]);
	}
	free(t);
	free(name);
}

/* Virtual entries, after every alias is known: key address -> alias. */
typedef struct ventry {
	char *key, *value, *file;
	long line;
} ventry;

typedef struct vlist {
	ventry *v;
	size_t n;
} vlist;

static void
read_map(ctx *c, const char *prod, bool aliases, vlist *vl)
{
	char *h = host(c, prod);
	f48_lr *lr = NULL;
	f48_line ln;
	f48_error err;
	f48_sb cur;
	long cur_line = 0;
	int rc;

	if (f48_lr_open(&lr, h, MAP_LINE_MAX, &err) < 0) {
		f48_findings_add(&c->s->findings, F48_SEV_WARNING, F48_C_SCAN_MAP_UNREADABLE,
		    prod, 0, NULL, "%s map cannot be read (%s): lists it names are not found "
		    "through it", aliases ? "alias" : "virtual", f48_error_detail(&err));
		free(h);
		return;
	}
	f48_sb_init(&cur);
	for (;;) {
		rc = f48_lr_next(lr, &ln, &err);
		if (rc <= 0 || !(ln.len > 0 && (ln.text[0] == ' ' || ln.text[0] == '\t'))) {
			/* the previous logical line is complete */
			if (cur.len > 0) {
				char *k = cur.data, *v;
				size_t kl = strcspn(k, aliases ? ":" : " \t");

				if (k[kl]) {
					k[kl] = '\0';
					v = k + kl + 1;
					while (isspace((unsigned char)*v))
						v++;
					if (aliases)
						alias_entry(c, k, v, prod, cur_line);
					else {
						vl->v = f48_xrealloc(vl->v, (vl->n + 1) * sizeof(*vl->v));
						vl->v[vl->n].key = f48_xstrdup(k);
						vl->v[vl->n].value = f48_xstrdup(v);
						vl->v[vl->n].file = f48_xstrdup(prod);
						vl->v[vl->n].line = cur_line;
						vl->n++;
					}
				}
				f48_sb_reset(&cur);
			}
			if (rc <= 0)
				break;
			{
				const char *t = ln.text;
				while (*t == ' ' || *t == '\t')
					t++;
				if (*t == '#' || *t == '\0')
					continue;
			}
			cur_line = ln.lineno;
			f48_sb_append(&cur, ln.text, ln.len);
		} else if (cur.len > 0) {
			const char *t = ln.text;
			while (*t == ' ' || *t == '\t')
				t++;
			if (*t == '#')
				continue;
			f48_sb_putc(&cur, ' ');
			f48_sb_puts(&cur, t);
		}
	}
	f48_sb_free(&cur);
	f48_lr_close(lr);
	free(h);
}

/* The file maps of a main.cf parameter. */
static void
maps_of(ctx *c, const f48_maincf *cf, const char *param, char ***paths, size_t *np)
{
	bool unknown = false;
	char *v = f48_maincf_expand(cf, param, &unknown);
	char **items;
	size_t n = f48_maincf_split(v, &items), i, j;

	for (i = 0; i < n; i++) {
		const char *ref = items[i], *p = f48_maincf_map_path(ref);
		bool file_map = strstr(ref, "hash:") || strstr(ref, "lmdb:") ||
		    strstr(ref, "btree:") || strstr(ref, "dbm:") || strstr(ref, "texthash:") ||
		    ref[0] == '/';

		if (!p || !file_map) {
			f48_findings_add(&c->s->findings, F48_SEV_INFO, F48_C_SCAN_MAP_UNREADABLE,
			    cf->path, f48_maincf_find(cf, param) ? f48_maincf_find(cf, param)->line : 0,
			    NULL, "%s: %s is not a file map; lists reached only through it are "
			    "found by walking the ML_DIRs", param, ref);
			continue;
		}
		for (j = 0; j < *np; j++)
			if (strcmp((*paths)[j], p) == 0)
				break;
		if (j == *np) {
			*paths = f48_xrealloc(*paths, (*np + 1) * sizeof(char *));
			(*paths)[(*np)++] = f48_xstrdup(p);
		}
	}
	f48_maincf_items_free(items, n);
	free(v);
}

static void
read_prefix_map(ctx *c)
{
	const char *prod = c->o->ml_home_prefix_map ? c->o->ml_home_prefix_map :
	    "/usr/local/etc/fml/ml_home_prefix";
	char *h = host(c, prod);
	f48_lr *lr;
	f48_line ln;

	if (f48_lr_open(&lr, h, 4096, NULL) == F48_OK) {
		while (f48_lr_next(lr, &ln, NULL) > 0) {
			char **it;
			size_t n;

			if (ln.text[0] == '#')
				continue;
			n = f48_maincf_split(ln.text, &it);
			if (n >= 2 && it[1][0] == '/') {
				char *d = f48_xstrdup(it[0]);
				for (char *p = d; *p; p++)
					*p = (char)tolower((unsigned char)*p);
				if (!f48_strmap_get(c->prefix, d))
					f48_strmap_put(c->prefix, d, f48_path_clean(it[1]));
				add_ml_dir(c, it[1]);
				free(d);
			}
			f48_maincf_items_free(it, n);
		}
		f48_lr_close(lr);
	}
	free(h);
}

static bool
exists(const char *h, char want)
{
	char kind;

	return f48_file_lstat_kind(h, &kind) == 0 && kind == want;
}

static bool
in(const char *hdir, const char *name, char want)
{
	char *p = f48_path_join(hdir, name);
	bool yes = exists(p, want);

	free(p);
	return yes;
}

/* A backup directory a rollback of fml4to8 renamed (".fml4rc*.rolled-back-N"). */
static char *
rolled_back_dir(const char *hdir)
{
	char *found = NULL;
	DIR *d = opendir(hdir);
	struct dirent *de;

	if (!d)
		return NULL;
	while ((de = readdir(d)) != NULL)
		if (strncmp(de->d_name, ".fml4rc", 7) == 0 && strstr(de->d_name, ".rolled-back-")) {
			found = f48_xstrdup(de->d_name);
			break;
		}
	closedir(d);
	return found;
}

static long
read_seq(const char *hdir)
{
	char *p = f48_path_join(hdir, "seq"), *buf = NULL;
	size_t len;
	long v = -1;

	if (f48_file_read(p, 64, &buf, &len, NULL) == F48_OK) {
		char *end;
		long x = strtol(buf, &end, 10);
		if (end != buf && x >= 0)
			v = x;
		free(buf);
	}
	free(p);
	return v;
}

static char *
article_date(const char *hdir, long seq)
{
	char name[64], buf[32], *p;
	struct stat st;
	struct tm tm;

	if (seq <= 0)
		return NULL;
	snprintf(name, sizeof(name), "spool/%ld", seq);
	p = f48_path_join(hdir, name);
	if (lstat(p, &st) != 0 || !S_ISREG(st.st_mode)) {
		free(p);
		return NULL;
	}
	free(p);
	gmtime_r(&st.st_mtime, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return f48_xstrdup(buf);
}

static void
count_fml8(f48_scan_list *l, const char *hdir)
{
	static const char *const files[] = { "members", "recipients", "recipients-digest" };
	size_t *dst[] = { &l->members, &l->recipients, &l->digest };

	for (size_t i = 0; i < 3; i++) {
		char *p = f48_path_join(hdir, files[i]);
		f48_member_counts mc;

		if (f48_members_count(p, &mc, NULL, NULL) == F48_OK) {
			*dst[i] = mc.fml4_recipients;
			l->counted = true;
		}
		free(p);
	}
}

static void
count_fml4(ctx *c, f48_scan_list *l, const char *hdir)
{
	f48_fml4_list_opts lo = { .list_dir = hdir, .root = c->o->root, .tables = c->o->tables };
	f48_fml4_list *fl = NULL;
	size_t i;

	if (f48_fml4_list_read(&lo, &fl, NULL) != F48_OK)
		return;
	l->counted = true;
	for (i = 0; i < fl->nfiles; i++) {
		const f48_list_file *f = &fl->files[i];

		if (!f->exists)
			continue;
		if (f->roles & F48_ROLE_MEMBERS && !(f->roles & (F48_ROLE_ADMINS | F48_ROLE_MODERATORS)))
			l->members += f->counts.fml4_members;
		if (f->roles & F48_ROLE_ACTIVES) {
			l->recipients += f->counts.fml4_recipients;
			l->digest += f->counts.digest;
		}
	}
	if (!l->domain || !*l->domain) {
		const char *ml = f48_fml4_value(fl->config, "MAIL_LIST");
		const char *at = ml ? strrchr(ml, '@') : NULL;
		const char *dn = f48_fml4_value(fl->config, "DOMAINNAME");

		free(l->domain);
		l->domain = f48_xstrdup(at ? at + 1 : dn ? dn : "");
	}
	if (!l->fml_pl && fl->include) {
		const f48_include_cmd *cmd = f48_include_fml_cmd(fl->include);
		if (cmd)
			l->fml_pl = f48_xstrdup(cmd->program);
	}
	if (fl->include) {
		for (i = 0; i < fl->include->n; i++)
			if (fl->include->cmds[i].is_exit75 &&
			    f48_findings_count_code(&l->findings, F48_C_SCAN_INCLUDE_DEFERS) == 0) {
				char *ip = f48_path_join(l->dir, "include");
				f48_findings_add(&l->findings, F48_SEV_WARNING,
				    F48_C_SCAN_INCLUDE_DEFERS, ip, fl->include->cmds[i].line,
				    "finish the migration (fml4to8 migrate again) or roll it back",
				    "the include file defers all mail (exit 75)");
				free(ip);
			}
	}
	f48_fml4_list_free(fl);
}

/* State, counts and findings of one list. */
static void
examine(ctx *c, f48_scan_list *l, bool reached)
{
	char *hdir = host(c, l->dir), *rb;
	f48_mig_status st;
	f48_sb ev;
	bool cfph = in(hdir, "config.ph", 'f'), cfcf = in(hdir, "config.cf", 'f');
	bool fml4rc = in(hdir, ".fml4rc", 'd');

	f48_state_opts so = { .state_dir = c->o->state_dir, .list_dir = hdir, .key = l->dir };
	f48_state *sst = NULL;

	f48_sb_init(&ev);
	memset(&st, 0, sizeof(st));
	if (f48_state_open(&so, &sst, NULL) == F48_OK && f48_apply_status(sst, &st, NULL) == F48_OK &&
	    st.state == F48_MIG_DONE) {
		l->state = F48_SCAN_FML8;
		f48_sb_printf(&ev, "%s/journal says \"state migrated\"", f48_state_entry(sst));
	} else if (st.state == F48_MIG_PARTIAL) {
		l->state = F48_SCAN_HALF;
		f48_sb_printf(&ev, "%s/journal stops at action %zu", f48_state_entry(sst), st.next);
		f48_findings_add(&l->findings, F48_SEV_WARNING, F48_C_SCAN_HALF_MIGRATED,
		    l->dir, 0, "run fml4to8 migrate on it again to finish, or rollback",
		    "a migration by fml4to8 did not finish (%s)", ev.data);
	} else if ((rb = rolled_back_dir(hdir)) != NULL && !cfcf) {
		l->state = F48_SCAN_ROLLED_BACK;
		f48_sb_printf(&ev, "%s/ (fml4to8's backup, renamed by rollback); config.ph "
		    "is back", rb);
		free(rb);
	} else if (cfcf && fml4rc) {
		free(rb);
		l->state = F48_SCAN_FML8_MERGEML;
		f48_sb_puts(&ev, "config.cf and .fml4rc/, no migration of fml4to8 recorded "
		    "(makefml mergeml's backup)");
	} else if (cfcf && !cfph) {
		free(rb);
		l->state = F48_SCAN_FML8_NATIVE;
		f48_sb_puts(&ev, "config.cf, no fml4 files");
	} else {
		free(rb);
		l->state = F48_SCAN_FML4;
		f48_sb_puts(&ev, cfph ? "config.ph" : "include runs fml.pl");
		if (cfcf || fml4rc)
			f48_findings_add(&l->findings, F48_SEV_WARNING, F48_C_SCAN_FML8_LEFTOVER,
			    l->dir, 0, "remove them once the list's state is decided",
			    "fml4 list with fml8 files of an earlier attempt:%s%s",
			    cfcf ? " config.cf" : "", fml4rc ? " .fml4rc/" : "");
	}
	f48_mig_status_free(&st);
	f48_state_close(sst);
	l->evidence = f48_sb_steal(&ev);

	if (l->state == F48_SCAN_FML4 || l->state == F48_SCAN_ROLLED_BACK)
		count_fml4(c, l, hdir);
	else
		count_fml8(l, hdir);
	l->seq = read_seq(hdir);
	l->last_article = article_date(hdir, l->seq);
	if (!reached)
		f48_findings_add(&l->findings, F48_SEV_WARNING, F48_C_SCAN_LIST_UNREACHED,
		    l->dir, 0, "add its aliases, or retire the list",
		    "no alias of alias_maps reaches this list directory: no mail gets to it");
	if (l->by_fml4 && l->by_fml8)
		f48_findings_add(&l->findings, F48_SEV_WARNING, F48_C_SCAN_REACHED_BY_BOTH,
		    l->dir, 0, "remove the fml4 aliases (fml4to8 virtual --check-aliases)",
		    "aliases run both fml4's fml.pl and fml8 for this list: each posting is "
		    "distributed twice, or by the wrong one");
	free(hdir);
}

/* Domain of a list from its directory's place in the ml_home_prefix map. */
static void
domain_from_prefix(ctx *c, f48_scan_list *l)
{
	char *parent = f48_path_dirname(l->dir);
	size_t i, n = f48_strmap_size(c->prefix);

	for (i = 0; i < n && (!l->domain || !*l->domain); i++)
		if (strcmp(f48_strmap_value_at(c->prefix, i), parent) == 0) {
			free(l->domain);
			l->domain = f48_xstrdup(f48_strmap_key_at(c->prefix, i));
		}
	free(parent);
}

static int
cmp_lists(const void *a, const void *b)
{
	const f48_scan_list *x = a, *y = b;
	int r = strcmp(x->domain ? x->domain : "", y->domain ? y->domain : "");

	return r ? r : strcmp(x->dir, y->dir);
}

int
f48_scan_host(const f48_scan_opts *o, f48_scan **out, f48_error *err)
{
	static const char *const defaults[] = {
		"/etc/postfix/main.cf", "/usr/local/etc/postfix/main.cf"
	};
	ctx c;
	f48_maincf *cf = NULL;
	char **amaps = NULL, **vmaps = NULL;
	size_t na = 0, nv = 0, i, j, nreached;
	vlist vl = { NULL, 0 };
	f48_scan *s;

	if (!o || !out || !o->tables)
		return f48_error_set(err, F48_EUSAGE, NULL, 0, "f48_scan_host: missing argument");
	s = f48_xcalloc(1, sizeof(*s));
	f48_findings_init(&s->findings);
	memset(&c, 0, sizeof(c));
	c.o = o;
	c.s = s;
	c.by_dir = f48_strmap_new();
	c.alias_list = f48_strmap_new();
	c.prefix = f48_strmap_new();

	for (i = 0; i < (o->main_cf ? 1 : 2) && !cf; i++) {
		const char *prod = o->main_cf ? o->main_cf : defaults[i];
		char *h = host(&c, prod);
		f48_error e;

		if ((o->main_cf || exists(h, 'f')) && f48_maincf_read(h, &cf, &e) == F48_OK) {
			free(cf->path);
			cf->path = f48_xstrdup(prod);
			s->main_cf = f48_xstrdup(prod);
		} else if (o->main_cf)
			f48_findings_add(&s->findings, F48_SEV_ERROR, F48_C_SCAN_MAIN_CF_MISSING,
			    prod, 0, NULL, "main.cf cannot be read (%s)", f48_error_detail(&e));
		free(h);
	}
	if (!cf && !o->main_cf)
		f48_findings_add(&s->findings, F48_SEV_WARNING, F48_C_SCAN_MAIN_CF_MISSING,
		    NULL, 0, "give --main-cf FILE", "no main.cf at %s or %s: only the "
		    "directories given are walked", defaults[0], defaults[1]);

	read_prefix_map(&c);
	if (cf) {
		maps_of(&c, cf, "alias_maps", &amaps, &na);
		maps_of(&c, cf, "alias_database", &amaps, &na);
		maps_of(&c, cf, "virtual_alias_maps", &vmaps, &nv);
	}
	for (i = 0; i < na; i++)
		read_map(&c, amaps[i], true, NULL);
	for (i = 0; i < nv; i++)
		read_map(&c, vmaps[i], false, &vl);
	/* virtual: an address to the alias (local part) that reaches a list */
	for (i = 0; i < vl.n; i++) {
		char **t;
		size_t n = split_targets(vl.v[i].value, &t), k;

		for (k = 0; k < n; k++) {
			char *local = f48_xstrndup(t[k], strcspn(t[k], "@"));
			const char *dir;

			for (char *p = local; *p; p++)
				*p = (char)tolower((unsigned char)*p);
			if (strchr(vl.v[i].key, '@') && (dir = f48_strmap_get(c.alias_list, local))) {
				f48_scan_list *l = list_at(&c, dir);
				const char *at = strchr(vl.v[i].key, '@');

				add_address(l, vl.v[i].key);
				if (!l->domain || !*l->domain) {
					free(l->domain);
					l->domain = f48_xstrdup(at + 1);
				}
			}
			free(local);
			free(t[k]);
		}
		free(t);
	}
	/* Aliases of lists no virtual entry names: the alias name is the address. */
	for (i = 0; i < f48_strmap_size(c.alias_list); i++) {
		f48_scan_list *l = list_at(&c, f48_strmap_value_at(c.alias_list, i));
		if (l->naddresses == 0)
			add_address(l, f48_strmap_key_at(c.alias_list, i));
	}

	/* Walk: the ML_DIR of every list reached, the DIRs given, the prefixes. */
	nreached = s->n;
	for (i = 0; i < nreached; i++) {
		char *parent = f48_path_dirname(s->lists[i].dir);
		add_ml_dir(&c, parent);
		free(parent);
	}
	for (i = 0; i < o->ndirs; i++) {
		char *h = host(&c, o->dirs[i]);
		if (f48_list_dir_is(h, F48_LISTDIR_FML4 | F48_LISTDIR_FML8))
			(void)list_at(&c, o->dirs[i]);
		else
			add_ml_dir(&c, o->dirs[i]);
		free(h);
	}
	for (i = 0; i < c.nml_dirs; i++) {
		char *h = host(&c, c.ml_dirs[i]), **names = NULL;
		size_t n = 0;

		if (exists(h, 'd') &&
		    f48_ml_dir_lists(h, F48_LISTDIR_FML4 | F48_LISTDIR_FML8, &names, &n, NULL) == F48_OK) {
			for (j = 0; j < n; j++) {
				char *d = f48_path_join(c.ml_dirs[i], names[j]);
				(void)list_at(&c, d);
				free(d);
				free(names[j]);
			}
			free(names);
		}
		free(h);
	}

	/* Each list: drop the ones that do not exist, examine the others. */
	for (i = 0; i < s->n; i++) {
		f48_scan_list *l = &s->lists[i];
		char *h = host(&c, l->dir);
		char kind = 0;
		bool reached = l->by_fml4 || l->by_fml8 || l->naddresses > 0;

		if (f48_file_lstat_kind(h, &kind) != 0 || kind != 'd') {
			if (kind == 'l')
				f48_findings_add(&s->findings, F48_SEV_WARNING, F48_C_SCAN_SYMLINK,
				    l->dir, 0, NULL, "list directory is a symbolic link: not "
				    "followed (scan never leaves the configured trees)");
			else
				f48_findings_add(&s->findings, F48_SEV_WARNING,
				    F48_C_SCAN_ALIAS_TARGET_MISSING, l->dir, 0,
				    "remove its aliases, or restore the list",
				    "aliases reach the list directory %s, which does not exist: "
				    "mail to them bounces", l->dir);
			l->name[0] = '\0';   /* dropped below */
			free(h);
			continue;
		}
		free(h);
		if (!l->domain || !*l->domain)
			domain_from_prefix(&c, l);
		examine(&c, l, reached);
		if (!l->domain || !*l->domain)
			domain_from_prefix(&c, l);
		if (!l->domain) {
			l->domain = f48_xstrdup("");
		}
	}
	for (i = j = 0; i < s->n; i++) {
		if (s->lists[i].name[0] == '\0') {
			f48_scan_list *l = &s->lists[i];
			free(l->domain);
			free(l->name);
			free(l->dir);
			for (size_t k = 0; k < l->naddresses; k++)
				free(l->addresses[k]);
			free(l->addresses);
			free(l->evidence);
			free(l->fml_pl);
			free(l->last_article);
			f48_findings_free(&l->findings);
			continue;
		}
		s->lists[j++] = s->lists[i];
	}
	s->n = j;
	if (s->n > 1)
		qsort(s->lists, s->n, sizeof(*s->lists), cmp_lists);

	for (i = 0; i < vl.n; i++) {
		free(vl.v[i].key);
		free(vl.v[i].value);
		free(vl.v[i].file);
	}
	free(vl.v);
	f48_maincf_items_free(amaps, na);
	f48_maincf_items_free(vmaps, nv);
	f48_maincf_items_free(c.ml_dirs, c.nml_dirs);
	f48_strmap_free(c.by_dir, NULL);
	f48_strmap_free(c.alias_list, free);
	f48_strmap_free(c.prefix, free);
	f48_maincf_free(cf);
	*out = s;
	return F48_OK;
}

void
f48_scan_free(f48_scan *s)
{
	size_t i, k;

	if (!s)
		return;
	for (i = 0; i < s->n; i++) {
		f48_scan_list *l = &s->lists[i];

		free(l->domain);
		free(l->name);
		free(l->dir);
		for (k = 0; k < l->naddresses; k++)
			free(l->addresses[k]);
		free(l->addresses);
		free(l->evidence);
		free(l->fml_pl);
		free(l->last_article);
		f48_findings_free(&l->findings);
	}
	free(s->lists);
	free(s->main_cf);
	f48_findings_free(&s->findings);
	free(s);
}

static size_t
warnings(const f48_scan_list *l)
{
	return f48_findings_count(&l->findings, F48_SEV_WARNING);
}

size_t
f48_scan_order(const f48_scan *s, const char *domain, size_t **idx)
{
	size_t n = 0, i, j;

	*idx = f48_xmalloc((s->n ? s->n : 1) * sizeof(**idx));
	for (i = 0; i < s->n; i++)
		if (strcmp(s->lists[i].domain, domain) == 0 && s->lists[i].state == F48_SCAN_FML4)
			(*idx)[n++] = i;
	/* insertion sort: fewest warnings, then fewest members */
	for (i = 1; i < n; i++) {
		size_t v = (*idx)[i];
		const f48_scan_list *x = &s->lists[v];

		for (j = i; j > 0; j--) {
			const f48_scan_list *y = &s->lists[(*idx)[j - 1]];
			if (warnings(y) < warnings(x) ||
			    (warnings(y) == warnings(x) && y->members <= x->members))
				break;
			(*idx)[j] = (*idx)[j - 1];
		}
		(*idx)[j] = v;
	}
	return n;
}

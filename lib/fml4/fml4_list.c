/* fml4_list.c - see fml4_list.h. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/error.h"
#include "util/fileio.h"
#include "util/findings.h"
#include "util/pathutil.h"
#include "util/xalloc.h"

#include "codes.h"
#include "fml4/fml4_list.h"

/* A production path inside the list maps to the list dir on this host;
 * anything else goes through --root. */
static char *
host_path(const f48_fml4_list *l, const char *root, const char *prod)
{
	size_t n = strlen(l->dir_prod);

	if (strncmp(prod, l->dir_prod, n) == 0 && (prod[n] == '/' || prod[n] == '\0'))
		return f48_path_join(l->dir, prod + n);
	if (prod[0] != '/')    /* fml4 resolves relative names against $DIR */
		return f48_path_join(l->dir, prod);
	return f48_path_on_host(root, prod);
}

static void
add_file(f48_fml4_list *l, const char *root, const char *var, const char *prod,
    unsigned role)
{
	size_t i;
	char *clean;

	if (prod == NULL || prod[0] == '\0')
		return;
	clean = f48_path_clean(prod);
	for (i = 0; i < l->nfiles; i++) {
		if (strcmp(l->files[i].path_prod, clean) == 0) {
			l->files[i].roles |= role;
			free(clean);
			return;
		}
	}
	l->files = f48_xrealloc(l->files, (l->nfiles + 1) * sizeof(*l->files));
	memset(&l->files[l->nfiles], 0, sizeof(*l->files));
	l->files[l->nfiles].roles = role;
	l->files[l->nfiles].variable = f48_xstrdup(var);
	l->files[l->nfiles].path_prod = clean;
	l->files[l->nfiles].path = host_path(l, root, clean);
	l->nfiles++;
}

static void
add_files_from_array(f48_fml4_list *l, const char *root, const char *var, unsigned role)
{
	const f48_setting *s = f48_fml4_get(l->config, var);
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nitems; i++)
		add_file(l, root, var, s->items[i], role);
}

typedef struct sink_ctx {
	const f48_fml4_list_opts *o;
	const f48_fml4_list *l;
	size_t index;
} sink_ctx;

static int
to_sink(void *ctx, const f48_member_entry *e)
{
	sink_ctx *c = ctx;

	c->o->member_sink(c->o->member_sink_ctx, c->l, c->index, e);
	return 0;
}

static void
read_member_file(f48_fml4_list *l, size_t index, const f48_fml4_list_opts *o)
{
	f48_list_file *f = &l->files[index];
	bool load = o->load_members;
	f48_error err;
	char kind;
	int rc;

	f48_error_clear(&err);
	if (f48_file_lstat_kind(f->path, &kind) != 0) {
		/* fml4 creates members and actives empty when they are missing. */
		if (f->roles & (F48_ROLE_MEMBERS | F48_ROLE_ACTIVES))
			f48_findings_add(&l->findings, F48_SEV_INFO, F48_C_LIST_FILE_MISSING,
			    f->path, 0, NULL, "%s (%s) does not exist: fml4 treats it as empty",
			    f->variable, f->path_prod);
		return;
	}
	f->exists = true;
	{
		struct stat st;

		f->size = lstat(f->path, &st) == 0 ? (long long)st.st_size : -1;
	}
	if (load) {
		rc = f48_members_load(f->path, &f->entries, &l->findings, &err);
		if (rc == F48_OK)
			f->counts = f->entries->counts;
	} else if (o->member_sink) {
		sink_ctx c = { o, l, index };

		rc = f48_members_scan(f->path, to_sink, &c, &l->findings, &f->counts, &err);
		o->member_sink(o->member_sink_ctx, l, index, NULL);
	} else
		rc = f48_members_count(f->path, &f->counts, &l->findings, &err);
	if (rc < 0) {
		f48_findings_add(&l->findings, F48_SEV_ERROR,
		    err.status == F48_EUNSAFE ? F48_C_FILE_SYMLINK : F48_C_FILE_UNREADABLE,
		    f->path, 0, NULL, "%s", f48_error_detail(&err));
		f->exists = false;
	}
}

/* An optional file: missing is fine, anything else wrong is a finding. */
static bool
optional_file(f48_fml4_list *l, const char *path)
{
	char kind;

	if (f48_file_lstat_kind(path, &kind) != 0)
		return false;
	if (kind == 'l') {
		f48_findings_add(&l->findings, F48_SEV_ERROR, F48_C_FILE_SYMLINK, path, 0, NULL,
		    "is a symbolic link where a file is expected; it was not read");
		return false;
	}
	if (kind != 'f') {
		f48_findings_add(&l->findings, F48_SEV_ERROR, F48_C_FILE_NOT_REGULAR, path, 0, NULL,
		    "is not a regular file; it was not read");
		return false;
	}
	return true;
}

static void
read_include(f48_fml4_list *l, const char *name, f48_include **out)
{
	char *path = f48_path_join(l->dir, name);
	f48_error err;

	f48_error_clear(&err);
	if (optional_file(l, path) && f48_include_read(path, out, &l->findings, &err) < 0)
		f48_findings_add(&l->findings, F48_SEV_ERROR, F48_C_FILE_UNREADABLE, path, 0,
		    NULL, "%s", f48_error_detail(&err));
	free(path);
}

static void
check_include_dir(f48_fml4_list *l)
{
	const f48_include_cmd *cmd;

	if (l->include == NULL)
		return;
	cmd = f48_include_fml_cmd(l->include);
	if (cmd == NULL) {
		f48_findings_add(&l->findings, F48_SEV_WARNING, F48_C_INCLUDE_NO_FML,
		    l->include->path, 0, NULL,
		    "the include file does not run fml.pl: mail to the list is not handled by fml4");
		return;
	}
	if (cmd->ndirs > 0) {
		char *d = f48_path_clean(cmd->dirs[0]);

		if (strcmp(d, l->dir_prod) != 0)
			f48_findings_add(&l->findings, F48_SEV_WARNING, F48_C_INCLUDE_DIR_MISMATCH,
			    l->include->path, cmd->line, "check --root, or the include file",
			    "fml.pl is run on %s, but this list is %s", d, l->dir_prod);
		free(d);
	}
}

/* cf is the source of config.ph: report keys whose value config.ph no
 * longer has (config.ph edited by hand, or cf edited without update-config). */
static void
check_cf(f48_fml4_list *l)
{
	size_t i, j;

	for (i = 0; i < l->cf->n; i++) {
		const f48_cf_entry *e = &l->cf->entries[i];
		const f48_setting *s;
		const f48_assign *in_config = NULL;

		if (f48_cf_get(l->cf, e->key) != e)     /* only the last occurrence counts */
			continue;
		s = f48_fml4_get(l->config, e->key);
		if (s == NULL)
			continue;
		for (j = 0; j < s->nhistory; j++)
			if (s->history[j].layer == F48_LAYER_CONFIG)
				in_config = &s->history[j];
		if (in_config == NULL) {
			if (e->value[0] != '\0')
				f48_findings_add(&l->findings, F48_SEV_INFO, F48_C_CF_STALE,
				    l->cf->path, e->line, NULL,
				    "cf sets %s, but config.ph does not (edited by hand?); fml4 "
				    "uses config.ph, and \"makefml update-config\" would bring "
				    "cf's value back", e->key);
			continue;
		}
		/* cf values are interpolated when config.ph is made: compare only
		 * values without variables, where the comparison is exact. */
		if (strchr(e->value, '$') == NULL && strchr(e->value, '\\') == NULL) {
			size_t vlen = strlen(e->value);

			while (vlen > 0 && (e->value[vlen - 1] == ' ' || e->value[vlen - 1] == '\t'))
				vlen--;
			if (in_config->len != vlen || memcmp(in_config->value, e->value, vlen) != 0)
				f48_findings_add(&l->findings, F48_SEV_INFO, F48_C_CF_STALE,
				    l->cf->path, e->line, NULL,
				    "cf has %s \"%.*s\" but config.ph:%ld has another value; fml4 "
				    "uses config.ph", e->key, (int)vlen, e->value, in_config->line);
		}
	}
}

int
f48_fml4_list_read(const f48_fml4_list_opts *opts, f48_fml4_list **out, f48_error *err)
{
	f48_fml4_list *l;
	f48_fml4_config_opts co;
	struct stat st;
	char *path;
	int rc;

	if (opts->list_dir == NULL || opts->tables == NULL)
		return f48_error_set(err, F48_EUSAGE, NULL, 0, "no list directory or tables");
	if (lstat(opts->list_dir, &st) != 0)
		return f48_error_sys(err, F48_EINPUT, opts->list_dir, "cannot read the list directory");
	if (!S_ISDIR(st.st_mode))
		return f48_error_set(err, F48_EINPUT, opts->list_dir, 0,
		    S_ISLNK(st.st_mode) ? "is a symbolic link, not a list directory; give the real path"
		    : "is not a directory");
	l = f48_xcalloc(1, sizeof(*l));
	f48_findings_init(&l->findings);
	l->dir = f48_path_clean(opts->list_dir);
	l->dir_prod = opts->dir_prod ? f48_path_clean(opts->dir_prod) :
	    f48_path_in_production(opts->root, l->dir);
	l->name = f48_path_basename(l->dir_prod);
	l->root = opts->root && *opts->root && strcmp(opts->root, "/") != 0 ?
	    f48_path_clean(opts->root) : NULL;

	read_include(l, "include", &l->include);
	read_include(l, "include-ctl", &l->include_ctl);
	read_include(l, "include-mead", &l->include_mead);
	if (l->include == NULL)
		f48_findings_add(&l->findings, F48_SEV_WARNING, F48_C_FILE_MISSING, l->dir, 0, NULL,
		    "no include file: the MTA has no command for this list, and the fml4 "
		    "install (for default_config.ph) cannot be found from it");

	memset(&co, 0, sizeof(co));
	co.list_dir = l->dir;
	co.root = opts->root;
	co.dir_prod = l->dir_prod;
	co.default_config = opts->default_config;
	co.tables = opts->tables;
	co.cache = opts->cache;
	co.include = l->include;
	if ((rc = f48_fml4_config_load(&co, &l->config, err)) < 0) {
		f48_fml4_list_free(l);
		return rc;
	}
	f48_findings_move(&l->findings, &l->config->findings);
	check_include_dir(l);

	path = f48_path_join(l->dir, "cf");
	if (optional_file(l, path)) {
		f48_error e2;

		f48_error_clear(&e2);
		if (f48_cf_read(path, &l->cf, &l->findings, &e2) < 0)
			f48_findings_add(&l->findings, F48_SEV_ERROR, F48_C_FILE_UNREADABLE, path,
			    0, NULL, "%s", f48_error_detail(&e2));
		else
			check_cf(l);
	}
	free(path);

	add_file(l, opts->root, "MEMBER_LIST", f48_fml4_value(l->config, "MEMBER_LIST"),
	    F48_ROLE_MEMBERS);
	add_files_from_array(l, opts->root, "@MEMBER_LIST", F48_ROLE_MEMBERS);
	add_file(l, opts->root, "ACTIVE_LIST", f48_fml4_value(l->config, "ACTIVE_LIST"),
	    F48_ROLE_ACTIVES);
	add_files_from_array(l, opts->root, "@ACTIVE_LIST", F48_ROLE_ACTIVES);
	add_file(l, opts->root, "ADMIN_MEMBER_LIST",
	    f48_fml4_value(l->config, "ADMIN_MEMBER_LIST"), F48_ROLE_ADMINS);
	add_file(l, opts->root, "MODERATOR_MEMBER_LIST",
	    f48_fml4_value(l->config, "MODERATOR_MEMBER_LIST"), F48_ROLE_MODERATORS);
	{
		size_t i;

		for (i = 0; i < l->nfiles; i++)
			read_member_file(l, i, opts);
	}

	{
		const char *pw = f48_fml4_value(l->config, "PASSWD_FILE");

		if (pw && pw[0]) {
			char *p = host_path(l, opts->root, pw);

			if (optional_file(l, p)) {
				f48_error e3;

				f48_error_clear(&e3);
				if (f48_passwd_read(p, &l->passwd, &l->findings, &e3) < 0)
					f48_findings_add(&l->findings, F48_SEV_ERROR,
					    F48_C_FILE_UNREADABLE, p, 0, NULL, "%s", f48_error_detail(&e3));
			}
			free(p);
		}
	}
	if (opts->tables->cron)
		f48_cron_read(l->dir, l->dir_prod, NULL, opts->tables->cron, &l->cron,
		    &l->findings);
	*out = l;
	return F48_OK;
}

void
f48_fml4_list_free(f48_fml4_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	free(l->name);
	free(l->dir);
	free(l->dir_prod);
	free(l->root);
	f48_fml4_config_free(l->config);
	f48_include_free(l->include);
	f48_include_free(l->include_ctl);
	f48_include_free(l->include_mead);
	f48_cf_free(l->cf);
	for (i = 0; i < l->nfiles; i++) {
		free(l->files[i].variable);
		free(l->files[i].path_prod);
		free(l->files[i].path);
		f48_member_list_free(l->files[i].entries);
	}
	free(l->files);
	f48_passwd_free(l->passwd);
	f48_cron_entries_free(&l->cron);
	f48_findings_free(&l->findings);
	free(l);
}

bool
f48_fml4_is_list_dir(const char *dir)
{
	char *p = f48_path_join(dir, "config.ph");
	char kind;
	bool yes = f48_file_lstat_kind(p, &kind) == 0;

	free(p);
	if (!yes) {
		f48_include *inc = NULL;

		p = f48_path_join(dir, "include");
		if (f48_include_read(p, &inc, NULL, NULL) == F48_OK) {
			yes = f48_include_fml_cmd(inc) != NULL;
			f48_include_free(inc);
		}
		free(p);
	}
	return yes;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

bool
f48_list_dir_is(const char *dir, unsigned kinds)
{
	if ((kinds & F48_LISTDIR_FML4) && f48_fml4_is_list_dir(dir))
		return true;
	if (kinds & F48_LISTDIR_FML8) {
		char *p = f48_path_join(dir, "config.cf");
		char kind;
		bool yes = f48_file_lstat_kind(p, &kind) == 0 && kind == 'f';

		free(p);
		if (!yes) {   /* half-migrated: only the backup says what it is */
			p = f48_path_join(dir, ".fml4rc");
			yes = f48_file_lstat_kind(p, &kind) == 0 && kind == 'd';
			free(p);
		}
		return yes;
	}
	return false;
}

int
f48_fml4_domain_lists(const char *ml_dir, char ***names, size_t *n, f48_error *err)
{
	return f48_ml_dir_lists(ml_dir, F48_LISTDIR_FML4, names, n, err);
}

int
f48_ml_dir_lists(const char *ml_dir, unsigned kinds, char ***names, size_t *n,
    f48_error *err)
{
	DIR *d = opendir(ml_dir);
	struct dirent *de;
	char **v = NULL;
	size_t cnt = 0;

	if (d == NULL)
		return f48_error_sys(err, F48_EINPUT, ml_dir, "cannot read the directory");
	while ((de = readdir(d)) != NULL) {
		char *p;
		struct stat st;

		/* fml4's own collector skips these names (CollectAliases). */
		if (de->d_name[0] == '.' || de->d_name[0] == '@' || strcmp(de->d_name, "etc") == 0)
			continue;
		p = f48_path_join(ml_dir, de->d_name);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode) && f48_list_dir_is(p, kinds)) {
			v = f48_xrealloc(v, (cnt + 1) * sizeof(*v));
			v[cnt++] = f48_xstrdup(de->d_name);
		}
		free(p);
	}
	closedir(d);
	if (cnt > 1)
		qsort(v, cnt, sizeof(*v), cmp_names);
	*names = v;
	*n = cnt;
	return F48_OK;
}

int
f48_list_dirs_of(const char *dir, unsigned kinds, char ***dirs, size_t *n, f48_error *err)
{
	char **names = NULL;
	size_t nn = 0, k;
	int rc;

	*dirs = NULL;
	*n = 0;
	if (f48_list_dir_is(dir, kinds)) {
		*dirs = f48_xmalloc(sizeof(**dirs));
		(*dirs)[0] = f48_xstrdup(dir);
		*n = 1;
		return F48_OK;
	}
	if ((rc = f48_ml_dir_lists(dir, kinds, &names, &nn, err)) < 0)
		return rc;
	for (k = 0; k < nn; k++) {
		char *name = names[k];

		names[k] = f48_path_join(dir, name);
		free(name);
	}
	*dirs = names;
	*n = nn;
	return F48_OK;
}

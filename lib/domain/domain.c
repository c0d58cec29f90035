/* domain.c - see domain.h. */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "codes.h"
#include "util/fileio.h"
#include "util/pathutil.h"
#include "util/xalloc.h"
#include "fml4/fml4_list.h"

#include "domain.h"

/* Is addr one of the list's own addresses (MAINTAINER = ML-admin@DOMAIN
 * would loop)?  domain may be NULL (not known yet: any domain). */
static bool
own_address(const char *addr, const char *ml, const char *domain)
{
	size_t n = strlen(ml);
	const char *at = strchr(addr, '@');

	if (strncasecmp(addr, ml, n) != 0 || (addr[n] != '@' && addr[n] != '-'))
		return false;
	return at == NULL || domain == NULL || strcasecmp(at + 1, domain) == 0;
}

static bool
exists(const char *dir, const char *name)
{
	char *p = f48_path_join(dir, name);
	char kind;
	bool yes = f48_file_lstat_kind(p, &kind) == 0;

	free(p);
	return yes;
}

/* Where a list's fml4 configuration is: the list itself (fml4), its
 * .fml4rc (migrated), or none (fml8 only).  Caller frees; NULL: none.
 * *is_list: the directory is a list at all. */
static char *
fml4_source(const char *ldir, bool *is_list)
{
	char *rc;

	*is_list = true;
	if (f48_fml4_is_list_dir(ldir))
		return f48_xstrdup(ldir);
	rc = f48_path_join(ldir, ".fml4rc");
	if (exists(ldir, "config.cf") && f48_fml4_is_list_dir(rc))
		return rc;
	free(rc);
	*is_list = exists(ldir, "config.cf");
	return NULL;
}

/* Admin and owner of one list: fml4's aliases, MAINTAINER, opts->owner. */
static void
find_admin(const f48_domain_opts *o, f48_pf_list *p, const char *ldir,
    const f48_fml4_list *l, const char *domain, f48_findings *fs)
{
	char *cands[3];
	const char *maint = l ? f48_fml4_value(l->config, "MAINTAINER") : NULL;
	size_t c;
	f48_error err;

	cands[0] = f48_path_join(ldir, "aliases");
	cands[1] = f48_path_join(ldir, ".fml4rc/aliases");
	cands[2] = f48_path_join(o->ml_dir, "etc/aliases");
	for (c = 0; c < 3 && p->admin == NULL && p->owner == NULL; c++) {
		long line = 0;
		int r;

		f48_error_clear(&err);
		r = f48_pf_fml4_owner(cands[c], p->name, &p->admin, &p->owner, &line, &err);
		if (r < 0) {
			f48_findings_add(fs, F48_SEV_ERROR, F48_C_FILE_UNREADABLE, cands[c], 0, NULL,
			    "%s", f48_error_detail(&err));
			continue;
		}
		if (r > 0) {
			char *pp = f48_path_production(o->root, cands[c]);

			p->owner_from = f48_xasprintf("as fml4's %s:%ld", pp, line);
			free(pp);
		}
	}
	for (c = 0; c < 3; c++)
		free(cands[c]);
	if (p->admin == NULL && p->owner == NULL && maint && *maint &&
	    !own_address(maint, p->name, domain)) {
		p->admin = f48_xstrdup(maint);
		p->owner_from = f48_xstrdup("fml4's MAINTAINER");
	}
	if (p->admin == NULL && p->owner == NULL && o->owner) {
		p->admin = f48_xstrdup(o->owner);
		p->owner_from = f48_xstrdup("--owner");
	}
	if (p->admin == NULL && p->owner == NULL)
		f48_findings_add(fs, F48_SEV_WARNING, F48_C_ALIAS_OWNER_UNKNOWN, ldir, 0,
		    "give --owner ADDR", "no fml4 aliases nor MAINTAINER name the admin of %s; "
		    "its owner/admin aliases go to postmaster", p->name);
	if (p->owner == NULL && p->admin)
		p->owner = f48_xstrdup(p->admin);
	if (p->admin == NULL && p->owner)
		p->admin = f48_xstrdup(p->owner);
}

int
f48_domain_read(const f48_domain_opts *o, f48_pf_list **out, size_t *nout, char **domain_out,
    f48_findings *fs, f48_error *err)
{
	char **names = NULL;
	size_t n = 0, i, cnt = 0;
	f48_pf_list *v;
	char *dir_prod, *prefix, *domain;
	int rc;

	*out = NULL;
	*nout = 0;
	*domain_out = NULL;
	if (f48_fml4_is_list_dir(o->ml_dir))
		return f48_error_set(err, F48_EUSAGE, o->ml_dir, 0, "is one list; give the "
		    "domain's ~ml directory (its parent)");
	if ((rc = f48_ml_dir_lists(o->ml_dir, F48_LISTDIR_FML4 | F48_LISTDIR_FML8, &names, &n,
	    err)) < 0)
		return rc;
	if (n == 0) {
		free(names);
		return f48_error_set(err, F48_EINPUT, o->ml_dir, 0, "no fml4 or fml8 list in it");
	}
	dir_prod = f48_path_production(o->root, o->ml_dir);
	prefix = o->prefix ? f48_path_clean(o->prefix) : f48_xstrdup(dir_prod);
	domain = o->domain ? f48_xstrdup(o->domain) : NULL;
	v = f48_xcalloc(n, sizeof(*v));
	for (i = 0; i < n; i++) {
		char *ldir = f48_path_join(o->ml_dir, names[i]), *src;
		f48_fml4_list *l = NULL;
		f48_pf_list *p = &v[cnt];
		bool is_list;

		src = fml4_source(ldir, &is_list);
		if (src) {
			char *lprod = f48_path_production(o->root, ldir);
			f48_fml4_list_opts lo = { .list_dir = src, .root = o->root,
			    .default_config = o->fml4_defaults, .tables = o->tables,
			    .dir_prod = lprod };
			f48_error le;

			f48_error_clear(&le);
			if (f48_fml4_list_read(&lo, &l, &le) < 0) {
				f48_findings_add(fs, F48_SEV_ERROR, F48_C_FILE_UNREADABLE, src, 0, NULL,
				    "%s", f48_error_detail(&le));
				free(lprod);
				free(src);
				free(ldir);
				continue;
			}
			free(lprod);
		}
		if (l) {
			const char *ml_addr = f48_fml4_value(l->config, "MAIL_LIST");

			if (ml_addr && strchr(ml_addr, '@')) {
				const char *at = strchr(ml_addr, '@');

				if (domain == NULL)
					domain = f48_xstrdup(at + 1);
				if (strcasecmp(at + 1, domain) != 0 ||
				    (size_t)(at - ml_addr) != strlen(names[i]) ||
				    strncasecmp(ml_addr, names[i], (size_t)(at - ml_addr)) != 0)
					f48_findings_add(fs, F48_SEV_WARNING, F48_C_LIST_DOMAIN_MISMATCH,
					    ldir, 0, NULL, "MAIL_LIST is %s, not %s@%s: the maps use %s@%s",
					    ml_addr, names[i], domain, names[i], domain);
			} else if (domain == NULL && f48_fml4_value(l->config, "DOMAINNAME"))
				domain = f48_xstrdup(f48_fml4_value(l->config, "DOMAINNAME"));
		}
		p->name = f48_xstrdup(names[i]);
		p->home = f48_path_join(prefix, names[i]);
		p->fml4_dir = f48_path_join(dir_prod, names[i]);
		find_admin(o, p, ldir, l, domain, fs);
		f48_fml4_list_free(l);
		free(src);
		free(ldir);
		cnt++;
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(dir_prod);
	free(prefix);
	if (domain == NULL) {
		for (i = 0; i < cnt; i++)
			f48_pf_list_clear(&v[i]);
		free(v);
		return f48_error_set(err, F48_EINPUT, o->ml_dir, 0,
		    "the lists name no domain; give --domain");
	}
	for (i = 0; i < cnt; i++)
		v[i].domain = f48_xstrdup(domain);
	*out = v;
	*nout = cnt;
	*domain_out = domain;
	return F48_OK;
}

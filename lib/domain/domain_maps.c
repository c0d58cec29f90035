/*
 * domain_maps.c - the domain's Postfix maps: see domain_maps.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "codes.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/findings.h"
#include "util/pathutil.h"
#include "util/safefs.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "domain/domain.h"
#include "domain/domain_maps.h"
#include "postfix/postfix_check.h"
#include "postfix/postfix_maps.h"

#define MAP_MAX (64u << 20)

/* The worse of two outcomes: a failed write over unreadable input over a
 * usage error. */
static int
rank(int status)
{
	switch (status) {
	case F48_OK:
		return 0;
	case F48_EUSAGE:
		return 1;
	case F48_EINPUT:
	case F48_EUNSAFE:
		return 2;
	default:
		return 3;
	}
}

static void
raise_to(f48_dmaps_result *st, int status)
{
	if (rank(status) > rank(st->status))
		st->status = status;
}

/* A message for the caller to show (the library never prints); status
 * F48_OK: a note that changes nothing. */
static int
fail(f48_dmaps_result *st, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
fail(f48_dmaps_result *st, int status, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	f48_sb_printf(&st->errors, "%s\n", buf);
	raise_to(st, status);
	return status;
}

/* An output map: whether it exists, and its mode and owner (a map the
 * list owner had stays the list owner's when it is rewritten). */
typedef struct mapfile {
	bool exists;
	mode_t mode;
	uid_t uid;
	gid_t gid;
} mapfile;

/* Read an existing output file (absent: exists false, empty doc). */
static int
read_existing(f48_dmaps_result *st, const char *path, f48_sb *doc, mapfile *mf)
{
	struct stat stt;
	char *text = NULL;
	size_t len;
	f48_error err;

	mf->exists = false;
	mf->mode = 0644;
	mf->uid = (uid_t)-1;
	mf->gid = (gid_t)-1;
	if (lstat(path, &stt) < 0) {
		if (errno == ENOENT)
			return F48_OK;
		return fail(st, F48_EINPUT, "%s: %s", path, strerror(errno));
	}
	f48_error_clear(&err);
	if (f48_file_read(path, MAP_MAX, &text, &len, &err) < 0)
		return fail(st, F48_EINPUT, "%s", err.msg);
	mf->exists = true;
	mf->mode = stt.st_mode & 07777;
	mf->uid = stt.st_uid;
	mf->gid = stt.st_gid;
	f48_sb_append(doc, text, len);
	free(text);
	return F48_OK;
}

/* The directories of a new map that do not exist yet (a domain's
 * etc/postfix before any fml8 list): made 0755 as makefml newdomain makes
 * them, owned like the nearest directory above that exists (the domain's
 * ~ml, the list owner's), which is also the owner of the new map.  Never
 * through a symlink. */
static int
make_map_dirs(f48_dmaps_result *st, const char *path, mapfile *mf)
{
	char *dir = f48_xstrdup(path), *slash, *missing[32];
	size_t n = 0;
	struct stat stt;
	int rc = F48_OK;

	for (;;) {
		if ((slash = strrchr(dir, '/')) == NULL || slash == dir)
			break;
		*slash = '\0';
		if (lstat(dir, &stt) == 0)
			break;
		if (errno != ENOENT || n == sizeof(missing) / sizeof(missing[0])) {
			rc = fail(st, F48_EIO, "%s: %s", dir, strerror(errno));
			free(dir);
			while (n > 0)
				free(missing[--n]);
			return rc;
		}
		missing[n++] = f48_xstrdup(dir);
	}
	if (n > 0 || slash) {
		if (!S_ISDIR(stt.st_mode)) {
			rc = fail(st, F48_EIO, "%s: not a directory (a symlink is not followed)", dir);
		} else {
			mf->uid = stt.st_uid;
			mf->gid = stt.st_gid;
		}
	}
	while (rc == F48_OK && n > 0) {
		char *d = missing[--n];
		int fd;

		if (mkdir(d, 0755) < 0 ||
		    (fd = open(d, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)) < 0) {
			rc = fail(st, F48_EIO, "mkdir %s: %s", d, strerror(errno));
		} else {
			if (fchown(fd, mf->uid, mf->gid) < 0 && geteuid() == 0)
				fail(st, F48_OK, "chown %s: %s", d, strerror(errno));
			close(fd);
		}
		free(d);
	}
	while (n > 0)
		free(missing[--n]);
	free(dir);
	return rc;
}

/* Write doc to path: backup of the old file first, then atomic replace,
 * keeping the old file's mode and owner; a new file and its missing
 * directories get the owner of the directory they are made in. */
static int
write_file(f48_dmaps_result *st, const char *path, const f48_sb *doc, mapfile *mf, const char *what)
{
	f48_error err;
	char *bak = NULL;
	int rc;

	f48_error_clear(&err);
	if (mf->exists && f48_sfs_backup_copy(path, &bak, &err) < 0)
		return fail(st, F48_EIO, "%s", err.msg);
	if (!mf->exists && (rc = make_map_dirs(st, path, mf)) != F48_OK)
		return rc;
	if (geteuid() != 0)
		mf->uid = (uid_t)-1, mf->gid = (gid_t)-1;   /* only root gives files away */
	if (f48_sfs_write_path(path, doc->data ? doc->data : "", doc->len, mf->mode,
	    mf->uid, mf->gid, &err) < 0) {
		free(bak);
		return fail(st, F48_EIO, "%s", err.msg);
	}
	if (bak)
		f48_sb_printf(&st->report, "%s: wrote %s (the previous one is kept as %s)\n", what, path, bak);
	else
		f48_sb_printf(&st->report, "%s: wrote %s\n", what, path);
	free(bak);
	return F48_OK;
}

/* Is the domain declared elsewhere (main.cf or another virtual map)? */
static bool
declared_elsewhere(const f48_dmaps_opts *o, const f48_maincf *cf, const char *domain,
    const char *self, char **where)
{
	long line = 0;
	size_t i;

	*where = NULL;
	if (cf && f48_maincf_declares_domain(cf, domain, &line)) {
		*where = f48_xasprintf("virtual_alias_domains (%s:%ld)", cf->path, line);
		return true;
	}
	for (i = 0; i < o->ncheck_virtual; i++) {
		struct stat a, b;

		if (self && (strcmp(o->check_virtual[i], self) == 0 || (stat(o->check_virtual[i], &a) == 0 &&
		    stat(self, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev)))
			continue;
		if (f48_pf_virtual_declares(o->check_virtual[i], domain, &line, NULL) > 0) {
			*where = f48_xasprintf("%s:%ld", o->check_virtual[i], line);
			return true;
		}
	}
	return false;
}

/* Decide the domain line.  Returns 1 keep, 0 drop, -1 leave as it is
 * (--fix, auto with nothing shown); an unreadable --check file is an
 * F48_EINPUT message. */
static int
decide(const f48_dmaps_opts *o, f48_dmaps_result *st, const f48_maincf *cf, const char *domain,
    const char *self, f48_sb *why)
{
	f48_error err;
	int rc;
	bool keep;

	if (o->domain_line == F48_DMAPS_KEEP) {
		f48_sb_puts(why, "--domain-line keep");
		return 1;
	}
	if (o->domain_line == F48_DMAPS_DROP) {
		f48_sb_puts(why, "--domain-line drop");
		return 0;
	}
	if (o->fix && cf == NULL && o->ncheck_virtual == 0) {
		f48_sb_puts(why, "auto, with no --check-main-cf or --check-virtual to decide from: "
		    "left as it is");
		return -1;
	}
	f48_error_clear(&err);
	keep = f48_pf_decide_domain_line(cf, o->check_virtual, o->ncheck_virtual, self, domain, why,
	    &rc, &err);
	if (rc < 0)
		fail(st, F48_EINPUT, "%s", err.msg);
	return keep ? 1 : 0;
}

static void
report_domain_line(f48_dmaps_result *st, const char *file, const char *domain, int choice,
    const char *why, bool changed)
{
	const char *what = choice == 1 ? "keep" : choice == 0 ? "drop" : "unchanged";

	f48_sb_printf(&st->report, "domain line: %s (%s%s\t%s): %s%s\n", what,
	    choice == 0 ? "#" : "", domain, domain, why,
	    changed ? "" : " [the file already had it so]");
	free(st->domain_line);
	st->domain_line = f48_xasprintf("%s: %s", what, why);
	f48_findings_add(&st->fs, F48_SEV_INFO, F48_C_VIRTUAL_DOMAIN_LINE, file, 0, NULL,
	    "domain line %s: %s", what, why);
}

static void
scan_stale(const f48_dmaps_opts *o, f48_dmaps_result *st, const f48_pf_list *lists, size_t n)
{
	size_t i;
	f48_error err;

	for (i = 0; i < o->ncheck_aliases; i++) {
		f48_error_clear(&err);
		if (f48_pf_scan_aliases(o->check_aliases[i], lists, n, &st->fs, &err) < 0)
			f48_findings_add(&st->fs, F48_SEV_ERROR, F48_C_FILE_UNREADABLE, o->check_aliases[i], 0,
			    NULL, "%s", f48_error_detail(&err));
	}
	for (i = 0; i < o->ncheck_virtual; i++) {
		f48_error_clear(&err);
		if (f48_pf_scan_virtual(o->check_virtual[i], lists, n, o->realmx, &st->fs, &err) < 0)
			f48_findings_add(&st->fs, F48_SEV_ERROR, F48_C_FILE_UNREADABLE, o->check_virtual[i], 0,
			    NULL, "%s", f48_error_detail(&err));
	}
}

/* The owner of a list file: from --owners-from when given (1 found, 0 not
 * listed), else from the disk; *uid 0 means root. */
static int
file_owner(const f48_dmaps_opts *o, f48_dmaps_result *st, const char *prod, char **name, uid_t *uid)
{
	*name = NULL;
	if (o->owners_from) {
		f48_error err;
		int r;

		f48_error_clear(&err);
		r = f48_pf_listing_owner(o->owners_from, prod, name, &err);
		if (r < 0) {
			fail(st, F48_EINPUT, "%s", err.msg);
			return 0;
		}
		if (r > 0)
			*uid = strcmp(*name, "root") == 0 ? 0 : 1;
		return r;
	}
	{
		char *host = f48_path_on_host(o->root, prod);
		struct stat s;
		int r = lstat(host, &s) == 0;

		if (r) {
			struct passwd *pw = getpwuid(s.st_uid);

			*uid = s.st_uid;
			*name = f48_xstrdup(pw ? pw->pw_name : "");
		}
		free(host);
		return r;
	}
}

static void
check_includes(const f48_dmaps_opts *o, f48_dmaps_result *st, const f48_pf_list *lists, size_t n)
{
	static const char *const inc[3] = { "include", "include-ctl", "include-error" };
	size_t i, k;

	for (i = 0; i < n; i++) {
		char *dname = NULL, *owner = NULL;
		uid_t duid = 0;

		/* chown to the owner of the list home, else fml4's admin when it
		 * is a local user name (fmladmin) */
		if (file_owner(o, st, lists[i].home, &dname, &duid) > 0 && duid != 0 && *dname)
			owner = f48_xstrdup(dname);
		else if (lists[i].owner && strpbrk(lists[i].owner, "@, \t") == NULL)
			owner = f48_xstrdup(lists[i].owner);
		free(dname);
		for (k = 0; k < 3; k++) {
			char *prod = f48_path_join(lists[i].home, inc[k]), *name = NULL;
			uid_t uid = 1;

			if (file_owner(o, st, prod, &name, &uid) > 0) {
				char *shown = o->owners_from ? f48_xstrdup(prod) :
				    f48_path_on_host(o->root, prod);

				f48_pf_check_include_owner(shown, uid, owner, &st->fs);
				free(shown);
			}
			free(name);
			free(prod);
		}
		free(owner);
	}
}

static void
maincf_lines(const f48_maincf *cf, f48_dmaps_result *st, const char *vfile, const char *afile)
{
	size_t i, shown = 0;

	if (cf)
		f48_sb_printf(&st->report, "\nmain.cf lines to add or change in %s (see the findings):\n",
		    cf->path);
	else
		f48_sb_puts(&st->report, "\nmain.cf lines to add (merged with the values there):\n");
	if (cf) {
		for (i = 0; i < st->fs.n; i++) {
			const f48_finding *f = &st->fs.items[i];

			if (f->fix && strncmp(f->code, "MAINCF_", 7) == 0 && strchr(f->fix, '=')) {
				f48_sb_printf(&st->report, "  %s\n", f->fix);
				shown++;
			}
		}
		if (shown == 0)
			f48_sb_printf(&st->report, "  (none: %s already has them)\n", cf->path);
	} else {
		if (vfile)
			f48_sb_printf(&st->report, "  virtual_alias_maps = hash:%s\n", vfile);
		if (afile)
			f48_sb_printf(&st->report, "  alias_maps = hash:/etc/aliases, hash:%s\n", afile);
		f48_sb_puts(&st->report, "  allow_mail_to_commands = alias, forward, include\n");
		f48_sb_puts(&st->report, "  (give --check-main-cf FILE for the exact lines)\n");
	}
	f48_sb_puts(&st->report, "\nthen run (as the owner of the files), and `postfix reload` after "
	    "changing main.cf:\n");
	if (vfile)
		f48_sb_printf(&st->report, "  postmap hash:%s\n", vfile);
	if (afile)
		f48_sb_printf(&st->report, "  postalias hash:%s\n", afile);
}

static void
run_maincf_checks(const f48_dmaps_opts *o, f48_dmaps_result *st, const f48_maincf *cf,
    const char *domain, const char *vfile, const char *afile, bool keep, const char *self)
{
	f48_pf_check_opts co = { .realmx = o->realmx, .domain = domain,
	    .aliases_file = afile, .virtual_file = vfile };
	char *where = NULL;
	bool other = domain && declared_elsewhere(o, cf, domain, self, &where);

	co.domain_declared = keep || other;
	co.declared_where = other ? where : vfile;
	f48_pf_check_maincf(cf, &co, &st->fs);
	free(where);
}

/* --fix FILE */
static void
do_fix(const f48_dmaps_opts *o, f48_dmaps_result *st, const f48_maincf *cf, const char *vfile,
    const char *afile)
{
	f48_sb doc, out;
	mapfile mf;
	bool any = false;
	size_t nfixed = 0, nd = 0, i;
	char **domains = NULL;

	f48_sb_init(&doc);
	f48_sb_init(&out);
	if (read_existing(st, o->fix, &doc, &mf) != F48_OK || !mf.exists) {
		if (!mf.exists)
			fail(st, F48_EINPUT, "--fix %s: no such file", o->fix);
		goto done;
	}
	f48_pf_fix_virtual(doc.data, doc.len, o->fix, o->realmx, &out, &nfixed, &domains, &nd,
	    &st->fs);
	if (o->domain) {
		bool have = false;

		for (i = 0; i < nd; i++)
			have |= strcasecmp(domains[i], o->domain) == 0;
		if (!have) {
			domains = f48_xrealloc(domains, (nd + 1) * sizeof(*domains));
			domains[nd++] = f48_xstrdup(o->domain);
		}
	}
	f48_sb_printf(&st->report, "%s: %zu right-hand side%s completed with @%s\n", o->fix, nfixed,
	    nfixed == 1 ? "" : "s", o->realmx);
	any = nfixed > 0;
	for (i = 0; i < nd; i++) {
		f48_sb why;
		int choice;
		bool changed = false;

		f48_sb_init(&why);
		choice = decide(o, st, cf, domains[i], o->fix, &why);
		if (choice >= 0) {
			int before = f48_pf_domain_line_state(out.data, out.len, domains[i]);

			if (before != choice) {
				char *c = f48_xasprintf("%s (%s)", choice ? "keep" : "drop", why.data);

				f48_pf_set_domain_line(&out, domains[i], choice == 1, c, &changed);
				free(c);
			}
		}
		report_domain_line(st, o->fix, domains[i], choice, why.data, changed);
		any |= changed;
		if (cf)
			run_maincf_checks(o, st, cf, domains[i], vfile, afile,
			    f48_pf_domain_line_state(out.data, out.len, domains[i]) == 1, o->fix);
		f48_sb_free(&why);
	}
	if (!any || (out.len == doc.len && memcmp(out.data, doc.data, doc.len) == 0))
		f48_sb_printf(&st->report, "%s: nothing to fix; the file is unchanged\n", o->fix);
	else
		write_file(st, o->fix, &out, &mf, "fixed");
done:
	f48_maincf_items_free(domains, nd);
	f48_sb_free(&doc);
	f48_sb_free(&out);
}

/* One list's block of KIND ("VIRTUAL", "ALIASES") into doc, replacing the
 * one it had; *changed is set when doc changed.  A block that cannot be
 * placed (a broken marker in the existing file) is an F48_EINPUT message. */
static int
put_block(f48_dmaps_result *st, f48_sb *doc, const char *file, const char *kind,
    const char *ml, const char *domain, const f48_sb *body, bool *changed)
{
	char *key = f48_pf_block_key(kind, ml, domain);
	f48_error err;
	bool ch = false;
	int rc = F48_OK;

	f48_error_clear(&err);
	if (f48_pf_put_block(doc, file, kind, key, body->data, &ch, &st->fs, &err) < 0)
		rc = fail(st, F48_EINPUT, "%s", err.msg);
	*changed |= ch;
	free(key);
	return rc;
}

/* A generated map ("virtual", "aliases"): written to out when given
 * (unless the file already has these bytes), else into r->maps for stdout
 * under its "==> KIND: PATH <==" header (none when it is the only one). */
static void
put_map(const f48_dmaps_opts *o, f48_dmaps_result *st, const char *kind, const char *out,
    const char *prod, const f48_sb *doc, mapfile *mf, bool changed)
{
	if (out) {
		if (mf->exists && !changed)
			f48_sb_printf(&st->report, "%s: %s is already up to date; unchanged\n", kind,
			    out);
		else
			write_file(st, out, doc, mf, kind);
	} else if (o->only == NULL || strcmp(o->only, kind) == 0) {
		if (o->only == NULL)
			f48_sb_printf(&st->maps, "==> %s: %s <==\n", kind, prod);
		f48_sb_append(&st->maps, doc->data, doc->len);
	}
}

/* Generate (and write) the two maps. */
static void
do_generate(const f48_dmaps_opts *o, f48_dmaps_result *st, const f48_maincf *cf,
    const f48_pf_list *lists, size_t n, const char *domain, const char *vfile, const char *afile)
{
	f48_sb vdoc, adoc, why;
	mapfile vmf = { false, 0644, (uid_t)-1, (gid_t)-1 }, amf = vmf;
	bool vchanged = false, achanged = false, ch;
	size_t i;
	int choice, rc;

	f48_sb_init(&vdoc);
	f48_sb_init(&adoc);
	f48_sb_init(&why);
	if (o->virtual_out && read_existing(st, o->virtual_out, &vdoc, &vmf) != F48_OK)
		goto done;
	if (o->aliases_out && read_existing(st, o->aliases_out, &adoc, &amf) != F48_OK)
		goto done;
	if (!vmf.exists)
		f48_sb_printf(&vdoc, "# Postfix virtual_alias_maps for the fml8 lists of %s,\n"
		    "# written by fml4to8 virtual in fml8's block format.\n\n", domain);
	if (!amf.exists)
		f48_sb_printf(&adoc, "# Postfix aliases (alias_maps) for the fml8 lists of %s,\n"
		    "# written by fml4to8 virtual in fml8's block format.\n\n", domain);
	for (i = 0; i < n; i++) {
		f48_sb b;

		f48_sb_init(&b);
		f48_pf_virtual_block(&b, lists[i].name, domain, o->realmx);
		rc = put_block(st, &vdoc, o->virtual_out ? o->virtual_out : vfile, "VIRTUAL",
		    lists[i].name, domain, &b, &vchanged);
		f48_sb_reset(&b);
		if (rc == F48_OK) {
			f48_pf_aliases_block(&b, &lists[i]);
			rc = put_block(st, &adoc, o->aliases_out ? o->aliases_out : afile, "ALIASES",
			    lists[i].name, domain, &b, &achanged);
		}
		f48_sb_free(&b);
		if (rc != F48_OK)
			goto done;
		f48_sb_printf(&st->report, "list %s@%s: home %s, admin %s, owner %s (%s)\n",
		    lists[i].name, domain, lists[i].home, lists[i].admin ? lists[i].admin : "postmaster",
		    lists[i].owner ? lists[i].owner : "postmaster",
		    lists[i].owner_from ? lists[i].owner_from : "nothing found");
	}
	choice = decide(o, st, cf, domain, o->virtual_out, &why);
	{
		char *c = f48_xasprintf("%s (%s)", choice ? "keep" : "drop", why.data);

		f48_pf_set_domain_line(&vdoc, domain, choice != 0, c, &ch);
		vchanged |= ch;
		free(c);
	}
	report_domain_line(st, o->virtual_out ? o->virtual_out : vfile, domain, choice, why.data,
	    true);
	if (cf)
		run_maincf_checks(o, st, cf, domain, vfile, afile, choice != 0, o->virtual_out);
	put_map(o, st, "virtual", o->virtual_out, vfile, &vdoc, &vmf, vchanged);
	put_map(o, st, "aliases", o->aliases_out, afile, &adoc, &amf, achanged);
done:
	f48_sb_free(&vdoc);
	f48_sb_free(&adoc);
	f48_sb_free(&why);
}

int
f48_dmaps_run(const f48_dmaps_opts *o, f48_dmaps_result *r)
{
	f48_maincf *cf = NULL;
	f48_pf_list *lists = NULL;
	size_t nlists = 0, i;
	char *domain = NULL, *vfile = NULL, *afile = NULL;
	f48_error err;

	memset(r, 0, sizeof(*r));
	f48_findings_init(&r->fs);
	f48_sb_init(&r->report);
	f48_sb_init(&r->maps);
	f48_sb_init(&r->errors);
	f48_error_clear(&err);
	if (o->main_cf && f48_maincf_read(o->main_cf, &cf, &err) < 0) {
		fail(r, F48_EINPUT, "%s", err.msg);
		goto done;
	}
	if (o->ml_dir) {
		f48_domain_opts d = { .ml_dir = o->ml_dir, .root = o->root, .prefix = o->prefix,
			.domain = o->domain, .owner = o->owner, .fml4_defaults = o->fml4_defaults,
			.tables = o->tables };

		f48_error_clear(&err);
		if (f48_domain_read(&d, &lists, &nlists, &domain, &r->fs, &err) < 0) {
			fail(r, err.status == F48_EUSAGE ? F48_EUSAGE : F48_EINPUT, "%s", err.msg);
			goto done;
		}
		r->nlists = nlists;
		if (nlists == 0) {
			raise_to(r, F48_EINPUT);
			goto done;
		}
	} else if (o->domain)
		domain = f48_xstrdup(o->domain);
	/* the files main.cf must name, as production paths */
	if (o->fix) {
		size_t fl;

		vfile = f48_path_production(o->root, o->fix);
		fl = strlen(vfile);
		if (fl > 20 && strcmp(vfile + fl - 20, "/etc/postfix/virtual") == 0)
			afile = f48_xasprintf("%.*s/etc/mail/aliases", (int)(fl - 20), vfile);
		else if (o->aliases_out)
			afile = f48_path_production(o->root, o->aliases_out);
		else if (o->prefix || o->ml_dir) {
			char *prefix = o->prefix ? f48_path_clean(o->prefix) :
			    f48_path_production(o->root, o->ml_dir);

			afile = f48_path_join(prefix, "etc/mail/aliases");
			free(prefix);
		}
	} else if (o->ml_dir) {
		char *prefix = o->prefix ? f48_path_clean(o->prefix) :
		    f48_path_production(o->root, o->ml_dir);

		vfile = o->virtual_out ? f48_path_production(o->root, o->virtual_out) :
		    f48_path_join(prefix, "etc/postfix/virtual");
		afile = o->aliases_out ? f48_path_production(o->root, o->aliases_out) :
		    f48_path_join(prefix, "etc/mail/aliases");
		free(prefix);
	} else if (o->prefix) {
		/* checks only: the maps are where fml8 puts them under the prefix */
		vfile = f48_path_join(o->prefix, "etc/postfix/virtual");
		afile = f48_path_join(o->prefix, "etc/mail/aliases");
	}

	if (o->fix)
		do_fix(o, r, cf, vfile, afile);
	else if (o->ml_dir)
		do_generate(o, r, cf, lists, nlists, domain, vfile, afile);
	else if (cf)
		run_maincf_checks(o, r, cf, domain, vfile, afile,
		    domain && o->domain_line != F48_DMAPS_DROP, NULL);
	if (cf && lists)
		check_includes(o, r, lists, nlists);
	scan_stale(o, r, lists, nlists);
	if (o->ml_dir || o->fix)
		maincf_lines(cf, r, vfile, afile);
done:
	for (i = 0; i < nlists; i++)
		f48_pf_list_clear(&lists[i]);
	free(lists);
	free(domain);
	free(vfile);
	free(afile);
	f48_maincf_free(cf);
	return r->status;
}

void
f48_dmaps_result_free(f48_dmaps_result *r)
{
	f48_findings_free(&r->fs);
	f48_sb_free(&r->report);
	f48_sb_free(&r->maps);
	f48_sb_free(&r->errors);
	free(r->domain_line);
	r->domain_line = NULL;
}

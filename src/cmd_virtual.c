/*
 * cmd_virtual.c - "fml4to8 virtual": the Postfix virtual map and aliases
 * file of a migrated domain in fml8's block format, --fix of an fml8
 * virtual file, the stale-entry scan and the main.cf checks.  The library
 * (lib/postfix) does the work; this file reads the lists, decides where
 * things go and prints.
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "codes.h"
#include "util/safefs.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/findings.h"
#include "util/pathutil.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "domain/domain.h"
#include "fml4/fml4_list.h"
#include "postfix/postfix_check.h"
#include "postfix/postfix_maps.h"
#include "report/report_show.h"
#include "report/xmlwriter.h"

#include "cli.h"

#define MAP_MAX (64u << 20)

typedef struct vopts {
	cli_opts co;
	const char *realmx, *domain, *out, *aliases, *only, *prefix, *owner;
	const char *fix, *main_cf, *owners_from;
	int dl_mode;      /* 0 auto, 1 keep, 2 drop */
	const char **cvirt, **calias;
	size_t ncvirt, ncalias;
	const char *dir;
} vopts;

typedef struct vstate {
	f48_findings fs;
	f48_sb rep;       /* the report text */
	f48_sb maps;      /* maps for stdout */
	int worst;
	char *dl_text;    /* domain line decision, for xml */
} vstate;

static void
raise_to(vstate *st, int code)
{
	if (code > st->worst)
		st->worst = code;
}

/* Production path of a host path given on the command line. */
static char *
prod_path(const vopts *o, const char *p)
{
	char *abs, *r;

	if (p[0] == '/')
		abs = f48_xstrdup(p);
	else {
		char cwd[4096];

		if (getcwd(cwd, sizeof(cwd)) == NULL)
			return f48_xstrdup(p);
		abs = f48_path_join(cwd, p);
	}
	r = f48_path_in_production(o->co.root, abs);
	free(abs);
	{
		char *c = f48_path_clean(r);

		free(r);
		return c;
	}
}

/* The domain stage (lib/domain): the lists of the ~ml directory, their
 * admins and the domain.  Prints why when it cannot. */
static int
read_lists(const vopts *o, vstate *st, f48_pf_list **out, size_t *nout, char **domain_out)
{
	f48_fml4_tables *tables = NULL;
	f48_domain_opts d = { .ml_dir = o->dir, .root = o->co.root, .prefix = o->prefix,
		.domain = o->domain, .owner = o->owner, .fml4_defaults = o->co.fml4_defaults };
	f48_error err;

	if (cli_load_tables(&o->co, &tables) < 0)
		return EXIT_INPUT;
	d.tables = tables;
	f48_error_clear(&err);
	if (f48_domain_read(&d, out, nout, domain_out, &st->fs, &err) < 0) {
		fprintf(stderr, "fml4to8 virtual: %s\n", err.msg);
		f48_fml4_tables_free(tables);
		return err.status == F48_EUSAGE ? EXIT_USAGE : EXIT_INPUT;
	}
	f48_fml4_tables_free(tables);
	return EXIT_CLEAN;
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
read_existing(const char *path, f48_sb *doc, mapfile *mf)
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
			return EXIT_CLEAN;
		fprintf(stderr, "fml4to8 virtual: %s: %s\n", path, strerror(errno));
		return EXIT_INPUT;
	}
	f48_error_clear(&err);
	if (f48_file_read(path, MAP_MAX, &text, &len, &err) < 0) {
		fprintf(stderr, "fml4to8 virtual: %s\n", err.msg);
		return EXIT_INPUT;
	}
	mf->exists = true;
	mf->mode = stt.st_mode & 07777;
	mf->uid = stt.st_uid;
	mf->gid = stt.st_gid;
	f48_sb_append(doc, text, len);
	free(text);
	return EXIT_CLEAN;
}

/* The directories of a new map that do not exist yet (a domain's
 * etc/postfix before any fml8 list): made 0755 as makefml newdomain makes
 * them, owned like the nearest directory above that exists (the domain's
 * ~ml, the list owner's), which is also the owner of the new map.  Never
 * through a symlink. */
static int
make_map_dirs(const char *path, mapfile *mf)
{
	char *dir = f48_xstrdup(path), *slash, *missing[32];
	size_t n = 0;
	struct stat stt;
	int rc = EXIT_CLEAN;

	for (;;) {
		if ((slash = strrchr(dir, '/')) == NULL || slash == dir)
			break;
		*slash = '\0';
		if (lstat(dir, &stt) == 0)
			break;
		if (errno != ENOENT || n == sizeof(missing) / sizeof(missing[0])) {
			fprintf(stderr, "fml4to8 virtual: %s: %s\n", dir, strerror(errno));
			free(dir);
			return EXIT_IO;
		}
		missing[n++] = f48_xstrdup(dir);
	}
	if (n > 0 || slash) {
		if (!S_ISDIR(stt.st_mode)) {
			fprintf(stderr, "fml4to8 virtual: %s: not a directory (a symlink is not followed)\n",
			    dir);
			rc = EXIT_IO;
		} else {
			mf->uid = stt.st_uid;
			mf->gid = stt.st_gid;
		}
	}
	while (rc == EXIT_CLEAN && n > 0) {
		char *d = missing[--n];
		int fd;

		if (mkdir(d, 0755) < 0 ||
		    (fd = open(d, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)) < 0) {
			fprintf(stderr, "fml4to8 virtual: mkdir %s: %s\n", d, strerror(errno));
			rc = EXIT_IO;
		} else {
			if (fchown(fd, mf->uid, mf->gid) < 0 && geteuid() == 0)
				fprintf(stderr, "fml4to8 virtual: chown %s: %s\n", d, strerror(errno));
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
write_file(vstate *st, const char *path, const f48_sb *doc, mapfile *mf, const char *what)
{
	f48_error err;
	char *bak = NULL;
	int rc;

	f48_error_clear(&err);
	if (mf->exists && f48_sfs_backup_copy(path, &bak, &err) < 0) {
		fprintf(stderr, "fml4to8 virtual: %s\n", err.msg);
		return EXIT_IO;
	}
	if (!mf->exists && (rc = make_map_dirs(path, mf)) != EXIT_CLEAN)
		return rc;
	if (geteuid() != 0)
		mf->uid = (uid_t)-1, mf->gid = (gid_t)-1;   /* only root gives files away */
	if (f48_sfs_write_path(path, doc->data ? doc->data : "", doc->len, mf->mode,
	    mf->uid, mf->gid, &err) < 0) {
		fprintf(stderr, "fml4to8 virtual: %s\n", err.msg);
		free(bak);
		return EXIT_IO;
	}
	if (bak)
		f48_sb_printf(&st->rep, "%s: wrote %s (the previous one is kept as %s)\n", what, path, bak);
	else
		f48_sb_printf(&st->rep, "%s: wrote %s\n", what, path);
	free(bak);
	return EXIT_CLEAN;
}

/* Is the domain declared elsewhere (main.cf or another virtual map)? */
static bool
declared_elsewhere(const vopts *o, const f48_maincf *cf, const char *domain, const char *self,
    char **where)
{
	long line = 0;
	size_t i;

	*where = NULL;
	if (cf && f48_maincf_declares_domain(cf, domain, &line)) {
		*where = f48_xasprintf("virtual_alias_domains (%s:%ld)", cf->path, line);
		return true;
	}
	for (i = 0; i < o->ncvirt; i++) {
		struct stat a, b;

		if (self && (strcmp(o->cvirt[i], self) == 0 || (stat(o->cvirt[i], &a) == 0 &&
		    stat(self, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev)))
			continue;
		if (f48_pf_virtual_declares(o->cvirt[i], domain, &line, NULL) > 0) {
			*where = f48_xasprintf("%s:%ld", o->cvirt[i], line);
			return true;
		}
	}
	return false;
}

/* Decide the domain line.  Returns 1 keep, 0 drop, -1 leave as it is
 * (--fix, auto with nothing shown), or EXIT_INPUT+100 on error. */
static int
decide(const vopts *o, vstate *st, const f48_maincf *cf, const char *domain,
    const char *self, f48_sb *why)
{
	f48_error err;
	int rc;
	bool keep;

	if (o->dl_mode == 1) {
		f48_sb_puts(why, "--domain-line keep");
		return 1;
	}
	if (o->dl_mode == 2) {
		f48_sb_puts(why, "--domain-line drop");
		return 0;
	}
	if (o->fix && cf == NULL && o->ncvirt == 0) {
		f48_sb_puts(why, "auto, with no --check-main-cf or --check-virtual to decide from: "
		    "left as it is");
		return -1;
	}
	f48_error_clear(&err);
	keep = f48_pf_decide_domain_line(cf, o->cvirt, o->ncvirt, self, domain, why, &rc, &err);
	if (rc < 0) {
		fprintf(stderr, "fml4to8 virtual: %s\n", err.msg);
		raise_to(st, EXIT_INPUT);
	}
	return keep ? 1 : 0;
}

static void
report_domain_line(vstate *st, const char *file, const char *domain, int choice,
    const char *why, bool changed)
{
	const char *what = choice == 1 ? "keep" : choice == 0 ? "drop" : "unchanged";

	f48_sb_printf(&st->rep, "domain line: %s (%s%s\t%s): %s%s\n", what,
	    choice == 0 ? "#" : "", domain, domain, why,
	    changed ? "" : " [the file already had it so]");
	free(st->dl_text);
	st->dl_text = f48_xasprintf("%s: %s", what, why);
	f48_findings_add(&st->fs, F48_SEV_INFO, F48_C_VIRTUAL_DOMAIN_LINE, file, 0, NULL,
	    "domain line %s: %s", what, why);
}

static void
scan_stale(const vopts *o, vstate *st, const f48_pf_list *lists, size_t n)
{
	size_t i;
	f48_error err;

	for (i = 0; i < o->ncalias; i++) {
		f48_error_clear(&err);
		if (f48_pf_scan_aliases(o->calias[i], lists, n, &st->fs, &err) < 0)
			f48_findings_add(&st->fs, F48_SEV_ERROR, F48_C_FILE_UNREADABLE, o->calias[i], 0,
			    NULL, "%s", f48_error_detail(&err));
	}
	for (i = 0; i < o->ncvirt; i++) {
		f48_error_clear(&err);
		if (f48_pf_scan_virtual(o->cvirt[i], lists, n, o->realmx, &st->fs, &err) < 0)
			f48_findings_add(&st->fs, F48_SEV_ERROR, F48_C_FILE_UNREADABLE, o->cvirt[i], 0,
			    NULL, "%s", f48_error_detail(&err));
	}
}

/* The owner of a list file: from --owners-from when given (1 found, 0 not
 * listed), else from the disk; *uid 0 means root. */
static int
file_owner(const vopts *o, vstate *st, const char *prod, char **name, uid_t *uid)
{
	*name = NULL;
	if (o->owners_from) {
		f48_error err;
		int r;

		f48_error_clear(&err);
		r = f48_pf_listing_owner(o->owners_from, prod, name, &err);
		if (r < 0) {
			fprintf(stderr, "fml4to8 virtual: %s\n", err.msg);
			raise_to(st, EXIT_INPUT);
			return 0;
		}
		if (r > 0)
			*uid = strcmp(*name, "root") == 0 ? 0 : 1;
		return r;
	}
	{
		char *host = f48_path_on_host(o->co.root, prod);
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
check_includes(const vopts *o, vstate *st, const f48_pf_list *lists, size_t n)
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
				    f48_path_on_host(o->co.root, prod);

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
maincf_lines(const f48_maincf *cf, vstate *st, const char *vfile, const char *afile)
{
	size_t i, shown = 0;

	if (cf)
		f48_sb_printf(&st->rep, "\nmain.cf lines to add or change in %s (see the findings):\n",
		    cf->path);
	else
		f48_sb_puts(&st->rep, "\nmain.cf lines to add (merged with the values there):\n");
	if (cf) {
		for (i = 0; i < st->fs.n; i++) {
			const f48_finding *f = &st->fs.items[i];

			if (f->fix && strncmp(f->code, "MAINCF_", 7) == 0 && strchr(f->fix, '=')) {
				f48_sb_printf(&st->rep, "  %s\n", f->fix);
				shown++;
			}
		}
		if (shown == 0)
			f48_sb_printf(&st->rep, "  (none: %s already has them)\n", cf->path);
	} else {
		if (vfile)
			f48_sb_printf(&st->rep, "  virtual_alias_maps = hash:%s\n", vfile);
		if (afile)
			f48_sb_printf(&st->rep, "  alias_maps = hash:/etc/aliases, hash:%s\n", afile);
		f48_sb_puts(&st->rep, "  allow_mail_to_commands = alias, forward, include\n");
		f48_sb_puts(&st->rep, "  (give --check-main-cf FILE for the exact lines)\n");
	}
	f48_sb_puts(&st->rep, "\nthen run (as the owner of the files), and `postfix reload` after "
	    "changing main.cf:\n");
	if (vfile)
		f48_sb_printf(&st->rep, "  postmap hash:%s\n", vfile);
	if (afile)
		f48_sb_printf(&st->rep, "  postalias hash:%s\n", afile);
}

static void
run_maincf_checks(const vopts *o, vstate *st, const f48_maincf *cf, const char *domain,
    const char *vfile, const char *afile, bool keep, const char *self)
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

static int
emit_xml(vstate *st, f48_sb *out)
{
	f48_xw *w = f48_xw_begin("virtual");
	f48_error err;
	size_t i;

	if (st->dl_text) {
		f48_xw_start(w, "domain-line");
		f48_xw_text(w, st->dl_text, strlen(st->dl_text), F48_ENC_UTF8);
		f48_xw_end_element(w);
	}
	for (i = 0; i < st->fs.n; i++)
		f48_xw_finding(w, &st->fs.items[i]);
	f48_error_clear(&err);
	if (f48_xw_end(w, out, &err) < 0) {
		fprintf(stderr, "fml4to8 virtual: %s\n", err.msg);
		return EXIT_INPUT;
	}
	return EXIT_CLEAN;
}

/* --fix FILE */
static void
do_fix(const vopts *o, vstate *st, const f48_maincf *cf, const char *vfile,
    const char *afile)
{
	f48_sb doc, out;
	mapfile mf;
	bool any = false;
	size_t nfixed = 0, nd = 0, i;
	char **domains = NULL;

	f48_sb_init(&doc);
	f48_sb_init(&out);
	if (read_existing(o->fix, &doc, &mf) != EXIT_CLEAN || !mf.exists) {
		if (!mf.exists)
			fprintf(stderr, "fml4to8 virtual: --fix %s: no such file\n", o->fix);
		raise_to(st, EXIT_INPUT);
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
	f48_sb_printf(&st->rep, "%s: %zu right-hand side%s completed with @%s\n", o->fix, nfixed,
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
		f48_sb_printf(&st->rep, "%s: nothing to fix; the file is unchanged\n", o->fix);
	else
		raise_to(st, write_file(st, o->fix, &out, &mf, "fixed"));
done:
	f48_maincf_items_free(domains, nd);
	f48_sb_free(&doc);
	f48_sb_free(&out);
}

/* Generate (and write) the two maps. */
static void
do_generate(const vopts *o, vstate *st, const f48_maincf *cf, const f48_pf_list *lists,
    size_t n, const char *domain, const char *vfile, const char *afile)
{
	f48_sb vdoc, adoc, why;
	mapfile vmf = { false, 0644, (uid_t)-1, (gid_t)-1 }, amf = vmf;
	bool vchanged = false, achanged = false, ch;
	f48_error err;
	size_t i;
	int choice;

	f48_sb_init(&vdoc);
	f48_sb_init(&adoc);
	f48_sb_init(&why);
	if (o->out && read_existing(o->out, &vdoc, &vmf) != EXIT_CLEAN) {
		raise_to(st, EXIT_INPUT);
		goto done;
	}
	if (o->aliases && read_existing(o->aliases, &adoc, &amf) != EXIT_CLEAN) {
		raise_to(st, EXIT_INPUT);
		goto done;
	}
	if (!vmf.exists)
		f48_sb_printf(&vdoc, "# Postfix virtual_alias_maps for the fml8 lists of %s,\n"
		    "# written by fml4to8 virtual in fml8's block format.\n\n", domain);
	if (!amf.exists)
		f48_sb_printf(&adoc, "# Postfix aliases (alias_maps) for the fml8 lists of %s,\n"
		    "# written by fml4to8 virtual in fml8's block format.\n\n", domain);
	for (i = 0; i < n; i++) {
		f48_sb b;
		char *key;

		f48_sb_init(&b);
		f48_error_clear(&err);
		f48_pf_virtual_block(&b, lists[i].name, domain, o->realmx);
		key = f48_pf_block_key("VIRTUAL", lists[i].name, domain);
		if (f48_pf_put_block(&vdoc, o->out ? o->out : vfile, "VIRTUAL", key, b.data, &ch,
		    &st->fs, &err) < 0) {
			fprintf(stderr, "fml4to8 virtual: %s\n", err.msg);
			raise_to(st, EXIT_INPUT);
			free(key);
			f48_sb_free(&b);
			goto done;
		}
		vchanged |= ch;
		free(key);
		f48_sb_reset(&b);
		f48_pf_aliases_block(&b, &lists[i]);
		key = f48_pf_block_key("ALIASES", lists[i].name, domain);
		if (f48_pf_put_block(&adoc, o->aliases ? o->aliases : afile, "ALIASES", key, b.data,
		    &ch, &st->fs, &err) < 0) {
			fprintf(stderr, "fml4to8 virtual: %s\n", err.msg);
			raise_to(st, EXIT_INPUT);
			free(key);
			f48_sb_free(&b);
			goto done;
		}
		achanged |= ch;
		free(key);
		f48_sb_free(&b);
		f48_sb_printf(&st->rep, "list %s@%s: home %s, admin %s, owner %s (%s)\n",
		    lists[i].name, domain, lists[i].home, lists[i].admin ? lists[i].admin : "postmaster",
		    lists[i].owner ? lists[i].owner : "postmaster",
		    lists[i].owner_from ? lists[i].owner_from : "nothing found");
	}
	choice = decide(o, st, cf, domain, o->out, &why);
	{
		char *c = f48_xasprintf("%s (%s)", choice ? "keep" : "drop", why.data);

		f48_pf_set_domain_line(&vdoc, domain, choice != 0, c, &ch);
		vchanged |= ch;
		free(c);
	}
	report_domain_line(st, o->out ? o->out : vfile, domain, choice, why.data, true);
	if (cf)
		run_maincf_checks(o, st, cf, domain, vfile, afile, choice != 0, o->out);
	if (o->out) {
		if (vmf.exists && !vchanged)
			f48_sb_printf(&st->rep, "virtual: %s is already up to date; unchanged\n", o->out);
		else
			raise_to(st, write_file(st, o->out, &vdoc, &vmf, "virtual"));
	} else if (o->only == NULL || strcmp(o->only, "virtual") == 0) {
		if (o->only == NULL)
			f48_sb_printf(&st->maps, "==> virtual: %s <==\n", vfile);
		f48_sb_append(&st->maps, vdoc.data, vdoc.len);
	}
	if (o->aliases) {
		if (amf.exists && !achanged)
			f48_sb_printf(&st->rep, "aliases: %s is already up to date; unchanged\n", o->aliases);
		else
			raise_to(st, write_file(st, o->aliases, &adoc, &amf, "aliases"));
	} else if (o->only == NULL || strcmp(o->only, "aliases") == 0) {
		if (o->only == NULL)
			f48_sb_printf(&st->maps, "==> aliases: %s <==\n", afile);
		f48_sb_append(&st->maps, adoc.data, adoc.len);
	}
done:
	f48_sb_free(&vdoc);
	f48_sb_free(&adoc);
	f48_sb_free(&why);
}

int
cmd_virtual(const cli_opts *co)
{
	vopts o;
	vstate st;
	f48_maincf *cf = NULL;
	f48_pf_list *lists = NULL;
	size_t nlists = 0, i;
	char *domain = NULL, *vfile = NULL, *afile = NULL;
	bool xml;
	int rc;
	f48_sb out;

	memset(&o, 0, sizeof(o));
	memset(&st, 0, sizeof(st));
	o.co = *co;
	o.realmx = co->realmx;
	o.domain = co->domain;
	o.out = co->output;
	o.aliases = co->aliases;
	o.only = co->only;
	o.prefix = co->prefix;
	o.owner = co->owner;
	o.fix = co->fix_file;
	o.main_cf = co->main_cf;
	o.owners_from = co->owners_from;
	o.calias = co->check_aliases;
	o.ncalias = co->ncheck_aliases;
	o.cvirt = co->check_virtual;
	o.ncvirt = co->ncheck_virtual;
	if (co->domain_line == NULL || strcmp(co->domain_line, "auto") == 0)
		o.dl_mode = 0;
	else if (strcmp(co->domain_line, "keep") == 0)
		o.dl_mode = 1;
	else if (strcmp(co->domain_line, "drop") == 0)
		o.dl_mode = 2;
	else
		return cli_usage_error(co, "--domain-line must be keep, drop or auto");
	if (o.only && strcmp(o.only, "virtual") != 0 && strcmp(o.only, "aliases") != 0)
		return cli_usage_error(co, "--only must be virtual or aliases");
	if (co->nargs > 1)
		return cli_usage_error(co, "one DOMAIN_ML_DIR only");
	if (co->nargs == 1)
		o.dir = co->args[0];
	if (o.out && o.aliases && strcmp(o.out, o.aliases) == 0)
		return cli_usage_error(co, "-o and -a name the same file");
	if (o.fix && (o.out || o.aliases || o.only))
		return cli_usage_error(co, "--fix rewrites FILE itself; -o, -a and --only do not "
		    "apply");
	if ((o.dir || o.fix) && (o.realmx == NULL || *o.realmx == '\0'))
		return cli_usage_error(co, "--realmx HOST is required (the host whose local(8) "
		    "runs fml8)");
	if (!o.dir && !o.fix && !o.main_cf && !o.ncalias && !o.ncvirt)
		return cli_usage_error(co, "give DOMAIN_ML_DIR, --fix FILE or a --check option");
	xml = strcmp(o.co.format, "xml") == 0;
	f48_findings_init(&st.fs);
	f48_sb_init(&st.rep);
	f48_sb_init(&st.maps);
	f48_sb_init(&out);

	if (o.main_cf) {
		f48_error err;

		f48_error_clear(&err);
		if (f48_maincf_read(o.main_cf, &cf, &err) < 0) {
			fprintf(stderr, "fml4to8 virtual: %s\n", err.msg);
			raise_to(&st, EXIT_INPUT);
			goto finish;
		}
	}
	if (o.dir) {
		rc = read_lists(&o, &st, &lists, &nlists, &domain);
		if (rc != EXIT_CLEAN || nlists == 0) {
			raise_to(&st, rc == EXIT_CLEAN ? EXIT_INPUT : rc);
			goto finish;
		}
	} else if (o.domain)
		domain = f48_xstrdup(o.domain);
	/* the files main.cf must name, as production paths */
	if (o.fix) {
		size_t fl;

		vfile = prod_path(&o, o.fix);
		fl = strlen(vfile);
		if (fl > 20 && strcmp(vfile + fl - 20, "/etc/postfix/virtual") == 0)
			afile = f48_xasprintf("%.*s/etc/mail/aliases", (int)(fl - 20), vfile);
		else if (o.aliases)
			afile = prod_path(&o, o.aliases);
		else if (o.prefix || o.dir) {
			char *prefix = o.prefix ? f48_path_clean(o.prefix) : prod_path(&o, o.dir);

			afile = f48_path_join(prefix, "etc/mail/aliases");
			free(prefix);
		}
	} else if (o.dir) {
		char *prefix = o.prefix ? f48_path_clean(o.prefix) : prod_path(&o, o.dir);

		vfile = o.out ? prod_path(&o, o.out) : f48_path_join(prefix, "etc/postfix/virtual");
		afile = o.aliases ? prod_path(&o, o.aliases) : f48_path_join(prefix, "etc/mail/aliases");
		free(prefix);
	} else if (o.prefix) {
		/* checks only: the maps are where fml8 puts them under the prefix */
		vfile = f48_path_join(o.prefix, "etc/postfix/virtual");
		afile = f48_path_join(o.prefix, "etc/mail/aliases");
	}

	if (o.fix) {
		do_fix(&o, &st, cf, vfile, afile);
	} else if (o.dir)
		do_generate(&o, &st, cf, lists, nlists, domain, vfile, afile);
	else if (cf) {
		bool keep = domain && o.dl_mode != 2;

		run_maincf_checks(&o, &st, cf, domain, vfile, afile, keep, NULL);
	}
	if (cf && lists)
		check_includes(&o, &st, lists, nlists);
	scan_stale(&o, &st, lists, nlists);
	if (o.dir || o.fix)
		maincf_lines(cf, &st, vfile, afile);

finish:
	if (xml)
		raise_to(&st, emit_xml(&st, &out));
	else {
		f48_sb_printf(&st.rep, "\nfindings (%zu):\n", st.fs.n);
		for (i = 0; i < st.fs.n; i++)
			f48_report_finding_text(&st.rep, &st.fs.items[i]);
		if (st.fs.n == 0)
			f48_sb_puts(&st.rep, "  (none)\n");
	}
	if (o.only) {
		rc = cli_write(st.maps.data ? st.maps.data : "", st.maps.len);
		raise_to(&st, rc);
		if (xml)
			fwrite(out.data, 1, out.len, stderr);
		else
			fwrite(st.rep.data, 1, st.rep.len, stderr);
	} else {
		if (st.maps.len) {
			rc = cli_write(st.maps.data, st.maps.len);
			raise_to(&st, rc);
			rc = cli_write("==> report <==\n", 15);
			raise_to(&st, rc);
		}
		if (xml)
			rc = cli_write(out.data, out.len);
		else
			rc = cli_write(st.rep.data, st.rep.len);
		raise_to(&st, rc);
	}
	raise_to(&st, cli_exit_for(&st.fs));
	if (o.dir && st.worst < EXIT_INPUT) {
		fflush(stdout);
		cli_next(o.only ? stderr : stdout, co, "audit", true,
		    "(what each list lost, if makefml mergeml made it)");
	}
	rc = st.worst;
	for (i = 0; i < nlists; i++)
		f48_pf_list_clear(&lists[i]);
	free(lists);
	free(domain);
	free(vfile);
	free(afile);
	free(st.dl_text);
	f48_maincf_free(cf);
	f48_findings_free(&st.fs);
	f48_sb_free(&st.rep);
	f48_sb_free(&st.maps);
	f48_sb_free(&out);
	return rc;
}

/*
 * cmd_migrate.c - "fml4to8 migrate", "rollback" and "verify": the apply and
 * verify stages (lib/apply/apply.h, lib/verify/verify.h) for each list.
 *
 * migrate: read -> translate -> plan -> apply for a list without a
 * migration; a list whose journal says "migrating" is finished from the
 * saved plan (never re-planned); a migrated list is left alone ("nothing to
 * do").  Then the domain goes into fml8's ml_home_prefix map.
 *
 * Every run on a list holds the list's lock in the state directory
 * (--state-dir, lib/apply/state.h): a second run exits 75 (EX_TEMPFAIL),
 * naming the holder.  Before the first write migrate checks that it can
 * finish (preflight): the owner exists, fml8 is installed (distribute,
 * command and error in --fml8-libexec, under --root when given) and the
 * ml_home_prefix map can be written; otherwise exit 3, nothing written.
 *
 * Test hook: FML4TO8_TEST_STOP_AFTER=N installs the library's after_step
 * callback, which ends the process with _exit(137) once action N is
 * journaled (0: once the state directory holds the plan, manifest and
 * journal, before the first action), as if killed; tests/cli/migrate_kill.sh
 * uses it.  FML4TO8_TEST_PAUSE_MS=M makes the run sleep M ms, holding the
 * lock, at its first step (tests/cli/migrate_lock.sh).  The library itself
 * never exits.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/error.h"
#include "util/findings.h"
#include "util/pathutil.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "codes.h"
#include "apply/apply.h"
#include "domain/domain.h"
#include "apply/mlhome.h"
#include "apply/rollback.h"
#include "apply/state.h"
#include "apply/treecopy.h"
#include "fml4/fml4_list.h"
#include "plan/layout.h"
#include "plan/plan.h"
#include "report/report.h"
#include "report/report_show.h"
#include "report/xmlwriter.h"
#include "translate/translate.h"
#include "verify/verify.h"

#include "cli.h"
#include "pipeline.h"

#define DEFAULT_ML_HOME_PREFIX "/usr/local/etc/fml/ml_home_prefix"

static int
exit_for_status(int st)
{
	switch (st) {
	case F48_EUSAGE:
		return EXIT_USAGE;
	case F48_EBUSY:
		return EXIT_LOCKED;
	case F48_EINPUT:
	case F48_EUNSAFE:
		return EXIT_INPUT;
	default:
		return EXIT_IO;
	}
}

/* What migrate, rollback and verify report.  Text is printed as it
 * happens; for xml and html each list becomes one list of the report model
 * (report.h), its status lines a "result" section. */
typedef struct run_out {
	const cli_opts *o;
	f48_rformat fmt;
	f48_report *rep;
	f48_xw *xw;
	f48_rlist *cur;
} run_out;

static void
run_begin(run_out *ro, const cli_opts *o, const char *command)
{
	memset(ro, 0, sizeof(*ro));
	ro->o = o;
	ro->fmt = cli_format(o);
	ro->rep = f48_report_new(command, o->nargs == 1 ? o->args[0] : NULL,
	    ro->fmt == F48_RF_HTML);
	if (ro->fmt == F48_RF_XML)
		ro->xw = f48_xw_begin_stream(command, cli_stdout_sink, NULL);
}

static void
run_list_begin(run_out *ro, const char *dir)
{
	char *name = f48_path_basename(dir);

	ro->cur = f48_rlist_new(name, dir, NULL);
	free(name);
}

static void
run_list_end(run_out *ro)
{
	if (ro->cur == NULL)
		return;
	if (ro->fmt == F48_RF_XML)
		f48_report_xml_list(ro->xw, ro->cur);
	f48_report_add_list(ro->rep, ro->cur);
	if (!ro->rep->keep_lists)
		f48_rlist_free(ro->cur);
	ro->cur = NULL;
}

static int
run_end(run_out *ro)
{
	f48_report_text_opts to = { .verbose = ro->o->verbose, .quiet = ro->o->quiet };
	int rc = EXIT_CLEAN;

	run_list_end(ro);
	if (ro->fmt != F48_RF_TEXT)
		rc = cli_render_end(ro->o, ro->rep, ro->xw, &to, NULL);
	f48_report_free(ro->rep);
	return rc;
}

/* A status line of the run: printed (text), or a line of the list's result. */
static void
say(run_out *ro, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
say(run_out *ro, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (ro->fmt == F48_RF_TEXT) {
		vprintf(fmt, ap);
	} else {
		char buf[4096];
		size_t n;

		vsnprintf(buf, sizeof(buf), fmt, ap);
		n = strlen(buf);
		while (n > 0 && buf[n - 1] == '\n')
			buf[--n] = '\0';
		f48_rsection_add(ro->cur ? f48_rlist_section(ro->cur, "result", "what was done") :
		    f48_report_section(ro->rep, "result", "what was done"), buf, NULL);
	}
	va_end(ap);
}

/* Findings of severity >= min: printed (text) or kept in the list's report;
 * returns the exit code they call for. */
static int
print_findings(run_out *ro, const f48_findings *fs, f48_severity min)
{
	f48_sb sb;
	size_t i;
	int rc = EXIT_CLEAN;

	if (ro->fmt != F48_RF_TEXT) {
		for (i = 0; i < fs->n; i++)
			if (fs->items[i].severity >= min) {
				const f48_finding *f = &fs->items[i];
				f48_findings *dst = ro->cur ? &ro->cur->findings : &ro->rep->findings;

				f48_findings_add(dst, f->severity, f->code, f->file, f->line, f->fix,
				    "%s", f->message);
			}
		return cli_exit_for(fs);
	}
	f48_sb_init(&sb);
	for (i = 0; i < fs->n; i++)
		if (fs->items[i].severity >= min)
			f48_report_finding_text(&sb, &fs->items[i]);
	rc = sb.len ? cli_write(sb.data, sb.len) : EXIT_CLEAN;
	f48_sb_free(&sb);
	return cli_worst(rc, cli_exit_for(fs));
}

typedef struct test_hook {
	long stop;        /* FML4TO8_TEST_STOP_AFTER, -1: off */
	long pause_ms;    /* FML4TO8_TEST_PAUSE_MS, 0: off */
	bool paused;
} test_hook;

static long
env_long(const char *name, long off)
{
	const char *e = getenv(name);
	char *end;
	long v;

	if (e == NULL || *e == '\0')
		return off;
	errno = 0;
	v = strtol(e, &end, 10);
	return (errno || *end || v < 0) ? off : v;
}

/* The test hooks (see the top): kill -9 simulated after action N; or, once,
 * a pause with the lock held (for the concurrency tests). */
static void
stop_hook(void *ctx, size_t done, size_t total)
{
	test_hook *h = ctx;

	(void)total;
	if (h->pause_ms > 0 && !h->paused) {
		struct timespec ts = { h->pause_ms / 1000, (h->pause_ms % 1000) * 1000000L };

		h->paused = true;
		nanosleep(&ts, NULL);
	}
	if (h->stop >= 0 && (size_t)h->stop == done) {
		fflush(NULL);
		_exit(137);
	}
}

static bool
hook_on(const test_hook *h)
{
	return h->stop >= 0 || h->pause_ms > 0;
}

/* The list's key in the state directory: its path on the production host. */
static char *
list_key(const cli_opts *o, const char *dir)
{
	char *clean = f48_path_clean(dir), *k = f48_path_in_production(o->root, clean);

	free(clean);
	return k;
}

int
cli_state_open(const cli_opts *o, const char *dir, bool lock, const char *who, f48_state **st)
{
	char *key = list_key(o, dir);
	f48_state_opts so = { .state_dir = o->state_dir, .list_dir = dir, .key = key,
		.lock = lock, .who = who };
	f48_error err;
	int rc;

	f48_error_clear(&err);
	rc = f48_state_open(&so, st, &err);
	free(key);
	if (rc < 0) {
		fprintf(stderr, "fml4to8: %s\n", err.msg);
		return exit_for_status(rc);
	}
	return EXIT_CLEAN;
}

/* fml8's map of the host whose tree --root is (the caller frees it) */
static char *
map_path(const cli_opts *o)
{
	return o->ml_home_prefix ? f48_xstrdup(o->ml_home_prefix) :
	    f48_path_on_host(o->root, DEFAULT_ML_HOME_PREFIX);
}

/* Preflight: what migrate needs to finish, checked before the first write. */
static int
preflight(const cli_opts *o)
{
	static const char *const programs[] = { "distribute", "command", "error" };
	const char *owner = o->owner ? o->owner : "fmladmin";
	const char *libexec = o->libexec ? o->libexec : "/usr/local/libexec/fml";
	char *map = map_path(o);
	char *dir, *host;
	struct stat st;
	size_t i;
	int rc = EXIT_CLEAN;

	if (getpwnam(owner) == NULL) {
		fprintf(stderr, "fml4to8: migrate: the owner \"%s\" does not exist (create it, "
		    "e.g. useradd -r -M -s /usr/sbin/nologin %s, or give --owner); nothing was "
		    "written\n", owner, owner);
		rc = EXIT_INPUT;
	}
	host = o->root && libexec[0] == '/' ? f48_path_join(o->root, libexec + 1) :
	    f48_xstrdup(libexec);
	for (i = 0; i < sizeof(programs) / sizeof(programs[0]); i++) {
		char *p = f48_path_join(host, programs[i]);

		if (stat(p, &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 0111) == 0) {
			fprintf(stderr, "fml4to8: migrate: fml8 is not installed at %s (%s is not an "
			    "executable file; install fml8 or give --fml8-libexec); nothing was "
			    "written\n", libexec, p);
			rc = EXIT_INPUT;
			free(p);
			break;
		}
		free(p);
	}
	free(host);
	dir = f48_path_dirname(map);
	if (lstat(map, &st) == 0 ? (!S_ISREG(st.st_mode) || access(map, W_OK) != 0) :
	    (errno != ENOENT || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode) ||
	    access(dir, W_OK) != 0)) {
		fprintf(stderr, "fml4to8: migrate: the ml_home_prefix map %s cannot be written "
		    "(%s; give --ml-home-prefix-map); nothing was written\n", map,
		    errno ? strerror(errno) : "not a regular file or directory");
		rc = EXIT_INPUT;
	}
	free(dir);
	free(map);
	return rc;
}

/* The domain's ~ml directory as the production host sees it. */
static int
register_domain(run_out *ro, const cli_opts *o, const char *dir, const char *domain)
{
	char *map = map_path(o);
	char *clean = f48_path_clean(dir), *parent = f48_path_dirname(clean);
	char *prefix = f48_path_in_production(o->root, parent);
	f48_error err;
	bool added = false;
	int rc;

	f48_error_clear(&err);
	rc = f48_ml_home_prefix_add(map, domain, prefix, &added, &err);
	if (rc < 0)
		fprintf(stderr, "fml4to8: %s: the domain %s is not registered: %s\n", dir, domain,
		    err.msg);
	else if (added)
		say(ro, "%s: added \"%s\t%s\" to %s\n", dir, domain, prefix, map);
	free(clean);
	free(parent);
	free(prefix);
	free(map);
	return rc < 0 ? EXIT_IO : EXIT_CLEAN;
}

static int
migrate_fresh(run_out *ro, const cli_opts *o, pipeline_ctx *c, bool *loaded, f48_state *st,
    const char *dir, const char *dir_prod, test_hook *stop, char **domain)
{
	/* the lines of the fml8 list files go to the list's state entry (root's
	 * alone), from where apply copies them: no member list is held in
	 * memory; the fml4 entries are not kept either */
	f48_members_tr *mt = f48_members_tr_new(false, 0);
	f48_fml4_list_opts lo = { .list_dir = dir, .root = o->root, .dir_prod = dir_prod,
		.default_config = o->fml4_defaults, .member_sink = f48_members_tr_entry,
		.member_sink_ctx = mt };
	f48_fml4_list *l = NULL;
	f48_fml8_list *t = NULL;
	f48_plan *p = NULL;
	f48_findings fs;
	f48_error err;
	int worst = EXIT_CLEAN, rc;

	if (!*loaded) {
		if (pipeline_load(o, c) < 0) {
			f48_members_tr_free(mt);
			return EXIT_INPUT;
		}
		*loaded = true;
	}
	{
		f48_translate_opts to = { .rules = c->rules, .fml8_defaults = c->fml8_defaults,
			.site_defaults = c->site_defaults, .fml8_env = c->fml8_env,
			.list_template = c->list_template,
			.domain = o->domain, .members = mt };
		f48_plan_opts po = { .owner = o->owner, .libexec_dir = o->libexec,
			.config_template = c->list_template, .layout = c->layout };

		lo.tables = c->tables;
		lo.cache = c->cache;
		f48_members_tr_spool(mt, f48_state_spool_fd(st), f48_state_entry(st));
		f48_error_clear(&err);
		if (f48_fml4_list_read(&lo, &l, &err) < 0 || f48_translate(l, &to, &t, &err) < 0 ||
		    f48_plan_make(l, t, &po, &p, &err) < 0) {
			fprintf(stderr, "fml4to8: %s\n", err.msg);
			worst = EXIT_INPUT;
			goto out;
		}
	}
	worst = cli_worst(worst, print_findings(ro, &l->findings, F48_SEV_WARNING));
	worst = cli_worst(worst, print_findings(ro, &t->findings, F48_SEV_WARNING));
	worst = cli_worst(worst, print_findings(ro, &p->findings, F48_SEV_WARNING));
	if (f48_findings_count(&l->findings, F48_SEV_ERROR) > 0 ||
	    f48_findings_count(&t->findings, F48_SEV_ERROR) > 0) {
		fprintf(stderr, "fml4to8: %s: not migrated: the fml4 list could not be read "
		    "completely (errors above)\n", dir);
		worst = EXIT_INPUT;
		goto out;
	}
	if (t->ml_domain == NULL || *t->ml_domain == '\0') {
		fprintf(stderr, "fml4to8: %s: not migrated: the list's domain is unknown; "
		    "give it with --domain\n", dir);
		worst = EXIT_INPUT;
		goto out;
	}
	f48_findings_init(&fs);
	{
		f48_apply_opts ao = { .domain = t->ml_domain,
			.after_step = hook_on(stop) ? stop_hook : NULL, .step_ctx = stop };

		f48_error_clear(&err);
		rc = f48_apply(st, p, &ao, &fs, &err);
	}
	worst = cli_worst(worst, print_findings(ro, &fs, F48_SEV_INFO));
	f48_findings_free(&fs);
	if (rc < 0) {
		f48_mig_status ms;

		fprintf(stderr, "fml4to8: migration stopped: %s\n", err.msg);
		if (f48_apply_status(st, &ms, NULL) == F48_OK && ms.state == F48_MIG_PARTIAL)
			fprintf(stderr, "fml4to8: %s: mail waits (the include files exit 75) until "
			    "\"fml4to8 migrate\" finishes or \"fml4to8 rollback\" undoes it\n", dir);
		f48_mig_status_free(&ms);
		worst = cli_worst(worst, exit_for_status(rc));
		goto out;
	}
	say(ro, "%s: migrated to fml8 (%zu actions); the fml4 originals are in %s/%s (their "
	    "SHA-256 in %s)\n", dir, p->n, dir, p->backup_dir, f48_state_entry(st));
	if (p->ncron) {
		size_t k;

		/* fml4's cron jobs: fml4to8 never edits a crontab; these are the lines. */
		say(ro, "%s: crontab lines for %s, to put in place of fml4's (not installed):\n",
		    dir, p->owner);
		for (k = 0; k < p->ncron; k++)
			say(ro, "# %s   # %s\n", p->cron[k].line, p->cron[k].why);
		if (ro->cur) {
			f48_rsection *cs = f48_rlist_section(ro->cur, "cron",
			    "crontab lines for the fml8 list (install them by hand)");

			for (k = 0; k < p->ncron; k++)
				f48_rsection_add(cs, p->cron[k].line, p->cron[k].why);
		}
	}
	*domain = f48_xstrdup(t->ml_domain);
out:
	f48_plan_free(p);
	f48_fml8_list_free(t);
	f48_fml4_list_free(l);
	f48_members_tr_free(mt);
	return worst;
}

static bool
backup_present(const char *dir, const char *backup)
{
	char *p = f48_path_join(dir, backup);
	struct stat st;
	bool yes = lstat(p, &st) == 0 && S_ISDIR(st.st_mode);

	free(p);
	return yes;
}

/* dir_prod: the production path the list has (NULL: dir's own, under
 * --root); a --target copy keeps the original's, and is not registered. */
static int
migrate_one(run_out *ro, const cli_opts *o, pipeline_ctx *c, bool *loaded, const char *dir,
    const char *dir_prod, test_hook *stop)
{
	f48_mig_status ms;
	f48_state *st = NULL;
	f48_error err;
	char *domain = NULL;
	int worst = EXIT_CLEAN, rc;

	if ((rc = cli_state_open(o, dir, true, "migrate", &st)) != EXIT_CLEAN)
		return rc;
	f48_error_clear(&err);
	if (f48_apply_status(st, &ms, &err) < 0) {
		fprintf(stderr, "fml4to8: %s\n", err.msg);
		f48_state_close(st);
		return exit_for_status(err.status);
	}
	if (ms.state == F48_MIG_NONE)
		worst = migrate_fresh(ro, o, c, loaded, st, dir, dir_prod, stop, &domain);
	else {
		f48_plan *p = NULL;

		rc = f48_saved_plan_load(st, &p, &domain, &err);
		if (rc < 0) {
			fprintf(stderr, "fml4to8: %s\n", err.msg);
			worst = EXIT_INPUT;
		} else if (ms.state == F48_MIG_DONE && !backup_present(dir, ms.backup_dir)) {
			fprintf(stderr, "fml4to8: %s: the state directory records a finished migration "
			    "of this list (%s), but the list has no %s: it was replaced since; restore "
			    "it, or remove the stale record %s\n", dir, f48_state_entry(st),
			    ms.backup_dir, f48_state_entry(st));
			worst = EXIT_INPUT;
		} else if (ms.state == F48_MIG_DONE) {
			say(ro, "%s: already migrated (the fml4 originals are in %s/%s); nothing "
			    "to do\n", dir, dir, ms.backup_dir);
		} else {
			f48_apply_opts ao = { .domain = domain,
				.after_step = hook_on(stop) ? stop_hook : NULL, .step_ctx = stop };
			f48_findings fs;
			size_t done = 0;

			say(ro, "%s: an interrupted migration is finished from its saved plan "
			    "(%s), at action %zu of %zu\n", dir, f48_state_entry(st),
			    ms.next + 1, p->n);
			f48_findings_init(&fs);
			rc = f48_apply_resume(st, &ao, &fs, &done, &err);
			worst = cli_worst(worst, print_findings(ro, &fs, F48_SEV_INFO));
			f48_findings_free(&fs);
			if (rc < 0) {
				fprintf(stderr, "fml4to8: migration stopped: %s\n", err.msg);
				worst = cli_worst(worst, exit_for_status(rc));
				free(domain);
				domain = NULL;
			} else
				say(ro, "%s: migrated to fml8 (%zu remaining actions done)\n", dir, done);
		}
		f48_plan_free(p);
	}
	if (domain && worst < EXIT_INPUT && dir_prod == NULL)
		worst = cli_worst(worst, register_domain(ro, o, dir, domain));
	else if (domain && worst < EXIT_INPUT)
		say(ro, "%s: a copy of %s; the domain %s is not registered in fml8's "
		    "ml_home_prefix for it\n", dir, dir_prod, domain);
	free(domain);
	f48_mig_status_free(&ms);
	f48_state_close(st);
	return worst;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* --all: every fml4 list of the ~ml directory, and every list with a
 * migration recorded (migrated ones no longer look like fml4 lists). */
static char **
domain_lists(const cli_opts *o, const char *ml_dir, size_t *n)
{
	char **names = NULL, **v = NULL;
	size_t nn = 0, k, cnt = 0;
	f48_error err;
	DIR *d;
	struct dirent *de;

	f48_error_clear(&err);
	*n = 0;
	if (f48_fml4_domain_lists(ml_dir, &names, &nn, &err) < 0) {
		fprintf(stderr, "fml4to8: %s\n", err.msg);
		return NULL;
	}
	for (k = 0; k < nn; k++) {
		v = f48_xrealloc(v, (cnt + 1) * sizeof(*v));
		v[cnt++] = names[k];
	}
	free(names);
	d = opendir(ml_dir);
	while (d && (de = readdir(d)) != NULL) {
		char *p;
		f48_mig_status ms;
		bool dup = false;

		if (de->d_name[0] == '.')
			continue;
		for (k = 0; k < cnt; k++)
			dup = dup || strcmp(v[k], de->d_name) == 0;
		if (dup)
			continue;
		p = f48_path_join(ml_dir, de->d_name);
		{
			char *key = list_key(o, p);
			f48_state_opts so = { .state_dir = o->state_dir, .list_dir = p, .key = key };
			f48_state *st = NULL;

			memset(&ms, 0, sizeof(ms));
			if (f48_state_open(&so, &st, NULL) == F48_OK &&
			    f48_apply_status(st, &ms, NULL) == F48_OK && ms.state != F48_MIG_NONE) {
				v = f48_xrealloc(v, (cnt + 1) * sizeof(*v));
				v[cnt++] = f48_xstrdup(de->d_name);
			}
			f48_mig_status_free(&ms);
			f48_state_close(st);
			free(key);
		}
		free(p);
	}
	if (d)
		closedir(d);
	if (cnt > 1)
		qsort(v, cnt, sizeof(*v), cmp_str);
	for (k = 0; k < cnt; k++) {
		char *p = f48_path_join(ml_dir, v[k]);

		free(v[k]);
		v[k] = p;
	}
	*n = cnt;
	return v;
}

/* The list directories the operands name; *worst is raised to EXIT_INPUT
 * for an --all operand that holds no list (missing, unreadable, empty). */
static char **
operands(const cli_opts *o, size_t *n, int *worst)
{
	char **v = NULL;
	size_t cnt = 0;
	int i;

	for (i = 0; i < o->nargs; i++) {
		if (o->all) {
			size_t k, nn = 0;
			char **l = domain_lists(o, o->args[i], &nn);

			if (nn == 0) {
				fprintf(stderr, "fml4to8: %s: no fml4 list in it\n", o->args[i]);
				*worst = cli_worst(*worst, EXIT_INPUT);
			}
			v = f48_xrealloc(v, (cnt + nn + 1) * sizeof(*v));
			for (k = 0; k < nn; k++)
				v[cnt++] = l[k];
			free(l);
		} else {
			v = f48_xrealloc(v, (cnt + 1) * sizeof(*v));
			v[cnt++] = f48_xstrdup(o->args[i]);
		}
	}
	*n = cnt;
	return v;
}

static void
free_operands(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int
cmd_migrate(const cli_opts *o)
{
	run_out rout, *ro = &rout;
	pipeline_ctx c;
	bool loaded = false;
	test_hook stop = { env_long("FML4TO8_TEST_STOP_AFTER", -1),
		env_long("FML4TO8_TEST_PAUSE_MS", 0), false };
	char **dirs;
	int pre;
	size_t n, i;
	int worst = EXIT_CLEAN;

	if (o->nargs < 1) {
		return cli_usage_error(o, "give a list directory (or --all and a domain's ~ml "
		    "directory)");
	}
	if (!o->all) {
		int i;

		for (i = 0; i < o->nargs; i++) {
			char **names = NULL;
			size_t nn = 0, k;
			f48_error err;

			f48_error_clear(&err);
			if (f48_list_dir_is(o->args[i], F48_LISTDIR_FML4 | F48_LISTDIR_FML8) ||
			    f48_ml_dir_lists(o->args[i], F48_LISTDIR_FML4 | F48_LISTDIR_FML8, &names, &nn,
			    &err) < 0 || nn == 0) {
				free(names);
				continue;
			}
			for (k = 0; k < nn; k++)
				free(names[k]);
			free(names);
			return cli_usage_error(o, "%s is a domain's ~ml directory (%zu lists): give "
			    "--all to migrate every list in it", o->args[i], nn);
		}
	}
	if (o->target && (o->all || o->nargs != 1)) {
		return cli_usage_error(o, "--target takes exactly one list directory");
	}
	memset(&c, 0, sizeof(c));
	if ((pre = preflight(o)) != EXIT_CLEAN)
		return pre;
	run_begin(&rout, o, "migrate");
	if (o->target) {
		run_list_begin(ro, o->target);
		f48_mig_status ms;
		f48_error err;
		f48_state *tst = NULL;
		struct stat st;
		int rc;

		f48_error_clear(&err);
		memset(&ms, 0, sizeof(ms));
		if (lstat(o->target, &st) != 0) {
			int rc = f48_tree_copy(o->args[0], o->target, &err);

			if (rc < 0) {
				fprintf(stderr, "fml4to8: %s\n", err.msg);
				return exit_for_status(rc);
			}
			say(ro, "%s: copied to %s; the copy is migrated, the list itself is not "
			    "changed\n", o->args[0], o->target);
		} else if ((rc = cli_state_open(o, o->target, false, "migrate", &tst)) != EXIT_CLEAN) {
			return rc;
		} else if (f48_apply_status(tst, &ms, &err) < 0 || ms.state == F48_MIG_NONE) {
			fprintf(stderr, "fml4to8: --target %s exists and holds no migration of "
			    "fml4to8: give a directory that does not exist\n", o->target);
			f48_state_close(tst);
			return EXIT_USAGE;
		} else {
			f48_mig_status_free(&ms);
			f48_state_close(tst);
		}
		{
			char *orig = f48_path_in_production(o->root, o->args[0]);

			worst = migrate_one(ro, o, &c, &loaded, o->target, orig, &stop);
			free(orig);
		}
	} else {
		dirs = operands(o, &n, &worst);
		for (i = 0; i < n; i++) {
			run_list_end(ro);
			run_list_begin(ro, dirs[i]);
			cli_progress(i, n, dirs[i]);
			worst = cli_worst(worst, migrate_one(ro, o, &c, &loaded, dirs[i], NULL, &stop));
		}
		cli_progress(n, n, NULL);
		free_operands(dirs, n);
	}
	if (loaded)
		pipeline_free(&c);
	if (worst < EXIT_INPUT && o->target == NULL)
		cli_next(stdout, o, "verify", false, "(compares the trees with what fml8 needs)");
	return cli_worst(worst, run_end(ro));
}

int
cmd_rollback(const cli_opts *o)
{
	run_out rout, *ro = &rout;
	char **dirs;
	size_t n, i;
	int worst = EXIT_CLEAN;

	if (o->nargs < 1) {
		return cli_usage_error(o, "give a list directory");
	}
	run_begin(ro, o, "rollback");
	dirs = cli_domain_dirs(o, &n, &worst);
	for (i = 0; i < n; i++) {
		f48_findings fs;
		f48_error err;
		f48_state *st = NULL;
		char *to = NULL;
		int rc;

		if ((rc = cli_state_open(o, dirs[i], true, "rollback", &st)) != EXIT_CLEAN) {
			worst = cli_worst(worst, rc);
			continue;
		}
		f48_findings_init(&fs);
		f48_error_clear(&err);
		run_list_end(ro);
		run_list_begin(ro, dirs[i]);
		cli_progress(i, n, dirs[i]);
		rc = f48_rollback(st, &fs, &to, &err);
		f48_state_close(st);
		worst = cli_worst(worst, print_findings(ro, &fs, F48_SEV_INFO));
		if (rc < 0) {
			fprintf(stderr, "fml4to8: rollback stopped: %s\n", err.msg);
			worst = cli_worst(worst, exit_for_status(rc));
		} else if (to == NULL) {
			char *b = f48_path_join(dirs[i], ".fml4rc");
			struct stat bst;

			say(ro, "%s: no migration to roll back; nothing to do\n", dirs[i]);
			if (lstat(b, &bst) == 0) {
				fprintf(stderr, "fml4to8: %s: the list has a backup directory but no "
				    "migration of it is recorded in the state directory (%s); give "
				    "rollback the --state-dir and --root migrate had\n", dirs[i],
				    o->state_dir ? o->state_dir : F48_STATE_DIR_DEFAULT);
				worst = cli_worst(worst, EXIT_FINDINGS);
			}
			free(b);
		}
		else
			say(ro, "%s: back to fml4; the backup is kept as %s/%s\n", dirs[i], dirs[i], to);
		free(to);
		f48_findings_free(&fs);
	}
	cli_progress(n, n, NULL);
	free_operands(dirs, n);
	return cli_worst(worst, run_end(ro));
}

int
cmd_verify(const cli_opts *o)
{
	run_out rout, *ro = &rout;
	char **dirs;
	size_t n, i;
	int worst = EXIT_CLEAN;

	f48_layout *layout = NULL;
	char *tdir;

	if (o->nargs < 1) {
		return cli_usage_error(o, "give a list directory");
	}
	if ((tdir = cli_templates_dir(o)) == NULL)
		return EXIT_INPUT;
	{
		f48_error err;

		f48_error_clear(&err);
		if (f48_layout_load(tdir, &layout, &err) < 0) {
			fprintf(stderr, "fml4to8: %s\n", err.msg);
			free(tdir);
			return EXIT_INPUT;
		}
		free(tdir);
	}
	run_begin(ro, o, "verify");
	dirs = cli_domain_dirs(o, &n, &worst);
	for (i = 0; i < n; i++) {
		char *key = list_key(o, dirs[i]);
		f48_verify_opts vo = { .owner = o->owner, .fix_owner = o->fix_owner,
			.layout = layout, .state_dir = o->state_dir, .key = key };
		f48_findings fs;
		f48_error err;
		size_t fixed = 0;
		int rc;

		f48_findings_init(&fs);
		f48_error_clear(&err);
		run_list_end(ro);
		run_list_begin(ro, dirs[i]);
		cli_progress(i, n, dirs[i]);
		rc = f48_verify(dirs[i], &vo, &fs, &fixed, &err);
		free(key);
		if (o->fix_owner)
			say(ro, "%s: %zu path(s) given to %s\n", dirs[i], fixed, o->fix_owner);
		/* infos (VERIFY_LIST_CHANGED: fml8 at work) in text only with -v */
		worst = cli_worst(worst, print_findings(ro, &fs,
		    ro->fmt != F48_RF_TEXT || o->verbose ? F48_SEV_INFO : F48_SEV_WARNING));
		if (rc < 0) {
			fprintf(stderr, "fml4to8: %s\n", err.msg);
			worst = cli_worst(worst, exit_for_status(rc));
		} else if (fs.n == 0)
			say(ro, "%s: verified: nothing differs\n", dirs[i]);
		else if (f48_findings_count(&fs, F48_SEV_WARNING) == 0)
			say(ro, "%s: verified: no damage; %zu change(s) fml8 made since the "
			    "migration%s\n", dirs[i], fs.n, o->verbose ? "" : " (-v lists them)");
		f48_findings_free(&fs);
	}
	/* --fix-owner: the domain around the lists too (its etc/ with the
	 * Postfix maps, @db@, @udb@), once per domain directory */
	for (i = 0; o->fix_owner && i < n; i++) {
		f48_verify_opts vo = { .owner = o->owner, .fix_owner = o->fix_owner };
		char *dom = f48_path_dirname(dirs[i]);
		f48_findings fs;
		f48_error err;
		size_t fixed = 0, j;
		bool seen = false;
		int rc;

		for (j = 0; j < i && !seen; j++) {
			char *d2 = f48_path_dirname(dirs[j]);

			seen = strcmp(d2, dom) == 0;
			free(d2);
		}
		if (seen) {
			free(dom);
			continue;
		}
		f48_findings_init(&fs);
		f48_error_clear(&err);
		run_list_end(ro);
		run_list_begin(ro, dom);
		rc = f48_verify_domain(dom, &vo, &fs, &fixed, &err);
		say(ro, "%s (the domain: etc, @db@, @udb@): %zu path(s) given to %s\n", dom, fixed,
		    o->fix_owner);
		worst = cli_worst(worst, print_findings(ro, &fs, F48_SEV_INFO));
		if (rc < 0) {
			fprintf(stderr, "fml4to8: %s\n", err.msg);
			worst = cli_worst(worst, exit_for_status(rc));
		}
		f48_findings_free(&fs);
		free(dom);
	}
	cli_progress(n, n, NULL);
	if (worst < EXIT_INPUT)
		cli_next(stdout, o, "virtual --realmx HOST", true,
		    "(the Postfix maps; HOST is the host that runs fml8)");
	free_operands(dirs, n);
	f48_layout_free(layout);
	return cli_worst(worst, run_end(ro));
}

/* plan.c - see plan.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/error.h"
#include "util/fileio.h"
#include "util/findings.h"
#include "util/pathutil.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include "codes.h"
#include "plan/layout.h"
#include "plan/plan.h"

/* fml4 files that go to the backup and leave the list directory, and why. */
static const struct { const char *name; const char *why; } moved_away[] = {
	{ "config.ph", "fml8's fml4 emulation regenerates config.cf from a config.ph" },
	{ "actives", "fml8's default recipient_maps still reads actives, options and all" },
	{ "cf", "fml4's source of config.ph" },
	{ "etc/passwd", "replaced by etc/passwd-admin" },
	{ "moderators", "replaced by members-moderator and recipients-moderator" },
	{ "aliases", "fml4's aliases; the fml8 ones are made by \"fml4to8 virtual\"" },
	{ "crontab", "fml4's msend cron job" },
	{ "Makefile", "fml4's makefml helper" },
	{ "fmlwrapper.c", "fml4's setuid wrapper" },
	{ "fmlwrapper.h", "fml4's setuid wrapper" },
	{ ".crc", "fml4's checksum of config.ph" },
};

/* fml4 files that stay, but are rewritten: their original goes to the backup. */
static const char *const rewritten[] = {
	"include", "include-ctl", "include-mead", "members", "members-admin",
};

static f48_action *
add(f48_plan *p, f48_action_kind k, const char *path, const char *from, mode_t mode,
    const char *why)
{
	f48_action *a;

	p->actions = f48_xrealloc(p->actions, (p->n + 1) * sizeof(*p->actions));
	a = &p->actions[p->n++];
	memset(a, 0, sizeof(*a));
	a->kind = k;
	a->path = f48_xstrdup(path);
	a->from = f48_xstrdup(from);
	a->mode = mode;
	a->why = f48_xstrdup(why);
	return a;
}

static void
add_write(f48_plan *p, const char *path, const char *content, size_t len, mode_t mode,
    const char *why)
{
	f48_action *a = add(p, F48_ACT_WRITE, path, NULL, mode, why);

	a->content = f48_xmalloc(len + 1);
	memcpy(a->content, content, len);
	a->content[len] = '\0';
	a->len = len;
}

/* The layout's mode for a file the plan writes; 0600 (fml8's default for
 * list files) when the table keeps it. */
static mode_t
fmode(const f48_plan *p, const char *rel)
{
	int m = f48_layout_mode(p->layout, rel, false);

	return m < 0 ? 0600 : (mode_t)m;
}

static bool
exists_in(const char *dir, const char *rel, char *kind)
{
	char *p = f48_path_join(dir, rel);
	bool yes = f48_file_lstat_kind(p, kind) == 0;

	free(p);
	return yes;
}

/* .fml4rc, unless an earlier attempt left one: then .fml4rc-2, -3 ... */
static char *
choose_backup(const f48_fml4_list *l, f48_plan *p)
{
	char kind;
	int i;

	if (!exists_in(l->dir, ".fml4rc", &kind))
		return f48_xstrdup(".fml4rc");
	f48_findings_add(&p->findings, F48_SEV_WARNING, F48_C_LEFTOVER_BACKUP, l->dir, 0, NULL,
	    ".fml4rc exists (an earlier migration attempt or makefml mergeml); it is left "
	    "untouched and this plan backs up into a new directory");
	for (i = 2; i < 1000; i++) {
		char *name = f48_xasprintf(".fml4rc-%d", i);

		if (!exists_in(l->dir, name, &kind))
			return name;
		free(name);
	}
	return f48_xstrdup(".fml4rc-new");
}

static void
report_leftovers(const f48_fml4_list *l, f48_plan *p)
{
	static const char *const fml8_files[] = { "config.cf", "recipients", "include-error",
		"recipients-digest", "members-moderator", "etc/passwd-admin" };
	size_t i;
	char kind;

	for (i = 0; i < sizeof(fml8_files) / sizeof(fml8_files[0]); i++)
		if (exists_in(l->dir, fml8_files[i], &kind))
			f48_findings_add(&p->findings, F48_SEV_WARNING, F48_C_LEFTOVER_FML8_FILE,
			    l->dir, 0, NULL,
			    "%s exists already (left by an earlier attempt); it is planned from the "
			    "fml4 state, and the old %s is copied to the backup", fml8_files[i],
			    fml8_files[i]);
}

static char *
include_line(const f48_plan_opts *o, const f48_fml8_list *t, const char *program)
{
	return f48_xasprintf("\"| %s/%s %s@%s\"\n", o->libexec_dir ? o->libexec_dir :
	    "/usr/local/libexec/fml", program, t->ml_name, t->ml_domain ? t->ml_domain : "");
}

static void
add_cron(f48_plan *p, const char *line, const char *why)
{
	size_t i;

	for (i = 0; i < p->ncron; i++)
		if (strcmp(p->cron[i].line, line) == 0)
			return;
	p->cron = f48_xrealloc(p->cron, (p->ncron + 1) * sizeof(*p->cron));
	p->cron[p->ncron].line = f48_xstrdup(line);
	p->cron[p->ncron].why = f48_xstrdup(why);
	p->ncron++;
}

/* fml4's cron jobs for the list: what runs in their place with fml8. */
static void
plan_cron(const f48_fml4_list *l, const f48_fml8_list *t, const f48_plan_opts *o, f48_plan *p)
{
	const char *libexec = o->libexec_dir ? o->libexec_dir : "/usr/local/libexec/fml";
	size_t i;

	for (i = 0; i < l->cron.n; i++) {
		const f48_cron_entry *e = &l->cron.items[i];
		char *when = f48_cron_describe(e->schedule);

		bool covered = false;
		size_t j;

		/* A domain-wide job (msend_master.sh) next to the list's own: one
		 * fml8 line per list replaces both. */
		for (j = 0; e->whole_domain && e->known && j < l->cron.n; j++)
			covered = covered || (!l->cron.items[j].whole_domain && l->cron.items[j].known &&
			    l->cron.items[j].known->fml8 && e->known->fml8 &&
			    strcmp(l->cron.items[j].known->fml8, e->known->fml8) == 0);
		if (covered) {
			f48_findings_add(&p->findings, F48_SEV_INFO, F48_C_CRON_JOB, e->file, e->line,
			    "remove the fml4 line from the crontab after the migration",
			    "fml4's cron also %s %s (%s); the list's own fml8 %s line replaces it",
			    e->known->what, when, e->command, e->known->fml8);
		} else if (e->known && e->known->fml8) {
			char *line = f48_xasprintf("%s %s/%s %s", e->schedule, libexec, e->known->fml8,
			    l->dir_prod);
			char *why = f48_xasprintf("fml4 %s %s", e->known->what, when);
			char *fix = f48_xasprintf("add to %s's crontab: %s; and remove the fml4 line "
			    "(%s)", p->owner, line, e->command);
			bool digests = t->counts.fml8_digest > 0;

			add_cron(p, line, why);
			f48_findings_add(&p->findings, digests ? F48_SEV_WARNING : F48_SEV_INFO,
			    F48_C_CRON_DIGEST, e->file, e->line, fix,
			    "fml4's cron %s %s (%s); %s", e->known->what, when, e->command,
			    digests ? "fml8 sends no digest until its digest program runs from cron" :
			    "the list has no digest recipients now, so fml8 needs the job only when "
			    "someone asks for digests");
			free(line);
			free(why);
			free(fix);
		} else if (e->known) {
			f48_findings_add(&p->findings, F48_SEV_INFO, F48_C_CRON_JOB, e->file, e->line,
			    "remove the fml4 line from the crontab after the migration",
			    "fml4's cron ran %s %s: it %s", e->command, when, e->known->what);
		} else {
			f48_findings_add(&p->findings, F48_SEV_WARNING, F48_C_CRON_JOB, e->file,
			    e->line, "decide what the job must do for the fml8 list, then edit the "
			    "crontab", "fml4's cron runs %s for this list %s; fml4to8 does not know "
			    "this program, so nothing replaces it", e->command, when);
		}
		free(when);
	}
}

int
f48_plan_make(const f48_fml4_list *l, const f48_fml8_list *t, const f48_plan_opts *o,
    f48_plan **out, f48_error *err)
{
	f48_plan *p;
	f48_cf8 *cf;
	f48_sb block, sb;
	size_t i;
	char kind;

	if (o->config_template == NULL)
		return f48_error_set(err, F48_EUSAGE, NULL, 0, "plan: no config.cf template");
	if (o->layout == NULL)
		return f48_error_set(err, F48_EUSAGE, NULL, 0, "plan: no fml8 layout table");
	p = f48_xcalloc(1, sizeof(*p));
	p->layout = f48_layout_dup(o->layout);
	f48_findings_init(&p->findings);
	p->list_dir = f48_xstrdup(l->dir);
	p->owner = f48_xstrdup(o->owner ? o->owner : "fmladmin");
	report_leftovers(l, p);
	p->backup_dir = choose_backup(l, p);

	/* 1-2: the backup */
	add(p, F48_ACT_MKDIR, p->backup_dir, NULL, 0700, "fml4 originals, for rollback");
	if (exists_in(l->dir, "etc/passwd", &kind) || exists_in(l->dir, "etc/passwd-admin", &kind)) {
		char *d = f48_path_join(p->backup_dir, "etc");

		add(p, F48_ACT_MKDIR, d, NULL, 0700, "fml4 originals, for rollback");
		free(d);
	}
	for (i = 0; i < sizeof(rewritten) / sizeof(rewritten[0]); i++) {
		if (exists_in(l->dir, rewritten[i], &kind)) {
			char *dst = f48_path_join(p->backup_dir, rewritten[i]);

			add(p, F48_ACT_COPY, dst, rewritten[i], 0, "the fml4 original");
			free(dst);
		}
	}
	/* files an earlier attempt left where this plan writes: saved too, so
	 * that nothing is overwritten without a copy and rollback restores them */
	{
		const char *extra[F48_F8_NFILES + 2];
		size_t ne = 0, j;

		for (j = 0; j < F48_F8_NFILES; j++)
			extra[ne++] = t->files[j].name;
		extra[ne++] = "config.cf";
		extra[ne++] = "include-error";
		for (j = 0; j < ne; j++) {
			bool seen = false;
			size_t k;

			for (k = 0; k < sizeof(rewritten) / sizeof(rewritten[0]); k++)
				seen = seen || strcmp(extra[j], rewritten[k]) == 0;
			if (!seen && exists_in(l->dir, extra[j], &kind) && kind == 'f') {
				char *dst = f48_path_join(p->backup_dir, extra[j]);

				add(p, F48_ACT_COPY, dst, extra[j], 0, "left by an earlier attempt");
				free(dst);
			}
		}
	}
	/* 3: defer mail while the list is half-migrated */
	for (i = 0; i < 3; i++) {
		if (exists_in(l->dir, rewritten[i], &kind))
			add_write(p, rewritten[i], "\"|exit 75\"\n", 11, fmode(p, rewritten[i]),
			    "defer mail (EX_TEMPFAIL) during the migration; a bare \"exit 75\" "
			    "line would be an address");
	}
	/* 4: away from where fml8 looks */
	for (i = 0; i < sizeof(moved_away) / sizeof(moved_away[0]); i++) {
		if (exists_in(l->dir, moved_away[i].name, &kind)) {
			char *dst = f48_path_join(p->backup_dir, moved_away[i].name);

			add(p, F48_ACT_MOVE, dst, moved_away[i].name, 0, moved_away[i].why);
			free(dst);
		}
	}
	/* 5: the fml8 list files */
	for (i = 0; i < p->layout->n; i++) {
		const f48_layout_entry *e = &p->layout->e[i];

		if (e->type == 'd' && (e->flags & F48_LAYOUT_MAKE))
			add(p, F48_ACT_MKDIR, e->path, NULL, e->mode < 0 ? 0700 : (mode_t)e->mode,
			    "fml8 list directory");
	}
	for (i = 0; i < F48_F8_NFILES; i++) {
		const f48_fml8_file *f = &t->files[i];
		size_t j;

		f48_action *a;
		char *c;

		if (f->n == 0 && !f->needed)
			continue;
		a = add(p, F48_ACT_WRITE, f->name, NULL, fmode(p, f->name),
		    "fml8 list file, clean addresses");
		a->len = f->bytes;
		if (f->spool) {       /* spooled: apply copies it from the state */
			a->source = f48_xstrdup(f->spool);
			memcpy(a->sha256, f->sha256, sizeof(a->sha256));
			continue;
		}
		if (f->lines == NULL)
			continue;     /* translated without its lines: only its size is known */
		a->content = c = f48_xmalloc(f->bytes + 1);
		for (j = 0; j < f->n; j++) {
			size_t n = strlen(f->lines[j]);

			memcpy(c, f->lines[j], n);
			c[n] = '\n';
			c += n + 1;
		}
		*c = '\0';
	}
	/* 6: config.cf, from the template with our block before =cut */
	f48_sb_init(&block);
	f48_translate_block(t, &block);
	f48_sb_init(&sb);
	f48_cf8_write(o->config_template, &sb);
	cf = f48_cf8_parse(sb.data, sb.len, "config.cf", NULL);
	f48_cf8_insert_before_cut(cf, block.data);
	f48_sb_reset(&sb);
	f48_cf8_write(cf, &sb);
	f48_cf8_free(cf);
	add_write(p, "config.cf", sb.data, sb.len, fmode(p, "config.cf"), "fml8 configuration");
	p->config_cf = f48_xstrndup(sb.data, sb.len);
	p->config_cf_len = sb.len;
	f48_sb_free(&sb);
	f48_sb_free(&block);
	/* 7: mail flows to fml8 again, only now */
	{
		static const struct { const char *file, *program; } inc[] = {
			{ "include", "distribute" }, { "include-ctl", "command" },
			{ "include-error", "error" } };

		for (i = 0; i < 3; i++) {
			char *line = include_line(o, t, inc[i].program);

			add_write(p, inc[i].file, line, strlen(line), fmode(p, inc[i].file),
			    "fml8's command for the MTA, written last");
			free(line);
		}
	}
	if (exists_in(l->dir, "include-mead", &kind)) {
		char *dst = f48_path_join(p->backup_dir, "include-mead.deferred");

		add(p, F48_ACT_MOVE, dst, "include-mead", 0,
		    "fml4's error analyzer; fml8's is include-error");
		free(dst);
	}
	/* 8 */
	add(p, F48_ACT_CHOWN_TREE, ".", NULL, 0, "everything belongs to the list owner");
	plan_cron(l, t, o, p);
	*out = p;
	return F48_OK;
}

void
f48_plan_free(f48_plan *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++) {
		free(p->actions[i].path);
		free(p->actions[i].from);
		free(p->actions[i].content);
		free(p->actions[i].source);
		free(p->actions[i].why);
	}
	free(p->actions);
	free(p->list_dir);
	free(p->backup_dir);
	free(p->owner);
	free(p->config_cf);
	f48_layout_free(p->layout);
	for (i = 0; i < p->ncron; i++) {
		free(p->cron[i].line);
		free(p->cron[i].why);
	}
	free(p->cron);
	f48_findings_free(&p->findings);
	free(p);
}

const char *
f48_action_name(f48_action_kind k)
{
	static const char *names[] = { "mkdir", "copy", "move", "write", "chown" };

	return k <= F48_ACT_CHOWN_TREE ? names[k] : "unknown";
}

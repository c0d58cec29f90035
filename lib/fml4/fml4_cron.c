/* fml4_cron.c - see fml4_cron.h. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/fileio.h"
#include "util/findings.h"
#include "util/pathutil.h"
#include "util/tsv.h"
#include "util/xalloc.h"

#include "codes.h"
#include "fml4/fml4_cron.h"

#define CRON_MAX_LINE 4096
#define CRON_MAX_FILES 64       /* files in ~ml/etc/crontab */
#define CRON_MAX_ENTRIES 256    /* entries kept for one list */

static int
cron_row(void *ctx, const char *path, long line, char **cols, size_t ncols, f48_error *err)
{
	f48_cron_tables *t = ctx;
	f48_cron_program *p;

	if (ncols != 3)
		return f48_error_set(err, F48_EINPUT, path, line,
		    "expected 3 columns (PROGRAM FML8 WHAT), found %zu", ncols);
	t->programs = f48_xrealloc(t->programs, (t->n + 1) * sizeof(*t->programs));
	p = &t->programs[t->n++];
	p->program = f48_xstrdup(cols[0]);
	p->fml8 = strcmp(cols[1], "-") == 0 ? NULL : f48_xstrdup(cols[1]);
	p->what = f48_xstrdup(cols[2]);
	return F48_OK;
}

int
f48_cron_tables_load(const char *dir, f48_cron_tables **out, f48_error *err)
{
	f48_cron_tables *t = f48_xcalloc(1, sizeof(*t));
	int rc;

	t->path = f48_path_join(dir, "fml4-cron.tsv");
	rc = f48_tsv_each(t->path, cron_row, t, err);
	if (rc < 0) {
		f48_cron_tables_free(t);
		return rc;
	}
	*out = t;
	return F48_OK;
}

void
f48_cron_tables_free(f48_cron_tables *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++) {
		free(t->programs[i].program);
		free(t->programs[i].fml8);
		free(t->programs[i].what);
	}
	free(t->programs);
	free(t->path);
	free(t);
}

void
f48_cron_entries_free(f48_cron_entries *e)
{
	size_t i;

	for (i = 0; i < e->n; i++) {
		free(e->items[i].file);
		free(e->items[i].schedule);
		free(e->items[i].command);
		free(e->items[i].program);
	}
	free(e->items);
	e->items = NULL;
	e->n = 0;
}

/* Does `cmd` name `dir` as a whole path word (followed by nothing, a blank
 * or a slash)? */
static bool
names_dir(const char *cmd, const char *dir)
{
	size_t n = strlen(dir);
	const char *p = cmd;

	while (n > 1 && dir[n - 1] == '/')
		n--;
	while ((p = strstr(p, dir)) != NULL) {
		bool start = p == cmd || p[-1] == ' ' || p[-1] == '\t' || p[-1] == '=' ||
		    p[-1] == '"' || p[-1] == '\'';
		char after = p[n];

		if (start && (after == '\0' || after == ' ' || after == '\t' || after == '/' ||
		    after == '"' || after == '\''))
			return true;
		p++;
	}
	return false;
}

static const char *
skip_blank(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static const char *
skip_word(const char *p)
{
	while (*p && *p != ' ' && *p != '\t')
		p++;
	return p;
}

/* Split "m h dom mon dow command" (or "@hourly command"); false for lines
 * that are no job (comments, environment assignments, short lines). */
static bool
split_line(const char *line, char **schedule, char **command)
{
	const char *p = skip_blank(line), *s, *e;
	int i;

	if (*p == '\0' || *p == '#')
		return false;
	s = p;
	if (*p == '@') {
		p = skip_word(p);
	} else {
		/* An assignment NAME=value is no job. */
		e = skip_word(p);
		if (memchr(p, '=', (size_t)(e - p)) != NULL)
			return false;
		for (i = 0; i < 5; i++) {
			if (*p == '\0')
				return false;
			p = skip_blank(skip_word(p));
		}
		while (p > s && (p[-1] == ' ' || p[-1] == '\t'))
			p--;
	}
	e = p;
	p = skip_blank(p);
	if (*p == '\0')
		return false;
	*schedule = f48_xstrndup(s, (size_t)(e - s));
	*command = f48_xstrdup(p);
	/* Collapse runs of blanks in the schedule to one space. */
	{
		char *r = *schedule, *w = *schedule;
		bool blank = false;

		for (; *r; r++) {
			if (*r == ' ' || *r == '\t') {
				blank = true;
				continue;
			}
			if (blank && w != *schedule)
				*w++ = ' ';
			blank = false;
			*w++ = *r;
		}
		*w = '\0';
	}
	return true;
}

static char *
program_of(const char *command)
{
	const char *p = command, *e = skip_word(command), *slash = NULL, *q;

	for (q = p; q < e; q++)
		if (*q == '/')
			slash = q;
	if (slash)
		p = slash + 1;
	return f48_xstrndup(p, (size_t)(e - p));
}

static bool
already(const f48_cron_entries *out, const char *schedule, const char *command)
{
	size_t i;

	for (i = 0; i < out->n; i++)
		if (strcmp(out->items[i].schedule, schedule) == 0 &&
		    strcmp(out->items[i].command, command) == 0)
			return true;
	return false;
}

static void
read_file(const char *path, const char *list_prod, const char *ml_prod,
    const f48_cron_tables *t, f48_cron_entries *out, f48_findings *fs)
{
	f48_lr *lr = NULL;
	f48_line ln;
	f48_error err;
	int rc;

	f48_error_clear(&err);
	if (f48_lr_open(&lr, path, CRON_MAX_LINE, &err) < 0) {
		f48_findings_add(fs, F48_SEV_WARNING,
		    err.status == F48_EUNSAFE ? F48_C_FILE_SYMLINK : F48_C_FILE_UNREADABLE, path, 0,
		    NULL, "crontab not read: %s", f48_error_detail(&err));
		return;
	}
	while ((rc = f48_lr_next(lr, &ln, &err)) == 1) {
		char *sched = NULL, *cmd = NULL;
		bool list, domain;
		f48_cron_entry *e;
		size_t i;

		if (ln.too_long || ln.has_nul || !split_line(ln.text, &sched, &cmd))
			continue;
		list = names_dir(cmd, list_prod);
		domain = !list && ml_prod && names_dir(cmd, ml_prod) &&
		    strstr(cmd, list_prod) == NULL;
		/* A job for another list of the domain names ML_DIR/other. */
		if (domain) {
			size_t n = strlen(ml_prod);
			const char *p = strstr(cmd, ml_prod);

			if (p && p[n] == '/' && p[n + 1] != '\0' && p[n + 1] != ' ')
				domain = false;
		}
		if ((!list && !domain) || already(out, sched, cmd) || out->n >= CRON_MAX_ENTRIES) {
			free(sched);
			free(cmd);
			continue;
		}
		out->items = f48_xrealloc(out->items, (out->n + 1) * sizeof(*out->items));
		e = &out->items[out->n++];
		memset(e, 0, sizeof(*e));
		e->file = f48_xstrdup(path);
		e->line = ln.lineno;
		e->schedule = sched;
		e->command = cmd;
		e->program = program_of(cmd);
		e->whole_domain = domain;
		for (i = 0; t && i < t->n; i++)
			if (strcmp(t->programs[i].program, e->program) == 0)
				e->known = &t->programs[i];
	}
	if (rc < 0)
		f48_findings_add(fs, F48_SEV_WARNING, F48_C_FILE_UNREADABLE, path, 0, NULL,
		    "crontab read only in part: %s", f48_error_detail(&err));
	f48_lr_close(lr);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
f48_cron_read(const char *list_dir, const char *list_prod, const char *ml_dir,
    const f48_cron_tables *t, f48_cron_entries *out, f48_findings *fs)
{
	char *mld = ml_dir ? f48_xstrdup(ml_dir) : f48_path_dirname(list_dir);
	char *ml_prod = f48_path_dirname(list_prod);
	char *dir = f48_path_join(mld, "etc/crontab"), *p;
	char kind;
	DIR *d;

	out->items = NULL;
	out->n = 0;
	/* The domain's collected crontab first: it is what cron runs. */
	if (f48_file_lstat_kind(dir, &kind) == 0 && kind == 'd' && (d = opendir(dir)) != NULL) {
		struct dirent *de;
		char **names = NULL;
		size_t n = 0, i;

		while ((de = readdir(d)) != NULL && n < CRON_MAX_FILES) {
			if (de->d_name[0] == '.')
				continue;
			names = f48_xrealloc(names, (n + 1) * sizeof(*names));
			names[n++] = f48_xstrdup(de->d_name);
		}
		closedir(d);
		qsort(names, n, sizeof(*names), cmp_str);
		for (i = 0; i < n; i++) {
			p = f48_path_join(dir, names[i]);
			if (f48_file_lstat_kind(p, &kind) == 0 && kind != 'd')
				read_file(p, list_prod, ml_prod, t, out, fs);
			free(p);
			free(names[i]);
		}
		free(names);
	}
	p = f48_path_join(list_dir, "crontab");
	if (f48_file_lstat_kind(p, &kind) == 0)
		read_file(p, list_prod, ml_prod, t, out, fs);
	free(p);
	free(dir);
	free(mld);
	free(ml_prod);
}

char *
f48_cron_describe(const char *schedule)
{
	char f[5][64];
	int n;

	if (schedule[0] == '@')
		return f48_xasprintf("%s", schedule + 1);
	n = sscanf(schedule, "%63s %63s %63s %63s %63s", f[0], f[1], f[2], f[3], f[4]);
	if (n != 5)
		return f48_xstrdup(schedule);
	if (strcmp(f[2], "*") == 0 && strcmp(f[3], "*") == 0 && strcmp(f[4], "*") == 0) {
		if (strcmp(f[1], "*") == 0 && strspn(f[0], "0123456789") == strlen(f[0]))
			return f48_xasprintf("every hour at minute %s", f[0]);
		if (strncmp(f[1], "*/", 2) == 0 && strspn(f[0], "0123456789") == strlen(f[0]))
			return f48_xasprintf("every %s hours at minute %s", f[1] + 2, f[0]);
		if (strspn(f[1], "0123456789") == strlen(f[1]) &&
		    strspn(f[0], "0123456789") == strlen(f[0]))
			return f48_xasprintf("every day at %s:%02d", f[1], atoi(f[0]));
	}
	return f48_xasprintf("at \"%s\" (cron time fields)", schedule);
}

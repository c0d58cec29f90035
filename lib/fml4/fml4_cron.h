/*
 * fml4_cron.h - the read stage's view of fml4's cron jobs for one list.
 *
 * fml4 runs its digest sender (msend.pl) and a few helpers from cron; the
 * lines live in the list's "crontab" file (what makefml wrote for the admin
 * to install) and in the domain's ~ml/etc/crontab/ files (the collected crontab of
 * the fml user).  A line belongs to a list when its command names the list's
 * directory (production path); a line that names the domain's ML_DIR but no
 * list (msend_master.sh -M ML_DIR) belongs to every list.  Commented and
 * blank lines and environment assignments are skipped; the same job in both
 * places is kept once (the first file read: the domain's collected crontab).
 *
 * Input is untrusted text: lines are bounded (4096 bytes, longer ones are
 * skipped whole), the number of files and entries is bounded, a file that
 * cannot be read safely (symlink, not regular) is a finding, never followed.
 * What each program did and what fml8 runs instead comes from
 * templates/fml4-cron.tsv (f48_cron_tables).  Never writes.  Memory: the
 * entries are owned by the caller (f48_cron_entries_free).
 */
#ifndef F48_FML4_CRON_H
#define F48_FML4_CRON_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"
#include "util/findings.h"

typedef struct f48_cron_program {   /* a row of fml4-cron.tsv */
	char *program;      /* "msend.pl" */
	char *fml8;         /* "digest", or NULL when fml8 needs no job */
	char *what;         /* what the fml4 job did */
} f48_cron_program;

typedef struct f48_cron_tables {
	char *path;
	f48_cron_program *programs;
	size_t n;
} f48_cron_tables;

typedef struct f48_cron_entry {
	char *file;         /* host path of the crontab file */
	long line;
	char *schedule;     /* the five time fields, or "@hourly" ... */
	char *command;      /* the rest of the line */
	char *program;      /* basename of the command's first word */
	bool whole_domain;  /* names the ML_DIR, not this list */
	const f48_cron_program *known;   /* its row of the table, or NULL */
} f48_cron_entry;

typedef struct f48_cron_entries {
	f48_cron_entry *items;
	size_t n;
} f48_cron_entries;

int f48_cron_tables_load(const char *templates_dir, f48_cron_tables **out, f48_error *err);
void f48_cron_tables_free(f48_cron_tables *t);

/* Read the crontab entries of the list at list_dir (host path; list_prod
 * its production path).  ml_dir is the domain's ML_DIR on this host (NULL:
 * the list directory's parent).  Problems are findings in fs. */
void f48_cron_read(const char *list_dir, const char *list_prod, const char *ml_dir,
    const f48_cron_tables *t, f48_cron_entries *out, f48_findings *fs);
void f48_cron_entries_free(f48_cron_entries *e);

/* Interval of a schedule in words, "every hour at minute 5", for reports.
 * Newly allocated. */
char *f48_cron_describe(const char *schedule);

#endif

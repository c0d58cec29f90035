/*
 * plan.h - the "plan" stage: what the fml8 list tree must contain, as pure
 * data.  Printing a plan is the dry-run; executing it is "apply".
 *
 * Input: the fml4 list as read (f48_fml4_list), its translation
 * (f48_fml8_list) and options.  Output: an ordered list of actions on paths
 * relative to the list directory, in the order apply must run them so that
 * mail is deferred, never bounced, while the list is half-migrated:
 *   1. create the backup directory (.fml4rc, or .fml4rc-N when an earlier
 *      attempt left one: earlier backups are never touched);
 *   2. copy every fml4 file that will change or move into it (bytes and mode);
 *   3. replace include, include-ctl, include-mead with a command that exits
 *      75 (EX_TEMPFAIL): the MTA defers mail until step 7;
 *   4. move away what fml8 must not read (config.ph: fml8's fml4 emulation
 *      would regenerate config.cf from it; actives: fml8's recipient_maps
 *      still reads it; cf; etc/passwd, replaced by etc/passwd-admin ...);
 *   5. write the fml8 list files (members, recipients, recipients-digest ...);
 *   6. create fml8's directories and write config.cf;
 *   7. write fml8's include, include-ctl, include-error: mail flows again;
 *   8. give everything to the owner.
 * fml4's cron jobs for the list (f48_fml4_list.cron) become suggested lines
 * for the owner's crontab (fml8's digest program for msend.pl, at fml4's
 * schedule) and CRON_DIGEST / CRON_JOB findings; apply never edits a crontab.
 * Texts (help, guide, objective, welcome, deny, confirm), seq, summary, log,
 * spool/ and var/ stay where fml8 reads them (D24).
 *
 * The directories of step 6 and the modes of every file written come from
 * the layout table (layout.h); the plan keeps a copy (saved with it), so
 * that apply, resume, rollback and verify use the layout it was made with.
 *
 * Nothing touches the disk here except reading the config.cf template and
 * checking which files exist.  Errors: F48_EINPUT when the template cannot be
 * read; F48_EUSAGE without a template or a layout.  Memory: the plan owns everything; f48_plan_free releases it.
 */
#ifndef F48_PLAN_H
#define F48_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util/error.h"
#include "util/findings.h"
#include "util/sha256.h"
#include "fml4/fml4_list.h"
#include "fml8/fml8_config.h"
#include "translate/translate.h"
#include "plan/layout.h"

typedef enum f48_action_kind {
	F48_ACT_MKDIR,      /* path, mode */
	F48_ACT_COPY,       /* from -> path (bytes and mode kept) */
	F48_ACT_MOVE,       /* from -> path */
	F48_ACT_WRITE,      /* path <- content, mode */
	F48_ACT_CHOWN_TREE  /* path (the list dir): everything to owner */
} f48_action_kind;

typedef struct f48_action {
	f48_action_kind kind;
	char *path;         /* relative to the list directory */
	char *from;         /* COPY, MOVE */
	char *content;      /* WRITE; NULL for a list file translated without its
	                       lines (a dry-run): then only len is known, and
	                       apply refuses the plan */
	size_t len;
	char *source;       /* WRITE of a spooled list file: the name of the file
	                       in the list's state entry holding the content
	                       (content NULL); apply copies it, checking sha256 */
	char sha256[F48_SHA256_HEX];
	mode_t mode;
	char *why;
} f48_action;

typedef struct f48_plan_opts {
	const char *owner;            /* default "fmladmin" */
	const char *libexec_dir;      /* fml8 executables, default /usr/local/libexec/fml */
	const f48_cf8 *config_template;   /* the config.cf newml installs */
	const f48_layout *layout;     /* templates/fml8-layout.tsv (layout.h) */
} f48_plan_opts;

typedef struct f48_plan_cron {   /* a crontab line for the fml8 list */
	char *line;                   /* "0 * * * * /usr/local/libexec/fml/digest DIR" */
	char *why;                    /* what the fml4 job did, and where it was */
} f48_plan_cron;

typedef struct f48_plan {
	char *list_dir;               /* host path */
	char *backup_dir;             /* ".fml4rc" or ".fml4rc-N" */
	char *owner;
	f48_action *actions;
	size_t n;
	char *config_cf;              /* the complete new config.cf */
	size_t config_cf_len;
	f48_layout *layout;           /* a copy of opts.layout: modes, dirs made */
	f48_plan_cron *cron;          /* suggested crontab lines (never installed) */
	size_t ncron;
	f48_findings findings;        /* leftovers of earlier attempts, cron jobs ... */
} f48_plan;

int f48_plan_make(const f48_fml4_list *l, const f48_fml8_list *t,
    const f48_plan_opts *o, f48_plan **out, f48_error *err);
void f48_plan_free(f48_plan *p);
const char *f48_action_name(f48_action_kind k);   /* "mkdir", "copy" ... */

#endif

/*
 * cli.h - what the fml4to8 commands share: parsed options, exit codes, and
 * loading the templates.  The CLI decides what to print; the library never
 * prints.
 *
 * Exit codes (README "Exit status"):
 *   0  done, nothing needs a person
 *   1  done, with findings a person must look at (severity warning)
 *   2  usage error
 *   3  input error: a file is missing, unreadable or cannot be parsed
 *      (a finding of severity error, or a list directory that cannot be read)
 *   4  I/O error while writing
 *  75  another run holds the list's lock (EX_TEMPFAIL: try again later)
 */
#ifndef F48_CLI_H
#define F48_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/findings.h"
#include "fml4/fml4_defaults.h"
#include "report/report.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2, EXIT_INPUT = 3, EXIT_IO = 4,
	EXIT_LOCKED = 75 };

/* Every option a command may take; each command's table (src/commands.c)
 * says which it accepts and what they mean for it. */
enum cli_opt_id {
	O_NONE = 0,
	O_HELP, O_VERSION,
	O_ROOT, O_TEMPLATES, O_FML4_DEFAULTS, O_FORMAT,
	O_ALL, O_MEMBERS, O_DOMAIN, O_OWNER, O_LIBEXEC, O_FML8_DEFAULTS, O_SITE_DEFAULTS,
	O_FML4, O_FIX, O_TARGET, O_FIX_OWNER, O_ML_HOME_PREFIX_MAP, O_STATE_DIR,
	/* virtual */
	O_REALMX, O_OUTPUT, O_ALIASES, O_ONLY, O_ML_HOME_PREFIX, O_DOMAIN_LINE, O_FIX_FILE,
	O_CHECK_MAIN_CF, O_CHECK_ALIASES, O_CHECK_VIRTUAL, O_OWNERS_FROM,
	/* the text report */
	O_VERBOSE, O_QUIET, O_JOBS,
	/* scan */
	O_MAIN_CF
};

/* One row of a command's option table. */
typedef struct cli_option {
	enum cli_opt_id id;
	const char *name;       /* the long name, without "--" */
	char short_name;        /* 0: none */
	const char *arg;        /* NULL: a flag; else the argument's placeholder */
	const char *help;       /* what it does for this command ('\n' continues) */
} cli_option;

typedef struct cli_opts {
	const char *command;         /* the command's name, for messages */
	const char *root;            /* --root DIR */
	const char *templates;       /* --templates DIR */
	const char *fml4_defaults;   /* --fml4-defaults FILE */
	const char *format;          /* --format (one of the command's formats) */
	const char *domain;          /* --domain */
	const char *owner;           /* --owner */
	const char *libexec;         /* --fml8-libexec */
	const char *fml8_defaults;   /* --fml8-defaults FILE (default_config.cf) */
	const char *site_defaults;   /* --site-defaults FILE (site_default_config.cf) */
	const char *fml4_dir;        /* --fml4 DIR (audit) */
	bool fix;                    /* --fix (audit) */
	const char *target;          /* --target DIR (migrate) */
	const char *fix_owner;       /* --fix-owner USER (verify) */
	const char *ml_home_prefix;  /* --ml-home-prefix-map FILE (migrate) */
	const char *state_dir;       /* --state-dir DIR (migrate, rollback, verify, audit) */
	bool all;                    /* --all */
	bool members;                /* --members */
	bool verbose;                /* -v: infos and details too (text) */
	bool quiet;                  /* -q: only the summary (text) */
	const char *jobs;            /* -j, --jobs N (dry-run) */
	/* virtual */
	const char *realmx;          /* --realmx HOST */
	const char *output;          /* -o, --output FILE */
	const char *aliases;         /* -a, --aliases FILE */
	const char *only;            /* --only virtual|aliases */
	const char *prefix;          /* --ml-home-prefix DIR */
	const char *domain_line;     /* --domain-line keep|drop|auto */
	const char *fix_file;        /* --fix FILE */
	const char *main_cf;         /* --check-main-cf FILE (virtual), --main-cf FILE (scan) */
	const char *owners_from;     /* --owners-from FILE */
	const char **check_aliases;  /* --check-aliases FILE (repeatable) */
	size_t ncheck_aliases;
	const char **check_virtual;  /* --check-virtual FILE (repeatable) */
	size_t ncheck_virtual;
	const char *argv0;
	char **args;                 /* operands */
	int nargs;
} cli_opts;

/* A command: its name, what it does, its option table and formats. */
typedef struct cli_command {
	const char *name;
	int (*run)(const cli_opts *o);
	const char *synopsis;        /* usage line(s) after "fml4to8 " ('\n' separates) */
	const char *summary;         /* one line, for "fml4to8 --help" */
	const char *about;           /* the paragraph "fml4to8 CMD --help" starts with */
	const char *const *formats;  /* --format values it writes; the first is the default */
	const cli_option *options;   /* ends with { O_NONE } */
} cli_command;

/* The commands, in the order an admin uses them (src/commands.c). */
extern const cli_command *const cli_commands[];

/* Parse argv (argv[0] the program, argv[1] the command) with cmd's table
 * into *o.  Returns -1 when the command may run, else the exit code (0
 * after --help/--version, 2 after a usage error, printed). */
int cli_parse(const cli_command *cmd, int argc, char **argv, cli_opts *o);
void cli_opts_free(cli_opts *o);
/* A usage error: "fml4to8 CMD: MESSAGE" and "Try 'fml4to8 CMD --help'."
 * on stderr.  Returns EXIT_USAGE. */
int cli_usage_error(const cli_opts *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* fml4to8 CMD --help, on stdout. */
void cli_command_help(const cli_command *cmd, FILE *fp);

/* The templates directory: --templates, $FML4TO8_TEMPLATES, the installed
 * one, or the source tree next to the program.  NULL (and a message printed)
 * when none has the tables.  The caller frees it. */
char *cli_templates_dir(const cli_opts *o);
/* Load the fml4 tables from cli_templates_dir.  Prints the error. */
int cli_load_tables(const cli_opts *o, f48_fml4_tables **out);
/* Expand the operands: a list directory as it is, a domain's ~ml directory
 * as every list in it.  The caller frees each and the array. */
char **cli_list_dirs(const cli_opts *o, size_t *n);
/* Expand the operands of verify, rollback and audit: a list directory (of
 * any kind: fml4, migrated, fml8) as it is, a domain's ~ml directory as
 * every list in it; a directory that is neither is reported (raising
 * *worst to 3).  The caller frees each and the array. */
char **cli_domain_dirs(const cli_opts *o, size_t *n, int *worst);
/* The command to run next, as the last line of a text report:
 * "next: fml4to8 WHAT [--root R] OPERANDS" (to fp).  With to_domain, each
 * list operand is replaced by its domain's ~ml directory (once). */
void cli_next(FILE *fp, const cli_opts *o, const char *what, bool to_domain, const char *why);
/* The more serious of two exit codes (they are ordered by seriousness). */
int cli_worst(int a, int b);
/* Exit code for a set of findings: 3 if any error, 1 if any warning, else 0. */
int cli_exit_for(const f48_findings *fs);
/* Print to stdout, reporting a write error (exit 4). */
int cli_write(const char *data, size_t len);
/* stdout as a write callback (ctx unused): 0 or -1.  The sink of streamed
 * XML (f48_xw_write_fn) and of show's streamed member lines. */
int cli_stdout_sink(void *ctx, const char *buf, size_t len);

/* --format as the report module's enum (cli_parse checked the name). */
f48_rformat cli_format(const cli_opts *o);
/* --jobs: N in 1..F48_PAR_MAX_WORKERS, else the CPUs online (at most 8);
 * -1 after a usage error message. */
int cli_jobs(const cli_opts *o, unsigned *jobs);
/* "[12/300] list-name" on stderr when stderr is a terminal, nothing
 * otherwise; i == n (name NULL) clears the line at the end of the run. */
void cli_progress(size_t i, size_t n, const char *name);
/* Finish a run's report: text (the summary, the next steps and `trailer`),
 * XML (the summary, closing the streamed document xw), or HTML (the page).
 * Returns the exit code of writing it. */
int cli_render_end(const cli_opts *o, f48_report *r, f48_xw *xw,
    const f48_report_text_opts *ro, const char *trailer);
/* The list's record in the state directory (--state-dir), keyed by its
 * production path (--root); with lock, holding the list's lock (migrate,
 * rollback, verify --fix-owner, audit --fix).  Returns EXIT_CLEAN, or the
 * exit code after printing why not (EXIT_LOCKED when another run has it). */
struct f48_state;
int cli_state_open(const cli_opts *o, const char *dir, bool lock, const char *who,
    struct f48_state **st);

int cmd_show(const cli_opts *o);
int cmd_dryrun(const cli_opts *o);
int cmd_audit(const cli_opts *o);
int cmd_migrate(const cli_opts *o);
int cmd_rollback(const cli_opts *o);
int cmd_verify(const cli_opts *o);
int cmd_virtual(const cli_opts *o);
int cmd_scan(const cli_opts *o);

#endif

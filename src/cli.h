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
 */
#ifndef F48_CLI_H
#define F48_CLI_H

#include <stdbool.h>

#include "util/findings.h"
#include "fml4/fml4_defaults.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2, EXIT_INPUT = 3, EXIT_IO = 4 };

typedef struct cli_opts {
	const char *root;            /* --root DIR */
	const char *templates;       /* --templates DIR */
	const char *fml4_defaults;   /* --fml4-defaults FILE */
	const char *format;          /* --format text|xml */
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
	bool all;                    /* --all */
	bool members;                /* --members */
	const char *argv0;
	char **args;                 /* operands */
	int nargs;
} cli_opts;

/* The templates directory: --templates, $FML4TO8_TEMPLATES, the installed
 * one, or the source tree next to the program.  NULL (and a message printed)
 * when none has the tables.  The caller frees it. */
char *cli_templates_dir(const cli_opts *o);
/* Load the fml4 tables from cli_templates_dir.  Prints the error. */
int cli_load_tables(const cli_opts *o, f48_fml4_tables **out);
/* Expand the operands: a list directory as it is, a domain's ~ml directory
 * as every list in it.  The caller frees each and the array. */
char **cli_list_dirs(const cli_opts *o, size_t *n);
/* The more serious of two exit codes (they are ordered by seriousness). */
int cli_worst(int a, int b);
/* Exit code for a set of findings: 3 if any error, 1 if any warning, else 0. */
int cli_exit_for(const f48_findings *fs);
/* Print to stdout, reporting a write error (exit 4). */
int cli_write(const char *data, size_t len);
/* The same as an f48_xw_write_fn for streamed XML (ctx unused): 0 or -1. */
int cli_xml_out(void *ctx, const char *buf, size_t len);

int cmd_show(const cli_opts *o);
int cmd_dryrun(const cli_opts *o);
int cmd_audit(const cli_opts *o);
int cmd_migrate(const cli_opts *o);
int cmd_rollback(const cli_opts *o);
int cmd_verify(const cli_opts *o);
/* cmd_virtual parses its own options: it gets the arguments after "virtual". */
int cmd_virtual(int argc, char **argv);

#endif

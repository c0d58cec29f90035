/*
 * fml4_include.h - fml4 "include" files (include, include-ctl, include-mead)
 * and .qmail files: the command lines the MTA runs for a list.
 *
 * A line is `"|/path/to/fml.pl /ml/dir [/lib/dir] [options]"` (quotes
 * optional); lines starting with "#" are comments; a line with several
 * programs joined by "|" (the multipart.pl filter) names fml.pl last.
 * Options (../shared/docs/fml-formats.md §1.5) are parsed but not applied:
 * applying them belongs to the layering (fml4_config).  An unrecognised
 * fml.pl option is kept with kind F48_INCOPT_UNKNOWN, and a finding
 * (INCLUDE_OPTION_UNKNOWN) is added.  Options of other programs (mead.pl,
 * fml8's distribute ...) are all kept as F48_INCOPT_UNKNOWN without a
 * finding; a lone "-X" followed by a word takes it as its value
 * (name "-X", value the word, raw "-X word"), so "mead.pl -E DIR" has no dirs.
 * A line without "|" (e.g. the bare "exit 75" fml8's mergeml writes) is no
 * command to the MTA but recipient addresses: is_pipe false, program NULL,
 * finding INCLUDE_NOT_COMMAND.
 * The f48_include owns its strings; free with f48_include_free.
 */
#ifndef F48_FML4_INCLUDE_H
#define F48_FML4_INCLUDE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"
#include "util/findings.h"

typedef enum f48_incopt_kind {
	F48_INCOPT_VAR,        /* --VARNAME=value (upper case): name, value */
	F48_INCOPT_MODE,       /* --mode or --mode=value (lower case): name, value|NULL */
	F48_INCOPT_FIELD_FORCED,   /* --fh:field=value / --force:field=value */
	F48_INCOPT_FIELD_ORIGINAL, /* --oh:field / --org:field / --original:field */
	F48_INCOPT_PERMIT,     /* --permit:xxx : name */
	F48_INCOPT_SET,        /* -sVAR : name */
	F48_INCOPT_UNSET,      /* -uVAR : name */
	F48_INCOPT_LIBRARY,    /* -lLIB : value */
	F48_INCOPT_DEBUG,      /* -d, -dN, -bt */
	F48_INCOPT_UNKNOWN     /* anything else starting with "-": raw */
} f48_incopt_kind;

typedef struct f48_incopt {
	f48_incopt_kind kind;
	char *name;
	char *value;
	char *raw;
} f48_incopt;

typedef struct f48_include_cmd {   /* one uncommented command line */
	long line;
	char *raw;             /* the line as written */
	bool is_pipe;          /* starts with "| (or |) */
	bool is_exit75;        /* a command that exits 75 (our deferral) */
	char *program;         /* the last program of the pipe, e.g. /usr/local/fml/fml.pl */
	char *program_name;    /* its basename: fml.pl, mead.pl, distribute ... */
	char **dirs;           /* non-option arguments: $DIR, [$LIBDIR] */
	size_t ndirs;
	f48_incopt *opts;
	size_t nopts;
} f48_include_cmd;

typedef struct f48_include {
	char *path;
	f48_include_cmd *cmds;
	size_t n, cap;
	bool had_crlf;
} f48_include;

int f48_include_read(const char *path, f48_include **out,
    f48_findings *findings, f48_error *err);
/* Parse one line (for tests and for .qmail files read elsewhere).  Returns
 * true if the line is a command (not blank, not a comment). */
bool f48_include_parse_line(const char *text, size_t len, long lineno,
    const char *file, f48_include_cmd *cmd, f48_findings *findings);
void f48_include_cmd_clear(f48_include_cmd *cmd);
/* The first command whose program is fml.pl, or NULL. */
const f48_include_cmd *f48_include_fml_cmd(const f48_include *inc);
void f48_include_free(f48_include *inc);

#endif

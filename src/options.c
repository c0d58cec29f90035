/*
 * options.c - the command line of one command, from its option table:
 * getopt_long over exactly the options the command takes, its --help, and
 * usage errors as one line plus "Try 'fml4to8 CMD --help'." (exit 2).
 * Messages name the program "fml4to8", whatever argv[0] is.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/par.h"
#include "util/xalloc.h"

#include "cli.h"

int
cli_usage_error(const cli_opts *o, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fml4to8 %s: ", o->command);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'fml4to8 %s --help'.\n", o->command);
	return EXIT_USAGE;
}

static size_t
count_options(const cli_command *cmd)
{
	size_t n = 0;

	while (cmd->options[n].id != O_NONE)
		n++;
	return n;
}

/* "  -o, --output FILE" */
static void
option_label(const cli_option *op, char *buf, size_t len)
{
	if (op->short_name)
		snprintf(buf, len, "  -%c, --%s%s%s", op->short_name, op->name, op->arg ? " " : "",
		    op->arg ? op->arg : "");
	else
		snprintf(buf, len, "      --%s%s%s", op->name, op->arg ? " " : "",
		    op->arg ? op->arg : "");
}

/* Text with '\n's, each following line indented by indent. */
static void
put_indented(FILE *fp, const char *text, int indent)
{
	const char *p = text, *nl;

	while ((nl = strchr(p, '\n')) != NULL) {
		fprintf(fp, "%.*s\n%*s", (int)(nl - p), p, indent, "");
		p = nl + 1;
	}
	fprintf(fp, "%s\n", p);
}

void
cli_command_help(const cli_command *cmd, FILE *fp)
{
	const char *p = cmd->synopsis, *nl;
	size_t i, n = count_options(cmd);
	const char *const *f;

	fprintf(fp, "usage: ");
	while ((nl = strchr(p, '\n')) != NULL) {
		fprintf(fp, "fml4to8 %.*s\n       ", (int)(nl - p), p);
		p = nl + 1;
	}
	fprintf(fp, "fml4to8 %s\n\n", p);
	fprintf(fp, "%s\n\noptions:\n", cmd->about);
	for (i = 0; i < n; i++) {
		char label[128];
		int w;

		option_label(&cmd->options[i], label, sizeof(label));
		w = (int)strlen(label);
		if (w < 28)
			fprintf(fp, "%s%*s", label, 28 - w, "");
		else
			fprintf(fp, "%s\n%28s", label, "");
		put_indented(fp, cmd->options[i].help, 28);
	}
	fprintf(fp, "  -h, --help                this help\n"
	    "      --version             the version of fml4to8\n\n");
	fprintf(fp, "formats (--format):");
	for (f = cmd->formats; *f; f++)
		fprintf(fp, " %s%s", *f, f == cmd->formats ? " (default)" : "");
	fprintf(fp, "\nexit status: 0 done, nothing needs a person; 1 done, with findings a "
	    "person must\nlook at; 2 usage error; 3 an input is missing, unreadable or cannot be "
	    "parsed;\n4 I/O error while writing; 75 another fml4to8 run holds the list's lock\n");
}

static void
append(const char ***v, size_t *n, const char *s)
{
	*v = f48_xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = s;
}

static void
set_option(cli_opts *o, enum cli_opt_id id, const char *arg)
{
	switch (id) {
	case O_ROOT: o->root = arg; break;
	case O_TEMPLATES: o->templates = arg; break;
	case O_FML4_DEFAULTS: o->fml4_defaults = arg; break;
	case O_FORMAT: o->format = arg; break;
	case O_ALL: o->all = true; break;
	case O_MEMBERS: o->members = true; break;
	case O_VERBOSE: o->verbose = true; break;
	case O_QUIET: o->quiet = true; break;
	case O_JOBS: o->jobs = arg; break;
	case O_DOMAIN: o->domain = arg; break;
	case O_OWNER: o->owner = arg; break;
	case O_LIBEXEC: o->libexec = arg; break;
	case O_FML8_DEFAULTS: o->fml8_defaults = arg; break;
	case O_SITE_DEFAULTS: o->site_defaults = arg; break;
	case O_FML4: o->fml4_dir = arg; break;
	case O_FIX: o->fix = true; break;
	case O_TARGET: o->target = arg; break;
	case O_FIX_OWNER: o->fix_owner = arg; break;
	case O_ML_HOME_PREFIX_MAP: o->ml_home_prefix = arg; break;
	case O_STATE_DIR: o->state_dir = arg; break;
	case O_REALMX: o->realmx = arg; break;
	case O_OUTPUT: o->output = arg; break;
	case O_ALIASES: o->aliases = arg; break;
	case O_ONLY: o->only = arg; break;
	case O_ML_HOME_PREFIX: o->prefix = arg; break;
	case O_DOMAIN_LINE: o->domain_line = arg; break;
	case O_FIX_FILE: o->fix_file = arg; break;
	case O_CHECK_MAIN_CF: o->main_cf = arg; break;
	case O_MAIN_CF: o->main_cf = arg; break;
	case O_OWNERS_FROM: o->owners_from = arg; break;
	case O_CHECK_ALIASES: append(&o->check_aliases, &o->ncheck_aliases, arg); break;
	case O_CHECK_VIRTUAL: append(&o->check_virtual, &o->ncheck_virtual, arg); break;
	case O_NONE: case O_HELP: case O_VERSION: break;
	}
}

/* The option row of a long option written in full, "--name" or
 * "--name=value"; NULL when the command has none.  (getopt_long would take
 * "--fml4" for "--fml4-defaults": an option of another command must not
 * become one of this command by abbreviation.) */
static const cli_option *
exact_long(const cli_command *cmd, const char *word, bool *known)
{
	const char *name = word + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name), i;

	*known = true;
	for (i = 0; cmd->options[i].id != O_NONE; i++)
		if (strlen(cmd->options[i].name) == len &&
		    strncmp(cmd->options[i].name, name, len) == 0)
			return &cmd->options[i];
	if ((len == 4 && strncmp(name, "help", 4) == 0) ||
	    (len == 7 && strncmp(name, "version", 7) == 0))
		return NULL;
	*known = false;
	return NULL;
}

/* Every long option in argv is one of the command's, in full; 0 or the
 * usage error's exit code. */
static int
check_long_options(const cli_command *cmd, int argc, char **argv, cli_opts *o)
{
	int i;

	for (i = 2; i < argc; i++) {
		const char *w = argv[i];
		const cli_option *op;
		bool known;

		if (strcmp(w, "--") == 0)
			break;
		if (strncmp(w, "--", 2) == 0) {
			op = exact_long(cmd, w, &known);
			if (!known)
				return cli_usage_error(o, "unknown option '%s'", w);
			if (op && op->arg && strchr(w, '=') == NULL)
				i++;
		} else if (w[0] == '-' && w[1] != '\0' && w[2] == '\0') {
			size_t k;

			for (k = 0; cmd->options[k].id != O_NONE; k++)
				if (cmd->options[k].short_name == w[1] && cmd->options[k].arg)
					i++;
		}
	}
	return 0;
}

int
cli_parse(const cli_command *cmd, int argc, char **argv, cli_opts *o)
{
	size_t n = count_options(cmd), i, k = 0;
	struct option *lo = f48_xcalloc(n + 3, sizeof(*lo));
	char *shorts = f48_xcalloc(2 * n + 4, 1), *sp = shorts;
	const char *const *f;
	int c, idx, rc = -1;

	memset(o, 0, sizeof(*o));
	o->command = cmd->name;
	o->argv0 = argv[0];
	o->format = cmd->formats[0];
	*sp++ = ':';   /* a missing argument is ':', not '?' */
	*sp++ = 'h';
	for (i = 0; i < n; i++) {
		const cli_option *op = &cmd->options[i];

		lo[k].name = op->name;
		lo[k].has_arg = op->arg ? required_argument : no_argument;
		lo[k].val = 1000 + (int)i;
		k++;
		if (op->short_name) {
			*sp++ = op->short_name;
			if (op->arg)
				*sp++ = ':';
		}
	}
	lo[k].name = "help";
	lo[k++].val = 'h';
	lo[k].name = "version";
	lo[k++].val = 'V';
	if ((rc = check_long_options(cmd, argc, argv, o)) != 0) {
		free(lo);
		free(shorts);
		return rc;
	}
	rc = -1;
	optind = 2;
	opterr = 0;
	while (rc < 0 && (c = getopt_long(argc, argv, shorts, lo, &idx)) != -1) {
		const cli_option *op = NULL;

		if (c >= 1000)
			op = &cmd->options[c - 1000];
		else
			for (i = 0; i < n && op == NULL; i++)
				if (cmd->options[i].short_name && cmd->options[i].short_name == c)
					op = &cmd->options[i];
		if (op) {
			set_option(o, op->id, op->arg ? optarg : NULL);
			continue;
		}
		switch (c) {
		case 'h':
			cli_command_help(cmd, stdout);
			rc = EXIT_CLEAN;
			break;
		case 'V':
			printf("fml4to8 %s\n", PACKAGE_VERSION);
			rc = EXIT_CLEAN;
			break;
		case ':':
			rc = cli_usage_error(o, "option '%s' needs an argument", argv[optind - 1]);
			break;
		default:
			if (optopt && optopt < 256)
				rc = cli_usage_error(o, "unknown option '-%c'", optopt);
			else
				rc = cli_usage_error(o, "unknown option '%s'",
				    argv[optind - 1]);
			break;
		}
	}
	free(lo);
	free(shorts);
	if (rc >= 0)
		return rc;
	for (f = cmd->formats; *f && strcmp(*f, o->format) != 0; f++)
		;
	if (*f == NULL) {
		char list[128] = "";

		for (f = cmd->formats; *f; f++) {
			if (f != cmd->formats)
				strncat(list, ", ", sizeof(list) - strlen(list) - 1);
			strncat(list, *f, sizeof(list) - strlen(list) - 1);
		}
		return cli_usage_error(o, "--format %s: %s writes %s only", o->format, cmd->name,
		    list);
	}
	o->args = argv + optind;
	o->nargs = argc - optind;
	return -1;
}

void
cli_opts_free(cli_opts *o)
{
	free(o->check_aliases);
	free(o->check_virtual);
	o->check_aliases = o->check_virtual = NULL;
	o->ncheck_aliases = o->ncheck_virtual = 0;
}

int
cli_jobs(const cli_opts *o, unsigned *jobs)
{
	long n, cpus;
	char *end;

	if (o->jobs == NULL) {
		/* read-only work: every CPU helps, but past 8 the lists' files,
		 * not the CPUs, are what waits */
		cpus = sysconf(_SC_NPROCESSORS_ONLN);
		*jobs = cpus < 1 ? 1u : cpus > 8 ? 8u : (unsigned)cpus;
		return 0;
	}
	errno = 0;
	n = strtol(o->jobs, &end, 10);
	if (errno != 0 || end == o->jobs || *end != '\0' || n < 1 || n > F48_PAR_MAX_WORKERS) {
		cli_usage_error(o, "--jobs takes a number from 1 to %d, not \"%s\"",
		    F48_PAR_MAX_WORKERS, o->jobs);
		return -1;
	}
	*jobs = (unsigned)n;
	return 0;
}

/*
 * main.c - fml4to8: option parsing and command dispatch.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"
#include "util/pathutil.h"
#include "util/xalloc.h"
#include "fml4/fml4_defaults.h"
#include "fml4/fml4_list.h"

#include "cli.h"

/* A command either takes the common options (run) or parses its own
 * (run_argv, given the arguments after its name). */
typedef struct command {
	const char *name;
	int (*run)(const cli_opts *o);
	int (*run_argv)(int argc, char **argv);
	const char *synopsis;
} command;

static const command commands[] = {
	{ .name = "show", .run = cmd_show,
	  .synopsis = "show [--all] [--members] DIR...   effective fml4 configuration, members, findings" },
	{ .name = "dry-run", .run = cmd_dryrun,
	  .synopsis = "dry-run [--domain D] [--owner U] DIR...   what a migration would write; writes nothing" },
	{ .name = "audit", .run = cmd_audit,
	  .synopsis = "audit [--fml4 DIR] [--fix] LIST_DIR...   what makefml mergeml lost, and the lines that restore it" },
	{ .name = "migrate", .run = cmd_migrate,
	  .synopsis = "migrate [--all] [--target DIR] [--owner U] LIST_DIR...   migrate in place (fml4 files to .fml4rc/)" },
	{ .name = "rollback", .run = cmd_rollback,
	  .synopsis = "rollback LIST_DIR...   back to the fml4 state, byte for byte" },
	{ .name = "verify", .run = cmd_verify,
	  .synopsis = "verify [--fix-owner USER] LIST_DIR...   compare a list tree with what fml8 needs" },
	{ .name = "virtual", .run_argv = cmd_virtual,
	  .synopsis = "virtual --realmx HOST DOMAIN_ML_DIR   Postfix virtual and aliases maps (see virtual --help)" },
};

static void
usage(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: fml4to8 COMMAND [options] ARGS\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(fp, "  %s\n", commands[i].synopsis);
	fprintf(fp, "\noptions for every command:\n"
	    "  --root DIR            absolute paths inside fml4 files are looked up under DIR\n"
	    "  --format text|xml     output format (default text)\n"
	    "  --fml4-defaults FILE  the fml4 install's default_config.ph, when the include\n"
	    "                        file does not lead to it\n"
	    "  --templates DIR       fml4to8's data tables (default: installed ones)\n"
	    "\noptions for dry-run (and migrate):\n"
	    "  --domain DOMAIN       the list's domain when MAIL_LIST/DOMAINNAME do not say\n"
	    "  --owner USER          owner of the fml8 list files (default fmladmin)\n"
	    "  --fml8-libexec DIR    fml8's executables (default /usr/local/libexec/fml)\n"
	    "  --fml8-defaults FILE  the host's fml8 default_config.cf (default: our table)\n"
	    "  --site-defaults FILE  the host's fml8 site_default_config.cf\n"
	    "\noptions for migrate, rollback and verify:\n"
	    "  --all                 migrate every list of a domain's ~ml directory\n"
	    "  --target DIR          migrate a copy made in DIR (must not exist); the list stays\n"
	    "  --ml-home-prefix-map FILE  fml8's domain map (default\n"
	    "                        /usr/local/etc/fml/ml_home_prefix)\n"
	    "  --fix-owner USER      verify: give the tree to USER, with fml8's modes\n"
	    "\noptions for audit:\n"
	    "  --fml4 DIR            the fml4 original (default LIST_DIR/.fml4rc)\n"
	    "  --fix                 write the restoring lines and repair the member lists\n"
	    "\nexit status: 0 clean, 1 findings need a person, 2 usage, 3 input error, 4 I/O error\n");
}

static bool
is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

char *
cli_templates_dir(const cli_opts *o)
{
	const char *env = getenv("FML4TO8_TEMPLATES");
	char *cands[5] = { NULL }, *found = NULL;
	size_t n = 0, i;

	if (o->templates)
		cands[n++] = f48_xstrdup(o->templates);
	else {
		char *exedir = f48_path_dirname(o->argv0);

		if (env && *env)
			cands[n++] = f48_xstrdup(env);
		cands[n++] = f48_xstrdup(F48_TEMPLATES_DIR);
		/* Run from the build tree (libtool puts the binary in src/.libs). */
		cands[n++] = f48_path_join(exedir, "../templates");
		cands[n++] = f48_path_join(exedir, "../../templates");
		free(exedir);
	}
	for (i = 0; i < n; i++) {
		char *probe = f48_path_join(cands[i], "fml4-defaults.tsv");
		struct stat st;

		if (found == NULL && stat(probe, &st) == 0)
			found = f48_xstrdup(cands[i]);
		free(probe);
		free(cands[i]);
	}
	if (found == NULL)
		fprintf(stderr, "fml4to8: no templates directory with fml4-defaults.tsv found%s\n",
		    o->templates ? " in --templates" : " (use --templates DIR)");
	return found;
}

int
cli_load_tables(const cli_opts *o, f48_fml4_tables **out)
{
	char *dir = cli_templates_dir(o);
	f48_error err;
	int rc;

	if (dir == NULL)
		return -1;
	f48_error_clear(&err);
	rc = f48_fml4_tables_load(dir, out, &err);
	if (rc < 0)
		fprintf(stderr, "fml4to8: cannot load the data tables: %s\n", err.msg);
	free(dir);
	return rc;
}

char **
cli_list_dirs(const cli_opts *o, size_t *n)
{
	char **v = NULL;
	size_t cnt = 0;
	int i;

	for (i = 0; i < o->nargs; i++) {
		char **names = NULL;
		size_t nn = 0, k;
		f48_error err;

		f48_error_clear(&err);
		if (!f48_fml4_is_list_dir(o->args[i]) &&
		    f48_fml4_domain_lists(o->args[i], &names, &nn, &err) == F48_OK && nn > 0) {
			v = f48_xrealloc(v, (cnt + nn) * sizeof(*v));
			for (k = 0; k < nn; k++) {
				v[cnt++] = f48_path_join(o->args[i], names[k]);
				free(names[k]);
			}
			free(names);
			continue;
		}
		for (k = 0; k < nn; k++)
			free(names[k]);
		free(names);
		v = f48_xrealloc(v, (cnt + 1) * sizeof(*v));
		v[cnt++] = f48_xstrdup(o->args[i]);
	}
	*n = cnt;
	return v;
}

int
cli_worst(int a, int b)
{
	return a > b ? a : b;
}

int
cli_exit_for(const f48_findings *fs)
{
	if (f48_findings_count(fs, F48_SEV_ERROR) > 0)
		return EXIT_INPUT;
	if (f48_findings_count(fs, F48_SEV_WARNING) > 0)
		return EXIT_FINDINGS;
	return EXIT_CLEAN;
}

int
cli_write(const char *data, size_t len)
{
	if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
		fprintf(stderr, "fml4to8: cannot write the output: %s\n", strerror(errno));
		return EXIT_IO;
	}
	return EXIT_CLEAN;
}

int
cli_xml_out(void *ctx, const char *buf, size_t len)
{
	(void)ctx;
	return fwrite(buf, 1, len, stdout) == len ? 0 : -1;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "templates", required_argument, NULL, 't' },
		{ "fml4-defaults", required_argument, NULL, 'D' },
		{ "format", required_argument, NULL, 'f' },
		{ "all", no_argument, NULL, 'a' },
		{ "domain", required_argument, NULL, 'd' },
		{ "owner", required_argument, NULL, 'o' },
		{ "fml8-libexec", required_argument, NULL, 'x' },
		{ "fml8-defaults", required_argument, NULL, 'F' },
		{ "site-defaults", required_argument, NULL, 'S' },
		{ "fml4", required_argument, NULL, '4' },
		{ "fix", no_argument, NULL, 'X' },
		{ "target", required_argument, NULL, 'T' },
		{ "fix-owner", required_argument, NULL, 'O' },
		{ "ml-home-prefix-map", required_argument, NULL, 'P' },
		{ "members", no_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cli_opts o;
	const command *cmd = NULL;
	size_t i;
	int c;

	memset(&o, 0, sizeof(o));
	o.argv0 = argv[0];
	o.format = "text";
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_CLEAN;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			cmd = &commands[i];
	if (cmd == NULL) {
		fprintf(stderr, "fml4to8: unknown command \"%s\"\n", argv[1]);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (cmd->run_argv)
		return cmd->run_argv(argc - 1, argv + 1);
	optind = 2;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			o.root = optarg;
			break;
		case 't':
			o.templates = optarg;
			break;
		case 'D':
			o.fml4_defaults = optarg;
			break;
		case 'f':
			o.format = optarg;
			break;
		case 'a':
			o.all = true;
			break;
		case 'd':
			o.domain = optarg;
			break;
		case 'o':
			o.owner = optarg;
			break;
		case 'x':
			o.libexec = optarg;
			break;
		case 'F':
			o.fml8_defaults = optarg;
			break;
		case 'S':
			o.site_defaults = optarg;
			break;
		case '4':
			o.fml4_dir = optarg;
			break;
		case 'X':
			o.fix = true;
			break;
		case 'm':
			o.members = true;
			break;
		case 'T':
			o.target = optarg;
			break;
		case 'O':
			o.fix_owner = optarg;
			break;
		case 'P':
			o.ml_home_prefix = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_CLEAN;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (strcmp(o.format, "text") != 0 && strcmp(o.format, "xml") != 0) {
		fprintf(stderr, "fml4to8: --format must be text or xml\n");
		return EXIT_USAGE;
	}
	if (o.root && !is_dir(o.root)) {
		fprintf(stderr, "fml4to8: --root %s: not a directory\n", o.root);
		return EXIT_USAGE;
	}
	o.args = argv + optind;
	o.nargs = argc - optind;
	return cmd->run(&o);
}

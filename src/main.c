/*
 * main.c - fml4to8: option parsing and command dispatch.
 */
#include <errno.h>
#include <limits.h>
#if defined(__FreeBSD__)
#include <sys/types.h>
#include <sys/sysctl.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"
#include "util/strbuf.h"
#include "util/pathutil.h"
#include "util/xalloc.h"
#include "fml4/fml4_defaults.h"
#include "fml4/fml4_list.h"
#include "api/tables.h"

#include "cli.h"

static void
usage(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: fml4to8 COMMAND [options] ARGS\n"
	    "       fml4to8 COMMAND --help      a command's options\n"
	    "       fml4to8 --version\n\ncommands, in the order an admin uses them:\n");
	for (i = 0; cli_commands[i]; i++)
		fprintf(fp, "  %-10s%s\n", cli_commands[i]->name, cli_commands[i]->summary);
	fprintf(fp, "\nexit status: 0 done, nothing needs a person; 1 done, with findings a "
	    "person must\nlook at; 2 usage error; 3 an input is missing, unreadable or cannot be "
	    "parsed;\n4 I/O error while writing; 75 another fml4to8 run holds the list's lock\n");
}

static bool
is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The directory of the running executable itself (symlinks resolved),
 * never derived from argv[0] or the cwd; NULL when the system cannot say. */
static char *
exe_dir(void)
{
	char *real = NULL, *dir;

#if defined(__FreeBSD__)
	{
		int mib[4] = { CTL_KERN, KERN_PROC, KERN_PROC_PATHNAME, -1 };
		char buf[PATH_MAX];
		size_t len = sizeof(buf);

		if (sysctl(mib, 4, buf, &len, NULL, 0) == 0)
			real = realpath(buf, NULL);
	}
#else
	real = realpath("/proc/self/exe", NULL);
#endif
	if (real == NULL)
		return NULL;
	dir = f48_path_dirname(real);
	free(real);
	return dir;
}

char *
cli_templates_dir(const cli_opts *o)
{
	const char *env = getenv("FML4TO8_TEMPLATES");
	char *cands[6] = { NULL }, *found = NULL;
	size_t n = 0, i;

	if (o->templates)
		cands[n++] = f48_xstrdup(o->templates);
	else {
		char *exedir = exe_dir();

		if (env && *env)
			cands[n++] = f48_xstrdup(env);
		cands[n++] = f48_xstrdup(F48_TEMPLATES_DIR);
		/* Beside the real executable: a build tree (libtool puts the
		 * binary in src/.libs, a static one in src/). */
		if (exedir) {
			cands[n++] = f48_path_join(exedir, "../templates");
			cands[n++] = f48_path_join(exedir, "../../templates");
			/* A program still in its build tree of a separate-directory
			 * build (make distcheck): the tables are in the source tree.
			 * An installed program is never under the build directory. */
			if (strncmp(exedir, F48_BUILD_DIR "/", strlen(F48_BUILD_DIR) + 1) == 0)
				cands[n++] = f48_xstrdup(F48_SOURCE_TEMPLATES_DIR);
			free(exedir);
		}
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

/* The fml4 tables alone (show, scan, virtual), through the same library
 * call as every other command: the rest of what it loaded is let go. */
int
cli_load_tables(const cli_opts *o, f48_fml4_tables **out)
{
	f48_tables_opts to = { .templates_dir = NULL };
	f48_tables *t = NULL;
	char *dir = cli_templates_dir(o);
	f48_error err;
	int rc;

	*out = NULL;
	if (dir == NULL)
		return -1;
	to.templates_dir = dir;
	f48_error_clear(&err);
	rc = f48_tables_load(&to, &t, &err);
	free(dir);
	if (rc < 0) {
		fprintf(stderr, "fml4to8: cannot load the data tables: %s\n", err.msg);
		return rc;
	}
	*out = t->fml4;
	t->fml4 = NULL;
	f48_tables_free(t);
	return F48_OK;
}

/* The list directories the operands name, through the library's one
 * walker (f48_list_dirs_of).  An operand that names no list is kept as it
 * is (reading it then says why), unless `worst` is given: then an existing
 * directory without lists is a usage of its own, reported here. */
static char **
operand_dirs(const cli_opts *o, unsigned kinds, size_t *n, int *worst)
{
	char **v = NULL;
	size_t cnt = 0;
	int i;

	for (i = 0; i < o->nargs; i++) {
		char **dirs = NULL;
		size_t nd = 0, k;
		f48_error err;

		f48_error_clear(&err);
		(void)f48_list_dirs_of(o->args[i], kinds, &dirs, &nd, &err);
		if (nd == 0 && worst && is_dir(o->args[i]) && err.msg[0] == '\0') {
			fprintf(stderr, "fml4to8 %s: %s: neither a list nor a domain's ~ml directory "
			    "with lists in it\n", o->command, o->args[i]);
			*worst = cli_worst(*worst, EXIT_INPUT);
			free(dirs);
			continue;
		}
		if (nd == 0) {
			free(dirs);
			dirs = f48_xmalloc(sizeof(*dirs));
			dirs[0] = f48_xstrdup(o->args[i]);
			nd = 1;
		}
		v = f48_xrealloc(v, (cnt + nd) * sizeof(*v));
		for (k = 0; k < nd; k++)
			v[cnt++] = dirs[k];
		free(dirs);
	}
	*n = cnt;
	return v;
}

char **
cli_list_dirs(const cli_opts *o, size_t *n)
{
	return operand_dirs(o, F48_LISTDIR_FML4, n, NULL);
}

char **
cli_domain_dirs(const cli_opts *o, size_t *n, int *worst)
{
	return operand_dirs(o, F48_LISTDIR_FML4 | F48_LISTDIR_FML8, n, worst);
}

void
cli_next(FILE *fp, const cli_opts *o, const char *what, bool to_domain, const char *why)
{
	char *prev = NULL;
	int i;

	if (strcmp(o->format, "text") != 0)
		return;
	fprintf(fp, "next: fml4to8 %s", what);
	if (o->root)
		fprintf(fp, " --root %s", o->root);
	for (i = 0; i < o->nargs; i++) {
		char *d = to_domain && f48_list_dir_is(o->args[i], F48_LISTDIR_FML4 | F48_LISTDIR_FML8) ?
		    f48_path_dirname(o->args[i]) : f48_path_clean(o->args[i]);

		if (prev == NULL || strcmp(prev, d) != 0)
			fprintf(fp, " %s", d);
		free(prev);
		prev = d;
	}
	free(prev);
	fprintf(fp, "%s%s\n", why ? "   " : "", why ? why : "");
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
cli_stdout_sink(void *ctx, const char *buf, size_t len)
{
	(void)ctx;
	return fwrite(buf, 1, len, stdout) == len ? 0 : -1;
}

f48_rformat
cli_format(const cli_opts *o)
{
	f48_rformat f = F48_RF_TEXT;

	(void)f48_rformat_parse(o->format, &f);
	return f;
}

void
cli_progress(size_t i, size_t n, const char *name)
{
	/* Only for a person watching a domain-wide run, never into a pipe or a log. */
	if (n < 2 || !isatty(STDERR_FILENO))
		return;
	if (name == NULL) {
		fprintf(stderr, "\r\033[K");
		return;
	}
	{
		const char *base = strrchr(name, '/');

		fprintf(stderr, "\r\033[K[%zu/%zu] %s", i + 1, n, base && base[1] ? base + 1 : name);
		fflush(stderr);
	}
}

int
cli_render_end(const cli_opts *o, f48_report *r, f48_xw *xw,
    const f48_report_text_opts *ro, const char *trailer)
{
	f48_error err;
	f48_sb out;
	int rc = EXIT_CLEAN;

	f48_error_clear(&err);
	f48_sb_init(&out);
	switch (cli_format(o)) {
	case F48_RF_TEXT:
		f48_report_text_summary(&out, r, ro);
		if (trailer)
			f48_sb_puts(&out, trailer);
		rc = cli_write(out.data, out.len);
		break;
	case F48_RF_XML:
		f48_report_xml_summary(xw, r);
		if (f48_xw_end(xw, NULL, &err) < 0) {
			fprintf(stderr, "fml4to8: %s\n", err.msg);
			rc = err.status == F48_EIO ? EXIT_IO : EXIT_INPUT;
		}
		break;
	case F48_RF_HTML:
		if (f48_report_html(r, &out, &err) < 0) {
			fprintf(stderr, "fml4to8: %s\n", err.msg);
			rc = EXIT_INPUT;
		} else
			rc = cli_write(out.data, out.len);
		break;
	}
	f48_sb_free(&out);
	return rc;
}

int
main(int argc, char **argv)
{
	const cli_command *cmd = NULL;
	cli_opts o;
	size_t i;
	int rc;

	if (argc < 2) {
		fprintf(stderr, "fml4to8: no command given\nTry 'fml4to8 --help'.\n");
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_CLEAN;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("fml4to8 %s\n", PACKAGE_VERSION);
		return EXIT_CLEAN;
	}
	for (i = 0; cli_commands[i] && cmd == NULL; i++)
		if (strcmp(argv[1], cli_commands[i]->name) == 0)
			cmd = cli_commands[i];
	if (cmd == NULL) {
		fprintf(stderr, "fml4to8: unknown %s '%s'\nTry 'fml4to8 --help'.\n",
		    argv[1][0] == '-' ? "option" : "command", argv[1]);
		return EXIT_USAGE;
	}
	rc = cli_parse(cmd, argc, argv, &o);
	if (rc >= 0)
		return rc;
	if (o.root && !is_dir(o.root)) {
		fprintf(stderr, "fml4to8 %s: --root %s: %s\n", cmd->name, o.root,
		    access(o.root, F_OK) == 0 ? "not a directory" : strerror(errno));
		cli_opts_free(&o);
		return EXIT_INPUT;
	}
	rc = cmd->run(&o);
	cli_opts_free(&o);
	return rc;
}

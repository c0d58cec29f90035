/*
 * cmd_show.c - "fml4to8 show DIR...": the read stage, printed.  DIR is a
 * list directory, or a domain's ~ml directory meaning every list in it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/findings.h"
#include "util/pathutil.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "fml4/fml4_list.h"
#include "report/report_show.h"

#include "cli.h"

int
cmd_show(const cli_opts *o)
{
	f48_fml4_tables *tables = NULL;
	f48_xw *xr = NULL;
	/* text members stream to stdout as they are read (report_show.h) */
	f48_show_opts so = { .all_settings = o->all, .members = o->members,
		.write = cli_stdout_sink };
	bool xml = strcmp(o->format, "xml") == 0, html = strcmp(o->format, "html") == 0;
	f48_report *rep = html ? f48_report_new("show", o->nargs == 1 ? o->args[0] : NULL, true) :
	    NULL;
	int worst = EXIT_CLEAN, rc;
	size_t i, ndirs = 0;
	char **dirs;
	f48_sb out;

	if (o->nargs < 1) {
		return cli_usage_error(o, "give at least one list directory");
	}
	if (cli_load_tables(o, &tables) < 0)
		return EXIT_INPUT;
	dirs = cli_list_dirs(o, &ndirs);
	f48_sb_init(&out);
	if (xml)
		xr = f48_xw_begin_stream("show", cli_stdout_sink, NULL);
	for (i = 0; i < ndirs; i++) {
		f48_fml4_list_opts lo = {
			.list_dir = dirs[i], .root = o->root,
			.default_config = o->fml4_defaults, .tables = tables,
			/* never loaded: text and XML stream the entries from the
			 * files, and the HTML page has no member table */
		};
		f48_fml4_list *l = NULL;
		f48_error err;
		int code;

		f48_error_clear(&err);
		cli_progress(i, ndirs, dirs[i]);
		if (f48_fml4_list_read(&lo, &l, &err) < 0) {
			fprintf(stderr, "fml4to8: %s\n", err.msg);
			worst = EXIT_INPUT;
			continue;
		}
		if (html) {
			f48_report_add_list(rep, f48_report_show_model(l));
		} else if (xml) {
			if (f48_xml_show_list(xr, l, &err) < 0) {
				fprintf(stderr, "fml4to8: %s\n", err.msg);
				worst = EXIT_INPUT;
			}
		} else {
			if (i > 0)
				f48_sb_puts(&out, "\n");
			if (f48_report_show_text(&out, l, &so, &err) < 0) {
				fprintf(stderr, "fml4to8: %s: %s\n", dirs[i], err.msg);
				worst = EXIT_IO;
			}
			rc = cli_write(out.data, out.len);
			f48_sb_reset(&out);
			if (rc != EXIT_CLEAN)
				worst = rc;
		}
		code = cli_exit_for(&l->findings);
		if (code > worst)
			worst = code;
		f48_fml4_list_free(l);
	}
	cli_progress(ndirs, ndirs, NULL);
	if (html) {
		f48_report_text_opts ro = { .verbose = false };

		worst = cli_worst(worst, cli_render_end(o, rep, NULL, &ro, NULL));
		f48_report_free(rep);
	}
	if (xml) {
		f48_error err;

		f48_error_clear(&err);
		if (f48_xw_end(xr, NULL, &err) < 0) {
			fprintf(stderr, "fml4to8: %s\n", err.msg);
			worst = err.status == F48_EIO ? EXIT_IO : EXIT_INPUT;
		} else if ((rc = cli_write(out.data, out.len)) != EXIT_CLEAN)
			worst = rc;
	}
	if (worst < EXIT_INPUT) {
		fflush(stdout);
		cli_next(stdout, o, "dry-run", false, "(what a migration would write; writes nothing)");
	}
	for (i = 0; i < ndirs; i++)
		free(dirs[i]);
	free(dirs);
	f48_sb_free(&out);
	f48_fml4_tables_free(tables);
	return worst;
}

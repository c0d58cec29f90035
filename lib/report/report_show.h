/*
 * report_show.h - rendering the read stage (an f48_fml4_list) for people
 * (text) and programs (XML).  The "report" stage of the pipeline.
 *
 * Both renderers append UTF-8 to a caller-owned f48_sb; the library never
 * prints.  Values are converted from their file's encoding (EUC-JP,
 * ISO-2022-JP) for display only; bytes that cannot be shown become \xNN.
 *
 * XML (schema: templates/report.xsd): root <fml4to8 command="show">, one
 * <list> per list with <source>, <setting name file line layer known>value,
 * <macro>, <hook>, <mode>, <member-file> holding one <member address mode
 * file line> per entry, and <finding code severity file line>message.
 * Member entries are streamed from the files again (memory bounded by the
 * line length, whatever the list size) unless the list was read with
 * load_members.
 *
 * Errors: F48_EIO when a member file cannot be re-read, F48_EINPUT when
 * libxml2 fails; the buffer then holds a partial document.
 */
#ifndef F48_REPORT_SHOW_H
#define F48_REPORT_SHOW_H

#include <stdbool.h>

#include "util/error.h"
#include "util/strbuf.h"
#include "fml4/fml4_list.h"
#include "report/report.h"
#include "report/xmlwriter.h"

typedef struct f48_show_opts {
	bool all_settings;   /* text: every setting, not only those set above the defaults */
	bool members;        /* text: list every member entry too */
	/* text, members: where the entries go when the list was read without
	 * load_members.  The entries are then read again from each file and
	 * out is handed to write (which returns -1 on failure) whenever it holds
	 * 64 KiB, so a list of any size is shown in bounded memory; NULL: only
	 * entries loaded into l are shown. */
	int (*write)(void *ctx, const char *data, size_t len);
	void *write_ctx;
} f48_show_opts;

/* Errors (F48_EIO): a member file that cannot be read again, or write
 * failing; what out holds then was not all written. */
int f48_report_show_text(f48_sb *out, const f48_fml4_list *l, const f48_show_opts *o,
    f48_error *err);

/* XML: one <list> element per call, into a document made with
 * f48_xw_begin("show") (xmlwriter.h). */
int f48_xml_show_list(f48_xw *w, const f48_fml4_list *l, f48_error *err);

/* The report model of the read stage (report.h): tag, the settings that
 * differ from fml4's defaults, the member lists with fml4's counts, fml4's
 * cron jobs, the findings.  For --format html.  The caller owns it. */
f48_rlist *f48_report_show_model(const f48_fml4_list *l);

/* Shared by every report: a finding as one text line (plus a fix line). */
void f48_report_finding_text(f48_sb *out, const f48_finding *f);

#endif

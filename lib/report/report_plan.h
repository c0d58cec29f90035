/*
 * report_plan.h - rendering a list's plan (the dry-run): the config.cf lines
 * it adds, the files it writes and moves, member and recipient counts before
 * and after, and every finding of reading, translating and planning; and a
 * summary over a domain.  Text for people, XML (templates/report.xsd) for
 * programs.  Appends UTF-8 to caller-owned buffers; never prints.
 */
#ifndef F48_REPORT_PLAN_H
#define F48_REPORT_PLAN_H

#include "util/error.h"
#include "util/findings.h"
#include "util/strbuf.h"
#include "fml4/fml4_list.h"
#include "plan/plan.h"
#include "report/xmlwriter.h"
#include "translate/translate.h"

/* Totals over the lists of a run, for the summary. */
typedef struct f48_plan_summary {
	size_t lists, lists_with_errors;
	size_t fml4_members, fml4_recipients, fml4_digest;
	size_t fml8_members, fml8_recipients, fml8_digest;
	size_t config_lines, files_written;
	f48_findings by_code;   /* one finding per code: its count in the message */
} f48_plan_summary;

void f48_plan_summary_init(f48_plan_summary *s);
void f48_plan_summary_add(f48_plan_summary *s, const f48_fml4_list *l,
    const f48_fml8_list *t, const f48_plan *p);
void f48_plan_summary_free(f48_plan_summary *s);

void f48_report_plan_text(f48_sb *out, const f48_fml4_list *l, const f48_fml8_list *t,
    const f48_plan *p);
void f48_report_summary_text(f48_sb *out, const f48_plan_summary *s);
int f48_xml_plan_list(f48_xw *w, const f48_fml4_list *l, const f48_fml8_list *t,
    const f48_plan *p, f48_error *err);
void f48_xml_summary(f48_xw *w, const f48_plan_summary *s);

#endif

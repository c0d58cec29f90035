/*
 * report_plan.h - a list's plan (the dry-run) as the report model
 * (report.h): the config.cf lines it adds, the crontab lines, the files it
 * writes and moves, member and recipient counts before and after, and every
 * finding of reading, translating and planning.  The model is rendered as
 * text, XML or HTML by report.h; the XML <list> of a dry-run also carries
 * the plan's own elements (templates/report.xsd).  Never prints.
 */
#ifndef F48_REPORT_PLAN_H
#define F48_REPORT_PLAN_H

#include <stdbool.h>

#include "util/error.h"
#include "util/findings.h"
#include "util/strbuf.h"
#include "fml4/fml4_list.h"
#include "plan/plan.h"
#include "report/report.h"
#include "report/xmlwriter.h"
#include "translate/translate.h"

/* One <list> of a dry-run: the plan's config lines, counts, files and moves,
 * then the model's sections and findings (rl, from f48_report_plan_model). */
int f48_xml_plan_list(f48_xw *w, const f48_fml4_list *l, const f48_fml8_list *t,
    const f48_plan *p, const f48_rlist *rl, f48_error *err);

/* The report model of one list's plan (report.h): address, tag, counts,
 * the config.cf lines in two groups (the admin's own fml4 settings; fml4
 * defaults kept where fml8's differ), the crontab lines, the file actions
 * (a detail section) and every finding of read, translate and plan.
 * The caller owns the result. */
f48_rlist *f48_report_plan_model(const f48_fml4_list *l, const f48_fml8_list *t,
    const f48_plan *p);

/* A config.cf line fml4to8 adds: true when a setting it keeps was the
 * admin's choice (config.ph, cf, site files, include options) or it is the
 * subject tag; false when it keeps an fml4 default where fml8's differs.
 * f48_report_cfline_note: its reason as shown, without "fml4 " and with the
 * list's own paths relative (newly allocated). */
bool f48_report_cfline_is_admins(const f48_fml4_config *c, const f48_cfline *cl);
char *f48_report_cfline_note(const f48_fml4_list *l, const char *why);

#endif

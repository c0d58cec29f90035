/*
 * report_audit.h - the audit stage's result (audit/audit.h) as the report
 * model (report.h), so that audit is rendered like every other command:
 * text grouped by code, worst first, infos with -v; XML; HTML.
 *
 * f48_report_audit_model: a new list (the caller owns it, or gives it to a
 * report) named after the fml8 list, with its production directory (root
 * removed, for the fixes and commands shown), its address, the config.cf
 * lines that restore fml4's behaviour in the two sections dry-run has
 * ("config-set": the admin's own fml4 settings and the subject tag;
 * "config-defaults": fml4 defaults kept where fml8's differ), each with its
 * reason, the section "member-repair" (the member lists
 * audit --fix rewrites) and every finding of the read, translate and audit
 * stages.  f48_report_audit_xml: the <list> of that audit in the XML
 * report: its attributes and status, a <config-line> per restoring line,
 * the other sections and every finding.  Input: the audit (trusted; its
 * strings are UTF-8).  Never prints.
 */
#ifndef F48_REPORT_AUDIT_H
#define F48_REPORT_AUDIT_H

#include <stddef.h>

#include "audit/audit.h"
#include "report/report.h"
#include "report/xmlwriter.h"

f48_rlist *f48_report_audit_model(const f48_audit *a, const char *root);
void f48_report_audit_xml(f48_xw *w, const f48_audit *a, const f48_rlist *l);
/* How many findings audit --fix repairs (owners and the virtual map have
 * their own commands). */
size_t f48_report_audit_fixable(const f48_audit *a);

#endif

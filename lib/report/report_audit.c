/*
 * report_audit.c - the audit as the report model: see report_audit.h.
 */
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "util/pathutil.h"
#include "util/xalloc.h"
#include "report/report_audit.h"
#include "report/report_plan.h"

size_t
f48_report_audit_fixable(const f48_audit *a)
{
	static const char *const codes[] = { F48_C_SUBJECT_TAG_DROPPED, F48_C_SETTING_DROPPED,
		F48_C_SETTING_CHANGED, F48_C_MEMBER_LOST, F48_C_MEMBER_OPTION_LOST,
		F48_C_MEMBER_OPTION_LEAKED, F48_C_MEMBER_EXTRA, F48_C_VERIFY_FML4_LEFT };
	size_t i, n = 0;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		n += f48_findings_count_code(&a->findings, codes[i]);
	return n;
}

f48_rlist *
f48_report_audit_model(const f48_audit *a, const char *root)
{
	const f48_findings *lists[3] = { &a->fml4->findings, &a->want->findings, &a->findings };
	char *prod = f48_path_in_production(root, a->list_dir);
	f48_rlist *r = f48_rlist_new(a->want->ml_name, a->list_dir, prod);
	f48_rsection *mine = f48_rlist_section(r, "config-set",
	    "config.cf lines that restore your fml4 settings (audit --fix writes them)");
	f48_rsection *defs = f48_rlist_section(r, "config-defaults",
	    "config.cf lines that keep fml4 defaults where fml8's differ (audit --fix writes them)");
	f48_rsection *files = f48_rlist_section(r, "member-repair",
	    "member lists audit --fix rewrites from fml4's (the old ones are kept)");
	size_t i, k;

	free(prod);
	if (a->want->ml_domain) {
		char *addr = f48_xasprintf("%s@%s", a->want->ml_name, a->want->ml_domain);

		f48_rlist_set_address(r, addr);
		free(addr);
	}
	for (i = 0; i < a->nrestore; i++) {
		const f48_cfline *cl = &a->restore[i];
		char *text = f48_cfline_text(cl);
		char *note = f48_report_cfline_note(a->fml4, cl->why ? cl->why : "");

		f48_rsection_add(f48_report_cfline_is_admins(a->fml4->config, cl) ? mine : defs, text,
		    note);
		free(text);
		free(note);
	}
	for (k = 0; k < F48_F8_NFILES; k++)
		if (a->files[k].differs)
			f48_rsection_add(files, a->files[k].name, NULL);
	for (k = 0; k < 3; k++)
		f48_rlist_add_findings(r, lists[k]);
	return r;
}

void
f48_report_audit_xml(f48_xw *w, const f48_audit *a, const f48_rlist *l)
{
	size_t i;

	f48_xw_start(w, "list");
	f48_xw_attr(w, "name", a->want->ml_name, F48_ENC_UTF8);
	f48_xw_attr(w, "dir", a->list_dir, F48_ENC_UTF8);
	f48_xw_attr(w, "fml4-dir", a->fml4->dir, F48_ENC_UTF8);
	if (a->want->ml_domain)
		f48_xw_attr(w, "domain", a->want->ml_domain, F48_ENC_UTF8);
	f48_xw_attr(w, "status", f48_rstatus_name(f48_rlist_status(l)), F48_ENC_ASCII);
	for (i = 0; i < a->nrestore; i++) {
		char *text = f48_cfline_text(&a->restore[i]);

		f48_xw_start(w, "config-line");
		f48_xw_attr(w, "why", a->restore[i].why, F48_ENC_UTF8);
		f48_xw_attr(w, "forced", "no", F48_ENC_ASCII);
		f48_xw_text(w, text, strlen(text), F48_ENC_UTF8);
		f48_xw_end_element(w);
		free(text);
	}
	/* the restoring lines are the <config-line>s above, not sections too */
	for (i = 0; i < l->nsections; i++)
		if (strcmp(l->sections[i]->id, "config-set") != 0 &&
		    strcmp(l->sections[i]->id, "config-defaults") != 0)
			f48_report_xml_section(w, l->sections[i]);
	for (i = 0; i < l->findings.n; i++)
		f48_xw_finding(w, &l->findings.items[i]);
	f48_xw_end_element(w);
}

/* test_scan.c - the scan stage (lib/scan) on small host trees written here:
 * lists found through main.cf's alias_maps, a list no alias reaches, an
 * alias whose list is gone, a symlinked list directory, the state of an
 * fml8 list with mergeml's backup, counts and seq, the order to migrate. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "codes.h"
#include "util/error.h"
#include "util/findings.h"
#include "fml4/fml4_defaults.h"
#include "scan/scan.h"

#include "testutil.h"

static f48_fml4_tables *tables;

static int
suite_init(void)
{
	f48_error err;

	f48_error_clear(&err);
	return f48_fml4_tables_load(t_templates_dir(), &tables, &err) < 0 ? -1 : 0;
}

static int
suite_clean(void)
{
	f48_fml4_tables_free(tables);
	return 0;
}

static void
put(const char *host, const char *rel, const char *text)
{
	char p[2048];

	snprintf(p, sizeof(p), "%s/%s", host, rel);
	t_write(p, text);
}

static void
fml4_list(const char *host, const char *ml, const char *members)
{
	char rel[512], text[512];

	snprintf(rel, sizeof(rel), "var/spool/ml/%s/config.ph", ml);
	snprintf(text, sizeof(text), "$MAIL_LIST = \"%s@example.org\";\n$DOMAINNAME = "
	    "\"example.org\";\n1;\n", ml);
	put(host, rel, text);
	snprintf(rel, sizeof(rel), "var/spool/ml/%s/include", ml);
	snprintf(text, sizeof(text), "\"|/usr/local/fml/fml.pl /var/spool/ml/%s \"\n", ml);
	put(host, rel, text);
	snprintf(rel, sizeof(rel), "var/spool/ml/%s/members", ml);
	put(host, rel, members);
	snprintf(rel, sizeof(rel), "var/spool/ml/%s/actives", ml);
	put(host, rel, members);
}

static const f48_scan_list *
find(const f48_scan *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->lists[i].name, name) == 0)
			return &s->lists[i];
	return NULL;
}

static void
test_scan_small_host(void)
{
	char root[1024], state[1100], link[1100], target[1100];
	f48_scan_opts so = { .tables = NULL };
	f48_scan *s = NULL;
	f48_error err;
	const f48_scan_list *l;
	size_t *idx = NULL, n;

	snprintf(root, sizeof(root), "%s/scanhost", t_tmpdir());
	snprintf(state, sizeof(state), "%s/scanstate", t_tmpdir());
	put("scanhost", "etc/postfix/main.cf", "alias_maps = hash:/etc/aliases\n"
	    "alias_database = $alias_maps\n");
	put("scanhost", "etc/aliases",
	    "big: :include:/var/spool/ml/big/include\n"
	    "small: :include:/var/spool/ml/small/include\n"
	    "gone: :include:/var/spool/ml/gone/include\n"
	    "linked: \"|/usr/local/fml/fml.pl /var/spool/ml/linked\"\n"
	    "linked2: :include:/var/spool/ml/linked/include\n");
	fml4_list("scanhost", "big", "a@example.org\nb@example.org\nc@example.org\n");
	put("scanhost", "var/spool/ml/big/seq", "42\n");
	fml4_list("scanhost", "small", "a@example.org\n");
	fml4_list("scanhost", "orphan", "a@example.org\nb@example.org\n");
	/* an fml8 list that makefml mergeml made: config.cf, .fml4rc, no plan */
	put("scanhost", "var/spool/ml/merged/config.cf", "ml_name = merged\n=cut\n");
	put("scanhost", "var/spool/ml/merged/.fml4rc/config.ph", "1;\n");
	/* a list directory that is a symlink: never entered */
	snprintf(link, sizeof(link), "%s/var/spool/ml/linked", root);
	snprintf(target, sizeof(target), "%s/var/spool/ml/small", root);
	CU_ASSERT_EQUAL_FATAL(symlink(target, link), 0);

	so.root = root;
	so.tables = tables;
	so.state_dir = state;
	f48_error_clear(&err);
	CU_ASSERT_EQUAL_FATAL(f48_scan_host(&so, &s, &err), F48_OK);
	CU_ASSERT_STRING_EQUAL(s->main_cf, "/etc/postfix/main.cf");

	l = find(s, "big");
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_STRING_EQUAL(l->domain, "example.org");
	CU_ASSERT_STRING_EQUAL(l->dir, "/var/spool/ml/big");     /* a production path */
	CU_ASSERT_EQUAL(l->state, F48_SCAN_FML4);
	CU_ASSERT_TRUE(l->counted);
	CU_ASSERT_EQUAL(l->members, 3);
	CU_ASSERT_EQUAL(l->recipients, 3);
	CU_ASSERT_EQUAL(l->seq, 42);
	CU_ASSERT_TRUE(l->by_fml4);
	CU_ASSERT_EQUAL(f48_findings_count_code(&l->findings, F48_C_SCAN_LIST_UNREACHED), 0);

	l = find(s, "orphan");
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_EQUAL(f48_findings_count_code(&l->findings, F48_C_SCAN_LIST_UNREACHED), 1);

	l = find(s, "merged");
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_EQUAL(l->state, F48_SCAN_FML8_MERGEML);

	CU_ASSERT_PTR_NULL(find(s, "gone"));
	CU_ASSERT_TRUE(f48_findings_count_code(&s->findings, F48_C_SCAN_ALIAS_TARGET_MISSING) +
	    (find(s, "small") ? f48_findings_count_code(&find(s, "small")->findings,
	    F48_C_SCAN_ALIAS_TARGET_MISSING) : 0) >= 1);
	CU_ASSERT_PTR_NULL(find(s, "linked"));
	{
		size_t i, nsym = f48_findings_count_code(&s->findings, F48_C_SCAN_SYMLINK);

		for (i = 0; i < s->n; i++)
			nsym += f48_findings_count_code(&s->lists[i].findings, F48_C_SCAN_SYMLINK);
		CU_ASSERT_TRUE(nsym >= 2);
	}
	/* the include behind the symlinked directory was not read: "small" is
	 * reached by its own alias only, not by linked2 */
	l = find(s, "small");
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	{
		size_t i;
		bool via_link = false;

		for (i = 0; i < l->naddresses; i++)
			via_link |= strcmp(l->addresses[i], "linked2") == 0;
		CU_ASSERT_FALSE(via_link);
	}

	/* order: the lists of the domain, nothing for a person first */
	n = f48_scan_order(s, "example.org", &idx);
	CU_ASSERT_TRUE(n >= 3);
	if (n >= 1)
		CU_ASSERT_EQUAL(f48_findings_count(&s->lists[idx[0]].findings, F48_SEV_WARNING), 0);
	free(idx);
	f48_scan_free(s);
}

void
register_scan_tests(void)
{
	CU_pSuite s = CU_add_suite("scan", suite_init, suite_clean);

	CU_add_test(s, "a small host: aliases, unreached, gone, symlink, mergeml, order",
	    test_scan_small_host);
}

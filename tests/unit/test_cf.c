/* test_cf.c - the fml4 cf reader (lib/fml4/fml4_cf.c). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "util/error.h"
#include "util/findings.h"

#include "codes.h"
#include "fml4/fml4_cf.h"
#include "testutil.h"

static size_t
count_sev(const f48_findings *fs, const char *code, f48_severity sev)
{
	size_t i, n = 0;

	for (i = 0; i < fs->n; i++)
		if (strcmp(fs->items[i].code, code) == 0 && fs->items[i].severity == sev)
			n++;
	return n;
}

static const char *
val(const f48_cf *cf, const char *key)
{
	const f48_cf_entry *e = f48_cf_get(cf, key);

	return e ? e->value : NULL;
}

static void
test_syntax(void)
{
	f48_findings fs;
	f48_error err;
	f48_cf *cf = NULL;
	const char *path = t_write("cf/syntax",
	    "# comment\n"
	    "\n"
	    "MAIL_LIST\t\t\telena@$DOMAINNAME\n"
	    "$MAINTAINER  elena-admin@example.com\n"
	    "BRACKET: Elena\n"
	    "REMOTE_ADMINISTRATION    \t\n"
	    "AUTO_HTML_GEN\n"
	    "XMLNAME\t\t \t\tX-ML-Name: elena  \n"
	    "   INDENTED value\n"
	    "SUBJECT_TAG_TYPE [:]\n"
	    "SUBJECT_TAG_TYPE (:)\n"
	    "   \t \n"
	    "LOCAL_CONFIG\n"
	    "$START_HOOK = q#1;#;\n"
	    "KEY not read\n");

	f48_findings_init(&fs);
	CU_ASSERT_EQUAL_FATAL(f48_cf_read(path, &cf, &fs, &err), F48_OK);
	CU_ASSERT_EQUAL(fs.n, 0);
	CU_ASSERT_STRING_EQUAL(cf->path, path);
	CU_ASSERT_EQUAL(cf->n, 9);
	CU_ASSERT_STRING_EQUAL(val(cf, "MAIL_LIST"), "elena@$DOMAINNAME");
	CU_ASSERT_EQUAL(f48_cf_get(cf, "MAIL_LIST")->line, 3);
	CU_ASSERT_STRING_EQUAL(val(cf, "MAINTAINER"), "elena-admin@example.com");
	CU_ASSERT_STRING_EQUAL(val(cf, "BRACKET"), "Elena");
	CU_ASSERT_STRING_EQUAL(val(cf, "REMOTE_ADMINISTRATION"), "");
	CU_ASSERT_STRING_EQUAL(val(cf, "AUTO_HTML_GEN"), "");
	CU_ASSERT_STRING_EQUAL(val(cf, "XMLNAME"), "X-ML-Name: elena  ");
	CU_ASSERT_STRING_EQUAL(val(cf, "INDENTED"), "value");
	/* Repeated: both kept in order, the last one wins. */
	CU_ASSERT_STRING_EQUAL(val(cf, "SUBJECT_TAG_TYPE"), "(:)");
	CU_ASSERT_EQUAL(f48_cf_get(cf, "SUBJECT_TAG_TYPE")->line, 11);
	CU_ASSERT_STRING_EQUAL(cf->entries[7].value, "[:]");
	CU_ASSERT_PTR_NULL(f48_cf_get(cf, "KEY"));
	CU_ASSERT_PTR_NULL(f48_cf_get(cf, "MISSING"));
	CU_ASSERT_PTR_NULL(f48_cf_get(NULL, "X"));
	CU_ASSERT(cf->has_local_config);
	CU_ASSERT_EQUAL(cf->local_config_line, 13);
	CU_ASSERT_STRING_EQUAL(cf->local_config, "$START_HOOK = q#1;#;\nKEY not read\n");
	CU_ASSERT_EQUAL(cf->local_config_len, strlen(cf->local_config));
	CU_ASSERT(!cf->had_crlf);
	f48_cf_free(cf);
	f48_findings_free(&fs);
}

static void
test_invalid_lines(void)
{
	f48_findings fs;
	f48_error err;
	f48_cf *cf = NULL;
	size_t i;
	const char *path = t_write("cf/invalid",
	    "GOOD 1\n"
	    "KEY=value\n"
	    "  # indented comment\n"
	    "OTHER = 2\n"
	    "BAD-KEY x\n"
	    "  $DOLLAR_INDENTED x\n"
	    "LAST");

	f48_findings_init(&fs);
	CU_ASSERT_EQUAL_FATAL(f48_cf_read(path, &cf, &fs, &err), F48_OK);
	CU_ASSERT_EQUAL(cf->n, 2);
	CU_ASSERT_STRING_EQUAL(val(cf, "GOOD"), "1");
	CU_ASSERT_STRING_EQUAL(val(cf, "OTHER"), "= 2");      /* as cf/config reads it */
	CU_ASSERT_PTR_NULL(f48_cf_get(cf, "LAST"));
	CU_ASSERT_EQUAL(count_sev(&fs, F48_C_CF_LINE_INVALID, F48_SEV_WARNING), 5);
	CU_ASSERT_EQUAL(count_sev(&fs, F48_C_CF_LINE_INVALID, F48_SEV_INFO), 1);
	CU_ASSERT_EQUAL(fs.n, 6);
	CU_ASSERT_EQUAL(fs.items[0].line, 2);
	CU_ASSERT_EQUAL(fs.items[1].line, 3);
	CU_ASSERT_EQUAL(fs.items[5].line, 7);
	for (i = 0; i < fs.n; i++)
		CU_ASSERT_STRING_EQUAL(fs.items[i].file, path);
	CU_ASSERT(!cf->has_local_config);
	CU_ASSERT_PTR_NULL(cf->local_config);
	f48_cf_free(cf);
	f48_findings_free(&fs);
}

static void
test_crlf_nul_errors(void)
{
	static const char data[] = "A 1\r\nB two words \r\nC\r\nN x\0y\nLOCAL_CONFIG\r\n$x = 1;\r\n";
	f48_findings fs;
	f48_error err;
	f48_cf *cf = (f48_cf *)1;
	char link[4096];
	const char *path = t_write_file("cf/crlf", data, sizeof(data) - 1);

	f48_findings_init(&fs);
	CU_ASSERT_EQUAL_FATAL(f48_cf_read(path, &cf, &fs, &err), F48_OK);
	CU_ASSERT(cf->had_crlf);
	CU_ASSERT_STRING_EQUAL(val(cf, "A"), "1");
	CU_ASSERT_STRING_EQUAL(val(cf, "B"), "two words ");
	CU_ASSERT_STRING_EQUAL(val(cf, "C"), "");
	CU_ASSERT_PTR_NULL(f48_cf_get(cf, "N"));
	CU_ASSERT_EQUAL(f48_findings_count_code(&fs, F48_C_CRLF_LINE_ENDS), 1);
	CU_ASSERT_EQUAL(count_sev(&fs, F48_C_CF_LINE_INVALID, F48_SEV_WARNING), 1);
	CU_ASSERT_EQUAL(cf->local_config_line, 5);
	CU_ASSERT_EQUAL(cf->local_config_len, 9);
	CU_ASSERT(memcmp(cf->local_config, "$x = 1;\r\n", 9) == 0);
	f48_cf_free(cf);
	f48_findings_free(&fs);

	CU_ASSERT_EQUAL(f48_cf_read("/nonexistent/cf", &cf, NULL, &err), F48_EINPUT);
	CU_ASSERT_PTR_NULL(cf);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "/nonexistent/cf"));
	snprintf(link, sizeof(link), "%s/cf/link", t_tmpdir());
	CU_ASSERT_EQUAL(symlink(path, link), 0);
	CU_ASSERT_EQUAL(f48_cf_read(link, &cf, NULL, &err), F48_EUNSAFE);

	/* LOCAL_CONFIG as the last line, without anything after it. */
	path = t_write("cf/lc-last", "A 1\nLOCAL_CONFIG");
	CU_ASSERT_EQUAL_FATAL(f48_cf_read(path, &cf, NULL, &err), F48_OK);
	CU_ASSERT(cf->has_local_config);
	CU_ASSERT_EQUAL(cf->local_config_len, 0);
	CU_ASSERT_STRING_EQUAL(cf->local_config, "");
	f48_cf_free(cf);
}

/* ---------------- fixtures ---------------- */

static f48_cf *
read_fx(const char *ml, f48_findings *fs)
{
	char path[4096];
	f48_error err;
	f48_cf *cf = NULL;

	snprintf(path, sizeof(path), "%s/cf", t_fixture_ml(ml));
	CU_ASSERT_EQUAL(f48_cf_read(path, &cf, fs, &err), F48_OK);
	return cf;
}

static void
test_fixture_every_cf(void)
{
	static const char *const mls[] = { "test-ml", "info", "staff", "news", "support", "dev",
		"users", "announce", NULL };
	f48_findings fs;
	f48_cf *cf;
	size_t i;

	T_NEED_SHARED();
	f48_findings_init(&fs);
	for (i = 0; mls[i]; i++) {
		cf = read_fx(mls[i], &fs);
		CU_ASSERT_FATAL(cf != NULL);
		CU_ASSERT_STRING_EQUAL(val(cf, "CFVersion"), "6.1");
		CU_ASSERT_STRING_EQUAL(val(cf, "DOMAINNAME"), "example.com");
		CU_ASSERT_STRING_EQUAL(val(cf, "FQDN"), "example.com");
		CU_ASSERT_STRING_EQUAL(val(cf, "STRUCT_SOCKADDR"), "S n a4 x8");
		CU_ASSERT_PTR_NOT_NULL(val(cf, "REJECT_ADDR"));
		CU_ASSERT(cf->has_local_config);
		CU_ASSERT(cf->local_config != NULL &&
		    strstr(cf->local_config, "#__MAKEFML_LOCAL_CONFIG__") != NULL);
		CU_ASSERT(!cf->had_crlf);
		f48_cf_free(cf);
	}
	CU_ASSERT_EQUAL(fs.n, 0);
	f48_findings_free(&fs);
}

static void
test_fixture_values(void)
{
	f48_cf *cf;

	T_NEED_SHARED();
	cf = read_fx("test-ml", NULL);
	CU_ASSERT_FATAL(cf != NULL);
	CU_ASSERT_STRING_EQUAL(val(cf, "SUBJECT_TAG_TYPE"), "[:]");
	CU_ASSERT_STRING_EQUAL(val(cf, "MAIL_LIST"), "test-ml@$DOMAINNAME");
	CU_ASSERT_STRING_EQUAL(val(cf, "REMOTE_ADMINISTRATION"), "");
	CU_ASSERT_STRING_EQUAL(val(cf, "REMOTE_ADMINISTRATION_AUTH_TYPE"), "crypt");
	CU_ASSERT_STRING_EQUAL(val(cf, "XMLNAME"), "X-ML-Name: test-ml");
	CU_ASSERT_STRING_EQUAL(val(cf, "ML_FN"), "(test-ml ML)");
	CU_ASSERT_PTR_NOT_NULL(strstr(val(cf, "REJECT_ADDR"), "|\\S+\\-help|"));
	CU_ASSERT_STRING_EQUAL(val(cf, "PERMIT_POST_FROM"), "members_only");
	CU_ASSERT_EQUAL(f48_cf_get(cf, "SUBJECT_TAG_TYPE")->line, 64);
	f48_cf_free(cf);

	cf = read_fx("staff", NULL);
	CU_ASSERT_FATAL(cf != NULL);
	CU_ASSERT_STRING_EQUAL(val(cf, "SUBJECT_TAG_TYPE"), "[ ]");
	CU_ASSERT_STRING_EQUAL(val(cf, "PERMIT_POST_FROM"), "moderator");
	CU_ASSERT_STRING_EQUAL(val(cf, "REMOTE_ADMINISTRATION"), "1");
	CU_ASSERT_PTR_NOT_NULL(strstr(val(cf, "REJECT_ADDR"), "|\\S+\\-bounces|daemon"));
	CU_ASSERT_PTR_NOT_NULL(strstr(cf->local_config, "$MODERATOR_NOTIFICATION_TYPE = 2;"));
	CU_ASSERT_PTR_NULL(f48_cf_get(cf, "MODERATOR_NOTIFICATION_TYPE"));
	f48_cf_free(cf);

	cf = read_fx("news", NULL);
	CU_ASSERT_FATAL(cf != NULL);
	CU_ASSERT_STRING_EQUAL(val(cf, "HOST"), "127.0.0.1");
	CU_ASSERT_STRING_EQUAL(val(cf, "PORT"), "10025");
	CU_ASSERT_STRING_EQUAL(val(cf, "MAX_MEMBER_LIMIT"), "300");
	CU_ASSERT_STRING_EQUAL(val(cf, "BRACKET"), "NEWS");
	CU_ASSERT_STRING_EQUAL(val(cf, "SUBJECT_TAG_TYPE"), "(:)");
	CU_ASSERT_STRING_EQUAL(val(cf, "REJECT_POST_HANDLER"), "auto_subscribe");
	CU_ASSERT_STRING_EQUAL(val(cf, "AUTO_REGISTRATION_TYPE"), "no-keyword");
	f48_cf_free(cf);

	cf = read_fx("info", NULL);
	CU_ASSERT_FATAL(cf != NULL);
	CU_ASSERT_STRING_EQUAL(val(cf, "MAINTAINER"), "webmaster@example.com");
	CU_ASSERT_STRING_EQUAL(val(cf, "MAIL_LIST"), "info@example.com");
	CU_ASSERT_STRING_EQUAL(val(cf, "INCOMING_MAIL_SIZE_LIMIT"), "1M");
	CU_ASSERT_STRING_EQUAL(val(cf, "SUBJECT_TAG_TYPE"), "(ID)");
	CU_ASSERT_STRING_EQUAL(val(cf, "PERMIT_POST_FROM"), "anyone");
	f48_cf_free(cf);

	cf = read_fx("support", NULL);
	CU_ASSERT_FATAL(cf != NULL);
	CU_ASSERT_STRING_EQUAL(val(cf, "SUBJECT_FORM_LONG_ID"), "3");
	CU_ASSERT_STRING_EQUAL(val(cf, "REJECT_POST_HANDLER"), "ignore");
	f48_cf_free(cf);

	cf = read_fx("dev", NULL);
	CU_ASSERT_FATAL(cf != NULL);
	CU_ASSERT_STRING_EQUAL(val(cf, "SUBJECT_TAG_TYPE"), "");
	CU_ASSERT_STRING_EQUAL(val(cf, "TZone"), "+0000");
	CU_ASSERT_STRING_EQUAL(val(cf, "XMLNAME"), "X-ML-Name: dev");
	CU_ASSERT_STRING_EQUAL(val(cf, "LOGFILE_NEWSYSLOG_LIMIT"), "100K");
	CU_ASSERT_PTR_NOT_NULL(strstr(cf->local_config, "&DEFINE_SUBJECT_TAG('[,]');"));
	CU_ASSERT_PTR_NOT_NULL(strstr(cf->local_config, "\nEOF_HOOK\n"));
	f48_cf_free(cf);

	cf = read_fx("users", NULL);
	CU_ASSERT_FATAL(cf != NULL);
	CU_ASSERT_STRING_EQUAL(val(cf, "SUBJECT_TAG_TYPE"), "");
	CU_ASSERT_STRING_EQUAL(val(cf, "PERMIT_COMMAND_FROM"), "anyone");
	f48_cf_free(cf);

	cf = read_fx("announce", NULL);
	CU_ASSERT_FATAL(cf != NULL);
	CU_ASSERT_STRING_EQUAL(val(cf, "MAIL_LIST"), "announce@$FQDN");
	CU_ASSERT_STRING_EQUAL(val(cf, "MAINTAINER"), "announce-admin@$FQDN");
	CU_ASSERT_STRING_EQUAL(val(cf, "MAX_MEMBER_LIMIT"), "6000");
	f48_cf_free(cf);
}

void
register_cf_tests(void)
{
	CU_pSuite s = CU_add_suite("fml4_cf", NULL, NULL);

	CU_add_test(s, "KEY VALUE syntax, LOCAL_CONFIG", test_syntax);
	CU_add_test(s, "invalid lines are findings", test_invalid_lines);
	CU_add_test(s, "CRLF, NUL, errors", test_crlf_nul_errors);
	CU_add_test(s, "fixture: every cf reads clean", test_fixture_every_cf);
	CU_add_test(s, "fixture: values", test_fixture_values);
}

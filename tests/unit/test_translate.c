/* test_translate.c - the translate and plan stages: fml8 list files against
 * what fml4 really delivered (the smtp-sink recipient lists of the fixtures),
 * config.cf lines against the fixtures README's "correct fml8", and the member
 * forms on lists written here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "codes.h"
#include "fml4/fml4_defaults.h"
#include "fml4/fml4_list.h"
#include "fml8/fml8_config.h"
#include "plan/plan.h"
#include "translate/rules.h"
#include "translate/translate.h"
#include "util/fileio.h"
#include "util/pathutil.h"

#include "testutil.h"

static f48_fml4_tables *tables;
static f48_rules *rules;
static f48_cf8 *defaults8, *template8;

static f48_cf8 *
read_cf8(const char *name)
{
	char *p = f48_path_join(t_templates_dir(), name);
	f48_cf8 *cf = NULL;
	f48_error err;

	f48_error_clear(&err);
	if (f48_cf8_read(p, &cf, NULL, &err) < 0)
		fprintf(stderr, "%s\n", err.msg);
	free(p);
	return cf;
}

static int
suite_init(void)
{
	f48_error err;

	f48_error_clear(&err);
	if (f48_fml4_tables_load(t_templates_dir(), &tables, &err) < 0 ||
	    f48_rules_load(t_templates_dir(), &rules, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	defaults8 = read_cf8("fml8-defaults.cf");
	template8 = read_cf8("fml8-config.cf.in");
	return defaults8 && template8 ? 0 : 1;
}

static int
suite_clean(void)
{
	f48_fml4_tables_free(tables);
	f48_rules_free(rules);
	f48_cf8_free(defaults8);
	f48_cf8_free(template8);
	return 0;
}

typedef struct pair {
	f48_fml4_list *l;
	f48_fml8_list *t;
} pair;

static pair
translate_dir(const char *dir, const char *root, const char *domain)
{
	f48_fml4_list_opts lo = { .list_dir = dir, .root = root, .tables = tables,
		.load_members = true };
	f48_translate_opts to = { .rules = rules, .fml8_defaults = defaults8,
		.list_template = template8, .domain = domain };
	pair p = { NULL, NULL };
	f48_error err;

	f48_error_clear(&err);
	if (f48_fml4_list_read(&lo, &p.l, &err) < 0 || f48_translate(p.l, &to, &p.t, &err) < 0)
		fprintf(stderr, "%s: %s\n", dir, err.msg);
	return p;
}

static void
pair_free(pair p)
{
	f48_fml8_list_free(p.t);
	f48_fml4_list_free(p.l);
}

static bool
has_line(const f48_fml8_list *t, const char *text)
{
	size_t i;
	bool found = false;

	for (i = 0; i < t->nlines && !found; i++) {
		char *x = f48_cfline_text(&t->lines[i]);

		found = strcmp(x, text) == 0;
		free(x);
	}
	return found;
}

static bool
has_line_prefix(const f48_fml8_list *t, const char *prefix)
{
	size_t i;
	bool found = false;

	for (i = 0; i < t->nlines && !found; i++) {
		char *x = f48_cfline_text(&t->lines[i]);

		found = strncmp(x, prefix, strlen(prefix)) == 0;
		free(x);
	}
	return found;
}

static size_t
count_code(const f48_fml8_list *t, const char *code)
{
	return f48_findings_count_code(&t->findings, code);
}

static bool
file_has(const f48_fml8_file *f, const char *line)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->lines[i], line) == 0)
			return true;
	return false;
}

/* The fml8 file holds exactly the lines of an smtp-sink .rcpt file. */
static void
check_same_as_rcpt(const f48_fml8_file *f, const char *rcpt_name)
{
	char path[1200], *buf, *p, *nl;
	size_t len, n = 0;
	f48_error err;

	snprintf(path, sizeof(path), "%s/smtp-sink/%s", t_fixture_root(), rcpt_name);
	f48_error_clear(&err);
	CU_ASSERT_EQUAL_FATAL(f48_file_read(path, 1 << 22, &buf, &len, &err), F48_OK);
	for (p = buf; p < buf + len; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = buf + len;
		*nl = '\0';
		if (*p == '\0')
			continue;
		n++;
		if (!file_has(f, p)) {
			printf("\n  %s: fml4 delivered to %s, missing from fml8 %s\n", rcpt_name, p,
			    f->name);
			CU_FAIL("an address fml4 delivered to is not a recipient");
		}
	}
	CU_ASSERT_EQUAL(f->n, n);
	free(buf);
}

static void
test_test_ml(void)
{
	pair p;
	const f48_fml8_file *digest;

	T_NEED_SHARED();
	p = translate_dir(t_fixture_ml("test-ml"), t_fixture_root(), NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
	CU_ASSERT_STRING_EQUAL(p.t->ml_domain, "example.com");
	/* the blog's fix, and the size limit site_force.ph gave (README) */
	CU_ASSERT_TRUE(has_line(p.t, "article_header_rewrite_rules += rewrite_article_subject_tag"));
	CU_ASSERT_TRUE(has_line(p.t, "article_subject_tag = [$ml_name:%05d]"));
	CU_ASSERT_TRUE(has_line(p.t, "article_post_restrictions = reject_system_special_accounts "
	    "permit_member_maps reject"));
	CU_ASSERT_TRUE(has_line(p.t, "incoming_article_body_size_limit = 2097152"));
	CU_ASSERT_TRUE(has_line(p.t, "incoming_command_mail_body_size_limit = 2097152"));
	/* addresses that equal fml8's template are not written again */
	CU_ASSERT_FALSE(has_line_prefix(p.t, "maintainer ="));
	CU_ASSERT_FALSE(has_line_prefix(p.t, "article_post_address ="));
	/* D2: recipients are what fml4 delivered article 5 to, no options */
	check_same_as_rcpt(&p.t->files[F48_F8_RECIPIENTS], "12-test-ml-00005.rcpt");
	digest = &p.t->files[F48_F8_RECIPIENTS_DIGEST];
	CU_ASSERT_EQUAL(digest->n, 2);
	CU_ASSERT_TRUE(file_has(digest, "sato@example.jp"));
	CU_ASSERT_TRUE(file_has(digest, "nakamura@example.jp"));
	CU_ASSERT_EQUAL(p.t->files[F48_F8_MEMBERS].n, 9);
	CU_ASSERT_TRUE(file_has(&p.t->files[F48_F8_MEMBERS], "ito@example.jp"));      /* off */
	CU_ASSERT_TRUE(file_has(&p.t->files[F48_F8_MEMBERS], "yamamoto@example.jp")); /* skip */
	CU_ASSERT_FALSE(file_has(&p.t->files[F48_F8_MEMBERS], "kobayashi@example.jp")); /* bye */
	CU_ASSERT_FALSE(file_has(&p.t->files[F48_F8_RECIPIENTS], "yamamoto@example.jp"));
	CU_ASSERT_EQUAL(count_code(p.t, F48_C_MEMBER_OPTION_DIGEST), 2);
	CU_ASSERT_EQUAL(count_code(p.t, F48_C_MEMBER_OPTION_SKIP), 1);
	CU_ASSERT_EQUAL(p.t->counts.fml4_recipients, 4);
	CU_ASSERT_EQUAL(p.t->counts.fml8_recipients, 4);
	pair_free(p);
}

static void
test_announce_news_staff(void)
{
	pair p;
	size_t i;

	T_NEED_SHARED();
	p = translate_dir(t_fixture_ml("announce"), t_fixture_root(), NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
	check_same_as_rcpt(&p.t->files[F48_F8_RECIPIENTS], "26-announce-00001.rcpt");
	CU_ASSERT_EQUAL(p.t->files[F48_F8_MEMBERS].n, 4999);
	CU_ASSERT_EQUAL(p.t->files[F48_F8_RECIPIENTS_DIGEST].n, 2);
	CU_ASSERT_TRUE(has_line(p.t, "use_recipient_total_limit = yes"));
	CU_ASSERT_TRUE(has_line(p.t, "recipient_total_limit = 6000"));
	/* no tag in fml4: none in fml8, whatever fml8's default says */
	CU_ASSERT_TRUE(has_line(p.t, "article_header_rewrite_rules -= rewrite_article_subject_tag"));
	CU_ASSERT_FALSE(has_line_prefix(p.t, "article_subject_tag"));
	/* $FQDN was resolved from the list's own config.ph */
	CU_ASSERT_STRING_EQUAL(p.t->ml_domain, "example.com");
	pair_free(p);

	p = translate_dir(t_fixture_ml("news"), t_fixture_root(), NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
	check_same_as_rcpt(&p.t->files[F48_F8_RECIPIENTS], "32-news-00002.rcpt");
	CU_ASSERT_TRUE(has_line(p.t, "article_subject_tag = (NEWS:%05d)"));     /* D7 */
	CU_ASSERT_TRUE(has_line(p.t, "smtp_servers = 127.0.0.1:10025"));         /* D5 */
	CU_ASSERT_TRUE(has_line(p.t, "recipient_total_limit = 300"));
	CU_ASSERT_TRUE(count_code(p.t, F48_C_POLICY_NOT_SUPPORTED) >= 1);       /* D28 */
	pair_free(p);

	p = translate_dir(t_fixture_ml("staff"), t_fixture_root(), NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
	CU_ASSERT_TRUE(has_line(p.t, "article_subject_tag = [$ml_name %05d]"));
	CU_ASSERT_TRUE(has_line(p.t, "article_post_restrictions = reject_system_special_accounts "
	    "permit_forward_to_moderator reject"));
	CU_ASSERT_TRUE(has_line(p.t, "use_admin_command_mail_function = yes"));
	CU_ASSERT_TRUE(has_line(p.t, "system_special_accounts = root postmaster MAILER-DAEMON msgs "
	    "nobody news majordomo listserv listproc \\S+\\-help \\S+\\-subscribe "
	    "\\S+\\-unsubscribe \\S+\\-bounces daemon"));
	CU_ASSERT_EQUAL(count_code(p.t, F48_C_VALUE_ESCAPE_LOST), 1);
	for (i = F48_F8_MEMBERS_ADMIN; i <= F48_F8_RECIPIENTS_MODERATOR; i++) {
		CU_ASSERT_EQUAL(p.t->files[i].n, 2);
		CU_ASSERT_TRUE(file_has(&p.t->files[i], "boss@example.com"));
		CU_ASSERT_TRUE(file_has(&p.t->files[i], "kanri@example.com"));
	}
	/* D4: etc/passwd becomes passwd-admin; the 24-character hash is reported */
	CU_ASSERT_EQUAL(p.t->files[F48_F8_PASSWD_ADMIN].n, 2);
	CU_ASSERT_TRUE(file_has(&p.t->files[F48_F8_PASSWD_ADMIN], "boss@example.com\t44wBkYw6tXo9E"));
	CU_ASSERT_EQUAL(count_code(p.t, F48_C_PASSWD_HASH_UNVERIFIABLE), 1);
	CU_ASSERT_EQUAL(p.t->files[F48_F8_RECIPIENTS].n, 4);
	CU_ASSERT_TRUE(file_has(&p.t->files[F48_F8_RECIPIENTS_DIGEST], "suzuki@example.jp"));
	CU_ASSERT_FALSE(file_has(&p.t->files[F48_F8_RECIPIENTS], "suzuki@example.jp"));
	pair_free(p);
}

static void
test_support_dev_users_info(void)
{
	pair p;

	T_NEED_SHARED();
	p = translate_dir(t_fixture_ml("support"), t_fixture_root(), NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
	CU_ASSERT_TRUE(has_line(p.t, "article_subject_tag = [$ml_name:%03d]"));
	CU_ASSERT_TRUE(has_line(p.t, "article_post_restrictions = reject_system_special_accounts "
	    "permit_member_maps ignore"));
	CU_ASSERT_TRUE(has_line(p.t, "command_mail_restrictions = reject_system_special_accounts "
	    "permit_anyone reject"));
	CU_ASSERT_TRUE(has_line(p.t, "outgoing_mail_header_x_ml_name = Support Desk"));
	CU_ASSERT_TRUE(has_line(p.t, "unsafe_header_fields = Return-Receipt-To "
	    "Disposition-Notification-To X-Confirm-Reading-To X-UIDL"));
	CU_ASSERT_TRUE(has_line(p.t, "use_log_rotate = yes"));
	CU_ASSERT_TRUE(has_line(p.t, "log_rotate_size_limit = 512000"));
	/* " JST" is +0900, fml8's default: nothing to write (D9 handled) */
	CU_ASSERT_FALSE(has_line_prefix(p.t, "system_timezone"));
	CU_ASSERT_EQUAL(count_code(p.t, F48_C_MACRO_KEPT_BY_DEFAULT), 1);     /* reply-to */
	CU_ASSERT_TRUE(count_code(p.t, F48_C_MACRO_NOT_SUPPORTED) >= 5);     /* x-support-desk, 4 handlers */
	pair_free(p);

	p = translate_dir(t_fixture_ml("dev"), t_fixture_root(), NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
	CU_ASSERT_TRUE(has_line(p.t, "article_subject_tag = [$ml_name,%05d]"));  /* D15/D16 */
	CU_ASSERT_TRUE(has_line(p.t, "system_timezone = +0000"));
	CU_ASSERT_TRUE(has_line(p.t, "log_rotate_size_limit = 102400"));
	CU_ASSERT_EQUAL(count_code(p.t, F48_C_HOOK_NEEDS_PORTING), 4);          /* 3 + site_init */
	CU_ASSERT_EQUAL(count_code(p.t, F48_C_MACRO_NOT_SUPPORTED), 2);         /* ADD_FIELD x2 */
	pair_free(p);

	p = translate_dir(t_fixture_ml("users"), t_fixture_root(), NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
	CU_ASSERT_TRUE(has_line(p.t, "article_subject_tag = [$ml_name:%05d]"));  /* D6, D19 */
	CU_ASSERT_TRUE(has_line(p.t, "command_mail_restrictions = reject_system_special_accounts "
	    "permit_anyone reject"));
	pair_free(p);

	p = translate_dir(t_fixture_ml("info"), t_fixture_root(), NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
	CU_ASSERT_TRUE(has_line(p.t, "article_subject_tag = (%05d)"));
	CU_ASSERT_TRUE(has_line(p.t, "article_post_restrictions = reject_system_special_accounts "
	    "permit_anyone reject"));
	CU_ASSERT_TRUE(has_line(p.t, "maintainer = webmaster@example.com"));
	CU_ASSERT_TRUE(has_line(p.t, "incoming_article_body_size_limit = 1048576"));
	pair_free(p);
}

/* A list written here: every member form, duplicates, auto_regist (D3). */
static const char *
make_list(const char *name, const char *config_ph, const char *members, const char *actives)
{
	static char dir[1024];
	char p[1200];

	snprintf(p, sizeof(p), "%s/ml/%s/config.ph", name, name);
	t_write(p, config_ph);
	snprintf(p, sizeof(p), "%s/ml/%s/include", name, name);
	t_write(p, "\"|/usr/local/fml/fml.pl /srv/ml/x \"\n");
	snprintf(p, sizeof(p), "%s/ml/%s/members", name, name);
	t_write(p, members);
	snprintf(p, sizeof(p), "%s/ml/%s/actives", name, name);
	t_write(p, actives);
	snprintf(dir, sizeof(dir), "%s/%s/ml/%s", t_tmpdir(), name, name);
	return dir;
}

static void
test_member_forms(void)
{
	const char *dir = make_list("forms",
	    "$MAIL_LIST = 'forms\\@example.org';\n1;\n",
	    "a@example.org\n# b@example.org\nA@EXAMPLE.ORG\n##BYE c@example.org\n  d@example.org\n"
	    "Taro <t@example.org>\nlocal\n",
	    "a@example.org\r\nb@example.org s=skip\r\ne@example.org m=3mp\r\n# f@example.org\r\n"
	    "a@Example.Org\r\n\xef\xbb\xbfg@example.org\r\nh@example.org matome 6\r\n");
	pair p = translate_dir(dir, NULL, NULL);
	const f48_fml8_file *m, *r, *d;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
	m = &p.t->files[F48_F8_MEMBERS];
	r = &p.t->files[F48_F8_RECIPIENTS];
	d = &p.t->files[F48_F8_RECIPIENTS_DIGEST];
	/* off counts as a member; the domain is compared without case */
	CU_ASSERT_TRUE(file_has(m, "a@example.org"));
	CU_ASSERT_TRUE(file_has(m, "b@example.org"));
	/* a local part in another case is another address to fml4 delivery too */
	CU_ASSERT_TRUE(file_has(m, "A@EXAMPLE.ORG"));
	CU_ASSERT_FALSE(file_has(m, "c@example.org"));
	CU_ASSERT_FALSE(file_has(m, "d@example.org"));      /* leading blank: reported, not carried */
	CU_ASSERT_FALSE(file_has(m, "Taro"));
	CU_ASSERT_TRUE(file_has(r, "a@example.org"));
	CU_ASSERT_FALSE(file_has(r, "a@Example.Org"));      /* duplicate */
	CU_ASSERT_FALSE(file_has(r, "b@example.org"));      /* skip */
	CU_ASSERT_FALSE(file_has(r, "f@example.org"));      /* off */
	CU_ASSERT_TRUE(file_has(d, "e@example.org"));
	CU_ASSERT_TRUE(p.t->counts.duplicates >= 1);
	CU_ASSERT_TRUE(count_code(p.t, F48_C_MEMBER_DUPLICATE) >= 1);
	/* no CR, BOM, blank or option in any written line */
	{
		size_t k, i;

		for (k = 0; k < F48_F8_NFILES; k++)
			for (i = 0; i < p.t->files[k].n; i++) {
				const char *x = p.t->files[k].lines[i];

				CU_ASSERT_PTR_NULL(strpbrk(x, "\r "));
				CU_ASSERT_PTR_NULL(strstr(x, "\xef\xbb\xbf"));
				CU_ASSERT_PTR_NULL(strstr(x, "="));
			}
	}
	/* the reader reported what was not carried, by line */
	CU_ASSERT_TRUE(f48_findings_count_code(&p.l->findings, F48_C_MEMBER_LINE_LEADING_BLANK) == 1);
	CU_ASSERT_TRUE(f48_findings_count_code(&p.l->findings, F48_C_MEMBER_LINE_DISPLAY_NAME) == 1);
	CU_ASSERT_TRUE(f48_findings_count_code(&p.l->findings, F48_C_MEMBER_LINE_BOM) == 1);
	pair_free(p);
}

static void
test_auto_regist_members_deliver(void)
{
	const char *dir = make_list("autoreg",
	    "$MAIL_LIST = 'autoreg\\@example.org';\n$REJECT_COMMAND_HANDLER = 'auto_regist';\n1;\n",
	    "a@example.org\nb@example.org\n", "dummy@example.org\n");
	pair p = translate_dir(dir, NULL, NULL);
	const f48_fml8_file *r;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
	r = &p.t->files[F48_F8_RECIPIENTS];
	/* D3: fml4 delivers to members, actives is a dummy */
	CU_ASSERT_EQUAL(r->n, 2);
	CU_ASSERT_TRUE(file_has(r, "a@example.org"));
	CU_ASSERT_FALSE(file_has(r, "dummy@example.org"));
	pair_free(p);
}

static void
test_domain_unknown_and_option(void)
{
	const char *dir = make_list("nodomain", "$X = 1;\n1;\n", "a@example.org\n", "a@example.org\n");
	pair p = translate_dir(dir, NULL, NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
	CU_ASSERT_PTR_NULL(p.t->ml_domain);
	CU_ASSERT_EQUAL(count_code(p.t, F48_C_DOMAIN_UNKNOWN), 1);
	pair_free(p);
	p = translate_dir(dir, NULL, "example.net");
	CU_ASSERT_STRING_EQUAL(p.t->ml_domain, "example.net");
	CU_ASSERT_EQUAL(count_code(p.t, F48_C_DOMAIN_UNKNOWN), 0);
	pair_free(p);
}

static void
test_plan_order_and_content(void)
{
	pair p;
	f48_plan_opts po = { .owner = "fmladmin", .config_template = NULL };
	f48_layout *layout = NULL;
	f48_plan *pl = NULL;
	f48_error err;
	size_t i, defer = 0, last_fml8_include = 0, first_list_write = 0, config_at = 0;

	T_NEED_SHARED();
	p = translate_dir(t_fixture_ml("test-ml"), t_fixture_root(), NULL);
	po.config_template = template8;
	f48_error_clear(&err);
	CU_ASSERT_EQUAL(f48_plan_make(p.l, p.t, &po, &pl, &err), F48_EUSAGE);   /* no layout */
	CU_ASSERT_EQUAL_FATAL(f48_layout_load(t_templates_dir(), &layout, &err), F48_OK);
	po.layout = layout;
	CU_ASSERT_EQUAL_FATAL(f48_plan_make(p.l, p.t, &po, &pl, &err), F48_OK);
	CU_ASSERT_STRING_EQUAL(pl->backup_dir, ".fml4rc");
	for (i = 0; i < pl->n; i++) {
		const f48_action *a = &pl->actions[i];

		if (a->kind == F48_ACT_WRITE && strcmp(a->path, "include") == 0) {
			if (strstr(a->content, "exit 75"))
				defer = i;
			else
				last_fml8_include = i;
		}
		if (a->kind == F48_ACT_WRITE && strcmp(a->path, "recipients") == 0)
			first_list_write = i;
		if (a->kind == F48_ACT_WRITE && strcmp(a->path, "config.cf") == 0)
			config_at = i;
	}
	/* mail is deferred first, with a command (D21), and fml8 gets it last */
	CU_ASSERT_TRUE(defer > 0);
	CU_ASSERT_TRUE(defer < first_list_write);
	CU_ASSERT_TRUE(first_list_write < config_at);
	CU_ASSERT_TRUE(config_at < last_fml8_include);
	CU_ASSERT_STRING_EQUAL(pl->actions[defer].content, "\"|exit 75\"\n");
	CU_ASSERT_STRING_EQUAL(pl->actions[last_fml8_include].content,
	    "\"| /usr/local/libexec/fml/distribute test-ml@example.com\"\n");
	/* config.cf: the template's lines, our block before =cut (D26), once */
	CU_ASSERT_PTR_NOT_NULL(strstr(pl->config_cf, "article_subject_tag = [$ml_name:%05d]\n"));
	CU_ASSERT_TRUE(strstr(pl->config_cf, "# </FML4TO8 END>") < strstr(pl->config_cf, "\n=cut"));
	CU_ASSERT_PTR_NULL(strstr(strstr(pl->config_cf, "FML4TO8 BEGIN") + 1, "FML4TO8 BEGIN"));
	/* config.ph and actives leave the home (D29, D2); texts stay (D24) */
	{
		bool moved_ph = false, moved_actives = false, moved_text = false;

		for (i = 0; i < pl->n; i++) {
			const f48_action *a = &pl->actions[i];

			if (a->kind != F48_ACT_MOVE)
				continue;
			moved_ph |= strcmp(a->from, "config.ph") == 0;
			moved_actives |= strcmp(a->from, "actives") == 0;
			moved_text |= strcmp(a->from, "help") == 0 || strcmp(a->from, "guide") == 0 ||
			    strcmp(a->from, "seq") == 0 || strcmp(a->from, "summary") == 0;
		}
		CU_ASSERT_TRUE(moved_ph);
		CU_ASSERT_TRUE(moved_actives);
		CU_ASSERT_FALSE(moved_text);
	}
	f48_plan_free(pl);
	f48_layout_free(layout);
	pair_free(p);
}

void
register_translate_tests(void)
{
	CU_pSuite s = CU_add_suite("translate", suite_init, suite_clean);

	CU_add_test(s, "test-ml as fml4 delivered it", test_test_ml);
	CU_add_test(s, "announce news staff", test_announce_news_staff);
	CU_add_test(s, "support dev users info", test_support_dev_users_info);
	CU_add_test(s, "member forms", test_member_forms);
	CU_add_test(s, "auto_regist delivers to members (D3)", test_auto_regist_members_deliver);
	CU_add_test(s, "domain unknown and --domain", test_domain_unknown_and_option);
	CU_add_test(s, "plan order and content", test_plan_order_and_content);
}

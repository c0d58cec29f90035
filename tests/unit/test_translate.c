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
#include "util/xalloc.h"
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

/* The same list with the member files streamed through translate as the
 * read stage reads them (the dry-run and migrate way); max caps the
 * addresses per fml8 file (0: the default). */
static pair
translate_streamed(const char *dir, const char *root, bool keep, size_t max)
{
	f48_members_tr *mt = f48_members_tr_new(keep, max);
	f48_fml4_list_opts lo = { .list_dir = dir, .root = root, .tables = tables,
		.member_sink = f48_members_tr_entry, .member_sink_ctx = mt };
	f48_translate_opts to = { .rules = rules, .fml8_defaults = defaults8,
		.list_template = template8, .members = mt };
	pair p = { NULL, NULL };
	f48_error err;

	f48_error_clear(&err);
	if (f48_fml4_list_read(&lo, &p.l, &err) < 0 || f48_translate(p.l, &to, &p.t, &err) < 0)
		fprintf(stderr, "%s: %s\n", dir, err.msg);
	f48_members_tr_free(mt);
	return p;
}

static void
pair_free(pair p)
{
	f48_fml8_list_free(p.t);
	f48_fml4_list_free(p.l);
}

static size_t count_code_text(const f48_fml8_list *t, const char *code, const char *text);

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

/* A line translate did not write because this fml8 cannot run it
 * (templates/fml8-limits.tsv), kept for the fml4 variable `var`. */
static bool
blocked_line(const f48_fml8_list *t, const char *text, const char *var)
{
	size_t i, k;
	bool found = false;

	for (i = 0; i < t->nblocked && !found; i++) {
		char *x = f48_cfline_text(&t->blocked[i]);

		for (k = 0; k < t->blocked[i].norigins && !found; k++)
			found = strcmp(x, text) == 0 && strcmp(t->blocked[i].origins[k].var, var) == 0;
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
	/* fml4 told the maintainer of an ignored post; fml8 does not (issue 11) */
	CU_ASSERT_EQUAL(count_code_text(p.t, F48_C_POLICY_CHANGED, "drops it silently"), 1);
	CU_ASSERT_TRUE(has_line(p.t, "outgoing_mail_header_x_ml_name = Support Desk"));
	CU_ASSERT_TRUE(has_line(p.t, "unsafe_header_fields = Return-Receipt-To "
	    "Disposition-Notification-To X-Confirm-Reading-To X-UIDL"));
	/* LOGFILE_NEWSYSLOG_LIMIT 500K: this fml8 crashes with use_log_rotate
	 * (templates/fml8-limits.tsv), so no log rotation line is written */
	CU_ASSERT_FALSE(has_line_prefix(p.t, "use_log_rotate"));
	CU_ASSERT_FALSE(has_line_prefix(p.t, "log_rotate_"));
	CU_ASSERT_TRUE(blocked_line(p.t, "use_log_rotate = yes", "LOGFILE_NEWSYSLOG_LIMIT"));
	CU_ASSERT_TRUE(blocked_line(p.t, "log_rotate_size_limit = 512000", "LOGFILE_NEWSYSLOG_LIMIT"));
	CU_ASSERT_EQUAL(count_code(p.t, F48_C_FML8_CANNOT_RUN), 3);   /* + NEWSYSLOG_MAX's 4 logs */
	/* " JST" is +0900, fml8's default: nothing to write (D9 handled) */
	CU_ASSERT_FALSE(has_line_prefix(p.t, "system_timezone"));
	CU_ASSERT_EQUAL(count_code(p.t, F48_C_MACRO_KEPT_BY_DEFAULT), 1);     /* reply-to */
	CU_ASSERT_TRUE(count_code(p.t, F48_C_MACRO_NOT_SUPPORTED) >= 5);     /* x-support-desk, 4 handlers */
	pair_free(p);

	p = translate_dir(t_fixture_ml("dev"), t_fixture_root(), NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
	CU_ASSERT_TRUE(has_line(p.t, "article_subject_tag = [$ml_name,%05d]"));  /* D15/D16 */
	CU_ASSERT_TRUE(has_line(p.t, "system_timezone = +0000"));
	CU_ASSERT_FALSE(has_line_prefix(p.t, "log_rotate_size_limit"));
	CU_ASSERT_TRUE(blocked_line(p.t, "log_rotate_size_limit = 102400", "LOGFILE_NEWSYSLOG_LIMIT"));
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
	/* a bare local part: fml8 skips it as an invalid recipient (issue 11) */
	CU_ASSERT_FALSE(file_has(m, "local"));
	CU_ASSERT_TRUE(count_code(p.t, F48_C_MEMBER_LEFT_OUT) >= 1);
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

/* ---- the rules table is checked when it loads ------------------------------ */

/* A copy of templates/ with `extra` appended to one table; returns its dir. */
static const char *
templates_with(const char *sub, const char *table, const char *extra, long *extra_line)
{
	static const char *names[] = { "fml4-to-fml8.tsv", "fml4-policy.tsv", "fml4-hooks.tsv",
		"timezones.tsv", "fml8-limits.tsv" };
	static char dir[1024];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *src = f48_path_join(t_templates_dir(), names[i]), *buf = NULL, name[512];
		size_t len, k;
		f48_error err;

		f48_error_clear(&err);
		CU_ASSERT_EQUAL_FATAL(f48_file_read(src, 1 << 22, &buf, &len, &err), F48_OK);
		snprintf(name, sizeof(name), "%s/%s", sub, names[i]);
		if (strcmp(names[i], table) == 0) {
			char *both = malloc(len + strlen(extra) + 1);

			memcpy(both, buf, len);
			strcpy(both + len, extra);
			*extra_line = 1;
			for (k = 0; k < len; k++)
				*extra_line += buf[k] == '\n';
			t_write(name, both);
			free(both);
		} else
			t_write_file(name, buf, len);
		free(buf);
		free(src);
	}
	snprintf(dir, sizeof(dir), "%s/%s", t_tmpdir(), sub);
	return dir;
}

static void
expect_load_error(const char *sub, const char *table, const char *row, const char *what)
{
	long line = 0;
	const char *dir = templates_with(sub, table, row, &line);
	f48_rules *r = NULL;
	f48_error err;

	f48_error_clear(&err);
	CU_ASSERT_EQUAL(f48_rules_load(dir, &r, &err), F48_EINPUT);
	CU_ASSERT_PTR_NULL(r);
	CU_ASSERT_EQUAL(err.line, line);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.file, table));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, what));
	if (err.line != line || strstr(err.msg, what) == NULL)
		printf("\n  %s: got %s:%ld: %s\n", sub, err.file, err.line, err.msg);
}

static void
test_rules_checked_at_load(void)
{
	size_t i;

	expect_load_error("tpl-conv", "fml4-to-fml8.tsv", "NEW_VAR\tconvert\tno_such\tx\n",
	    "unknown converter \"no_such\"");
	expect_load_error("tpl-target", "fml4-to-fml8.tsv", "NEW_VAR\tconvert\taddress\tx\n",
	    "needs the fml8 variable");
	expect_load_error("tpl-notarget", "fml4-to-fml8.tsv", "NEW_VAR\tconvert\tsize:x\tx\n",
	    "takes no fml8 variable");
	expect_load_error("tpl-code", "fml4-policy.tsv",
	    "post\tnobody\treject\tarticle_post_restrictions = reject\tNO_SUCH_CODE\tx\n",
	    "unknown finding code \"NO_SUCH_CODE\"");
	expect_load_error("tpl-dup", "fml4-to-fml8.tsv", "MAINTAINER\tignore\t-\tx\n",
	    "MAINTAINER has a row already");
	expect_load_error("tpl-limit", "fml8-limits.tsv", "use_foo\tyes\tfatal\tx\ty\n",
	    "warning|info");
	/* fml8-limits.tsv: this fml8 crashes with use_log_rotate = yes (issue 11) */
	CU_ASSERT_PTR_NOT_NULL(f48_rules_fml8_limit(rules, "use_log_rotate", "yes"));
	CU_ASSERT_TRUE(f48_rules_fml8_limit(rules, "use_log_rotate", "yes")->warning);
	CU_ASSERT_PTR_NULL(f48_rules_fml8_limit(rules, "use_log_rotate", "no"));
	CU_ASSERT_PTR_NULL(f48_rules_fml8_limit(rules, "article_subject_tag", "(%05d)"));
	/* the shipped table: every convert row has its converter, looked up by hash */
	for (i = 0; i < rules->n; i++) {
		const f48_rule *r = &rules->rules[i];

		CU_ASSERT_PTR_EQUAL(f48_rules_find(rules, r->var), r);
		if (r->decision == F48_DEC_CONVERT)
			CU_ASSERT_PTR_NOT_NULL(r->conv);
	}
	CU_ASSERT_PTR_NULL(f48_rules_find(rules, "NO_SUCH_VARIABLE"));
}

/* ---- an unknown fml4 value is never translated ------------------------------ */

static pair
translate_ph(const char *sub, const char *stmt)
{
	char ph[4096];

	snprintf(ph, sizeof(ph), "$MAIL_LIST = 'u\\@example.org';\n%s\n1;\n", stmt);
	return translate_dir(make_list(sub, ph, "a@example.org\n", "a@example.org\n"), NULL,
	    "example.org");
}

static bool
line_from(const f48_fml8_list *t, const char *var)
{
	size_t i, k;

	for (i = 0; i < t->nlines; i++)
		for (k = 0; k < t->lines[i].norigins; k++)
			if (strcmp(t->lines[i].origins[k].var, var) == 0)
				return true;
	return false;
}

static const f48_cfunknown *
unknown_of(const f48_fml8_list *t, const char *var)
{
	size_t i;

	for (i = 0; i < t->nunknown; i++)
		if (strcmp(t->unknown[i].var, var) == 0)
			return &t->unknown[i];
	return NULL;
}

/* A line for `key` that keeps the fml4 variable `var` (other rows may set
 * the same key from other variables). */
static bool
sets_key(const f48_fml8_list *t, const char *key, const char *var)
{
	size_t i, k;

	for (i = 0; i < t->nlines; i++)
		for (k = 0; k < t->lines[i].norigins; k++)
			if (strcmp(t->lines[i].key, key) == 0 &&
			    strcmp(t->lines[i].origins[k].var, var) == 0)
				return true;
	return false;
}

/* A blocked line (fml8-limits.tsv) for `key` from the fml4 variable `var`. */
static bool
blocked_from(const f48_fml8_list *t, const char *key, const char *var)
{
	size_t i, k;

	for (i = 0; i < t->nblocked; i++)
		for (k = 0; k < t->blocked[i].norigins; k++)
			if (strcmp(t->blocked[i].key, key) == 0 &&
			    strcmp(t->blocked[i].origins[k].var, var) == 0)
				return true;
	return false;
}

/* One known value per converter (and a map row) that makes it write `key`:
 * the same variable made unknown must write nothing for it. */
static const struct { const char *conv, *var, *value, *key; } samples[] = {
	{ "subject_tag", "SUBJECT_TAG_TYPE", "'(:)'", "article_subject_tag" },
	{ "policy_post", "PERMIT_POST_FROM", "'anyone'", "article_post_restrictions" },
	{ "policy_command", "PERMIT_COMMAND_FROM", "'anyone'", "command_mail_restrictions" },
	{ "size", "INCOMING_MAIL_SIZE_LIMIT", "'2M'", "incoming_article_body_size_limit" },
	{ "timezone", "TZone", "'+0000'", "system_timezone" },
	{ "smtp", "PORT", "10025", "smtp_servers" },
	{ "address", "MAINTAINER", "'boss\\@example.org'", "maintainer" },
	{ "command_address", "CONTROL_ADDRESS", "'u-cmd\\@example.org'", "command_mail_address" },
	{ "html_archive", "AUTO_HTML_GEN", "1", "html_archive_dir" },
	{ "list_file", "MEMBER_LIST", "'members2'", "primary_member_map" },
	{ "path", "GUIDE_FILE", "'guide2'", "guide_file" },
	{ "log_rotate", "LOGFILE_NEWSYSLOG_LIMIT", "'100K'", "log_rotate_size_limit" },
	{ "recipient_limit", "MAX_MEMBER_LIMIT", "200", "recipient_total_limit" },
	{ "words", "SKIP_FIELDS", "'X-Foo|X-Bar'", "unsafe_header_fields" },
	{ "xmlname", "XMLNAME", "'X-ML-Name: foo'", "outgoing_mail_header_x_ml_name" },
	{ "remote_admin", "REMOTE_ADMINISTRATION", "1", "use_admin_command_mail_function" },
	{ NULL, "LANGUAGE", "'Japanese'", "language_preference_order" },
};

static void
test_unknown_per_converter(void)
{
	size_t i, k;

	/* every converter of the table has its sample */
	for (k = 0; k < f48_converter_count(); k++) {
		bool found = false;

		for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++)
			found |= samples[i].conv && strcmp(samples[i].conv, f48_converter_name_at(k)) == 0;
		if (!found)
			printf("\n  converter %s has no sample here\n", f48_converter_name_at(k));
		CU_ASSERT_TRUE(found);
	}
	for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		char stmt[512];
		pair p;
		const f48_cfunknown *u;
		size_t j;
		bool named = false;

		snprintf(stmt, sizeof(stmt), "$%s = %s;", samples[i].var, samples[i].value);
		p = translate_ph("conv-known", stmt);
		CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
		if (f48_rules_fml8_limit(rules, samples[i].key, "")) {
			/* this fml8 cannot run what the converter writes
			 * (fml8-limits.tsv): the line is kept as blocked, never
			 * written */
			CU_ASSERT_FALSE(line_from(p.t, samples[i].var));
			CU_ASSERT_TRUE(blocked_from(p.t, samples[i].key, samples[i].var));
			CU_ASSERT_TRUE(count_code(p.t, F48_C_FML8_CANNOT_RUN) >= 1);
		} else {
			if (!sets_key(p.t, samples[i].key, samples[i].var) ||
			    !line_from(p.t, samples[i].var))
				printf("\n  %s (known) wrote no %s\n", stmt, samples[i].key);
			CU_ASSERT_TRUE(sets_key(p.t, samples[i].key, samples[i].var));
			CU_ASSERT_TRUE(line_from(p.t, samples[i].var));
		}
		CU_ASSERT_PTR_NULL(unknown_of(p.t, samples[i].var));
		pair_free(p);

		snprintf(stmt, sizeof(stmt), "$%s = (localtime)[8];", samples[i].var);
		p = translate_ph("conv-unknown", stmt);
		CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
		if (sets_key(p.t, samples[i].key, samples[i].var))
			printf("\n  %s (unknown) wrote %s\n", stmt, samples[i].key);
		CU_ASSERT_FALSE(sets_key(p.t, samples[i].key, samples[i].var));
		CU_ASSERT_FALSE(line_from(p.t, samples[i].var));
		u = unknown_of(p.t, samples[i].var);
		if (u == NULL)
			printf("\n  %s (unknown): no SETTING_NEEDS_HUMAN for it\n", stmt);
		CU_ASSERT_PTR_NOT_NULL_FATAL(u);
		CU_ASSERT_PTR_NOT_NULL(strstr(u->file, "config.ph"));
		CU_ASSERT_EQUAL(u->line, 2);
		/* the raw text, unless a fix-up of fml.pl replaced it (TZone) */
		CU_ASSERT_TRUE(u->raw ? strstr(u->raw, "(localtime)[8]") != NULL :
		    f48_fml4_get(p.l->config, samples[i].var)->layer == F48_LAYER_FIXUP);
		for (j = 0; j < u->nkeys; j++)
			named |= strcmp(u->keys[j], samples[i].key) == 0;
		CU_ASSERT_TRUE(named);
		CU_ASSERT_TRUE(count_code(p.t, F48_C_SETTING_NEEDS_HUMAN) >= 1);
		pair_free(p);
	}
}

/* Every row of the rules table that reads its variable: that variable
 * unknown gives no line from it and a SETTING_NEEDS_HUMAN naming it. */
static void
test_unknown_every_rule(void)
{
	size_t i, checked = 0;

	for (i = 0; i < rules->n; i++) {
		const f48_rule *r = &rules->rules[i];
		const f48_setting *s;
		char stmt[512];
		pair p;

		if (r->decision == F48_DEC_IGNORE)
			continue;
		if (r->var[0] == '@' || r->var[0] == '%')
			snprintf(stmt, sizeof(stmt), "%s = (localtime);", r->var);
		else
			snprintf(stmt, sizeof(stmt), "$%s = (localtime)[8];", r->var);
		p = translate_ph("every-rule", stmt);
		CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
		s = f48_fml4_get(p.l->config, r->var);
		if (s == NULL || s->is_hook) {
			pair_free(p);
			continue;
		}
		/* unknown, or one of fml.pl's fix-ups over an unknown value */
		if (s->known && s->layer != F48_LAYER_FIXUP)
			printf("\n  %s: the reader kept it known\n", stmt);
		CU_ASSERT_TRUE(!s->known || s->layer == F48_LAYER_FIXUP);
		checked++;
		if (line_from(p.t, r->var) || unknown_of(p.t, r->var) == NULL)
			printf("\n  %s (%s): %s\n", stmt, f48_decision_name(r->decision),
			    line_from(p.t, r->var) ? "a line was written from it" :
			    "no SETTING_NEEDS_HUMAN for it");
		CU_ASSERT_FALSE(line_from(p.t, r->var));
		CU_ASSERT_PTR_NOT_NULL(unknown_of(p.t, r->var));
		pair_free(p);
	}
	printf("(%zu rows checked) ", checked);
	CU_ASSERT_TRUE(checked > 200);
}

/* Streaming the member files gives what the kept entries give: the same
 * lines, sizes, counts and findings, on every list of the fixtures; without
 * keep_lines only the lines are missing. */
static void
test_streamed_same_as_loaded(void)
{
	static const char *const lists[] = { "test-ml", "announce", "news", "staff", "support",
		"dev", "users", "info" };
	size_t i, k, j;

	T_NEED_SHARED();
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		pair a = translate_dir(t_fixture_ml(lists[i]), t_fixture_root(), NULL);
		pair b = translate_streamed(t_fixture_ml(lists[i]), t_fixture_root(), true, 0);
		pair c = translate_streamed(t_fixture_ml(lists[i]), t_fixture_root(), false, 0);

		CU_ASSERT_PTR_NOT_NULL_FATAL(a.t);
		CU_ASSERT_PTR_NOT_NULL_FATAL(b.t);
		CU_ASSERT_PTR_NOT_NULL_FATAL(c.t);
		CU_ASSERT_EQUAL(memcmp(&a.t->counts, &b.t->counts, sizeof(a.t->counts)), 0);
		CU_ASSERT_EQUAL(memcmp(&a.t->counts, &c.t->counts, sizeof(a.t->counts)), 0);
		CU_ASSERT_EQUAL(a.t->findings.n, b.t->findings.n);
		CU_ASSERT_EQUAL(a.t->findings.n, c.t->findings.n);
		for (j = 0; j < a.t->findings.n && j < c.t->findings.n; j++) {
			CU_ASSERT_STRING_EQUAL(a.t->findings.items[j].code, c.t->findings.items[j].code);
			CU_ASSERT_STRING_EQUAL(a.t->findings.items[j].message,
			    c.t->findings.items[j].message);
		}
		CU_ASSERT_EQUAL(a.l->findings.n, c.l->findings.n);
		for (k = 0; k < F48_F8_NFILES; k++) {
			const f48_fml8_file *fa = &a.t->files[k], *fb = &b.t->files[k],
			    *fc = &c.t->files[k];

			CU_ASSERT_EQUAL(fa->n, fb->n);
			CU_ASSERT_EQUAL(fa->n, fc->n);
			CU_ASSERT_EQUAL(fa->bytes, fb->bytes);
			CU_ASSERT_EQUAL(fa->bytes, fc->bytes);
			CU_ASSERT_PTR_NULL(fc->lines);
			for (j = 0; j < fa->n && j < fb->n; j++)
				CU_ASSERT_STRING_EQUAL(fa->lines[j], fb->lines[j]);
		}
		pair_free(a);
		pair_free(b);
		pair_free(c);
	}
}

/* Past the address budget of one fml8 file: an error finding, nothing more
 * planned for that file, no crash and no unbounded memory. */
static void
test_member_budget(void)
{
	const char *dir = make_list("budget", "$MAIL_LIST = 'budget\\@example.org';\n1;\n",
	    "a@example.org\nb@example.org\nc@example.org\nd@example.org\na@EXAMPLE.org\n",
	    "a@example.org\nb@example.org\n");
	pair p = translate_streamed(dir, NULL, true, 3);

	CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
	CU_ASSERT_EQUAL(p.t->files[F48_F8_MEMBERS].n, 3);
	CU_ASSERT_EQUAL(p.t->files[F48_F8_RECIPIENTS].n, 2);
	CU_ASSERT_EQUAL(count_code(p.t, F48_C_MEMBER_LIST_TOO_LARGE), 1);
	CU_ASSERT_TRUE(f48_findings_count(&p.t->findings, F48_SEV_ERROR) >= 1);
	pair_free(p);
}

/* ---- what the real fml8 showed (issue 11; tests/fml8/ runs it) ----------- */

static size_t
count_code_text(const f48_fml8_list *t, const char *code, const char *text)
{
	size_t i, n = 0;

	for (i = 0; i < t->findings.n; i++)
		n += strcmp(t->findings.items[i].code, code) == 0 &&
		    strstr(t->findings.items[i].message, text) != NULL;
	return n;
}

/* CONTROL_ADDRESS = MAIL_LIST: commands at the posting address.  fml8 runs
 * no commands there; command_mail_address = the list address would only
 * point fml8's List-Help at the list. */
static void
test_command_address_is_not_the_list(void)
{
	pair p = translate_ph("ctl-list", "$CONTROL_ADDRESS = 'u\\@example.org';\n"
	    "$MAIL_LIST_ACCEPT_COMMAND = 1;");

	CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
	CU_ASSERT_FALSE(has_line_prefix(p.t, "command_mail_address"));
	CU_ASSERT_EQUAL(count_code_text(p.t, F48_C_POLICY_CHANGED, "commands at the posting address"), 1);
	pair_free(p);
	/* another address is carried as before */
	p = translate_ph("ctl-other", "$CONTROL_ADDRESS = 'u-ctl2@example.org';");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
	CU_ASSERT_TRUE(has_line(p.t, "command_mail_address = u-ctl2@example.org"));
	pair_free(p);
}

/* AUTO_HTML_GEN: the archive goes where fml4 had it, in the list home, not
 * under the home of fml8's install owner (Permission denied per article). */
static void
test_html_archive_in_list_home(void)
{
	pair p = translate_ph("html-on", "$AUTO_HTML_GEN = 1;");

	CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
	CU_ASSERT_TRUE(has_line(p.t, "html_archive_dir = $ml_home_dir/htdocs"));
	CU_ASSERT_FALSE(has_line(p.t, "use_html_archive = no"));
	pair_free(p);
	p = translate_ph("html-dir", "$AUTO_HTML_GEN = 1;\n$HTML_DIR = 'archive/html';");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
	CU_ASSERT_TRUE(has_line(p.t, "html_archive_dir = $ml_home_dir/archive/html"));
	pair_free(p);
	p = translate_ph("html-off", "$AUTO_HTML_GEN = 0;");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
	CU_ASSERT_TRUE(has_line(p.t, "use_html_archive = no"));
	CU_ASSERT_FALSE(has_line_prefix(p.t, "html_archive_dir"));
	pair_free(p);
}

/* $REJECT_ADDR .= "|w|w" (a site_force.ph appending to fml4's list): fml8's
 * own system_special_accounts stay, the words are appended; never the
 * appended words alone as the whole list (MAILER-DAEMON would then get a
 * rejection notice: a mail loop). */
static void
test_reject_addr_append(void)
{
	pair p = translate_ph("reject-append", "$REJECT_ADDR .= \"|\\S+\\-bounces|daemon\";");

	CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
	CU_ASSERT_TRUE(has_line(p.t, "system_special_accounts += \\S+\\-bounces daemon"));
	CU_ASSERT_FALSE(has_line_prefix(p.t, "system_special_accounts = "));
	pair_free(p);
	/* replaced, then appended: the whole evaluated value */
	p = translate_ph("reject-set-append", "$REJECT_ADDR = 'root|postmaster';\n"
	    "$REJECT_ADDR .= '|daemon';");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
	CU_ASSERT_TRUE(has_line(p.t, "system_special_accounts = root postmaster daemon"));
	pair_free(p);
}

/* A bare local part in actives is no fml8 recipient: fml8 logs "invalid
 * recipient" and skips it; it is left out and reported. */
static void
test_bare_local_part_left_out(void)
{
	const char *dir = make_list("bare", "$MAIL_LIST = 'bare@example.org';\n1;\n",
	    "a@example.org\nlocaluser\n", "a@example.org\nlocaluser\n");
	pair p = translate_dir(dir, NULL, NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
	CU_ASSERT_TRUE(file_has(&p.t->files[F48_F8_RECIPIENTS], "a@example.org"));
	CU_ASSERT_FALSE(file_has(&p.t->files[F48_F8_RECIPIENTS], "localuser"));
	CU_ASSERT_FALSE(file_has(&p.t->files[F48_F8_MEMBERS], "localuser"));
	CU_ASSERT_EQUAL(count_code_text(p.t, F48_C_MEMBER_LEFT_OUT, "not written into recipients"), 1);
	CU_ASSERT_EQUAL(count_code_text(p.t, F48_C_MEMBER_LEFT_OUT, "not written into members"), 1);
	pair_free(p);
}

/* The plan of a streamed translation: with the lines kept (migrate) every
 * list file has its content, an empty one too; without them (dry-run) only
 * the sizes, and apply would refuse it. */
static void
test_plan_streamed(void)
{
	const char *dir = make_list("streamplan", "$MAIL_LIST = 'streamplan\\@example.org';\n1;\n",
	    "a@example.org\nb@example.org\n", "");
	f48_plan_opts po = { .owner = "fmladmin", .config_template = template8 };
	f48_layout *layout = NULL;
	f48_error err;
	int keep;

	f48_error_clear(&err);
	CU_ASSERT_EQUAL_FATAL(f48_layout_load(t_templates_dir(), &layout, &err), F48_OK);
	po.layout = layout;
	for (keep = 0; keep < 2; keep++) {
		pair p = translate_streamed(dir, NULL, keep, 0);
		f48_plan *pl = NULL;
		size_t i, seen = 0;

		CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
		CU_ASSERT_EQUAL_FATAL(f48_plan_make(p.l, p.t, &po, &pl, &err), F48_OK);
		for (i = 0; i < pl->n; i++) {
			const f48_action *a = &pl->actions[i];

			if (a->kind != F48_ACT_WRITE)
				continue;
			if (strcmp(a->path, "members") == 0) {
				seen++;
				CU_ASSERT_EQUAL(a->len, 28);
				if (keep) {
					CU_ASSERT_TRUE(a->content && strcmp(a->content,
					    "a@example.org\nb@example.org\n") == 0);
				} else {
					CU_ASSERT_PTR_NULL(a->content);
				}
			}
			if (strcmp(a->path, "recipients") == 0) {
				seen++;
				CU_ASSERT_EQUAL(a->len, 0);
				if (keep) {
					CU_ASSERT_PTR_NOT_NULL(a->content);
				}
			}
		}
		CU_ASSERT_EQUAL(seen, 2);
		f48_plan_free(pl);
		pair_free(p);
	}
	f48_layout_free(layout);
}

/* ---- issue 10's example: what real sites compute in config.ph ---------------- */

/* A copy of the fixture list staff with `lines` appended before its final
 * "1;", read as the list at its production path (dir_prod). */
static pair
staff_with(const char *sub, const char *lines)
{
	char dir[1200], ph[1300], cmd[8192], *buf = NULL, *end, *text;
	const char *prod = "/var/mail/example.com/~ml/staff";
	f48_fml4_list_opts lo = { .root = t_fixture_root(), .dir_prod = prod, .tables = tables,
		.load_members = true };
	f48_translate_opts to = { .rules = rules, .fml8_defaults = defaults8,
		.list_template = template8 };
	pair p = { NULL, NULL };
	size_t len;
	f48_error err;

	snprintf(dir, sizeof(dir), "%s/%s", t_tmpdir(), sub);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && cp -R '%s' '%s' && chmod -R u+w '%s'", dir,
	    t_fixture_ml("staff"), dir, dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	snprintf(ph, sizeof(ph), "%s/config.ph", dir);
	f48_error_clear(&err);
	CU_ASSERT_EQUAL_FATAL(f48_file_read(ph, 1 << 22, &buf, &len, &err), F48_OK);
	end = strstr(buf, "\n1;");
	CU_ASSERT_PTR_NOT_NULL_FATAL(end);
	text = f48_xasprintf("%.*s\n%s%s", (int)(end - buf), buf, lines, end + 1);
	snprintf(ph, sizeof(ph), "%s/config.ph", sub);
	t_write(ph, text);
	free(text);
	free(buf);
	lo.list_dir = dir;
	if (f48_fml4_list_read(&lo, &p.l, &err) < 0 || f48_translate(p.l, &to, &p.t, &err) < 0)
		fprintf(stderr, "%s: %s\n", dir, err.msg);
	return p;
}

static void
print_lines(const f48_fml8_list *t)
{
	size_t i;

	for (i = 0; i < t->nlines; i++) {
		char *x = f48_cfline_text(&t->lines[i]);

		printf("\n    | %s", x);
		free(x);
	}
	for (i = 0; i < t->findings.n; i++)
		printf("\n    ! %s %s", t->findings.items[i].code, t->findings.items[i].message);
	printf("\n");
}

/* The issue's five lines, with the if-block's pattern and lines before. */
#define FIVE_LINES(pattern, before) before \
	"$INCOMING_MAIL_SIZE_LIMIT = 2 * 1024 * 1024;\n" \
	"$MAX_MEMBER_LIMIT         = 50 * 4;\n" \
	"if ($DIR =~ " pattern ") { &DEFINE_SUBJECT_TAG('(:)'); } else { $SUBJECT_TAG_TYPE = '[:]'; }\n" \
	"$MAINTAINER = (split(/\\@/, $MAIL_LIST))[0] . \"-owner\\@$DOMAINNAME\";\n" \
	"foreach $h ('X-Foo', 'X-Bar') { $SKIP_FIELDS .= \"|$h\"; }\n"

static void
test_issue10_example(void)
{
	pair p;
	bool ok;

	T_NEED_SHARED();
	/* The issue's five lines.  The if-block is decided ($DIR ends in /staff)
	 * and DEFINE_SUBJECT_TAG('(:)') runs, but after config.ph fml.pl's
	 * InitConfig runs SubjectTagDef($SUBJECT_TAG_TYPE) again (kern/fml.pl:
	 * "if ($SUBJECT_TAG_TYPE) { ... SubjectTagDef(...) }"), and staff's
	 * config.ph:638 has "[ ]": fml4 tags [staff 00001], so must fml8. */
	p = staff_with("staff-computed", FIVE_LINES("m@/staff$@", ""));
	CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
	ok = has_line(p.t, "article_header_rewrite_rules += rewrite_article_subject_tag") &&
	    has_line(p.t, "article_subject_tag = [$ml_name %05d]") &&
	    has_line(p.t, "incoming_article_body_size_limit = 2097152") &&
	    has_line(p.t, "incoming_command_mail_body_size_limit = 2097152") &&
	    /* 2 MiB is below fml8's outgoing default (10240000): not written */
	    !has_line_prefix(p.t, "outgoing_article_body_size_limit") &&
	    !has_line_prefix(p.t, "use_article_size_filter") &&
	    has_line(p.t, "maintainer = staff-owner@example.com") &&
	    has_line(p.t, "use_recipient_total_limit = yes") &&
	    has_line(p.t, "recipient_total_limit = 200") &&
	    /* fml8's default is Return-Receipt-To: appended, or written whole */
	    (has_line(p.t, "unsafe_header_fields += X-Foo X-Bar") ||
	    has_line(p.t, "unsafe_header_fields = Return-Receipt-To X-Foo X-Bar")) &&
	    p.t->nunknown == 0;
	if (!ok)
		print_lines(p.t);
	CU_ASSERT_TRUE(ok);
	pair_free(p);

	/* without staff's own SUBJECT_TAG_TYPE the macro's tag stands */
	p = staff_with("staff-macro-tag", FIVE_LINES("m@/staff$@", "$SUBJECT_TAG_TYPE = '';\n"));
	CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
	ok = has_line(p.t, "article_subject_tag = ($ml_name:%05d)");
	if (!ok)
		print_lines(p.t);
	CU_ASSERT_TRUE(ok);
	pair_free(p);

	/* the else branch when $DIR does not match */
	p = staff_with("staff-else", FIVE_LINES("m@/other$@", ""));
	CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
	ok = has_line(p.t, "article_subject_tag = [$ml_name:%05d]");
	if (!ok)
		print_lines(p.t);
	CU_ASSERT_TRUE(ok);
	pair_free(p);

	/* the same settings, computed from what only the run knows */
	p = staff_with("staff-run-time",
	    "$INCOMING_MAIL_SIZE_LIMIT = 2 * 1024 * (localtime)[8];\n"
	    "$MAX_MEMBER_LIMIT         = 50 * (localtime)[8];\n"
	    "if ((localtime)[8]) { &DEFINE_SUBJECT_TAG('(:)'); } else { $SUBJECT_TAG_TYPE = '[:]'; }\n"
	    "$MAINTAINER = (split(/\\@/, $MAIL_LIST))[0] . \"-owner\\@\" . (localtime)[8];\n"
	    "foreach $h ('X-Foo', (localtime)[8]) { $SKIP_FIELDS .= \"|$h\"; }\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p.t);
	ok = !has_line_prefix(p.t, "article_subject_tag") &&
	    !has_line(p.t, "article_header_rewrite_rules += rewrite_article_subject_tag") &&
	    !has_line(p.t, "article_header_rewrite_rules -= rewrite_article_subject_tag") &&
	    !line_from(p.t, "INCOMING_MAIL_SIZE_LIMIT") && !line_from(p.t, "MAX_MEMBER_LIMIT") &&
	    !line_from(p.t, "MAINTAINER") && !line_from(p.t, "SKIP_FIELDS") &&
	    !has_line_prefix(p.t, "incoming_article_body_size_limit") &&
	    !has_line_prefix(p.t, "use_article_size_filter") &&
	    !has_line_prefix(p.t, "maintainer") &&
	    !has_line_prefix(p.t, "recipient_total_limit") &&
	    !sets_key(p.t, "unsafe_header_fields", "SKIP_FIELDS") &&
	    unknown_of(p.t, "INCOMING_MAIL_SIZE_LIMIT") && unknown_of(p.t, "MAX_MEMBER_LIMIT") &&
	    unknown_of(p.t, "MAINTAINER") && unknown_of(p.t, "SKIP_FIELDS") &&
	    count_code(p.t, F48_C_SETTING_NEEDS_HUMAN) >= 5;
	if (!ok)
		print_lines(p.t);
	CU_ASSERT_TRUE(ok);
	/* the subject tag: one of its inputs is named, and nothing was written */
	CU_ASSERT_TRUE(unknown_of(p.t, "SUBJECT_TAG_TYPE") || unknown_of(p.t, "SUBJECT_FREE_FORM") ||
	    unknown_of(p.t, "BRACKET") || unknown_of(p.t, "BEGIN_BRACKET"));
	/* the rest of the list is still translated */
	CU_ASSERT_TRUE(has_line(p.t, "use_admin_command_mail_function = yes"));
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
	CU_add_test(s, "rules table checked at load", test_rules_checked_at_load);
	CU_add_test(s, "an unknown input, per converter", test_unknown_per_converter);
	CU_add_test(s, "an unknown input, every rule", test_unknown_every_rule);
	CU_add_test(s, "streamed members same as loaded", test_streamed_same_as_loaded);
	CU_add_test(s, "member budget", test_member_budget);
	CU_add_test(s, "command address equal to the list (issue 11)",
	    test_command_address_is_not_the_list);
	CU_add_test(s, "html archive in the list home (issue 11)", test_html_archive_in_list_home);
	CU_add_test(s, "REJECT_ADDR .= keeps fml8's accounts (issue 11)", test_reject_addr_append);
	CU_add_test(s, "a bare local part is left out (issue 11)", test_bare_local_part_left_out);
	CU_add_test(s, "plan of a streamed translation", test_plan_streamed);
	CU_add_test(s, "issue 10: computed config.ph, known and run-time", test_issue10_example);
}

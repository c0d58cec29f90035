/* test_fml4_list.c - the read stage: layering of the effective fml4
 * configuration, member files, and bad input, on trees written here and on
 * the real fixtures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "codes.h"
#include "util/strmap.h"
#include "fml4/fml4_defaults.h"
#include "fml4/fml4_list.h"

#include "testutil.h"

static f48_fml4_tables *tables;

static int
suite_init(void)
{
	f48_error err;

	f48_error_clear(&err);
	if (f48_fml4_tables_load(t_templates_dir(), &tables, &err) < 0) {
		fprintf(stderr, "tables: %s\n", err.msg);
		return 1;
	}
	return 0;
}

static int
suite_clean(void)
{
	f48_fml4_tables_free(tables);
	return 0;
}

static f48_fml4_list *
read_with(const f48_fml4_list_opts *o)
{
	f48_fml4_list *l = NULL;
	f48_error err;

	f48_error_clear(&err);
	if (f48_fml4_list_read(o, &l, &err) < 0) {
		fprintf(stderr, "read %s: %s\n", o->list_dir, err.msg);
		return NULL;
	}
	return l;
}

static f48_fml4_list *
read_list(const char *dir, const char *root, bool load)
{
	f48_fml4_list_opts o = { .list_dir = dir, .root = root, .tables = tables,
		.load_members = load };

	return read_with(&o);
}

static const f48_setting *
get(const f48_fml4_list *l, const char *name)
{
	return f48_fml4_get(l->config, name);
}

static bool
has_finding(const f48_fml4_list *l, const char *code, const char *file_suffix, long line)
{
	size_t i;

	for (i = 0; i < l->findings.n; i++) {
		const f48_finding *f = &l->findings.items[i];
		size_t n = file_suffix ? strlen(file_suffix) : 0;

		if (strcmp(f->code, code) != 0)
			continue;
		if (file_suffix && (f->file == NULL || strlen(f->file) < n ||
		    strcmp(f->file + strlen(f->file) - n, file_suffix) != 0))
			continue;
		if (line >= 0 && f->line != line)
			continue;
		return true;
	}
	return false;
}

static const f48_list_file *
file_with_role(const f48_fml4_list *l, unsigned role)
{
	size_t i;

	for (i = 0; i < l->nfiles; i++)
		if (l->files[i].roles & role)
			return &l->files[i];
	return NULL;
}

/* A host tree under <tmp>/<name>/root with one list "lst" of domain example.org. */
static const char *
make_tree(const char *name, const char *config_ph, const char *site_init,
    const char *site_force, const char *default_config, const char *include)
{
	static char dir[1024];
	char p[1100];

	snprintf(p, sizeof(p), "%s/root/var/spool/ml/lst/config.ph", name);
	if (config_ph)
		t_write(p, config_ph);
	snprintf(p, sizeof(p), "%s/root/var/spool/ml/lst/include", name);
	t_write(p, include ? include : "\"|/usr/local/fml/fml.pl /var/spool/ml/lst \"\n");
	snprintf(p, sizeof(p), "%s/root/var/spool/ml/lst/members", name);
	t_write(p, "a@example.org\n# b@example.org\n##BYE c@example.org\n");
	snprintf(p, sizeof(p), "%s/root/var/spool/ml/lst/actives", name);
	t_write(p, "a@example.org\nd@example.org m=3\n");
	if (site_init) {
		snprintf(p, sizeof(p), "%s/root/var/spool/ml/etc/fml/site_init.ph", name);
		t_write(p, site_init);
	}
	if (site_force) {
		snprintf(p, sizeof(p), "%s/root/var/spool/ml/etc/fml/site_force.ph", name);
		t_write(p, site_force);
	}
	if (default_config) {
		snprintf(p, sizeof(p), "%s/root/usr/local/fml/default_config.ph", name);
		t_write(p, default_config);
	}
	snprintf(dir, sizeof(dir), "%s/%s/root/var/spool/ml/lst", t_tmpdir(), name);
	return dir;
}

static char *
root_of(const char *name)
{
	static char r[1024];

	snprintf(r, sizeof(r), "%s/%s/root", t_tmpdir(), name);
	return r;
}

static void
test_layer_order(void)
{
	const char *dir = make_tree("layers",
	    "$DOMAINNAME = 'example.org';\n"
	    "$MAIL_LIST = \"lst\\@$DOMAINNAME\";\n"
	    "$SUBJECT_TAG_TYPE = '[:]';\n"
	    "$INCOMING_MAIL_SIZE_LIMIT = '';\n"
	    "$MAX_MEMBER_LIMIT = 10;\n"
	    "1;\n",
	    "$SUBJECT_TAG_TYPE = '(ID)';\n$TZone = '+0100';\n1;\n",
	    "$INCOMING_MAIL_SIZE_LIMIT = '2M' unless $INCOMING_MAIL_SIZE_LIMIT;\n1;\n",
	    "$TZone = '+0900';\n$MEMBER_LIST = \"$DIR/members\";\n$ACTIVE_LIST = \"$DIR/actives\";\n"
	    "$PERMIT_POST_FROM = 'members_only';\n1;\n",
	    "\"|/usr/local/fml/fml.pl /var/spool/ml/lst --MAX_MEMBER_LIMIT=20 \"\n");
	f48_fml4_list *l = read_list(dir, root_of("layers"), false);
	const f48_setting *s;

	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_STRING_EQUAL(l->dir_prod, "/var/spool/ml/lst");
	/* config.ph beats site_init.ph */
	s = get(l, "SUBJECT_TAG_TYPE");
	CU_ASSERT_STRING_EQUAL(s->value, "[:]");
	CU_ASSERT_EQUAL(s->layer, F48_LAYER_CONFIG);
	CU_ASSERT_EQUAL(s->line, 3);
	CU_ASSERT_EQUAL(s->nhistory >= 2, 1);
	/* site_init.ph beats default_config.ph */
	s = get(l, "TZone");
	CU_ASSERT_STRING_EQUAL(s->value, "+0100");
	CU_ASSERT_EQUAL(s->layer, F48_LAYER_SITE_INIT);
	/* site_force.ph beats config.ph, with its condition evaluated */
	s = get(l, "INCOMING_MAIL_SIZE_LIMIT");
	CU_ASSERT_STRING_EQUAL(s->value, "2M");
	CU_ASSERT_EQUAL(s->layer, F48_LAYER_SITE_FORCE);
	CU_ASSERT_TRUE(has_finding(l, F48_C_SITE_OVERRIDE, "site_force.ph", 1));
	/* the include option beats everything */
	s = get(l, "MAX_MEMBER_LIMIT");
	CU_ASSERT_STRING_EQUAL(s->value, "20");
	CU_ASSERT_EQUAL(s->layer, F48_LAYER_INCLUDE);
	CU_ASSERT_TRUE(has_finding(l, F48_C_INCLUDE_OPTION, "include", 1));
	/* interpolation of earlier variables, $DIR is the production path */
	CU_ASSERT_STRING_EQUAL(f48_fml4_value(l->config, "MAIL_LIST"), "lst@example.org");
	CU_ASSERT_STRING_EQUAL(f48_fml4_value(l->config, "MEMBER_LIST"), "/var/spool/ml/lst/members");
	/* member files are found through the production path */
	CU_ASSERT_PTR_NOT_NULL_FATAL(file_with_role(l, F48_ROLE_ACTIVES));
	CU_ASSERT_TRUE(file_with_role(l, F48_ROLE_ACTIVES)->exists);
	CU_ASSERT_EQUAL(file_with_role(l, F48_ROLE_ACTIVES)->counts.fml4_recipients, 1);
	CU_ASSERT_EQUAL(file_with_role(l, F48_ROLE_ACTIVES)->counts.digest, 1);
	CU_ASSERT_EQUAL(file_with_role(l, F48_ROLE_MEMBERS)->counts.fml4_members, 2);
	CU_ASSERT_FALSE(l->config->defaults_from_table);
	CU_ASSERT_EQUAL(f48_findings_count(&l->findings, F48_SEV_WARNING), 0);
	f48_fml4_list_free(l);
}

static void
test_defaults_from_table(void)
{
	const char *dir = make_tree("table", "$DOMAINNAME = 'example.org';\n1;\n", NULL, NULL,
	    NULL, NULL);
	f48_fml4_list *l = read_list(dir, root_of("table"), false);

	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_TRUE(l->config->defaults_from_table);
	CU_ASSERT_TRUE(has_finding(l, F48_C_DEFAULTS_FROM_TABLE, NULL, -1));
	/* builtin and MANIFEST defaults are there, evaluated against $DIR */
	CU_ASSERT_STRING_EQUAL(f48_fml4_value(l->config, "PERMIT_POST_FROM"), "members_only");
	CU_ASSERT_STRING_EQUAL(f48_fml4_value(l->config, "MEMBER_LIST"), "/var/spool/ml/lst/members");
	CU_ASSERT_STRING_EQUAL(f48_fml4_value(l->config, "ACTIVE_LIST"), "/var/spool/ml/lst/actives");
	/* an empty TZone is +0900 (fml.pl fix-up) */
	CU_ASSERT_PTR_NOT_NULL(f48_fml4_value(l->config, "TZone"));
	f48_fml4_list_free(l);
}

static void
test_macros_and_hooks(void)
{
	const char *dir = make_tree("macros",
	    "$SUBJECT_TAG_TYPE = '';\n"
	    "&DEFINE_SUBJECT_TAG('[,]');\n"
	    "$START_HOOK = q#\n  $e{'h:X-A:'} = 'b';\n#;\n"
	    "&ADD_CONTENT_HANDLER('text/plain', '.*/.*', 'allow');\n"
	    "&NOT_A_MACRO(1);\n"
	    "1;\n", NULL, NULL, NULL, NULL);
	f48_fml4_list *l = read_list(dir, root_of("macros"), false);
	const f48_setting *s;

	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	/* DEFINE_SUBJECT_TAG is SubjectTagDef at once: SUBJECT_TAG_TYPE stays "" */
	CU_ASSERT_STRING_EQUAL(get(l, "SUBJECT_TAG_TYPE")->value, "");
	s = get(l, "BRACKET_SEPARATOR");
	CU_ASSERT_STRING_EQUAL(s->value, ",");
	CU_ASSERT_EQUAL(s->line, 2);
	{
		const f48_setting *o;
		char *tag = f48_fml4_subject_tag(l->config, &o);

		/* no BRACKET anywhere: fml4 says Elena */
		CU_ASSERT_STRING_EQUAL(tag, "[Elena,%05d]");
		CU_ASSERT_EQUAL(o->line, 2);
		free(tag);
	}
	CU_ASSERT_EQUAL_FATAL(l->config->nhooks, 1);
	CU_ASSERT_STRING_EQUAL(l->config->hooks[0].name, "START_HOOK");
	CU_ASSERT_EQUAL(l->config->hooks[0].line, 3);
	CU_ASSERT_PTR_NOT_NULL(strstr(l->config->hooks[0].code, "X-A"));
	CU_ASSERT_EQUAL_FATAL(l->config->ncalls, 3);
	CU_ASSERT_STRING_EQUAL(l->config->calls[1].name, "ADD_CONTENT_HANDLER");
	CU_ASSERT_EQUAL(l->config->calls[1].nargs, 3);
	CU_ASSERT_STRING_EQUAL(l->config->calls[1].args[2], "allow");
	CU_ASSERT_FALSE(l->config->calls[2].known_macro);
	CU_ASSERT_TRUE(has_finding(l, F48_C_MACRO_UNKNOWN, "config.ph", 7));
	f48_fml4_list_free(l);
}

static void
test_auto_regist_delivers_to_members(void)
{
	const char *dir = make_tree("autoregist",
	    "$REJECT_POST_HANDLER = 'auto_regist';\n1;\n", NULL, NULL, NULL, NULL);
	f48_fml4_list *l = read_list(dir, root_of("autoregist"), false);
	const f48_list_file *f;

	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_STRING_EQUAL(f48_fml4_value(l->config, "ACTIVE_LIST"),
	    f48_fml4_value(l->config, "MEMBER_LIST"));
	f = file_with_role(l, F48_ROLE_ACTIVES);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_TRUE(f->roles & F48_ROLE_MEMBERS);
	CU_ASSERT_TRUE(has_finding(l, F48_C_LIST_FILE_SHARED, NULL, -1));
	f48_fml4_list_free(l);
}

static void
test_bad_config_ph(void)
{
	const char *dir;
	f48_fml4_list *l;
	char p[1200];

	/* a string cut in the middle: PARSE_ERROR with the line */
	dir = make_tree("broken", "$A = 1;\n$MAIL_LIST = \"lst@exam", NULL, NULL, NULL, NULL);
	l = read_list(dir, root_of("broken"), false);
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_TRUE(has_finding(l, F48_C_PARSE_ERROR, "config.ph", 2));
	CU_ASSERT_FALSE(l->config->config_ph_ok);
	f48_fml4_list_free(l);

	/* binary garbage */
	dir = make_tree("garbage", NULL, NULL, NULL, NULL, NULL);
	snprintf(p, sizeof(p), "garbage/root/var/spool/ml/lst/config.ph");
	t_write_file(p, "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0", 20);
	l = read_list(dir, root_of("garbage"), false);
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_TRUE(has_finding(l, F48_C_FILE_BINARY, "config.ph", 0));
	f48_fml4_list_free(l);

	/* missing */
	dir = make_tree("missing", NULL, NULL, NULL, NULL, NULL);
	l = read_list(dir, root_of("missing"), false);
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_TRUE(has_finding(l, F48_C_FILE_MISSING, "config.ph", 0));
	f48_fml4_list_free(l);

	/* a symlink where config.ph should be, pointing outside the tree */
	dir = make_tree("symlink", NULL, NULL, NULL, NULL, NULL);
	snprintf(p, sizeof(p), "%s/config.ph", dir);
	CU_ASSERT_EQUAL_FATAL(symlink("/etc/passwd", p), 0);
	l = read_list(dir, root_of("symlink"), false);
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_TRUE(has_finding(l, F48_C_FILE_SYMLINK, "config.ph", 0));
	CU_ASSERT_FALSE(l->config->config_ph_ok);
	f48_fml4_list_free(l);

	/* a directory where config.ph should be */
	dir = make_tree("isdir", NULL, NULL, NULL, NULL, NULL);
	snprintf(p, sizeof(p), "%s/config.ph", dir);
	CU_ASSERT_EQUAL_FATAL(mkdir(p, 0755), 0);
	l = read_list(dir, root_of("isdir"), false);
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_TRUE(f48_findings_count(&l->findings, F48_SEV_ERROR) > 0);
	f48_fml4_list_free(l);
}

static void
test_huge_line_and_crlf(void)
{
	char *big = malloc(1024 * 1024 + 64);
	const char *dir;
	f48_fml4_list *l;

	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	strcpy(big, "$X = '");
	memset(big + 6, 'a', 1024 * 1024);
	strcpy(big + 6 + 1024 * 1024, "';\r\n$Y = \"b\";\r\n1;\r\n");
	dir = make_tree("huge", big, NULL, NULL, NULL, NULL);
	free(big);
	l = read_list(dir, root_of("huge"), false);
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_EQUAL(get(l, "X")->len, 1024 * 1024);
	CU_ASSERT_STRING_EQUAL(f48_fml4_value(l->config, "Y"), "b");
	CU_ASSERT_EQUAL(get(l, "Y")->line, 2);
	CU_ASSERT_TRUE(has_finding(l, F48_C_CRLF_LINE_ENDS, "config.ph", 0));
	CU_ASSERT_EQUAL(f48_findings_count(&l->findings, F48_SEV_WARNING), 0);
	f48_fml4_list_free(l);
}

/* ---- the real fixtures ------------------------------------------------- */

static f48_fml4_list *
fixture(const char *ml)
{
	return read_list(t_fixture_ml(ml), t_fixture_root(), false);
}

static void
test_fixture_test_ml(void)
{
	f48_fml4_list *l;
	const f48_setting *s;
	const f48_list_file *f;

	T_NEED_SHARED();
	l = fixture("test-ml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_STRING_EQUAL(l->dir_prod, "/var/mail/example.com/~ml/test-ml");
	CU_ASSERT_FALSE(l->config->defaults_from_table);
	s = get(l, "SUBJECT_TAG_TYPE");
	CU_ASSERT_STRING_EQUAL(s->value, "[:]");
	CU_ASSERT_EQUAL(s->layer, F48_LAYER_CONFIG);
	s = get(l, "INCOMING_MAIL_SIZE_LIMIT");
	CU_ASSERT_STRING_EQUAL(s->value, "2M");
	CU_ASSERT_EQUAL(s->layer, F48_LAYER_SITE_FORCE);
	CU_ASSERT_STRING_EQUAL(f48_fml4_value(l->config, "MAIL_LIST"), "test-ml@example.com");
	CU_ASSERT_STRING_EQUAL(f48_fml4_value(l->config, "PERMIT_POST_FROM"), "members_only");
	CU_ASSERT_STRING_EQUAL(f48_fml4_value(l->config, "REJECT_POST_HANDLER"), "reject");
	f = file_with_role(l, F48_ROLE_ACTIVES);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(f->counts.fml4_recipients, 4);
	CU_ASSERT_EQUAL(f->counts.digest, 2);
	CU_ASSERT_EQUAL(f->counts.skip, 1);
	CU_ASSERT_EQUAL(f->counts.off, 2);
	CU_ASSERT_EQUAL(f->counts.bye, 1);
	f = file_with_role(l, F48_ROLE_MEMBERS);
	CU_ASSERT_EQUAL(f->counts.fml4_members, 9);
	CU_ASSERT_EQUAL(f48_findings_count(&l->findings, F48_SEV_WARNING), 0);
	f48_fml4_list_free(l);
}

static void
check_tag(const f48_fml4_list *l, const char *want, const char *file_suffix, long line)
{
	const f48_setting *o = NULL;
	char *tag = f48_fml4_subject_tag(l->config, &o);

	CU_ASSERT_PTR_NOT_NULL_FATAL(tag);
	CU_ASSERT_STRING_EQUAL(tag, want);
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	CU_ASSERT_TRUE(strlen(o->file) >= strlen(file_suffix) &&
	    strcmp(o->file + strlen(o->file) - strlen(file_suffix), file_suffix) == 0);
	CU_ASSERT_EQUAL(o->line, line);
	free(tag);
}

static void
test_fixture_all_tags(void)
{
	static const struct { const char *ml, *tag; } want[] = {
		{ "test-ml", "[test-ml:%05d]" }, { "info", "(%05d)" }, { "staff", "[staff %05d]" },
		{ "news", "(NEWS:%05d)" }, { "support", "[support:%03d]" }, { "dev", "[dev,%05d]" },
		{ "users", "[users:%05d]" }, { "announce", NULL },
	};
	size_t i;

	T_NEED_SHARED();
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		f48_fml4_list *l = read_list(t_fixture_ml(want[i].ml), t_fixture_root(), false);
		char *tag;

		CU_ASSERT_PTR_NOT_NULL_FATAL(l);
		tag = f48_fml4_subject_tag(l->config, NULL);
		if (want[i].tag == NULL) {
			CU_ASSERT_PTR_NULL(tag);
		} else if (tag == NULL || strcmp(tag, want[i].tag) != 0) {
			printf("\n  %s: tag %s, expected %s\n", want[i].ml, tag ? tag : "(none)",
			    want[i].tag);
			CU_FAIL("subject tag differs from what fml4 produced");
		}
		free(tag);
		f48_fml4_list_free(l);
	}
}

static void
test_fixture_tags(void)
{
	f48_fml4_list *l;
	const f48_setting *s;

	T_NEED_SHARED();
	/* users: the tag comes only from site_init.ph */
	l = fixture("users");
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	s = get(l, "SUBJECT_TAG_TYPE");
	CU_ASSERT_STRING_EQUAL(s->value, "[:]");
	CU_ASSERT_EQUAL(s->layer, F48_LAYER_SITE_INIT);
	CU_ASSERT_TRUE(has_finding(l, F48_C_SITE_OVERRIDE, "site_init.ph", -1));
	check_tag(l, "[users:%05d]", "etc/fml/site_init.ph", 7);
	CU_ASSERT_STRING_EQUAL(f48_fml4_value(l->config, "PERMIT_COMMAND_FROM"), "anyone");
	f48_fml4_list_free(l);
	/* dev: config.ph says "", the macro call at the end sets [,] */
	l = fixture("dev");
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_STRING_EQUAL(get(l, "SUBJECT_TAG_TYPE")->value, "");
	check_tag(l, "[dev,%05d]", "dev/config.ph", 1542);
	CU_ASSERT_STRING_EQUAL(f48_fml4_value(l->config, "TZone"), "+0000");
	CU_ASSERT_EQUAL(l->config->nhooks, 4);    /* 3 in config.ph, 1 from site_init.ph */
	f48_fml4_list_free(l);
	/* news: (:) with BRACKET NEWS, SMTP relay, member limit */
	l = fixture("news");
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_STRING_EQUAL(f48_fml4_value(l->config, "SUBJECT_TAG_TYPE"), "(:)");
	CU_ASSERT_STRING_EQUAL(f48_fml4_value(l->config, "BRACKET"), "NEWS");
	check_tag(l, "(NEWS:%05d)", "news/config.ph", 638);
	CU_ASSERT_STRING_EQUAL(f48_fml4_value(l->config, "HOST"), "127.0.0.1");
	CU_ASSERT_STRING_EQUAL(f48_fml4_value(l->config, "PORT"), "10025");
	CU_ASSERT_STRING_EQUAL(f48_fml4_value(l->config, "MAX_MEMBER_LIMIT"), "300");
	CU_ASSERT_STRING_EQUAL(f48_fml4_value(l->config, "REJECT_POST_HANDLER"), "auto_subscribe");
	CU_ASSERT_EQUAL(file_with_role(l, F48_ROLE_ACTIVES)->counts.fml4_recipients, 3);
	f48_fml4_list_free(l);
}

static void
test_fixture_support_info_staff_announce(void)
{
	f48_fml4_list *l;
	const f48_setting *s;
	size_t i, forced = 0, handlers = 0;

	T_NEED_SHARED();
	l = fixture("support");
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	s = get(l, "TZone");
	CU_ASSERT_STRING_EQUAL(s->value, " JST");
	CU_ASSERT_EQUAL(s->line, 1548);
	CU_ASSERT_STRING_EQUAL(f48_fml4_value(l->config, "XMLNAME"), "X-ML-Name: Support Desk");
	CU_ASSERT_EQUAL(get(l, "ML_FN")->enc, F48_ENC_EUCJP);
	for (i = 0; i < l->config->ncalls; i++) {
		if (strcmp(l->config->calls[i].name, "DEFINE_FIELD_FORCED") == 0)
			forced++;
		if (strcmp(l->config->calls[i].name, "ADD_CONTENT_HANDLER") == 0)
			handlers++;
	}
	CU_ASSERT_EQUAL(forced, 2);
	CU_ASSERT_EQUAL(handlers, 4);
	/* reply-to is forced to $MAIL_LIST, evaluated */
	CU_ASSERT_STRING_EQUAL(l->config->calls[0].args[1], "support@example.com");
	f48_fml4_list_free(l);

	l = fixture("info");
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	s = get(l, "INCOMING_MAIL_SIZE_LIMIT");
	CU_ASSERT_STRING_EQUAL(s->value, "1M");
	CU_ASSERT_EQUAL(s->layer, F48_LAYER_CONFIG);
	CU_ASSERT_STRING_EQUAL(f48_fml4_value(l->config, "PERMIT_POST_FROM"), "anyone");
	CU_ASSERT_STRING_EQUAL(f48_fml4_value(l->config, "MAINTAINER"), "webmaster@example.com");
	f48_fml4_list_free(l);

	l = fixture("staff");
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_STRING_EQUAL(f48_fml4_value(l->config, "PERMIT_POST_FROM"), "moderator");
	CU_ASSERT_STRING_EQUAL(f48_fml4_value(l->config, "MODERATOR_NOTIFICATION_TYPE"), "2");
	CU_ASSERT_PTR_NOT_NULL(strstr(f48_fml4_value(l->config, "REJECT_ADDR"), "|S+-bounces|daemon"));
	CU_ASSERT_PTR_NOT_NULL_FATAL(l->passwd);
	CU_ASSERT_EQUAL(l->passwd->n, 2);
	CU_ASSERT_STRING_EQUAL(l->passwd->entries[0].kind, "des");
	CU_ASSERT_STRING_EQUAL(l->passwd->entries[1].kind, "other");
	CU_ASSERT_EQUAL(file_with_role(l, F48_ROLE_MODERATORS)->counts.fml4_members, 2);
	CU_ASSERT_EQUAL(file_with_role(l, F48_ROLE_ADMINS)->counts.fml4_members, 2);
	CU_ASSERT_EQUAL(file_with_role(l, F48_ROLE_ACTIVES)->counts.fml4_recipients, 4);
	CU_ASSERT_EQUAL(file_with_role(l, F48_ROLE_ACTIVES)->counts.digest, 1);
	f48_fml4_list_free(l);

	l = fixture("announce");
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_STRING_EQUAL(f48_fml4_value(l->config, "MAIL_LIST"), "announce@example.com");
	CU_ASSERT_STRING_EQUAL(f48_fml4_value(l->config, "MAX_MEMBER_LIMIT"), "6000");
	CU_ASSERT_EQUAL(file_with_role(l, F48_ROLE_ACTIVES)->counts.fml4_recipients, 4996);
	CU_ASSERT_EQUAL(file_with_role(l, F48_ROLE_ACTIVES)->counts.digest, 2);
	CU_ASSERT_EQUAL(file_with_role(l, F48_ROLE_MEMBERS)->counts.fml4_members, 4999);
	f48_fml4_list_free(l);
}

static void
test_fixture_domain_lists(void)
{
	char ml_dir[1200], **names = NULL;
	size_t n = 0, i;
	f48_error err;

	T_NEED_SHARED();
	snprintf(ml_dir, sizeof(ml_dir), "%s/var/mail/example.com/~ml", t_fixture_root());
	f48_error_clear(&err);
	CU_ASSERT_EQUAL_FATAL(f48_fml4_domain_lists(ml_dir, &names, &n, &err), F48_OK);
	CU_ASSERT_EQUAL(n, 8);
	if (n == 8) {
		CU_ASSERT_STRING_EQUAL(names[0], "announce");
		CU_ASSERT_STRING_EQUAL(names[7], "users");
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static f48_fml4_list *
read_cached(const char *dir, f48_fml4_cache *cache)
{
	f48_fml4_list_opts o = { .list_dir = dir, .tables = tables, .cache = cache };

	return read_with(&o);
}

#define SAME_STR(x, y) CU_ASSERT_STRING_EQUAL((x) ? (x) : "(null)", (y) ? (y) : "(null)")

/* Two configs the same in everything a later stage can see: every setting
 * with its history, macro calls, hooks, modes, sources, findings, the
 * budget used. */
static void
expect_same_config(const f48_fml4_config *a, const f48_fml4_config *b)
{
	size_t i, j;

	CU_ASSERT_EQUAL_FATAL(f48_strmap_size(a->settings), f48_strmap_size(b->settings));
	for (i = 0; i < f48_strmap_size(a->settings); i++) {
		const f48_setting *x = f48_strmap_value_at(a->settings, i);
		const f48_setting *y = f48_strmap_value_at(b->settings, i);

		SAME_STR(f48_strmap_key_at(a->settings, i), f48_strmap_key_at(b->settings, i));
		SAME_STR(x->name, y->name);
		CU_ASSERT_EQUAL(x->kind, y->kind);
		CU_ASSERT_EQUAL_FATAL(x->len, y->len);
		CU_ASSERT(memcmp(x->value, y->value, x->len) == 0);
		CU_ASSERT_EQUAL_FATAL(x->nitems, y->nitems);
		for (j = 0; j < x->nitems; j++)
			SAME_STR(x->items[j], y->items[j]);
		CU_ASSERT_EQUAL(x->known, y->known);
		SAME_STR(x->reason, y->reason);
		CU_ASSERT_EQUAL(x->layer, y->layer);
		SAME_STR(x->file, y->file);
		CU_ASSERT_EQUAL(x->line, y->line);
		CU_ASSERT_EQUAL(x->enc, y->enc);
		CU_ASSERT_EQUAL(x->is_hook, y->is_hook);
		SAME_STR(x->raw, y->raw);
		CU_ASSERT_EQUAL(x->undefined, y->undefined);
		CU_ASSERT_EQUAL(x->seq, y->seq);
		CU_ASSERT_EQUAL_FATAL(x->nhistory, y->nhistory);
		for (j = 0; j < x->nhistory; j++) {
			const f48_assign *h = &x->history[j], *k = &y->history[j];

			CU_ASSERT_EQUAL(h->layer, k->layer);
			SAME_STR(h->file, k->file);
			CU_ASSERT_EQUAL(h->line, k->line);
			SAME_STR(h->op, k->op);
			CU_ASSERT_EQUAL(h->known, k->known);
			CU_ASSERT((h->value == NULL) == (k->value == NULL));
			if (h->value && k->value) {
				CU_ASSERT_EQUAL_FATAL(h->len, k->len);
				CU_ASSERT(memcmp(h->value, k->value, h->len) == 0);
			}
		}
	}
	CU_ASSERT_EQUAL_FATAL(a->ncalls, b->ncalls);
	for (i = 0; i < a->ncalls; i++) {
		SAME_STR(a->calls[i].name, b->calls[i].name);
		CU_ASSERT_EQUAL(a->calls[i].line, b->calls[i].line);
		CU_ASSERT_EQUAL_FATAL(a->calls[i].nargs, b->calls[i].nargs);
		for (j = 0; j < a->calls[i].nargs; j++)
			SAME_STR(a->calls[i].args[j], b->calls[i].args[j]);
	}
	CU_ASSERT_EQUAL_FATAL(a->nhooks, b->nhooks);
	for (i = 0; i < a->nhooks; i++) {
		SAME_STR(a->hooks[i].name, b->hooks[i].name);
		SAME_STR(a->hooks[i].code, b->hooks[i].code);
		SAME_STR(a->hooks[i].file, b->hooks[i].file);
	}
	CU_ASSERT_EQUAL_FATAL(a->nmodes, b->nmodes);
	for (i = 0; i < a->nmodes; i++)
		SAME_STR(a->modes[i].mode, b->modes[i].mode);
	CU_ASSERT_EQUAL_FATAL(a->nsources, b->nsources);
	for (i = 0; i < a->nsources; i++) {
		SAME_STR(a->sources[i].path, b->sources[i].path);
		CU_ASSERT_EQUAL(a->sources[i].used, b->sources[i].used);
	}
	CU_ASSERT_EQUAL(a->defaults_from_table, b->defaults_from_table);
	CU_ASSERT_EQUAL(a->config_ph_ok, b->config_ph_ok);
	CU_ASSERT_EQUAL(a->seq, b->seq);
	CU_ASSERT_EQUAL(a->budget.mem, b->budget.mem);
	CU_ASSERT_EQUAL(a->budget.steps, b->budget.steps);
	CU_ASSERT_EQUAL(a->budget.exhausted, b->budget.exhausted);
	CU_ASSERT_EQUAL_FATAL(a->findings.n, b->findings.n);
	for (i = 0; i < a->findings.n; i++) {
		SAME_STR(a->findings.items[i].code, b->findings.items[i].code);
		SAME_STR(a->findings.items[i].file, b->findings.items[i].file);
		CU_ASSERT_EQUAL(a->findings.items[i].line, b->findings.items[i].line);
		SAME_STR(a->findings.items[i].message, b->findings.items[i].message);
		SAME_STR(a->findings.items[i].fix, b->findings.items[i].fix);
	}
}

/* fml4's defaults evaluated once per run and copied (the cache's
 * snapshot), against evaluating them for the list: the same config for
 * every fixture list, the examples, and lists whose directory has
 * characters that mean something in Perl strings, printf or paths, with
 * and without a default_config.ph. */
static void
test_defaults_snapshot(void)
{
	static const char *const fixture[] = { "test-ml", "announce", "dev", "info", "news",
		"staff", "support", "users" };
	static const char *const odd[] = { "odd/ml/pct%s%d", "odd/ml/dollar$DIR@x", "odd/ml/back\\slash",
		"odd/ml/sp ace", "odd/ml/ctl\001x", "odd/ml/a", "odd/ml/utf8-\xe6\x97\xa5" };
	f48_fml4_cache *cache = f48_fml4_cache_new();
	char dir[4096];
	size_t k, checked = 0;

	t_write("odd/ml/etc/fml/site_init.ph", "$SPOOL_DIR = \"$DIR/sp\";\n1;\n");
	for (k = 0; k < sizeof(odd) / sizeof(odd[0]); k++) {
		char cf[256];

		snprintf(cf, sizeof(cf), "%s/config.ph", odd[k]);
		t_write(cf, "$DOMAINNAME = \"example.org\";\n$MAIL_LIST = \"x\\@example.org\";\n"
		    "$ARCHIVE_DIR = \"$DIR/old\";\n@X = ();\n1;\n");
	}
	/* one list brings its own default_config.ph: the built-in snapshot only */
	t_write("odd/ml/a/default_config.ph", "$LOGFILE = \"$DIR/log\";\n$SPOOL_DIR = \"spool\";\n1;\n");
	for (k = 0; k < sizeof(odd) / sizeof(odd[0]) + sizeof(fixture) / sizeof(fixture[0]); k++) {
		f48_fml4_list *plain, *copied;
		f48_fml4_list_opts po = { .tables = tables };
		f48_fml4_list_opts co = { .tables = tables, .cache = cache };

		if (k < sizeof(odd) / sizeof(odd[0])) {
			snprintf(dir, sizeof(dir), "%s/%s", t_tmpdir(), odd[k]);
		} else {
			if (t_shared_dir() == NULL)
				break;
			snprintf(dir, sizeof(dir), "%s", t_fixture_ml(fixture[k - sizeof(odd) / sizeof(odd[0])]));
			po.root = co.root = t_fixture_root();
		}
		po.list_dir = co.list_dir = dir;
		plain = read_with(&po);
		copied = read_with(&co);
		CU_ASSERT_PTR_NOT_NULL_FATAL(plain);
		CU_ASSERT_PTR_NOT_NULL_FATAL(copied);
		expect_same_config(plain->config, copied->config);
		f48_fml4_list_free(plain);
		f48_fml4_list_free(copied);
		checked++;
	}
	CU_ASSERT(checked >= sizeof(odd) / sizeof(odd[0]));
	/* and the copies were used: both evaluations passed their check */
	CU_ASSERT_EQUAL(f48_fml4_cache_snapshots(cache), 2);
	f48_fml4_cache_free(cache);
}

/* The parse cache: site_init.ph shared by two lists is parsed once and
 * gives each list what parsing it for that list gives (settings, origins,
 * its parse error with file:line); once the file changes, the new bytes
 * are what counts. */
static void
test_parse_cache(void)
{
	const char *site = t_write("pc/ml/etc/fml/site_init.ph",
	    "$SUBJECT_TAG_TYPE = \"[:]\";\n$SITE_NOTE = \"one $DIR\";\n"
	    "$BAD = \"unterminated;\n");
	const char *names[2] = { "a", "b" };
	f48_fml4_cache *cache = f48_fml4_cache_new();
	char dir[4096];
	size_t k;

	for (k = 0; k < 2; k++) {
		char cf[64];

		snprintf(cf, sizeof(cf), "pc/ml/%s/config.ph", names[k]);
		t_write(cf, "$DOMAINNAME = \"example.org\";\n$MAIL_LIST = \"x\\@example.org\";\n1;\n");
	}
	for (k = 0; k < 2; k++) {
		f48_fml4_list *plain, *cached;

		snprintf(dir, sizeof(dir), "%s/pc/ml/%s", t_tmpdir(), names[k]);
		plain = read_cached(dir, NULL);
		cached = read_cached(dir, cache);
		CU_ASSERT_PTR_NOT_NULL_FATAL(plain);
		CU_ASSERT_PTR_NOT_NULL_FATAL(cached);
		expect_same_config(plain->config, cached->config);
		CU_ASSERT(has_finding(cached, F48_C_PARSE_ERROR, "etc/fml/site_init.ph", 3));
		/* the cached parse, evaluated for this list ($DIR is its own) */
		CU_ASSERT_STRING_EQUAL(f48_fml4_value(cached->config, "SITE_NOTE") + 4, dir);
		f48_fml4_list_free(plain);
		f48_fml4_list_free(cached);
	}
	/* changed bytes: parsed again, through the same cache */
	t_write("pc/ml/etc/fml/site_init.ph", "$SITE_NOTE = \"two\";\n1;\n");
	{
		f48_fml4_list *l = read_cached(dir, cache);

		CU_ASSERT_PTR_NOT_NULL_FATAL(l);
		CU_ASSERT_STRING_EQUAL(f48_fml4_value(l->config, "SITE_NOTE"), "two");
		CU_ASSERT_FALSE(has_finding(l, F48_C_PARSE_ERROR, "etc/fml/site_init.ph", -1));
		f48_fml4_list_free(l);
	}
	(void)site;
	f48_fml4_cache_free(cache);
}

void
register_fml4_list_tests(void)
{
	CU_pSuite s = CU_add_suite("fml4_list", suite_init, suite_clean);

	CU_add_test(s, "layer order", test_layer_order);
	CU_add_test(s, "shared Perl files parsed once, per their bytes", test_parse_cache);
	CU_add_test(s, "fml4's defaults evaluated once = for each list", test_defaults_snapshot);
	CU_add_test(s, "defaults from table", test_defaults_from_table);
	CU_add_test(s, "macros and hooks", test_macros_and_hooks);
	CU_add_test(s, "auto_regist delivers to members", test_auto_regist_delivers_to_members);
	CU_add_test(s, "bad config.ph", test_bad_config_ph);
	CU_add_test(s, "huge line and CRLF", test_huge_line_and_crlf);
	CU_add_test(s, "fixture test-ml", test_fixture_test_ml);
	CU_add_test(s, "fixture tags", test_fixture_tags);
	CU_add_test(s, "fixture subject tags as fml4 sent them", test_fixture_all_tags);
	CU_add_test(s, "fixture support info staff announce", test_fixture_support_info_staff_announce);
	CU_add_test(s, "fixture domain lists", test_fixture_domain_lists);
}

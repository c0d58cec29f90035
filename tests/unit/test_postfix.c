/* test_postfix.c - fml8's virtual/aliases blocks (generation, replacement,
 * the domain line, --fix idempotence), the stale-entry scan, and every
 * main.cf check both violated and not violated. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "codes.h"
#include "util/fileio.h"
#include "util/findings.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "postfix/postfix_check.h"
#include "postfix/postfix_maps.h"
#include "domain/domain_maps.h"
#include "fml4/fml4_defaults.h"

#include "testutil.h"

#define RMX "realmx.example.jp"

static f48_maincf *
cf_of(const char *text)
{
	f48_maincf *cf = NULL;

	CU_ASSERT_EQUAL(f48_maincf_parse(text, strlen(text), "main.cf", &cf), F48_OK);
	return cf;
}

/* Run every main.cf check with the usual test-ml setting. */
static void
check(const char *maincf, bool declared, f48_findings *fs)
{
	f48_maincf *cf = cf_of(maincf);
	f48_pf_check_opts o = { .realmx = RMX, .domain = "example.com",
	    .aliases_file = "/var/mail/example.com/~ml/etc/mail/aliases",
	    .virtual_file = "/var/mail/example.com/~ml/etc/postfix/virtual",
	    .domain_declared = declared };

	f48_findings_init(fs);
	f48_pf_check_maincf(cf, &o, fs);
	f48_maincf_free(cf);
}

static const f48_finding *
find_code(const f48_findings *fs, const char *code)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (strcmp(fs->items[i].code, code) == 0)
			return &fs->items[i];
	return NULL;
}

/* A main.cf that passes every check. */
#define GOOD_CF \
	"# a good main.cf\n" \
	"myhostname = realmx.example.jp\n" \
	"mydestination = $myhostname, localhost\n" \
	"alias_maps = hash:/etc/aliases,\n" \
	"    hash:/var/mail/example.com/~ml/etc/mail/aliases\n" \
	"virtual_alias_maps = hash:/var/mail/example.com/~ml/etc/postfix/virtual\n" \
	"allow_mail_to_commands = alias, forward, include\n" \
	"recipient_delimiter = +\n"

static void
test_maincf_parse_and_expand(void)
{
	f48_maincf *cf = cf_of("a = 1\n# comment\n  # indented comment\nb = x,\n\ty\n\n"
	    "c = ${a} $(b) $a/$b\nd = ${a?set} ${nothing:empty}\na = 2\n");
	const f48_maincf_param *p;
	char *v;
	bool unk = false;

	p = f48_maincf_find(cf, "b");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_STRING_EQUAL(p->value, "x, y");
	CU_ASSERT_EQUAL(p->line, 4);
	CU_ASSERT_STRING_EQUAL(f48_maincf_find(cf, "a")->value, "2");   /* last wins */
	v = f48_maincf_expand(cf, "c", &unk);
	CU_ASSERT_STRING_EQUAL(v, "2 x, y 2/x, y");
	free(v);
	v = f48_maincf_expand(cf, "d", &unk);
	CU_ASSERT_STRING_EQUAL(v, "set empty");
	CU_ASSERT_TRUE(unk);   /* $nothing is unknown */
	free(v);
	f48_maincf_free(cf);

	/* defaults: mydestination = $myhostname, localhost.$mydomain, localhost */
	cf = cf_of("myhostname = realmx.example.jp\n");
	v = f48_maincf_expand(cf, "mydestination", &unk);
	CU_ASSERT_STRING_EQUAL(v, "realmx.example.jp, localhost.example.jp, localhost");
	CU_ASSERT_FALSE(unk);
	free(v);
	CU_ASSERT_STRING_EQUAL(f48_maincf_map_path("proxy:hash:/etc/x"), "/etc/x");
	CU_ASSERT_STRING_EQUAL(f48_maincf_map_path("/etc/y"), "/etc/y");
	CU_ASSERT_PTR_NULL(f48_maincf_map_path("nis:mail.aliases"));
	f48_maincf_free(cf);
}

static void
test_maincf_good_passes_all(void)
{
	f48_findings fs;

	check(GOOD_CF, true, &fs);
	CU_ASSERT_EQUAL(fs.n, 0);
	f48_findings_free(&fs);
}

static void
test_check_realmx(void)
{
	f48_findings fs;
	const f48_finding *f;

	/* violated: realmx not in mydestination (explicit, no $name) */
	check("myhostname = realmx.example.jp\n"
	    "mydestination = localhost\n", true, &fs);
	f = find_code(&fs, F48_C_MAINCF_REALMX_NOT_LOCAL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(f->line, 2);
	CU_ASSERT_STRING_EQUAL(f->fix, "mydestination = localhost, realmx.example.jp");
	f48_findings_free(&fs);
	/* not violated: reached through $myhostname */
	check("myhostname = realmx.example.jp\nmydestination = $myhostname, localhost\n", true, &fs);
	CU_ASSERT_PTR_NULL(find_code(&fs, F48_C_MAINCF_REALMX_NOT_LOCAL));
	CU_ASSERT_PTR_NULL(find_code(&fs, F48_C_MAINCF_UNDECIDED));
	f48_findings_free(&fs);
	/* postconf -n without myhostname: undecided, not a false alarm */
	check("mydestination = $myhostname, localhost\n", true, &fs);
	CU_ASSERT_PTR_NULL(find_code(&fs, F48_C_MAINCF_REALMX_NOT_LOCAL));
	CU_ASSERT_PTR_NOT_NULL(find_code(&fs, F48_C_MAINCF_UNDECIDED));
	f48_findings_free(&fs);
}

static void
test_check_domain_in_mydestination(void)
{
	f48_findings fs;
	const f48_finding *f;

	check("myhostname = realmx.example.jp\n"
	    "mydestination = $myhostname, example.com, localhost\n", true, &fs);
	f = find_code(&fs, F48_C_MAINCF_DOMAIN_IN_MYDESTINATION);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(f->line, 2);
	CU_ASSERT_STRING_EQUAL(f->fix, "mydestination = $myhostname, localhost");
	f48_findings_free(&fs);
	/* not violated: not in mydestination */
	check(GOOD_CF, true, &fs);
	CU_ASSERT_PTR_NULL(find_code(&fs, F48_C_MAINCF_DOMAIN_IN_MYDESTINATION));
	f48_findings_free(&fs);
	/* not violated either: in mydestination but nothing declares it virtual */
	check("myhostname = realmx.example.jp\n"
	    "mydestination = $myhostname, example.com\n", false, &fs);
	CU_ASSERT_PTR_NULL(find_code(&fs, F48_C_MAINCF_DOMAIN_IN_MYDESTINATION));
	f48_findings_free(&fs);
}

static void
test_check_alias_maps(void)
{
	f48_findings fs;
	const f48_finding *f;

	check("myhostname = realmx.example.jp\nalias_maps = hash:/etc/aliases\n", true, &fs);
	f = find_code(&fs, F48_C_MAINCF_ALIAS_MAPS_MISSING);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(f->line, 2);
	CU_ASSERT_STRING_EQUAL(f->fix,
	    "alias_maps = hash:/etc/aliases, hash:/var/mail/example.com/~ml/etc/mail/aliases");
	f48_findings_free(&fs);
	/* not violated, via another $name and another map type */
	check("myhostname = realmx.example.jp\nfml = lmdb:/var/mail/example.com/~ml/etc/mail/aliases\n"
	    "alias_maps = hash:/etc/aliases $fml\n", true, &fs);
	CU_ASSERT_PTR_NULL(find_code(&fs, F48_C_MAINCF_ALIAS_MAPS_MISSING));
	f48_findings_free(&fs);
}

static void
test_check_virtual_maps(void)
{
	f48_findings fs;
	const f48_finding *f;

	/* violated: not set at all (Postfix's default is empty) */
	check("myhostname = realmx.example.jp\n", true, &fs);
	f = find_code(&fs, F48_C_MAINCF_VIRTUAL_MAPS_MISSING);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(f->line, 0);
	CU_ASSERT_STRING_EQUAL(f->fix,
	    "virtual_alias_maps = hash:/var/mail/example.com/~ml/etc/postfix/virtual");
	f48_findings_free(&fs);
	check(GOOD_CF, true, &fs);
	CU_ASSERT_PTR_NULL(find_code(&fs, F48_C_MAINCF_VIRTUAL_MAPS_MISSING));
	f48_findings_free(&fs);
}

static void
test_check_commands(void)
{
	f48_findings fs;
	const f48_finding *f;

	/* violated: Postfix's default "alias, forward" */
	check("myhostname = realmx.example.jp\n", true, &fs);
	f = find_code(&fs, F48_C_MAINCF_COMMANDS_NOT_ALLOWED);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_STRING_EQUAL(f->fix, "allow_mail_to_commands = alias, forward, include");
	f48_findings_free(&fs);
	check("allow_mail_to_commands = alias,forward,include\n", true, &fs);
	CU_ASSERT_PTR_NULL(find_code(&fs, F48_C_MAINCF_COMMANDS_NOT_ALLOWED));
	f48_findings_free(&fs);
}

static void
test_check_recipient_delimiter(void)
{
	f48_findings fs;
	const f48_finding *f;

	check(GOOD_CF "recipient_delimiter = +=\n", true, &fs);
	f = find_code(&fs, F48_C_MAINCF_RECIPIENT_DELIMITER);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(f->line, 9);
	CU_ASSERT_STRING_EQUAL(f->fix, "recipient_delimiter = +");
	f48_findings_free(&fs);
	check(GOOD_CF, true, &fs);
	CU_ASSERT_PTR_NULL(find_code(&fs, F48_C_MAINCF_RECIPIENT_DELIMITER));
	f48_findings_free(&fs);
}

static void
test_check_include_owner(void)
{
	f48_findings fs;

	f48_findings_init(&fs);
	f48_pf_check_include_owner("/ml/test-ml/include", 0, "fmladmin", &fs);
	CU_ASSERT_EQUAL(fs.n, 1);
	CU_ASSERT_STRING_EQUAL(fs.items[0].code, F48_C_INCLUDE_OWNED_BY_ROOT);
	CU_ASSERT_STRING_EQUAL(fs.items[0].fix, "chown fmladmin /ml/test-ml/include");
	f48_pf_check_include_owner("/ml/test-ml/include", 1001, "fmladmin", &fs);
	CU_ASSERT_EQUAL(fs.n, 1);
	f48_findings_free(&fs);
}

static void
test_listing_owner(void)
{
	const char *p = t_write("pf/MODES.txt",
	    "# type mode sym owner group size sha path\n"
	    "d 2755 drwxr-sr-x fmladmin fmladmin 4096 - /ml/test-ml\n"
	    "f 0644 -rw-r--r-- root fmladmin 59 abc /ml/test-ml/include\n"
	    "f 0644 -rw-r--r-- fmladmin fmladmin 59 abc /ml/test-ml/include-ctl  [note]\n");
	char *owner = NULL;
	f48_error err;

	CU_ASSERT_EQUAL(f48_pf_listing_owner(p, "/ml/test-ml/include", &owner, &err), 1);
	CU_ASSERT_STRING_EQUAL(owner, "root");
	free(owner);
	CU_ASSERT_EQUAL(f48_pf_listing_owner(p, "/ml/test-ml/include-ctl", &owner, &err), 1);
	CU_ASSERT_STRING_EQUAL(owner, "fmladmin");
	free(owner);
	CU_ASSERT_EQUAL(f48_pf_listing_owner(p, "/ml/test-ml/include-error", &owner, &err), 0);
	CU_ASSERT_PTR_NULL(owner);
	f48_error_clear(&err);
	CU_ASSERT_TRUE(f48_pf_listing_owner("/nonexistent/MODES.txt", "/x", &owner, &err) < 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "/nonexistent/MODES.txt"));
}

static void
test_virtual_and_aliases_blocks(void)
{
	f48_sb b;
	f48_pf_list l = { 0 };

	f48_sb_init(&b);
	f48_pf_virtual_block(&b, "test-ml", "example.com", RMX);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "### <VIRTUAL test-ml@example.com ML> ###\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data,
	    "\ntest-ml-request@example.com\ttest-ml-request=example.com@realmx.example.jp\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "### </VIRTUAL test-ml@example.com ML> ###\n"));
	f48_sb_reset(&b);
	l.name = f48_xstrdup("test-ml");
	l.domain = f48_xstrdup("example.com");
	l.home = f48_xstrdup("/var/mail/example.com/~ml/test-ml");
	l.admin = f48_xstrdup("fmladmin");
	l.owner = f48_xstrdup("fmladmin");
	f48_pf_aliases_block(&b, &l);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "### <ALIASES test-ml=example.com@example.com ML> ###\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data,
	    "\ntest-ml=example.com: :include:/var/mail/example.com/~ml/test-ml/include\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "\nowner-test-ml=example.com: fmladmin\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data,
	    "\ntest-ml-admin=example.com: fmladmin, test-ml-error=example.com\n"));
	CU_ASSERT_PTR_NULL(strstr(b.data, ": fml\n"));
	f48_pf_list_clear(&l);
	f48_sb_free(&b);
}

static void
test_put_block_replaces_never_duplicates(void)
{
	f48_sb doc, b;
	f48_findings fs;
	f48_error err;
	bool changed;
	char *key = f48_pf_block_key("VIRTUAL", "a", "example.com");
	const char *old =
	    "# head\n"
	    "### <VIRTUAL a@example.com ML> ###\nold\n### </VIRTUAL a@example.com ML> ###\n"
	    "keep me\n"
	    "### <VIRTUAL a@example.com ML> ###\ncopy\n### </VIRTUAL a@example.com ML> ###\n"
	    "tail\n";

	f48_sb_init(&doc);
	f48_sb_init(&b);
	f48_findings_init(&fs);
	f48_sb_puts(&doc, old);
	f48_pf_virtual_block(&b, "a", "example.com", RMX);
	CU_ASSERT_EQUAL(f48_pf_put_block(&doc, "v", "VIRTUAL", key, b.data, &changed, &fs, &err), F48_OK);
	CU_ASSERT_TRUE(changed);
	CU_ASSERT_PTR_NULL(strstr(doc.data, "old\n"));
	CU_ASSERT_PTR_NULL(strstr(doc.data, "copy\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(doc.data, "# head\n### <VIRTUAL a@example.com ML> ###\n\na@example.com"));
	CU_ASSERT_PTR_NOT_NULL(strstr(doc.data, "ML> ###\nkeep me\ntail\n"));
	CU_ASSERT_EQUAL(f48_findings_count_code(&fs, F48_C_VIRTUAL_BLOCK_DUPLICATE), 1);
	CU_ASSERT_EQUAL(fs.items[0].line, 6);
	/* the same block again: nothing changes */
	CU_ASSERT_EQUAL(f48_pf_put_block(&doc, "v", "VIRTUAL", key, b.data, &changed, &fs, &err), F48_OK);
	CU_ASSERT_FALSE(changed);
	/* a new list is appended */
	free(key);
	key = f48_pf_block_key("VIRTUAL", "b", "example.com");
	f48_sb_reset(&b);
	f48_pf_virtual_block(&b, "b", "example.com", RMX);
	CU_ASSERT_EQUAL(f48_pf_put_block(&doc, "v", "VIRTUAL", key, b.data, &changed, &fs, &err), F48_OK);
	CU_ASSERT_TRUE(changed);
	CU_ASSERT_PTR_NOT_NULL(strstr(doc.data, "tail\n### <VIRTUAL b@example.com ML> ###\n"));
	/* a block without its end marker is an input error at its line */
	f48_sb_reset(&doc);
	f48_sb_puts(&doc, "x\n### <VIRTUAL b@example.com ML> ###\nb@example.com b\n");
	f48_error_clear(&err);
	CU_ASSERT_EQUAL(f48_pf_put_block(&doc, "v", "VIRTUAL", key, b.data, &changed, &fs, &err),
	    F48_EINPUT);
	CU_ASSERT_EQUAL(err.line, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "v:2: "));
	CU_ASSERT_FALSE(changed);
	free(key);
	f48_findings_free(&fs);
	f48_sb_free(&doc);
	f48_sb_free(&b);
}

static void
test_domain_line(void)
{
	f48_sb doc;
	bool changed;

	f48_sb_init(&doc);
	f48_sb_puts(&doc, "# c\nexample.com\texample.com\n\n### <VIRTUAL a@example.com ML> ###\n"
	    "a@example.com a=example.com\n### </VIRTUAL a@example.com ML> ###\n");
	CU_ASSERT_EQUAL(f48_pf_domain_line_state(doc.data, doc.len, "example.com"), 1);
	f48_pf_set_domain_line(&doc, "example.com", false, "drop (test)", &changed);
	CU_ASSERT_TRUE(changed);
	CU_ASSERT_PTR_NOT_NULL(strstr(doc.data,
	    "# c\n# fml4to8 domain line: drop (test)\n#example.com\texample.com\n\n"));
	CU_ASSERT_EQUAL(f48_pf_domain_line_state(doc.data, doc.len, "example.com"), 0);
	f48_pf_set_domain_line(&doc, "example.com", false, "drop (test)", &changed);
	CU_ASSERT_FALSE(changed);
	f48_pf_set_domain_line(&doc, "example.com", true, "keep (test)", &changed);
	CU_ASSERT_TRUE(changed);
	CU_ASSERT_PTR_NOT_NULL(strstr(doc.data,
	    "# c\n# fml4to8 domain line: keep (test)\nexample.com\texample.com\n\n"));
	CU_ASSERT_PTR_NULL(strstr(doc.data, "drop (test)"));
	/* none yet: inserted before the first block */
	f48_sb_reset(&doc);
	f48_sb_puts(&doc, "# c\n### <VIRTUAL a@example.com ML> ###\n### </VIRTUAL a@example.com ML> ###\n");
	CU_ASSERT_EQUAL(f48_pf_domain_line_state(doc.data, doc.len, "example.com"), -1);
	f48_pf_set_domain_line(&doc, "example.com", false, NULL, &changed);
	CU_ASSERT_STRING_EQUAL(doc.data, "# c\n#example.com\texample.com\n\n"
	    "### <VIRTUAL a@example.com ML> ###\n### </VIRTUAL a@example.com ML> ###\n");
	f48_sb_free(&doc);
}

static void
free_domains(char **d, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(d[i]);
	free(d);
}

static void
test_fix_idempotent(void)
{
	const char *in =
	    "# example.com is the domain\n"
	    "example.com\texample.com\n\n"
	    "### <VIRTUAL a@example.com ML> ###\n\n"
	    "a@example.com\t\ta=example.com\n"
	    "a-ctl@example.com\t\ta-ctl=example.com@otherhost \n"
	    "a-admin@example.com\ta-admin=example.com@realmx.example.jp\n"
	    "other@example.com\tsomeone@else\n"
	    "#a-error@example.com\ta-error=example.com\n"
	    "\n### </VIRTUAL a@example.com ML> ###\n";
	f48_sb out, out2;
	f48_findings fs;
	size_t nfixed = 0, nd = 0;
	char **d = NULL;

	f48_sb_init(&out);
	f48_sb_init(&out2);
	f48_findings_init(&fs);
	f48_pf_fix_virtual(in, strlen(in), "v", RMX, &out, &nfixed, &d, &nd, &fs);
	CU_ASSERT_EQUAL(nfixed, 2);
	CU_ASSERT_EQUAL(nd, 1);
	CU_ASSERT_STRING_EQUAL(d[0], "example.com");
	CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "\na@example.com\t\ta=example.com@realmx.example.jp\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "\na-ctl@example.com\t\ta-ctl=example.com@realmx.example.jp \n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "\nother@example.com\tsomeone@else\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "\n#a-error@example.com\ta-error=example.com\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "\nexample.com\texample.com\n"));   /* not --fix's business */
	CU_ASSERT_EQUAL(f48_findings_count_code(&fs, F48_C_VIRTUAL_NO_REALMX), 2);
	CU_ASSERT_EQUAL(fs.items[0].line, 6);
	free_domains(d, nd);
	d = NULL;
	nd = 0;
	/* second run: nothing */
	f48_pf_fix_virtual(out.data, out.len, "v", RMX, &out2, &nfixed, &d, &nd, &fs);
	CU_ASSERT_EQUAL(nfixed, 0);
	CU_ASSERT_EQUAL(out.len, out2.len);
	CU_ASSERT_STRING_EQUAL(out.data, out2.data);
	free_domains(d, nd);
	f48_findings_free(&fs);
	f48_sb_free(&out);
	f48_sb_free(&out2);
}

static void
test_fix_mergeml_fixture(void)
{
	char path[1200], *text = NULL;
	size_t len, nfixed = 0, nd = 0;
	char **d = NULL;
	f48_sb out, out2;
	f48_findings fs;
	f48_error err;

	T_NEED_SHARED();
	snprintf(path, sizeof(path), "%s/var/mail/example.com/~ml/etc/postfix/virtual", t_mergeml_root());
	CU_ASSERT_EQUAL_FATAL(f48_file_read(path, 1 << 20, &text, &len, &err), F48_OK);
	f48_sb_init(&out);
	f48_sb_init(&out2);
	f48_findings_init(&fs);
	f48_pf_fix_virtual(text, len, path, RMX, &out, &nfixed, &d, &nd, &fs);
	CU_ASSERT_EQUAL(nfixed, 40);
	CU_ASSERT_EQUAL(nd, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out.data,
	    "\ntest-ml@example.com\t\ttest-ml=example.com@realmx.example.jp\n"));
	CU_ASSERT_EQUAL(out.len, len + 40 * strlen("@" RMX));
	free_domains(d, nd);
	d = NULL;
	nd = 0;
	f48_pf_fix_virtual(out.data, out.len, path, RMX, &out2, &nfixed, &d, &nd, &fs);
	CU_ASSERT_EQUAL(nfixed, 0);
	CU_ASSERT_STRING_EQUAL(out.data, out2.data);
	free_domains(d, nd);
	f48_findings_free(&fs);
	f48_sb_free(&out);
	f48_sb_free(&out2);
	free(text);
}

static f48_pf_list
mk_list(const char *name)
{
	f48_pf_list l = { 0 };

	l.name = f48_xstrdup(name);
	l.domain = f48_xstrdup("example.com");
	l.home = f48_xasprintf("/var/mail/example.com/~ml/%s", name);
	l.fml4_dir = f48_xasprintf("/var/mail/example.com/~ml/%s", name);
	return l;
}

static void
test_stale_scan(void)
{
	f48_pf_list l[2];
	f48_findings fs;
	f48_error err;
	const char *a = t_write("pf/aliases",
	    "# fml4 aliases\n"
	    "test-ml: :include:/var/mail/example.com/~ml/test-ml/include\n"          /* 2 stale */
	    "test-ml-ctl: \"|/usr/local/fml/fml.pl /var/mail/example.com/~ml/test-ml --ctladdr\"\n" /* 3 */
	    "test-ml-admin: fmladmin\n"
	    "#test-ml-admin: fmladmin, :include:/var/mail/example.com/~ml/test-ml/include-mead\n"
	    "test-ml=example.com: :include:/var/mail/example.com/~ml/test-ml/include\n"   /* fml8: ok */
	    "test-ml-error=example.com: :include:/var/mail/example.com/~ml/test-ml/include-error\n"
	    "dev: \"|/usr/local/fml/fml.pl\n"
	    "   /var/mail/example.com/~ml/dev\"\n"                                      /* 8 stale */
	    "other: :include:/var/mail/example.com/~ml/test-ml2/include\n"          /* not ours */
	    "test-ml-x=example.com: :include:/var/mail/example.com/~ml/test-ml/include-mead\n"); /* 11 */
	const char *v = t_write("pf/virtual",
	    "example.com example.com\n"
	    "test-ml@example.com test-ml\n"                                         /* 2 stale */
	    "test-ml-ctl@example.com test-ml-ctl=example.com\n"                     /* 3 no realmx */
	    "test-ml-admin@example.com test-ml-admin=example.com@realmx.example.jp\n"
	    "dev-request@example.com dev-request-example\n"                         /* 5 stale */
	    "someone@example.com test-ml\n");

	l[0] = mk_list("test-ml");
	l[1] = mk_list("dev");
	f48_findings_init(&fs);
	CU_ASSERT_EQUAL(f48_pf_scan_aliases(a, l, 2, &fs, &err), F48_OK);
	CU_ASSERT_EQUAL(fs.n, 4);
	if (fs.n == 4) {
		CU_ASSERT_EQUAL(fs.items[0].line, 2);
		CU_ASSERT_EQUAL(fs.items[1].line, 3);
		CU_ASSERT_EQUAL(fs.items[2].line, 8);
		CU_ASSERT_EQUAL(fs.items[3].line, 11);
		CU_ASSERT_STRING_EQUAL(fs.items[0].code, F48_C_ALIAS_STALE_FML4);
		CU_ASSERT_STRING_EQUAL(fs.items[0].file, a);
	}
	f48_findings_free(&fs);
	f48_findings_init(&fs);
	CU_ASSERT_EQUAL(f48_pf_scan_virtual(v, l, 2, RMX, &fs, &err), F48_OK);
	CU_ASSERT_EQUAL(fs.n, 3);
	if (fs.n == 3) {
		CU_ASSERT_STRING_EQUAL(fs.items[0].code, F48_C_VIRTUAL_STALE_FML4);
		CU_ASSERT_EQUAL(fs.items[0].line, 2);
		CU_ASSERT_STRING_EQUAL(fs.items[1].code, F48_C_VIRTUAL_NO_REALMX);
		CU_ASSERT_EQUAL(fs.items[1].line, 3);
		CU_ASSERT_STRING_EQUAL(fs.items[2].code, F48_C_VIRTUAL_STALE_FML4);
		CU_ASSERT_EQUAL(fs.items[2].line, 5);
	}
	f48_findings_free(&fs);
	/* unreadable file: an error naming it */
	f48_error_clear(&err);
	CU_ASSERT_TRUE(f48_pf_scan_virtual("/nonexistent/virtual", l, 2, RMX, &fs, &err) < 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "/nonexistent/virtual"));
	f48_pf_list_clear(&l[0]);
	f48_pf_list_clear(&l[1]);
}

static void
test_fml4_owner(void)
{
	char *admin = NULL, *owner = NULL;
	long line = 0;
	f48_error err;
	const char *p = t_write("pf/fml4aliases",
	    "test-ml: :include:/ml/test-ml/include\n"
	    "test-ml-request: test-ml-admin\n"
	    "test-ml-admin: fmladmin,\n"
	    "\tboss@example.org\n"
	    "owner-test-ml: fmladmin\n"
	    "#test-ml-admin: other, :include:/ml/test-ml/include-mead\n");

	CU_ASSERT_EQUAL(f48_pf_fml4_owner(p, "test-ml", &admin, &owner, &line, &err), 1);
	CU_ASSERT_STRING_EQUAL(admin, "fmladmin, boss@example.org");
	CU_ASSERT_STRING_EQUAL(owner, "fmladmin");
	CU_ASSERT_EQUAL(line, 3);
	free(admin);
	free(owner);
	CU_ASSERT_EQUAL(f48_pf_fml4_owner(p, "dev", &admin, &owner, &line, &err), 0);
	CU_ASSERT_PTR_NULL(admin);
	CU_ASSERT_EQUAL(f48_pf_fml4_owner("/nonexistent/aliases", "dev", &admin, &owner, &line, &err), 0);
}

static void
test_decide_domain_line(void)
{
	f48_maincf *cf;
	f48_sb why;
	f48_error err;
	int rc;
	const char *other = t_write("pf/other-virtual", "# other\nexample.com anything\n");
	const char *none = t_write("pf/none-virtual", "# nothing\n#example.com example.com\n");
	const char *maps[2] = { none, other };

	f48_sb_init(&why);
	/* nothing shown: keep */
	CU_ASSERT_TRUE(f48_pf_decide_domain_line(NULL, NULL, 0, NULL, "example.com", &why, &rc, &err));
	/* another map declares it: drop, naming file:line */
	f48_sb_reset(&why);
	CU_ASSERT_FALSE(f48_pf_decide_domain_line(NULL, maps, 2, NULL, "example.com", &why, &rc, &err));
	CU_ASSERT_PTR_NOT_NULL(strstr(why.data, ":2 already declares"));
	/* the file we write is no "other" map */
	f48_sb_reset(&why);
	CU_ASSERT_TRUE(f48_pf_decide_domain_line(NULL, maps, 2, other, "example.com", &why, &rc, &err));
	/* in mydestination: drop */
	cf = cf_of("mydestination = example.com, localhost\n");
	f48_sb_reset(&why);
	CU_ASSERT_FALSE(f48_pf_decide_domain_line(cf, NULL, 0, NULL, "example.com", &why, &rc, &err));
	CU_ASSERT_PTR_NOT_NULL(strstr(why.data, "mydestination (main.cf:1)"));
	f48_maincf_free(cf);
	/* virtual_alias_domains names it: drop */
	cf = cf_of("myhostname = realmx.example.jp\nvirtual_alias_domains = example.com\n");
	f48_sb_reset(&why);
	CU_ASSERT_FALSE(f48_pf_decide_domain_line(cf, NULL, 0, NULL, "example.com", &why, &rc, &err));
	CU_ASSERT_PTR_NOT_NULL(strstr(why.data, "virtual_alias_domains"));
	f48_maincf_free(cf);
	/* main.cf shown, nothing declares: keep */
	cf = cf_of(GOOD_CF);
	f48_sb_reset(&why);
	CU_ASSERT_TRUE(f48_pf_decide_domain_line(cf, maps, 1, NULL, "example.com", &why, &rc, &err));
	f48_maincf_free(cf);
	f48_sb_free(&why);
}

/* Found by tests/fuzz/fuzz_maincf (a libFuzzer timeout): parameters that
 * refer to each other twice per level double at every level, so the depth
 * limit alone let a 300-byte main.cf take seconds and megabytes.  Such a
 * value is unknown, after bounded work. */
static void
test_maincf_expansion_bounded(void)
{
	f48_sb text;
	f48_maincf *cf;
	bool unknown = false;
	char *v;
	int i;

	f48_sb_init(&text);
	for (i = 0; i < 40; i++)
		f48_sb_printf(&text, "p%d = $p%d $p%d ${p%d:x} ${p%d?y}\n", i, i + 1,
		    i + 1, i + 1, i + 1);
	f48_sb_puts(&text, "p40 = leaf\n");
	cf = cf_of(text.data);
	v = f48_maincf_expand(cf, "p0", &unknown);
	CU_ASSERT_TRUE(unknown);
	CU_ASSERT_TRUE(strlen(v) <= 256 * 1024);
	free(v);
	/* An ordinary chain still expands in full. */
	v = f48_maincf_expand(cf, "p38", &unknown);
	CU_ASSERT_FALSE(unknown);
	CU_ASSERT_STRING_EQUAL(v, "leaf leaf  y leaf leaf  y  y");
	free(v);
	v = f48_maincf_expand(cf, "p39", &unknown);
	CU_ASSERT_FALSE(unknown);
	CU_ASSERT_STRING_EQUAL(v, "leaf leaf  y");
	free(v);
	f48_maincf_free(cf);
	f48_sb_free(&text);
}

/* The domain maps stage as a library call: maps returned (nothing
 * written, nothing printed), production paths in them, a write into a new
 * etc/postfix, and a failed read reported as a message and a status. */
static void
test_dmaps_stage(void)
{
	f48_fml4_tables *tables = NULL;
	f48_error err;
	f48_dmaps_result r;
	char ml[4096], out[4200], cmd[8300];
	const char *root = t_fixture_root();
	char *text = NULL;
	size_t len;

	T_NEED_SHARED();
	f48_error_clear(&err);
	CU_ASSERT_EQUAL_FATAL(f48_fml4_tables_load(t_templates_dir(), &tables, &err), 0);
	snprintf(ml, sizeof(ml), "%s/tmpdm/var/mail/example.com/~ml", t_tmpdir());
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/tmpdm && cp -a %s/var %s/tmpdm/ && chmod -R u+w %s/tmpdm",
	    t_tmpdir(), root, t_tmpdir(), t_tmpdir());
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	{
		char r2[4096];
		f48_dmaps_opts o = { .ml_dir = ml, .realmx = "mx.example.jp", .tables = tables };

		snprintf(r2, sizeof(r2), "%s/tmpdm", t_tmpdir());
		o.root = r2;
		CU_ASSERT_EQUAL(f48_dmaps_run(&o, &r), F48_OK);
		CU_ASSERT_TRUE(r.nlists >= 8);
		CU_ASSERT_PTR_NOT_NULL(strstr(r.maps.data,
		    "test-ml@example.com\t\ttest-ml=example.com@mx.example.jp"));
		CU_ASSERT_PTR_NOT_NULL(strstr(r.maps.data,
		    ":include:/var/mail/example.com/~ml/test-ml/include"));
		CU_ASSERT_PTR_NULL(strstr(r.maps.data, t_tmpdir()));
		CU_ASSERT_PTR_NULL(strstr(r.report.data, t_tmpdir()));
		CU_ASSERT_EQUAL(r.errors.len, 0);
		f48_dmaps_result_free(&r);

		/* written: the new etc/postfix is made, the map has the block */
		snprintf(out, sizeof(out), "%s/etc/postfix/virtual", ml);
		o.virtual_out = out;
		o.only = "aliases";
		CU_ASSERT_EQUAL(f48_dmaps_run(&o, &r), F48_OK);
		CU_ASSERT_EQUAL(f48_file_read(out, 1 << 20, &text, &len, &err), 0);
		CU_ASSERT_PTR_NOT_NULL(text && strstr(text, "test-ml=example.com@mx.example.jp"));
		CU_ASSERT_PTR_NULL(strstr(r.maps.data, "==> virtual"));
		free(text);
		f48_dmaps_result_free(&r);

		/* unreadable input: a message and F48_EINPUT, nothing printed */
		o.virtual_out = NULL;
		o.only = NULL;
		o.main_cf = "/nonexistent/main.cf";
		CU_ASSERT_EQUAL(f48_dmaps_run(&o, &r), F48_EINPUT);
		CU_ASSERT_PTR_NOT_NULL(strstr(r.errors.data, "/nonexistent/main.cf"));
		f48_dmaps_result_free(&r);
	}
	f48_fml4_tables_free(tables);
}

void
register_postfix_tests(void)
{
	CU_pSuite s = CU_add_suite("postfix", NULL, NULL);

	CU_add_test(s, "main.cf: parse, continuation, $name expansion", test_maincf_parse_and_expand);
	CU_add_test(s, "main.cf: self-multiplying $name expansion is bounded", test_maincf_expansion_bounded);
	CU_add_test(s, "main.cf: a good one passes every check", test_maincf_good_passes_all);
	CU_add_test(s, "main.cf: realmx in mydestination", test_check_realmx);
	CU_add_test(s, "main.cf: domain not in mydestination", test_check_domain_in_mydestination);
	CU_add_test(s, "main.cf: aliases file in alias_maps", test_check_alias_maps);
	CU_add_test(s, "main.cf: virtual file in virtual_alias_maps", test_check_virtual_maps);
	CU_add_test(s, "main.cf: allow_mail_to_commands has include", test_check_commands);
	CU_add_test(s, "main.cf: recipient_delimiter without =", test_check_recipient_delimiter);
	CU_add_test(s, "include files not owned by root", test_check_include_owner);
	CU_add_test(s, "include owners from a MODES.txt listing", test_listing_owner);
	CU_add_test(s, "virtual and aliases blocks", test_virtual_and_aliases_blocks);
	CU_add_test(s, "a block is replaced, never duplicated", test_put_block_replaces_never_duplicates);
	CU_add_test(s, "domain line keep/drop/insert", test_domain_line);
	CU_add_test(s, "--fix touches only what is wrong, twice = once", test_fix_idempotent);
	CU_add_test(s, "--fix on mergeml's virtual (fixture)", test_fix_mergeml_fixture);
	CU_add_test(s, "stale fml4 entries in aliases and virtual", test_stale_scan);
	CU_add_test(s, "fml4's ML-admin / owner-ML targets", test_fml4_owner);
	CU_add_test(s, "--domain-line auto decision", test_decide_domain_line);
	CU_add_test(s, "the domain maps stage: returned, written, errors as values", test_dmaps_stage);
}

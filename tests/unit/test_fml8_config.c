/* test_fml8_config.c - fml8 config.cf reader, writer and evaluator
 * (lib/fml8/fml8_config.c). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "util/error.h"
#include "util/findings.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include "codes.h"
#include "fml8/fml8_config.h"
#include "testutil.h"

static f48_cf8 *
parse(const char *text, f48_findings *fs)
{
	return f48_cf8_parse(text, strlen(text), "t.cf", fs);
}

/* An env with the given documents applied in order (NULL ends the list). */
static f48_cf8_env *
env_of(const char *text)
{
	f48_cf8_env *env = f48_cf8_env_new();
	f48_cf8 *cf = parse(text, NULL);

	f48_cf8_env_apply(env, cf);
	f48_cf8_free(cf);
	return env;
}

static void
expect_expand(const f48_cf8_env *env, const char *key, const char *want)
{
	char *msg = NULL;
	char *got = f48_cf8_env_expand(env, key, &msg);

	CU_ASSERT_PTR_NOT_NULL(got);
	CU_ASSERT_PTR_NULL(msg);
	if (got) {
		CU_ASSERT_STRING_EQUAL(got, want);
		if (strcmp(got, want) != 0)
			printf("\n  %s: got \"%s\", want \"%s\"\n", key, got, want);
	}
	free(got);
	free(msg);
}

/* The expansion fails; the message must contain `part`. */
static void
expect_expand_error(const f48_cf8_env *env, const char *key, const char *part)
{
	char *msg = NULL;
	char *got = f48_cf8_env_expand(env, key, &msg);

	CU_ASSERT_PTR_NULL(got);
	CU_ASSERT_PTR_NOT_NULL_FATAL(msg);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, part));
	free(got);
	free(msg);
}

static void
expect_raw(const f48_cf8_env *env, const char *key, const char *want)
{
	const char *raw = f48_cf8_env_raw(env, key, NULL, NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(raw);
	CU_ASSERT_STRING_EQUAL(raw, want);
	if (strcmp(raw, want) != 0)
		printf("\n  raw %s: got \"%s\", want \"%s\"\n", key, raw, want);
}

static void
expect_roundtrip(const char *buf, size_t len)
{
	f48_cf8 *cf = f48_cf8_parse(buf, len, "rt.cf", NULL);
	f48_sb sb;

	f48_sb_init(&sb);
	f48_cf8_write(cf, &sb);
	CU_ASSERT_EQUAL(sb.len, len);
	CU_ASSERT(sb.len == len && memcmp(sb.data, buf, len) == 0);
	f48_sb_free(&sb);
	f48_cf8_free(cf);
}

static void
test_line_kinds(void)
{
	f48_findings fs;
	f48_cf8 *cf;
	static const f48_cf8_kind want[] = {
		F48_CF8_COMMENT, F48_CF8_BLANK, F48_CF8_ASSIGN, F48_CF8_CONT,
		F48_CF8_ASSIGN, F48_CF8_ASSIGN, F48_CF8_OTHER, F48_CF8_NAMESPACE,
		F48_CF8_ASSIGN, F48_CF8_POD, F48_CF8_COMMENT, F48_CF8_POD,
		F48_CF8_HOOK, F48_CF8_HOOK, F48_CF8_POD, F48_CF8_ASSIGN,
	};

	f48_findings_init(&fs);
	cf = parse("# comment\n"
	    "\n"
	    "maintainer\t= fml-admin@example.com  \n"
	    "\t  more   \n"
	    "article_header_rewrite_rules += rewrite_stardate\n"
	    "Key_2-=x\n"
	    "junk line\n"
	    "[mysql:fml]\n"
	    "sql_user = fml\n"
	    "=head1 NAME\n"
	    "#x\n"
	    "=cut\n"
	    "$hook = q{ 1; };\n"
	    "key = not an assignment here\n"
	    "=head2 end of hooks\n"
	    "after = 1\n", &fs);
	CU_ASSERT_EQUAL_FATAL(cf->n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < cf->n; i++) {
		CU_ASSERT_EQUAL(cf->lines[i].kind, want[i]);
		CU_ASSERT_EQUAL(cf->lines[i].lineno, (long)i + 1);
	}
	CU_ASSERT_STRING_EQUAL(cf->lines[2].key, "maintainer");
	CU_ASSERT_STRING_EQUAL(cf->lines[2].op, "=");
	CU_ASSERT_STRING_EQUAL(cf->lines[2].value, "fml-admin@example.com");
	CU_ASSERT_STRING_EQUAL(cf->lines[2].raw, "maintainer\t= fml-admin@example.com  ");
	CU_ASSERT_STRING_EQUAL(cf->lines[3].key, "maintainer");
	CU_ASSERT_STRING_EQUAL(cf->lines[3].value, "more");
	CU_ASSERT_STRING_EQUAL(cf->lines[4].op, "+=");
	CU_ASSERT_STRING_EQUAL(cf->lines[4].value, "rewrite_stardate");
	CU_ASSERT_STRING_EQUAL(cf->lines[5].key, "Key_2");
	CU_ASSERT_STRING_EQUAL(cf->lines[5].op, "-=");
	CU_ASSERT_STRING_EQUAL(cf->lines[5].value, "x");
	CU_ASSERT_EQUAL(cf->cut_line, 11);
	CU_ASSERT_EQUAL(cf->ncut, 1);
	CU_ASSERT_EQUAL(f48_findings_count_code(&fs, F48_C_CF8_LINE_IGNORED), 1);
	CU_ASSERT_EQUAL(fs.n, 1);
	CU_ASSERT_EQUAL(fs.items[0].line, 7);
	f48_cf8_free(cf);
	f48_findings_free(&fs);

	/* an indented line before any key is ignored; "key == v" keeps "= v" */
	f48_findings_init(&fs);
	cf = parse("  orphan\nk == v\nk =+ w\n\tc2\n", &fs);
	CU_ASSERT_EQUAL(cf->lines[0].kind, F48_CF8_OTHER);
	CU_ASSERT_STRING_EQUAL(cf->lines[1].value, "= v");
	CU_ASSERT_STRING_EQUAL(cf->lines[2].op, "=");
	CU_ASSERT_STRING_EQUAL(cf->lines[2].value, "+ w");
	CU_ASSERT_EQUAL(f48_findings_count_code(&fs, F48_C_CF8_LINE_IGNORED), 1);
	f48_cf8_free(cf);
	f48_findings_free(&fs);

	/* an indented comment continues the value: a finding says so */
	f48_findings_init(&fs);
	cf = parse("a = v\n   # note\n", &fs);
	CU_ASSERT_EQUAL(cf->lines[1].kind, F48_CF8_CONT);
	CU_ASSERT_STRING_EQUAL(cf->lines[1].value, "# note");
	CU_ASSERT_EQUAL(f48_findings_count_code(&fs, F48_C_CF8_COMMENT_IN_VALUE), 1);
	f48_cf8_free(cf);
	f48_findings_free(&fs);
}

static void
test_operators(void)
{
	f48_cf8_env *env;
	const char *file;
	long line;

	env = env_of("a = x y z\na -= y\n"
	    "b = x y\nb -= x y\n"
	    "c += one\n"
	    "d = p\nd += q\n  r\n"
	    "e = v\n   # note\n"
	    "f = v # text\n"
	    "g = a\n\n# comment\n  b\n"
	    "h = 0 1 2\nh -= 5\n"
	    "i = a   b\ni += c d\n"
	    "j = x\nj -= x\n"
	    "k -= nothing\n"
	    "l = first\nl = second\n"
	    "m = \"quoted\"  \n"
	    "n = a\nn += \n"
	    "ow = a\n   \n"
	    "p = $ow/x\n"
	    "q = 1\nq -= 0\n");
	expect_raw(env, "a", "x z");
	expect_raw(env, "b", "x y");          /* "-= a b" removes nothing */
	expect_raw(env, "c", "one");          /* "+=" on an undefined key */
	expect_raw(env, "d", "p q r");        /* continuation after "+=" */
	expect_raw(env, "e", "v # note");     /* indented comment is value */
	expect_raw(env, "f", "v # text");
	expect_raw(env, "g", "a b");          /* blank and # lines do not end it */
	expect_raw(env, "h", "1 2");          /* Perl's false "0" is dropped */
	expect_raw(env, "i", "a b c d");
	expect_raw(env, "j", "");
	expect_raw(env, "k", "");
	expect_raw(env, "l", "second");
	expect_raw(env, "m", "\"quoted\"");
	expect_raw(env, "n", "a ");
	/* a white-space-only line appends " ": visible when interpolated */
	expect_raw(env, "ow", "a ");
	expect_expand(env, "ow", "a");
	expect_expand(env, "p", "a /x");
	expect_raw(env, "q", "1");
	CU_ASSERT_PTR_NULL(f48_cf8_env_raw(env, "zz", NULL, NULL));
	CU_ASSERT_PTR_NOT_NULL(f48_cf8_env_raw(env, "d", &file, &line));
	CU_ASSERT_STRING_EQUAL(file, "t.cf");
	CU_ASSERT_EQUAL(line, 7);             /* the "+=", not the continuation */
	CU_ASSERT_EQUAL(f48_cf8_env_size(env), 17);
	CU_ASSERT_STRING_EQUAL(f48_cf8_env_key_at(env, 0), "a");
	CU_ASSERT_STRING_EQUAL(f48_cf8_env_key_at(env, 16), "q");
	f48_cf8_env_free(env);

	/* CRLF: values lose the CR; an empty CRLF line is "\r" for fml8 */
	env = env_of("a = x\r\n  y\r\n\r\nb = z\r\n");
	expect_raw(env, "a", "x y ");
	expect_raw(env, "b", "z");
	f48_cf8_env_free(env);

	/* later files and -o options act on the earlier raw value */
	{
		f48_cf8 *d = parse("rules = r1 r2 r3\nuse_x = yes\n", NULL);
		f48_cf8 *s = f48_cf8_parse("rules -= r2\n", 12, "site.cf", NULL);

		env = f48_cf8_env_new();
		f48_cf8_env_apply(env, d);
		f48_cf8_env_apply(env, s);
		f48_cf8_env_set(env, "use_x", "no", "-o", 0);
		expect_raw(env, "rules", "r1 r3");
		CU_ASSERT_PTR_NOT_NULL(f48_cf8_env_raw(env, "rules", &file, &line));
		CU_ASSERT_STRING_EQUAL(file, "site.cf");
		CU_ASSERT_EQUAL(line, 1);
		expect_raw(env, "use_x", "no");
		CU_ASSERT_TRUE(f48_cf8_env_has_word(env, "rules", "r3"));
		CU_ASSERT_FALSE(f48_cf8_env_has_word(env, "rules", "r2"));
		CU_ASSERT_FALSE(f48_cf8_env_has_word(env, "rules", "r"));
		CU_ASSERT_FALSE(f48_cf8_env_has_word(env, "nokey", "r1"));
		f48_cf8_env_free(env);
		f48_cf8_free(d);
		f48_cf8_free(s);
	}
}

static void
test_expansion(void)
{
	f48_cf8_env *env;

	env = env_of("ml_name = elena\nml_domain = example.com\n"
	    "ml_home_prefix = /var/spool/ml\n"
	    "ml_home_dir = $ml_home_prefix/$ml_name\n"
	    "spool_dir = ${ml_home_dir}/spool\n"
	    "post = $ml_name@$ml_domain\n"
	    "later = $defined_later/x\n"
	    "defined_later = L\n"
	    "undef = [$no_such_var]\n"
	    "upper = $DIR/x $Ml_name\n"
	    "short = $a $ab\n"
	    "ab = AB\n"
	    "digit = $a2b\n"
	    "a2 = A2\n"
	    "under = $ml_name_\n"
	    "dflt = ${use_digest_program:-yes}\n"
	    "dflt2 = ${ml_name:-x}\n"
	    "empty_var =\n"
	    "dflt3 = ${empty_var:-x}\n"
	    "dflt4 = ${u1:-one} ${u2:-two}\n"
	    "braced_bad = ${a2b}\n"
	    "ro = READ_ONLY(file:$ml_home_dir/a file:$ml_home_dir/b)\n"
	    "ro_plain = READ_ONLY(a b)\n"
	    "trail = x $undefined_one\n"
	    "dollar = price $5\n");
	expect_expand(env, "ml_home_dir", "/var/spool/ml/elena");
	expect_expand(env, "spool_dir", "/var/spool/ml/elena/spool");
	expect_expand(env, "post", "elena@example.com");
	expect_expand(env, "later", "L/x");
	expect_expand(env, "undef", "[]");
	expect_expand(env, "upper", "$DIR/x $Ml_name");
	expect_expand(env, "short", "$a AB");
	expect_expand(env, "digit", "A2b");
	expect_expand(env, "under", "elena_");
	expect_expand(env, "dflt", "yes");
	expect_expand(env, "dflt2", "elena");
	expect_expand(env, "dflt3", "");      /* defined, even if empty */
	expect_expand(env, "dflt4", "one one"); /* fml8 reuses the first default */
	expect_expand(env, "braced_bad", "${a2b}");
	expect_expand(env, "ro", " READ_ONLY(file:/var/spool/ml/elena/a) "
	    "READ_ONLY(file:/var/spool/ml/elena/b)");
	expect_expand(env, "ro_plain", "READ_ONLY(a b)"); /* no "$": untouched */
	expect_expand(env, "trail", "x");     /* trailing blanks are stripped */
	expect_expand(env, "dollar", "price $5");
	expect_expand(env, "never_assigned", "");
	CU_ASSERT_TRUE(f48_cf8_env_has_word(env, "post", "elena@example.com"));
	f48_cf8_env_free(env);

	/* a self reference anywhere stops fml8: every read fails */
	env = env_of("var_dir = $var_dir/x\nother = 1\n");
	expect_expand_error(env, "var_dir", "loop1");
	expect_expand_error(env, "other", "var_dir");
	CU_ASSERT_FALSE(f48_cf8_env_has_word(env, "other", "1"));
	f48_cf8_env_free(env);

	/* fml8 tests "$" + key as a prefix: "ml = $ml_name" is a "loop" too */
	env = env_of("ml = $ml_name\nml_name = x\n");
	expect_expand_error(env, "ml_name", "loop1");
	f48_cf8_env_free(env);

	/* a loop through another variable is found while expanding */
	env = env_of("aa = $bb\nbb = $aa\n");
	expect_expand_error(env, "aa", "loop2");
	f48_cf8_env_free(env);

	/* 15 levels of nesting expand, 16 do not */
	{
		f48_sb sb;

		for (int depth = 15; depth <= 16; depth++) {
			f48_sb_init(&sb);
			for (int i = 0; i < depth; i++)
				f48_sb_printf(&sb, "lv%c = $lv%c\n", 'a' + i, 'a' + i + 1);
			f48_sb_printf(&sb, "lv%c = end\n", 'a' + depth);
			env = env_of(sb.data);
			if (depth == 15)
				expect_expand(env, "lva", "end");
			else
				expect_expand_error(env, "lva", "16");
			f48_cf8_env_free(env);
			f48_sb_free(&sb);
		}
	}
}

static void
test_cut_and_hooks(void)
{
	f48_findings fs;
	f48_cf8 *cf;
	f48_cf8_env *env;

	f48_findings_init(&fs);
	cf = parse("a = 1\n"
	    "=cut\n"
	    "$START_HOOK = q{ };\n"
	    "a = 2\n"
	    "[ns:in_hook]\n"
	    "=\n"
	    "=cut\n"
	    "b = 3\n"
	    "=cut\n"
	    "c = 4\n", &fs);
	CU_ASSERT_EQUAL(cf->lines[1].kind, F48_CF8_POD);
	CU_ASSERT_EQUAL(cf->lines[2].kind, F48_CF8_HOOK);
	CU_ASSERT_EQUAL(cf->lines[3].kind, F48_CF8_HOOK);
	CU_ASSERT_EQUAL(cf->lines[4].kind, F48_CF8_HOOK);
	CU_ASSERT_EQUAL(cf->lines[5].kind, F48_CF8_POD);  /* "=" does not end it */
	CU_ASSERT_EQUAL(cf->lines[6].kind, F48_CF8_POD);  /* "=cut" ends it */
	CU_ASSERT_EQUAL(cf->lines[7].kind, F48_CF8_ASSIGN);
	CU_ASSERT_EQUAL(cf->lines[8].kind, F48_CF8_POD);
	CU_ASSERT_EQUAL(cf->lines[9].kind, F48_CF8_HOOK);
	CU_ASSERT_EQUAL(cf->cut_line, 1);
	CU_ASSERT_EQUAL(cf->ncut, 3);
	CU_ASSERT_EQUAL(f48_findings_count_code(&fs, F48_C_CF8_MULTIPLE_CUT), 1);
	env = f48_cf8_env_new();
	f48_cf8_env_apply(env, cf);
	expect_raw(env, "a", "1");
	/* the "[ns]" line inside the hook part still switched the name space */
	CU_ASSERT_PTR_NULL(f48_cf8_env_raw(env, "b", NULL, NULL));
	expect_raw(env, "[ns:in_hook]b", "3");
	CU_ASSERT_PTR_NULL(f48_cf8_env_raw(env, "c", NULL, NULL));
	f48_cf8_env_free(env);
	f48_cf8_free(cf);
	f48_findings_free(&fs);

	/* name spaces: their own keys, reset by a POD line */
	env = env_of("sql_user = top\nhost = h1\n"
	    "[mysql:fml]\nsql_user = fml\nsql_server = $host\n"
	    "=head1 x\nsql_user2 = top2\n");
	expect_raw(env, "sql_user", "top");
	expect_raw(env, "[mysql:fml]sql_user", "fml");
	expect_raw(env, "sql_user2", "top2");
	expect_expand(env, "[mysql:fml]sql_server", "h1");
	f48_cf8_env_free(env);
}

static void
test_roundtrip(void)
{
	static const char eucjp[] =
	    "# \xa5\xe1\xa1\xbc\xa5\xea\xa5\xf3\xa5\xb0\xa5\xea\xa5\xb9\xa5\xc8\n"
	    "article_subject_tag = [\xc6\xfc\xcb\xdc:%05d]\n";
	static const char nul[] = "a = x\0y\nb = 2\n";
	const char *cases[] = {
		"",
		"\n",
		"a = 1",
		"a = 1\n",
		"a = 1\r\nb = 2\r\n",
		"a = 1\r\nb = 2",
		"a = 1  \t\n  \t\n\tcont  \n",
		"mixed = 1\r\nends = 2\nlone\rcr\n\r",
		"x = 1\n=cut\n$h = 1;\r\n\n",
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_roundtrip(cases[i], strlen(cases[i]));
	expect_roundtrip(eucjp, sizeof(eucjp) - 1);
	expect_roundtrip(nul, sizeof(nul) - 1);

	{
		f48_cf8 *cf = parse("a = 1\r\nb = 2", NULL);

		CU_ASSERT_EQUAL_FATAL(cf->n, 2);
		CU_ASSERT_STRING_EQUAL(cf->lines[0].eol, "\r\n");
		CU_ASSERT_STRING_EQUAL(cf->lines[0].raw, "a = 1");
		CU_ASSERT_STRING_EQUAL(cf->lines[1].eol, "");
		f48_cf8_free(cf);
	}
}

static char *
written(const f48_cf8 *cf)
{
	f48_sb sb;

	f48_sb_init(&sb);
	f48_cf8_write(cf, &sb);
	return f48_sb_steal(&sb);
}

static void
test_insert_before_cut(void)
{
	f48_cf8 *cf;
	f48_cf8_env *env;
	char *out;

	/* no =cut: appended, then a =cut */
	cf = parse("a = 1\n  cont", NULL);
	f48_cf8_insert_before_cut(cf, "b = 2\n");
	out = written(cf);
	CU_ASSERT_STRING_EQUAL(out, "a = 1\n  cont\nb = 2\n=cut\n");
	CU_ASSERT_EQUAL(cf->ncut, 1);
	CU_ASSERT_EQUAL(cf->cut_line, 3);
	CU_ASSERT_EQUAL(cf->lines[2].kind, F48_CF8_ASSIGN);
	CU_ASSERT_EQUAL(cf->lines[2].lineno, 3);
	free(out);
	f48_cf8_free(cf);

	cf = parse("", NULL);
	f48_cf8_insert_before_cut(cf, "b = 2\n");
	out = written(cf);
	CU_ASSERT_STRING_EQUAL(out, "b = 2\n=cut\n");
	free(out);
	f48_cf8_free(cf);

	/* one =cut: just before it; the hook part stays a hook part */
	cf = parse("# c\r\na = 1\r\n\r\n=cut\r\n$x = 1;\r\n", NULL);
	f48_cf8_insert_before_cut(cf, "# added\nb = 2\n  3\n");
	out = written(cf);
	CU_ASSERT_STRING_EQUAL(out, "# c\r\na = 1\r\n\r\n# added\nb = 2\n  3\n=cut\r\n$x = 1;\r\n");
	CU_ASSERT_EQUAL(cf->cut_line, 6);
	CU_ASSERT_EQUAL(cf->ncut, 1);
	CU_ASSERT_EQUAL(cf->lines[5].kind, F48_CF8_CONT);
	CU_ASSERT_EQUAL(cf->lines[7].kind, F48_CF8_HOOK);
	env = f48_cf8_env_new();
	f48_cf8_env_apply(env, cf);
	expect_raw(env, "b", "2 3");
	f48_cf8_env_free(env);
	free(out);
	f48_cf8_free(cf);

	/* text without its final newline still gets a line of its own */
	cf = parse("a = 1\n=cut\n", NULL);
	f48_cf8_insert_before_cut(cf, "b = 2");
	out = written(cf);
	CU_ASSERT_STRING_EQUAL(out, "a = 1\nb = 2\n=cut\n");
	free(out);
	f48_cf8_free(cf);

	/* two =cut lines: before the first */
	cf = parse("a = 1\n=cut\nhook\n=cut\nz = 9\n", NULL);
	f48_cf8_insert_before_cut(cf, "b = 2\n");
	out = written(cf);
	CU_ASSERT_STRING_EQUAL(out, "a = 1\nb = 2\n=cut\nhook\n=cut\nz = 9\n");
	CU_ASSERT_EQUAL(cf->cut_line, 2);
	CU_ASSERT_EQUAL(cf->ncut, 2);
	CU_ASSERT_EQUAL(cf->lines[1].kind, F48_CF8_ASSIGN);
	free(out);
	f48_cf8_free(cf);
}

static void
test_read_errors(void)
{
	f48_findings fs;
	f48_error err;
	f48_cf8 *cf = (f48_cf8 *)1;
	const char *path = t_write("cf8/ok.cf", "a = 1\n");
	char link[4096];

	f48_findings_init(&fs);
	CU_ASSERT_EQUAL(f48_cf8_read("/nonexistent/config.cf", &cf, &fs, &err), F48_EINPUT);
	CU_ASSERT_PTR_NULL(cf);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "/nonexistent/config.cf"));
	CU_ASSERT_EQUAL(f48_cf8_read(path, &cf, &fs, &err), F48_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cf);
	CU_ASSERT_STRING_EQUAL(cf->path, path);
	f48_cf8_free(cf);
	snprintf(link, sizeof(link), "%s/cf8/link.cf", t_tmpdir());
	CU_ASSERT_EQUAL_FATAL(symlink(path, link), 0);
	CU_ASSERT(f48_cf8_read(link, &cf, &fs, &err) < 0);
	CU_ASSERT_PTR_NULL(cf);
	CU_ASSERT_EQUAL(fs.n, 0);
	f48_findings_free(&fs);
}

/* Read a file with this module and check the round trip against the bytes. */
static f48_cf8 *
read_roundtrip(const char *path, f48_findings *fs)
{
	f48_error err;
	f48_cf8 *cf = NULL;
	FILE *fp = fopen(path, "rb");
	f48_sb raw, out;
	char buf[4096];
	size_t n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	f48_sb_init(&raw);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		f48_sb_append(&raw, buf, n);
	fclose(fp);
	CU_ASSERT_EQUAL_FATAL(f48_cf8_read(path, &cf, fs, &err), F48_OK);
	f48_sb_init(&out);
	f48_cf8_write(cf, &out);
	CU_ASSERT(out.len == raw.len && memcmp(out.data, raw.data, raw.len) == 0);
	f48_sb_free(&out);
	f48_sb_free(&raw);
	return cf;
}

static void
test_fixture_roundtrip(void)
{
	char path[4096];
	f48_findings fs;
	DIR *d;
	struct dirent *de;
	int nml = 0;

	T_NEED_SHARED();
	f48_findings_init(&fs);
	snprintf(path, sizeof(path), "%s/var/mail/example.com/~ml", t_mergeml_root());
	d = opendir(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	while ((de = readdir(d)) != NULL) {
		char cfpath[8192];

		if (de->d_name[0] == '.' || de->d_name[0] == '@')
			continue;
		snprintf(cfpath, sizeof(cfpath), "%s/%s/config.cf", path, de->d_name);
		if (access(cfpath, F_OK) != 0)
			continue;
		f48_cf8_free(read_roundtrip(cfpath, &fs));
		nml++;
	}
	closedir(d);
	CU_ASSERT(nml >= 8);
	snprintf(path, sizeof(path), "%s/usr/local/etc/fml/site_default_config.cf", t_mergeml_root());
	f48_cf8_free(read_roundtrip(path, &fs));
	snprintf(path, sizeof(path), "%s/usr/local/etc/fml/main.cf", t_mergeml_root());
	f48_cf8_free(read_roundtrip(path, &fs));
	CU_ASSERT_EQUAL(f48_findings_count(&fs, F48_SEV_WARNING), 0);
	f48_findings_free(&fs);
}

static f48_cf8 *
read_ok(const char *path)
{
	f48_error err;
	f48_cf8 *cf = NULL;
	f48_findings fs;

	f48_findings_init(&fs);
	CU_ASSERT_EQUAL(f48_cf8_read(path, &cf, &fs, &err), F48_OK);
	CU_ASSERT_EQUAL(fs.n, 0);
	f48_findings_free(&fs);
	return cf;
}

static void
test_templates(void)
{
	char path[4096];
	f48_cf8 *cf;
	f48_cf8_env *env = f48_cf8_env_new();
	static const char *const keys[] = {
		"article_post_restrictions", "maintainer", "smtp_sender",
		"mail_header_default_errors_to", "article_header_rewrite_rules",
		"primary_member_map", "html_archive_dir", "use_html_archive",
		"incoming_article_body_size_limit", "article_sequence_file",
		"digest_sequence_file", "primary_digest_recipient_map",
		"system_special_accounts", "smtp_servers",
	};

	snprintf(path, sizeof(path), "%s/fml8-defaults.cf", t_templates_dir());
	cf = read_ok(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cf);
	CU_ASSERT_EQUAL(cf->ncut, 0);
	f48_cf8_env_apply(env, cf);
	f48_cf8_free(cf);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		CU_ASSERT_PTR_NOT_NULL(f48_cf8_env_raw(env, keys[i], NULL, NULL));
	f48_cf8_env_set(env, "ml_name", "elena", "-o", 0);
	f48_cf8_env_set(env, "ml_domain", "example.com", "-o", 0);
	f48_cf8_env_set(env, "ml_home_prefix", "/var/spool/ml", "-o", 0);
	/* fml8 sets ml_home_dir at run time; the table leaves it out */
	CU_ASSERT_PTR_NULL(f48_cf8_env_raw(env, "ml_home_dir", NULL, NULL));
	f48_cf8_env_set(env, "ml_home_dir", "$ml_home_prefix/$ml_name", "-o", 0);
	f48_cf8_env_set(env, "fml_owner_home_dir", "/home/fml", "-o", 0);
	snprintf(path, sizeof(path), "%s/fml8-config.cf.in", t_templates_dir());
	cf = read_ok(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cf);
	CU_ASSERT_EQUAL(cf->ncut, 1);
	f48_cf8_env_apply(env, cf);
	f48_cf8_free(cf);
	expect_expand(env, "maintainer", "elena-admin@example.com");
	expect_expand(env, "smtp_sender", "elena-admin@example.com");
	expect_expand(env, "mail_header_default_errors_to", "elena-admin@example.com");
	expect_expand(env, "article_post_address", "elena@example.com");
	expect_expand(env, "command_mail_address", "elena-ctl@example.com");
	expect_expand(env, "primary_member_map", "file:/var/spool/ml/elena/members");
	expect_expand(env, "primary_recipient_map", "file:/var/spool/ml/elena/recipients");
	expect_expand(env, "primary_digest_recipient_map",
	    "file:/var/spool/ml/elena/recipients-digest");
	expect_expand(env, "article_sequence_file", "/var/spool/ml/elena/seq");
	expect_expand(env, "html_archive_dir",
	    "/home/fml/public_html/fml/mlarchive/example.com/elena");
	expect_expand(env, "article_subject_tag", "[elena:%05d]");
	expect_expand(env, "incoming_article_body_size_limit", "10240000");
	expect_expand(env, "use_article_digest_function", "yes");
	expect_expand(env, "article_post_restrictions",
	    "isolate_system_special_accounts permit_member_maps isolate");
	CU_ASSERT_TRUE(f48_cf8_env_has_word(env, "article_header_rewrite_rules",
	    "rewrite_article_subject_tag"));
	CU_ASSERT_TRUE(f48_cf8_env_has_word(env, "system_special_accounts", "MAILER-DAEMON"));
	/* every value of the table expands without a loop */
	for (size_t i = 0; i < f48_cf8_env_size(env); i++) {
		char *msg = NULL;
		char *v = f48_cf8_env_expand(env, f48_cf8_env_key_at(env, i), &msg);

		CU_ASSERT_PTR_NOT_NULL(v);
		if (!v)
			printf("\n  %s\n", msg);
		free(v);
		free(msg);
	}
	f48_cf8_env_free(env);
}

static void
test_fixture_values(void)
{
	char path[4096];
	f48_cf8 *cf;
	f48_cf8_env *env;
	bool found = false, in_block = false, saw_end = false;

	T_NEED_SHARED();
	/* the site file removes the subject tag rule from the defaults */
	snprintf(path, sizeof(path), "%s/usr/local/etc/fml/site_default_config.cf",
	    t_mergeml_root());
	cf = read_ok(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cf);
	for (size_t i = 0; i < cf->n; i++) {
		const f48_cf8_line *ln = &cf->lines[i];

		if (ln->kind == F48_CF8_ASSIGN &&
		    strcmp(ln->key, "article_header_rewrite_rules") == 0 &&
		    strcmp(ln->op, "-=") == 0 &&
		    strcmp(ln->value, "rewrite_article_subject_tag") == 0)
			found = true;
	}
	CU_ASSERT_TRUE(found);
	{
		char dpath[4096];
		f48_cf8 *def;

		snprintf(dpath, sizeof(dpath), "%s/fml8-defaults.cf", t_templates_dir());
		def = read_ok(dpath);
		CU_ASSERT_PTR_NOT_NULL_FATAL(def);
		env = f48_cf8_env_new();
		f48_cf8_env_apply(env, def);
		CU_ASSERT_TRUE(f48_cf8_env_has_word(env, "article_header_rewrite_rules",
		    "rewrite_article_subject_tag"));
		f48_cf8_env_apply(env, cf);
		CU_ASSERT_FALSE(f48_cf8_env_has_word(env, "article_header_rewrite_rules",
		    "rewrite_article_subject_tag"));
		CU_ASSERT_TRUE(f48_cf8_env_has_word(env, "article_header_rewrite_rules",
		    "rewrite_reply_to"));
		f48_cf8_env_free(env);
		f48_cf8_free(def);
	}
	f48_cf8_free(cf);

	/* mergeml wrote only comments into the TRANSLATED_CONFIG block */
	snprintf(path, sizeof(path), "%s/var/mail/example.com/~ml/test-ml/config.cf",
	    t_mergeml_root());
	cf = read_ok(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cf);
	found = false;
	for (size_t i = 0; i < cf->n; i++) {
		const f48_cf8_line *ln = &cf->lines[i];

		if (strncmp(ln->raw, "# <TRANSLATED_CONFIG", 20) == 0) {
			found = in_block = true;
			continue;
		}
		if (strncmp(ln->raw, "# </TRANSLATED_CONFIG", 21) == 0) {
			saw_end = true;
			in_block = false;
		}
		if (in_block) {
			CU_ASSERT(ln->kind == F48_CF8_COMMENT || ln->kind == F48_CF8_BLANK);
			CU_ASSERT_PTR_NULL(ln->key);
		}
	}
	CU_ASSERT_TRUE(found);
	CU_ASSERT_TRUE(saw_end);
	f48_cf8_free(cf);

	/* list info: the maintainer comes from its config.cf */
	snprintf(path, sizeof(path), "%s/var/mail/example.com/~ml/info/config.cf",
	    t_mergeml_root());
	cf = read_ok(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cf);
	env = f48_cf8_env_new();
	f48_cf8_env_set(env, "ml_name", "info", "(ml)", 0);
	f48_cf8_env_set(env, "ml_domain", "example.com", "(ml)", 0);
	f48_cf8_env_apply(env, cf);
	expect_expand(env, "maintainer", "info-admin@example.com");
	{
		const char *file = NULL;
		long line = 0;

		CU_ASSERT_PTR_NOT_NULL(f48_cf8_env_raw(env, "maintainer", &file, &line));
		CU_ASSERT_STRING_EQUAL(file, path);
		CU_ASSERT(line > 0);
	}
	f48_cf8_env_free(env);
	f48_cf8_free(cf);
}

/* Found by tests/fuzz/fuzz_cf8 (a libFuzzer timeout): values that refer to
 * others several times double every round, so 16 rounds made an 800-byte
 * config.cf take seconds and megabytes per key.  Past 1 MiB: an error. */
static void
test_expand_growth_bounded(void)
{
	for (int levels = 5; levels <= 10; levels += 5) {
		f48_sb sb;
		f48_cf8_env *env;

		f48_sb_init(&sb);
		for (int i = 0; i < levels; i++)
			f48_sb_printf(&sb, "lv%c = $lv%c$lv%c$lv%c$lv%c\n", 'a' + i,
			    'a' + i + 1, 'a' + i + 1, 'a' + i + 1, 'a' + i + 1);
		f48_sb_printf(&sb, "lv%c = end\n", 'a' + levels);
		env = env_of(sb.data);
		if (levels == 5) {    /* 4^5 * 3 bytes: fine */
			char *v = f48_cf8_env_expand(env, "lva", NULL);
			CU_ASSERT_PTR_NOT_NULL_FATAL(v);
			CU_ASSERT_EQUAL(strlen(v), 1024 * 3);
			free(v);
		} else {              /* 4^10 * 3 bytes: 3 MiB */
			expect_expand_error(env, "lva", "grows past");
		}
		f48_cf8_env_free(env);
		f48_sb_free(&sb);
	}
}

/* Two envs the same in every way: keys in order, raw values, origins, the
 * expansion of every key (or its error). */
static void
expect_same_env(const f48_cf8_env *a, const f48_cf8_env *b)
{
	size_t i;

	CU_ASSERT_EQUAL_FATAL(f48_cf8_env_size(a), f48_cf8_env_size(b));
	for (i = 0; i < f48_cf8_env_size(a); i++) {
		const char *k = f48_cf8_env_key_at(a, i), *fa = NULL, *fb = NULL, *ra, *rb;
		long la = 0, lb = 0;
		char *ea, *eb, *ma = NULL, *mb = NULL;

		CU_ASSERT_STRING_EQUAL(k, f48_cf8_env_key_at(b, i));
		ra = f48_cf8_env_raw(a, k, &fa, &la);
		rb = f48_cf8_env_raw(b, k, &fb, &lb);
		CU_ASSERT((ra == NULL) == (rb == NULL));
		if (ra && rb) {
			CU_ASSERT_STRING_EQUAL(ra, rb);
			CU_ASSERT_STRING_EQUAL(fa, fb);
			CU_ASSERT_EQUAL(la, lb);
		}
		ea = f48_cf8_env_expand(a, k, &ma);
		eb = f48_cf8_env_expand(b, k, &mb);
		CU_ASSERT((ea == NULL) == (eb == NULL));
		if (ea && eb)
			CU_ASSERT_STRING_EQUAL(ea, eb);
		if (ma && mb)
			CU_ASSERT_STRING_EQUAL(ma, mb);
		free(ea);
		free(eb);
		free(ma);
		free(mb);
	}
}

/* A copy of fml8's defaults (what translate starts each list from) then
 * the list template and one line applied is the env the same applied from
 * scratch, including a self reference ("loop1"), which a copy must keep. */
static void
test_env_copy(void)
{
	char path[4096];
	f48_cf8 *defs, *tmpl;
	f48_cf8 *site = parse("[x]\nfoo = a\nrules -= r2\nloop = $loop/x\n", NULL);
	f48_cf8_env *base = f48_cf8_env_new(), *fresh = f48_cf8_env_new(), *copy;

	snprintf(path, sizeof(path), "%s/fml8-defaults.cf", t_templates_dir());
	defs = read_ok(path);
	snprintf(path, sizeof(path), "%s/fml8-config.cf.in", t_templates_dir());
	tmpl = read_ok(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(defs);
	CU_ASSERT_PTR_NOT_NULL_FATAL(tmpl);
	f48_cf8_env_apply(base, defs);
	f48_cf8_env_apply(base, site);
	copy = f48_cf8_env_copy(base);
	expect_same_env(base, copy);
	f48_cf8_env_apply(fresh, defs);
	f48_cf8_env_apply(fresh, site);
	f48_cf8_env_set(copy, "ml_name", "elena", "(fml4to8)", 0);
	f48_cf8_env_set(fresh, "ml_name", "elena", "(fml4to8)", 0);
	f48_cf8_env_apply(copy, tmpl);
	f48_cf8_env_apply(fresh, tmpl);
	CU_ASSERT_EQUAL(f48_cf8_env_apply_line(copy, "article_header_rewrite_rules += x_y"),
	    f48_cf8_env_apply_line(fresh, "article_header_rewrite_rules += x_y"));
	expect_same_env(fresh, copy);
	/* the base is not changed by what was applied to its copy */
	CU_ASSERT_PTR_NULL(f48_cf8_env_raw(base, "ml_name", NULL, NULL));
	f48_cf8_env_free(copy);
	copy = f48_cf8_env_copy(base);
	expect_same_env(base, copy);
	f48_cf8_env_free(copy);
	f48_cf8_env_free(base);
	f48_cf8_env_free(fresh);
	f48_cf8_free(defs);
	f48_cf8_free(tmpl);
	f48_cf8_free(site);
}

void
register_fml8_config_tests(void)
{
	CU_pSuite s = CU_add_suite("fml8_config", NULL, NULL);

	CU_add_test(s, "line kinds", test_line_kinds);
	CU_add_test(s, "an env's copy applies as the env", test_env_copy);
	CU_add_test(s, "= += -= and continuations as fml8", test_operators);
	CU_add_test(s, "lazy $variable expansion and its limits", test_expansion);
	CU_add_test(s, "=cut, hook part, name spaces", test_cut_and_hooks);
	CU_add_test(s, "byte-exact round trip", test_roundtrip);
	CU_add_test(s, "insert before =cut (0, 1, 2 cuts)", test_insert_before_cut);
	CU_add_test(s, "read errors", test_read_errors);
	CU_add_test(s, "expansion that doubles every round stops past 1 MiB", test_expand_growth_bounded);
	CU_add_test(s, "templates load and expand", test_templates);
	CU_add_test(s, "fixture: every config.cf round-trips", test_fixture_roundtrip);
	CU_add_test(s, "fixture: site removes the tag rule; mergeml's block; maintainer",
	    test_fixture_values);
}

/* test_perlph.c - CUnit suite "perlph": the Perl subset parser and evaluator. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "util/error.h"
#include "util/findings.h"
#include "codes.h"
#include "fml4/perlph.h"
#include "testutil.h"

/* ------------------------------------------------------------ helpers */

/* A parsed program plus its findings, freed together. */
typedef struct parsed {
	f48_pprogram *prog;
	f48_findings fs;
} parsed;

static void
parse_n(parsed *p, const char *buf, size_t len)
{
	f48_findings_init(&p->fs);
	p->prog = NULL;
	CU_ASSERT_EQUAL_FATAL(f48_perl_parse(buf, len, "t.ph", &p->prog, &p->fs), F48_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p->prog);
}

static void
parse_s(parsed *p, const char *text)
{
	parse_n(p, text, strlen(text));
}

static void
done(parsed *p)
{
	f48_perl_program_free(p->prog);
	f48_findings_free(&p->fs);
}

static size_t
ncode(const parsed *p, const char *code)
{
	return f48_findings_count_code(&p->fs, code);
}

/* The first finding with this code, or NULL. */
static const f48_finding *
finding(const parsed *p, const char *code)
{
	size_t i;

	for (i = 0; i < p->fs.n; i++)
		if (strcmp(p->fs.items[i].code, code) == 0)
			return &p->fs.items[i];
	return NULL;
}

/* The k-th (0-based) statement named `name`, or NULL. */
static const f48_pstmt *
stmt_named(const parsed *p, const char *name, int k)
{
	size_t i;

	for (i = 0; i < p->prog->n; i++)
		if (p->prog->stmts[i].name && strcmp(p->prog->stmts[i].name, name) == 0 && k-- == 0)
			return &p->prog->stmts[i];
	return NULL;
}

static size_t
count_named(const parsed *p, const char *name)
{
	size_t i, c = 0;

	for (i = 0; i < p->prog->n; i++)
		if (p->prog->stmts[i].name && strcmp(p->prog->stmts[i].name, name) == 0)
			c++;
	return c;
}

/* A variable table for the lookup callback: sigil, name, value. */
typedef struct var {
	char sigil;
	const char *name;
	const char *value;
} var;

static bool
lookup(void *ctx, char sigil, const char *name, const char **value, size_t *len)
{
	const var *v;

	for (v = ctx; v && v->name; v++)
		if (v->sigil == sigil && strcmp(v->name, name) == 0) {
			*value = v->value;
			*len = strlen(v->value);
			return true;
		}
	return false;
}

static const var VARS[] = {
	{ '$', "DOMAINNAME", "example.com" },
	{ '$', "DIR", "/var/spool/ml/elena" },
	{ '$', "A", "alpha" },
	{ '$', "EMPTY", "" },
	{ '$', "ZERO", "0" },
	{ '$', "NUM", "10" },
	{ '$', "H{key}", "hval" },
	{ '$', "H{k2}", "hval2" },
	{ '@', "L", "first second" },
	{ '@', "LIST", "a b c" },
	{ '$', "PAT", "a+" },
	{ '$', "SUBJ", "[WIP] Hello" },
	{ 0, NULL, NULL }
};

/* The evaluator's get over a var table: arrays are stored joined by
 * spaces; items live in a static buffer until the next call. */
static int
test_get(void *ctx, char sigil, const char *name, const char *key, size_t keylen,
    f48_perl_var *out)
{
	static char buf[4096];
	static const char *items[64];
	char full[600];
	const char *v;
	size_t len, n = 0;
	char *p;

	if (sigil == '{') {
		snprintf(full, sizeof(full), "%s{%.*s}", name, (int)keylen, key);
		sigil = '$';
		name = full;
	}
	if (!lookup(ctx, sigil, name, &v, &len))
		return name == full ? F48_PV_UNKNOWN : F48_PV_UNSET;
	if (sigil == '$') {
		out->str = v;
		out->len = len;
		return F48_PV_KNOWN;
	}
	snprintf(buf, sizeof(buf), "%s", v);
	for (p = strtok(buf, " "); p && n < 64; p = strtok(NULL, " "))
		items[n++] = p;
	out->items = items;
	out->nitems = n;
	return F48_PV_KNOWN;
}

static const f48_perl_env TENV = { (void *)VARS, test_get, NULL, NULL, NULL, NULL, 0, NULL };
static const f48_perl_env NOENV = { NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL };

/* Evaluate e with VARS; returns the string (caller frees) and known. */
static char *
ev(const f48_pexpr *e, bool *known)
{
	f48_perl_value v;
	char *s;

	f48_perl_eval(e, &TENV, &v);
	if (known)
		*known = v.known;
	s = v.str;
	v.str = NULL;
	f48_perl_value_free(&v);
	return s;
}

/* Does statement `name` (first one) evaluate to `want` (and known)? */
static bool
value_is(const parsed *p, const char *name, const char *want)
{
	const f48_pstmt *st = stmt_named(p, name, 0);
	bool known, ok;
	char *s;

	if (st == NULL || st->value == NULL)
		return false;
	s = ev(st->value, &known);
	ok = known && strcmp(s, want) == 0;
	if (!ok)
		printf("\n  %s: got \"%s\" (known=%d), want \"%s\"\n", name, s, known, want);
	free(s);
	return ok;
}

/* Evaluate the modifier condition of the first statement named name. */
static int
cond_of(const parsed *p, const char *name)
{
	const f48_pstmt *st = stmt_named(p, name, 0);
	char *reason = NULL;
	int r;

	if (st == NULL || st->cond == NULL)
		return -2;
	r = f48_perl_eval_cond(st->cond, &TENV, &reason);
	free(reason);
	return r;
}

/* Read a whole file; NULL if it cannot be read. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (fp == NULL)
		return NULL;
	do {
		if (n + 4096 > cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			if (buf == NULL) {
				fclose(fp);
				return NULL;
			}
		}
		got = fread(buf + n, 1, cap - n, fp);
		n += got;
	} while (got > 0);
	fclose(fp);
	*len = n;
	return buf;
}

/* Parse a file of the shared fixtures; false when it is absent. */
static bool
parse_file(parsed *p, const char *path)
{
	size_t len = 0;
	char *buf = slurp(path, &len);

	if (buf == NULL) {
		CU_FAIL("fixture file missing");
		return false;
	}
	f48_findings_init(&p->fs);
	CU_ASSERT_EQUAL(f48_perl_parse(buf, len, path, &p->prog, &p->fs), F48_OK);
	free(buf);
	return p->prog != NULL;
}

static const char *
ml_file(const char *ml, const char *file)
{
	static char buf[4][4096];
	static int k;
	char *b = buf[k++ % 4];

	snprintf(b, sizeof(buf[0]), "%s/%s", t_fixture_ml(ml), file);
	return b;
}

/* ----------------------------------------------------- basic grammar */

static void
test_empty_and_usage(void)
{
	parsed p;
	f48_findings fs;
	f48_pprogram *prog = (f48_pprogram *)1;

	parse_n(&p, "", 0);
	CU_ASSERT_EQUAL(p.prog->n, 0);
	CU_ASSERT_EQUAL(p.fs.n, 0);
	CU_ASSERT_FALSE(p.prog->has_end);
	CU_ASSERT_STRING_EQUAL(p.prog->file, "t.ph");
	done(&p);
	parse_s(&p, "\n\n  # only a comment\n\t\n");
	CU_ASSERT_EQUAL(p.prog->n, 0);
	CU_ASSERT_EQUAL(p.fs.n, 0);
	done(&p);
	f48_findings_init(&fs);
	CU_ASSERT_EQUAL(f48_perl_parse("x", 1, "f", NULL, &fs), F48_EUSAGE);
	CU_ASSERT_EQUAL(f48_perl_parse("x", 1, "f", &prog, NULL), F48_EUSAGE);
	CU_ASSERT_PTR_NULL(prog);
	CU_ASSERT_EQUAL(f48_perl_parse(NULL, 1, "f", &prog, &fs), F48_EUSAGE);
	f48_findings_free(&fs);
	f48_perl_program_free(NULL);
	f48_perl_value_free(NULL);
}

static void
test_scalar_assignments(void)
{
	parsed p;
	const f48_pstmt *st;

	parse_s(&p, "$A = 'x';\n$B .= \"y\";\n$C ||= 3;\n$D += 2;\n$E //= 1; $F x= 2;\n");
	CU_ASSERT_EQUAL_FATAL(p.prog->n, 6);
	CU_ASSERT_EQUAL(p.fs.n, 0);
	st = &p.prog->stmts[0];
	CU_ASSERT_EQUAL(st->kind, F48_PS_SCALAR);
	CU_ASSERT_STRING_EQUAL(st->name, "A");
	CU_ASSERT_STRING_EQUAL(st->op, "=");
	CU_ASSERT_EQUAL(st->value->kind, F48_PX_STR);
	CU_ASSERT_EQUAL(st->value->quote, '\'');
	CU_ASSERT_STRING_EQUAL(p.prog->stmts[1].op, ".=");
	CU_ASSERT_STRING_EQUAL(p.prog->stmts[2].op, "||=");
	CU_ASSERT_STRING_EQUAL(p.prog->stmts[3].op, "+=");
	CU_ASSERT_STRING_EQUAL(p.prog->stmts[4].op, "//=");
	CU_ASSERT_STRING_EQUAL(p.prog->stmts[5].op, "x=");
	CU_ASSERT_EQUAL(p.prog->stmts[2].value->kind, F48_PX_NUM);
	CU_ASSERT_STRING_EQUAL(p.prog->stmts[2].value->str, "3");
	CU_ASSERT_PTR_NULL(p.prog->stmts[0].cond);
	CU_ASSERT_EQUAL(p.prog->stmts[4].line, 5);
	CU_ASSERT_EQUAL(p.prog->stmts[5].line, 5);
	done(&p);
}

static void
test_comments_and_lines(void)
{
	parsed p;
	const f48_pstmt *st;

	parse_s(&p, "# header\n\n# more\n   $A = 1; # trailing ; comment 'x\n"
	    "$B =   # value on the next line\n  \"two\"\n  ;\n1;\n");
	CU_ASSERT_EQUAL_FATAL(p.prog->n, 3);
	CU_ASSERT_EQUAL(p.fs.n, 0);
	st = stmt_named(&p, "A", 0);
	CU_ASSERT_EQUAL(st->line, 4);
	CU_ASSERT_EQUAL(st->end_line, 4);
	CU_ASSERT_EQUAL(st->raw_len, 7);
	CU_ASSERT_STRING_EQUAL(st->raw, "$A = 1;");
	st = stmt_named(&p, "B", 0);
	CU_ASSERT_EQUAL(st->line, 5);
	CU_ASSERT_EQUAL(st->end_line, 7);
	CU_ASSERT_TRUE(value_is(&p, "B", "two"));
	CU_ASSERT_EQUAL(p.prog->stmts[2].kind, F48_PS_TRUE);
	CU_ASSERT_EQUAL(p.prog->stmts[2].line, 8);
	done(&p);
}

static void
test_dq_escapes(void)
{
	parsed p;
	const f48_pstmt *st;
	bool known;
	char *s;

	parse_s(&p, "$A = \"n\\nt\\tr\\r bs\\\\ q\\\" d\\$ at\\@ o\\101\\0 x\\x41\\x{42} e\\e u\\S\";\n");
	CU_ASSERT_EQUAL(p.fs.n, 0);
	st = stmt_named(&p, "A", 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(st->value->kind, F48_PX_STR);
	CU_ASSERT_EQUAL(st->value->quote, '"');
	s = ev(st->value, &known);
	CU_ASSERT_TRUE(known);
	CU_ASSERT_EQUAL_FATAL(st->value->len, 34);
	CU_ASSERT_EQUAL(memcmp(st->value->str,
	    "n\nt\tr\r bs\\ q\" d$ at@ oA\0 xAB e\033 uS", 34), 0);
	free(s);
	done(&p);
	/* \x{263a} is a wide character: written out as UTF-8 */
	parse_s(&p, "$W = \"\\x{263a}\";\n$C = \"\\cA\";\n");
	CU_ASSERT_TRUE(value_is(&p, "W", "\xe2\x98\xba"));
	CU_ASSERT_TRUE(value_is(&p, "C", "\x01"));
	done(&p);
}

static void
test_sq_escapes(void)
{
	parsed p;

	parse_s(&p, "$A = 'a\\'b\\\\c\\d\\n$X@Y';\n$B = q#x\\#y\\\\z#;\n$C = q(a(b)c\\)d);\n");
	CU_ASSERT_EQUAL(p.fs.n, 0);
	CU_ASSERT_TRUE(value_is(&p, "A", "a'b\\c\\d\\n$X@Y"));
	CU_ASSERT_TRUE(value_is(&p, "B", "x#y\\z"));
	CU_ASSERT_TRUE(value_is(&p, "C", "a(b)c)d"));
	CU_ASSERT_EQUAL(stmt_named(&p, "B", 0)->value->quote, 'q');
	done(&p);
}

static void
test_interpolation(void)
{
	parsed p;
	const f48_pstmt *st;

	parse_s(&p,
	    "$M = \"test-ml\\@$DOMAINNAME\";\n"
	    "$D = \"${DIR}/members\";\n"
	    "$H = \"<$H{key}|$H{'k2'}|$H{ key }>\";\n"
	    "$L = \"$L[1]\";\n"
	    "$R = \"[@LIST]\";\n"
	    "$P = \"cost 5\\$ and \\@home $ \";\n"
	    "$Q = \"$A's\";\n");
	CU_ASSERT_EQUAL(p.fs.n, 0);
	CU_ASSERT_TRUE(value_is(&p, "M", "test-ml@example.com"));
	CU_ASSERT_TRUE(value_is(&p, "D", "/var/spool/ml/elena/members"));
	CU_ASSERT_TRUE(value_is(&p, "H", "<hval|hval2|hval>"));
	CU_ASSERT_TRUE(value_is(&p, "L", "second"));
	CU_ASSERT_TRUE(value_is(&p, "R", "[a b c]"));
	CU_ASSERT_TRUE(value_is(&p, "P", "cost 5$ and @home $ "));
	st = stmt_named(&p, "M", 0);
	CU_ASSERT_EQUAL_FATAL(st->value->kind, F48_PX_CONCAT);
	CU_ASSERT_EQUAL_FATAL(st->value->nparts, 2);
	CU_ASSERT_EQUAL(st->value->parts[1]->kind, F48_PX_SCALAR);
	CU_ASSERT_STRING_EQUAL(st->value->parts[1]->name, "DOMAINNAME");
	st = stmt_named(&p, "H", 0);
	CU_ASSERT_EQUAL(st->value->parts[1]->kind, F48_PX_ELEM);
	CU_ASSERT_STRING_EQUAL(st->value->parts[1]->name, "H");
	CU_ASSERT_EQUAL(st->value->parts[1]->quote, '{');
	st = stmt_named(&p, "L", 0);
	CU_ASSERT_EQUAL(st->value->parts[0]->quote, '[');
	st = stmt_named(&p, "R", 0);
	CU_ASSERT_EQUAL(st->value->parts[1]->kind, F48_PX_ARRAY);
	/* Perl reads $A's as $A::s, an unknown variable */
	st = stmt_named(&p, "Q", 0);
	CU_ASSERT_EQUAL_FATAL(st->value->kind, F48_PX_CONCAT);
	CU_ASSERT_EQUAL_FATAL(st->value->parts[0]->kind, F48_PX_SCALAR);
	CU_ASSERT_STRING_EQUAL(st->value->parts[0]->name, "A's");
	done(&p);
}

static void
test_unescaped_at_interpolates(void)
{
	parsed p;
	const f48_pstmt *st;
	f48_perl_value v;

	parse_s(&p, "$A = \"user@example.com\";\n");
	st = stmt_named(&p, "A", 0);
	CU_ASSERT_EQUAL_FATAL(st->value->kind, F48_PX_CONCAT);
	CU_ASSERT_EQUAL(st->value->parts[1]->kind, F48_PX_ARRAY);
	CU_ASSERT_STRING_EQUAL(st->value->parts[1]->name, "example");
	f48_perl_eval(st->value, &TENV, &v);
	CU_ASSERT_FALSE(v.known);
	CU_ASSERT_STRING_EQUAL(v.str, "user.com");
	CU_ASSERT_STRING_EQUAL(v.reason, "unknown variable @example");
	f48_perl_value_free(&v);
	done(&p);
}

static void
test_q_operators(void)
{
	parsed p;

	parse_s(&p,
	    "$A = q{a{b}c};\n$B = qq[$A-[x]];\n$C = q<a<b>>;\n$D = q!x!;\n"
	    "$E = qq|$A|;\n$F = q@h@;\n$G = q%p%;\n$H = qq (sp);\n$I = qq{\\}};\n");
	CU_ASSERT_EQUAL(p.fs.n, 0);
	CU_ASSERT_TRUE(value_is(&p, "A", "a{b}c"));
	CU_ASSERT_TRUE(value_is(&p, "B", "alpha-[x]"));
	CU_ASSERT_TRUE(value_is(&p, "C", "a<b>"));
	CU_ASSERT_TRUE(value_is(&p, "D", "x"));
	CU_ASSERT_TRUE(value_is(&p, "E", "alpha"));
	CU_ASSERT_TRUE(value_is(&p, "F", "h"));
	CU_ASSERT_TRUE(value_is(&p, "G", "p"));
	CU_ASSERT_TRUE(value_is(&p, "H", "sp"));
	CU_ASSERT_TRUE(value_is(&p, "I", "}"));
	CU_ASSERT_EQUAL(stmt_named(&p, "E", 0)->value->quote, 'Q');
	done(&p);
}

static void
test_numbers(void)
{
	parsed p;

	parse_s(&p, "$A = 007;\n$B = 0x10;\n$C = -5;\n$D = 1.50;\n$E = 1_000;\n$F = 0b101;\n"
	    "$G = 0;\n$H = 123;\n$I = 1e3;\n$J = -0;\n");
	CU_ASSERT_EQUAL(p.fs.n, 0);
	CU_ASSERT_TRUE(value_is(&p, "A", "7"));
	CU_ASSERT_TRUE(value_is(&p, "B", "16"));
	CU_ASSERT_TRUE(value_is(&p, "C", "-5"));
	CU_ASSERT_TRUE(value_is(&p, "D", "1.5"));    /* Perl prints the number */
	CU_ASSERT_TRUE(value_is(&p, "E", "1000"));
	CU_ASSERT_TRUE(value_is(&p, "F", "5"));
	CU_ASSERT_TRUE(value_is(&p, "G", "0"));
	CU_ASSERT_TRUE(value_is(&p, "H", "123"));
	CU_ASSERT_TRUE(value_is(&p, "I", "1000"));
	CU_ASSERT_TRUE(value_is(&p, "J", "0"));
	CU_ASSERT_STRING_EQUAL(stmt_named(&p, "A", 0)->value->str, "007");
	done(&p);
}

static void
test_concat(void)
{
	parsed p;
	const f48_pstmt *st;

	parse_s(&p, "$A = 'a' . \"b$A\" . 3 . $A . q(z);\n$B = $A.$A;\n");
	CU_ASSERT_EQUAL(p.fs.n, 0);
	CU_ASSERT_TRUE(value_is(&p, "A", "abalpha3alphaz"));
	CU_ASSERT_TRUE(value_is(&p, "B", "alphaalpha"));
	st = stmt_named(&p, "A", 0);
	CU_ASSERT_EQUAL(st->value->kind, F48_PX_CONCAT);
	CU_ASSERT_EQUAL(st->value->nparts, 5);
	done(&p);
}

static void
test_unknown_variable(void)
{
	parsed p;
	f48_perl_value v;

	parse_s(&p, "$A = \"x${NOPE}y\" . $A;\n");
	f48_perl_eval(stmt_named(&p, "A", 0)->value, &TENV, &v);
	CU_ASSERT_FALSE(v.known);
	CU_ASSERT_STRING_EQUAL(v.str, "xyalpha");
	CU_ASSERT_EQUAL(v.len, 7);
	CU_ASSERT_STRING_EQUAL(v.reason, "unknown variable $NOPE");
	f48_perl_value_free(&v);
	/* a NULL lookup knows nothing */
	f48_perl_eval(stmt_named(&p, "A", 0)->value, &NOENV, &v);
	CU_ASSERT_FALSE(v.known);
	CU_ASSERT_STRING_EQUAL(v.str, "xy");
	f48_perl_value_free(&v);
	done(&p);
}

static void
test_unknown_expressions(void)
{
	parsed p;
	const f48_pstmt *st;
	f48_perl_value v;
	static const char *const names[] = { "T", "U", "V", "W", "X", "Y", "Q", NULL };
	size_t i;

	/* what depends on the run stays unknown, with its raw text */
	parse_s(&p, "$T = `hostname`;\n$U = time;\n$V = (localtime)[8];\n$W = $ENV{'HOME'};\n"
	    "$X = -f \"$DIR/x\" ? 1 : 0;\n$Y = &foo(1);\n$Q = open(F, 'x');\n$Z = 'ok';\n");
	CU_ASSERT_EQUAL(ncode(&p, F48_C_PARSE_ERROR), 0);
	CU_ASSERT_EQUAL(p.prog->n, 8);
	for (i = 0; names[i]; i++) {
		st = stmt_named(&p, names[i], 0);
		CU_ASSERT_PTR_NOT_NULL_FATAL(st);
		CU_ASSERT_EQUAL(st->kind, F48_PS_SCALAR);
		f48_perl_eval(st->value, &TENV, &v);
		if (v.known)
			printf("\n  %s is known: \"%s\"\n", names[i], v.str);
		CU_ASSERT_FALSE(v.known);
		CU_ASSERT_PTR_NOT_NULL(v.reason);
		f48_perl_value_free(&v);
	}
	st = stmt_named(&p, "T", 0);
	CU_ASSERT_EQUAL_FATAL(st->value->kind, F48_PX_UNKNOWN);
	CU_ASSERT_STRING_EQUAL(st->value->raw, "`hostname`");
	CU_ASSERT_PTR_NOT_NULL(strstr(st->value->reason, "backtick"));
	f48_perl_eval(stmt_named(&p, "V", 0)->value, &TENV, &v);
	CU_ASSERT_PTR_NOT_NULL(v.reason && strstr(v.reason, "localtime"));
	f48_perl_value_free(&v);
	CU_ASSERT_TRUE(value_is(&p, "Z", "ok"));
	done(&p);

	/* what the evaluator computes */
	parse_s(&p, "$U = $A x 3;\n$V = 1 + 2;\n$W = $A ? 'a' : 'b';\n"
	    "$X = lc($A) . 'x';\n$Y = $A || 'default';\n$Z = $NUM * 2 ** 3 - 1;\n");
	CU_ASSERT_EQUAL(p.fs.n, 0);
	CU_ASSERT_TRUE(value_is(&p, "U", "alphaalphaalpha"));
	CU_ASSERT_TRUE(value_is(&p, "V", "3"));
	CU_ASSERT_TRUE(value_is(&p, "W", "a"));
	CU_ASSERT_TRUE(value_is(&p, "X", "alphax"));
	CU_ASSERT_TRUE(value_is(&p, "Y", "alpha"));
	CU_ASSERT_TRUE(value_is(&p, "Z", "79"));
	done(&p);
}

static void
test_arrays_and_hashes(void)
{
	parsed p;
	const f48_pstmt *st;
	f48_perl_value *items = NULL;
	size_t n = 0, i;

	parse_s(&p, "@A = ('x', \"y\", qw(p q), (r => 's'), @LIST, bare => 1,);\n"
	    "%H = (key => 'v', 'k2', \"w\");\n@E = ();\n@Q = qw/a b/;\n");
	CU_ASSERT_EQUAL(p.fs.n, 0);
	st = stmt_named(&p, "A", 0);
	CU_ASSERT_EQUAL(st->kind, F48_PS_ARRAY);
	CU_ASSERT_EQUAL_FATAL(st->value->kind, F48_PX_LIST);
	CU_ASSERT_EQUAL_FATAL(st->value->nparts, 9);
	CU_ASSERT_EQUAL(st->value->parts[4]->kind, F48_PX_STR);
	CU_ASSERT_STRING_EQUAL(st->value->parts[4]->str, "r");
	CU_ASSERT_EQUAL(st->value->parts[6]->kind, F48_PX_ARRAY);
	CU_ASSERT_STRING_EQUAL(st->value->parts[7]->str, "bare");
	f48_perl_eval_list(st->value, &TENV, &items, &n);
	CU_ASSERT_EQUAL_FATAL(n, 11);
	CU_ASSERT_STRING_EQUAL(items[0].str, "x");
	CU_ASSERT_STRING_EQUAL(items[2].str, "p");
	CU_ASSERT_STRING_EQUAL(items[6].str, "a");
	CU_ASSERT_STRING_EQUAL(items[8].str, "c");
	CU_ASSERT_STRING_EQUAL(items[10].str, "1");
	for (i = 0; i < n; i++) {
		CU_ASSERT_TRUE(items[i].known);
		f48_perl_value_free(&items[i]);
	}
	free(items);
	/* a list in scalar context is the comma operator: its last element */
	CU_ASSERT_TRUE(value_is(&p, "A", "1"));
	st = stmt_named(&p, "H", 0);
	CU_ASSERT_EQUAL(st->kind, F48_PS_HASH);
	CU_ASSERT_EQUAL(st->value->nparts, 4);
	st = stmt_named(&p, "E", 0);
	CU_ASSERT_EQUAL(st->value->kind, F48_PX_LIST);
	CU_ASSERT_EQUAL(st->value->nparts, 0);
	CU_ASSERT_EQUAL(stmt_named(&p, "Q", 0)->value->nparts, 2);
	done(&p);
}

static void
test_eval_list_unknown_array(void)
{
	parsed p;
	f48_perl_value *items = NULL;
	size_t n = 0, i;

	parse_s(&p, "@A = ('x', @NOPE, $A);\n");
	f48_perl_eval_list(stmt_named(&p, "A", 0)->value, &TENV, &items, &n);
	/* the list's length is not known: no item is */
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT_FALSE(items[0].known);
	CU_ASSERT_FALSE(items[1].known);
	CU_ASSERT_STRING_EQUAL(items[1].reason, "unknown variable @NOPE");
	CU_ASSERT_STRING_EQUAL(items[1].str, "alpha");
	for (i = 0; i < n; i++)
		f48_perl_value_free(&items[i]);
	free(items);
	done(&p);
}

static void
test_hash_elements(void)
{
	parsed p;
	const f48_pstmt *st;
	bool known;
	char *s;

	parse_s(&p, "$H{key} = 'a';\n$H{'quoted key'} = 1;\n$H{\"k$A\"} .= 'z';\n$H{-opt} = 2;\n"
	    "$Permit{$A} = 1;\n");
	CU_ASSERT_EQUAL(p.fs.n, 0);
	CU_ASSERT_EQUAL(p.prog->n, 5);
	st = &p.prog->stmts[0];
	CU_ASSERT_EQUAL(st->kind, F48_PS_ELEM);
	CU_ASSERT_STRING_EQUAL(st->name, "H");
	CU_ASSERT_EQUAL(st->key->kind, F48_PX_STR);
	CU_ASSERT_STRING_EQUAL(st->key->str, "key");
	CU_ASSERT_STRING_EQUAL(p.prog->stmts[1].key->str, "quoted key");
	s = ev(p.prog->stmts[2].key, &known);
	CU_ASSERT_STRING_EQUAL(s, "kalpha");
	free(s);
	CU_ASSERT_STRING_EQUAL(p.prog->stmts[2].op, ".=");
	CU_ASSERT_STRING_EQUAL(p.prog->stmts[3].key->str, "-opt");
	CU_ASSERT_EQUAL(p.prog->stmts[4].key->kind, F48_PX_SCALAR);
	done(&p);
}

static void
test_calls_and_push(void)
{
	parsed p;
	const f48_pstmt *st;

	parse_s(&p, "&DEFINE_MODE('mime');\nDEFINE_FIELD_FORCED('reply-to', $A);\n&NOARGS;\n"
	    "&main'OLD('x');\n&EMPTY();\npush(@HOSTS, 'a', \"b\");\npush @HOSTS, 'c';\n"
	    "&ADD_CONTENT_HANDLER('multipart/.*', 'text/plain', 'allow');\n");
	CU_ASSERT_EQUAL(p.fs.n, 0);
	CU_ASSERT_EQUAL_FATAL(p.prog->n, 8);
	st = &p.prog->stmts[0];
	CU_ASSERT_EQUAL(st->kind, F48_PS_CALL);
	CU_ASSERT_STRING_EQUAL(st->name, "DEFINE_MODE");
	CU_ASSERT_STRING_EQUAL(st->op, "");
	CU_ASSERT_EQUAL(st->value->nparts, 1);
	st = &p.prog->stmts[1];
	CU_ASSERT_STRING_EQUAL(st->name, "DEFINE_FIELD_FORCED");
	CU_ASSERT_EQUAL(st->value->nparts, 2);
	CU_ASSERT_EQUAL(st->value->parts[1]->kind, F48_PX_SCALAR);
	st = &p.prog->stmts[2];
	CU_ASSERT_STRING_EQUAL(st->name, "NOARGS");
	CU_ASSERT_EQUAL(st->value->kind, F48_PX_LIST);
	CU_ASSERT_EQUAL(st->value->nparts, 0);
	CU_ASSERT_STRING_EQUAL(p.prog->stmts[3].name, "OLD");
	CU_ASSERT_EQUAL(p.prog->stmts[4].value->nparts, 0);
	st = &p.prog->stmts[5];
	CU_ASSERT_EQUAL(st->kind, F48_PS_PUSH);
	CU_ASSERT_STRING_EQUAL(st->name, "HOSTS");
	CU_ASSERT_EQUAL(st->value->nparts, 2);
	CU_ASSERT_STRING_EQUAL(st->value->parts[1]->str, "b");
	st = &p.prog->stmts[6];
	CU_ASSERT_EQUAL(st->kind, F48_PS_PUSH);
	CU_ASSERT_EQUAL(st->value->nparts, 1);
	CU_ASSERT_EQUAL(p.prog->stmts[7].value->nparts, 3);
	done(&p);
}

static void
test_true_statement(void)
{
	parsed p;

	parse_s(&p, "1;\n'x';\n");
	CU_ASSERT_EQUAL_FATAL(p.prog->n, 2);
	CU_ASSERT_EQUAL(p.prog->stmts[0].kind, F48_PS_TRUE);
	CU_ASSERT_EQUAL(p.prog->stmts[1].kind, F48_PS_TRUE);
	CU_ASSERT_STRING_EQUAL(p.prog->stmts[0].raw, "1;");
	done(&p);
}

static void
test_names(void)
{
	parsed p;
	const f48_pstmt *st;

	parse_s(&p, "$main'X = 1;\n$main::Y = \"$main'A/$main::A\";\n$Pkg::Z = 3;\n$::W = 4;\n"
	    "$Old'Q = 5;\n");
	CU_ASSERT_EQUAL(p.fs.n, 0);
	CU_ASSERT_PTR_NOT_NULL(stmt_named(&p, "X", 0));
	CU_ASSERT_PTR_NOT_NULL(stmt_named(&p, "Y", 0));
	CU_ASSERT_PTR_NOT_NULL(stmt_named(&p, "Pkg::Z", 0));
	CU_ASSERT_PTR_NOT_NULL(stmt_named(&p, "W", 0));
	CU_ASSERT_PTR_NOT_NULL(stmt_named(&p, "Old'Q", 0));
	CU_ASSERT_TRUE(value_is(&p, "Y", "alpha/alpha"));
	st = stmt_named(&p, "Y", 0);
	CU_ASSERT_STRING_EQUAL(st->raw, "$main::Y = \"$main'A/$main::A\";");
	done(&p);
}

/* ------------------------------------------------------ here-documents */

static void
test_heredoc_forms(void)
{
	parsed p;
	const f48_pstmt *st;

	parse_s(&p, "$A = 'pre';\n"
	    "$S = <<'EOF_HOOK';\n    if ($x) { $A }\n\\n \"q\"\nEOF_HOOK\n"
	    "$D = <<\"END\";\nv=$A\\t!\nEND\n"
	    "$B = <<END . 'tail';\nbare $A\nEND\n"
	    "$I = <<~EOT;\n    one\n      two\n    EOT\n"
	    "$Z = 'after';\n");
	CU_ASSERT_EQUAL(p.fs.n, 0);
	CU_ASSERT_EQUAL_FATAL(p.prog->n, 6);
	st = stmt_named(&p, "S", 0);
	CU_ASSERT_EQUAL(st->value->kind, F48_PX_STR);
	CU_ASSERT_TRUE(st->value->heredoc);
	CU_ASSERT_EQUAL(st->value->quote, 'h');
	CU_ASSERT_STRING_EQUAL(st->value->str, "    if ($x) { $A }\n\\n \"q\"\n");
	CU_ASSERT_EQUAL(st->line, 2);
	CU_ASSERT_EQUAL(st->end_line, 5);
	CU_ASSERT_STRING_EQUAL(st->raw,
	    "$S = <<'EOF_HOOK';\n    if ($x) { $A }\n\\n \"q\"\nEOF_HOOK");
	CU_ASSERT_TRUE(value_is(&p, "D", "v=alpha\t!\n"));
	CU_ASSERT_TRUE(value_is(&p, "B", "bare alpha\ntail"));
	CU_ASSERT_TRUE(value_is(&p, "I", "one\n  two\n"));
	st = stmt_named(&p, "Z", 0);
	CU_ASSERT_EQUAL(st->line, 16);
	CU_ASSERT_TRUE(value_is(&p, "Z", "after"));
	done(&p);
}

static void
test_heredoc_two_on_a_line(void)
{
	parsed p;
	const f48_pstmt *st;

	parse_s(&p, "$X = <<'A'; $Y = <<B; # both\nfirst\nA\nsecond $A\nB\n$Z = 3;\n"
	    "&HOOK(<<EOT, 'x');\nbody\nEOT\n");
	CU_ASSERT_EQUAL(p.fs.n, 0);
	CU_ASSERT_EQUAL_FATAL(p.prog->n, 4);
	CU_ASSERT_TRUE(value_is(&p, "X", "first\n"));
	CU_ASSERT_TRUE(value_is(&p, "Y", "second alpha\n"));
	CU_ASSERT_TRUE(value_is(&p, "Z", "3"));
	st = stmt_named(&p, "Z", 0);
	CU_ASSERT_EQUAL(st->line, 6);
	st = stmt_named(&p, "HOOK", 0);
	CU_ASSERT_EQUAL(st->kind, F48_PS_CALL);
	CU_ASSERT_EQUAL_FATAL(st->value->nparts, 2);
	CU_ASSERT_STRING_EQUAL(st->value->parts[0]->str, "body\n");
	CU_ASSERT_EQUAL(st->end_line, 9);
	done(&p);
}

static void
test_heredoc_at_eof_without_newline(void)
{
	parsed p;

	parse_s(&p, "$E = <<EOT;\nabc\nEOT");
	CU_ASSERT_EQUAL(p.fs.n, 0);
	CU_ASSERT_TRUE(value_is(&p, "E", "abc\n"));
	CU_ASSERT_EQUAL(p.prog->stmts[0].end_line, 3);
	done(&p);
}

/* --------------------------------------------------------- conditions */

static void
test_modifiers(void)
{
	parsed p;
	const f48_pstmt *st;

	parse_s(&p, "$INCOMING_MAIL_SIZE_LIMIT = '2M' unless $INCOMING_MAIL_SIZE_LIMIT;\n"
	    "$B = 1 if $A;\n&DEFINE_MODE('x') if $A eq 'alpha';\n");
	CU_ASSERT_EQUAL(p.fs.n, 0);
	st = stmt_named(&p, "INCOMING_MAIL_SIZE_LIMIT", 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st->cond);
	CU_ASSERT_TRUE(st->cond_unless);
	CU_ASSERT_EQUAL(st->cond->kind, F48_PC_TRUTH);
	CU_ASSERT_EQUAL(st->cond->lhs->kind, F48_PX_SCALAR);
	CU_ASSERT_EQUAL(cond_of(&p, "INCOMING_MAIL_SIZE_LIMIT"), -1);
	st = stmt_named(&p, "B", 0);
	CU_ASSERT_FALSE(st->cond_unless);
	CU_ASSERT_EQUAL(cond_of(&p, "B"), 1);
	CU_ASSERT_EQUAL(cond_of(&p, "DEFINE_MODE"), 1);
	CU_ASSERT_EQUAL(stmt_named(&p, "DEFINE_MODE", 0)->cond->kind, F48_PC_CMP);
	done(&p);
}

static void
test_cond_truth_and_logic(void)
{
	parsed p;

	parse_s(&p,
	    "$T1 = 1 if $EMPTY;\n$T2 = 1 if $ZERO;\n$T3 = 1 if \"00\";\n$T4 = 1 if !$EMPTY;\n"
	    "$T5 = 1 if $A && $ZERO;\n$T6 = 1 if $ZERO || $A;\n$T7 = 1 if not $A;\n"
	    "$T8 = 1 if $A and $NUM or $ZERO;\n$T9 = 1 if defined $A;\n"
	    "$TA = 1 if defined($H{key});\n$TB = 1 if ($A eq 'alpha') && !($ZERO);\n"
	    "$TC = 1 if $NOPE || $A;\n$TD = 1 if $NOPE && $ZERO;\n$TE = 1 if $NOPE && $A;\n"
	    "$TF = 1 if '0.0';\n");
	CU_ASSERT_EQUAL(p.fs.n, 0);
	CU_ASSERT_EQUAL(cond_of(&p, "T1"), 0);
	CU_ASSERT_EQUAL(cond_of(&p, "T2"), 0);
	CU_ASSERT_EQUAL(cond_of(&p, "T3"), 1);
	CU_ASSERT_EQUAL(cond_of(&p, "T4"), 1);
	CU_ASSERT_EQUAL(cond_of(&p, "T5"), 0);
	CU_ASSERT_EQUAL(cond_of(&p, "T6"), 1);
	CU_ASSERT_EQUAL(cond_of(&p, "T7"), 0);
	CU_ASSERT_EQUAL(cond_of(&p, "T8"), 1);
	CU_ASSERT_EQUAL(cond_of(&p, "T9"), 1);
	CU_ASSERT_EQUAL(cond_of(&p, "TA"), 1);
	CU_ASSERT_EQUAL(cond_of(&p, "TB"), 1);
	CU_ASSERT_EQUAL(cond_of(&p, "TC"), 1);
	CU_ASSERT_EQUAL(cond_of(&p, "TD"), 0);
	CU_ASSERT_EQUAL(cond_of(&p, "TE"), -1);
	CU_ASSERT_EQUAL(cond_of(&p, "TF"), 1);
	CU_ASSERT_EQUAL(stmt_named(&p, "T7", 0)->cond->kind, F48_PC_NOT);
	CU_ASSERT_EQUAL(stmt_named(&p, "T9", 0)->cond->kind, F48_PC_DEFINED);
	CU_ASSERT_EQUAL(stmt_named(&p, "T8", 0)->cond->kind, F48_PC_OR);
	done(&p);
}

static void
test_cond_compare(void)
{
	parsed p;

	parse_s(&p,
	    "$C1 = 1 if $A eq 'alpha';\n$C2 = 1 if $A ne \"alpha\";\n$C3 = 1 if $NUM == 10.0;\n"
	    "$C4 = 1 if $NUM != 10;\n$C5 = 1 if $NUM < 9;\n$C6 = 1 if $NUM > 9;\n"
	    "$C7 = 1 if $NUM <= 10;\n$C8 = 1 if $NUM >= 11;\n$C9 = 1 if '10abc' == 10;\n"
	    "$CA = 1 if 'abc' == 0;\n$CB = 1 if '2M' < 3;\n$CC = 1 if 'a' lt 'b';\n");
	CU_ASSERT_EQUAL(p.fs.n, 0);
	CU_ASSERT_EQUAL(cond_of(&p, "C1"), 1);
	CU_ASSERT_EQUAL(cond_of(&p, "C2"), 0);
	CU_ASSERT_EQUAL(cond_of(&p, "C3"), 1);
	CU_ASSERT_EQUAL(cond_of(&p, "C4"), 0);
	CU_ASSERT_EQUAL(cond_of(&p, "C5"), 0);
	CU_ASSERT_EQUAL(cond_of(&p, "C6"), 1);
	CU_ASSERT_EQUAL(cond_of(&p, "C7"), 1);
	CU_ASSERT_EQUAL(cond_of(&p, "C8"), 0);
	CU_ASSERT_EQUAL(cond_of(&p, "C9"), 1);
	CU_ASSERT_EQUAL(cond_of(&p, "CA"), 1);
	CU_ASSERT_EQUAL(cond_of(&p, "CB"), 1);
	CU_ASSERT_EQUAL(cond_of(&p, "CC"), 1);
	CU_ASSERT_STRING_EQUAL(stmt_named(&p, "C7", 0)->cond->op, "<=");
	CU_ASSERT_STRING_EQUAL(stmt_named(&p, "C1", 0)->cond->op, "eq");
	done(&p);
}

static void
test_cond_match(void)
{
	parsed p;
	const f48_pstmt *st;
	char *reason = NULL;

	parse_s(&p,
	    "$M1 = 1 if $SUBJ =~ /\\[wip\\]/i;\n$M2 = 1 if $SUBJ =~ /\\[wip\\]/;\n"
	    "$M3 = 1 if $SUBJ !~ m{^\\[WIP\\]};\n$M4 = 1 if $A =~ m@^al@;\n"
	    "$M5 = 1 if $A =~ /^$PAT/;\n$M6 = 1 if $A =~ /$NOPE/;\n"
	    "$M7 = 1 if $A =~ m#ph#x;\n$M8 = 1 if $A =~ /a$/;\n");
	CU_ASSERT_EQUAL(p.fs.n, 0);
	st = stmt_named(&p, "M1", 0);
	CU_ASSERT_EQUAL(st->cond->kind, F48_PC_MATCH);
	CU_ASSERT_STRING_EQUAL(st->cond->pattern, "\\[wip\\]");
	CU_ASSERT_STRING_EQUAL(st->cond->flags, "i");
	CU_ASSERT_FALSE(st->cond->negated);
	CU_ASSERT_EQUAL(cond_of(&p, "M1"), 1);
	CU_ASSERT_EQUAL(cond_of(&p, "M2"), 0);
	CU_ASSERT_TRUE(stmt_named(&p, "M3", 0)->cond->negated);
	CU_ASSERT_EQUAL(cond_of(&p, "M3"), 0);
	CU_ASSERT_EQUAL(cond_of(&p, "M4"), 1);
	CU_ASSERT_EQUAL(cond_of(&p, "M5"), 1);
	CU_ASSERT_EQUAL(cond_of(&p, "M6"), -1);
	CU_ASSERT_EQUAL(cond_of(&p, "M7"), 1);
	CU_ASSERT_EQUAL(cond_of(&p, "M8"), 1);
	st = stmt_named(&p, "M6", 0);
	CU_ASSERT_EQUAL(f48_perl_eval_cond(st->cond, &TENV, &reason), -1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(reason);
	CU_ASSERT_STRING_EQUAL(reason, "unknown variable $NOPE");
	free(reason);
	done(&p);
}

static void
test_cond_invalid_regex(void)
{
	parsed p;
	const f48_finding *f;
	char *reason = NULL;

	parse_s(&p, "$R = 1 if $A =~ /a(b/;\n");
	CU_ASSERT_EQUAL(ncode(&p, F48_C_REGEX_INVALID), 1);
	f = finding(&p, F48_C_REGEX_INVALID);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(f->line, 1);
	CU_ASSERT_EQUAL(f->severity, F48_SEV_WARNING);
	CU_ASSERT_EQUAL(f48_perl_eval_cond(stmt_named(&p, "R", 0)->cond, &TENV,
	    &reason), -1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(reason);
	CU_ASSERT_PTR_NOT_NULL(strstr(reason, "offset"));
	free(reason);
	done(&p);
}

static void
test_cond_unknown(void)
{
	parsed p;
	const f48_pstmt *st;
	char *reason = NULL;

	parse_s(&p, "$U1 = 1 if -f $DIR;\n$U2 = 1 if $A + 1 > 2;\n$U3 = 1 if /x/;\n$OK = 1;\n");
	CU_ASSERT_EQUAL(ncode(&p, F48_C_PARSE_ERROR), 0);
	CU_ASSERT_EQUAL(p.prog->n, 4);
	st = stmt_named(&p, "U1", 0);
	CU_ASSERT_EQUAL_FATAL(st->cond->kind, F48_PC_UNKNOWN);
	CU_ASSERT_STRING_EQUAL(st->cond->raw, "-f $DIR");
	CU_ASSERT_EQUAL(f48_perl_eval_cond(st->cond, &TENV, &reason), -1);
	CU_ASSERT_PTR_NOT_NULL(reason);
	free(reason);
	CU_ASSERT_EQUAL(stmt_named(&p, "U2", 0)->cond->kind, F48_PC_CMP);   /* arithmetic */
	CU_ASSERT_EQUAL(cond_of(&p, "U2"), 0);
	CU_ASSERT_EQUAL(stmt_named(&p, "U3", 0)->cond->kind, F48_PC_UNKNOWN);
	CU_ASSERT_EQUAL(f48_perl_eval_cond(NULL, &NOENV, NULL), -1);
	done(&p);
}

static void
test_regex_valid(void)
{
	char *msg = (char *)"x";

	CU_ASSERT_TRUE(f48_perl_regex_valid("^a+(b|c)$", 9, &msg));
	CU_ASSERT_PTR_NULL(msg);
	CU_ASSERT_TRUE(f48_perl_regex_valid("\\S+\\-help", 9, NULL));
	CU_ASSERT_FALSE(f48_perl_regex_valid("a(b", 3, &msg));
	CU_ASSERT_PTR_NOT_NULL_FATAL(msg);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "offset 3"));
	free(msg);
	CU_ASSERT_FALSE(f48_perl_regex_valid("[z-a]", 5, &msg));
	free(msg);
}

/* ---------------------------------------------- unsupported constructs */

static void
test_unsupported_blocks(void)
{
	parsed p;
	const f48_pstmt *st;
	const f48_finding *f;

	parse_s(&p,
	    "$A = 1;\n"
	    "if ($x =~ /}/) { $y = \"}\"; # } in a comment\n"
	    "  $z = q{ { } };\n} elsif ($q) {\n  $w = '{';\n} else { $v = 2 }\n"
	    "$B = 2;\n"
	    "sub foo {\n  my ($a) = @_;\n  return \"}$a\";\n}\n"
	    "do { $i++ } while ($i < 3);\n"
	    "eval { die 'x' };\n"
	    "BEGIN { 1 }\n"
	    "unless ($x) { 1 }\n"
	    "foreach $h (@HOSTS) { print $h; }\n"
	    "while (1) { last; }\n"
	    "$C = 3;\n");
	CU_ASSERT_EQUAL(ncode(&p, F48_C_PARSE_ERROR), 0);
	/* sub, do, eval, BEGIN, while, and the print inside the foreach */
	CU_ASSERT_EQUAL(ncode(&p, F48_C_PARSE_UNSUPPORTED), 6);
	CU_ASSERT_EQUAL_FATAL(p.prog->n, 11);
	st = &p.prog->stmts[1];
	CU_ASSERT_EQUAL(st->kind, F48_PS_IF);
	CU_ASSERT_EQUAL(st->line, 2);
	CU_ASSERT_EQUAL(st->end_line, 6);
	CU_ASSERT_EQUAL_FATAL(st->nbranches, 3);
	CU_ASSERT_EQUAL(st->branches[0].nbody, 2);
	CU_ASSERT_EQUAL(st->branches[0].cond->kind, F48_PC_MATCH);
	CU_ASSERT_PTR_NULL(st->branches[2].cond);
	CU_ASSERT_EQUAL(st->branches[2].body[0].kind, F48_PS_SCALAR);
	CU_ASSERT_PTR_NOT_NULL(strstr(st->raw, "else { $v = 2 }"));
	CU_ASSERT_EQUAL(strncmp(st->raw, "if ($x", 6), 0);
	CU_ASSERT_EQUAL(p.prog->stmts[7].kind, F48_PS_IF);
	CU_ASSERT_TRUE(p.prog->stmts[7].branches[0].unless);
	CU_ASSERT_EQUAL(p.prog->stmts[8].kind, F48_PS_FOREACH);
	CU_ASSERT_STRING_EQUAL(p.prog->stmts[8].name, "h");
	CU_ASSERT_EQUAL(p.prog->stmts[8].body[0].kind, F48_PS_UNSUPPORTED);
	CU_ASSERT_EQUAL(p.prog->stmts[2].kind, F48_PS_SCALAR);
	CU_ASSERT_TRUE(value_is(&p, "B", "2"));
	st = &p.prog->stmts[3];
	CU_ASSERT_EQUAL(st->kind, F48_PS_UNSUPPORTED);
	CU_ASSERT_EQUAL(st->line, 8);
	CU_ASSERT_EQUAL(st->end_line, 11);
	CU_ASSERT_STRING_EQUAL(p.prog->stmts[4].raw, "do { $i++ } while ($i < 3);");
	CU_ASSERT_STRING_EQUAL(p.prog->stmts[5].raw, "eval { die 'x' };");
	CU_ASSERT_STRING_EQUAL(p.prog->stmts[6].raw, "BEGIN { 1 }");
	CU_ASSERT_TRUE(value_is(&p, "C", "3"));
	f = finding(&p, F48_C_PARSE_UNSUPPORTED);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(f->line, 8);
	CU_ASSERT_EQUAL(f->severity, F48_SEV_WARNING);
	CU_ASSERT_STRING_EQUAL(f->file, "t.ph");
	done(&p);
}

static void
test_unsupported_simple_statements(void)
{
	parsed p;
	size_t i;

	parse_s(&p, "require 'libfoo.pl';\nuse strict;\npackage Foo;\nlocal($x) = 1;\n"
	    "my $y = \"a;b\";\nour @z = (1);\nprint \"x;\";\n$X->{a} = 1;\n$Y[0] = 2;\n"
	    "$Z{a}{b} = 3;\n$n++;\n($a, $b) = (1, 2);\n&$code(1);\n$LAST = 'ok';\n");
	CU_ASSERT_EQUAL(ncode(&p, F48_C_PARSE_ERROR), 0);
	CU_ASSERT_EQUAL_FATAL(p.prog->n, 14);
	for (i = 0; i < 13; i++) {
		CU_ASSERT_EQUAL(p.prog->stmts[i].kind, F48_PS_UNSUPPORTED);
		CU_ASSERT_EQUAL(p.prog->stmts[i].line, (long)i + 1);
		CU_ASSERT_PTR_NOT_NULL(p.prog->stmts[i].reason);
	}
	CU_ASSERT_EQUAL(ncode(&p, F48_C_PARSE_UNSUPPORTED), 13);
	CU_ASSERT_STRING_EQUAL(p.prog->stmts[4].raw, "my $y = \"a;b\";");
	CU_ASSERT_TRUE(value_is(&p, "LAST", "ok"));
	done(&p);
}

static void
test_loop_modifier_unsupported(void)
{
	parsed p;

	parse_s(&p, "$X = 1 while $Y;\n$Z = 1 foreach @L;\n$OK = 1;\n");
	CU_ASSERT_EQUAL(ncode(&p, F48_C_PARSE_ERROR), 0);
	CU_ASSERT_EQUAL_FATAL(p.prog->n, 3);
	CU_ASSERT_EQUAL(p.prog->stmts[0].kind, F48_PS_UNSUPPORTED);
	CU_ASSERT_EQUAL(p.prog->stmts[1].kind, F48_PS_UNSUPPORTED);
	CU_ASSERT_EQUAL(p.prog->stmts[2].kind, F48_PS_SCALAR);
	done(&p);
}

static void
test_pod_and_end(void)
{
	parsed p;
	const f48_finding *f;

	parse_s(&p, "$A = 1;\n=head1 NAME\n\n$NOT = 'parsed';\n=cut\n$B = 2;\n__END__\n"
	    "$C = 'ignored';\n");
	CU_ASSERT_EQUAL(p.prog->n, 2);
	CU_ASSERT_PTR_NULL(stmt_named(&p, "NOT", 0));
	CU_ASSERT_PTR_NULL(stmt_named(&p, "C", 0));
	CU_ASSERT_EQUAL(stmt_named(&p, "B", 0)->line, 6);
	CU_ASSERT_TRUE(p.prog->has_end);
	CU_ASSERT_EQUAL(p.prog->end_line, 7);
	CU_ASSERT_EQUAL(ncode(&p, F48_C_AFTER_END), 1);
	f = finding(&p, F48_C_AFTER_END);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(f->severity, F48_SEV_INFO);
	CU_ASSERT_EQUAL(f->line, 8);
	done(&p);
	/* only blank text after __DATA__: no finding; a POD block never closed */
	parse_s(&p, "$A = 1;\n__DATA__\n  \n\n");
	CU_ASSERT_TRUE(p.prog->has_end);
	CU_ASSERT_EQUAL(p.prog->end_line, 2);
	CU_ASSERT_EQUAL(p.fs.n, 0);
	done(&p);
	parse_s(&p, "=pod\n$A = 1;\n");
	CU_ASSERT_EQUAL(p.prog->n, 0);
	CU_ASSERT_EQUAL(p.fs.n, 0);
	done(&p);
}

/* ------------------------------------------------------------- errors */

static void
test_error_unterminated_dq(void)
{
	parsed p;
	const f48_finding *f;

	parse_s(&p, "$A = 1;\n$B = \"abc;\n$C = 2;\n$D = 3;\n");
	CU_ASSERT_EQUAL(ncode(&p, F48_C_PARSE_ERROR), 1);
	f = finding(&p, F48_C_PARSE_ERROR);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(f->severity, F48_SEV_ERROR);
	CU_ASSERT_EQUAL(f->line, 2);
	CU_ASSERT_STRING_EQUAL(f->file, "t.ph");
	CU_ASSERT_STRING_EQUAL(f->message, "unterminated double-quoted string starting here");
	/* resumes at the next statement line */
	CU_ASSERT_PTR_NULL(stmt_named(&p, "B", 0));
	CU_ASSERT_TRUE(value_is(&p, "C", "2"));
	CU_ASSERT_TRUE(value_is(&p, "D", "3"));
	done(&p);
}

static void
test_error_unterminated_other(void)
{
	parsed p;
	const f48_finding *f;

	parse_s(&p, "$A = 'abc;\n$B = 1;\n");
	f = finding(&p, F48_C_PARSE_ERROR);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_PTR_NOT_NULL(strstr(f->message, "single-quoted"));
	CU_ASSERT_TRUE(value_is(&p, "B", "1"));
	done(&p);
	parse_s(&p, "$HOOK = q#\n  $x = 1;\n");
	f = finding(&p, F48_C_PARSE_ERROR);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(f->line, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(f->message, "unterminated q"));
	done(&p);
	parse_s(&p, "$A = <<EOT;\nbody\n$B = 1;\n");
	f = finding(&p, F48_C_PARSE_ERROR);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(f->line, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(f->message, "here-document"));
	CU_ASSERT_TRUE(value_is(&p, "B", "1"));
	done(&p);
	parse_s(&p, "$A = <<EOT;");
	CU_ASSERT_EQUAL(ncode(&p, F48_C_PARSE_ERROR), 1);
	done(&p);
	parse_s(&p, "if ($x) {\n$A = 1;\n");
	f = finding(&p, F48_C_PARSE_ERROR);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_PTR_NOT_NULL(strstr(f->message, "unbalanced '{'"));
	CU_ASSERT_TRUE(value_is(&p, "A", "1"));
	done(&p);
	parse_s(&p, "$R = 1 if $A =~ /abc;\n$S = 2;\n");
	CU_ASSERT_EQUAL(ncode(&p, F48_C_PARSE_ERROR), 1);
	CU_ASSERT_TRUE(value_is(&p, "S", "2"));
	done(&p);
}

static void
test_error_syntax(void)
{
	parsed p;
	const f48_finding *f;

	parse_s(&p, "$A = (1, 2;\n$B = 1;\n$C = 1 2;\n$D = 3;\n}\n$E = 4;\n$X = ;\n"
	    "$Y = 'a' 'b';\n) \n$F = 5");
	/* the ')' line is skipped by resynchronisation after line 8 */
	CU_ASSERT_EQUAL_FATAL(ncode(&p, F48_C_PARSE_ERROR), 6);
	CU_ASSERT_EQUAL(p.fs.items[0].line, 1);
	CU_ASSERT_EQUAL(p.fs.items[1].line, 3);
	CU_ASSERT_EQUAL(p.fs.items[2].line, 5);
	CU_ASSERT_PTR_NOT_NULL(strstr(p.fs.items[2].message, "unmatched '}'"));
	CU_ASSERT_EQUAL(p.fs.items[3].line, 7);
	CU_ASSERT_EQUAL(p.fs.items[4].line, 8);
	f = &p.fs.items[5];
	CU_ASSERT_EQUAL(f->line, 10);
	CU_ASSERT_PTR_NOT_NULL(strstr(f->message, "missing ';'"));
	CU_ASSERT_TRUE(value_is(&p, "B", "1"));
	CU_ASSERT_TRUE(value_is(&p, "D", "3"));
	CU_ASSERT_TRUE(value_is(&p, "E", "4"));
	CU_ASSERT_PTR_NULL(stmt_named(&p, "F", 0));
	done(&p);
}

static void
test_error_stray_bytes(void)
{
	parsed p;
	static const char in[] = "$A = 1;\n\xa4\xa2\xa4\xa4;\n\x01\x02\n$B = 2;\n  ==\n$C = 3;\n";

	parse_n(&p, in, sizeof(in) - 1);
	/* line 3 is skipped while resynchronising after the error on line 2 */
	CU_ASSERT_EQUAL_FATAL(ncode(&p, F48_C_PARSE_ERROR), 2);
	CU_ASSERT_EQUAL(p.fs.items[0].line, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(p.fs.items[0].message, "0xa4"));
	CU_ASSERT_EQUAL(p.fs.items[1].line, 5);
	CU_ASSERT_TRUE(value_is(&p, "A", "1"));
	CU_ASSERT_TRUE(value_is(&p, "B", "2"));
	CU_ASSERT_TRUE(value_is(&p, "C", "3"));
	done(&p);
}

static void
test_resume_rule(void)
{
	parsed p;

	/* after an error, lines not starting a statement are skipped */
	parse_s(&p, "$A = \"open;\n  stray text;\n  # comment\n  DEFINE_MODE ('x');\n"
	    "1;\n");
	CU_ASSERT_EQUAL(ncode(&p, F48_C_PARSE_ERROR), 1);
	CU_ASSERT_EQUAL_FATAL(p.prog->n, 2);
	CU_ASSERT_EQUAL(p.prog->stmts[0].kind, F48_PS_CALL);
	CU_ASSERT_EQUAL(p.prog->stmts[0].line, 4);
	CU_ASSERT_EQUAL(p.prog->stmts[1].kind, F48_PS_TRUE);
	done(&p);
}

/* --------------------------------------------------------- robustness */

static void
test_binary_garbage(void)
{
	parsed p;
	char *buf = malloc(200000);
	unsigned long x = 12345;
	size_t i, k;

	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	for (k = 0; k < 4; k++) {
		for (i = 0; i < 200000; i++) {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			buf[i] = (char)(x >> 33);
			/* more Perl punctuation in later rounds */
			if (k >= 2 && (x >> 20) % 3 == 0)
				buf[i] = "$\"'(){}[];=@%&#\n<q/"[(x >> 40) % 20];
		}
		parse_n(&p, buf, 200000);
		CU_ASSERT_TRUE(p.fs.n <= 200);
		done(&p);
	}
	/* NUL bytes inside and outside strings */
	parse_n(&p, "$A = \"a\0b\";\n\0\0\n$B = 'c';\n", 24);
	CU_ASSERT_EQUAL(ncode(&p, F48_C_PARSE_ERROR), 1);
	CU_ASSERT_EQUAL_FATAL(stmt_named(&p, "A", 0)->value->len, 3);
	CU_ASSERT_EQUAL(memcmp(stmt_named(&p, "A", 0)->value->str, "a\0b", 3), 0);
	CU_ASSERT_TRUE(value_is(&p, "B", "c"));
	done(&p);
	free(buf);
}

static void
test_huge_line(void)
{
	parsed p;
	size_t n = 1024 * 1024, i;
	char *buf = malloc(n + 16);
	const f48_pstmt *st;

	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	memcpy(buf, "$X = \"", 6);
	for (i = 6; i < n; i++)
		buf[i] = (char)('a' + i % 26);
	memcpy(buf + n, "\";", 2);
	parse_n(&p, buf, n + 2);
	CU_ASSERT_EQUAL(p.fs.n, 0);
	st = stmt_named(&p, "X", 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(st->value->len, n - 6);
	CU_ASSERT_EQUAL(st->raw_len, n + 2);
	done(&p);
	/* the same line without its closing quote */
	parse_n(&p, buf, n);
	CU_ASSERT_EQUAL(ncode(&p, F48_C_PARSE_ERROR), 1);
	done(&p);
	/* a 1 MB line of list elements */
	memcpy(buf, "@L = (", 6);
	for (i = 6; i + 2 < n; i += 2)
		memcpy(buf + i, "1,", 2);
	memcpy(buf + i, ");", 2);
	parse_n(&p, buf, i + 2);
	CU_ASSERT_EQUAL(p.fs.n, 0);
	CU_ASSERT_EQUAL(p.prog->n, 1);
	done(&p);
	free(buf);
}

static void
test_cut_files(void)
{
	static const char full[] = "$A = 'one';\n$HOOK = q#\n  $x = \"y\";\n#;\n"
	    "$B = \"two $A\";\n@L = ('a', 'b');\n$D = <<EOT;\nbody\nEOT\n1;\n";
	parsed p;
	size_t cut;

	/* every prefix of a valid file parses without crashing */
	for (cut = 0; cut <= sizeof(full) - 1; cut++) {
		parse_n(&p, full, cut);
		CU_ASSERT_TRUE(p.fs.n <= 3);
		done(&p);
	}
	parse_n(&p, full, sizeof(full) - 1);
	CU_ASSERT_EQUAL(p.fs.n, 0);
	CU_ASSERT_EQUAL(p.prog->n, 6);
	done(&p);
	/* cut in the middle of the double-quoted string */
	parse_n(&p, full, 60);
	CU_ASSERT_EQUAL(ncode(&p, F48_C_PARSE_ERROR), 1);
	CU_ASSERT_TRUE(value_is(&p, "A", "one"));
	done(&p);
}

static void
test_all_quotes_and_deep_nesting(void)
{
	parsed p;
	char *buf = malloc(40016);
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	memset(buf, '"', 5000);
	parse_n(&p, buf, 5000);
	CU_ASSERT_TRUE(ncode(&p, F48_C_PARSE_ERROR) >= 1);
	done(&p);
	memset(buf, '"', 5001);
	parse_n(&p, buf, 5001);
	CU_ASSERT_TRUE(ncode(&p, F48_C_PARSE_ERROR) >= 1);
	done(&p);
	memset(buf, '(', 10000);
	parse_n(&p, buf, 10000);
	CU_ASSERT_EQUAL(ncode(&p, F48_C_PARSE_ERROR), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(p.fs.items[0].message, "200"));
	done(&p);
	/* as a value, with a matching close: still refused beyond the limit */
	memcpy(buf, "$X = ", 5);
	memset(buf + 5, '(', 10000);
	buf[10005] = '1';
	memset(buf + 10006, ')', 10000);
	memcpy(buf + 20006, ";\n$Y = 1;\n", 10);
	parse_n(&p, buf, 20016);
	CU_ASSERT_EQUAL(ncode(&p, F48_C_PARSE_ERROR), 1);
	CU_ASSERT_TRUE(value_is(&p, "Y", "1"));
	done(&p);
	/* nesting within the limit is fine */
	memcpy(buf, "$X = ", 5);
	memset(buf + 5, '(', 50);
	buf[55] = '1';
	memset(buf + 56, ')', 50);
	memcpy(buf + 106, ";", 1);
	parse_n(&p, buf, 107);
	CU_ASSERT_EQUAL(p.fs.n, 0);
	CU_ASSERT_TRUE(value_is(&p, "X", "1"));
	done(&p);
	/* deep conditions, subscripts and blocks */
	memcpy(buf, "$X = 1 if ", 10);
	memset(buf + 10, '!', 10000);
	memcpy(buf + 10010, "$A;", 3);
	parse_n(&p, buf, 10013);
	CU_ASSERT_EQUAL(ncode(&p, F48_C_PARSE_ERROR), 1);
	done(&p);
	/* a condition of 5000 && terms becomes an UNKNOWN condition */
	memcpy(buf, "$X = 1 if $A", 12);
	for (i = 0; i < 5000; i++)
		memcpy(buf + 12 + i * 6, " && $A", 6);
	memcpy(buf + 30012, ";", 1);
	parse_n(&p, buf, 30013);
	CU_ASSERT_EQUAL(p.fs.n, 0);
	CU_ASSERT_EQUAL_FATAL(p.prog->n, 1);
	CU_ASSERT_EQUAL(p.prog->stmts[0].cond->kind, F48_PC_UNKNOWN);
	done(&p);
	/* (((($A && $A) && $A) ...) nested 150 deep, 6 terms per level */
	{
		size_t k = 0;

		memcpy(buf, "$X = 1 if ", 10);
		k = 10;
		memset(buf + k, '(', 150);
		k += 150;
		memcpy(buf + k, "$A", 2);
		k += 2;
		for (i = 0; i < 150; i++) {
			memcpy(buf + k, " && $A && $A && $A && $A && $A)", 31);
			k += 31;
		}
		buf[k++] = ';';
		parse_n(&p, buf, k);
		CU_ASSERT_EQUAL(p.fs.n, 0);
		CU_ASSERT_EQUAL_FATAL(p.prog->n, 1);
		CU_ASSERT_EQUAL(p.prog->stmts[0].cond->kind, F48_PC_AND);
		CU_ASSERT_EQUAL(cond_of(&p, "X"), 1);
		done(&p);
	}
	for (i = 0; i < 3000; i++)
		memcpy(buf + i * 3, "$X{", 3);
	parse_n(&p, buf, 9000);
	CU_ASSERT_EQUAL(ncode(&p, F48_C_PARSE_ERROR), 1);
	done(&p);
	memcpy(buf, "sub f ", 6);
	memset(buf + 6, '{', 10000);
	parse_n(&p, buf, 10006);
	CU_ASSERT_EQUAL(ncode(&p, F48_C_PARSE_ERROR), 1);
	done(&p);
	free(buf);
}

/* ------------------------------------------------------- byte content */

static void
test_euc_jp_bytes(void)
{
	parsed p;
	static const char in[] =
	    "# \xa5\xb5\xa5\xa4\xa5\xc8 comment with \" and $\n"
	    "$ML_FN = \"(\xa5\xb5\xa5\xdd\xa1\xbc\xa5\xc8)\"; # \xc3\xe6\n"
	    "$B = '\xa4\xa2\\'';\n";

	parse_n(&p, in, sizeof(in) - 1);
	CU_ASSERT_EQUAL(p.fs.n, 0);
	CU_ASSERT_TRUE(value_is(&p, "ML_FN", "(\xa5\xb5\xa5\xdd\xa1\xbc\xa5\xc8)"));
	CU_ASSERT_TRUE(value_is(&p, "B", "\xa4\xa2'"));
	CU_ASSERT_EQUAL(stmt_named(&p, "ML_FN", 0)->line, 2);
	done(&p);
}

static void
test_iso2022jp_opaque(void)
{
	parsed p;
	/* the JIS text contains the bytes '"', '$', '\\' and '@' */
	static const char in[] =
	    "$A = \"x\x1b$B\x24\x22\x5c\x40\x1b(By\";\n"
	    "$B = 'p\x1b$@\x27\x5c\x1b(Jq';\n"
	    "$C = q#\x1b$B\x23\x21\x1b(B#;\n";
	const f48_pstmt *st;

	parse_n(&p, in, sizeof(in) - 1);
	CU_ASSERT_EQUAL(p.fs.n, 0);
	st = stmt_named(&p, "A", 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(st->value->kind, F48_PX_STR);
	CU_ASSERT_TRUE(value_is(&p, "A", "x\x1b$B\x24\x22\x5c\x40\x1b(By"));
	CU_ASSERT_TRUE(value_is(&p, "B", "p\x1b$@\x27\x5c\x1b(Jq"));
	CU_ASSERT_TRUE(value_is(&p, "C", "\x1b$B\x23\x21\x1b(B"));
	done(&p);
}

static void
test_crlf(void)
{
	parsed p;
	const f48_pstmt *st;

	parse_s(&p, "$A = 1;\r\n# c\r\n$B = \"x\r\ny\";\r\n$C = <<EOT;\r\nbody\r\nEOT\r\n$D = 'd';\r\n"
	    "1;\r\n");
	CU_ASSERT_EQUAL(p.fs.n, 0);
	CU_ASSERT_TRUE(p.prog->had_crlf);
	CU_ASSERT_EQUAL(p.prog->n, 5);
	CU_ASSERT_TRUE(value_is(&p, "B", "x\r\ny"));
	CU_ASSERT_TRUE(value_is(&p, "C", "body\r\n"));
	CU_ASSERT_TRUE(value_is(&p, "D", "d"));
	st = stmt_named(&p, "D", 0);
	CU_ASSERT_EQUAL(st->line, 8);
	CU_ASSERT_STRING_EQUAL(st->raw, "$D = 'd';");
	CU_ASSERT_EQUAL(stmt_named(&p, "C", 0)->end_line, 7);
	done(&p);
	parse_s(&p, "$A = 1;\n");
	CU_ASSERT_FALSE(p.prog->had_crlf);
	done(&p);
}

static void
test_elem_lookup_name(void)
{
	parsed p;
	f48_perl_value v;

	parse_s(&p, "$A = $H{key} . '/' . $H{'k2'} . '/' . $L[1];\n$B = $H{nokey};\n");
	CU_ASSERT_TRUE(value_is(&p, "A", "hval/hval2/second"));
	f48_perl_eval(stmt_named(&p, "B", 0)->value, &TENV, &v);
	CU_ASSERT_FALSE(v.known);
	CU_ASSERT_STRING_EQUAL(v.reason, "the value of a hash element is not known");
	f48_perl_value_free(&v);
	done(&p);
}

/* Perl's comma operator: a list in scalar context is its last element */
static void
test_list_evaluates_joined(void)
{
	parsed p;

	parse_s(&p, "$A = ('x', 'y');\nDEFINE_FIELD_FORCED('a', \"b$A\");\n");
	CU_ASSERT_TRUE(value_is(&p, "A", "y"));
	CU_ASSERT_TRUE(value_is(&p, "DEFINE_FIELD_FORCED", "balpha"));
	done(&p);
}

/* ------------------------------------------------------------ fixtures */

static void
test_fixture_test_ml(void)
{
	parsed p;
	const f48_pstmt *st;

	T_NEED_SHARED();
	if (!parse_file(&p, ml_file("test-ml", "config.ph")))
		return;
	CU_ASSERT_EQUAL(ncode(&p, F48_C_PARSE_ERROR), 0);
	CU_ASSERT_EQUAL(ncode(&p, F48_C_PARSE_UNSUPPORTED), 0);
	CU_ASSERT_TRUE(value_is(&p, "SUBJECT_TAG_TYPE", "[:]"));
	CU_ASSERT_TRUE(value_is(&p, "MAIL_LIST", "test-ml@example.com"));
	CU_ASSERT_TRUE(value_is(&p, "MAINTAINER", "test-ml-admin@example.com"));
	st = stmt_named(&p, "MAIL_LIST", 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(st->kind, F48_PS_SCALAR);
	CU_ASSERT_EQUAL(st->line, 88);
	CU_ASSERT_EQUAL(p.prog->stmts[p.prog->n - 1].kind, F48_PS_TRUE);
	done(&p);
}

static void
test_fixture_dev_hooks(void)
{
	parsed p;
	const f48_pstmt *st;
	bool known;
	char *s;

	T_NEED_SHARED();
	if (!parse_file(&p, ml_file("dev", "config.ph")))
		return;
	CU_ASSERT_EQUAL(ncode(&p, F48_C_PARSE_ERROR), 0);
	CU_ASSERT_EQUAL(count_named(&p, "DISTRIBUTE_START_HOOK"), 1);
	st = stmt_named(&p, "DISTRIBUTE_START_HOOK", 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(st->kind, F48_PS_SCALAR);
	CU_ASSERT_TRUE(st->value->heredoc);
	CU_ASSERT_TRUE(st->end_line > st->line);
	s = ev(st->value, &known);
	CU_ASSERT_TRUE(known);
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "X-Priority"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "[WIP\\]"));
	free(s);
	CU_ASSERT_PTR_NOT_NULL(strstr(st->raw, "EOF_HOOK"));
	st = stmt_named(&p, "HEADER_ADD_HOOK", 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(st->value->kind, F48_PX_STR);
	CU_ASSERT_EQUAL(st->value->quote, 'q');
	CU_ASSERT_PTR_NOT_NULL(strstr(st->value->str, "X-Dev-Gateway"));
	CU_ASSERT_EQUAL(count_named(&p, "ADD_FIELD"), 2);
	CU_ASSERT_EQUAL(stmt_named(&p, "DEFINE_SUBJECT_TAG", 0)->kind, F48_PS_CALL);
	CU_ASSERT_TRUE(value_is(&p, "DEFINE_SUBJECT_TAG", "[,]"));
	CU_ASSERT_EQUAL(stmt_named(&p, "START_HOOK", 0)->value->quote, 'q');
	done(&p);
}

static void
test_fixture_support_calls(void)
{
	parsed p;
	const f48_pstmt *st;
	f48_perl_value *items = NULL;
	size_t n = 0, i;

	T_NEED_SHARED();
	if (!parse_file(&p, ml_file("support", "config.ph")))
		return;
	CU_ASSERT_EQUAL(ncode(&p, F48_C_PARSE_ERROR), 0);
	CU_ASSERT_EQUAL(count_named(&p, "DEFINE_FIELD_FORCED"), 2);
	CU_ASSERT_EQUAL(count_named(&p, "ADD_CONTENT_HANDLER"), 4);
	st = stmt_named(&p, "DEFINE_FIELD_FORCED", 0);
	CU_ASSERT_EQUAL_FATAL(st->value->nparts, 2);
	CU_ASSERT_STRING_EQUAL(st->value->parts[0]->str, "reply-to");
	CU_ASSERT_EQUAL(st->value->parts[1]->kind, F48_PX_SCALAR);
	CU_ASSERT_STRING_EQUAL(st->value->parts[1]->name, "MAIL_LIST");
	st = stmt_named(&p, "ADD_CONTENT_HANDLER", 1);
	f48_perl_eval_list(st->value, &TENV, &items, &n);
	CU_ASSERT_EQUAL_FATAL(n, 3);
	CU_ASSERT_STRING_EQUAL(items[0].str, "multipart/.*");
	CU_ASSERT_STRING_EQUAL(items[1].str, ".*/.*");
	CU_ASSERT_STRING_EQUAL(items[2].str, "strip+notice");
	for (i = 0; i < n; i++)
		f48_perl_value_free(&items[i]);
	free(items);
	st = stmt_named(&p, "ADD_CONTENT_HANDLER", 3);
	CU_ASSERT_STRING_EQUAL(st->value->parts[0]->str, "!MIME");
	/* ML_FN is assigned twice; the second holds EUC-JP bytes */
	CU_ASSERT_EQUAL(count_named(&p, "ML_FN"), 2);
	st = stmt_named(&p, "ML_FN", 1);
	CU_ASSERT_TRUE(st->value->len > 2 && (unsigned char)st->value->str[1] >= 0x80);
	CU_ASSERT_TRUE(value_is(&p, "SUBJECT_FORM_LONG_ID", "3"));
	done(&p);
}

static void
test_fixture_site_files(void)
{
	parsed p;
	const f48_pstmt *st;

	T_NEED_SHARED();
	if (!parse_file(&p, ml_file("etc", "fml/site_force.ph")))
		return;
	CU_ASSERT_EQUAL(p.fs.n, 0);
	st = stmt_named(&p, "INCOMING_MAIL_SIZE_LIMIT", 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_TRUE(st->cond_unless);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st->cond);
	CU_ASSERT_EQUAL(st->cond->kind, F48_PC_TRUTH);
	CU_ASSERT_STRING_EQUAL(st->cond->lhs->name, "INCOMING_MAIL_SIZE_LIMIT");
	CU_ASSERT_TRUE(value_is(&p, "INCOMING_MAIL_SIZE_LIMIT", "2M"));
	CU_ASSERT_TRUE(value_is(&p, "NOTIFY_MAIL_SIZE_OVERFLOW", "1"));
	done(&p);
	if (!parse_file(&p, ml_file("etc", "fml/site_init.ph")))
		return;
	CU_ASSERT_EQUAL(p.fs.n, 0);
	CU_ASSERT_TRUE(value_is(&p, "SUBJECT_TAG_TYPE", "[:]"));
	st = stmt_named(&p, "REPORT_HEADER_CONFIG_HOOK", 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(st->value->quote, 'q');
	CU_ASSERT_PTR_NOT_NULL(strstr(st->value->str, "Reply-To"));
	CU_ASSERT_TRUE(st->end_line > st->line);
	done(&p);
}

static void
test_fixture_default_config(void)
{
	parsed p;
	char path[4096];

	T_NEED_SHARED();
	snprintf(path, sizeof(path), "%s/usr/local/fml/default_config.ph", t_fixture_root());
	if (!parse_file(&p, path))
		return;
	CU_ASSERT_EQUAL(ncode(&p, F48_C_PARSE_ERROR), 0);
	CU_ASSERT_EQUAL(ncode(&p, F48_C_PARSE_UNSUPPORTED), 0);
	CU_ASSERT_EQUAL(p.prog->n, 319);
	CU_ASSERT_TRUE(value_is(&p, "MD5", "/usr/bin/md5sum"));
	done(&p);
}

static void
test_fixture_all_without_errors(void)
{
	static const char *const mls[] = {
		"announce", "dev", "info", "news", "staff", "support", "test-ml", "users", NULL
	};
	parsed p;
	size_t i;

	T_NEED_SHARED();
	for (i = 0; mls[i]; i++) {
		if (!parse_file(&p, ml_file(mls[i], "config.ph")))
			continue;
		CU_ASSERT_EQUAL(ncode(&p, F48_C_PARSE_ERROR), 0);
		CU_ASSERT_EQUAL(ncode(&p, F48_C_PARSE_UNSUPPORTED), 0);
		CU_ASSERT_PTR_NOT_NULL(stmt_named(&p, "MAIL_LIST", 0));
		CU_ASSERT_FALSE(p.prog->has_end);
		done(&p);
	}
}

/* ------------------------------------------------------------ register */

void
register_perlph_tests(void)
{
	CU_pSuite s = CU_add_suite("perlph", NULL, NULL);

	if (s == NULL)
		return;
	CU_add_test(s, "empty input and usage errors", test_empty_and_usage);
	CU_add_test(s, "scalar assignments and operators", test_scalar_assignments);
	CU_add_test(s, "comments, line numbers, raw text", test_comments_and_lines);
	CU_add_test(s, "double-quoted escapes", test_dq_escapes);
	CU_add_test(s, "single-quoted escapes", test_sq_escapes);
	CU_add_test(s, "interpolation", test_interpolation);
	CU_add_test(s, "unescaped @ interpolates an array", test_unescaped_at_interpolates);
	CU_add_test(s, "q and qq with delimiters", test_q_operators);
	CU_add_test(s, "numbers", test_numbers);
	CU_add_test(s, "concatenation", test_concat);
	CU_add_test(s, "unknown variable", test_unknown_variable);
	CU_add_test(s, "expressions outside the subset", test_unknown_expressions);
	CU_add_test(s, "arrays and hashes", test_arrays_and_hashes);
	CU_add_test(s, "eval_list with an unknown array", test_eval_list_unknown_array);
	CU_add_test(s, "hash element assignments", test_hash_elements);
	CU_add_test(s, "calls and push", test_calls_and_push);
	CU_add_test(s, "1; statement", test_true_statement);
	CU_add_test(s, "package-qualified names", test_names);
	CU_add_test(s, "here-document forms", test_heredoc_forms);
	CU_add_test(s, "two here-documents on a line", test_heredoc_two_on_a_line);
	CU_add_test(s, "here-document at EOF", test_heredoc_at_eof_without_newline);
	CU_add_test(s, "statement modifiers", test_modifiers);
	CU_add_test(s, "conditions: truth and logic", test_cond_truth_and_logic);
	CU_add_test(s, "conditions: comparisons", test_cond_compare);
	CU_add_test(s, "conditions: regexp match", test_cond_match);
	CU_add_test(s, "conditions: invalid regexp", test_cond_invalid_regex);
	CU_add_test(s, "conditions outside the subset", test_cond_unknown);
	CU_add_test(s, "f48_perl_regex_valid", test_regex_valid);
	CU_add_test(s, "unsupported blocks", test_unsupported_blocks);
	CU_add_test(s, "unsupported simple statements", test_unsupported_simple_statements);
	CU_add_test(s, "loop modifiers unsupported", test_loop_modifier_unsupported);
	CU_add_test(s, "POD and __END__", test_pod_and_end);
	CU_add_test(s, "error: unterminated string", test_error_unterminated_dq);
	CU_add_test(s, "error: other unterminated constructs", test_error_unterminated_other);
	CU_add_test(s, "error: syntax errors and recovery", test_error_syntax);
	CU_add_test(s, "error: stray bytes", test_error_stray_bytes);
	CU_add_test(s, "error: resume rule", test_resume_rule);
	CU_add_test(s, "robust: binary garbage and NUL", test_binary_garbage);
	CU_add_test(s, "robust: 1 MB line", test_huge_line);
	CU_add_test(s, "robust: files cut anywhere", test_cut_files);
	CU_add_test(s, "robust: quotes and deep nesting", test_all_quotes_and_deep_nesting);
	CU_add_test(s, "EUC-JP bytes", test_euc_jp_bytes);
	CU_add_test(s, "ISO-2022-JP is opaque", test_iso2022jp_opaque);
	CU_add_test(s, "CRLF line ends", test_crlf);
	CU_add_test(s, "element lookup names", test_elem_lookup_name);
	CU_add_test(s, "a list in scalar context is its last element", test_list_evaluates_joined);
	CU_add_test(s, "fixture test-ml/config.ph", test_fixture_test_ml);
	CU_add_test(s, "fixture dev/config.ph hooks", test_fixture_dev_hooks);
	CU_add_test(s, "fixture support/config.ph calls", test_fixture_support_calls);
	CU_add_test(s, "fixture site_init.ph, site_force.ph", test_fixture_site_files);
	CU_add_test(s, "fixture default_config.ph", test_fixture_default_config);
	CU_add_test(s, "fixture: all config.ph parse cleanly", test_fixture_all_without_errors);
}

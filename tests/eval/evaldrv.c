/*
 * evaldrv - a test-only driver for the config.ph evaluator (lib/fml4/perlph).
 *
 *   evaldrv FILE   each line of FILE is one case: a snippet of Perl that
 *                  perlph parses and evaluates with an empty variable store.
 *
 * For case N it prints "CASE N", then one line per variable the snippet
 * assigned, in the order first assigned:
 *   $NAME=VALUE | $NAME=UNDEF | $NAME=UNKNOWN
 *   @NAME=(V,V,...) | @NAME=UNKNOWN
 *   %NAME=(K=>V,...) keys sorted | %NAME=UNKNOWN
 * and "CALL NAME" for macro calls.  Values are escaped: bytes outside
 * printable ASCII, '\\' and ',' as \xHH.  tests/eval/perl_diff.sh prints
 * the same from the system perl and compares.  Never part of the product.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/findings.h"
#include "util/xalloc.h"
#include "fml4/perlph.h"

typedef struct var {
	char sigil;        /* '$', '@', '%' */
	char *name;
	bool known, undef;
	char *str;
	size_t len;
	char **items;      /* '@'; '%': key, value, ... */
	size_t *lens;
	size_t n;
} var;

typedef struct store {
	var *v;
	size_t n, cap;
} store;

static var *
find(store *s, char sigil, const char *name, bool create)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].sigil == sigil && strcmp(s->v[i].name, name) == 0)
			return &s->v[i];
	if (!create)
		return NULL;
	s->v = f48_xgrow(s->v, &s->cap, s->n + 1, sizeof(*s->v));
	memset(&s->v[s->n], 0, sizeof(var));
	s->v[s->n].sigil = sigil;
	s->v[s->n].name = f48_xstrdup(name);
	s->v[s->n].known = true;
	return &s->v[s->n++];
}

static void
clear_items(var *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		free(v->items[i]);
	free(v->items);
	free(v->lens);
	v->items = NULL;
	v->lens = NULL;
	v->n = 0;
}

static void
add_item(var *v, const char *s, size_t n)
{
	v->items = f48_xrealloc(v->items, (v->n + 2) * sizeof(*v->items));
	v->lens = f48_xrealloc(v->lens, (v->n + 2) * sizeof(*v->lens));
	v->items[v->n] = f48_xstrndup(s, n);
	v->lens[v->n] = n;
	v->n++;
	v->items[v->n] = NULL;
}

static int
get(void *ctx, char sigil, const char *name, const char *key, size_t keylen, f48_perl_var *out)
{
	store *s = ctx;
	var *v;
	size_t i;

	if (sigil == '{') {
		v = find(s, '%', name, false);
		if (v == NULL)
			return F48_PV_UNKNOWN;   /* a hash no case assigns (%ENV ...) */
		if (!v->known)
			return F48_PV_UNKNOWN;
		for (i = 0; i + 1 < v->n; i += 2)
			if (v->lens[i] == keylen && memcmp(v->items[i], key, keylen) == 0) {
				out->str = v->items[i + 1];
				out->len = v->lens[i + 1];
				return F48_PV_KNOWN;
			}
		return F48_PV_UNSET;
	}
	v = find(s, sigil, name, false);
	if (v == NULL)
		return F48_PV_UNSET;
	if (!v->known)
		return F48_PV_UNKNOWN;
	if (sigil == '$') {
		out->str = v->undef ? NULL : v->str;
		out->len = v->len;
	} else {
		out->items = (const char *const *)v->items;
		out->nitems = v->n;
	}
	return F48_PV_KNOWN;
}

static void
put(void *ctx, const f48_perl_store *st)
{
	store *s = ctx;
	var *v;
	size_t i;

	if (st->sigil == '$') {
		v = find(s, '$', st->name, true);
		if (st->append) {
			v->str = f48_xrealloc(v->str, v->len + st->len + 1);
			memcpy(v->str + v->len, st->str, st->len);
			v->len += st->len;
			v->str[v->len] = '\0';
			v->known = v->known && st->known;
		} else {
			free(v->str);
			v->str = f48_xstrndup(st->str, st->len);
			v->len = st->len;
			v->known = st->known;
		}
		v->undef = st->undef && !st->append;
		return;
	}
	if (st->sigil == '{') {
		v = find(s, '%', st->name, true);
		if (!st->known) {
			v->known = false;
			return;
		}
		for (i = 0; i + 1 < v->n; i += 2)
			if (v->lens[i] == st->keylen && memcmp(v->items[i], st->key, st->keylen) == 0)
				break;
		if (i + 1 >= v->n) {
			add_item(v, st->key, st->keylen);
			add_item(v, "", 0);
			i = v->n - 2;
		}
		if (st->append) {
			size_t ol = v->lens[i + 1];
			char *nv = f48_xmalloc(ol + st->len + 1);

			memcpy(nv, v->items[i + 1], ol);
			memcpy(nv + ol, st->str, st->len);
			nv[ol + st->len] = '\0';
			free(v->items[i + 1]);
			v->items[i + 1] = nv;
			v->lens[i + 1] = ol + st->len;
			return;
		}
		free(v->items[i + 1]);
		v->items[i + 1] = f48_xstrndup(st->str, st->len);
		v->lens[i + 1] = st->len;
		return;
	}
	v = find(s, st->sigil, st->name, true);
	if (!st->append)
		clear_items(v);
	if (st->sigil == '%' && !st->append) {
		/* later keys win */
		for (i = 0; i < st->nitems; i += 2) {
			size_t k, kl = st->lens[i];

			for (k = 0; k + 1 < v->n; k += 2)
				if (v->lens[k] == kl && memcmp(v->items[k], st->items[i], kl) == 0)
					break;
			if (k + 1 >= v->n) {
				add_item(v, st->items[i], kl);
				add_item(v, "", 0);
				k = v->n - 2;
			}
			free(v->items[k + 1]);
			v->items[k + 1] = i + 1 < st->nitems ?
			    f48_xstrndup(st->items[i + 1], st->lens[i + 1]) : f48_xstrdup("");
			v->lens[k + 1] = i + 1 < st->nitems ? st->lens[i + 1] : 0;
		}
	} else
		for (i = 0; i < st->nitems; i++)
			add_item(v, st->items[i], st->lens[i]);
	v->known = st->known && (!st->append || v->known);
}

static void
call(void *ctx, const f48_pstmt *st, const f48_perl_value *args, size_t n, bool uncertain,
    const char *reason)
{
	(void)ctx;
	(void)args;
	(void)n;
	(void)reason;
	printf("CALL %s%s\n", st->name, uncertain ? " UNKNOWN" : "");
}

static void
esc(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c >= 0x7f || c == '\\' || c == ',')
			printf("\\x%02X", c);
		else
			putchar(c);
	}
}

static int
cmp_key(const void *a, const void *b)
{
	const size_t *x = a, *y = b;

	return strcmp((const char *)x[1], (const char *)y[1]);
}

static void
print_var(const var *v)
{
	size_t i;

	printf("%c%s=", v->sigil, v->name);
	if (!v->known) {
		printf("UNKNOWN\n");
		return;
	}
	if (v->sigil == '$') {
		if (v->undef)
			printf("UNDEF");
		else
			esc(v->str, v->len);
	} else if (v->sigil == '@') {
		putchar('(');
		for (i = 0; i < v->n; i++) {
			if (i)
				putchar(',');
			esc(v->items[i], v->lens[i]);
		}
		putchar(')');
	} else {
		size_t (*ix)[2] = f48_xcalloc(v->n / 2 + 1, sizeof(*ix));

		for (i = 0; i + 1 < v->n; i += 2) {
			ix[i / 2][0] = i;
			ix[i / 2][1] = (size_t)v->items[i];
		}
		qsort(ix, v->n / 2, sizeof(*ix), cmp_key);
		putchar('(');
		for (i = 0; i < v->n / 2; i++) {
			if (i)
				putchar(',');
			esc(v->items[ix[i][0]], v->lens[ix[i][0]]);
			printf("=>");
			esc(v->items[ix[i][0] + 1], v->lens[ix[i][0] + 1]);
		}
		putchar(')');
		free(ix);
	}
	putchar('\n');
}

int
main(int argc, char **argv)
{
	FILE *fp;
	char *line = NULL;
	size_t cap = 0, i;
	ssize_t n;
	long caseno = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: evaldrv FILE\n");
		return 2;
	}
	fp = fopen(argv[1], "r");
	if (fp == NULL) {
		perror(argv[1]);
		return 2;
	}
	while ((n = getline(&line, &cap, fp)) >= 0) {
		f48_pprogram *prog = NULL;
		f48_findings fs;
		f48_perl_env env;
		store s = { NULL, 0, 0 };

		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		caseno++;
		if (n == 0 || line[0] == '#')
			continue;
		f48_findings_init(&fs);
		f48_perl_parse(line, (size_t)n, "case", &prog, &fs);
		memset(&env, 0, sizeof(env));
		env.ctx = &s;
		env.get = get;
		env.store = put;
		env.call = call;
		env.findings = &fs;
		env.file = "case";
		printf("CASE %ld\n", caseno);
		for (i = 0; i < fs.n; i++)
			if (fs.items[i].severity == F48_SEV_ERROR)
				printf("ERROR %s %s\n", fs.items[i].code, fs.items[i].message);
		f48_perl_run(prog, &env);
		for (i = 0; i < s.n; i++) {
			print_var(&s.v[i]);
			free(s.v[i].name);
			free(s.v[i].str);
			clear_items(&s.v[i]);
		}
		free(s.v);
		f48_perl_program_free(prog);
		f48_findings_free(&fs);
	}
	free(line);
	fclose(fp);
	return 0;
}

/* rules.c - see rules.h. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/error.h"
#include "util/fileio.h"
#include "util/pathutil.h"
#include "util/tsv.h"
#include "util/xalloc.h"

#include "codes.h"
#include "translate/rules.h"


/* Split `s` in place on `sep`, trimming each piece; returns the count. */
static size_t
split(char *s, char sep, char **out, size_t max)
{
	size_t n = 0;

	while (n < max) {
		char *e = strchr(s, sep);

		if (e)
			*e = '\0';
		out[n++] = f48_tsv_trim(s);
		if (!e)
			break;
		s = e + 1;
	}
	return n;
}

const char *
f48_cfop_text(f48_cfop op)
{
	return op == F48_CFOP_ADD ? "+=" : op == F48_CFOP_SUB ? "-=" : "=";
}

bool
f48_cfop_parse(const char *l, char **key, f48_cfop *op, char **value)
{
	size_t k = strspn(l, "abcdefghijklmnopqrstuvwxyz0123456789_"), n;
	const char *p = l + k;

	if (k == 0 || (*p != ' ' && *p != '\t'))
		return false;
	p += strspn(p, " \t");
	if (p[0] == '=')
		*op = F48_CFOP_SET, n = 1;
	else if (p[0] == '+' && p[1] == '=')
		*op = F48_CFOP_ADD, n = 2;
	else if (p[0] == '-' && p[1] == '=')
		*op = F48_CFOP_SUB, n = 2;
	else
		return false;
	p += n;
	if (*p != ' ' && *p != '\t')
		return false;
	p += strspn(p, " \t");
	*key = f48_xstrndup(l, k);
	*value = f48_xstrdup(p);
	return true;
}

static void
free_lines(f48_rule_line *lines, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(lines[i].key);
		free(lines[i].value);
	}
	free(lines);
}

/* "a = b;c += d" -> lines; "-" -> none.  Returns false on a bad line. */
static bool
parse_lines(char *s, f48_rule_line **lines, size_t *n)
{
	char *parts[32];
	size_t k, np;

	*lines = NULL;
	*n = 0;
	s = f48_tsv_trim(s);
	if (strcmp(s, "-") == 0 || *s == '\0')
		return true;
	np = split(s, ';', parts, 32);
	*lines = f48_xcalloc(np, sizeof(**lines));
	for (k = 0; k < np; k++) {
		f48_rule_line *rl = &(*lines)[*n];

		if (!f48_cfop_parse(parts[k], &rl->key, &rl->op, &rl->value))
			return false;
		(*n)++;
	}
	return true;
}

static int
parse_map(f48_rule *r, const char *text, const char *path, long line, f48_error *err)
{
	char *copy = f48_xstrdup(text), *cases[64];
	size_t n = split(copy, '|', cases, 64), i;
	int rc = F48_OK;

	r->cases = f48_xcalloc(n, sizeof(*r->cases));
	for (i = 0; i < n && rc == F48_OK; i++) {
		char *arrow = strstr(cases[i], "=>");
		f48_map_case *c = &r->cases[r->ncases];

		if (arrow == NULL) {
			rc = f48_error_set(err, F48_EINPUT, path, line,
			    "map case \"%s\" has no \"=>\"", cases[i]);
			break;
		}
		*arrow = '\0';
		c->value = f48_xstrdup(f48_tsv_trim(cases[i]));
		r->ncases++;
		if (!parse_lines(arrow + 2, &c->lines, &c->nlines))
			rc = f48_error_set(err, F48_EINPUT, path, line,
			    "map case for %s: a line is not \"key = value\", \"key += value\" "
			    "or \"key -= value\"", c->value);
	}
	free(copy);
	return rc;
}

static int
rule_row(void *ctx, const char *path, long lineno, char **cols, size_t nc, f48_error *err)
{
	f48_rules *r = ctx;
	f48_rule *ru;
	int rc = F48_OK;

	if (nc < 3)
		return f48_error_set(err, F48_EINPUT, path, lineno,
		    "expected FML4_VAR<TAB>DECISION<TAB>FML8[<TAB>NOTE]");
	r->rules = f48_xrealloc(r->rules, (r->n + 1) * sizeof(*r->rules));
	ru = &r->rules[r->n++];
	memset(ru, 0, sizeof(*ru));
	ru->var = f48_xstrdup(cols[0]);
	ru->fml8 = f48_xstrdup(cols[2]);
	ru->note = f48_xstrdup(nc > 3 ? cols[3] : "");
	ru->line = lineno;
	if (strcmp(cols[1], "convert") == 0) {
		char *colon = strchr(cols[2], ':');

		ru->decision = F48_DEC_CONVERT;
		ru->converter = colon ? f48_xstrndup(cols[2], (size_t)(colon - cols[2])) :
		    f48_xstrdup(cols[2]);
		ru->target = colon ? f48_xstrdup(colon + 1) : NULL;
		ru->conv = f48_converter_find(ru->converter);
		if (ru->conv == NULL)
			rc = f48_error_set(err, F48_EINPUT, path, lineno,
			    "%s: unknown converter \"%s\"", ru->var, ru->converter);
		else if (f48_converter_needs_target(ru->conv) &&
		    (ru->target == NULL || ru->target[0] == '\0'))
			rc = f48_error_set(err, F48_EINPUT, path, lineno,
			    "%s: converter \"%s\" needs the fml8 variable (%s:VAR)", ru->var,
			    ru->converter, ru->converter);
		else if (!f48_converter_needs_target(ru->conv) && ru->target)
			rc = f48_error_set(err, F48_EINPUT, path, lineno,
			    "%s: converter \"%s\" takes no fml8 variable", ru->var, ru->converter);
	} else if (strcmp(cols[1], "map") == 0) {
		ru->decision = F48_DEC_MAP;
		rc = parse_map(ru, cols[2], path, lineno, err);
	} else if (strcmp(cols[1], "unsupported") == 0)
		ru->decision = F48_DEC_UNSUPPORTED;
	else if (strcmp(cols[1], "human") == 0)
		ru->decision = F48_DEC_HUMAN;
	else if (strcmp(cols[1], "ignore") == 0)
		ru->decision = F48_DEC_IGNORE;
	else
		rc = f48_error_set(err, F48_EINPUT, path, lineno,
		    "unknown decision \"%s\" (convert, map, unsupported, human, ignore)", cols[1]);
	if (rc == F48_OK && f48_strmap_get(r->index, ru->var) != NULL)
		rc = f48_error_set(err, F48_EINPUT, path, lineno, "%s has a row already", ru->var);
	/* The index takes positions: r->rules moves while it grows. */
	if (rc == F48_OK)
		f48_strmap_put(r->index, ru->var, (void *)(r->n));
	return rc;
}

/* The codes a policy row may name: translate reports them as they are. */
static bool
policy_code(const char *code)
{
	return strcmp(code, F48_C_POLICY_NOT_SUPPORTED) == 0 ||
	    strcmp(code, F48_C_POLICY_CHANGED) == 0;
}

static int
policy_row(void *ctx, const char *path, long lineno, char **cols, size_t nc, f48_error *err)
{
	f48_rules *r = ctx;
	f48_policy_rule *pr;

	if (nc < 5 || (strcmp(cols[0], "post") != 0 && strcmp(cols[0], "command") != 0))
		return f48_error_set(err, F48_EINPUT, path, lineno,
		    "expected post|command<TAB>PERMIT<TAB>HANDLER<TAB>LINES<TAB>FINDING<TAB>NOTE");
	r->policy = f48_xrealloc(r->policy, (r->npolicy + 1) * sizeof(*r->policy));
	pr = &r->policy[r->npolicy++];
	memset(pr, 0, sizeof(*pr));
	pr->kind = f48_xstrdup(cols[0]);
	pr->permit = f48_xstrdup(cols[1]);
	pr->handler = f48_xstrdup(cols[2]);
	pr->finding = strcmp(cols[4], "-") == 0 ? NULL : f48_xstrdup(cols[4]);
	if (pr->finding && !policy_code(pr->finding))
		return f48_error_set(err, F48_EINPUT, path, lineno,
		    "unknown finding code \"%s\" (%s, %s)", pr->finding, F48_C_POLICY_NOT_SUPPORTED,
		    F48_C_POLICY_CHANGED);
	pr->note = f48_xstrdup(nc > 5 ? cols[5] : "");
	pr->line = lineno;
	if (!parse_lines(cols[3], &pr->lines, &pr->nlines))
		return f48_error_set(err, F48_EINPUT, path, lineno, "a line is not \"key = value\"");
	return F48_OK;
}

static int
hook_row(void *ctx, const char *path, long lineno, char **cols, size_t nc, f48_error *err)
{
	f48_rules *r = ctx;
	f48_hook_rule *h;

	if (nc < 2)
		return f48_error_set(err, F48_EINPUT, path, lineno, "expected FML4_HOOK<TAB>FML8_HOOK");

	r->hooks = f48_xrealloc(r->hooks, (r->nhooks + 1) * sizeof(*r->hooks));
	h = &r->hooks[r->nhooks++];
	h->fml4 = f48_xstrdup(cols[0]);
	h->fml8 = strcmp(cols[1], "-") == 0 ? NULL : f48_xstrdup(cols[1]);
	h->note = f48_xstrdup(nc > 2 && strcmp(cols[2], "-") != 0 ? cols[2] : "");
	return F48_OK;
}

static int
zone_row(void *ctx, const char *path, long lineno, char **cols, size_t nc, f48_error *err)
{
	f48_rules *r = ctx;

	if (nc < 2)
		return f48_error_set(err, F48_EINPUT, path, lineno, "expected NAME<TAB>OFFSET");
	r->zones = f48_xrealloc(r->zones, (r->nzones + 1) * sizeof(*r->zones));
	r->zones[r->nzones].name = f48_xstrdup(cols[0]);
	r->zones[r->nzones].offset = f48_xstrdup(cols[1]);
	r->nzones++;
	return F48_OK;
}

static int
limit_row(void *ctx, const char *path, long lineno, char **cols, size_t nc, f48_error *err)
{
	f48_rules *r = ctx;
	f48_fml8_limit *lim;

	if (nc < 5 || (strcmp(cols[2], "warning") != 0 && strcmp(cols[2], "info") != 0) ||
	    strspn(cols[0], "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(cols[0]))
		return f48_error_set(err, F48_EINPUT, path, lineno,
		    "expected KEY<TAB>VALUE|*<TAB>warning|info<TAB>WHAT<TAB>TODO");
	r->limits = f48_xrealloc(r->limits, (r->nlimits + 1) * sizeof(*r->limits));
	lim = &r->limits[r->nlimits++];
	lim->key = f48_xstrdup(cols[0]);
	lim->value = strcmp(cols[1], "*") == 0 ? NULL : f48_xstrdup(cols[1]);
	lim->warning = strcmp(cols[2], "warning") == 0;
	lim->what = f48_xstrdup(cols[3]);
	lim->todo = f48_xstrdup(cols[4]);
	lim->line = lineno;
	return F48_OK;
}

const f48_fml8_limit *
f48_rules_fml8_limit(const f48_rules *r, const char *key, const char *value)
{
	size_t i;

	for (i = 0; i < r->nlimits; i++)
		if (strcmp(r->limits[i].key, key) == 0 &&
		    (r->limits[i].value == NULL || strcmp(r->limits[i].value, value) == 0))
			return &r->limits[i];
	return NULL;
}

const f48_hook_rule *
f48_rules_hook(const f48_rules *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nhooks; i++)
		if (strcmp(r->hooks[i].fml4, name) == 0)
			return &r->hooks[i];
	return NULL;
}

const char *
f48_rules_zone(const f48_rules *r, const char *name)
{
	char buf[64];
	size_t i, n;

	name += strspn(name, " \t");
	n = strlen(name);
	while (n > 0 && (name[n - 1] == ' ' || name[n - 1] == '\t'))
		n--;
	if (n == 0 || n >= sizeof(buf))
		return NULL;
	memcpy(buf, name, n);
	buf[n] = '\0';
	for (i = 0; i < r->nzones; i++)
		if (strcasecmp(r->zones[i].name, buf) == 0)
			return r->zones[i].offset;
	return NULL;
}

int
f48_rules_load(const char *dir, f48_rules **out, f48_error *err)
{
	f48_rules *r = f48_xcalloc(1, sizeof(*r));
	int rc;

	r->path = f48_path_join(dir, "fml4-to-fml8.tsv");
	r->policy_path = f48_path_join(dir, "fml4-policy.tsv");
	r->hooks_path = f48_path_join(dir, "fml4-hooks.tsv");
	r->zones_path = f48_path_join(dir, "timezones.tsv");
	r->limits_path = f48_path_join(dir, "fml8-limits.tsv");
	r->index = f48_strmap_new();
	rc = f48_tsv_each(r->path, rule_row, r, err);
	if (rc == F48_OK)
		rc = f48_tsv_each(r->policy_path, policy_row, r, err);
	if (rc == F48_OK)
		rc = f48_tsv_each(r->hooks_path, hook_row, r, err);
	if (rc == F48_OK)
		rc = f48_tsv_each(r->zones_path, zone_row, r, err);
	if (rc == F48_OK)
		rc = f48_tsv_each(r->limits_path, limit_row, r, err);
	if (rc < 0) {
		f48_rules_free(r);
		return rc;
	}
	*out = r;
	return F48_OK;
}

void
f48_rules_free(f48_rules *r)
{
	size_t i, j;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		f48_rule *ru = &r->rules[i];

		free(ru->var);
		free(ru->converter);
		free(ru->target);
		free(ru->fml8);
		free(ru->note);
		for (j = 0; j < ru->ncases; j++) {
			free(ru->cases[j].value);
			free_lines(ru->cases[j].lines, ru->cases[j].nlines);
		}
		free(ru->cases);
	}
	free(r->rules);
	f48_strmap_free(r->index, NULL);
	for (i = 0; i < r->npolicy; i++) {
		f48_policy_rule *p = &r->policy[i];

		free(p->kind);
		free(p->permit);
		free(p->handler);
		free_lines(p->lines, p->nlines);
		free(p->finding);
		free(p->note);
	}
	free(r->policy);
	for (i = 0; i < r->nhooks; i++) {
		free(r->hooks[i].fml4);
		free(r->hooks[i].fml8);
		free(r->hooks[i].note);
	}
	free(r->hooks);
	for (i = 0; i < r->nzones; i++) {
		free(r->zones[i].name);
		free(r->zones[i].offset);
	}
	free(r->zones);
	for (i = 0; i < r->nlimits; i++) {
		free(r->limits[i].key);
		free(r->limits[i].value);
		free(r->limits[i].what);
		free(r->limits[i].todo);
	}
	free(r->limits);
	free(r->limits_path);
	free(r->path);
	free(r->policy_path);
	free(r->hooks_path);
	free(r->zones_path);
	free(r);
}

const f48_rule *
f48_rules_find(const f48_rules *r, const char *var)
{
	size_t at = (size_t)f48_strmap_get(r->index, var);

	return at ? &r->rules[at - 1] : NULL;
}

const f48_policy_rule *
f48_rules_policy(const f48_rules *r, const char *kind, const char *permit,
    const char *handler)
{
	const f48_policy_rule *any = NULL;
	size_t i;

	for (i = 0; i < r->npolicy; i++) {
		const f48_policy_rule *p = &r->policy[i];

		if (strcmp(p->kind, kind) != 0 || strcmp(p->permit, permit) != 0)
			continue;
		if (strcmp(p->handler, handler) == 0)
			return p;
		if (strcmp(p->handler, "*") == 0)
			any = p;
	}
	return any;
}

const f48_map_case *
f48_rule_match(const f48_rule *rule, const char *value)
{
	bool truth = value && value[0] && strcmp(value, "0") != 0;
	size_t i;

	for (i = 0; i < rule->ncases; i++) {
		const char *v = rule->cases[i].value;

		if (strcmp(v, "*") == 0 || (strcmp(v, "true") == 0 && truth) ||
		    (strcmp(v, "false") == 0 && !truth) || strcmp(v, value ? value : "") == 0)
			return &rule->cases[i];
	}
	return NULL;
}

const char *
f48_decision_name(f48_decision d)
{
	static const char *names[] = { "convert", "map", "unsupported", "human", "ignore" };

	return d <= F48_DEC_IGNORE ? names[d] : "unknown";
}

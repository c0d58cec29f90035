/* fml4_defaults.c - see fml4_defaults.h. */
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/fileio.h"
#include "util/findings.h"
#include "util/pathutil.h"
#include "util/strbuf.h"
#include "util/tsv.h"
#include "fml4/fml4_cron.h"
#include "util/xalloc.h"

#include "codes.h"
#include "fml4/fml4_defaults.h"


/* Parse generated Perl text; a PARSE_ERROR there is an error in the table. */
static int
parse_generated(const char *text, size_t len, const char *path, f48_pprogram **out,
    f48_error *err)
{
	f48_findings fs;
	size_t i;
	int rc = F48_OK;

	f48_findings_init(&fs);
	f48_perl_parse(text, len, path, out, &fs);
	for (i = 0; i < fs.n; i++) {
		if (fs.items[i].severity >= F48_SEV_WARNING) {
			rc = f48_error_set(err, F48_EINPUT, path, fs.items[i].line,
			    "bad value in table: %s", fs.items[i].message);
			break;
		}
	}
	f48_findings_free(&fs);
	if (rc < 0) {
		f48_perl_program_free(*out);
		*out = NULL;
	}
	return rc;
}

struct defaults_ctx {
	f48_sb builtin, manifest;
	long builtin_lines, manifest_lines;
};

static void
pad_lines(f48_sb *sb, long *have, long want)
{
	while (*have < want - 1) {
		f48_sb_putc(sb, '\n');
		(*have)++;
	}
}

static int
defaults_row(void *vctx, const char *path, long lineno, char **f, size_t nf,
    f48_error *err)
{
	struct defaults_ctx *c = vctx;
	f48_sb *sb;
	long *have;
	const char *name = f[0];

	if (nf < 3)
		return f48_error_set(err, F48_EINPUT, path, lineno,
		    "expected NAME<TAB>LAYER<TAB>VALUE");
	if (strcmp(f[1], "builtin") == 0) {
		sb = &c->builtin;
		have = &c->builtin_lines;
	} else if (strcmp(f[1], "manifest") == 0) {
		sb = &c->manifest;
		have = &c->manifest_lines;
	} else
		return f48_error_set(err, F48_EINPUT, path, lineno,
		    "unknown layer \"%s\" (builtin or manifest)", f[1]);
	pad_lines(sb, have, lineno);
	if (name[0] == '@' || name[0] == '%')
		f48_sb_printf(sb, "%s = %s;\n", name, f[2]);
	else
		f48_sb_printf(sb, "$%s = %s;\n", name, f[2]);
	(*have)++;
	return F48_OK;
}

struct list_ctx {
	f48_fml4_tables *t;
};

static int
macros_row(void *vctx, const char *path, long lineno, char **f, size_t nf,
    f48_error *err)
{
	f48_fml4_tables *t = ((struct list_ctx *)vctx)->t;
	f48_macro_info *m;
	f48_macro_effect eff;

	if (nf < 2)
		return f48_error_set(err, F48_EINPUT, path, lineno, "expected NAME<TAB>EFFECT");
	if (strcmp(f[1], "tag") == 0)
		eff = F48_MACRO_TAG;
	else if (strcmp(f[1], "mode") == 0)
		eff = F48_MACRO_MODE;
	else if (strcmp(f[1], "record") == 0)
		eff = F48_MACRO_RECORD;
	else if (strcmp(f[1], "helper") == 0)
		eff = F48_MACRO_HELPER;
	else
		return f48_error_set(err, F48_EINPUT, path, lineno,
		    "unknown effect \"%s\" (tag, mode, record or helper)", f[1]);
	t->macros = f48_xrealloc(t->macros, (t->nmacros + 1) * sizeof(*t->macros));
	m = &t->macros[t->nmacros++];
	m->name = f48_xstrdup(f[0]);
	m->effect = eff;
	m->note = f48_xstrdup(nf > 2 ? f[2] : "");
	m->line = lineno;
	return F48_OK;
}

/* "A=1; B='x;y'" -> "$A=1; $B='x;y';" on one line, padded to lineno. */
static void
settings_to_perl(f48_sb *out, const char *s, long lineno)
{
	char quote = 0;
	bool start = true;
	long i;

	for (i = 1; i < lineno; i++)
		f48_sb_putc(out, '\n');
	for (; *s; s++) {
		if (start) {
			s += strspn(s, " ");
			if (!*s)
				break;
			f48_sb_putc(out, '$');
			start = false;
		}
		if (quote) {
			if (*s == '\\' && s[1]) {
				f48_sb_putc(out, *s++);
			} else if (*s == quote)
				quote = 0;
		} else if (*s == '"' || *s == '\'')
			quote = *s;
		else if (*s == ';') {
			f48_sb_puts(out, "; ");
			start = true;
			continue;
		}
		f48_sb_putc(out, *s);
	}
	if (!start)
		f48_sb_putc(out, ';');
	f48_sb_putc(out, '\n');
}

static int
modes_row(void *vctx, const char *path, long lineno, char **f, size_t nf,
    f48_error *err)
{
	f48_fml4_tables *t = ((struct list_ctx *)vctx)->t;
	f48_mode_info *m;
	size_t len = strlen(f[0]);
	int rc = F48_OK;

	if (nf < 3)
		return f48_error_set(err, F48_EINPUT, path, lineno,
		    "expected MODE<TAB>SETTINGS<TAB>POLICY");
	if (strcmp(f[2], "yes") != 0 && strcmp(f[2], "no") != 0)
		return f48_error_set(err, F48_EINPUT, path, lineno,
		    "POLICY must be yes or no, not \"%s\"", f[2]);
	t->modes = f48_xrealloc(t->modes, (t->nmodes + 1) * sizeof(*t->modes));
	m = &t->modes[t->nmodes++];
	memset(m, 0, sizeof(*m));
	m->prefix = len >= 2 && strcmp(f[0] + len - 2, "=*") == 0;
	m->mode = f48_xstrndup(f[0], m->prefix ? len - 1 : len);   /* keep the "=" */
	m->policy = strcmp(f[2], "yes") == 0;
	m->note = f48_xstrdup(nf > 3 ? f[3] : "");
	m->line = lineno;
	if (strcmp(f[1], "-") != 0 && f[1][0] != '\0') {
		f48_sb perl;

		f48_sb_init(&perl);
		settings_to_perl(&perl, f[1], lineno);
		rc = parse_generated(perl.data, perl.len, path, &m->settings, err);
		f48_sb_free(&perl);
	}
	return rc;
}

int
f48_fml4_tables_load(const char *dir, f48_fml4_tables **out, f48_error *err)
{
	f48_fml4_tables *t = f48_xcalloc(1, sizeof(*t));
	struct defaults_ctx dc;
	struct list_ctx lc = { t };
	int rc;

	t->defaults_path = f48_path_join(dir, "fml4-defaults.tsv");
	t->macros_path = f48_path_join(dir, "fml4-macros.tsv");
	t->modes_path = f48_path_join(dir, "fml4-modes.tsv");
	memset(&dc, 0, sizeof(dc));
	f48_sb_init(&dc.builtin);
	f48_sb_init(&dc.manifest);
	rc = f48_tsv_each(t->defaults_path, defaults_row, &dc, err);
	if (rc == F48_OK)
		rc = parse_generated(dc.builtin.data, dc.builtin.len, t->defaults_path,
		    &t->builtin, err);
	if (rc == F48_OK)
		rc = parse_generated(dc.manifest.data, dc.manifest.len, t->defaults_path,
		    &t->manifest, err);
	f48_sb_free(&dc.builtin);
	f48_sb_free(&dc.manifest);
	if (rc == F48_OK)
		rc = f48_tsv_each(t->macros_path, macros_row, &lc, err);
	if (rc == F48_OK)
		rc = f48_tsv_each(t->modes_path, modes_row, &lc, err);
	if (rc == F48_OK)
		rc = f48_cron_tables_load(dir, &t->cron, err);
	if (rc < 0) {
		f48_fml4_tables_free(t);
		return rc;
	}
	*out = t;
	return F48_OK;
}

void
f48_fml4_tables_free(f48_fml4_tables *t)
{
	size_t i;

	if (t == NULL)
		return;
	free(t->defaults_path);
	free(t->macros_path);
	free(t->modes_path);
	f48_perl_program_free(t->builtin);
	f48_perl_program_free(t->manifest);
	for (i = 0; i < t->nmacros; i++) {
		free(t->macros[i].name);
		free(t->macros[i].note);
	}
	free(t->macros);
	for (i = 0; i < t->nmodes; i++) {
		free(t->modes[i].mode);
		free(t->modes[i].note);
		f48_perl_program_free(t->modes[i].settings);
	}
	free(t->modes);
	f48_cron_tables_free(t->cron);
	free(t);
}

const f48_macro_info *
f48_fml4_macro(const f48_fml4_tables *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->nmacros; i++)
		if (strcmp(t->macros[i].name, name) == 0)
			return &t->macros[i];
	return NULL;
}

const f48_mode_info *
f48_fml4_mode(const f48_fml4_tables *t, const char *mode)
{
	const f48_mode_info *best = NULL;
	size_t i, bestlen = 0;

	for (i = 0; i < t->nmodes; i++) {
		const f48_mode_info *m = &t->modes[i];
		size_t n = strlen(m->mode);

		if (!m->prefix && strcmp(m->mode, mode) == 0)
			return m;
		if (m->prefix && strncmp(m->mode, mode, n) == 0 && n > bestlen) {
			best = m;
			bestlen = n;
		}
	}
	return best;
}

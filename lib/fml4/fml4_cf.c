/*
 * fml4_cf.c - see fml4_cf.h.
 *
 * Reads cf the way fml4's cf/config does (fml-formats §2.1): a line is
 * split at its first word (leading blanks are skipped), a "$" before and a
 * ":" after the key are dropped, the rest after the first run of white
 * space is the value, with its trailing blanks.  Only a "#" in column 1
 * makes a comment.  The whole file is read at once: cf is small, and the
 * LOCAL_CONFIG part must be kept byte for byte.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fileio.h"
#include "util/findings.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include "codes.h"
#include "fml4/fml4_cf.h"

/* cf files are a few KB; anything this large is not a cf. */
#define CF_MAX_SIZE (16u * 1024 * 1024)

static bool
is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\n';
}

static bool
valid_key(const char *k, size_t n)
{
	size_t i;

	if (n == 0 || (k[0] >= '0' && k[0] <= '9'))
		return false;
	for (i = 0; i < n; i++)
		if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= 'A' && k[i] <= 'Z') ||
		    (k[i] >= '0' && k[i] <= '9') || k[i] == '_'))
			return false;
	return true;
}

static void
invalid(f48_findings *fs, const char *path, long lineno, f48_severity sev,
    const char *text, size_t len, const char *why)
{
	f48_sb sb;

	if (fs == NULL)
		return;
	f48_sb_init(&sb);
	f48_sb_append_printable(&sb, text, len > 200 ? 200 : len);
	f48_findings_add(fs, sev, F48_C_CF_LINE_INVALID, path, lineno, NULL,
	    "\"%s\" %s", sb.data ? sb.data : "", why);
	f48_sb_free(&sb);
}

static void
add_entry(f48_cf *cf, const char *k, size_t kn, const char *v, size_t vn, long lineno)
{
	f48_cf_entry *e;

	cf->entries = f48_xgrow(cf->entries, &cf->cap, cf->n + 1, sizeof(*cf->entries));
	e = &cf->entries[cf->n++];
	e->key = f48_xstrndup(k, kn);
	e->value = f48_xstrndup(v, vn);
	e->line = lineno;
}

/* One KEY VALUE line (without its line end). */
static void
parse_kv(f48_cf *cf, const char *t, size_t len, long lineno, bool last_no_newline,
    f48_findings *fs)
{
	size_t i = 0, kb, ke, vb;

	while (i < len && is_ws((unsigned char)t[i]))
		i++;
	if (i == len)
		return;                       /* blank */
	if (memchr(t, '\0', len) != NULL) {
		invalid(fs, cf->path, lineno, F48_SEV_WARNING, t, len,
		    "contains a NUL byte: cf/config would cut the value there; the line was not read");
		return;
	}
	if (t[i] == '#') {
		invalid(fs, cf->path, lineno, F48_SEV_INFO, t, len,
		    "is an indented comment: cf/config only knows \"#\" in column 1 and reads "
		    "\"#\" as a key, which it drops (harmless)");
		return;
	}
	kb = i;
	if (t[kb] == '$' && kb == 0)
		kb++;                         /* cf/config strips "$" only at column 1 */
	ke = kb;
	while (ke < len && !is_ws((unsigned char)t[ke]))
		ke++;
	vb = ke;
	while (vb < len && is_ws((unsigned char)t[vb]))
		vb++;
	if (ke > kb && t[ke - 1] == ':')
		ke--;
	if (!valid_key(t + kb, ke - kb)) {
		invalid(fs, cf->path, lineno, F48_SEV_WARNING, t, len,
		    "is not KEY VALUE: cf/config takes its first word as a key, finds no such "
		    "variable and drops the line");
		return;
	}
	if (ke == len && last_no_newline) {
		invalid(fs, cf->path, lineno, F48_SEV_WARNING, t, len,
		    "is a key alone on the last line, without a line end: cf/config does not "
		    "see it at all");
		return;
	}
	if (vb < len && t[vb] == '=')
		invalid(fs, cf->path, lineno, F48_SEV_WARNING, t, len,
		    "has a value starting with \"=\": cf is KEY VALUE, so cf/config makes "
		    "the \"=\" part of the value");
	add_entry(cf, t + kb, ke - kb, t + vb, len - vb, lineno);
}

int
f48_cf_read(const char *path, f48_cf **out, f48_findings *findings, f48_error *err)
{
	char *buf;
	size_t len, pos = 0, eol, n;
	long lineno = 0, first_cr = 0, ncr = 0;
	f48_cf *cf;
	int rc;

	*out = NULL;
	if ((rc = f48_file_read(path, CF_MAX_SIZE, &buf, &len, err)) < 0)
		return rc;
	cf = f48_xcalloc(1, sizeof(*cf));
	cf->path = f48_xstrdup(path);
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);

		eol = nl ? (size_t)(nl - buf) : len;
		lineno++;
		n = eol - pos;
		if (n > 0 && buf[eol - 1] == '\r') {
			n--;
			if (ncr++ == 0)
				first_cr = lineno;
		}
		if (n >= 12 && memcmp(buf + pos, "LOCAL_CONFIG", 12) == 0) {
			size_t from = nl ? eol + 1 : len;

			cf->has_local_config = true;
			cf->local_config_line = lineno;
			cf->local_config_len = len - from;
			/* Raw bytes (NUL included), NUL-terminated for convenience. */
			cf->local_config = f48_xmalloc(len - from + 1);
			memcpy(cf->local_config, buf + from, len - from);
			cf->local_config[len - from] = '\0';
			break;
		}
		if (buf[pos] != '#')
			parse_kv(cf, buf + pos, n, lineno, nl == NULL, findings);
		pos = eol + 1;
	}
	free(buf);
	if (ncr > 0) {
		cf->had_crlf = true;
		if (findings != NULL)
			f48_findings_add(findings, F48_SEV_INFO, F48_C_CRLF_LINE_ENDS, path, first_cr,
			    "convert the file to LF line ends",
			    "%ld line(s) of the key/value part end in CRLF (first at line %ld): "
			    "cf/config would keep the CR at the end of each value; they were "
			    "read without it", ncr, first_cr);
	}
	*out = cf;
	return F48_OK;
}

const f48_cf_entry *
f48_cf_get(const f48_cf *cf, const char *key)
{
	size_t i;

	if (cf == NULL || key == NULL)
		return NULL;
	for (i = cf->n; i > 0; i--)
		if (strcmp(cf->entries[i - 1].key, key) == 0)
			return &cf->entries[i - 1];
	return NULL;
}

void
f48_cf_free(f48_cf *cf)
{
	size_t i;

	if (cf == NULL)
		return;
	for (i = 0; i < cf->n; i++) {
		free(cf->entries[i].key);
		free(cf->entries[i].value);
	}
	free(cf->entries);
	free(cf->local_config);
	free(cf->path);
	free(cf);
}

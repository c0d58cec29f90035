/* plan_store.c - see plan_store.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/error.h"
#include "util/safefs.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include "apply/plan_store.h"
#include "plan/layout.h"

/* --- the plan ------------------------------------------------------------ */

static void
put_field(f48_sb *sb, const char *s)
{
	f48_sb_putc(sb, ' ');
	f48_sfs_escape(sb, s);
}

void
f48_plan_serialize(const f48_plan *p, const char *domain, f48_sb *sb)
{
	size_t i;

	f48_sb_puts(sb, "fml4to8-plan 3\nbackup");
	put_field(sb, p->backup_dir);
	f48_sb_puts(sb, "\nowner");
	put_field(sb, p->owner);
	f48_sb_puts(sb, "\ndomain");
	put_field(sb, domain);
	f48_sb_printf(sb, "\nlayout %zu\n", p->layout ? p->layout->n : 0);
	for (i = 0; p->layout && i < p->layout->n; i++) {
		const f48_layout_entry *e = &p->layout->e[i];

		f48_sb_printf(sb, "L %c %04o %u", e->type, e->mode < 0 ? 07777u : (unsigned)e->mode,
		    e->flags);
		put_field(sb, e->path);
		f48_sb_putc(sb, '\n');
	}
	f48_sb_printf(sb, "actions %zu\n", p->n);
	for (i = 0; i < p->n; i++) {
		const f48_action *a = &p->actions[i];

		f48_sb_printf(sb, "A %s %04o %zu", f48_action_name(a->kind),
		    (unsigned)(a->mode & 07777), a->kind == F48_ACT_WRITE ? a->len : 0);
		put_field(sb, a->path);
		put_field(sb, a->kind == F48_ACT_WRITE ? a->source : a->from);
		put_field(sb, a->why);
		f48_sb_putc(sb, '\n');
		if (a->kind == F48_ACT_WRITE && a->source)
			f48_sb_printf(sb, "sha256 %s\n", a->sha256);
		else if (a->kind == F48_ACT_WRITE) {
			f48_sb_append(sb, a->content, a->len);
			f48_sb_putc(sb, '\n');
		}
	}
	f48_sb_puts(sb, "end\n");
}

/* Next line of buf from *pos (without the newline); NULL at the end. */
static char *
next_line(const char *buf, size_t len, size_t *pos)
{
	const char *nl;
	char *l;

	if (*pos >= len)
		return NULL;
	nl = memchr(buf + *pos, '\n', len - *pos);
	if (nl == NULL)
		return NULL;
	l = f48_xstrndup(buf + *pos, (size_t)(nl - (buf + *pos)));
	*pos = (size_t)(nl - buf) + 1;
	return l;
}

/* Split on single spaces, at most max fields. */
static size_t
split(char *l, char **f, size_t max)
{
	size_t n = 0;
	char *p = l;

	while (n < max && p) {
		f[n++] = p;
		p = strchr(p, ' ');
		if (p)
			*p++ = '\0';
	}
	return n;
}

/* A spool file of the state entry: "content-NAME", one component. */
static bool
source_safe(const char *p)
{
	return p && strncmp(p, "content-", 8) == 0 && p[8] != '\0' &&
	    strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789-.") == strlen(p) &&
	    strstr(p, "..") == NULL;
}

static bool
hex64(const char *h)
{
	return strlen(h) == 64 && strspn(h, "0123456789abcdef") == 64;
}

static bool
rel_safe(const char *p)
{
	/* safefs checks components again; this keeps garbage out of the plan */
	return p && *p && *p != '/' && strstr(p, "..") == NULL;
}

int
f48_plan_parse(const char *buf, size_t len, const char *file, const char *list_dir,
    f48_plan **out, char **domain, f48_error *err)
{
	f48_plan *p = f48_xcalloc(1, sizeof(*p));
	size_t pos = 0, i, n = 0;
	long line = 0;
	char *l = NULL, *f[8];
	int rc = F48_OK, version;

	f48_findings_init(&p->findings);
	p->list_dir = f48_xstrdup(list_dir);
	*domain = NULL;
#define BAD(msg) do { rc = f48_error_set(err, F48_EINPUT, file, line, "%s", msg); goto fail; } while (0)
#define NEXT() do { free(l); l = next_line(buf, len, &pos); line++; if (l == NULL) BAD("saved plan ends early"); } while (0)
	l = NULL;
	NEXT();
	/* version 2 (inline contents only) is what a stopped migration of an
	 * earlier fml4to8 saved: it still resumes */
	if (strcmp(l, "fml4to8-plan 3") == 0)
		version = 3;
	else if (strcmp(l, "fml4to8-plan 2") == 0)
		version = 2;
	else
		BAD("not a fml4to8 plan (version 2 or 3)");
	NEXT();
	if (split(l, f, 2) != 2 || strcmp(f[0], "backup") != 0 ||
	    (p->backup_dir = f48_sfs_unescape(f[1])) == NULL || !rel_safe(p->backup_dir))
		BAD("bad backup line");
	NEXT();
	if (split(l, f, 2) != 2 || strcmp(f[0], "owner") != 0 ||
	    (p->owner = f48_sfs_unescape(f[1])) == NULL)
		BAD("bad owner line");
	NEXT();
	if (split(l, f, 2) != 2 || strcmp(f[0], "domain") != 0)
		BAD("bad domain line");
	*domain = f48_sfs_unescape(f[1]);
	NEXT();
	if (sscanf(l, "layout %zu", &n) != 1 || n > 1000)
		BAD("bad layout line");
	p->layout = f48_xcalloc(1, sizeof(*p->layout));
	for (i = 0; i < n; i++) {
		unsigned mode, flags;
		char *path;

		NEXT();
		if (split(l, f, 5) != 5 || strcmp(f[0], "L") != 0 || strlen(f[1]) != 1 ||
		    (f[1][0] != 'd' && f[1][0] != 'f') || sscanf(f[2], "%o", &mode) != 1 ||
		    (mode > 0777 && mode != 07777) || sscanf(f[3], "%u", &flags) != 1 ||
		    (path = f48_sfs_unescape(f[4])) == NULL)
			BAD("bad layout row");
		f48_layout_set(p->layout, path, f[1][0], mode == 07777 ? -1 : (int)mode, flags);
		free(path);
	}
	NEXT();
	if (sscanf(l, "actions %zu", &n) != 1 || n > 100000)
		BAD("bad actions line");
	p->actions = f48_xcalloc(n ? n : 1, sizeof(*p->actions));
	for (i = 0; i < n; i++) {
		f48_action *a = &p->actions[i];
		unsigned mode;
		size_t clen;
		int k;

		NEXT();
		if (split(l, f, 7) != 7 || strcmp(f[0], "A") != 0)
			BAD("bad action line");
		for (k = 0; k <= F48_ACT_CHOWN_TREE; k++)
			if (strcmp(f[1], f48_action_name((f48_action_kind)k)) == 0)
				break;
		if (k > F48_ACT_CHOWN_TREE || sscanf(f[2], "%o", &mode) != 1 ||
		    sscanf(f[3], "%zu", &clen) != 1)
			BAD("bad action line");
		a->kind = (f48_action_kind)k;
		a->mode = (mode_t)mode;
		a->path = f48_sfs_unescape(f[4]);
		if (a->kind == F48_ACT_WRITE && version >= 3)
			a->source = f48_sfs_unescape(f[5]);
		else
			a->from = f48_sfs_unescape(f[5]);
		a->why = f48_sfs_unescape(f[6]);
		p->n = i + 1;
		if (a->path == NULL || (a->kind != F48_ACT_CHOWN_TREE && !rel_safe(a->path)) ||
		    ((a->kind == F48_ACT_COPY || a->kind == F48_ACT_MOVE) && !rel_safe(a->from)))
			BAD("bad path in an action");
		if (a->kind == F48_ACT_WRITE && a->source) {
			if (!source_safe(a->source))
				BAD("bad spool file name in an action");
			a->len = clen;
			NEXT();
			if (strncmp(l, "sha256 ", 7) != 0 || !hex64(l + 7))
				BAD("bad sha256 line");
			memcpy(a->sha256, l + 7, F48_SHA256_HEX);
		} else if (a->kind == F48_ACT_WRITE) {
			if (clen > len - pos || len - pos - clen < 1 || buf[pos + clen] != '\n')
				BAD("bad content length");
			a->content = f48_xstrndup(buf + pos, clen);
			a->len = clen;
			for (k = 0; (size_t)k < clen; k++)
				if (buf[pos + (size_t)k] == '\n')
					line++;
			pos += clen + 1;
		}
	}
	NEXT();
	if (strcmp(l, "end") != 0)
		BAD("no end line");
	free(l);
	*out = p;
	return F48_OK;
fail:
#undef BAD
#undef NEXT
	free(l);
	free(*domain);
	*domain = NULL;
	f48_plan_free(p);
	return rc;
}

/* --- the manifest -------------------------------------------------------- */

typedef struct manifest_ctx {
	f48_sb *sb;
} manifest_ctx;

static int
manifest_visit(void *vc, int dfd, const char *name, const char *rel, const struct stat *st,
    f48_error *err)
{
	manifest_ctx *c = vc;

	(void)dfd;
	(void)name;
	(void)err;
	f48_sb_printf(c->sb, "%c %04o %lu %lu", S_ISREG(st->st_mode) ? 'f' :
	    S_ISDIR(st->st_mode) ? 'd' : 'o', (unsigned)(st->st_mode & 07777),
	    (unsigned long)st->st_uid, (unsigned long)st->st_gid);
	put_field(c->sb, rel);
	f48_sb_putc(c->sb, '\n');
	return F48_OK;
}

int
f48_manifest_build(int root, const char *rp, f48_sb *sb, f48_error *err)
{
	manifest_ctx mc = { sb };

	f48_sb_puts(sb, "fml4to8-manifest 1\n");
	return f48_sfs_walk(root, rp, manifest_visit, &mc, err);
}

int
f48_manifest_parse(const char *data, size_t len, const char *file, f48_manifest *m,
    f48_error *err)
{
	size_t pos = 0;
	long line = 0;
	char *l;
	int rc = F48_OK;

	memset(m, 0, sizeof(*m));
	while (rc == F48_OK && (l = next_line(data, len, &pos)) != NULL) {
		char *f[5];
		unsigned mode;
		unsigned long uid, gid;

		line++;
		if (line == 1) {
			if (strcmp(l, "fml4to8-manifest 1") != 0)
				rc = f48_error_set(err, F48_EINPUT, file, line, "not a fml4to8 manifest");
		} else if (split(l, f, 5) != 5 || strlen(f[0]) != 1 || strchr("fdo", f[0][0]) == NULL ||
		    sscanf(f[1], "%o", &mode) != 1 || mode > 07777 || sscanf(f[2], "%lu", &uid) != 1 ||
		    sscanf(f[3], "%lu", &gid) != 1)
			rc = f48_error_set(err, F48_EINPUT, file, line, "bad manifest line");
		else {
			f48_manifest_entry *e;

			m->e = f48_xrealloc(m->e, (m->n + 1) * sizeof(*m->e));
			e = &m->e[m->n++];
			e->type = f[0][0];
			e->mode = (mode_t)mode;
			e->uid = (uid_t)uid;
			e->gid = (gid_t)gid;
			e->path = f48_sfs_unescape(f[4]);
			if (e->path == NULL)
				rc = f48_error_set(err, F48_EINPUT, file, line, "bad path");
		}
		free(l);
	}
	if (rc == F48_OK && line == 0)
		rc = f48_error_set(err, F48_EINPUT, file, 0, "empty manifest");
	if (rc < 0)
		f48_manifest_free(m);
	return rc;
}

void
f48_manifest_free(f48_manifest *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->e[i].path);
	free(m->e);
	m->e = NULL;
	m->n = 0;
}

const f48_manifest_entry *
f48_manifest_find(const f48_manifest *m, const char *path)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->e[i].path, path) == 0)
			return &m->e[i];
	return NULL;
}

/* --- the hashes of saved originals ------------------------------------- */

void
f48_hashes_set(f48_hashes *h, const char *path, const char hex[F48_SHA256_HEX])
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (strcmp(h->e[i].path, path) == 0)
			break;
	if (i == h->n) {
		h->e = f48_xrealloc(h->e, (h->n + 1) * sizeof(*h->e));
		h->e[h->n++].path = f48_xstrdup(path);
	}
	memcpy(h->e[i].hex, hex, F48_SHA256_HEX);
}

const char *
f48_hashes_get(const f48_hashes *h, const char *path)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (strcmp(h->e[i].path, path) == 0)
			return h->e[i].hex;
	return NULL;
}

void
f48_hashes_serialize(const f48_hashes *h, f48_sb *sb)
{
	size_t i;

	f48_sb_puts(sb, "fml4to8-hashes 1\n");
	for (i = 0; i < h->n; i++) {
		f48_sb_puts(sb, h->e[i].hex);
		put_field(sb, h->e[i].path);
		f48_sb_putc(sb, '\n');
	}
}

int
f48_hashes_parse(const char *data, size_t len, const char *file, f48_hashes *h, f48_error *err)
{
	size_t pos = 0;
	long line = 0;
	char *l;
	int rc = F48_OK;

	memset(h, 0, sizeof(*h));
	while (rc == F48_OK && (l = next_line(data, len, &pos)) != NULL) {
		char *f[2], *path;

		line++;
		if (line == 1) {
			if (strcmp(l, "fml4to8-hashes 1") != 0)
				rc = f48_error_set(err, F48_EINPUT, file, line, "not a fml4to8 hash list");
		} else if (split(l, f, 2) != 2 || strlen(f[0]) != 64 ||
		    strspn(f[0], "0123456789abcdef") != 64 || (path = f48_sfs_unescape(f[1])) == NULL)
			rc = f48_error_set(err, F48_EINPUT, file, line, "bad hash line");
		else {
			f48_hashes_set(h, path, f[0]);
			free(path);
		}
		free(l);
	}
	if (rc < 0)
		f48_hashes_free(h);
	return rc;
}

void
f48_hashes_free(f48_hashes *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->e[i].path);
	free(h->e);
	h->e = NULL;
	h->n = 0;
}

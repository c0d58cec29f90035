/* layout.c - see layout.h. */
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/pathutil.h"
#include "util/tsv.h"
#include "util/xalloc.h"

#include "plan/layout.h"

void
f48_layout_set(f48_layout *l, const char *path, char type, int mode, unsigned flags)
{
	f48_layout_entry *e = NULL;
	size_t i;

	for (i = 0; i < l->n && e == NULL; i++)
		if (strcmp(l->e[i].path, path) == 0)
			e = &l->e[i];
	if (e == NULL) {
		l->e = f48_xrealloc(l->e, (l->n + 1) * sizeof(*l->e));
		e = &l->e[l->n++];
		e->path = f48_xstrdup(path);
	}
	e->type = type;
	e->mode = mode;
	e->flags = flags;
}

f48_layout *
f48_layout_dup(const f48_layout *src)
{
	f48_layout *l = f48_xcalloc(1, sizeof(*l));
	size_t i;

	for (i = 0; src && i < src->n; i++)
		f48_layout_set(l, src->e[i].path, src->e[i].type, src->e[i].mode, src->e[i].flags);
	return l;
}

void
f48_layout_free(f48_layout *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		free(l->e[i].path);
	free(l->e);
	free(l);
}

const f48_layout_entry *
f48_layout_find(const f48_layout *l, const char *rel)
{
	size_t i;

	for (i = 0; l && i < l->n; i++)
		if (strcmp(l->e[i].path, rel) == 0)
			return &l->e[i];
	return NULL;
}

int
f48_layout_mode(const f48_layout *l, const char *rel, bool is_dir)
{
	const f48_layout_entry *e = l ? f48_layout_find(l, rel) : NULL;

	if (e == NULL || (e->type == 'd') != is_dir)
		return -1;
	return e->mode;
}

static bool
path_ok(const char *p)
{
	const char *c = p;

	if (strcmp(p, ".") == 0)
		return true;
	if (*p == '\0' || *p == '/')
		return false;
	while (*c) {
		size_t n = strcspn(c, "/");

		if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		c += n;
		if (*c == '/' && *++c == '\0')
			return false;
	}
	return true;
}

static int
layout_row(void *ctx, const char *file, long line, char **cols, size_t ncols, f48_error *err)
{
	f48_layout *l = ctx;
	unsigned flags = 0;
	int mode = -1;
	char *end, *f, *save = NULL;

	if (ncols != 5)
		return f48_error_set(err, F48_EINPUT, file, line, "%zu columns, want 5 "
		    "(path type mode owner flags)", ncols);
	if (!path_ok(cols[0]))
		return f48_error_set(err, F48_EINPUT, file, line, "path \"%s\" is not a plain "
		    "relative path", cols[0]);
	if (f48_layout_find(l, cols[0]))
		return f48_error_set(err, F48_EINPUT, file, line, "%s is listed twice", cols[0]);
	if (strcmp(cols[1], "d") != 0 && strcmp(cols[1], "f") != 0)
		return f48_error_set(err, F48_EINPUT, file, line, "type \"%s\": want d or f",
		    cols[1]);
	if (strcmp(cols[2], "-") != 0) {
		long m = strtol(cols[2], &end, 8);

		if (*cols[2] == '\0' || *end != '\0' || m < 0 || m > 0777)
			return f48_error_set(err, F48_EINPUT, file, line, "mode \"%s\": want "
			    "octal 0000..0777 (no set-id or sticky bits) or -", cols[2]);
		mode = (int)m;
	}
	if (strcmp(cols[3], "owner") != 0)
		return f48_error_set(err, F48_EINPUT, file, line, "owner \"%s\": only \"owner\" "
		    "(the list owner) is known", cols[3]);
	for (f = strcmp(cols[4], "-") == 0 ? NULL : strtok_r(cols[4], ",", &save); f;
	    f = strtok_r(NULL, ",", &save)) {
		if (strcmp(f, "need") == 0)
			flags |= F48_LAYOUT_NEED;
		else if (strcmp(f, "make") == 0 && cols[1][0] == 'd')
			flags |= F48_LAYOUT_MAKE;
		else if (strcmp(f, "addresses") == 0 && cols[1][0] == 'f')
			flags |= F48_LAYOUT_ADDRESSES;
		else
			return f48_error_set(err, F48_EINPUT, file, line, "flag \"%s\": want need, "
			    "make (directories only), addresses (files only) or -", f);
	}
	f48_layout_set(l, cols[0], cols[1][0], mode, flags);
	return F48_OK;
}

int
f48_layout_load(const char *templates_dir, f48_layout **out, f48_error *err)
{
	char *path = f48_path_join(templates_dir, F48_LAYOUT_FILE);
	f48_layout *l = f48_xcalloc(1, sizeof(*l));
	int rc = f48_tsv_each(path, layout_row, l, err);

	free(path);
	if (rc < 0) {
		f48_layout_free(l);
		*out = NULL;
		return rc;
	}
	*out = l;
	return F48_OK;
}

/* findings.c - see findings.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/findings.h"
#include "util/xalloc.h"

void
f48_findings_init(f48_findings *fs)
{
	fs->items = NULL;
	fs->n = fs->cap = 0;
}

void
f48_findings_free(f48_findings *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++) {
		free(fs->items[i].code);
		free(fs->items[i].file);
		free(fs->items[i].message);
		free(fs->items[i].fix);
	}
	free(fs->items);
	f48_findings_init(fs);
}

void
f48_findings_add(f48_findings *fs, f48_severity sev, const char *code,
    const char *file, long line, const char *fix, const char *fmt, ...)
{
	f48_finding *f;
	va_list ap;

	fs->items = f48_xgrow(fs->items, &fs->cap, fs->n + 1, sizeof(*fs->items));
	f = &fs->items[fs->n++];
	f->severity = sev;
	f->code = f48_xstrdup(code);
	f->file = f48_xstrdup(file);
	f->line = line;
	f->fix = f48_xstrdup(fix);
	va_start(ap, fmt);
	f->message = f48_xvasprintf(fmt, ap);
	va_end(ap);
}

void
f48_findings_copy(f48_findings *dst, const f48_findings *src)
{
	size_t i;

	dst->items = f48_xgrow(dst->items, &dst->cap, dst->n + src->n, sizeof(*dst->items));
	for (i = 0; i < src->n; i++) {
		const f48_finding *s = &src->items[i];
		f48_finding *d = &dst->items[dst->n++];

		d->severity = s->severity;
		d->code = f48_xstrdup(s->code);
		d->file = f48_xstrdup(s->file);
		d->line = s->line;
		d->fix = f48_xstrdup(s->fix);
		d->message = f48_xstrdup(s->message);
	}
}

size_t
f48_findings_count(const f48_findings *fs, f48_severity min)
{
	size_t i, c = 0;

	for (i = 0; i < fs->n; i++)
		if (fs->items[i].severity >= min)
			c++;
	return c;
}

size_t
f48_findings_count_code(const f48_findings *fs, const char *code)
{
	size_t i, c = 0;

	for (i = 0; i < fs->n; i++)
		if (strcmp(fs->items[i].code, code) == 0)
			c++;
	return c;
}

void
f48_findings_move(f48_findings *dst, f48_findings *src)
{
	size_t i;

	dst->items = f48_xgrow(dst->items, &dst->cap, dst->n + src->n, sizeof(*dst->items));
	for (i = 0; i < src->n; i++)
		dst->items[dst->n++] = src->items[i];
	free(src->items);
	f48_findings_init(src);
}

const char *
f48_severity_name(f48_severity sev)
{
	switch (sev) {
	case F48_SEV_INFO:
		return "info";
	case F48_SEV_WARNING:
		return "warning";
	case F48_SEV_ERROR:
		return "error";
	}
	return "unknown";
}

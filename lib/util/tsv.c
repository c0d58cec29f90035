/* tsv.c - see tsv.h. */
#include <stdlib.h>
#include <string.h>

#include "util/fileio.h"
#include "util/tsv.h"

#define TSV_MAX_SIZE (4 * 1024 * 1024)

char *
f48_tsv_trim(char *s)
{
	char *e;

	s += strspn(s, " \t");
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

int
f48_tsv_each(const char *path, f48_tsv_row_fn fn, void *ctx, f48_error *err)
{
	char *buf, *p, *nl;
	size_t len;
	long lineno = 0;
	int rc = f48_file_read(path, TSV_MAX_SIZE, &buf, &len, err);

	if (rc < 0)
		return rc;
	for (p = buf; rc == F48_OK && p < buf + len; p = nl + 1) {
		char *cols[F48_TSV_MAX_COLS], *row;
		size_t n = 0;

		lineno++;
		nl = memchr(p, '\n', (size_t)(buf + len - p));
		if (nl == NULL)
			nl = buf + len;
		*nl = '\0';
		row = f48_tsv_trim(p);
		if (*row == '\0' || *row == '#')
			continue;
		while (n < F48_TSV_MAX_COLS) {
			char *tab = strchr(row, '\t');

			if (tab)
				*tab = '\0';
			cols[n++] = f48_tsv_trim(row);
			if (tab == NULL)
				break;
			row = tab + 1;
		}
		rc = fn(ctx, path, lineno, cols, n, err);
	}
	free(buf);
	return rc;
}

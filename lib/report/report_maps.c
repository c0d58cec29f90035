/*
 * report_maps.c - the domain's Postfix maps as report sections: see
 * report_maps.h.
 */
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "report/report_maps.h"

void
f48_report_add_maps(f48_report *r, const f48_dmaps_result *m, const char *realmx)
{
	const char *p = m->maps.data, *e, *end = p ? p + m->maps.len : NULL;
	f48_rsection *sec = NULL;

	for (; p && p < end; p = e + 1) {
		size_t n;

		if ((e = memchr(p, '\n', (size_t)(end - p))) == NULL)
			e = end;
		n = (size_t)(e - p);
		/* "==> virtual: PATH <==" starts a map */
		if (n > 8 && strncmp(p, "==> ", 4) == 0 && strncmp(e - 4, " <==", 4) == 0) {
			const char *kind = p + 4, *colon = memchr(kind, ':', n - 4);
			char *id, *title;

			if (colon == NULL)
				continue;
			id = f48_xstrndup(kind, (size_t)(colon - kind));
			title = f48_xasprintf("%s%s, for %.*s (as \"fml4to8 virtual\" writes it)",
			    strcmp(id, "virtual") == 0 ? "Postfix virtual map" : "Postfix aliases",
			    strcmp(id, "virtual") == 0 && (realmx == NULL || *realmx == '\0') ?
			    " in fml8's own form (virtual --realmx HOST adds @HOST)" : "",
			    (int)(e - 4 - colon - 2), colon + 2);
			sec = f48_report_section(r, id, title);
			free(id);
			free(title);
			continue;
		}
		if (sec) {
			char *line = f48_xstrndup(p, n);

			f48_rsection_add(sec, line, NULL);
			free(line);
		}
	}
}

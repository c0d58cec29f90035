/* plan.c - read the fml4 list in DIR, translate it and print its plan,
 * using only the public header.  cc plan.c $(pkg-config --cflags --libs libfml4to8) */
#include <stdio.h>
#include <stdlib.h>
#include <fml4to8/fml4to8.h>

int
main(int argc, char **argv)
{
	f48_tables *t = NULL; f48_fml4_list *l = NULL; f48_fml8_list *tr = NULL; f48_plan *p = NULL;
	f48_tables_opts to = { .templates_dir = argc > 2 ? argv[2] : NULL };
	f48_plan_step s; f48_error err; size_t i; char *text; int rc = 3;

	if (argc < 2) { fprintf(stderr, "usage: plan LIST_DIR [TEMPLATES_DIR]\n"); return 2; }
	if (f48_tables_load(&to, &t, &err) == F48_OK && f48_list_read(t, argv[1], NULL, &l, &err) == F48_OK &&
	    f48_list_translate(t, l, NULL, &tr, &err) == F48_OK && f48_list_plan(t, l, tr, NULL, &p, &err) == F48_OK) {
		fputs(text = f48_plan_text(l, tr, p), stdout);
		free(text);
		for (i = 0; f48_plan_step_at(p, i, &s); i++)
			printf("step %zu: %s %s\n", i + 1, s.kind, s.path);
		rc = 0;
	} else
		fprintf(stderr, "plan: %s\n", err.msg);
	f48_plan_free(p); f48_fml8_list_free(tr); f48_fml4_list_free(l); f48_tables_free(t);
	return rc;
}

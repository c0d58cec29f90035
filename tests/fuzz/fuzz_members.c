/* fuzz_members.c - members / actives files: the streaming scan, count and
 * load of a file (CR, NUL, over-long lines), and the line parser on every
 * line, checking that scan, count and load agree on the counts. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "fml4/fml4_members.h"

static int
visit(void *ctx, const f48_member_entry *e)
{
	size_t *n = ctx;

	(void)f48_member_mode_name(f48_member_mode_of(e));
	(*n)++;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fz_path(0, fz_tmpdir(), "actives");
	f48_member_counts c0, c1, c2;
	f48_member_list *l = NULL;
	f48_findings fs;
	f48_error err;
	size_t seen = 0, i, start = 0;
	bool in_header = false;
	char *scratch;

	fz_write(path, data, size);
	f48_findings_init(&fs);
	memset(&c0, 0, sizeof(c0));
	memset(&c1, 0, sizeof(c1));
	if (f48_members_scan(path, visit, &seen, &fs, &c0, &err) != F48_OK)
		seen = (size_t)-1;
	if (f48_members_count(path, &c1, &fs, &err) == F48_OK &&
	    f48_members_load(path, &l, &fs, &err) == F48_OK) {
		c2 = l->counts;
		if (memcmp(&c1, &c2, sizeof(c1)) != 0)
			abort();   /* counting and loading must agree */
		if (c1.lines != seen || memcmp(&c0, &c1, sizeof(c1)) != 0)
			abort();   /* the scan saw every line and counted the same */
		for (i = 0; i < l->n; i++) {
			f48_member_entry e;
			f48_member_item_entry(&l->items[i], &e);
			(void)f48_member_mode_of(&e);
		}
		f48_member_list_free(l);
	}
	/* The line parser directly, on each line of the input. */
	scratch = malloc(F48_MEMBERS_SCRATCH(size));
	if (scratch == NULL)
		abort();
	for (i = 0; i <= size; i++) {
		if (i == size || data[i] == '\n') {
			f48_member_entry e;
			if (i > start || i < size)
				f48_members_parse_line((const char *)data + start,
				    i - start, 1, "actives", &in_header, scratch, &e, &fs);
			start = i + 1;
		}
	}
	free(scratch);
	f48_findings_free(&fs);
	return 0;
}

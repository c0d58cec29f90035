/*
 * layout.h - the fml8 list tree as data: templates/fml8-layout.tsv (path,
 * type, mode, owner, flags), read here and nowhere else.  plan takes the
 * modes it writes and the directories it makes from it, apply gives the
 * final modes by it, verify checks (and --fix-owner sets) them, audit
 * creates files with them.
 *
 * f48_layout_load reads DIR/fml8-layout.tsv; every row is checked (a path
 * as safefs accepts it, or "."; type d or f; an octal mode <= 0777 or "-";
 * owner "owner"; known flags; no path twice): F48_EINPUT with file:line.
 * f48_layout_mode: the mode for rel (of type is_dir), or -1 when the table
 * keeps it.  Memory: the layout owns its strings; f48_layout_free.
 * Untrusted input: none (templates/ is root's).
 */
#ifndef F48_LAYOUT_H
#define F48_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util/error.h"

#define F48_LAYOUT_FILE "fml8-layout.tsv"

#define F48_LAYOUT_NEED 1u    /* fml8 needs it */
#define F48_LAYOUT_MAKE 2u    /* the plan creates it */
#define F48_LAYOUT_ADDRESSES 4u  /* an address list fml8 rewrites (subscribe, unsubscribe) */

typedef struct f48_layout_entry {
	char *path;
	char type;          /* 'd' or 'f' */
	int mode;           /* -1: keep */
	unsigned flags;
} f48_layout_entry;

typedef struct f48_layout {
	f48_layout_entry *e;
	size_t n;
} f48_layout;

int f48_layout_load(const char *templates_dir, f48_layout **out, f48_error *err);
f48_layout *f48_layout_dup(const f48_layout *l);
void f48_layout_free(f48_layout *l);
/* Add (or replace) a row; for the loader and the saved plan's reader. */
void f48_layout_set(f48_layout *l, const char *path, char type, int mode, unsigned flags);
const f48_layout_entry *f48_layout_find(const f48_layout *l, const char *rel);
int f48_layout_mode(const f48_layout *l, const char *rel, bool is_dir);

#endif

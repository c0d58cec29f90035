/*
 * treecopy.h - "migrate --target": a copy of a list tree to migrate instead
 * of the list itself.
 *
 * f48_tree_copy copies the tree `from` to `to` (which must not exist)
 * through "<to>.fml4to8-copy", renamed at the end; bytes, modes and owners
 * kept; symlinks, hard links and special files refused (F48_EUNSAFE) before
 * anything is written.  Errors name the path; nothing is printed.
 */
#ifndef F48_TREECOPY_H
#define F48_TREECOPY_H

#include "util/error.h"

int f48_tree_copy(const char *from, const char *to, f48_error *err);

#endif

/*
 * tsv.h - reading the data tables in templates/: tab-separated rows; lines
 * that are blank or start with "#" are skipped; every column is trimmed of
 * blanks and a CR.  The callback gets each row with its 1-based line number
 * and may stop the read by returning an error status (<0), which
 * f48_tsv_each returns.  The column strings are only valid during the call.
 * Errors: the file's (unreadable, larger than 4 MB, a symlink).
 */
#ifndef F48_TSV_H
#define F48_TSV_H

#include <stddef.h>

#include "util/error.h"

#define F48_TSV_MAX_COLS 8

typedef int (*f48_tsv_row_fn)(void *ctx, const char *path, long line, char **cols,
    size_t ncols, f48_error *err);

int f48_tsv_each(const char *path, f48_tsv_row_fn fn, void *ctx, f48_error *err);
/* Trim blanks, TABs and a CR from both ends of s, in place; returns the
 * first character kept.  What the reader does to every column, for table
 * consumers that split a column further. */
char *f48_tsv_trim(char *s);

#endif

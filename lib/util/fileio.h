/*
 * fileio.h - reading untrusted text files safely.
 *
 * Contract: files are opened with O_NOFOLLOW and must be regular files;
 * a symbolic link, a directory or a device where a file is expected is an
 * F48_EUNSAFE / F48_EINPUT error naming the path.  Contents are untrusted
 * bytes: NUL bytes, CR, any encoding.  Nothing here writes.
 *
 * f48_file_read: the whole file into a NUL-terminated buffer the caller
 * frees; refuses files larger than max_size (F48_EINPUT).
 *
 * f48_lr_*: a streaming line reader (memory bounded by max_line, whatever
 * the file size).  A line is returned without its LF; a CR before the LF is
 * removed and flagged (had_cr).  A line longer than max_line is returned
 * cut at max_line bytes with `too_long` set, and the rest of it skipped.
 * The returned text stays valid until the next f48_lr_next or f48_lr_close.
 */
#ifndef F48_FILEIO_H
#define F48_FILEIO_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

/* 0 if path exists (without following a final symlink), else -1 with errno. */
int f48_file_lstat_kind(const char *path, char *kind);   /* 'f','d','l','o' */

int f48_file_read(const char *path, size_t max_size, char **out, size_t *len,
    f48_error *err);

typedef struct f48_line {
	const char *text;   /* NUL-terminated; may also contain NUL bytes */
	size_t len;
	long lineno;        /* 1-based */
	bool had_cr;        /* the line ended in CRLF */
	bool too_long;      /* cut at max_line */
	bool has_nul;       /* contains a NUL byte */
	bool no_newline;    /* last line of a file without final LF */
} f48_line;

typedef struct f48_lr f48_lr;

int f48_lr_open(f48_lr **out, const char *path, size_t max_line, f48_error *err);
/* 1: a line was read; 0: end of file; <0: read error (err filled). */
int f48_lr_next(f48_lr *lr, f48_line *line, f48_error *err);
void f48_lr_close(f48_lr *lr);

#endif

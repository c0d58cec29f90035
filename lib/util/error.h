/*
 * error.h - an error value the caller owns.
 *
 * Contract: every library function that can fail takes an `f48_error *err`
 * (NULL is allowed: the caller then only gets the status) and returns a
 * status: F48_OK (0) or one of the negative F48_E* codes (fml4to8/fml4to8.h).  On failure
 * the function fills `err` with a message that begins "file:line: " when a
 * position is known, "file: " when only the file is.  The message lives in
 * the struct itself, so reporting an error never allocates and never fails.
 * The library never prints an error; the caller decides.
 */
#ifndef F48_ERROR_H
#define F48_ERROR_H

#include <stdarg.h>

/* enum f48_status (F48_OK, F48_EINPUT ...) and struct f48_error are part of
 * the public interface: defined once, in the public header. */
#include "fml4to8/fml4to8.h"

void f48_error_clear(f48_error *err);

/* Fill err (if not NULL) and return status.  file may be NULL, line 0. */
int f48_error_set(f48_error *err, int status, const char *file, long line,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Same, appending ": <strerror(errno)>" with the errno saved on entry. */
int f48_error_sys(f48_error *err, int status, const char *file,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The message without its "file:line: " or "file: " prefix, for callers
 * that show the position separately (a finding's file and line). */
const char *f48_error_detail(const f48_error *err);

#endif

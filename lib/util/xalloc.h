/*
 * xalloc.h - memory allocation that cannot return NULL.
 *
 * Out of memory is handled here, in one place: the process is aborted
 * (abort(3)), because no caller can do anything useful half-way through a
 * migration plan, and a plan is built completely before anything is written
 * to disk, so aborting while planning loses nothing.  Nothing is printed.
 * Every pointer returned is freed by the caller with free(3).
 */
#ifndef F48_XALLOC_H
#define F48_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *f48_xmalloc(size_t n);
void *f48_xcalloc(size_t n, size_t size);
void *f48_xrealloc(void *p, size_t n);
/* Grow an array of *cap elements of `size` bytes to hold at least `need`. */
void *f48_xgrow(void *p, size_t *cap, size_t need, size_t size);
char *f48_xstrdup(const char *s);              /* NULL gives NULL */
char *f48_xstrndup(const char *s, size_t n);   /* always NUL-terminated */
char *f48_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *f48_xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif

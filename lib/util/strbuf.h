/*
 * strbuf.h - a growable byte buffer.
 *
 * Contract: `data` is always NUL-terminated (so text can be used as a C
 * string) but may also hold NUL bytes; `len` counts the bytes.  The buffer
 * owns `data`; f48_sb_free releases it, f48_sb_steal hands it to the caller.
 * Allocation failure aborts (xalloc.h), so no function here can fail.
 */
#ifndef F48_STRBUF_H
#define F48_STRBUF_H

#include <stddef.h>

typedef struct f48_sb {
	char *data;
	size_t len;
	size_t cap;
} f48_sb;

void f48_sb_init(f48_sb *sb);
void f48_sb_free(f48_sb *sb);
void f48_sb_reset(f48_sb *sb);               /* len = 0, keeps memory */
void f48_sb_append(f48_sb *sb, const void *p, size_t n);
void f48_sb_puts(f48_sb *sb, const char *s);
void f48_sb_putc(f48_sb *sb, char c);
void f48_sb_printf(f48_sb *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Append bytes so that the result is printable UTF-8 on one line:
 * valid UTF-8 is kept, control bytes and invalid bytes become \xNN,
 * a backslash becomes \\. */
void f48_sb_append_printable(f48_sb *sb, const char *p, size_t n);
/* The caller frees the result; sb is left empty and must be initialised
 * again before reuse (f48_sb_free on it is harmless). */
char *f48_sb_steal(f48_sb *sb);

#endif

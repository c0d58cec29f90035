/*
 * fml4_passwd.h - fml4's remote-administration password file (PASSWD_FILE,
 * default $DIR/etc/passwd): lines "ADDRESS<white space>HASH"
 * (../shared/docs/fml-formats.md §5.7).
 *
 * The hash kind is recognised so that later stages can tell whether fml8
 * (which checks 13-character traditional DES crypt only) can verify it:
 * "des" (13 chars of [./0-9A-Za-z]), "md5crypt" ($1$...), "md5hex" (32 hex
 * digits), "other".  Input is untrusted: a line that is not two fields is a
 * finding PASSWD_LINE_INVALID with file:line, never silently dropped.
 * The f48_passwd owns its strings; free with f48_passwd_free.
 */
#ifndef F48_FML4_PASSWD_H
#define F48_FML4_PASSWD_H

#include <stddef.h>

#include "util/error.h"
#include "util/findings.h"

typedef struct f48_passwd_entry {
	char *address;
	char *hash;
	const char *kind;    /* "des", "md5crypt", "md5hex", "other" (static) */
	long line;
} f48_passwd_entry;

typedef struct f48_passwd {
	char *path;
	f48_passwd_entry *entries;
	size_t n;
} f48_passwd;

int f48_passwd_read(const char *path, f48_passwd **out, f48_findings *findings,
    f48_error *err);
const char *f48_passwd_hash_kind(const char *hash);
void f48_passwd_free(f48_passwd *pw);

#endif

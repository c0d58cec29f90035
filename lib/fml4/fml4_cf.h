/*
 * fml4_cf.h - fml4's per-list "cf" file (the source makefml turns into
 * config.ph).  Format (../shared/docs/fml-formats.md §2.1): up to a line that
 * starts with LOCAL_CONFIG, "KEY VALUE" lines ("$KEY", "KEY:" accepted;
 * split at the first run of white space; the value keeps trailing blanks;
 * a key alone has the empty value; "#" lines are comments; blank lines are
 * ignored; a repeated key: the last one wins); after LOCAL_CONFIG, raw Perl.
 *
 * cf is not what fml4 loads (config.ph is); the reader exists so that a stale
 * cf (edited after config.ph, or config.ph edited by hand) can be reported.
 * Input is untrusted; a line that is not KEY VALUE is a finding CF_LINE_INVALID.
 * The f48_cf owns all its strings; free with f48_cf_free.
 */
#ifndef F48_FML4_CF_H
#define F48_FML4_CF_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"
#include "util/findings.h"

typedef struct f48_cf_entry {
	char *key;
	char *value;
	long line;
} f48_cf_entry;

typedef struct f48_cf {
	char *path;
	f48_cf_entry *entries;     /* in file order; repeated keys appear twice */
	size_t n, cap;
	bool has_local_config;
	long local_config_line;    /* line of "LOCAL_CONFIG" */
	char *local_config;        /* the raw Perl after it (bytes), or NULL */
	size_t local_config_len;
	bool had_crlf;
} f48_cf;

int f48_cf_read(const char *path, f48_cf **out, f48_findings *findings,
    f48_error *err);
/* The effective value of KEY (last occurrence), or NULL. */
const f48_cf_entry *f48_cf_get(const f48_cf *cf, const char *key);
void f48_cf_free(f48_cf *cf);

#endif

/*
 * findings.h - an ordered list of findings, the unit every report is made of.
 *
 * A finding is {severity, code, file, line, message, fix}.  `code` is a
 * stable upper-case word (see lib/codes.h) that reports can be diffed and
 * scripted on; `message` and `fix` are printable UTF-8 for a person; `fix`
 * may be NULL.  `line` is 0 when the finding concerns a whole file, and
 * `file` may be NULL when it concerns no file.
 *
 * Severities: INFO (worth knowing, no action), WARNING (a person must look:
 * something is lost, changed, or could not be decided), ERROR (input that
 * could not be read or parsed: the result is incomplete).
 *
 * The list owns copies of every string.  Adding cannot fail.
 */
#ifndef F48_FINDINGS_H
#define F48_FINDINGS_H

#include <stddef.h>

typedef enum f48_severity {
	F48_SEV_INFO = 0,
	F48_SEV_WARNING = 1,
	F48_SEV_ERROR = 2
} f48_severity;

typedef struct f48_finding {
	f48_severity severity;
	char *code;
	char *file;
	long line;
	char *message;
	char *fix;
} f48_finding;

typedef struct f48_findings {
	f48_finding *items;
	size_t n;
	size_t cap;
} f48_findings;

void f48_findings_init(f48_findings *fs);
void f48_findings_free(f48_findings *fs);
void f48_findings_add(f48_findings *fs, f48_severity sev, const char *code,
    const char *file, long line, const char *fix, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
/* Number of findings with severity >= min. */
size_t f48_findings_count(const f48_findings *fs, f48_severity min);
/* Number of findings with this code. */
size_t f48_findings_count_code(const f48_findings *fs, const char *code);
/* Move every finding of src to the end of dst; src is left empty. */
void f48_findings_move(f48_findings *dst, f48_findings *src);
/* Append copies of src's findings to dst (src is unchanged). */
void f48_findings_copy(f48_findings *dst, const f48_findings *src);
const char *f48_severity_name(f48_severity sev);   /* "info" ... */

#endif

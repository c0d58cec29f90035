/* error.c - see error.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/error.h"

void
f48_error_clear(f48_error *err)
{
	if (err == NULL)
		return;
	err->status = F48_OK;
	err->file[0] = '\0';
	err->line = 0;
	err->msg[0] = '\0';
}

static void
error_vset(f48_error *err, int status, const char *file, long line,
    const char *suffix, const char *fmt, va_list ap)
{
	size_t used = 0;

	err->status = status;
	err->line = line;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	if (file != NULL && line > 0)
		used = (size_t)snprintf(err->msg, sizeof(err->msg), "%s:%ld: ",
		    file, line);
	else if (file != NULL)
		used = (size_t)snprintf(err->msg, sizeof(err->msg), "%s: ", file);
	if (used >= sizeof(err->msg))
		return;
	vsnprintf(err->msg + used, sizeof(err->msg) - used, fmt, ap);
	if (suffix != NULL) {
		used = strlen(err->msg);
		snprintf(err->msg + used, sizeof(err->msg) - used, ": %s", suffix);
	}
}

int
f48_error_set(f48_error *err, int status, const char *file, long line,
    const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return status;
	va_start(ap, fmt);
	error_vset(err, status, file, line, NULL, fmt, ap);
	va_end(ap);
	return status;
}

int
f48_error_sys(f48_error *err, int status, const char *file,
    const char *fmt, ...)
{
	int saved = errno;
	char text[256];
	va_list ap;

	if (err == NULL)
		return status;
	va_start(ap, fmt);
	/* strerror_r: the read stage may run on several threads (util/par.h) */
	if (strerror_r(saved, text, sizeof(text)) != 0)
		snprintf(text, sizeof(text), "error %d", saved);
	error_vset(err, status, file, 0, text, fmt, ap);
	va_end(ap);
	errno = saved;
	return status;
}

const char *
f48_error_detail(const f48_error *err)
{
	char prefix[1100];
	size_t n;

	if (err->line > 0)
		snprintf(prefix, sizeof(prefix), "%s:%ld: ", err->file, err->line);
	else
		snprintf(prefix, sizeof(prefix), "%s: ", err->file);
	n = strlen(prefix);
	return err->file[0] && strncmp(err->msg, prefix, n) == 0 ? err->msg + n : err->msg;
}

/* xalloc.c - see xalloc.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static void *
oom(void)
{
	abort();
}

void *
f48_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	return p ? p : oom();
}

void *
f48_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	return p ? p : oom();
}

void *
f48_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	return q ? q : oom();
}

void *
f48_xgrow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t ncap = *cap ? *cap : 8;

	if (need <= *cap)
		return p;
	while (ncap < need) {
		if (ncap > ((size_t)-1) / 2 / size)
			return oom();
		ncap *= 2;
	}
	*cap = ncap;
	return f48_xrealloc(p, ncap * size);
}

char *
f48_xstrdup(const char *s)
{
	return s ? f48_xstrndup(s, strlen(s)) : NULL;
}

char *
f48_xstrndup(const char *s, size_t n)
{
	char *p = f48_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
f48_xvasprintf(const char *fmt, va_list ap)
{
	va_list again;
	char buf[256];
	int n;
	char *p;

	/* one formatting pass for the common short text, two for a long one */
	va_copy(again, ap);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n < 0) {          /* a conversion error, not memory: an empty text */
		va_end(again);
		return f48_xstrdup("");
	}
	p = f48_xmalloc((size_t)n + 1);
	if ((size_t)n < sizeof(buf))
		memcpy(p, buf, (size_t)n + 1);
	else
		vsnprintf(p, (size_t)n + 1, fmt, again);
	va_end(again);
	return p;
}

char *
f48_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = f48_xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

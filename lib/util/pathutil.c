/* pathutil.c - see pathutil.h. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/pathutil.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

char *
f48_path_clean(const char *p)
{
	f48_sb sb;
	const char *s = p;

	f48_sb_init(&sb);
	if (*s == '/')
		f48_sb_putc(&sb, '/');
	while (*s) {
		const char *e;
		size_t n;

		while (*s == '/')
			s++;
		if (!*s)
			break;
		e = strchr(s, '/');
		n = e ? (size_t)(e - s) : strlen(s);
		if (!(n == 1 && s[0] == '.')) {
			if (sb.len > 0 && sb.data[sb.len - 1] != '/')
				f48_sb_putc(&sb, '/');
			f48_sb_append(&sb, s, n);
		}
		s += n;
	}
	if (sb.len == 0)
		f48_sb_putc(&sb, '.');
	return f48_sb_steal(&sb);
}

char *
f48_path_join(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *j = f48_xmalloc(na + nb + 2), *c;

	memcpy(j, a, na);
	j[na] = '/';
	memcpy(j + na + 1, b, nb + 1);
	c = f48_path_clean(j);

	free(j);
	return c;
}

char *
f48_path_on_host(const char *root, const char *abs)
{
	if (root == NULL || *root == '\0' || abs[0] != '/')
		return f48_path_clean(abs);
	return f48_path_join(root, abs);
}

char *
f48_path_absolute(const char *p)
{
	char cwd[4096], *j, *c;

	if (p[0] == '/' || getcwd(cwd, sizeof(cwd)) == NULL)
		return f48_path_clean(p);
	j = f48_path_join(cwd, p);
	c = f48_path_clean(j);
	free(j);
	return c;
}

char *
f48_path_in_production(const char *root, const char *host)
{
	char *r, *h, *out;
	size_t n;

	if (root == NULL || *root == '\0')
		return f48_path_clean(host);
	/* a relative --root (or path) is relative to the working directory:
	 * compare both as absolute paths, or "examples/host" would never be
	 * removed from "/work/x/examples/host/var/..." */
	r = f48_path_absolute(root);
	h = f48_path_absolute(host);
	n = strlen(r);
	if (strcmp(r, "/") == 0)
		out = f48_xstrdup(h);
	else if (strncmp(h, r, n) == 0 && h[n] == '/')
		out = f48_xstrdup(h + n);
	else if (strcmp(h, r) == 0)
		out = f48_xstrdup("/");
	else
		out = f48_xstrdup(h);
	free(r);
	free(h);
	return out;
}

char *
f48_path_production(const char *root, const char *host)
{
	char *abs = f48_path_absolute(host), *r = f48_path_in_production(root, abs);

	free(abs);
	return r;
}

char *
f48_path_dirname(const char *p)
{
	char *c = f48_path_clean(p);
	char *slash = strrchr(c, '/');

	if (slash == NULL) {
		free(c);
		return f48_xstrdup(".");
	}
	if (slash == c)
		slash[1] = '\0';
	else
		*slash = '\0';
	return c;
}

char *
f48_path_basename(const char *p)
{
	char *c = f48_path_clean(p);
	char *slash = strrchr(c, '/');
	char *b = f48_xstrdup(slash && slash[1] ? slash + 1 : c);

	free(c);
	return b;
}

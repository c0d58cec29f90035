/* fml4_passwd.c - see fml4_passwd.h. */
#include <stdlib.h>
#include <string.h>

#include "util/fileio.h"
#include "util/xalloc.h"

#include "codes.h"
#include "fml4/fml4_passwd.h"

const char *
f48_passwd_hash_kind(const char *h)
{
	size_t n = strlen(h);

	if (n == 13 && strspn(h, "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") == 13)
		return "des";
	if (strncmp(h, "$1$", 3) == 0)
		return "md5crypt";
	if (n == 32 && strspn(h, "0123456789abcdefABCDEF") == 32)
		return "md5hex";
	return "other";
}

int
f48_passwd_read(const char *path, f48_passwd **out, f48_findings *findings,
    f48_error *err)
{
	f48_lr *lr;
	f48_line ln;
	f48_passwd *pw;
	int rc = f48_lr_open(&lr, path, 4096, err);

	if (rc < 0)
		return rc;
	pw = f48_xcalloc(1, sizeof(*pw));
	pw->path = f48_xstrdup(path);
	while ((rc = f48_lr_next(lr, &ln, err)) > 0) {
		const char *p = ln.text, *a, *h;
		size_t alen, hlen;
		f48_passwd_entry *e;

		p += strspn(p, " \t");
		if (*p == '\0' || *p == '#')
			continue;
		a = p;
		alen = strcspn(a, " \t");
		h = a + alen + strspn(a + alen, " \t");
		hlen = strcspn(h, " \t");
		if (ln.has_nul || ln.too_long || alen == 0 || hlen == 0 ||
		    h[hlen + strspn(h + hlen, " \t")] != '\0' || a != ln.text) {
			if (findings)
				f48_findings_add(findings, F48_SEV_WARNING, F48_C_PASSWD_LINE_INVALID,
				    path, ln.lineno, NULL,
				    "not an \"ADDRESS HASH\" line; fml4 may not match it, and it "
				    "is not carried over automatically");
			continue;
		}
		pw->entries = f48_xrealloc(pw->entries, (pw->n + 1) * sizeof(*pw->entries));
		e = &pw->entries[pw->n++];
		e->address = f48_xstrndup(a, alen);
		e->hash = f48_xstrndup(h, hlen);
		e->kind = f48_passwd_hash_kind(e->hash);
		e->line = ln.lineno;
	}
	f48_lr_close(lr);
	if (rc < 0) {
		f48_passwd_free(pw);
		return rc;
	}
	*out = pw;
	return F48_OK;
}

void
f48_passwd_free(f48_passwd *pw)
{
	size_t i;

	if (pw == NULL)
		return;
	for (i = 0; i < pw->n; i++) {
		free(pw->entries[i].address);
		free(pw->entries[i].hash);
	}
	free(pw->entries);
	free(pw->path);
	free(pw);
}

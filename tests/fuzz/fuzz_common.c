/* fuzz_common.c - the harness helpers of fuzz.h (not part of the library). */
#include "fuzz.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef F48_FUZZ_TEMPLATES
#define F48_FUZZ_TEMPLATES "templates"
#endif

static char tmpdir[PATH_MAX];

static void
rm_tree(void)
{
	char cmd[PATH_MAX + 16];

	if (tmpdir[0] == '\0')
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz: could not remove %s\n", tmpdir);
}

const char *
fz_tmpdir(void)
{
	const char *t;

	if (tmpdir[0])
		return tmpdir;
	t = getenv("TMPDIR");
	snprintf(tmpdir, sizeof(tmpdir), "%s/f48-fuzz-XXXXXX",
	    t && *t ? t : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		perror("fuzz: mkdtemp");
		abort();
	}
	atexit(rm_tree);
	return tmpdir;
}

const char *
fz_path(int slot, const char *dir, const char *name)
{
	static char buf[4][PATH_MAX];

	snprintf(buf[slot & 3], sizeof(buf[0]), "%s/%s", dir, name);
	return buf[slot & 3];
}

void
fz_write(const char *path, const void *data, size_t len)
{
	const char *p = data;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0644);

	if (fd < 0) {
		fprintf(stderr, "fuzz: %s: %s\n", path, strerror(errno));
		abort();
	}
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "fuzz: %s: %s\n", path, strerror(errno));
			abort();
		}
		p += w;
		len -= (size_t)w;
	}
	close(fd);
}

void
fz_mkdir(const char *path)
{
	if (mkdir(path, 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "fuzz: mkdir %s: %s\n", path, strerror(errno));
		abort();
	}
}

const char *
fz_templates(void)
{
	const char *env = getenv("FML4TO8_TEMPLATES");

	return env && *env ? env : F48_FUZZ_TEMPLATES;
}

void
fz_split(const uint8_t *data, size_t size, const char *marker, size_t *len1,
    const uint8_t **rest, size_t *len2)
{
	size_t m = strlen(marker), i;

	for (i = 0; m <= size && i <= size - m; i++) {
		if (memcmp(data + i, marker, m) == 0) {
			*len1 = i;
			*rest = data + i + m;
			*len2 = size - i - m;
			return;
		}
	}
	*len1 = size;
	*rest = NULL;
	*len2 = 0;
}

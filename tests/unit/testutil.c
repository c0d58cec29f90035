/* testutil.c - see testutil.h. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

static char shared[PATH_MAX];
static int shared_probed;
static char tmpdir[PATH_MAX];

const char *
t_shared_dir(void)
{
	const char *env = getenv("F48_SHARED");
	const char *src = getenv("top_srcdir");
	char cand[PATH_MAX + 64];
	struct stat st;

	if (shared_probed)
		return shared[0] ? shared : NULL;
	shared_probed = 1;
	if (env && *env)
		snprintf(cand, sizeof(cand), "%s", env);
	else
		snprintf(cand, sizeof(cand), "%s/../shared", src ? src : ".");
	{
		char probe[PATH_MAX + 128];

		snprintf(probe, sizeof(probe), "%s/fixtures/fml4/example.com", cand);
		if (stat(probe, &st) == 0 && S_ISDIR(st.st_mode) && realpath(cand, shared))
			return shared;
	}
	shared[0] = '\0';
	return NULL;
}

const char *
t_fixture_root(void)
{
	static char buf[PATH_MAX + 64];

	if (!t_shared_dir())
		return NULL;
	snprintf(buf, sizeof(buf), "%s/fixtures/fml4/example.com", shared);
	return buf;
}

const char *
t_mergeml_root(void)
{
	static char buf[PATH_MAX + 64];

	if (!t_shared_dir())
		return NULL;
	snprintf(buf, sizeof(buf), "%s/fixtures/mergeml/example.com", shared);
	return buf;
}

const char *
t_fixture_ml(const char *ml)
{
	static char buf[4][PATH_MAX + 128];
	static int k;
	char *b;

	if (!t_shared_dir())
		return NULL;
	b = buf[k++ % 4];
	snprintf(b, sizeof(buf[0]), "%s/fixtures/fml4/example.com/var/mail/example.com/~ml/%s",
	    shared, ml);
	return b;
}

const char *
t_templates_dir(void)
{
	static char buf[PATH_MAX];
	const char *env = getenv("FML4TO8_TEMPLATES");
	const char *src = getenv("top_srcdir");

	if (env && *env)
		return env;
	snprintf(buf, sizeof(buf), "%s/templates", src ? src : ".");
	return buf;
}

static void
remove_tmpdir(void)
{
	char cmd[PATH_MAX + 32];

	if (tmpdir[0] && strncmp(tmpdir, "/tmp/", 5) == 0) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", tmpdir);
	}
}

const char *
t_tmpdir(void)
{
	if (tmpdir[0] == '\0') {
		snprintf(tmpdir, sizeof(tmpdir), "/tmp/f48-unit-XXXXXX");
		if (mkdtemp(tmpdir) == NULL) {
			perror("mkdtemp");
			exit(1);
		}
		atexit(remove_tmpdir);
	}
	return tmpdir;
}

static void
mkparents(char *path)
{
	char *p;

	for (p = path + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			if (mkdir(path, 0755) != 0 && errno != EEXIST)
				perror(path);
			*p = '/';
		}
	}
}

const char *
t_write_file(const char *name, const char *data, size_t len)
{
	static char buf[4][PATH_MAX + 64];
	static int k;
	char *b = buf[k++ % 4];
	FILE *fp;

	snprintf(b, sizeof(buf[0]), "%s/%s", t_tmpdir(), name);
	mkparents(b);
	fp = fopen(b, "wb");
	if (fp == NULL) {
		perror(b);
		exit(1);
	}
	if (len && fwrite(data, 1, len, fp) != len)
		perror(b);
	fclose(fp);
	return b;
}

const char *
t_write(const char *name, const char *text)
{
	return t_write_file(name, text, strlen(text));
}

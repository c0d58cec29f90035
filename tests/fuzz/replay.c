/*
 * replay.c - main() for a fuzz target built without libFuzzer: feeds every
 * file named on the command line (and every file of a directory named) to
 * LLVMFuzzerTestOneInput once.  `make check` runs it over tests/fuzz/corpus,
 * so each input that ever crashed a parser is a regression test.
 */
#include "fuzz.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int
run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL, *exact;
	size_t len = 0, cap = 0, r;

	if (f == NULL) {
		perror(path);
		return -1;
	}
	for (;;) {
		if (cap - len < 65536) {
			cap = cap ? 2 * cap : 65536;
			buf = realloc(buf, cap);
			if (buf == NULL)
				abort();
		}
		r = fread(buf + len, 1, cap - len, f);
		len += r;
		if (r == 0)
			break;
	}
	fclose(f);
	/* Exactly len bytes, as libFuzzer gives them: a read past the end is
	 * then an ASan error in the sanitizer build of make check. */
	exact = malloc(len ? len : 1);
	if (exact == NULL)
		abort();
	memcpy(exact, buf, len);
	free(buf);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	return 0;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	long n = 0;
	int i, bad = 0;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) < 0) {
			perror(argv[i]);
			bad = 1;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			DIR *d = opendir(argv[i]);
			struct dirent *de;
			char **names = NULL;
			size_t nn = 0, k;
			if (d == NULL) {
				perror(argv[i]);
				bad = 1;
				continue;
			}
			while ((de = readdir(d)) != NULL) {
				if (de->d_name[0] == '.')
					continue;
				names = realloc(names, (nn + 1) * sizeof(*names));
				if (names == NULL || (names[nn] = strdup(de->d_name)) == NULL)
					abort();
				nn++;
			}
			closedir(d);
			qsort(names, nn, sizeof(*names), cmp);
			for (k = 0; k < nn; k++) {
				char p[PATH_MAX];
				snprintf(p, sizeof(p), "%s/%s", argv[i], names[k]);
				if (run_file(p) < 0)
					bad = 1;
				else
					n++;
				free(names[k]);
			}
			free(names);
		} else if (run_file(argv[i]) < 0) {
			bad = 1;
		} else {
			n++;
		}
	}
	printf("%s: %ld inputs replayed\n", argv[0], n);
	return bad;
}

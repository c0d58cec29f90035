/* fuzz_passwd.c - fml4's etc/passwd (remote administration passwords). */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "fml4/fml4_passwd.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fz_path(0, fz_tmpdir(), "passwd");
	f48_passwd *pw = NULL;
	f48_findings fs;
	f48_error err;
	char *s;
	size_t i;

	fz_write(path, data, size);
	f48_findings_init(&fs);
	if (f48_passwd_read(path, &pw, &fs, &err) == F48_OK) {
		for (i = 0; i < pw->n; i++)
			if (strcmp(pw->entries[i].kind,
			    f48_passwd_hash_kind(pw->entries[i].hash)) != 0)
				abort();
		f48_passwd_free(pw);
	}
	s = malloc(size + 1);
	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	(void)f48_passwd_hash_kind(s);
	free(s);
	f48_findings_free(&fs);
	return 0;
}

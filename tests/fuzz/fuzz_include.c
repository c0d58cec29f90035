/* fuzz_include.c - include / include-ctl / .qmail command lines: the file
 * reader and the line parser. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "fml4/fml4_include.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fz_path(0, fz_tmpdir(), "include");
	f48_include *inc = NULL;
	f48_include_cmd cmd;
	f48_findings fs;
	f48_error err;

	fz_write(path, data, size);
	f48_findings_init(&fs);
	if (f48_include_read(path, &inc, &fs, &err) == F48_OK) {
		(void)f48_include_fml_cmd(inc);
		f48_include_free(inc);
	}
	memset(&cmd, 0, sizeof(cmd));
	if (f48_include_parse_line((const char *)data, size, 1, "include", &cmd, &fs))
		f48_include_cmd_clear(&cmd);
	f48_findings_free(&fs);
	return 0;
}

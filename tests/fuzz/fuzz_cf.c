/* fuzz_cf.c - fml4's per-list cf file (f48_cf_read), and the Perl after
 * LOCAL_CONFIG through perlph, as the read stage does. */
#include "fuzz.h"

#include <stdlib.h>

#include "fml4/fml4_cf.h"
#include "fml4/perlph.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fz_path(0, fz_tmpdir(), "cf");
	f48_cf *cf = NULL;
	f48_findings fs;
	f48_error err;
	size_t i;

	fz_write(path, data, size);
	f48_findings_init(&fs);
	if (f48_cf_read(path, &cf, &fs, &err) == F48_OK) {
		for (i = 0; i < cf->n; i++)
			(void)f48_cf_get(cf, cf->entries[i].key);
		if (cf->local_config) {
			f48_pprogram *p = NULL;
			if (f48_perl_parse(cf->local_config, cf->local_config_len,
			    path, &p, &fs) == F48_OK)
				f48_perl_program_free(p);
		}
		f48_cf_free(cf);
	}
	f48_findings_free(&fs);
	return 0;
}

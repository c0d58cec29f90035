/*
 * fuzz_maincf.c - Postfix main.cf (or postconf -n output): the parser,
 * $name / ${name?x} / $(name) expansion of every parameter (self and mutual
 * references must end), list splitting, map references, and the checks of
 * a virtual domain against it.
 */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "postfix/postfix_check.h"
#include "util/strbuf.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fz_path(0, fz_tmpdir(), "main.cf");
	f48_maincf *cf = NULL, *rd = NULL;
	f48_findings fs;
	f48_error err;
	size_t i, j;

	if (f48_maincf_parse((const char *)data, size, "main.cf", &cf) != F48_OK)
		return 0;
	f48_findings_init(&fs);
	for (i = 0; i < cf->n && i < 32; i++) {
		bool unknown = false;
		char *v = f48_maincf_expand(cf, cf->params[i].name, &unknown);
		char **items = NULL;
		size_t n = v ? f48_maincf_split(v, &items) : 0;
		(void)f48_maincf_find(cf, cf->params[i].name);
		(void)f48_maincf_value(cf, cf->params[i].name);
		for (j = 0; j < n; j++)
			(void)f48_maincf_map_path(items[j]);
		f48_maincf_items_free(items, n);
		free(v);
	}
	{
		f48_pf_check_opts o;
		long line = 0;
		memset(&o, 0, sizeof(o));
		o.realmx = "mx.example.jp";
		o.domain = "example.com";
		o.aliases_file = "/var/spool/ml/etc/aliases";
		o.virtual_file = "/var/spool/ml/etc/postfix/virtual";
		o.domain_declared = true;
		f48_pf_check_maincf(cf, &o, &fs);
		(void)f48_maincf_declares_domain(cf, "example.com", &line);
	}
	{
		f48_sb why;
		int rc = 0;
		f48_sb_init(&why);
		(void)f48_pf_decide_domain_line(cf, NULL, 0, NULL, "example.com",
		    &why, &rc, &err);
		f48_sb_free(&why);
	}
	f48_maincf_free(cf);
	fz_write(path, data, size);
	if (f48_maincf_read(path, &rd, &err) == F48_OK)
		f48_maincf_free(rd);
	f48_findings_free(&fs);
	return 0;
}

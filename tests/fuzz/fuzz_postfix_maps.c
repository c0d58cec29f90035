/*
 * fuzz_postfix_maps.c - Postfix aliases and virtual maps as fml4to8 reads
 * and edits them: --fix of a virtual map (and that fixing its own output
 * changes nothing), putting a list's blocks into a document, the domain
 * line, fml4's admin/owner aliases, and the stale-entry scans.
 */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "postfix/postfix_maps.h"
#include "util/strbuf.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fz_path(0, fz_tmpdir(), "map");
	const char *text = (const char *)data;
	f48_findings fs;
	f48_error err;
	f48_sb out, again, doc, block;
	char **domains = NULL;
	size_t nfixed = 0, nd = 0, i, nfixed2 = 0;
	bool changed;
	f48_pf_list l;
	char *admin = NULL, *owner = NULL, *key;
	long line;

	f48_findings_init(&fs);
	f48_sb_init(&out);
	f48_pf_fix_virtual(text, size, "virtual", "mx.example.jp", &out, &nfixed,
	    &domains, &nd, &fs);
	for (i = 0; i < nd; i++)
		free(domains[i]);
	free(domains);
	domains = NULL;
	nd = 0;
	f48_sb_init(&again);
	f48_pf_fix_virtual(out.data ? out.data : "", out.len, "virtual",
	    "mx.example.jp", &again, &nfixed2, &domains, &nd, &fs);
	if (nfixed2 != 0 || again.len != out.len ||
	    (out.len && memcmp(again.data, out.data, out.len) != 0))
		abort();   /* --fix is idempotent */
	for (i = 0; i < nd; i++)
		free(domains[i]);
	free(domains);

	(void)f48_pf_domain_line_state(text, size, "example.com");

	memset(&l, 0, sizeof(l));
	l.name = "test-ml";
	l.domain = "example.com";
	l.home = "/var/spool/ml/test-ml";
	l.fml4_dir = "/var/spool/ml/test-ml";
	l.admin = "fukachan@example.com";
	l.owner = "fukachan@example.com";
	f48_sb_init(&doc);
	f48_sb_init(&block);
	f48_sb_append(&doc, data, size);
	f48_pf_virtual_block(&block, l.name, l.domain, "mx.example.jp");
	key = f48_pf_block_key("VIRTUAL", l.name, l.domain);
	(void)f48_pf_put_block(&doc, "virtual", "VIRTUAL", key, block.data,
	    &changed, &fs, &err);
	free(key);
	f48_sb_reset(&block);
	f48_pf_aliases_block(&block, &l);
	key = f48_pf_block_key("ALIASES", l.name, l.domain);
	(void)f48_pf_put_block(&doc, "aliases", "ALIASES", key, block.data,
	    &changed, &fs, &err);
	free(key);
	f48_pf_set_domain_line(&doc, "example.com", false, "fuzz", &changed);
	f48_pf_set_domain_line(&doc, "example.com", false, "fuzz", &changed);
	if (changed)
		abort();   /* a second identical call changes nothing */

	fz_write(path, data, size);
	if (f48_pf_fml4_owner(path, "test-ml", &admin, &owner, &line, &err) > 0) {
		free(admin);
		free(owner);
	}
	(void)f48_pf_virtual_declares(path, "example.com", &line, &err);
	(void)f48_pf_scan_aliases(path, &l, 1, &fs, &err);
	(void)f48_pf_scan_virtual(path, &l, 1, "mx.example.jp", &fs, &err);

	f48_sb_free(&out);
	f48_sb_free(&again);
	f48_sb_free(&doc);
	f48_sb_free(&block);
	f48_findings_free(&fs);
	return 0;
}

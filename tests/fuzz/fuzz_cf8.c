/*
 * fuzz_cf8.c - fml8's config.cf: parse, byte-exact write (an unchanged
 * document must give back the input), insert before =cut, evaluation
 * (apply, expansion of every key with its loop and round limits, apply_line
 * of the input's own lines), and the file reader.
 */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "fml8/fml8_config.h"
#include "util/xalloc.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fz_path(0, fz_tmpdir(), "config.cf");
	f48_findings fs;
	f48_error err;
	f48_cf8 *cf, *rd = NULL;
	f48_cf8_env *env;
	f48_sb out;
	size_t i, n;

	f48_findings_init(&fs);
	cf = f48_cf8_parse((const char *)data, size, "config.cf", &fs);
	f48_sb_init(&out);
	f48_cf8_write(cf, &out);
	if (out.len != size || memcmp(out.data, data, size) != 0)
		abort();   /* the document model is byte-exact */

	env = f48_cf8_env_new();
	f48_cf8_env_set(env, "ml_name", "elena", "-o", 0);
	f48_cf8_env_apply(env, cf);
	n = f48_cf8_env_size(env);
	for (i = 0; i < n; i++) {
		const char *key = f48_cf8_env_key_at(env, i);
		char *why = NULL, *v = f48_cf8_env_expand(env, key, &why);
		(void)f48_cf8_env_raw(env, key, NULL, NULL);
		(void)f48_cf8_env_has_word(env, key, "x");
		free(v);
		free(why);
	}
	for (i = 0; i < cf->n && i < 64; i++)
		if (cf->lines[i].kind == F48_CF8_ASSIGN) {
			char *line = f48_xstrndup(cf->lines[i].raw, cf->lines[i].raw_len);
			(void)f48_cf8_env_apply_line(env, line);
			free(line);
		}
	f48_cf8_env_free(env);

	f48_cf8_insert_before_cut(cf,
	    "article_header_rewrite_rules += rewrite_article_subject_tag\n"
	    "article_subject_tag = [$ml_name:%05d]\n");
	f48_sb_reset(&out);
	f48_cf8_write(cf, &out);
	f48_cf8_free(cf);
	f48_sb_free(&out);

	fz_write(path, data, size);
	if (f48_cf8_read(path, &rd, &fs, &err) == F48_OK)
		f48_cf8_free(rd);
	f48_findings_free(&fs);
	return 0;
}

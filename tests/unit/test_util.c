/* test_util.c - the util tier: strbuf, strmap, pathutil, textenc, fileio,
 * findings, error. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "util/arena.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/findings.h"
#include "util/pathutil.h"
#include "util/strbuf.h"
#include "util/keyset.h"
#include "util/par.h"
#include "util/strmap.h"
#include "util/textenc.h"

#include "testutil.h"

static void
test_strbuf_printable(void)
{
	f48_sb sb;

	f48_sb_init(&sb);
	f48_sb_append_printable(&sb, "a\tb\\c\x01\xff", 7);
	CU_ASSERT_STRING_EQUAL(sb.data, "a\\tb\\\\c\\x01\\xFF");
	f48_sb_reset(&sb);
	/* valid UTF-8 is kept */
	f48_sb_append_printable(&sb, "\xe3\x81\x82", 3);
	CU_ASSERT_STRING_EQUAL(sb.data, "\xe3\x81\x82");
	f48_sb_reset(&sb);
	/* an overlong encoding is not valid UTF-8 */
	f48_sb_append_printable(&sb, "\xc0\xaf", 2);
	CU_ASSERT_STRING_EQUAL(sb.data, "\\xC0\\xAF");
	f48_sb_free(&sb);
}

static void
test_strmap_order_and_replace(void)
{
	f48_strmap *m = f48_strmap_new();
	char key[32];
	int i, vals[1000];

	for (i = 0; i < 1000; i++) {
		vals[i] = i;
		snprintf(key, sizeof(key), "K%d", i);
		CU_ASSERT_PTR_NULL(f48_strmap_put(m, key, &vals[i]));
	}
	CU_ASSERT_EQUAL(f48_strmap_size(m), 1000);
	CU_ASSERT_PTR_EQUAL(f48_strmap_get(m, "K777"), &vals[777]);
	CU_ASSERT_PTR_NULL(f48_strmap_get(m, "K1000"));
	/* replacing keeps the position and returns the old value */
	CU_ASSERT_PTR_EQUAL(f48_strmap_put(m, "K5", &vals[6]), &vals[5]);
	CU_ASSERT_STRING_EQUAL(f48_strmap_key_at(m, 5), "K5");
	CU_ASSERT_PTR_EQUAL(f48_strmap_value_at(m, 5), &vals[6]);
	f48_strmap_free(m, NULL);
}

static void
test_path_root_mapping(void)
{
	char *p;

	p = f48_path_on_host("/srv/copy", "/usr/local/fml/fml.pl");
	CU_ASSERT_STRING_EQUAL(p, "/srv/copy/usr/local/fml/fml.pl");
	free(p);
	p = f48_path_on_host(NULL, "/usr/local/fml//fml.pl");
	CU_ASSERT_STRING_EQUAL(p, "/usr/local/fml/fml.pl");
	free(p);
	p = f48_path_in_production("/srv/copy/", "/srv/copy/var/mail/x/~ml/a/");
	CU_ASSERT_STRING_EQUAL(p, "/var/mail/x/~ml/a");
	free(p);
	/* not under root: unchanged */
	p = f48_path_in_production("/srv/copy", "/srv/copy2/a");
	CU_ASSERT_STRING_EQUAL(p, "/srv/copy2/a");
	free(p);
	/* a relative root: against the working directory, whichever form the
	 * host path has */
	{
		char cwd[4096], abs[4200];

		CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(cwd, sizeof(cwd)));
		snprintf(abs, sizeof(abs), "%s/copy/var/mail/x/~ml/a", cwd);
		p = f48_path_in_production("copy", abs);
		CU_ASSERT_STRING_EQUAL(p, "/var/mail/x/~ml/a");
		free(p);
		p = f48_path_in_production("./copy/", "copy/var/mail/x/~ml/a");
		CU_ASSERT_STRING_EQUAL(p, "/var/mail/x/~ml/a");
		free(p);
	}
	p = f48_path_clean("a/./b//c/");
	CU_ASSERT_STRING_EQUAL(p, "a/b/c");
	free(p);
	p = f48_path_dirname("/var/mail/x/~ml/test-ml");
	CU_ASSERT_STRING_EQUAL(p, "/var/mail/x/~ml");
	free(p);
	p = f48_path_dirname("/a");
	CU_ASSERT_STRING_EQUAL(p, "/");
	free(p);
	p = f48_path_basename("/var/mail/x/~ml/test-ml/");
	CU_ASSERT_STRING_EQUAL(p, "test-ml");
	free(p);
}

static void
test_textenc_detect_and_convert(void)
{
	/* "日本" in EUC-JP, ISO-2022-JP and UTF-8 */
	const char euc[] = "\xc6\xfc\xcb\xdc";
	const char jis[] = "\x1b$B\x46\x7c\x4b\x5c\x1b(B";
	const char utf[] = "\xe6\x97\xa5\xe6\x9c\xac";
	f48_sb sb;

	CU_ASSERT_EQUAL(f48_enc_detect("plain", 5), F48_ENC_ASCII);
	CU_ASSERT_EQUAL(f48_enc_detect(euc, 4), F48_ENC_EUCJP);
	CU_ASSERT_EQUAL(f48_enc_detect(jis, sizeof(jis) - 1), F48_ENC_ISO2022JP);
	CU_ASSERT_EQUAL(f48_enc_detect(utf, 6), F48_ENC_UTF8);
	CU_ASSERT_EQUAL(f48_enc_detect("a\0b", 3), F48_ENC_BINARY);
	f48_sb_init(&sb);
	f48_enc_to_utf8(&sb, euc, 4, F48_ENC_EUCJP);
	CU_ASSERT_STRING_EQUAL(sb.data, utf);
	f48_sb_reset(&sb);
	f48_enc_to_utf8(&sb, jis, sizeof(jis) - 1, F48_ENC_ISO2022JP);
	CU_ASSERT_STRING_EQUAL(sb.data, utf);
	f48_sb_reset(&sb);
	/* an invalid byte in EUC-JP text is shown, the rest converted */
	f48_enc_to_utf8(&sb, "\xc6\xfc\xff", 3, F48_ENC_EUCJP);
	CU_ASSERT_STRING_EQUAL(sb.data, "\xe6\x97\xa5\\xFF");
	f48_sb_free(&sb);
}

static void
test_line_reader(void)
{
	const char *p = t_write_file("lr/a", "one\r\ntwo\n\nthree-is-long\nlast", 29);
	f48_lr *lr;
	f48_line ln;
	f48_error err;

	f48_error_clear(&err);
	CU_ASSERT_EQUAL_FATAL(f48_lr_open(&lr, p, 8, &err), F48_OK);
	CU_ASSERT_EQUAL(f48_lr_next(lr, &ln, &err), 1);
	CU_ASSERT_STRING_EQUAL(ln.text, "one");
	CU_ASSERT_TRUE(ln.had_cr);
	CU_ASSERT_EQUAL(ln.lineno, 1);
	CU_ASSERT_EQUAL(f48_lr_next(lr, &ln, &err), 1);
	CU_ASSERT_STRING_EQUAL(ln.text, "two");
	CU_ASSERT_FALSE(ln.had_cr);
	CU_ASSERT_EQUAL(f48_lr_next(lr, &ln, &err), 1);
	CU_ASSERT_EQUAL(ln.len, 0);
	CU_ASSERT_EQUAL(f48_lr_next(lr, &ln, &err), 1);
	CU_ASSERT_TRUE(ln.too_long);
	CU_ASSERT_STRING_EQUAL(ln.text, "three-is");
	CU_ASSERT_EQUAL(ln.lineno, 4);
	CU_ASSERT_EQUAL(f48_lr_next(lr, &ln, &err), 1);
	CU_ASSERT_STRING_EQUAL(ln.text, "last");
	CU_ASSERT_TRUE(ln.no_newline);
	CU_ASSERT_EQUAL(ln.lineno, 5);
	CU_ASSERT_EQUAL(f48_lr_next(lr, &ln, &err), 0);
	f48_lr_close(lr);
}

/* Lines cut by the reader's 64 KiB buffer: every line, its length, NUL,
 * CR and too-long flags as a byte-by-byte reading of the same file says. */
static void
test_line_reader_buffer_edges(void)
{
	enum { MAXL = 100, SIZE = 300000 };
	char *data = malloc(SIZE), *want = malloc(MAXL + 1);
	size_t i = 0, pos = 0;
	unsigned r = 12345;
	long lineno = 0;
	const char *p;
	f48_lr *lr;
	f48_line ln;
	f48_error err;

	while (i < SIZE) {     /* lines of 0..299 bytes, some with NUL or CR */
		size_t len, k;

		r = r * 1103515245u + 12345u;
		len = (r >> 8) % 300;
		for (k = 0; k < len && i < SIZE; k++) {
			r = r * 1103515245u + 12345u;
			data[i++] = (r >> 16) % 97 == 0 ? '\0' : (r >> 16) % 89 == 0 ? '\r' :
			    (char)('a' + (r >> 16) % 26);
		}
		if (i < SIZE)
			data[i++] = '\n';
	}
	p = t_write_file("lr/edges", data, SIZE);
	f48_error_clear(&err);
	CU_ASSERT_EQUAL_FATAL(f48_lr_open(&lr, p, MAXL, &err), F48_OK);
	while (pos < SIZE) {
		size_t n = 0, j = pos;
		bool nul = false, longl = false, cr = false;

		for (; j < SIZE && data[j] != '\n'; j++) {
			nul |= data[j] == '\0';
			if (n < MAXL)
				want[n++] = data[j];
			else
				longl = true;
		}
		if (n > 0 && want[n - 1] == '\r' && !longl) {
			n--;
			cr = true;
		}
		lineno++;
		CU_ASSERT_EQUAL_FATAL(f48_lr_next(lr, &ln, &err), 1);
		CU_ASSERT_EQUAL_FATAL(ln.len, n);
		CU_ASSERT_EQUAL(memcmp(ln.text, want, n), 0);
		CU_ASSERT_EQUAL(ln.text[n], '\0');
		CU_ASSERT_EQUAL(ln.has_nul, nul);
		CU_ASSERT_EQUAL(ln.too_long, longl);
		CU_ASSERT_EQUAL(ln.had_cr, cr);
		CU_ASSERT_EQUAL(ln.no_newline, j == SIZE);
		CU_ASSERT_EQUAL(ln.lineno, lineno);
		pos = j + 1;
	}
	CU_ASSERT_EQUAL(f48_lr_next(lr, &ln, &err), 0);
	f48_lr_close(lr);
	free(data);
	free(want);
}

static void
test_fileio_refuses_symlink_and_dir(void)
{
	const char *target = t_write("sym/target", "secret\n");
	char link[512], *buf;
	size_t len;
	f48_error err;

	snprintf(link, sizeof(link), "%s/sym/link", t_tmpdir());
	CU_ASSERT_EQUAL_FATAL(symlink(target, link), 0);
	f48_error_clear(&err);
	CU_ASSERT_EQUAL(f48_file_read(link, 1024, &buf, &len, &err), F48_EUNSAFE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "symbolic link"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, link));
	f48_error_clear(&err);
	CU_ASSERT_EQUAL(f48_file_read(t_tmpdir(), 1024, &buf, &len, &err), F48_EINPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "not a regular file"));
	f48_error_clear(&err);
	snprintf(link, sizeof(link), "%s/sym/none", t_tmpdir());
	CU_ASSERT_EQUAL(f48_file_read(link, 1024, &buf, &len, &err), F48_EINPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "No such file"));
	/* size limit */
	f48_error_clear(&err);
	CU_ASSERT_EQUAL(f48_file_read(target, 3, &buf, &len, &err), F48_EINPUT);
	CU_ASSERT_EQUAL(f48_file_read(target, 1024, &buf, &len, &err), F48_OK);
	CU_ASSERT_EQUAL(len, 7);
	free(buf);
}

static void
test_findings_and_error(void)
{
	f48_findings a, b;
	f48_error err;

	f48_findings_init(&a);
	f48_findings_init(&b);
	f48_findings_add(&a, F48_SEV_INFO, "X_ONE", "f", 3, NULL, "n=%d", 1);
	f48_findings_add(&b, F48_SEV_ERROR, "X_TWO", NULL, 0, "do this", "%s", "bad");
	f48_findings_move(&a, &b);
	CU_ASSERT_EQUAL(a.n, 2);
	CU_ASSERT_EQUAL(b.n, 0);
	CU_ASSERT_EQUAL(f48_findings_count(&a, F48_SEV_WARNING), 1);
	CU_ASSERT_EQUAL(f48_findings_count_code(&a, "X_ONE"), 1);
	CU_ASSERT_STRING_EQUAL(a.items[0].message, "n=1");
	CU_ASSERT_STRING_EQUAL(a.items[1].fix, "do this");
	f48_findings_free(&a);
	f48_findings_free(&b);
	CU_ASSERT_EQUAL(f48_error_set(&err, F48_EINPUT, "cf", 12, "bad %s", "key"), F48_EINPUT);
	CU_ASSERT_STRING_EQUAL(err.msg, "cf:12: bad key");
	CU_ASSERT_EQUAL(f48_error_set(NULL, F48_EIO, "x", 0, "ignored"), F48_EIO);
}

/* keyset: insert-if-absent with the first token; many keys through
 * several growths; exact lengths (a prefix is another key). */
static void
test_keyset(void)
{
	f48_keyset *k = f48_keyset_new();
	uint64_t tok = 0;
	char key[32];
	size_t i;

	CU_ASSERT_EQUAL(f48_keyset_add(k, "a@b", 3, 7, &tok), 1);
	CU_ASSERT_EQUAL(f48_keyset_add(k, "a@b", 3, 9, &tok), 0);
	CU_ASSERT_EQUAL(tok, 7);
	CU_ASSERT_EQUAL(f48_keyset_add(k, "a@", 2, 1, NULL), 1);
	CU_ASSERT_EQUAL(f48_keyset_add(k, "", 0, 2, NULL), 1);
	CU_ASSERT_EQUAL(f48_keyset_add(k, "", 0, 3, &tok), 0);
	CU_ASSERT_EQUAL(tok, 2);
	for (i = 0; i < 200000; i++) {
		int n = snprintf(key, sizeof(key), "user%zu@example.org", i);

		CU_ASSERT_EQUAL(f48_keyset_add(k, key, (size_t)n, i, NULL), 1);
	}
	for (i = 0; i < 200000; i += 997) {
		int n = snprintf(key, sizeof(key), "user%zu@example.org", i);

		CU_ASSERT_EQUAL(f48_keyset_add(k, key, (size_t)n, 0, &tok), 0);
		CU_ASSERT_EQUAL(tok, i);
	}
	CU_ASSERT_EQUAL(f48_keyset_size(k), 200003);
	/* 16 bytes a key, at most 4/3 of them empty, whatever the key length */
	CU_ASSERT_TRUE(f48_keyset_bytes(k) <= (size_t)200003 * 16 * 2);
	f48_keyset_free(k);
	/* reserved in one step: the keys stay, no growth until the count */
	k = f48_keyset_new();
	CU_ASSERT_EQUAL(f48_keyset_add(k, "x", 1, 5, NULL), 1);
	f48_keyset_reserve(k, 100000);
	CU_ASSERT_EQUAL(f48_keyset_add(k, "x", 1, 6, &tok), 0);
	CU_ASSERT_EQUAL(tok, 5);
	i = f48_keyset_bytes(k);
	CU_ASSERT_TRUE(i >= (size_t)100000 * 16 && i <= (size_t)100000 * 16 * 3 / 2);
	for (tok = 0; tok < 99999; tok++) {
		int n = snprintf(key, sizeof(key), "r%llu", (unsigned long long)tok);

		CU_ASSERT_EQUAL(f48_keyset_add(k, key, (size_t)n, tok, NULL), 1);
	}
	CU_ASSERT_EQUAL(f48_keyset_bytes(k), i);
	f48_keyset_free(k);
}

/* par: every job once, results in order, each released on the thread that
 * made it, never more than 2 * workers results waiting for done. */
typedef struct par_job {
	size_t i;
	pthread_t made_on;
} par_job;

typedef struct par_t {
	pthread_mutex_t mu;
	size_t made, done_n, released, waiting, max_waiting, bad_order, bad_thread;
	unsigned char *seen;
} par_t;

static void *
par_work(void *ctx, size_t i)
{
	par_t *t = ctx;
	par_job *j = malloc(sizeof(*j));
	struct timespec ts = { 0, (long)(i * 7919 % 50) * 1000 };

	nanosleep(&ts, NULL);     /* jobs finish out of order */
	j->i = i;
	j->made_on = pthread_self();
	pthread_mutex_lock(&t->mu);
	t->made++;
	t->seen[i]++;
	if (++t->waiting > t->max_waiting)
		t->max_waiting = t->waiting;
	pthread_mutex_unlock(&t->mu);
	return j;
}

static void
par_done(void *ctx, size_t i, void *res)
{
	par_t *t = ctx;
	par_job *j = res;

	pthread_mutex_lock(&t->mu);
	if (j->i != i || i != t->done_n)
		t->bad_order++;
	t->done_n++;
	t->waiting--;
	pthread_mutex_unlock(&t->mu);
}

static void
par_release(void *ctx, void *res)
{
	par_t *t = ctx;
	par_job *j = res;

	pthread_mutex_lock(&t->mu);
	if (!pthread_equal(j->made_on, pthread_self()))
		t->bad_thread++;
	t->released++;
	pthread_mutex_unlock(&t->mu);
	free(j);
}

static void
test_par(void)
{
	static const unsigned workers[] = { 0, 1, 2, 3, 8 };
	static const size_t ns[] = { 0, 1, 2, 5, 1000 };
	size_t a, b, i;

	for (a = 0; a < sizeof(workers) / sizeof(workers[0]); a++)
		for (b = 0; b < sizeof(ns) / sizeof(ns[0]); b++) {
			par_t t;
			size_t once = 0;

			memset(&t, 0, sizeof(t));
			pthread_mutex_init(&t.mu, NULL);
			t.seen = calloc(ns[b] + 1, 1);
			f48_par_run(ns[b], workers[a], par_work, par_done, par_release, &t);
			for (i = 0; i < ns[b]; i++)
				once += t.seen[i] == 1;
			CU_ASSERT_EQUAL(once, ns[b]);
			CU_ASSERT_EQUAL(t.made, ns[b]);
			CU_ASSERT_EQUAL(t.done_n, ns[b]);
			CU_ASSERT_EQUAL(t.released, ns[b]);
			CU_ASSERT_EQUAL(t.bad_order, 0);
			CU_ASSERT_EQUAL(t.bad_thread, 0);
			CU_ASSERT(t.max_waiting <= 2 * (workers[a] > 1 ? workers[a] : 1));
			free(t.seen);
			pthread_mutex_destroy(&t.mu);
		}
}

/* arena: aligned pieces that keep their bytes, big ones in blocks of their
 * own, grow copies, all freed at once (ASan checks the bounds). */
static void
test_arena(void)
{
	f48_arena *a = f48_arena_new();
	char *p[2000];
	size_t i;
	char *big, *g;

	for (i = 0; i < 2000; i++) {
		p[i] = f48_arena_alloc(a, i % 97 + 1);
		CU_ASSERT_EQUAL((uintptr_t)p[i] % 16, 0);
		memset(p[i], (int)(i & 0xff), i % 97 + 1);
	}
	big = f48_arena_zalloc(a, 3u << 20);
	CU_ASSERT_EQUAL(big[(3u << 20) - 1], 0);
	for (i = 0; i < 2000; i++)
		CU_ASSERT_EQUAL((unsigned char)p[i][i % 97], (unsigned char)(i & 0xff));
	g = f48_arena_strndup(a, "abcdef", 3);
	CU_ASSERT_STRING_EQUAL(g, "abc");
	g = f48_arena_grow(a, g, 4, 64);
	CU_ASSERT_STRING_EQUAL(g, "abc");
	CU_ASSERT(f48_arena_bytes(a) >= (3u << 20) + 2000);
	f48_arena_free(a);
	f48_arena_free(NULL);
}

void
register_util_tests(void)
{
	CU_pSuite s = CU_add_suite("util", NULL, NULL);

	CU_add_test(s, "strbuf printable", test_strbuf_printable);
	CU_add_test(s, "strmap order and replace", test_strmap_order_and_replace);
	CU_add_test(s, "path root mapping", test_path_root_mapping);
	CU_add_test(s, "textenc detect and convert", test_textenc_detect_and_convert);
	CU_add_test(s, "line reader", test_line_reader);
	CU_add_test(s, "arena: pieces, big pieces, grow", test_arena);
	CU_add_test(s, "par: jobs on threads, results in order", test_par);
	CU_add_test(s, "line reader: lines across its buffer", test_line_reader_buffer_edges);
	CU_add_test(s, "fileio refuses symlink and dir", test_fileio_refuses_symlink_and_dir);
	CU_add_test(s, "findings and error", test_findings_and_error);
	CU_add_test(s, "keyset", test_keyset);
}

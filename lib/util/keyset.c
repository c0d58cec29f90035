/* keyset.c - see keyset.h.  Open addressing with linear probing; the table
 * grows by half at 3/4 load (not doubling: the old and the new table exist
 * together while it grows, and that peak is what a budget must allow); the
 * home slot is the high half of h1 scaled to the table size.  A slot is
 * {h1, h2:24 | token:40}; h1 == 0 marks an empty slot (h1 is never 0). */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/keyset.h"
#include "util/xalloc.h"

typedef struct slot {
	uint64_t h1;
	uint64_t rest;      /* h2 (24 bits) << 40 | token */
} slot;

struct f48_keyset {
	slot *t;
	size_t cap, n;
	uint64_t seed;
};

static uint64_t
mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static uint64_t
rd64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

/* Two independent 64-bit hashes of the key in one pass. */
static void
hash2(const void *key, size_t len, uint64_t seed, uint64_t *a, uint64_t *b)
{
	const unsigned char *p = key;
	uint64_t h = seed ^ (len * 0x9e3779b97f4a7c15ULL), g = ~seed + len, k;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		k = rd64(p + i);
		h = (h ^ mix(k)) * 0x87c37b91114253d5ULL;
		h = (h << 27) | (h >> 37);
		g = (g ^ (k * 0x4cf5ad432745937fULL)) + 0x52dce729;
		g = (g << 31) | (g >> 33);
		g *= 0x9e3779b97f4a7c15ULL;
	}
	k = 0;
	if (i < len)
		memcpy(&k, p + i, len - i);
	h = mix(h ^ mix(k ^ 0x2545f4914f6cdd1dULL));
	g = mix(g ^ (k * 0x4cf5ad432745937fULL) ^ 0x27d4eb2f165667c5ULL);
	*a = h ? h : 1;
	*b = g;
}

f48_keyset *
f48_keyset_new(void)
{
	f48_keyset *s = f48_xcalloc(1, sizeof(*s));
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	s->seed = mix((uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^
	    ((uint64_t)getpid() << 40) ^ (uint64_t)(uintptr_t)s);
	s->cap = 64;
	s->t = f48_xcalloc(s->cap, sizeof(*s->t));
	return s;
}

static size_t
home(uint64_t h1, size_t cap)
{
	return (size_t)(((h1 >> 32) * (uint64_t)cap) >> 32);
}

static void
rehash(f48_keyset *s, size_t newcap)
{
	slot *old = s->t;
	size_t oldcap = s->cap, i, j;

	s->cap = newcap;
	s->t = f48_xcalloc(s->cap, sizeof(*s->t));
	for (i = 0; i < oldcap; i++) {
		if (old[i].h1 == 0)
			continue;
		for (j = home(old[i].h1, s->cap); s->t[j].h1 != 0; j = j + 1 == s->cap ? 0 : j + 1)
			;
		s->t[j] = old[i];
	}
	free(old);
}

static void
grow(f48_keyset *s)
{
	rehash(s, s->cap + s->cap / 2);
}

void
f48_keyset_reserve(f48_keyset *s, size_t n)
{
	if (n > F48_KEYSET_MAX)
		n = F48_KEYSET_MAX;
	if (n < s->n || n * 4 <= s->cap * 3)
		return;
	rehash(s, n / 3 * 4 + 64);
}

int
f48_keyset_add(f48_keyset *s, const void *key, size_t len, uint64_t tok, uint64_t *token)
{
	uint64_t h1, h2, tag;
	size_t j;

	hash2(key, len, s->seed, &h1, &h2);
	tag = (h2 >> 40) << 40;
	for (j = home(h1, s->cap); s->t[j].h1 != 0; j = j + 1 == s->cap ? 0 : j + 1)
		if (s->t[j].h1 == h1 && (s->t[j].rest >> 40) << 40 == tag) {
			if (token)
				*token = s->t[j].rest & F48_KEYSET_TOKEN_MAX;
			return 0;
		}
	if (s->n >= F48_KEYSET_MAX)
		return -1;
	s->t[j].h1 = h1;
	s->t[j].rest = tag | (tok & F48_KEYSET_TOKEN_MAX);
	if (++s->n * 4 > s->cap * 3)
		grow(s);
	return 1;
}

size_t
f48_keyset_size(const f48_keyset *s)
{
	return s->n;
}

size_t
f48_keyset_bytes(const f48_keyset *s)
{
	return s->cap * sizeof(slot);
}

void
f48_keyset_free(f48_keyset *s)
{
	if (s == NULL)
		return;
	free(s->t);
	free(s);
}

/* strmap.c - see strmap.h.  Open addressing over an index into an
 * insertion-ordered entry array. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/strmap.h"
#include "util/xalloc.h"

struct entry {
	char *key;
	void *value;
	uint32_t hash;
	bool borrowed;      /* key is the caller's (f48_strmap_put_borrowed) */
};

struct f48_strmap {
	struct entry *entries;
	size_t n, cap;
	size_t *slots;          /* index + 1 into entries; 0 = empty */
	size_t nslots;          /* power of two */
};

/* Eight bytes at a time (strlen is vectorised; the keys are names and
 * paths), then a full mix: every byte affects every bit of the result. */
static uint32_t
hash_str(const char *s)
{
	size_t n = strlen(s), i = 0;
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 29;
	}
	w = 0;
	memcpy(&w, s + i, n - i);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 32;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (uint32_t)h;
}

f48_strmap *
f48_strmap_new(void)
{
	return f48_strmap_new_sized(0);
}

f48_strmap *
f48_strmap_new_sized(size_t n)
{
	f48_strmap *m = f48_xcalloc(1, sizeof(*m));

	m->nslots = 64;
	while (m->nslots < 2 * n && m->nslots < ((size_t)1 << 30))
		m->nslots *= 2;
	m->slots = f48_xcalloc(m->nslots, sizeof(*m->slots));
	if (n > 0) {
		m->cap = n;
		m->entries = f48_xcalloc(n, sizeof(*m->entries));
	}
	return m;
}

void
f48_strmap_free(f48_strmap *m, void (*free_value)(void *))
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->n; i++) {
		if (!m->entries[i].borrowed)
			free(m->entries[i].key);
		if (free_value)
			free_value(m->entries[i].value);
	}
	free(m->entries);
	free(m->slots);
	free(m);
}

static size_t *
find_slot(const f48_strmap *m, const char *key, uint32_t h)
{
	size_t mask = m->nslots - 1, i = h & mask;

	for (;;) {
		size_t *s = &m->slots[i];

		if (*s == 0)
			return s;
		if (m->entries[*s - 1].hash == h && strcmp(m->entries[*s - 1].key, key) == 0)
			return s;
		i = (i + 1) & mask;
	}
}

void *
f48_strmap_get(const f48_strmap *m, const char *key)
{
	size_t *s = find_slot(m, key, hash_str(key));

	return *s ? m->entries[*s - 1].value : NULL;
}

static void
rehash(f48_strmap *m)
{
	size_t i;

	free(m->slots);
	m->nslots *= 2;
	m->slots = f48_xcalloc(m->nslots, sizeof(*m->slots));
	for (i = 0; i < m->n; i++)
		*find_slot(m, m->entries[i].key, m->entries[i].hash) = i + 1;
}

static void *
put(f48_strmap *m, const char *key, void *value, bool borrow)
{
	uint32_t h = hash_str(key);
	size_t *s = find_slot(m, key, h);
	void *old;

	if (*s) {
		old = m->entries[*s - 1].value;
		m->entries[*s - 1].value = value;
		return old;
	}
	m->entries = f48_xgrow(m->entries, &m->cap, m->n + 1, sizeof(*m->entries));
	m->entries[m->n].key = borrow ? (char *)key : f48_xstrdup(key);
	m->entries[m->n].borrowed = borrow;
	m->entries[m->n].value = value;
	m->entries[m->n].hash = h;
	m->n++;
	*s = m->n;
	if (m->n * 2 > m->nslots)
		rehash(m);
	return NULL;
}

void *
f48_strmap_put(f48_strmap *m, const char *key, void *value)
{
	return put(m, key, value, false);
}

void *
f48_strmap_put_borrowed(f48_strmap *m, const char *key, void *value)
{
	return put(m, key, value, true);
}

size_t
f48_strmap_size(const f48_strmap *m)
{
	return m->n;
}

const char *
f48_strmap_key_at(const f48_strmap *m, size_t i)
{
	return i < m->n ? m->entries[i].key : NULL;
}

void *
f48_strmap_value_at(const f48_strmap *m, size_t i)
{
	return i < m->n ? m->entries[i].value : NULL;
}

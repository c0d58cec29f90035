/* arena.c - see arena.h.  A list of blocks; a block of 16 KiB first,
 * doubling to 1 MiB; a request larger than a quarter of the next block
 * gets a block of its own (placed behind the current one, so the current
 * one keeps serving small pieces). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/xalloc.h"

#define ALIGN 16u
#define FIRST_BLOCK ((size_t)16 << 10)
#define MAX_BLOCK ((size_t)1 << 20)

typedef struct block {
	struct block *next;
	size_t size, used;
	/* the pieces follow, from an aligned offset */
} block;

struct f48_arena {
	block *cur;           /* the block small pieces come from */
	size_t next_size;     /* size of the next block */
	size_t bytes;
};

static size_t
header(void)
{
	return (sizeof(block) + ALIGN - 1) & ~(size_t)(ALIGN - 1);
}

f48_arena *
f48_arena_new(void)
{
	f48_arena *a = f48_xcalloc(1, sizeof(*a));

	a->next_size = FIRST_BLOCK;
	return a;
}

static block *
new_block(f48_arena *a, size_t size)
{
	block *b;

	if (size > SIZE_MAX - header())
		return f48_xmalloc(SIZE_MAX);     /* aborts: no such size */
	b = f48_xmalloc(header() + size);
	b->size = size;
	b->used = 0;
	a->bytes += header() + size;
	return b;
}

void *
f48_arena_alloc(f48_arena *a, size_t n)
{
	block *b = a->cur;
	size_t need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);

	if (need < n)
		return f48_xmalloc(SIZE_MAX);     /* overflow: aborts */
	if (need == 0)
		need = ALIGN;
	if (b == NULL || b->size - b->used < need) {
		if (need > a->next_size / 4) {
			/* its own block, behind the current one */
			block *own = new_block(a, need);

			own->used = need;
			if (b) {
				own->next = b->next;
				b->next = own;
			} else {
				own->next = NULL;
				a->cur = own;
			}
			return (char *)own + header();
		}
		b = new_block(a, a->next_size);
		b->next = a->cur;
		a->cur = b;
		if (a->next_size < MAX_BLOCK)
			a->next_size *= 2;
	}
	b->used += need;
	return (char *)b + header() + b->used - need;
}

void *
f48_arena_zalloc(f48_arena *a, size_t n)
{
	void *p = f48_arena_alloc(a, n);

	memset(p, 0, n);
	return p;
}

char *
f48_arena_strndup(f48_arena *a, const char *s, size_t n)
{
	char *p = f48_arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void *
f48_arena_grow(f48_arena *a, void *p, size_t old, size_t n)
{
	void *q = f48_arena_alloc(a, n);

	if (p != NULL && old > 0)
		memcpy(q, p, old < n ? old : n);
	return q;
}

size_t
f48_arena_bytes(const f48_arena *a)
{
	return a->bytes;
}

void
f48_arena_free(f48_arena *a)
{
	block *b, *next;

	if (a == NULL)
		return;
	for (b = a->cur; b; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

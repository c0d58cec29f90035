/*
 * arena.h - memory handed out in pieces and given back all at once.
 *
 * For objects that live exactly as long as their owner (a list's settings
 * live as long as its config): one pointer bump per allocation, nothing per
 * free, one free of a few blocks at the end.  Pieces are 16-byte aligned
 * and never move; f48_arena_grow copies into a new piece and leaves the
 * old one unused until the arena is freed, so it suits values that grow
 * geometrically (the waste is at most the final size).  Whatever the
 * caller keeps in an arena must be bounded by its own budget: an arena
 * never returns memory early.  Allocation failure aborts (xalloc.h).
 */
#ifndef F48_ARENA_H
#define F48_ARENA_H

#include <stddef.h>

typedef struct f48_arena f48_arena;

f48_arena *f48_arena_new(void);
void *f48_arena_alloc(f48_arena *a, size_t n);    /* contents undefined */
void *f48_arena_zalloc(f48_arena *a, size_t n);   /* zeroed */
char *f48_arena_strndup(f48_arena *a, const char *s, size_t n);   /* NUL-terminated */
/* A piece of `n` bytes holding the first `old` bytes of p (p may be NULL). */
void *f48_arena_grow(f48_arena *a, void *p, size_t old, size_t n);
size_t f48_arena_bytes(const f48_arena *a);       /* held in blocks */
void f48_arena_free(f48_arena *a);

#endif

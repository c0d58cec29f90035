/*
 * strmap.h - a map from C strings to pointers that keeps insertion order.
 *
 * Contract: keys are copied and owned by the map (or borrowed: see
 * f48_strmap_put_borrowed); values are the caller's
 * pointers, freed by the map only through the function given to
 * f48_strmap_free (which may be NULL).  Putting an existing key replaces its
 * value in place (its position in the order does not change) and returns the
 * old value to the caller.  Cannot fail (allocation failure aborts).
 */
#ifndef F48_STRMAP_H
#define F48_STRMAP_H

#include <stddef.h>

typedef struct f48_strmap f48_strmap;

f48_strmap *f48_strmap_new(void);
/* The same, with room for about n keys before it grows. */
f48_strmap *f48_strmap_new_sized(size_t n);
void f48_strmap_free(f48_strmap *m, void (*free_value)(void *));
void *f48_strmap_get(const f48_strmap *m, const char *key);
void *f48_strmap_put(f48_strmap *m, const char *key, void *value);
/* The same, keeping the caller's key itself, not a copy: it must outlive the
 * map (a setting's own name, another map's key). */
void *f48_strmap_put_borrowed(f48_strmap *m, const char *key, void *value);
size_t f48_strmap_size(const f48_strmap *m);
const char *f48_strmap_key_at(const f48_strmap *m, size_t i);
void *f48_strmap_value_at(const f48_strmap *m, size_t i);

#endif

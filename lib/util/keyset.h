/*
 * keyset.h - a set of byte strings that does not keep the strings: each key
 * is stored as 16 bytes (an 88-bit hash of it and a 40-bit token the caller
 * gives, e.g. where the key was first seen), so that a set of a million
 * addresses takes under 24 MiB, whatever their length.
 *
 * Contract: f48_keyset_add inserts a key if it is absent (one lookup) and
 * says whether it was; when present, *token gets the token stored with it.
 * Two different keys are taken for one only if 88 bits of two independent
 * 64-bit hashes agree: for a million keys the chance is below 10^-14, far
 * under the rate of undetected disk errors.  The hash is seeded per set, so
 * that crafted input cannot make every key land in the same probe chain.
 * Memory: at most F48_KEYSET_MAX keys; f48_keyset_add returns -1 (and adds
 * nothing) beyond that, so a caller can report the limit instead of running
 * out of memory.  The set owns its memory; f48_keyset_free releases it.
 * No fml knowledge here.
 */
#ifndef F48_KEYSET_H
#define F48_KEYSET_H

#include <stddef.h>
#include <stdint.h>

#define F48_KEYSET_MAX ((size_t)3 << 20)   /* 3 Mi keys: about 64 MiB of slots */
#define F48_KEYSET_TOKEN_MAX (((uint64_t)1 << 40) - 1)

typedef struct f48_keyset f48_keyset;

f48_keyset *f48_keyset_new(void);
/* 1: added; 0: already present (*token = the first one's token, if token
 * is not NULL); -1: the set is full (F48_KEYSET_MAX).  tok must be at most
 * F48_KEYSET_TOKEN_MAX. */
int f48_keyset_add(f48_keyset *s, const void *key, size_t len, uint64_t tok, uint64_t *token);
/* Make room for n keys in all (at most F48_KEYSET_MAX) in one step: a caller
 * that can foresee the count avoids the growth steps, during which the old
 * and the new table exist together. */
void f48_keyset_reserve(f48_keyset *s, size_t n);
size_t f48_keyset_size(const f48_keyset *s);
/* Bytes the set holds (for the benchmark and the budget). */
size_t f48_keyset_bytes(const f48_keyset *s);
void f48_keyset_free(f48_keyset *s);

#endif

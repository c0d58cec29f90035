/*
 * sha256.h - SHA-256 (FIPS 180-4) of a buffer, as 64 lower-case hex digits.
 * Used to record what a saved original holds, so that a byte the list owner
 * changed in a backup is noticed before it is restored.  Cannot fail.
 */
#ifndef F48_SHA256_H
#define F48_SHA256_H

#include <stddef.h>

#define F48_SHA256_HEX 65    /* 64 digits and a NUL */

void f48_sha256_hex(const void *data, size_t len, char out[F48_SHA256_HEX]);

#endif

/*
 * sha256.h - SHA-256 (FIPS 180-4) of a buffer, as 64 lower-case hex digits.
 * Used to record what a saved original holds, so that a byte the list owner
 * changed in a backup is noticed before it is restored, and what a list file
 * written from a spooled copy must hold.  Cannot fail.  The incremental form
 * (init, update as often as needed, final) hashes a file read in pieces.
 */
#ifndef F48_SHA256_H
#define F48_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define F48_SHA256_HEX 65    /* 64 digits and a NUL */

typedef struct f48_sha256 {
	uint32_t h[8];
	uint64_t total;
	unsigned char buf[64];
	size_t nbuf;
} f48_sha256;

void f48_sha256_init(f48_sha256 *c);
void f48_sha256_update(f48_sha256 *c, const void *data, size_t len);
void f48_sha256_final(f48_sha256 *c, char out[F48_SHA256_HEX]);
void f48_sha256_hex(const void *data, size_t len, char out[F48_SHA256_HEX]);

#endif

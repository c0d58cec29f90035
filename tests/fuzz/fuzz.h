/*
 * fuzz.h - what the libFuzzer targets in tests/fuzz share.
 *
 * Each target defines LLVMFuzzerTestOneInput (and may define
 * LLVMFuzzerInitialize).  The same source is linked either with libFuzzer
 * (`make fuzz`, clang -fsanitize=fuzzer) or with replay.c, a plain main()
 * that feeds files to it (`make check` replays tests/fuzz/corpus, so every
 * input that once crashed stays a regression test under gcc and ASan alike).
 *
 * Readers that take a path get the input through a file in one private
 * temporary directory per process (fz_tmpdir), rewritten for every input.
 * The harness may keep state across inputs; the library may not, and that is
 * what the targets exercise.  A failed harness step (no temp dir, no
 * templates) aborts: it is not a finding about the library.
 */
#ifndef F48_FUZZ_H
#define F48_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A private directory, created on first use, removed at exit. */
const char *fz_tmpdir(void);
/* dir/name as a path in a static buffer that lives until the next call with
 * the same slot (0..3). */
const char *fz_path(int slot, const char *dir, const char *name);
/* Write len bytes to path (created or truncated, mode 0644); aborts on error. */
void fz_write(const char *path, const void *data, size_t len);
/* mkdir -p of one level (ok when it exists); aborts on error. */
void fz_mkdir(const char *path);
/* The templates/ directory: $FML4TO8_TEMPLATES, else the one built in. */
const char *fz_templates(void);
/* Split data at the first occurrence of `marker`: *len1 bytes before it;
 * *rest / *len2 after it (NULL / 0 when there is no marker). */
void fz_split(const uint8_t *data, size_t size, const char *marker,
    size_t *len1, const uint8_t **rest, size_t *len2);

#endif

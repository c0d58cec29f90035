/*
 * textenc.h - guessing the encoding of Japanese text and showing it as UTF-8.
 *
 * fml4 files are ASCII, EUC-JP or ISO-2022-JP (JIS), sometimes UTF-8 and
 * sometimes with CRLF.  The library keeps the original bytes everywhere it
 * copies; it converts (with libc iconv) only for display: text reports and
 * XML, which must be UTF-8.  Conversion never fails: bytes that are invalid
 * in the named encoding are shown as \xNN.
 */
#ifndef F48_TEXTENC_H
#define F48_TEXTENC_H

#include <stddef.h>

#include "util/strbuf.h"

typedef enum f48_encoding {
	F48_ENC_ASCII = 0,
	F48_ENC_UTF8,
	F48_ENC_EUCJP,
	F48_ENC_ISO2022JP,
	F48_ENC_UNKNOWN,   /* 8-bit text valid in none of the above */
	F48_ENC_BINARY     /* NUL bytes or many control characters */
} f48_encoding;

f48_encoding f48_enc_detect(const char *buf, size_t len);
const char *f48_enc_name(f48_encoding enc);    /* "ascii", "euc-jp", ... */
/* Append buf, converted from enc to UTF-8, to out.  Control characters are
 * kept as they are; see f48_sb_append_printable for one-line display. */
void f48_enc_to_utf8(f48_sb *out, const char *buf, size_t len, f48_encoding enc);
/* Convenience: a newly allocated printable one-line UTF-8 rendering. */
char *f48_enc_printable(const char *buf, size_t len, f48_encoding enc);

#endif

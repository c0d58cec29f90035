/* textenc.c - see textenc.h. */
#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <string.h>

#include "util/textenc.h"

static bool
valid_utf8(const unsigned char *p, size_t n)
{
	size_t i = 0, k, need;

	while (i < n) {
		unsigned char c = p[i];

		need = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 :
		    c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
		if (need == 0 || i + need > n)
			return false;
		for (k = 1; k < need; k++)
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
		i += need;
	}
	return true;
}

static bool
valid_eucjp(const unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = p[i];

		if (c < 0x80) {
			i++;
		} else if (c == 0x8e) {           /* half-width katakana */
			if (i + 1 >= n || p[i + 1] < 0xa1 || p[i + 1] > 0xdf)
				return false;
			i += 2;
		} else if (c == 0x8f) {           /* JIS X 0212 */
			if (i + 2 >= n || p[i + 1] < 0xa1 || p[i + 2] < 0xa1 ||
			    p[i + 1] == 0xff || p[i + 2] == 0xff)
				return false;
			i += 3;
		} else if (c >= 0xa1 && c <= 0xfe) {
			if (i + 1 >= n || p[i + 1] < 0xa1 || p[i + 1] > 0xfe)
				return false;
			i += 2;
		} else
			return false;
	}
	return true;
}

f48_encoding
f48_enc_detect(const char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *)buf;
	size_t i, ctl = 0;
	bool high = false, esc_jis = false;

	for (i = 0; i < len; i++) {
		if (p[i] == 0)
			return F48_ENC_BINARY;
		if (p[i] >= 0x80)
			high = true;
		else if (p[i] == 0x1b) {
			if (i + 2 < len && ((p[i + 1] == '$' && (p[i + 2] == 'B' || p[i + 2] == '@')) ||
			    (p[i + 1] == '(' && (p[i + 2] == 'B' || p[i + 2] == 'J' || p[i + 2] == 'I'))))
				esc_jis = true;
		} else if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r' &&
		    p[i] != '\f')
			ctl++;
	}
	if (len > 0 && ctl * 20 > len)
		return F48_ENC_BINARY;
	if (!high)
		return esc_jis ? F48_ENC_ISO2022JP : F48_ENC_ASCII;
	if (valid_utf8(p, len))
		return F48_ENC_UTF8;
	if (valid_eucjp(p, len))
		return F48_ENC_EUCJP;
	return F48_ENC_UNKNOWN;
}

const char *
f48_enc_name(f48_encoding enc)
{
	switch (enc) {
	case F48_ENC_ASCII:
		return "ascii";
	case F48_ENC_UTF8:
		return "utf-8";
	case F48_ENC_EUCJP:
		return "euc-jp";
	case F48_ENC_ISO2022JP:
		return "iso-2022-jp";
	case F48_ENC_UNKNOWN:
		return "unknown-8bit";
	case F48_ENC_BINARY:
		return "binary";
	}
	return "unknown";
}

static void
append_escaped_byte(f48_sb *out, unsigned char c)
{
	f48_sb_printf(out, "\\x%02X", c);
}

void
f48_enc_to_utf8(f48_sb *out, const char *buf, size_t len, f48_encoding enc)
{
	const char *from;
	iconv_t cd;
	char *in = (char *)buf;
	size_t inleft = len;
	char tmp[4096];

	if (enc == F48_ENC_ASCII || enc == F48_ENC_UTF8) {
		f48_sb_append(out, buf, len);
		return;
	}
	from = enc == F48_ENC_EUCJP ? "EUC-JP" : enc == F48_ENC_ISO2022JP ? "ISO-2022-JP" : NULL;
	cd = from ? iconv_open("UTF-8", from) : (iconv_t)-1;
	if (cd == (iconv_t)-1) {
		size_t i;

		for (i = 0; i < len; i++) {
			unsigned char c = (unsigned char)buf[i];

			if (c >= 0x80)
				append_escaped_byte(out, c);
			else
				f48_sb_putc(out, (char)c);
		}
		return;
	}
	while (inleft > 0) {
		char *o = tmp;
		size_t oleft = sizeof(tmp);
		size_t r = iconv(cd, &in, &inleft, &o, &oleft);

		f48_sb_append(out, tmp, sizeof(tmp) - oleft);
		if (r == (size_t)-1) {
			if (errno == E2BIG)
				continue;
			/* EILSEQ or EINVAL: show one byte and go on. */
			append_escaped_byte(out, (unsigned char)*in);
			in++;
			inleft--;
			iconv(cd, NULL, NULL, NULL, NULL);
		}
	}
	{
		char *o = tmp;
		size_t oleft = sizeof(tmp);

		iconv(cd, NULL, NULL, &o, &oleft);
		f48_sb_append(out, tmp, sizeof(tmp) - oleft);
	}
	iconv_close(cd);
}

char *
f48_enc_printable(const char *buf, size_t len, f48_encoding enc)
{
	f48_sb u, p;

	f48_sb_init(&u);
	f48_sb_init(&p);
	f48_enc_to_utf8(&u, buf, len, enc);
	f48_sb_append_printable(&p, u.data, u.len);
	f48_sb_free(&u);
	return f48_sb_steal(&p);
}

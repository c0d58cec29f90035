/* strbuf.c - see strbuf.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

/* An empty buffer points here until its first byte: most buffers are
 * made for a line or two, and many never grow (no malloc for them).  It is
 * never written: every write below first reserves (cap > 0). */
static const char sb_empty[1];

void
f48_sb_init(f48_sb *sb)
{
	sb->data = (char *)sb_empty;
	sb->len = 0;
	sb->cap = 0;
}

void
f48_sb_free(f48_sb *sb)
{
	if (sb->cap > 0)
		free(sb->data);
	sb->data = NULL;
	sb->len = sb->cap = 0;
}

void
f48_sb_reset(f48_sb *sb)
{
	sb->len = 0;
	if (sb->cap > 0)
		sb->data[0] = '\0';
}

static void
sb_reserve(f48_sb *sb, size_t extra)
{
	if (sb->len + extra + 1 <= sb->cap)
		return;
	if (sb->cap == 0)
		sb->data = NULL;
	sb->data = f48_xgrow(sb->data, &sb->cap, sb->len + extra + 1 < 32 ? 32 :
	    sb->len + extra + 1, 1);
}

void
f48_sb_append(f48_sb *sb, const void *p, size_t n)
{
	if (n == 0)
		return;
	sb_reserve(sb, n);
	memcpy(sb->data + sb->len, p, n);
	sb->len += n;
	sb->data[sb->len] = '\0';
}

void
f48_sb_puts(f48_sb *sb, const char *s)
{
	f48_sb_append(sb, s, strlen(s));
}

void
f48_sb_putc(f48_sb *sb, char c)
{
	sb_reserve(sb, 1);
	sb->data[sb->len++] = c;
	sb->data[sb->len] = '\0';
}

void
f48_sb_printf(f48_sb *sb, const char *fmt, ...)
{
	va_list ap;
	size_t room;
	int n;

	/* one pass when the text fits in what is free (the common case) */
	sb_reserve(sb, 64);
	room = sb->cap - sb->len;
	va_start(ap, fmt);
	n = vsnprintf(sb->data + sb->len, room, fmt, ap);
	va_end(ap);
	if (n <= 0) {
		sb->data[sb->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		sb_reserve(sb, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	sb->len += (size_t)n;
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if invalid. */
static size_t
utf8_seq_len(const unsigned char *p, size_t n)
{
	size_t need, i;
	unsigned int cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		need = 2;
		cp = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		need = 3;
		cp = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		need = 4;
		cp = p[0] & 0x07;
	} else
		return 0;
	if (n < need)
		return 0;
	for (i = 1; i < need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((need == 3 && cp < 0x800) || (need == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return need;
}

void
f48_sb_append_printable(f48_sb *sb, const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i = 0, k;

	while (i < n) {
		size_t run = i;

		/* a run of plain ASCII goes in one piece */
		while (run < n && u[run] >= 0x20 && u[run] < 0x7f && u[run] != '\\')
			run++;
		if (run > i) {
			f48_sb_append(sb, u + i, run - i);
			i = run;
			continue;
		}
		if (u[i] == '\\') {
			f48_sb_puts(sb, "\\\\");
			i++;
		} else if (u[i] < 0x20 || u[i] == 0x7f) {
			if (u[i] == '\t')
				f48_sb_puts(sb, "\\t");
			else if (u[i] == '\n')
				f48_sb_puts(sb, "\\n");
			else if (u[i] == '\r')
				f48_sb_puts(sb, "\\r");
			else
				f48_sb_printf(sb, "\\x%02X", u[i]);
			i++;
		} else if ((k = utf8_seq_len(u + i, n - i)) > 0) {
			f48_sb_append(sb, u + i, k);
			i += k;
		} else {
			f48_sb_printf(sb, "\\x%02X", u[i]);
			i++;
		}
	}
}

char *
f48_sb_steal(f48_sb *sb)
{
	char *p = sb->cap > 0 ? sb->data : f48_xstrdup("");

	sb->data = NULL;
	sb->len = sb->cap = 0;
	return p;
}

/*
 * perlph.c - see perlph.h.
 *
 * The parser is a hand-written recursive descent over the raw bytes with
 * three outcomes per function:
 *   R_OK    the construct was parsed into the subset's nodes;
 *   R_SOFT  valid-looking Perl outside the subset: the caller rewinds and
 *           skips the construct with the generic token skipper, keeping its
 *           raw text (an F48_PX_UNKNOWN value or an F48_PS_UNSUPPORTED
 *           statement);
 *   R_HARD  a syntax error Perl would refuse; the message is stored in the
 *           parser state and the statement loop reports it and resynchronises.
 * Recursion is bounded by MAX_DEPTH and the skipper keeps an explicit stack,
 * so hostile input cannot exhaust the C stack.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "util/error.h"
#include "util/findings.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "codes.h"
#include "fml4/perlph.h"

#define MAX_DEPTH 200      /* brackets / nested constructs */
#define MAX_ERRORS 100     /* PARSE_ERROR findings before giving up */
#define MAX_COND_NODES 1000 /* && and || in one condition (trees stay shallow) */
#define NOPOS ((size_t)-1)

enum { R_OK = 0, R_SOFT = 1, R_HARD = 2 };

/* A here-document seen on the current line: its body follows that line. */
typedef struct hdoc {
	bool pending;
	size_t line_end;   /* position of the LF ending the <<TAG line */
	size_t body_end;   /* first byte after the last body's terminator line */
} hdoc;

typedef struct pst {
	const char *b;
	size_t len;
	size_t pos;
	const char *file;
	f48_findings *fs;
	int depth;
	hdoc hd;
	size_t lc_pos;     /* line cache: line number of position lc_pos */
	long lc_line;
	const char *soft;  /* reason of the last R_SOFT */
	char softbuf[96];
	bool err;          /* an R_HARD message is stored */
	char errmsg[256];
	size_t err_pos;    /* where to report it */
	size_t err_resume; /* search the next statement from the line after this */
	size_t tok_end;    /* end of the last token consumed by the skipper */
	int cond_nodes;    /* && / || nodes of the condition being parsed */
	f48_pstmt *stmts;
	size_t nstmts, capstmts;
} pst;

/* ---------------------------------------------------------------- bytes */

static int
at(const pst *ps, size_t i)
{
	return i < ps->len ? (unsigned char)ps->b[i] : -1;
}

static bool
is_idstart(int c)
{
	return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool
is_idchar(int c)
{
	return is_idstart(c) || is_digit(c);
}

static bool
is_hspace(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static bool
is_space(int c)
{
	return is_hspace(c) || c == '\n';
}

/* Line number of a position; the cache makes forward and short backward
 * moves cheap (here-document statements step back to their own line). */
static long
line_at(pst *ps, size_t pos)
{
	const char *p, *q;

	if (pos > ps->len)
		pos = ps->len;
	if (pos >= ps->lc_pos) {
		p = ps->b + ps->lc_pos;
		q = ps->b + pos;
		while (p < q && (p = memchr(p, '\n', (size_t)(q - p))) != NULL) {
			ps->lc_line++;
			p++;
		}
	} else {
		for (p = ps->b + pos; p < ps->b + ps->lc_pos; p++)
			if (*p == '\n')
				ps->lc_line--;
	}
	ps->lc_pos = pos;
	return ps->lc_line;
}

/* The position after the LF that ends the line containing pos (or len). */
static size_t
next_line(const pst *ps, size_t pos)
{
	const char *p;

	if (pos >= ps->len)
		return ps->len;
	p = memchr(ps->b + pos, '\n', ps->len - pos);
	return p ? (size_t)(p - ps->b) + 1 : ps->len;
}

/* Record a syntax error (the first one of a statement wins: it is the
 * deepest, most precise one).  `resume_from`: the statement search restarts
 * on the line after it. */
static int hard(pst *ps, size_t at_pos, size_t resume_from, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
hard(pst *ps, size_t at_pos, size_t resume_from, const char *fmt, ...)
{
	va_list ap;

	if (ps->err)
		return R_HARD;
	ps->err = true;
	ps->err_pos = at_pos;
	ps->err_resume = resume_from;
	va_start(ap, fmt);
	vsnprintf(ps->errmsg, sizeof(ps->errmsg), fmt, ap);
	va_end(ap);
	return R_HARD;
}

static int
soft(pst *ps, const char *reason)
{
	ps->soft = reason;
	return R_SOFT;
}

static int softf(pst *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
softf(pst *ps, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ps->softbuf, sizeof(ps->softbuf), fmt, ap);
	va_end(ap);
	ps->soft = ps->softbuf;
	return R_SOFT;
}

/* Describe the byte at pos for a message: printable ASCII as 'c', else hex. */
static const char *
describe(const pst *ps, size_t pos, char *buf, size_t n)
{
	int c = at(ps, pos);

	if (c < 0)
		snprintf(buf, n, "end of file");
	else if (c > 0x20 && c < 0x7f && c != '\'')
		snprintf(buf, n, "'%c'", c);
	else if (c == '\'')
		snprintf(buf, n, "\"'\"");
	else
		snprintf(buf, n, "byte 0x%02x", (unsigned)c);
	return buf;
}

/* ------------------------------------------------------------ nodes */

static f48_pexpr *
px_new(f48_pexpr_kind kind)
{
	f48_pexpr *e = f48_xcalloc(1, sizeof(*e));

	e->kind = kind;
	return e;
}

static f48_pexpr *
px_str(const char *p, size_t n, char quote)
{
	f48_pexpr *e = px_new(F48_PX_STR);

	e->str = f48_xmalloc(n + 1);
	if (n)
		memcpy(e->str, p, n);
	e->str[n] = '\0';
	e->len = n;
	e->quote = quote;
	return e;
}

static f48_pexpr *
px_unknown(const char *raw, size_t n, const char *reason)
{
	f48_pexpr *e = px_new(F48_PX_UNKNOWN);

	e->raw = f48_xstrndup(raw, n);
	e->reason = f48_xstrdup(reason);
	return e;
}

/* Append a part; capacity is implied by the count (powers of two from 4),
 * so the public struct needs no capacity field. */
static void
px_push(f48_pexpr *list, f48_pexpr *part)
{
	size_t n = list->nparts;

	if (n == 0)
		list->parts = f48_xmalloc(4 * sizeof(*list->parts));
	else if (n >= 4 && (n & (n - 1)) == 0)
		list->parts = f48_xrealloc(list->parts, 2 * n * sizeof(*list->parts));
	list->parts[list->nparts++] = part;
}

static void
px_free(f48_pexpr *e)
{
	size_t i;

	if (e == NULL)
		return;
	for (i = 0; i < e->nparts; i++)
		px_free(e->parts[i]);
	free(e->parts);
	px_free(e->key);
	free(e->str);
	free(e->name);
	free(e->raw);
	free(e->reason);
	free(e);
}

static f48_pcond *
pc_new(f48_pcond_kind kind)
{
	f48_pcond *c = f48_xcalloc(1, sizeof(*c));

	c->kind = kind;
	return c;
}

static void
pc_free(f48_pcond *c)
{
	if (c == NULL)
		return;
	px_free(c->lhs);
	px_free(c->rhs);
	pc_free(c->sub[0]);
	pc_free(c->sub[1]);
	free(c->pattern);
	free(c->flags);
	free(c->raw);
	free(c->reason);
	free(c);
}

static void
stmt_clear(f48_pstmt *st)
{
	free(st->name);
	px_free(st->key);
	px_free(st->value);
	pc_free(st->cond);
	free(st->raw);
	free(st->reason);
	memset(st, 0, sizeof(*st));
}

void
f48_perl_program_free(f48_pprogram *prog)
{
	size_t i;

	if (prog == NULL)
		return;
	for (i = 0; i < prog->n; i++)
		stmt_clear(&prog->stmts[i]);
	free(prog->stmts);
	free(prog->file);
	free(prog);
}

/* ------------------------------------------------- lexical scanners */

/* ISO-2022-JP: if b[i..] is a shift to a two-byte set (ESC $ B, ESC $ @,
 * ESC $ ( X), return the position after the shift back (ESC ( B / ESC ( J),
 * or `end` when it never comes; otherwise return i.  Bytes in between are
 * text, never syntax. */
static size_t
jis_skip(const char *b, size_t end, size_t i)
{
	size_t j;

	if (i + 2 >= end || b[i] != 0x1b || b[i + 1] != '$')
		return i;
	if (b[i + 2] == 'B' || b[i + 2] == '@')
		j = i + 3;
	else if (b[i + 2] == '(' && i + 3 < end)
		j = i + 4;
	else
		return i;
	for (; j + 2 < end; j++)
		if (b[j] == 0x1b && b[j + 1] == '(' && (b[j + 2] == 'B' || b[j + 2] == 'J'))
			return j + 3;
	return end;
}

static int
close_of(int open)
{
	switch (open) {
	case '(': return ')';
	case '[': return ']';
	case '{': return '}';
	case '<': return '>';
	default: return open;
	}
}

/* Scan a quoted body starting at i (after the opening delimiter) for the
 * closing delimiter; bracket delimiters nest; a backslash protects the next
 * byte.  Returns the position of the closing delimiter or NOPOS. */
static size_t
scan_delim(const char *b, size_t end, size_t i, int open, int close)
{
	size_t nest = 0, j;

	while (i < end) {
		int c = (unsigned char)b[i];

		if (c == 0x1b && (j = jis_skip(b, end, i)) != i) {
			i = j;
			continue;
		}
		if (c == '\\') {
			i += 2;
			continue;
		}
		if (c == close && open != close) {
			if (nest == 0)
				return i;
			nest--;
		} else if (c == close) {
			return i;
		} else if (c == open) {
			nest++;
		}
		i++;
	}
	return NOPOS;
}

/* Can c (followed by c2) open a q// style operator's body? */
static bool
qdelim_ok(int c, int c2)
{
	if (c < 0 || is_idchar(c) || is_space(c) || c >= 0x80 || c < 0x20)
		return false;
	if (c == '=' && c2 == '>')
		return false;
	return c != ',' && c != ';' && c != ')' && c != ']' && c != '}' && c != '>';
}

/* The q-like operators: 1 = one body (q qq qw qx m qr), 2 = two (s tr y). */
static int
qop_parts(const char *w, size_t n)
{
	if ((n == 1 && (w[0] == 'q' || w[0] == 'm')) ||
	    (n == 2 && w[0] == 'q' && (w[1] == 'q' || w[1] == 'w' || w[1] == 'x' || w[1] == 'r')))
		return 1;
	if ((n == 1 && (w[0] == 's' || w[0] == 'y')) || (n == 2 && w[0] == 't' && w[1] == 'r'))
		return 2;
	return 0;
}

/* Position of a q-op's delimiter after the word ending at i: whitespace may
 * come first (but then '#' would start a comment).  NOPOS if there is none. */
static size_t
qop_delim_at(const pst *ps, size_t i)
{
	size_t j = i;

	while (is_space(at(ps, j)))
		j++;
	if (j > i && at(ps, j) == '#')
		return NOPOS;
	if (!qdelim_ok(at(ps, j), at(ps, j + 1)))
		return NOPOS;
	return j;
}

/* Scan a q-op body from its delimiter at d: sets the content range and
 * returns the position after it (and after a second body for s/tr/y, and
 * after trailing flags), or NOPOS when unterminated. */
static size_t
scan_qop(const pst *ps, size_t d, int parts, size_t *cs, size_t *ce)
{
	int open = at(ps, d), close = close_of(open);
	size_t e = scan_delim(ps->b, ps->len, d + 1, open, close);

	if (e == NOPOS)
		return NOPOS;
	*cs = d + 1;
	*ce = e;
	e++;
	if (parts == 2) {
		if (open != close) {
			while (is_space(at(ps, e)))
				e++;
			open = at(ps, e);
			if (open < 0)
				return NOPOS;
			close = close_of(open);
			e++;
		}
		e = scan_delim(ps->b, ps->len, e, open, close);
		if (e == NOPOS)
			return NOPOS;
		e++;
	}
	while (is_idchar(at(ps, e)))
		e++;
	return e;
}

/* Whitespace, comments, and here-document bodies: crossing the LF of a line
 * that introduced here-documents jumps over their bodies. */
static void
skip_ws(pst *ps)
{
	for (;;) {
		int c = at(ps, ps->pos);

		if (ps->hd.pending && ps->pos > ps->hd.line_end)
			ps->hd.pending = false;
		if (c == '\n') {
			if (ps->hd.pending && ps->pos == ps->hd.line_end) {
				ps->pos = ps->hd.body_end;
				ps->hd.pending = false;
			} else {
				ps->pos++;
			}
		} else if (is_hspace(c)) {
			ps->pos++;
		} else if (c == '#') {
			size_t e = next_line(ps, ps->pos);

			ps->pos = (e > ps->pos && at(ps, e - 1) == '\n') ? e - 1 : e;
		} else {
			return;
		}
	}
}

/* Read an identifier with package separators (:: and the old ') at i;
 * returns the end position, or i if there is none. */
static size_t
name_end(const char *b, size_t end, size_t i)
{
	size_t j = i;

	if (j + 2 < end && b[j] == ':' && b[j + 1] == ':' && is_idstart((unsigned char)b[j + 2]))
		j += 2;
	if (j >= end || !is_idstart((unsigned char)b[j]))
		return i;
	for (;;) {
		while (j < end && is_idchar((unsigned char)b[j]))
			j++;
		if (j + 2 < end && b[j] == ':' && b[j + 1] == ':' &&
		    is_idstart((unsigned char)b[j + 2]))
			j += 2;
		else if (j + 1 < end && b[j] == '\'' && is_idstart((unsigned char)b[j + 1]))
			j += 1;
		else
			return j;
	}
}

/* The stored form of a variable name: main'X, main::X and ::X become X. */
static char *
norm_name(const char *p, size_t n)
{
	if (n > 2 && p[0] == ':' && p[1] == ':') {
		p += 2;
		n -= 2;
	}
	if (n > 6 && memcmp(p, "main::", 6) == 0) {
		p += 6;
		n -= 6;
	} else if (n > 5 && memcmp(p, "main'", 5) == 0) {
		p += 5;
		n -= 5;
	}
	return f48_xstrndup(p, n);
}

static bool
word_is(const pst *ps, size_t s, size_t e, const char *w)
{
	size_t n = strlen(w);

	return e - s == n && memcmp(ps->b + s, w, n) == 0;
}

/* The bare word at pos (no package separators), as [pos, *e). */
static bool
peek_word(const pst *ps, size_t pos, size_t *e)
{
	size_t j = pos;

	if (!is_idstart(at(ps, j)))
		return false;
	while (is_idchar(at(ps, j)))
		j++;
	*e = j;
	return true;
}

static bool
is_modifier_word(const pst *ps, size_t s, size_t e)
{
	return word_is(ps, s, e, "if") || word_is(ps, s, e, "unless") ||
	    word_is(ps, s, e, "while") || word_is(ps, s, e, "until") ||
	    word_is(ps, s, e, "for") || word_is(ps, s, e, "foreach");
}

/* Perl words after which a term (not an operator) is expected, so that a
 * following '/' starts a regexp. */
static bool
is_operator_word(const pst *ps, size_t s, size_t e)
{
	static const char *const w[] = {
		"if", "unless", "while", "until", "and", "or", "not", "xor", "x",
		"eq", "ne", "lt", "gt", "le", "ge", "cmp", "return", "split",
		"grep", "map", "join", "push", "unshift", "print", "when", "else",
		"elsif", "foreach", "for", "defined", "ref", "scalar", "lc", "uc",
		"die", "warn", NULL
	};
	size_t i;

	for (i = 0; w[i]; i++)
		if (word_is(ps, s, e, w[i]))
			return true;
	return false;
}

/* ---------------------------------------------- string value builders */

static void
flush_lit(f48_pexpr *cat, f48_sb *lit, char quote)
{
	if (lit->len == 0)
		return;
	px_push(cat, px_str(lit->data, lit->len, quote));
	f48_sb_reset(lit);
}

/* Append code point v as a byte (< 256) or as UTF-8, as Perl's \x{...}
 * produces a wide character that is written out as UTF-8. */
static void
put_codepoint(f48_sb *lit, unsigned long v)
{
	char u[4];

	if (v < 0x100) {
		f48_sb_putc(lit, (char)v);
	} else if (v < 0x800) {
		u[0] = (char)(0xc0 | (v >> 6));
		u[1] = (char)(0x80 | (v & 0x3f));
		f48_sb_append(lit, u, 2);
	} else if (v < 0x10000) {
		u[0] = (char)(0xe0 | (v >> 12));
		u[1] = (char)(0x80 | ((v >> 6) & 0x3f));
		u[2] = (char)(0x80 | (v & 0x3f));
		f48_sb_append(lit, u, 3);
	} else {
		v &= 0x1fffff;
		u[0] = (char)(0xf0 | (v >> 18));
		u[1] = (char)(0x80 | ((v >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((v >> 6) & 0x3f));
		u[3] = (char)(0x80 | (v & 0x3f));
		f48_sb_append(lit, u, 4);
	}
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* One backslash escape of an interpolating string at b[i] == '\\';
 * returns the position after it. */
static size_t
dq_escape(const char *b, size_t i, size_t e, f48_sb *lit, f48_pexpr *cat, char quote)
{
	int c, h;
	unsigned long v = 0;
	size_t j, k;

	if (i + 1 >= e) {
		f48_sb_putc(lit, '\\');
		return e;
	}
	c = (unsigned char)b[i + 1];
	j = i + 2;
	switch (c) {
	case 'n': f48_sb_putc(lit, '\n'); break;
	case 't': f48_sb_putc(lit, '\t'); break;
	case 'r': f48_sb_putc(lit, '\r'); break;
	case 'f': f48_sb_putc(lit, '\f'); break;
	case 'b': f48_sb_putc(lit, '\b'); break;
	case 'a': f48_sb_putc(lit, '\a'); break;
	case 'e': f48_sb_putc(lit, '\033'); break;
	case 'E': break;   /* end of a case-modification span: nothing to do */
	case 'x':
		if (j < e && b[j] == '{') {
			for (k = j + 1; k < e && (h = hexval((unsigned char)b[k])) >= 0; k++)
				v = (v << 4 | (unsigned long)h) & 0x1fffff;
			while (k < e && b[k] != '}')
				k++;
			j = k < e ? k + 1 : e;
		} else {
			for (k = 0; k < 2 && j < e && (h = hexval((unsigned char)b[j])) >= 0; k++, j++)
				v = v << 4 | (unsigned long)h;
		}
		put_codepoint(lit, v);
		break;
	case 'c':
		if (j < e) {
			int x = (unsigned char)b[j++];

			if (x >= 'a' && x <= 'z')
				x -= 32;
			f48_sb_putc(lit, (char)(x ^ 64));
		}
		break;
	case 'U': case 'L': case 'Q': case 'u': case 'l': case 'F': case 'N':
		/* case changes and named characters: not worth emulating */
		flush_lit(cat, lit, quote);
		px_push(cat, px_unknown(b + i, 2, "case-modifying or named-character escape"));
		break;
	default:
		if (c >= '0' && c <= '7') {
			v = (unsigned long)(c - '0');
			for (k = 1; k < 3 && j < e && b[j] >= '0' && b[j] <= '7'; k++, j++)
				v = v * 8 + (unsigned long)(b[j] - '0');
			put_codepoint(lit, v);
		} else {
			/* \\ \" \$ \@ and unknown escapes: the byte itself */
			f48_sb_putc(lit, (char)c);
		}
	}
	return j;
}

/* A hash key written inside a string or as simple text: bareword, number,
 * quoted string or $NAME; anything else is kept as an unknown part. */
static f48_pexpr *build_dq_d(const char *b, size_t s, size_t e, char quote, int depth);

static f48_pexpr *
key_from_text(const char *b, size_t s, size_t e, int depth)
{
	size_t i, ne;
	f48_pexpr *k;

	while (s < e && is_space((unsigned char)b[s]))
		s++;
	while (e > s && is_space((unsigned char)b[e - 1]))
		e--;
	i = s;
	if (i < e && b[i] == '-')
		i++;
	if (i < e && is_idstart((unsigned char)b[i])) {
		while (i < e && is_idchar((unsigned char)b[i]))
			i++;
		if (i == e)
			return px_str(b + s, e - s, 0);
	} else if (i < e && is_digit((unsigned char)b[i])) {
		while (i < e && is_digit((unsigned char)b[i]))
			i++;
		if (i == e) {
			k = px_new(F48_PX_NUM);
			k->str = f48_xstrndup(b + s, e - s);
			return k;
		}
	}
	if (e - s >= 2 && b[s] == '\'' && b[e - 1] == '\'' &&
	    scan_delim(b, e, s + 1, '\'', '\'') == e - 1) {
		f48_sb sb;

		f48_sb_init(&sb);
		for (i = s + 1; i < e - 1; i++) {
			if (b[i] == '\\' && (b[i + 1] == '\\' || b[i + 1] == '\''))
				i++;
			f48_sb_putc(&sb, b[i]);
		}
		k = px_str(sb.data, sb.len, '\'');
		f48_sb_free(&sb);
		return k;
	}
	if (e - s >= 2 && b[s] == '"' && b[e - 1] == '"' &&
	    scan_delim(b, e, s + 1, '"', '"') == e - 1)
		return build_dq_d(b, s + 1, e - 1, '"', depth + 1);
	if (e - s >= 2 && b[s] == '$' && (ne = name_end(b, e, s + 1)) == e) {
		k = px_new(F48_PX_SCALAR);
		k->name = norm_name(b + s + 1, e - s - 1);
		return k;
	}
	return px_unknown(b + s, e - s, "complex subscript");
}

/* "$NAME", "${NAME}", "$NAME{KEY}", "$NAME[IDX]" at b[i] == '$' inside an
 * interpolating string; returns the position after it, or i when the '$'
 * is a literal character. */
static size_t
interp_scalar(const char *b, size_t i, size_t e, f48_sb *lit, f48_pexpr *cat, char quote,
    int depth)
{
	size_t j = i + 1, k, m, ne, cl;
	int c = j < e ? (unsigned char)b[j] : -1;
	f48_pexpr *v = NULL;

	if (c == '{') {
		for (k = j + 1; k < e && is_hspace((unsigned char)b[k]); k++)
			;
		ne = name_end(b, e, k);
		for (m = ne; m < e && is_hspace((unsigned char)b[m]); m++)
			;
		if (ne > k && m < e && b[m] == '}') {
			v = px_new(F48_PX_SCALAR);
			v->name = norm_name(b + k, ne - k);
			j = m + 1;
		} else {
			cl = scan_delim(b, e, j + 1, '{', '}');
			if (cl == NOPOS)
				return i;
			v = px_unknown(b + i, cl + 1 - i, "expression ${...} in a string");
			j = cl + 1;
		}
	} else if ((ne = name_end(b, e, j)) > j) {
		char *name = norm_name(b + j, ne - j);

		j = ne;
		if (j < e && b[j] == '{' && (cl = scan_delim(b, e, j + 1, '{', '}')) != NOPOS) {
			v = px_new(F48_PX_ELEM);
			v->key = key_from_text(b, j + 1, cl, depth);
			v->quote = '{';
			j = cl + 1;
		} else if (j < e && b[j] == '[') {
			for (k = j + 1; k < e && b[k] != ']' && b[k] != '\n'; k++)
				;
			m = j + 1 < k && b[j + 1] == '-' ? j + 2 : j + 1;
			while (m < k && is_digit((unsigned char)b[m]))
				m++;
			if (k < e && b[k] == ']' && ((m == k && k > j + 1 && b[k - 1] != '-') ||
			    (b[j + 1] == '$' && name_end(b, k, j + 2) == k && k > j + 2))) {
				v = px_new(F48_PX_ELEM);
				v->key = key_from_text(b, j + 1, k, depth);
				v->quote = '[';
				j = k + 1;
			}
		}
		if (v == NULL)
			v = px_new(F48_PX_SCALAR);
		v->name = name;
		if (j + 2 < e && b[j] == '-' && b[j + 1] == '>' && (b[j + 2] == '{' || b[j + 2] == '[') &&
		    (cl = scan_delim(b, e, j + 3, b[j + 2], close_of(b[j + 2]))) != NOPOS) {
			px_free(v);
			v = px_unknown(b + i, cl + 1 - i, "reference dereference in a string");
			j = cl + 1;
		}
	} else if (is_digit(c) || c == '&' || c == '`' || c == '\'' || c == '+' ||
	    c == '!' || c == '$') {
		j++;
		while (is_digit(c) && j < e && is_digit((unsigned char)b[j]))
			j++;
		if (c == '$')
			j = name_end(b, e, j);
		v = px_unknown(b + i, j - i, "special variable in a string");
	} else {
		return i;
	}
	flush_lit(cat, lit, quote);
	px_push(cat, v);
	return j;
}

/* "@NAME" (an array, joined with spaces) and "@{...}" inside a string. */
static size_t
interp_array(const char *b, size_t i, size_t e, f48_sb *lit, f48_pexpr *cat, char quote)
{
	size_t ne = name_end(b, e, i + 1), cl;
	f48_pexpr *v;

	if (ne > i + 1) {
		v = px_new(F48_PX_ARRAY);
		v->name = norm_name(b + i + 1, ne - i - 1);
	} else if (i + 1 < e && b[i + 1] == '{' &&
	    (cl = scan_delim(b, e, i + 2, '{', '}')) != NOPOS) {
		v = px_unknown(b + i, cl + 1 - i, "expression @{...} in a string");
		ne = cl + 1;
	} else {
		return i;
	}
	flush_lit(cat, lit, quote);
	px_push(cat, v);
	return ne;
}

/* The value of interpolating text b[s..e) ("...", qq(), <<"TAG"): a STR
 * when nothing is interpolated, else a CONCAT of parts. */
static f48_pexpr *
build_dq_d(const char *b, size_t s, size_t e, char quote, int depth)
{
	f48_pexpr *cat, *one;
	f48_sb lit;
	size_t i = s, j;

	/* keys in strings may hold strings with keys...: bound the recursion */
	if (depth > MAX_DEPTH)
		return px_unknown(b + s, e - s, "string nested too deeply");
	cat = px_new(F48_PX_CONCAT);
	f48_sb_init(&lit);
	while (i < e) {
		int c = (unsigned char)b[i];

		if (c == 0x1b && (j = jis_skip(b, e, i)) != i) {
			f48_sb_append(&lit, b + i, j - i);
			i = j;
			continue;
		}
		if (c == '\\') {
			i = dq_escape(b, i, e, &lit, cat, quote);
			continue;
		}
		if (c == '$' && (j = interp_scalar(b, i, e, &lit, cat, quote, depth)) != i) {
			i = j;
			continue;
		}
		if (c == '@' && (j = interp_array(b, i, e, &lit, cat, quote)) != i) {
			i = j;
			continue;
		}
		f48_sb_putc(&lit, (char)c);
		i++;
	}
	flush_lit(cat, &lit, quote);
	f48_sb_free(&lit);
	if (cat->nparts == 0) {
		px_free(cat);
		return px_str("", 0, quote);
	}
	if (cat->nparts == 1 && cat->parts[0]->kind == F48_PX_STR) {
		one = cat->parts[0];
		cat->nparts = 0;
		px_free(cat);
		return one;
	}
	cat->quote = quote;
	return cat;
}

static f48_pexpr *
build_dq(const char *b, size_t s, size_t e, char quote)
{
	return build_dq_d(b, s, e, quote, 0);
}

/* Non-interpolating text ('...', q()): only \\ and \DELIM are escapes. */
static f48_pexpr *
build_sq(const char *b, size_t s, size_t e, int open, int close, char quote)
{
	f48_sb sb;
	f48_pexpr *r;
	size_t i = s, j;

	f48_sb_init(&sb);
	while (i < e) {
		if (b[i] == 0x1b && (j = jis_skip(b, e, i)) != i) {
			f48_sb_append(&sb, b + i, j - i);
			i = j;
			continue;
		}
		if (b[i] == '\\' && i + 1 < e &&
		    (b[i + 1] == '\\' || b[i + 1] == open || b[i + 1] == close))
			i++;
		f48_sb_putc(&sb, b[i]);
		i++;
	}
	r = px_str(sb.data, sb.len, quote);
	f48_sb_free(&sb);
	return r;
}

/* qw(...): a LIST of words. */
static f48_pexpr *
build_qw(const char *b, size_t s, size_t e)
{
	f48_pexpr *l = px_new(F48_PX_LIST);
	size_t i = s, w;

	l->quote = 'q';
	for (;;) {
		while (i < e && is_space((unsigned char)b[i]))
			i++;
		if (i >= e)
			break;
		for (w = i; i < e && !is_space((unsigned char)b[i]); i++)
			;
		px_push(l, px_str(b + w, i - w, 'q'));
	}
	return l;
}

/* ---------------------------------------------------- here-documents */

/* Copy a <<~ body with `indent` leading whitespace bytes removed per line. */
static void
unindent(const char *b, size_t s, size_t e, size_t indent, f48_sb *out)
{
	size_t i = s, k;

	while (i < e) {
		for (k = 0; k < indent && i < e && (b[i] == ' ' || b[i] == '\t'); k++)
			i++;
		while (i < e && b[i] != '\n')
			f48_sb_putc(out, b[i++]);
		if (i < e)
			f48_sb_putc(out, b[i++]);
	}
}

/* At "<<": a here-document introducer.  Finds its body (after the current
 * line, or after the previous here-document of the same line), registers it
 * so skip_ws jumps over it, and builds the value when `node` is not NULL.
 * R_SOFT when "<<" is not a here-document (a shift operator). */
static int
parse_heredoc(pst *ps, f48_pexpr **node)
{
	size_t start = ps->pos, j = start + 2, ts, te, bs, ls, le, lend, next, indent = 0, k;
	int q = 0;
	bool tilde = false, found = false;
	const char *nl;

	if (at(ps, j) == '~') {
		tilde = true;
		j++;
	}
	for (k = j; at(ps, k) == ' ' || at(ps, k) == '\t'; k++)
		;
	if (at(ps, k) == '"' || at(ps, k) == '\'') {
		q = at(ps, k);
		ts = k + 1;
		for (te = ts; te < ps->len && ps->b[te] != q && ps->b[te] != '\n'; te++)
			;
		if (at(ps, te) != q)
			return hard(ps, start, start, "unterminated here-document tag starting here");
		j = te + 1;
	} else if (is_idstart(at(ps, j))) {
		for (ts = te = j; is_idchar(at(ps, te)); te++)
			;
		j = te;
	} else {
		return soft(ps, "shift operator");
	}
	if (ps->hd.pending && ps->hd.line_end >= start) {
		lend = ps->hd.line_end;
		bs = ps->hd.body_end;
	} else {
		nl = memchr(ps->b + j, '\n', ps->len - j);
		if (nl == NULL)
			return hard(ps, start, start,
			    "unterminated here-document starting here (no body follows)");
		lend = (size_t)(nl - ps->b);
		bs = lend + 1;
	}
	for (ls = bs; ls < ps->len; ls = le + 1) {
		nl = memchr(ps->b + ls, '\n', ps->len - ls);
		le = nl ? (size_t)(nl - ps->b) : ps->len;
		k = ls;
		if (tilde)
			while (k < le && (ps->b[k] == ' ' || ps->b[k] == '\t'))
				k++;
		next = le;
		if (next > k && ps->b[next - 1] == '\r')
			next--;
		if (next - k == te - ts && memcmp(ps->b + k, ps->b + ts, te - ts) == 0) {
			found = true;
			indent = k - ls;
			break;
		}
		if (le >= ps->len)
			break;
	}
	if (!found)
		return hard(ps, start, start,
		    "unterminated here-document starting here (no terminating line)");
	next = le < ps->len ? le + 1 : ps->len;
	if (node != NULL) {
		f48_sb sb;

		f48_sb_init(&sb);
		if (tilde)
			unindent(ps->b, bs, ls, indent, &sb);
		else
			f48_sb_append(&sb, ps->b + bs, ls - bs);
		if (q == '\'')
			*node = px_str(sb.data, sb.len, 'h');
		else
			*node = build_dq(sb.data, 0, sb.len, 'h');
		(*node)->heredoc = true;
		f48_sb_free(&sb);
	}
	if (!ps->hd.pending || ps->hd.line_end < start) {
		ps->hd.pending = true;
		ps->hd.line_end = lend;
	}
	ps->hd.body_end = next;
	ps->pos = j;
	return R_OK;
}

/* ---------------------------------------------------- generic skipper */

#define SK_COMMA 1   /* also stop before ',' and '=>' at depth 0 */
#define SK_MOD   2   /* also stop before a statement-modifier word */
#define SK_BLOCK 4   /* stop after a '}' that closes a depth-0 block */

/* Skip Perl tokens without understanding them, respecting strings, q-ops,
 * regexps, here-documents and brackets.  Stops before ';' or an unopened
 * closing bracket at depth 0 (and per flags).  ps->tok_end is the end of
 * the last token.  R_OK or R_HARD. */
static int
skip_generic(pst *ps, int flags, bool *closed_block)
{
	char stk[MAX_DEPTH];
	size_t opos[MAX_DEPTH], e, d, cs, ce;
	int depth = 0, parts, r;
	bool operand = false;
	char what[32];

	if (closed_block)
		*closed_block = false;
	for (;;) {
		size_t p;
		int c, c2;

		skip_ws(ps);
		p = ps->pos;
		c = at(ps, p);
		c2 = at(ps, p + 1);
		if (c < 0) {
			if (depth > 0)
				return hard(ps, opos[depth - 1], opos[depth - 1],
				    "unbalanced '%c' opened here is never closed", stk[depth - 1]);
			return R_OK;
		}
		if (depth == 0) {
			if (c == ';' || c == ')' || c == ']' || c == '}')
				return R_OK;
			if ((flags & SK_COMMA) && (c == ',' || (c == '=' && c2 == '>')))
				return R_OK;
			if ((flags & SK_MOD) && peek_word(ps, p, &e) && is_modifier_word(ps, p, e))
				return R_OK;
		}
		switch (c) {
		case '(': case '[': case '{':
			if (depth >= MAX_DEPTH)
				return hard(ps, p, p, "brackets nested deeper than %d levels", MAX_DEPTH);
			stk[depth] = (char)c;
			opos[depth++] = p;
			ps->pos++;
			operand = false;
			break;
		case ')': case ']': case '}':
			if (close_of(stk[depth - 1]) != c)
				return hard(ps, p, p, "'%c' does not match the '%c' opened at line %ld",
				    c, stk[depth - 1], line_at(ps, opos[depth - 1]));
			depth--;
			ps->pos++;
			operand = true;
			if ((flags & SK_BLOCK) && c == '}' && depth == 0) {
				ps->tok_end = ps->pos;
				if (closed_block)
					*closed_block = true;
				return R_OK;
			}
			break;
		case '"': case '\'': case '`':
			e = scan_delim(ps->b, ps->len, p + 1, c, c);
			if (e == NOPOS)
				return hard(ps, p, p, "unterminated %s string starting here",
				    c == '"' ? "double-quoted" : c == '\'' ? "single-quoted" : "backtick");
			ps->pos = e + 1;
			operand = true;
			break;
		case '$':
			ps->pos++;
			if (c2 == '#') {
				ps->pos++;
				ps->pos = name_end(ps->b, ps->len, ps->pos);
			} else if ((e = name_end(ps->b, ps->len, ps->pos)) > ps->pos) {
				ps->pos = e;
			} else if (c2 > 0x20 && c2 < 0x7f && !strchr("([{)]}", c2)) {
				ps->pos++;   /* a punctuation variable: $$ $& $" $; ... */
			}
			operand = true;
			break;
		case '@':
			ps->pos = name_end(ps->b, ps->len, p + 1);
			operand = true;
			break;
		case '%': case '&':
			if (c == '&' && c2 == '&') {
				ps->pos += 2;
				operand = false;
			} else if (!operand && (is_idstart(c2) || c2 == ':')) {
				ps->pos = name_end(ps->b, ps->len, p + 1);
				if (ps->pos == p + 1)
					ps->pos++;
				operand = true;
			} else {
				ps->pos++;
				operand = false;
			}
			break;
		case '/':
			if (!operand) {
				e = scan_delim(ps->b, ps->len, p + 1, '/', '/');
				if (e == NOPOS)
					return hard(ps, p, p,
					    "unterminated regular expression starting here");
				for (ps->pos = e + 1; is_idchar(at(ps, ps->pos)); ps->pos++)
					;
				operand = true;
			} else {
				ps->pos += c2 == '/' ? 2 : 1;
				operand = false;
			}
			break;
		case '<':
			if (c2 == '<' && !operand) {
				r = parse_heredoc(ps, NULL);
				if (r == R_HARD)
					return r;
				if (r == R_SOFT)
					ps->pos = p + 2;
				operand = r == R_OK;
			} else {
				ps->pos++;
				operand = false;
			}
			break;
		case '-':
			/* a file test such as -f $x: the letter is not a q-op */
			ps->pos += is_idstart(c2) && !is_idchar(at(ps, p + 2)) ? 2 : 1;
			operand = false;
			break;
		default:
			if (is_digit(c) || (c == '.' && is_digit(c2) && !operand)) {
				for (ps->pos++; is_idchar(at(ps, ps->pos)) ||
				    (at(ps, ps->pos) == '.' && is_digit(at(ps, ps->pos + 1))); ps->pos++)
					;
				operand = true;
			} else if (is_idstart(c)) {
				peek_word(ps, p, &e);
				parts = qop_parts(ps->b + p, e - p);
				if (parts && (d = qop_delim_at(ps, e)) != NOPOS &&
				    !(p > 0 && ps->b[p - 1] == '-')) {
					e = scan_qop(ps, d, parts, &cs, &ce);
					if (e == NOPOS) {
						snprintf(what, sizeof(what), "%.*s", (int)(d - p), ps->b + p);
						return hard(ps, p, p, "unterminated %s operator starting here",
						    what);
					}
					ps->pos = e;
					operand = true;
					break;
				}
				e = name_end(ps->b, ps->len, p);
				operand = !is_operator_word(ps, p, e);
				ps->pos = e;
			} else if (c >= 0x80 || c < 0x20 || c == 0x7f) {
				return hard(ps, p, p, "unexpected byte 0x%02x outside a string",
				    (unsigned)c);
			} else {
				ps->pos++;
				operand = false;
			}
		}
		ps->tok_end = ps->pos;
	}
}

/* ------------------------------------------------ subset expressions */

enum { V_STMT, V_LIST, V_KEY, V_COND };

static int parse_value(pst *ps, int ctx, f48_pexpr **out);
static int parse_list(pst *ps, f48_pexpr **out);

/* Is pos at a comparison operator of a condition?  Sets *n to its length. */
static bool
at_cmp_op(const pst *ps, size_t pos, size_t *n)
{
	int c = at(ps, pos), c2 = at(ps, pos + 1), c3 = at(ps, pos + 2);
	size_t e;

	if ((c == '=' || c == '!') && c2 == '=') {
		*n = 2;
		return true;
	}
	if ((c == '<' || c == '>') && c2 == '=' && !(c == '<' && c3 == '>')) {
		*n = 2;
		return true;
	}
	if ((c == '<' || c == '>') && c2 != c && c2 != '=') {
		*n = 1;
		return true;
	}
	if (peek_word(ps, pos, &e) && (word_is(ps, pos, e, "eq") || word_is(ps, pos, e, "ne") ||
	    word_is(ps, pos, e, "lt") || word_is(ps, pos, e, "gt") ||
	    word_is(ps, pos, e, "le") || word_is(ps, pos, e, "ge"))) {
		*n = 2;
		return true;
	}
	return false;
}

/* After a value: is the next token one that may follow it in context? */
static bool
follower_ok(pst *ps, int ctx)
{
	size_t p, e, n;
	int c, c2;

	skip_ws(ps);
	p = ps->pos;
	c = at(ps, p);
	c2 = at(ps, p + 1);
	if (c < 0 || c == ';' || c == ')' || c == ']' || c == '}')
		return true;
	if (ctx == V_LIST && (c == ',' || (c == '=' && c2 == '>')))
		return true;
	if (peek_word(ps, p, &e)) {
		if ((ctx == V_STMT || ctx == V_LIST || ctx == V_COND) && is_modifier_word(ps, p, e))
			return true;
		if (ctx == V_COND && (word_is(ps, p, e, "and") || word_is(ps, p, e, "or") ||
		    at_cmp_op(ps, p, &n)))
			return true;
		softf(ps, "operator or word '%.*s' in an expression", (int)(e - p > 20 ? 20 : e - p),
		    ps->b + p);
		return false;
	}
	if (ctx == V_COND && (((c == '&' || c == '|') && c2 == c) ||
	    ((c == '=' || c == '!') && c2 == '~') || at_cmp_op(ps, p, &n)))
		return true;
	if (c >= 0x21 && c < 0x7f && c2 >= 0x21 && c2 < 0x7f && strchr("=<>&|*/+-.!~:?%^", c2))
		softf(ps, "operator '%c%c' in an expression", c, c2);
	else if (c >= 0x21 && c < 0x7f)
		softf(ps, "operator '%c' in an expression", c);
	else
		soft(ps, "unexpected text after a value");
	return false;
}

/* A number literal at pos, kept as written. */
static int
parse_number(pst *ps, f48_pexpr **out)
{
	size_t s = ps->pos, j = s;
	f48_pexpr *n;

	if (at(ps, j) == '-')
		j++;
	if (at(ps, j) == '0' && (at(ps, j + 1) == 'x' || at(ps, j + 1) == 'X' ||
	    at(ps, j + 1) == 'b' || at(ps, j + 1) == 'B')) {
		for (j += 2; is_idchar(at(ps, j)); j++)
			;
	} else {
		while (is_digit(at(ps, j)) || at(ps, j) == '_')
			j++;
		if (at(ps, j) == '.' && is_digit(at(ps, j + 1)))
			for (j++; is_digit(at(ps, j)) || at(ps, j) == '_'; j++)
				;
		if ((at(ps, j) == 'e' || at(ps, j) == 'E') &&
		    (is_digit(at(ps, j + 1)) || ((at(ps, j + 1) == '-' || at(ps, j + 1) == '+') &&
		    is_digit(at(ps, j + 2)))))
			for (j += 2; is_digit(at(ps, j)); j++)
				;
	}
	if (is_idchar(at(ps, j)))
		return soft(ps, "malformed number");
	n = px_new(F48_PX_NUM);
	n->str = f48_xstrndup(ps->b + s, j - s);
	ps->pos = j;
	*out = n;
	return R_OK;
}

/* {KEY} or [IDX] after a variable name, at pos. */
static int
parse_subscript(pst *ps, f48_pexpr **key)
{
	size_t open_pos = ps->pos, j, k, m;
	int open = at(ps, open_pos), close = close_of(open), r;
	char d[32];

	if (ps->depth >= MAX_DEPTH)
		return hard(ps, open_pos, open_pos, "nesting deeper than %d levels", MAX_DEPTH);
	ps->pos++;
	skip_ws(ps);
	j = ps->pos;
	if (open == '{') {
		/* a bareword key, possibly -word */
		k = at(ps, j) == '-' ? j + 1 : j;
		if (is_idstart(at(ps, k))) {
			while (is_idchar(at(ps, k)))
				k++;
			for (m = k; is_space(at(ps, m)); m++)
				;
			if (at(ps, m) == '}') {
				*key = px_str(ps->b + j, k - j, 0);
				ps->pos = m + 1;
				return R_OK;
			}
		}
	}
	ps->depth++;
	r = parse_value(ps, V_KEY, key);
	ps->depth--;
	if (r != R_OK)
		return r;
	skip_ws(ps);
	if (at(ps, ps->pos) == close) {
		ps->pos++;
		return R_OK;
	}
	px_free(*key);
	*key = NULL;
	if (at(ps, ps->pos) < 0)
		return hard(ps, open_pos, open_pos, "unbalanced '%c' opened here is never closed", open);
	return hard(ps, ps->pos, ps->pos, "expected '%c' after the subscript, found %s", close,
	    describe(ps, ps->pos, d, sizeof(d)));
}

/* $NAME, ${NAME}, $NAME{KEY} as a term. */
static int
parse_scalar_term(pst *ps, f48_pexpr **out)
{
	size_t j = ps->pos + 1, k, ne, m;
	f48_pexpr *v, *key = NULL;
	int r;

	if (at(ps, j) == '{') {
		for (k = j + 1; is_hspace(at(ps, k)); k++)
			;
		ne = name_end(ps->b, ps->len, k);
		for (m = ne; is_hspace(at(ps, m)); m++)
			;
		if (ne == k || at(ps, m) != '}')
			return soft(ps, "${...} expression");
		ps->pos = m + 1;
	} else {
		k = j;
		ne = name_end(ps->b, ps->len, j);
		if (ne == j)
			return soft(ps, at(ps, j) == '#' ? "$#array (last index)" : "special variable");
		ps->pos = ne;
	}
	if (at(ps, ps->pos) == '{' || at(ps, ps->pos) == '[') {
		int open = at(ps, ps->pos);

		r = parse_subscript(ps, &key);
		if (r != R_OK)
			return r;
		v = px_new(F48_PX_ELEM);
		v->key = key;
		v->quote = (char)open;
		if (at(ps, ps->pos) == '{' || at(ps, ps->pos) == '[') {
			px_free(v);
			return soft(ps, "nested data structure");
		}
	} else {
		v = px_new(F48_PX_SCALAR);
	}
	v->name = norm_name(ps->b + k, ne - k);
	if (at(ps, ps->pos) == '-' && at(ps, ps->pos + 1) == '>') {
		px_free(v);
		return soft(ps, "reference dereference (->)");
	}
	*out = v;
	return R_OK;
}

/* A word at pos: q() qq() qw(), a bareword before =>, or outside the subset. */
static int
parse_word_term(pst *ps, f48_pexpr **out)
{
	size_t p = ps->pos, e, d, cs, ce, ne, end;
	int parts;

	peek_word(ps, p, &e);
	parts = qop_parts(ps->b + p, e - p);
	if (parts && (d = qop_delim_at(ps, e)) != NOPOS) {
		int open = at(ps, d);

		end = scan_qop(ps, d, parts, &cs, &ce);
		if (end == NOPOS)
			return hard(ps, p, p, "unterminated %.*s operator starting here", (int)(e - p),
			    ps->b + p);
		if (word_is(ps, p, e, "q"))
			*out = build_sq(ps->b, cs, ce, open, close_of(open), 'q');
		else if (word_is(ps, p, e, "qq"))
			*out = build_dq(ps->b, cs, ce, 'Q');
		else if (word_is(ps, p, e, "qw"))
			*out = build_qw(ps->b, cs, ce);
		else
			return softf(ps, "%.*s operator (regexp, substitution or command)",
			    (int)(e - p), ps->b + p);
		ps->pos = end;
		return R_OK;
	}
	ne = name_end(ps->b, ps->len, p);
	ps->pos = ne;
	skip_ws(ps);
	if (at(ps, ps->pos) == '=' && at(ps, ps->pos + 1) == '>') {
		*out = px_str(ps->b + p, ne - p, 0);
		return R_OK;
	}
	return softf(ps, "function call or bareword '%.*s'", (int)(ne - p > 40 ? 40 : ne - p),
	    ps->b + p);
}

static int
parse_term(pst *ps, f48_pexpr **out)
{
	size_t p, e;
	int c, c2, r;
	char d[32];

	skip_ws(ps);
	p = ps->pos;
	c = at(ps, p);
	c2 = at(ps, p + 1);
	switch (c) {
	case '"':
		e = scan_delim(ps->b, ps->len, p + 1, '"', '"');
		if (e == NOPOS)
			return hard(ps, p, p, "unterminated double-quoted string starting here");
		*out = build_dq(ps->b, p + 1, e, '"');
		ps->pos = e + 1;
		return R_OK;
	case '\'':
		e = scan_delim(ps->b, ps->len, p + 1, '\'', '\'');
		if (e == NOPOS)
			return hard(ps, p, p, "unterminated single-quoted string starting here");
		*out = build_sq(ps->b, p + 1, e, '\'', '\'', '\'');
		ps->pos = e + 1;
		return R_OK;
	case '`':
		return soft(ps, "backticks (runs a command)");
	case '$':
		return parse_scalar_term(ps, out);
	case '@':
		e = name_end(ps->b, ps->len, p + 1);
		if (e == p + 1)
			return soft(ps, "array expression");
		if (at(ps, e) == '[' || at(ps, e) == '{')
			return soft(ps, "array or hash slice");
		*out = px_new(F48_PX_ARRAY);
		(*out)->name = norm_name(ps->b + p + 1, e - p - 1);
		ps->pos = e;
		return R_OK;
	case '%':
		return soft(ps, "hash in an expression");
	case '&':
		return soft(ps, "function call");
	case '<':
		if (c2 == '<') {
			r = parse_heredoc(ps, out);
			return r;
		}
		return soft(ps, "readline or comparison");
	case '(':
		return parse_list(ps, out);
	case '-':
		if (is_digit(c2))
			return parse_number(ps, out);
		return soft(ps, "unary minus or file test");
	case '.':
		if (is_digit(c2))
			return parse_number(ps, out);
		break;
	case '/':
		return soft(ps, "regexp match against $_");
	case ';': case ')': case ']': case '}': case ',': case -1:
		return hard(ps, p, p, "expected a value, found %s", describe(ps, p, d, sizeof(d)));
	default:
		break;
	}
	if (is_digit(c))
		return parse_number(ps, out);
	if (is_idstart(c))
		return parse_word_term(ps, out);
	if (c >= 0x80 || c < 0x20 || c == 0x7f)
		return hard(ps, p, p, "unexpected byte 0x%02x outside a string", (unsigned)c);
	return softf(ps, "operator '%c' where a value is expected", c);
}

/* TERM { . TERM } */
static int
parse_concat(pst *ps, f48_pexpr **out)
{
	f48_pexpr *t = NULL, *u, *cat = NULL;
	int r;

	r = parse_term(ps, &t);
	if (r != R_OK)
		return r;
	for (;;) {
		skip_ws(ps);
		if (at(ps, ps->pos) != '.' || at(ps, ps->pos + 1) == '.' || at(ps, ps->pos + 1) == '=')
			break;
		ps->pos++;
		u = NULL;
		r = parse_term(ps, &u);
		if (r != R_OK) {
			px_free(cat ? cat : t);
			return r;
		}
		if (cat == NULL) {
			cat = px_new(F48_PX_CONCAT);
			px_push(cat, t);
		}
		px_push(cat, u);
	}
	*out = cat ? cat : t;
	return R_OK;
}

/* Two values in a row ($X = 1 2;) is a syntax error in Perl. */
static bool
term_follows(pst *ps)
{
	int c;

	skip_ws(ps);
	c = at(ps, ps->pos);
	return is_digit(c) || c == '"' || c == '\'' || c == '$';
}

/* An expression in context.  Outside the subset it becomes an UNKNOWN node
 * with the raw text (except in conditions, where the whole condition is). */
static int
parse_value(pst *ps, int ctx, f48_pexpr **out)
{
	size_t start;
	hdoc hd;
	f48_pexpr *e = NULL;
	int r;
	char reason[128];

	skip_ws(ps);
	start = ps->pos;
	hd = ps->hd;
	*out = NULL;
	r = parse_concat(ps, &e);
	if (r == R_OK && term_follows(ps)) {
		px_free(e);
		return hard(ps, ps->pos, ps->pos, "expected an operator or ';' after a value, found %s",
		    describe(ps, ps->pos, reason, sizeof(reason)));
	}
	if (r == R_OK && !follower_ok(ps, ctx))
		r = R_SOFT;
	if (r == R_OK) {
		*out = e;
		return R_OK;
	}
	px_free(e);
	if (r == R_HARD || ctx == V_COND)
		return r;
	snprintf(reason, sizeof(reason), "%s", ps->soft ? ps->soft : "outside the subset");
	ps->pos = start;
	ps->hd = hd;
	ps->tok_end = start;
	r = skip_generic(ps, ctx == V_LIST ? SK_COMMA : ctx == V_STMT ? SK_MOD : 0, NULL);
	if (r != R_OK)
		return r;
	if (ps->tok_end <= start) {
		char d[32];

		return hard(ps, start, start, "expected a value, found %s",
		    describe(ps, start, d, sizeof(d)));
	}
	*out = px_unknown(ps->b + start, ps->tok_end - start, reason);
	return R_OK;
}

/* ( LIST ) at pos; nested lists and qw() are flattened as Perl does. */
static int
parse_list(pst *ps, f48_pexpr **out)
{
	size_t open_pos = ps->pos, e, i;
	f48_pexpr *l, *el;
	hdoc hd;
	int c, r;
	char d[32];

	if (ps->depth >= MAX_DEPTH)
		return hard(ps, open_pos, open_pos, "nesting deeper than %d levels", MAX_DEPTH);
	ps->depth++;
	ps->pos++;
	l = px_new(F48_PX_LIST);
	for (;;) {
		skip_ws(ps);
		c = at(ps, ps->pos);
		if (c == ')') {
			ps->pos++;
			break;
		}
		if (c == ',') {
			ps->pos++;
			continue;
		}
		if (c < 0) {
			r = hard(ps, open_pos, open_pos, "unbalanced '(' opened here is never closed");
			goto fail;
		}
		el = NULL;
		e = name_end(ps->b, ps->len, ps->pos);
		if (e > ps->pos) {
			/* bareword => value: the word is a string */
			size_t save = ps->pos;

			hd = ps->hd;
			ps->pos = e;
			skip_ws(ps);
			if (at(ps, ps->pos) == '=' && at(ps, ps->pos + 1) == '>')
				el = px_str(ps->b + save, e - save, 0);
			else {
				ps->pos = save;
				ps->hd = hd;
			}
		}
		if (el == NULL && (r = parse_value(ps, V_LIST, &el)) != R_OK)
			goto fail;
		if (el->kind == F48_PX_LIST) {
			for (i = 0; i < el->nparts; i++)
				px_push(l, el->parts[i]);
			el->nparts = 0;
			px_free(el);
		} else {
			px_push(l, el);
		}
		skip_ws(ps);
		c = at(ps, ps->pos);
		if (c == ',') {
			ps->pos++;
		} else if (c == '=' && at(ps, ps->pos + 1) == '>') {
			ps->pos += 2;
		} else if (c < 0) {
			r = hard(ps, open_pos, open_pos, "unbalanced '(' opened here is never closed");
			goto fail;
		} else if (c != ')') {
			r = hard(ps, ps->pos, ps->pos, "expected ',' or ')' in the list, found %s",
			    describe(ps, ps->pos, d, sizeof(d)));
			goto fail;
		}
	}
	ps->depth--;
	*out = l;
	return R_OK;
fail:
	ps->depth--;
	px_free(l);
	return r;
}

/* ---------------------------------------------------------- conditions */

static int cond_or(pst *ps, f48_pcond **out);

/* True when a regexp source interpolates variables (checked at run time). */
static bool
pattern_interpolates(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++) {
		if (p[i] == '\\') {
			i++;
			continue;
		}
		if ((p[i] == '$' || p[i] == '@') &&
		    (is_idstart((unsigned char)p[i + 1]) || p[i + 1] == '{'))
			return true;
	}
	return false;
}

/* After =~ or !~: /PAT/flags, m?PAT?flags. */
static int
parse_match(pst *ps, f48_pcond *c)
{
	size_t p, d, e, f;
	char *msg = NULL;

	skip_ws(ps);
	p = ps->pos;
	if (at(ps, p) == '/') {
		d = p;
	} else if (peek_word(ps, p, &e) && word_is(ps, p, e, "m") &&
	    (d = qop_delim_at(ps, e)) != NOPOS) {
		;
	} else {
		return soft(ps, "match against something other than m/.../");
	}
	e = scan_delim(ps->b, ps->len, d + 1, at(ps, d), close_of(at(ps, d)));
	if (e == NOPOS)
		return hard(ps, p, p, "unterminated regular expression starting here");
	for (f = e + 1; is_idchar(at(ps, f)); f++)
		;
	c->pattern = f48_xstrndup(ps->b + d + 1, e - d - 1);
	c->flags = f48_xstrndup(ps->b + e + 1, f - e - 1);
	ps->pos = f;
	if (!pattern_interpolates(c->pattern, e - d - 1) &&
	    !f48_perl_regex_valid(c->pattern, e - d - 1, &msg)) {
		f48_findings_add(ps->fs, F48_SEV_WARNING, F48_C_REGEX_INVALID, ps->file,
		    line_at(ps, p), NULL, "regular expression is not valid: %s", msg);
		free(msg);
	}
	return R_OK;
}

static int
cond_prim(pst *ps, f48_pcond **out)
{
	size_t p, e, n;
	f48_pcond *c;
	int r;

	skip_ws(ps);
	p = ps->pos;
	if (at(ps, p) == '(') {
		if (ps->depth >= MAX_DEPTH)
			return hard(ps, p, p, "nesting deeper than %d levels", MAX_DEPTH);
		ps->depth++;
		ps->pos++;
		r = cond_or(ps, out);
		ps->depth--;
		if (r != R_OK)
			return r;
		skip_ws(ps);
		if (at(ps, ps->pos) < 0)
			return hard(ps, p, p, "unbalanced '(' opened here is never closed");
		if (at(ps, ps->pos) != ')')
			return soft(ps, "parenthesized expression in a condition");
		ps->pos++;
		skip_ws(ps);
		if (at_cmp_op(ps, ps->pos, &n) ||
		    ((at(ps, ps->pos) == '=' || at(ps, ps->pos) == '!') && at(ps, ps->pos + 1) == '~'))
			return soft(ps, "comparison of a parenthesized expression");
		return R_OK;
	}
	if (peek_word(ps, p, &e) && word_is(ps, p, e, "defined")) {
		bool paren;

		ps->pos = e;
		skip_ws(ps);
		paren = at(ps, ps->pos) == '(';
		if (paren)
			ps->pos++;
		c = pc_new(F48_PC_DEFINED);
		*out = c;
		r = parse_value(ps, V_COND, &c->lhs);
		if (r != R_OK)
			return r;
		if (paren) {
			skip_ws(ps);
			if (at(ps, ps->pos) != ')')
				return soft(ps, "defined(...) with more than a value");
			ps->pos++;
		}
		return R_OK;
	}
	c = pc_new(F48_PC_TRUTH);
	*out = c;
	r = parse_value(ps, V_COND, &c->lhs);
	if (r != R_OK)
		return r;
	skip_ws(ps);
	p = ps->pos;
	if ((at(ps, p) == '=' || at(ps, p) == '!') && at(ps, p + 1) == '~') {
		c->kind = F48_PC_MATCH;
		c->negated = at(ps, p) == '!';
		ps->pos += 2;
		return parse_match(ps, c);
	}
	if (at_cmp_op(ps, p, &n)) {
		c->kind = F48_PC_CMP;
		memcpy(c->op, ps->b + p, n);
		c->op[n] = '\0';
		ps->pos += n;
		return parse_value(ps, V_COND, &c->rhs);
	}
	return R_OK;
}

static int
cond_unary(pst *ps, f48_pcond **out)
{
	size_t p, e;
	f48_pcond *c;
	int r;

	skip_ws(ps);
	p = ps->pos;
	if ((at(ps, p) == '!' && at(ps, p + 1) != '~' && at(ps, p + 1) != '=') ||
	    (peek_word(ps, p, &e) && word_is(ps, p, e, "not"))) {
		if (ps->depth >= MAX_DEPTH)
			return hard(ps, p, p, "nesting deeper than %d levels", MAX_DEPTH);
		ps->pos = at(ps, p) == '!' ? p + 1 : e;
		c = pc_new(F48_PC_NOT);
		*out = c;
		ps->depth++;
		r = cond_unary(ps, &c->sub[0]);
		ps->depth--;
		return r;
	}
	return cond_prim(ps, out);
}

static int
cond_and(pst *ps, f48_pcond **out)
{
	f48_pcond *c;
	size_t p, e;
	int r = cond_unary(ps, out);

	while (r == R_OK) {
		skip_ws(ps);
		p = ps->pos;
		if (at(ps, p) == '&' && at(ps, p + 1) == '&')
			ps->pos += 2;
		else if (peek_word(ps, p, &e) && word_is(ps, p, e, "and"))
			ps->pos = e;
		else
			break;
		if (++ps->cond_nodes > MAX_COND_NODES)
			return soft(ps, "condition with too many terms");
		c = pc_new(F48_PC_AND);
		c->sub[0] = *out;
		*out = c;
		r = cond_unary(ps, &c->sub[1]);
	}
	return r;
}

static int
cond_or(pst *ps, f48_pcond **out)
{
	f48_pcond *c;
	size_t p, e;
	int r = cond_and(ps, out);

	while (r == R_OK) {
		skip_ws(ps);
		p = ps->pos;
		if (at(ps, p) == '|' && at(ps, p + 1) == '|')
			ps->pos += 2;
		else if (peek_word(ps, p, &e) && word_is(ps, p, e, "or"))
			ps->pos = e;
		else
			break;
		if (++ps->cond_nodes > MAX_COND_NODES)
			return soft(ps, "condition with too many terms");
		c = pc_new(F48_PC_OR);
		c->sub[0] = *out;
		*out = c;
		r = cond_and(ps, &c->sub[1]);
	}
	return r;
}

/* The condition of a statement modifier, up to the ';'. */
static int
parse_modifier_cond(pst *ps, f48_pcond **out)
{
	size_t start;
	hdoc hd;
	f48_pcond *c = NULL;
	int r;
	char reason[128];

	skip_ws(ps);
	start = ps->pos;
	hd = ps->hd;
	ps->cond_nodes = 0;
	r = cond_or(ps, &c);
	if (r == R_OK) {
		skip_ws(ps);
		if (at(ps, ps->pos) >= 0 && at(ps, ps->pos) != ';')
			r = soft(ps, "operator outside the subset in a condition");
	}
	if (r == R_OK) {
		*out = c;
		return R_OK;
	}
	pc_free(c);
	if (r == R_HARD)
		return r;
	snprintf(reason, sizeof(reason), "%s", ps->soft ? ps->soft : "outside the subset");
	ps->pos = start;
	ps->hd = hd;
	ps->tok_end = start;
	r = skip_generic(ps, 0, NULL);
	if (r != R_OK)
		return r;
	if (ps->tok_end <= start)
		return hard(ps, start, start, "expected a condition");
	c = pc_new(F48_PC_UNKNOWN);
	c->raw = f48_xstrndup(ps->b + start, ps->tok_end - start);
	c->reason = f48_xstrdup(reason);
	*out = c;
	return R_OK;
}

/* ---------------------------------------------------------- statements */

typedef enum kwclass {
	KW_NONE,       /* not a keyword */
	KW_IF,         /* if/unless BLOCK [elsif/else BLOCK] */
	KW_LOOP,       /* for/foreach/while/until BLOCK [continue BLOCK] */
	KW_BLOCK,      /* sub/BEGIN/END/package...: up to a block or ';' */
	KW_DOEVAL,     /* do/eval BLOCK, then maybe a modifier and ';' */
	KW_SIMPLE      /* require/use/my...: up to ';' */
} kwclass;

static kwclass
keyword_class(const pst *ps, size_t s, size_t e, const char **why)
{
	static const struct { const char *w; kwclass k; const char *why; } kw[] = {
		{ "if", KW_IF, "'if' block (conditional code)" },
		{ "unless", KW_IF, "'unless' block (conditional code)" },
		{ "for", KW_LOOP, "'for' loop" },
		{ "foreach", KW_LOOP, "'foreach' loop" },
		{ "while", KW_LOOP, "'while' loop" },
		{ "until", KW_LOOP, "'until' loop" },
		{ "sub", KW_BLOCK, "subroutine definition" },
		{ "BEGIN", KW_BLOCK, "BEGIN block" },
		{ "END", KW_BLOCK, "END block" },
		{ "INIT", KW_BLOCK, "INIT block" },
		{ "CHECK", KW_BLOCK, "CHECK block" },
		{ "package", KW_BLOCK, "'package' statement" },
		{ "do", KW_DOEVAL, "'do' (runs code or a file)" },
		{ "eval", KW_DOEVAL, "'eval' (runs code)" },
		{ "require", KW_SIMPLE, "'require' (loads Perl code)" },
		{ "use", KW_SIMPLE, "'use' (loads Perl code)" },
		{ "no", KW_SIMPLE, "'no' pragma" },
		{ "local", KW_SIMPLE, "'local' declaration" },
		{ "my", KW_SIMPLE, "'my' declaration" },
		{ "our", KW_SIMPLE, "'our' declaration" },
		{ "return", KW_SIMPLE, "'return' statement" },
		{ "last", KW_SIMPLE, "'last' statement" },
		{ "next", KW_SIMPLE, "'next' statement" },
		{ "goto", KW_SIMPLE, "'goto' statement" },
		{ "else", KW_NONE, NULL },
		{ NULL, KW_NONE, NULL }
	};
	size_t i;

	for (i = 0; kw[i].w; i++)
		if (word_is(ps, s, e, kw[i].w)) {
			*why = kw[i].why;
			return kw[i].k;
		}
	return KW_NONE;
}

/* Skip a statement outside the subset: up to and including its ';', or its
 * block(s) for block constructs. */
static int
skip_statement(pst *ps, kwclass kw)
{
	bool closed;
	size_t e, p, after;
	hdoc hd;
	int r, c;
	char d[32];

	for (;;) {
		r = skip_generic(ps, kw == KW_NONE || kw == KW_SIMPLE ? 0 : SK_BLOCK, &closed);
		if (r != R_OK)
			return r;
		c = at(ps, ps->pos);
		if (!closed) {
			if (c == ';') {
				ps->pos++;
				ps->tok_end = ps->pos;
				return R_OK;
			}
			if (c < 0)
				return hard(ps, ps->pos, ps->len,
				    "missing ';' at the end of the file");
			return hard(ps, ps->pos, ps->pos, "unmatched %s", describe(ps, ps->pos, d,
			    sizeof(d)));
		}
		/* a block just closed: a continuation keyword may follow; if none
		 * does, the statement ends right after the '}' */
		after = ps->pos;
		hd = ps->hd;
		skip_ws(ps);
		p = ps->pos;
		if (!peek_word(ps, p, &e))
			e = p;
		if (kw == KW_IF && (word_is(ps, p, e, "elsif") || word_is(ps, p, e, "else")))
			continue;
		if (kw == KW_LOOP && word_is(ps, p, e, "continue"))
			continue;
		if (kw == KW_DOEVAL) {
			if (at(ps, p) == ';') {
				ps->pos++;
				ps->tok_end = ps->pos;
				return R_OK;
			}
			if (e > p && is_modifier_word(ps, p, e)) {
				kw = KW_SIMPLE;
				continue;
			}
		}
		ps->pos = after;
		ps->hd = hd;
		return R_OK;
	}
}

/* Read an assignment operator at pos into op; false if there is none. */
static bool
read_assign_op(pst *ps, char op[4])
{
	static const char *const ops[] = {
		"**=", "||=", "&&=", "//=", "<<=", ">>=", "+=", "-=", "*=", "/=",
		".=", "%=", "x=", "|=", "&=", "^=", "=", NULL
	};
	size_t i, n;
	const char *p = ps->b + ps->pos;

	for (i = 0; ops[i]; i++) {
		n = strlen(ops[i]);
		if (ps->pos + n > ps->len || memcmp(p, ops[i], n) != 0)
			continue;
		if (n == 1 && (at(ps, ps->pos + 1) == '=' || at(ps, ps->pos + 1) == '~'))
			return false;
		memcpy(op, ops[i], n + 1);
		ps->pos += n;
		return true;
	}
	return false;
}

/* $NAME op EXPR, $NAME{KEY} op EXPR */
static int
stmt_scalar(pst *ps, f48_pstmt *st)
{
	size_t j = ps->pos + 1, k, ne, m;
	int r;

	if (at(ps, j) == '{') {
		for (k = j + 1; is_hspace(at(ps, k)); k++)
			;
		ne = name_end(ps->b, ps->len, k);
		for (m = ne; is_hspace(at(ps, m)); m++)
			;
		if (ne == k || at(ps, m) != '}')
			return soft(ps, "assignment through ${...}");
		ps->pos = m + 1;
	} else {
		k = j;
		ne = name_end(ps->b, ps->len, j);
		if (ne == j)
			return soft(ps, "statement on a special variable");
		ps->pos = ne;
	}
	st->name = norm_name(ps->b + k, ne - k);
	st->kind = F48_PS_SCALAR;
	if (at(ps, ps->pos) == '[')
		return soft(ps, "assignment to an array element");
	if (at(ps, ps->pos) == '{') {
		r = parse_subscript(ps, &st->key);
		if (r != R_OK)
			return r;
		st->kind = F48_PS_ELEM;
	}
	if (at(ps, ps->pos) == '{' || at(ps, ps->pos) == '[' ||
	    (at(ps, ps->pos) == '-' && at(ps, ps->pos + 1) == '>'))
		return soft(ps, "nested data structure or reference");
	skip_ws(ps);
	if (!read_assign_op(ps, st->op))
		return soft(ps, "statement on a variable other than an assignment");
	return parse_value(ps, V_STMT, &st->value);
}

/* Wrap a value that is not a LIST into a one-element LIST. */
static f48_pexpr *
as_list(f48_pexpr *v)
{
	f48_pexpr *l;

	if (v->kind == F48_PX_LIST)
		return v;
	l = px_new(F48_PX_LIST);
	px_push(l, v);
	return l;
}

/* @NAME = LIST, %NAME = LIST */
static int
stmt_aggregate(pst *ps, f48_pstmt *st, f48_pstmt_kind kind)
{
	size_t j = ps->pos + 1, ne = name_end(ps->b, ps->len, j);
	int r;

	if (ne == j)
		return soft(ps, "statement on an array or hash expression");
	st->name = norm_name(ps->b + j, ne - j);
	st->kind = kind;
	ps->pos = ne;
	if (at(ps, ne) == '[' || at(ps, ne) == '{')
		return soft(ps, "assignment to a slice");
	skip_ws(ps);
	if (!read_assign_op(ps, st->op) || strcmp(st->op, "=") != 0)
		return soft(ps, "array or hash operation other than '='");
	r = parse_value(ps, V_STMT, &st->value);
	if (r == R_OK)
		st->value = as_list(st->value);
	return r;
}

/* A comma-separated list without parentheses (push @X, 'a', 'b'), up to
 * ';' or a statement modifier. */
static int
parse_bare_list(pst *ps, f48_pexpr **out)
{
	f48_pexpr *l = px_new(F48_PX_LIST), *el;
	int r;

	for (;;) {
		el = NULL;
		r = parse_value(ps, V_LIST, &el);
		if (r != R_OK) {
			px_free(l);
			return r;
		}
		px_push(l, el);
		skip_ws(ps);
		if (at(ps, ps->pos) == ',')
			ps->pos++;
		else if (at(ps, ps->pos) == '=' && at(ps, ps->pos + 1) == '>')
			ps->pos += 2;
		else
			break;
	}
	*out = l;
	return R_OK;
}

/* push(@NAME, LIST) with or without parentheses; ps->pos after "push". */
static int
stmt_push(pst *ps, f48_pstmt *st)
{
	f48_pexpr *l = NULL, *first;
	size_t i;
	int r;

	skip_ws(ps);
	if (at(ps, ps->pos) == '(')
		r = parse_list(ps, &l);
	else
		r = parse_bare_list(ps, &l);
	st->kind = F48_PS_PUSH;
	st->value = l;
	if (r != R_OK)
		return r;
	if (l->nparts == 0 || l->parts[0]->kind != F48_PX_ARRAY)
		return soft(ps, "push onto something other than a named array");
	first = l->parts[0];
	st->name = first->name;
	first->name = NULL;
	px_free(first);
	for (i = 1; i < l->nparts; i++)
		l->parts[i - 1] = l->parts[i];
	l->nparts--;
	return R_OK;
}

/* NAME(ARGS), &NAME(ARGS), &NAME */
static int
stmt_call(pst *ps, f48_pstmt *st, size_t s, size_t e)
{
	int r;

	st->kind = F48_PS_CALL;
	st->name = norm_name(ps->b + s, e - s);
	skip_ws(ps);
	if (at(ps, ps->pos) == '(') {
		r = parse_list(ps, &st->value);
		return r;
	}
	st->value = px_new(F48_PX_LIST);
	return R_OK;
}

/* A bare constant: 1; "x"; */
static int
stmt_const(pst *ps, f48_pstmt *st)
{
	st->kind = F48_PS_TRUE;
	return parse_value(ps, V_STMT, &st->value);
}

/* A statement beginning with a word. */
static int
stmt_word(pst *ps, f48_pstmt *st, kwclass *kw)
{
	size_t s = ps->pos, e, ne, d;
	const char *why = NULL;

	peek_word(ps, s, &e);
	if (qop_parts(ps->b + s, e - s) && (d = qop_delim_at(ps, e)) != NOPOS)
		return stmt_const(ps, st);
	*kw = keyword_class(ps, s, e, &why);
	if (*kw != KW_NONE)
		return soft(ps, why);
	if (word_is(ps, s, e, "else") || word_is(ps, s, e, "elsif"))
		return hard(ps, s, s, "'%.*s' without a preceding 'if' block", (int)(e - s), ps->b + s);
	ne = name_end(ps->b, ps->len, s);
	ps->pos = ne;
	skip_ws(ps);
	if (word_is(ps, s, ne, "push"))
		return stmt_push(ps, st);
	if (at(ps, ps->pos) == '(')
		return stmt_call(ps, st, s, ne);
	return softf(ps, "statement '%.*s ...' (a Perl function or bareword)",
	    (int)(ne - s > 40 ? 40 : ne - s), ps->b + s);
}

/* After the statement proper: optional if/unless modifier, then ';'. */
static int
stmt_tail(pst *ps, f48_pstmt *st, size_t start)
{
	size_t p, e;
	int r;
	char d[32];

	skip_ws(ps);
	p = ps->pos;
	if (peek_word(ps, p, &e)) {
		if (word_is(ps, p, e, "if") || word_is(ps, p, e, "unless")) {
			st->cond_unless = word_is(ps, p, e, "unless");
			ps->pos = e;
			r = parse_modifier_cond(ps, &st->cond);
			if (r != R_OK)
				return r;
		} else if (is_modifier_word(ps, p, e)) {
			return softf(ps, "'%.*s' statement modifier (a loop)", (int)(e - p), ps->b + p);
		}
	}
	skip_ws(ps);
	if (at(ps, ps->pos) == ';') {
		ps->pos++;
		return R_OK;
	}
	if (at(ps, ps->pos) < 0)
		return hard(ps, start, ps->len,
		    "missing ';' at the end of the file after the statement starting here");
	return hard(ps, ps->pos, ps->pos, "expected ';' after the statement, found %s",
	    describe(ps, ps->pos, d, sizeof(d)));
}

/* One statement at pos into *st (zeroed): R_OK (possibly UNSUPPORTED) or
 * R_HARD. */
static int
parse_statement(pst *ps, f48_pstmt *st)
{
	size_t start = ps->pos;
	hdoc hd = ps->hd;
	int c = at(ps, start), c2 = at(ps, start + 1), r;
	kwclass kw = KW_NONE;
	char d[32], why[160];

	ps->soft = NULL;
	if (c == '$')
		r = stmt_scalar(ps, st);
	else if (c == '@')
		r = stmt_aggregate(ps, st, F48_PS_ARRAY);
	else if (c == '%')
		r = stmt_aggregate(ps, st, F48_PS_HASH);
	else if (c == '&') {
		size_t ne = name_end(ps->b, ps->len, start + 1);

		if (ne == start + 1) {
			r = soft(ps, "call through a code reference");
		} else {
			ps->pos = ne;
			r = stmt_call(ps, st, start + 1, ne);
		}
	} else if (is_digit(c) || c == '"' || c == '\'' || ((c == '-' || c == '.') && is_digit(c2)))
		r = stmt_const(ps, st);
	else if (is_idstart(c))
		r = stmt_word(ps, st, &kw);
	else if (c == '{') {
		kw = KW_BLOCK;
		r = soft(ps, "bare block");
	} else if (c == '}' || c == ')' || c == ']')
		return hard(ps, start, start, "unmatched '%c'", c);
	else if (c > 0x20 && c < 0x7f && strchr("(-!\\<*~`+/", c))
		r = soft(ps, "expression statement");
	else
		return hard(ps, start, start, "unexpected %s at the start of a statement",
		    describe(ps, start, d, sizeof(d)));
	if (r == R_OK)
		r = stmt_tail(ps, st, start);
	if (r != R_SOFT)
		return r;
	snprintf(why, sizeof(why), "%s", ps->soft ? ps->soft : "outside the subset");
	stmt_clear(st);
	ps->pos = start;
	ps->hd = hd;
	ps->tok_end = start;
	r = skip_statement(ps, kw);
	if (r != R_OK)
		return r;
	st->kind = F48_PS_UNSUPPORTED;
	st->reason = f48_xstrdup(why);
	return R_OK;
}

/* ------------------------------------------------------------ top level */

/* POD: a line starting with =word, up to and including the =cut line. */
static bool
skip_pod(pst *ps)
{
	size_t p = ps->pos;

	if (at(ps, p) != '=' || !is_idstart(at(ps, p + 1)) || (p > 0 && ps->b[p - 1] != '\n'))
		return false;
	for (;;) {
		p = next_line(ps, p);
		if (p >= ps->len)
			break;
		if (ps->len - p >= 4 && memcmp(ps->b + p, "=cut", 4) == 0 && !is_idchar(at(ps, p + 4))) {
			p = next_line(ps, p);
			break;
		}
	}
	ps->pos = p;
	return true;
}

/* After an error: the next line that can start a statement: after blanks,
 * one of $ @ % & 1, or a name followed by '('. */
static size_t
resync(pst *ps, size_t from)
{
	size_t ls = next_line(ps, from), j, e;
	int c;

	for (; ls < ps->len; ls = next_line(ps, ls)) {
		for (j = ls; at(ps, j) == ' ' || at(ps, j) == '\t'; j++)
			;
		c = at(ps, j);
		if (c == '$' || c == '@' || c == '%' || c == '&' || c == '1')
			return j;
		if (is_idstart(c)) {
			e = name_end(ps->b, ps->len, j);
			while (at(ps, e) == ' ' || at(ps, e) == '\t')
				e++;
			if (at(ps, e) == '(')
				return j;
		}
	}
	return ps->len;
}

/* Append a finished statement: line numbers and raw text (a here-document
 * statement's raw text runs to the end of its body). */
static void
add_statement(pst *ps, f48_pstmt *st, size_t start, const hdoc *hd0)
{
	size_t end = ps->pos;

	if (ps->hd.pending && ps->hd.body_end > end &&
	    (!hd0->pending || hd0->body_end != ps->hd.body_end)) {
		end = ps->hd.body_end;
		while (end > start && (ps->b[end - 1] == '\n' || ps->b[end - 1] == '\r'))
			end--;
	}
	st->line = line_at(ps, start);
	st->end_line = line_at(ps, end > start ? end - 1 : start);
	st->raw = f48_xstrndup(ps->b + start, end - start);
	st->raw_len = end - start;
	if (st->kind == F48_PS_UNSUPPORTED)
		f48_findings_add(ps->fs, F48_SEV_WARNING, F48_C_PARSE_UNSUPPORTED, ps->file,
		    st->line, "handle this by hand", "Perl outside the supported subset (%s); "
		    "it is not evaluated", st->reason);
	ps->stmts = f48_xgrow(ps->stmts, &ps->capstmts, ps->nstmts + 1, sizeof(*ps->stmts));
	ps->stmts[ps->nstmts++] = *st;
}

/* __END__ / __DATA__: the rest is not Perl. */
static bool
at_end_marker(pst *ps, f48_pprogram *prog)
{
	size_t p = ps->pos, e, i;

	if (!peek_word(ps, p, &e) ||
	    !(word_is(ps, p, e, "__END__") || word_is(ps, p, e, "__DATA__")))
		return false;
	prog->has_end = true;
	prog->end_line = line_at(ps, p);
	for (i = e; i < ps->len && is_space((unsigned char)ps->b[i]); i++)
		;
	if (i < ps->len)
		f48_findings_add(ps->fs, F48_SEV_INFO, F48_C_AFTER_END, ps->file, line_at(ps, i),
		    NULL, "text after %.*s is ignored", (int)(e - p), ps->b + p);
	return true;
}

static bool
has_crlf(const char *b, size_t len)
{
	const char *p = b, *end = b + len;

	while (p < end && (p = memchr(p, '\r', (size_t)(end - p))) != NULL) {
		if (p + 1 < end && p[1] == '\n')
			return true;
		p++;
	}
	return false;
}

int
f48_perl_parse(const char *buf, size_t len, const char *file, f48_pprogram **out,
    f48_findings *findings)
{
	pst ps;
	f48_pprogram *prog;
	f48_pstmt st;
	size_t start;
	hdoc hd0;
	int nerr = 0;

	if (out != NULL)
		*out = NULL;
	if ((buf == NULL && len > 0) || out == NULL || findings == NULL)
		return F48_EUSAGE;
	memset(&ps, 0, sizeof(ps));
	ps.b = buf ? buf : "";
	ps.len = len;
	ps.file = file;
	ps.fs = findings;
	ps.lc_line = 1;
	prog = f48_xcalloc(1, sizeof(*prog));
	prog->file = f48_xstrdup(file);
	prog->had_crlf = has_crlf(ps.b, len);
	for (;;) {
		skip_ws(&ps);
		if (skip_pod(&ps))
			continue;
		if (ps.pos >= ps.len || at_end_marker(&ps, prog))
			break;
		if (at(&ps, ps.pos) == ';') {
			ps.pos++;
			continue;
		}
		start = ps.pos;
		hd0 = ps.hd;
		ps.err = false;
		ps.depth = 0;
		memset(&st, 0, sizeof(st));
		if (parse_statement(&ps, &st) == R_OK) {
			add_statement(&ps, &st, start, &hd0);
			continue;
		}
		stmt_clear(&st);
		f48_findings_add(findings, F48_SEV_ERROR, F48_C_PARSE_ERROR, file,
		    line_at(&ps, ps.err_pos), NULL, "%s", ps.errmsg);
		ps.hd.pending = false;
		if (++nerr >= MAX_ERRORS) {
			f48_findings_add(findings, F48_SEV_ERROR, F48_C_PARSE_ERROR, file,
			    line_at(&ps, ps.err_pos), NULL,
			    "too many syntax errors; the rest of the file is not parsed");
			break;
		}
		ps.pos = resync(&ps, ps.err_resume < start ? start : ps.err_resume);
	}
	prog->stmts = ps.stmts;
	prog->n = ps.nstmts;
	*out = prog;
	return F48_OK;
}

/* ---------------------------------------------------------- evaluation */

void
f48_perl_budget_init(f48_perl_budget *b)
{
	memset(b, 0, sizeof(*b));
	b->value_max = F48_PERL_VALUE_MAX;
	b->mem_max = F48_PERL_MEM_MAX;
	b->steps_max = F48_PERL_STEPS_MAX;
}

static void
val_init(f48_perl_value *v)
{
	v->str = NULL;
	v->len = 0;
	v->known = true;
	v->reason = NULL;
}

/* Mark a result unknown; the first reason is kept. */
static void
val_unknown(bool *known, char **reason, const char *why)
{
	*known = false;
	if (*reason == NULL)
		*reason = f48_xstrdup(why);
}

/* Perl's string form of a number literal: integers are normalised
 * (007 -> 7, 0x10 -> 16, 0b101 -> 5, 1_000 -> 1000); others as written. */
static void
num_string(const char *s, f48_sb *out)
{
	const char *p = s;
	bool neg = false;
	unsigned long long v = 0, nv;
	int base = 10, dv;

	if (*p == '-') {
		neg = true;
		p++;
	}
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	} else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B')) {
		base = 2;
		p += 2;
	} else if (p[0] == '0' && p[1] != '\0' && p[1] != '.' && p[1] != 'e' && p[1] != 'E') {
		base = 8;
	}
	for (; *p; p++) {
		if (*p == '_')
			continue;
		dv = hexval((unsigned char)*p);
		if (dv < 0 || dv >= base)
			goto as_written;
		nv = v * (unsigned long long)base + (unsigned long long)dv;
		if (nv / (unsigned long long)base != v && v != 0)
			goto as_written;
		v = nv;
	}
	f48_sb_printf(out, "%s%llu", neg && v ? "-" : "", v);
	return;
as_written:
	f48_sb_puts(out, s);
}

static void eval_into(const f48_pexpr *e, f48_perl_lookup_fn lookup, void *ctx, f48_sb *out,
    bool *known, char **reason);

/* Look a variable up; unknown -> "" and the result becomes unknown. */
static void
lookup_into(f48_perl_lookup_fn lookup, void *ctx, char sigil, const char *name, f48_sb *out,
    bool *known, char **reason)
{
	const char *v = NULL;
	size_t n = 0;

	if (lookup != NULL && lookup(ctx, sigil, name, &v, &n)) {
		if (v != NULL)
			f48_sb_append(out, v, n);
		return;
	}
	if (*reason == NULL)
		*reason = f48_xasprintf("unknown variable %c%s", sigil, name);
	*known = false;
}

static void
eval_into(const f48_pexpr *e, f48_perl_lookup_fn lookup, void *ctx, f48_sb *out,
    bool *known, char **reason)
{
	size_t i;

	if (e == NULL)
		return;
	switch (e->kind) {
	case F48_PX_STR:
		f48_sb_append(out, e->str, e->len);
		break;
	case F48_PX_NUM:
		num_string(e->str, out);
		break;
	case F48_PX_SCALAR:
		lookup_into(lookup, ctx, '$', e->name, out, known, reason);
		break;
	case F48_PX_ARRAY:
		lookup_into(lookup, ctx, '@', e->name, out, known, reason);
		break;
	case F48_PX_ELEM: {
		f48_sb nm;

		/* the lookup name is NAME{KEY} (NAME[IDX] for arrays) */
		f48_sb_init(&nm);
		f48_sb_puts(&nm, e->name);
		f48_sb_putc(&nm, e->quote == '[' ? '[' : '{');
		eval_into(e->key, lookup, ctx, &nm, known, reason);
		f48_sb_putc(&nm, e->quote == '[' ? ']' : '}');
		lookup_into(lookup, ctx, '$', nm.data, out, known, reason);
		f48_sb_free(&nm);
		break;
	}
	case F48_PX_CONCAT:
		for (i = 0; i < e->nparts; i++)
			eval_into(e->parts[i], lookup, ctx, out, known, reason);
		break;
	case F48_PX_LIST:
		for (i = 0; i < e->nparts; i++) {
			if (i > 0)
				f48_sb_putc(out, ' ');
			eval_into(e->parts[i], lookup, ctx, out, known, reason);
		}
		break;
	case F48_PX_UNKNOWN:
		val_unknown(known, reason, e->reason ? e->reason : "outside the subset");
		break;
	}
}

void
f48_perl_eval(const f48_pexpr *e, f48_perl_lookup_fn lookup, void *ctx, f48_perl_value *out)
{
	f48_sb sb;

	if (out == NULL)
		return;
	val_init(out);
	f48_sb_init(&sb);
	eval_into(e, lookup, ctx, &sb, &out->known, &out->reason);
	out->len = sb.len;
	out->str = f48_sb_steal(&sb);
}

typedef struct vlist {
	f48_perl_value *v;
	size_t n, cap;
} vlist;

static f48_perl_value *
vlist_add(vlist *l)
{
	l->v = f48_xgrow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
	val_init(&l->v[l->n]);
	return &l->v[l->n++];
}

/* One list element: an @array expands to its space-separated items. */
static void
eval_element(const f48_pexpr *e, f48_perl_lookup_fn lookup, void *ctx, vlist *l)
{
	f48_perl_value *v;
	const char *s = NULL, *p, *sp;
	size_t n = 0, i;

	if (e->kind == F48_PX_LIST) {
		for (i = 0; i < e->nparts; i++)
			eval_element(e->parts[i], lookup, ctx, l);
		return;
	}
	if (e->kind == F48_PX_ARRAY) {
		if (lookup == NULL || !lookup(ctx, '@', e->name, &s, &n)) {
			v = vlist_add(l);
			v->str = f48_xstrdup("");
			v->known = false;
			v->reason = f48_xasprintf("unknown variable @%s", e->name);
			return;
		}
		for (p = s; s != NULL && p < s + n; p = sp + 1) {
			sp = memchr(p, ' ', (size_t)(s + n - p));
			if (sp == NULL)
				sp = s + n;
			v = vlist_add(l);
			v->str = f48_xstrndup(p, (size_t)(sp - p));
			v->len = (size_t)(sp - p);
		}
		return;
	}
	v = vlist_add(l);
	f48_perl_eval(e, lookup, ctx, v);
}

void
f48_perl_eval_list(const f48_pexpr *list, f48_perl_lookup_fn lookup, void *ctx,
    f48_perl_value **items, size_t *n)
{
	vlist l = { NULL, 0, 0 };

	if (items == NULL || n == NULL)
		return;
	if (list != NULL)
		eval_element(list, lookup, ctx, &l);
	*items = l.v;
	*n = l.n;
}

void
f48_perl_value_free(f48_perl_value *v)
{
	if (v == NULL)
		return;
	free(v->str);
	free(v->reason);
	v->str = NULL;
	v->reason = NULL;
	v->len = 0;
}

/* Perl's numeric value of a string: its leading number, else 0. */
static double
perl_num(const char *s, size_t len)
{
	size_t i = 0, j;
	char buf[512];

	while (i < len && is_space((unsigned char)s[i]))
		i++;
	j = i;
	if (j < len && (s[j] == '-' || s[j] == '+'))
		j++;
	while (j < len && is_digit((unsigned char)s[j]))
		j++;
	if (j < len && s[j] == '.')
		for (j++; j < len && is_digit((unsigned char)s[j]); j++)
			;
	if (j < len && (s[j] == 'e' || s[j] == 'E') && j + 1 < len &&
	    (is_digit((unsigned char)s[j + 1]) || ((s[j + 1] == '-' || s[j + 1] == '+') &&
	    j + 2 < len && is_digit((unsigned char)s[j + 2]))))
		for (j += 2; j < len && is_digit((unsigned char)s[j]); j++)
			;
	if (j - i == 0 || j - i >= sizeof(buf))
		return 0;
	memcpy(buf, s + i, j - i);
	buf[j - i] = '\0';
	return strtod(buf, NULL);
}

static int
str_cmp(const f48_perl_value *a, const f48_perl_value *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int r = n ? memcmp(a->str, b->str, n) : 0;

	if (r != 0)
		return r;
	return a->len < b->len ? -1 : a->len > b->len;
}

static int
compare(const char *op, const f48_perl_value *a, const f48_perl_value *b)
{
	double x, y;
	int s;

	if (op[0] >= 'a' && op[0] <= 'z') {
		s = str_cmp(a, b);
		if (strcmp(op, "eq") == 0) return s == 0;
		if (strcmp(op, "ne") == 0) return s != 0;
		if (strcmp(op, "lt") == 0) return s < 0;
		if (strcmp(op, "gt") == 0) return s > 0;
		if (strcmp(op, "le") == 0) return s <= 0;
		return s >= 0;
	}
	x = perl_num(a->str, a->len);
	y = perl_num(b->str, b->len);
	if (strcmp(op, "==") == 0) return x == y;
	if (strcmp(op, "!=") == 0) return x != y;
	if (strcmp(op, "<") == 0) return x < y;
	if (strcmp(op, ">") == 0) return x > y;
	if (strcmp(op, "<=") == 0) return x <= y;
	return x >= y;
}

static void
set_reason(char **reason, const char *why)
{
	if (reason != NULL && *reason == NULL)
		*reason = f48_xstrdup(why);
}

static void
take_reason(char **reason, f48_perl_value *v)
{
	if (reason != NULL && *reason == NULL && v->reason != NULL) {
		*reason = v->reason;
		v->reason = NULL;
	}
}

/* Interpolate $NAME / ${NAME} / @NAME in a regexp source; escaped bytes
 * and a '$' that is an anchor ($ at the end, $) $|) stay as they are. */
static bool
interp_pattern(const char *p, size_t n, f48_perl_lookup_fn lookup, void *ctx, f48_sb *out,
    char **reason)
{
	size_t i = 0, ne, k;
	bool known = true;
	char *name;

	while (i < n) {
		if (p[i] == '\\' && i + 1 < n) {
			f48_sb_append(out, p + i, 2);
			i += 2;
			continue;
		}
		if ((p[i] == '$' || p[i] == '@') && i + 1 < n) {
			size_t s = i + 1, e2;

			if (p[s] == '{') {
				for (k = s + 1; k < n && p[k] != '}'; k++)
					;
				ne = name_end(p, k, s + 1);
				if (k < n && ne == k && ne > s + 1) {
					name = norm_name(p + s + 1, ne - s - 1);
					lookup_into(lookup, ctx, p[i], name, out, &known, reason);
					free(name);
					i = k + 1;
					continue;
				}
			} else if ((e2 = name_end(p, n, s)) > s) {
				name = norm_name(p + s, e2 - s);
				lookup_into(lookup, ctx, p[i], name, out, &known, reason);
				free(name);
				i = e2;
				continue;
			}
		}
		f48_sb_putc(out, p[i]);
		i++;
	}
	return known;
}

static uint32_t
pcre_options(const char *flags)
{
	uint32_t o = 0;

	for (; flags && *flags; flags++) {
		if (*flags == 'i') o |= PCRE2_CASELESS;
		else if (*flags == 'm') o |= PCRE2_MULTILINE;
		else if (*flags == 's') o |= PCRE2_DOTALL;
		else if (*flags == 'x') o |= PCRE2_EXTENDED;
	}
	return o;
}

/* Compile a pattern; on failure *msg gets PCRE2's message and offset. */
static pcre2_code *
compile_re(const char *pat, size_t len, uint32_t opts, char **msg)
{
	int err;
	PCRE2_SIZE off;
	PCRE2_UCHAR ebuf[256];
	pcre2_code *re;

	re = pcre2_compile((PCRE2_SPTR)pat, len, opts, &err, &off, NULL);
	if (re == NULL && msg != NULL) {
		if (pcre2_get_error_message(err, ebuf, sizeof(ebuf)) < 0)
			snprintf((char *)ebuf, sizeof(ebuf), "error %d", err);
		*msg = f48_xasprintf("%s at offset %zu", (const char *)ebuf, (size_t)off);
	}
	return re;
}

bool
f48_perl_regex_valid(const char *pattern, size_t len, char **msg)
{
	pcre2_code *re;

	if (msg != NULL)
		*msg = NULL;
	if (pattern == NULL) {
		if (msg != NULL)
			*msg = f48_xstrdup("no pattern");
		return false;
	}
	re = compile_re(pattern, len, 0, msg);
	if (re == NULL)
		return false;
	pcre2_code_free(re);
	return true;
}

static int
eval_match(const f48_pcond *c, f48_perl_lookup_fn lookup, void *ctx, char **reason)
{
	f48_perl_value v;
	f48_sb pat;
	pcre2_code *re;
	pcre2_match_data *md;
	char *msg = NULL;
	int r;

	f48_perl_eval(c->lhs, lookup, ctx, &v);
	if (!v.known) {
		take_reason(reason, &v);
		f48_perl_value_free(&v);
		return -1;
	}
	f48_sb_init(&pat);
	if (!interp_pattern(c->pattern ? c->pattern : "", c->pattern ? strlen(c->pattern) : 0,
	    lookup, ctx, &pat, reason)) {
		f48_sb_free(&pat);
		f48_perl_value_free(&v);
		return -1;
	}
	re = compile_re(pat.data, pat.len, pcre_options(c->flags), &msg);
	f48_sb_free(&pat);
	if (re == NULL) {
		if (reason != NULL && *reason == NULL)
			*reason = f48_xasprintf("invalid regular expression: %s", msg);
		free(msg);
		f48_perl_value_free(&v);
		return -1;
	}
	md = pcre2_match_data_create_from_pattern(re, NULL);
	r = pcre2_match(re, (PCRE2_SPTR)v.str, v.len, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	f48_perl_value_free(&v);
	if (r < 0 && r != PCRE2_ERROR_NOMATCH) {
		set_reason(reason, "regular expression matching failed");
		return -1;
	}
	r = r >= 0;
	return c->negated ? !r : r;
}

int
f48_perl_eval_cond(const f48_pcond *c, f48_perl_lookup_fn lookup, void *ctx, char **reason)
{
	f48_perl_value a, b;
	int x, y;

	if (c == NULL) {
		set_reason(reason, "no condition");
		return -1;
	}
	switch (c->kind) {
	case F48_PC_TRUTH:
	case F48_PC_DEFINED:
		f48_perl_eval(c->lhs, lookup, ctx, &a);
		if (!a.known) {
			take_reason(reason, &a);
			f48_perl_value_free(&a);
			return -1;
		}
		x = c->kind == F48_PC_DEFINED ? 1 :
		    !(a.len == 0 || (a.len == 1 && a.str[0] == '0'));
		f48_perl_value_free(&a);
		return x;
	case F48_PC_NOT:
		x = f48_perl_eval_cond(c->sub[0], lookup, ctx, reason);
		return x < 0 ? -1 : !x;
	case F48_PC_AND:
		x = f48_perl_eval_cond(c->sub[0], lookup, ctx, reason);
		if (x == 0)
			return 0;
		y = f48_perl_eval_cond(c->sub[1], lookup, ctx, reason);
		return x == 1 ? y : (y == 0 ? 0 : -1);
	case F48_PC_OR:
		x = f48_perl_eval_cond(c->sub[0], lookup, ctx, reason);
		if (x == 1)
			return 1;
		y = f48_perl_eval_cond(c->sub[1], lookup, ctx, reason);
		return x == 0 ? y : (y == 1 ? 1 : -1);
	case F48_PC_CMP:
		f48_perl_eval(c->lhs, lookup, ctx, &a);
		f48_perl_eval(c->rhs, lookup, ctx, &b);
		if (!a.known || !b.known) {
			take_reason(reason, a.known ? &b : &a);
			x = -1;
		} else {
			x = compare(c->op, &a, &b);
		}
		f48_perl_value_free(&a);
		f48_perl_value_free(&b);
		return x;
	case F48_PC_MATCH:
		return eval_match(c, lookup, ctx, reason);
	case F48_PC_UNKNOWN:
	default:
		set_reason(reason, c->reason ? c->reason : "condition outside the subset");
		return -1;
	}
}

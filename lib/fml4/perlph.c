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
#include <math.h>
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
	int blocks;        /* { } blocks of if/foreach we are inside */
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
	free(e->flags);
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

static void stmt_clear(f48_pstmt *st);

static void
stmts_free(f48_pstmt *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		stmt_clear(&v[i]);
	free(v);
}

static void
stmt_clear(f48_pstmt *st)
{
	size_t i;

	for (i = 0; i < st->nbranches; i++) {
		pc_free(st->branches[i].cond);
		stmts_free(st->branches[i].body, st->nbranches ? st->branches[i].nbody : 0);
	}
	free(st->branches);
	stmts_free(st->body, st->nbody);
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
static int builtin_kind(const pst *ps, size_t s, size_t e);
static int parse_builtin(pst *ps, size_t s, size_t e, int kind, int ctx, f48_pexpr **out);
static bool pattern_interpolates(const char *p, size_t n);

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
	if (ne == e && builtin_kind(ps, p, e))
		return parse_builtin(ps, p, e, builtin_kind(ps, p, e), V_KEY, out);
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

/* ------------------------------------------ operators (Perl's precedence) */

enum {
	P_TERN = 5, P_RANGE = 6, P_OROR = 7, P_ANDAND = 8, P_BOR = 9, P_BAND = 10,
	P_EQ = 11, P_REL = 12, P_UNI = 13, P_SHIFT = 14, P_ADD = 15, P_MUL = 16,
	P_BIND = 17, P_UNARY = 18, P_POW = 19
};

static int parse_expr(pst *ps, int ctx, int minprec, bool top, f48_pexpr **out);

/* A binary operator at pos: its text, length, precedence and whether it is
 * right-associative.  Assignment operators and => are not operators here. */
static bool
binop_at(const pst *ps, size_t pos, char op[5], size_t *n, int *prec, bool *right)
{
	int c = at(ps, pos), c2 = at(ps, pos + 1), c3 = at(ps, pos + 2);
	size_t e;

	*right = false;
#define OP(text, len, pr) do { memcpy(op, text, (size_t)(len) + 1); *n = (len); *prec = (pr); \
	return true; } while (0)
	switch (c) {
	case '*':
		if (c2 == '*') {
			if (c3 == '=')
				return false;
			*right = true;
			OP("**", 2, P_POW);
		}
		if (c2 == '=')
			return false;
		OP("*", 1, P_MUL);
	case '/':
		if (c2 == '/') {
			if (c3 == '=')
				return false;
			OP("//", 2, P_OROR);
		}
		if (c2 == '=')
			return false;
		OP("/", 1, P_MUL);
	case '%':
		if (c2 == '=')
			return false;
		OP("%", 1, P_MUL);
	case '+':
		if (c2 == '+' || c2 == '=')
			return false;
		OP("+", 1, P_ADD);
	case '-':
		if (c2 == '-' || c2 == '=' || c2 == '>')
			return false;
		OP("-", 1, P_ADD);
	case '.':
		if (c2 == '.') {
			if (c3 == '.')
				return false;
			OP("..", 2, P_RANGE);
		}
		if (c2 == '=')
			return false;
		OP(".", 1, P_ADD);
	case '<':
		if (c2 == '<')
			return false;     /* shifts: outside the subset */
		if (c2 == '=' && c3 == '>')
			OP("<=>", 3, P_EQ);
		if (c2 == '=')
			OP("<=", 2, P_REL);
		OP("<", 1, P_REL);
	case '>':
		if (c2 == '>')
			return false;
		if (c2 == '=')
			OP(">=", 2, P_REL);
		OP(">", 1, P_REL);
	case '=':
		if (c2 == '=')
			OP("==", 2, P_EQ);
		if (c2 == '~')
			OP("=~", 2, P_BIND);
		return false;
	case '!':
		if (c2 == '=')
			OP("!=", 2, P_EQ);
		if (c2 == '~')
			OP("!~", 2, P_BIND);
		return false;
	case '&':
		if (c2 == '&' && c3 != '=')
			OP("&&", 2, P_ANDAND);
		return false;
	case '|':
		if (c2 == '|' && c3 != '=')
			OP("||", 2, P_OROR);
		return false;
	case '?':
		*right = true;
		OP("?", 1, P_TERN);
	default:
		break;
	}
	if (!peek_word(ps, pos, &e))
		return false;
	if (word_is(ps, pos, e, "x") && c2 != '=')
		OP("x", 1, P_MUL);
	if (c == 'x' && is_digit(c2)) {   /* "x3": x then 3 */
		OP("x", 1, P_MUL);
	}
	if (word_is(ps, pos, e, "eq") || word_is(ps, pos, e, "ne"))
		OP(c == 'e' ? "eq" : "ne", 2, P_EQ);
	if (word_is(ps, pos, e, "cmp"))
		OP("cmp", 3, P_EQ);
	if (word_is(ps, pos, e, "lt") || word_is(ps, pos, e, "gt") ||
	    word_is(ps, pos, e, "le") || word_is(ps, pos, e, "ge")) {
		op[0] = (char)c;
		op[1] = (char)c2;
		op[2] = '\0';
		*n = 2;
		*prec = P_REL;
		return true;
	}
#undef OP
	return false;
}

static f48_pexpr *
px_op(const char *op, f48_pexpr *a, f48_pexpr *b)
{
	f48_pexpr *n = px_new(F48_PX_OP);

	snprintf(n->op, sizeof(n->op), "%s", op);
	px_push(n, a);
	if (b)
		px_push(n, b);
	return n;
}

/* A regexp literal at pos: /PAT/flags, m?PAT?flags, qr?PAT?flags.
 * R_SOFT when there is none. */
static int
parse_regex_lit(pst *ps, char **pat, size_t *plen, char **flags)
{
	size_t p, d, e, f;
	char *msg = NULL;

	skip_ws(ps);
	p = ps->pos;
	if (at(ps, p) == '/') {
		d = p;
	} else if (peek_word(ps, p, &e) && (word_is(ps, p, e, "m") || word_is(ps, p, e, "qr")) &&
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
	*plen = e - d - 1;
	*pat = f48_xstrndup(ps->b + d + 1, *plen);
	*flags = f48_xstrndup(ps->b + e + 1, f - e - 1);
	ps->pos = f;
	if (!pattern_interpolates(*pat, *plen) && !f48_perl_regex_valid(*pat, *plen, &msg)) {
		f48_findings_add(ps->fs, F48_SEV_WARNING, F48_C_REGEX_INVALID, ps->file,
		    line_at(ps, p), NULL, "regular expression is not valid: %s", msg);
		free(msg);
	}
	return R_OK;
}

/* The pure builtins: 'u' named unary (one argument), 'l' list operator,
 * '0' no argument. */
static int
builtin_kind(const pst *ps, size_t s, size_t e)
{
	static const struct { const char *w; char k; } b[] = {
		{ "split", 'l' }, { "join", 'l' }, { "sprintf", 'l' }, { "reverse", 'l' },
		{ "substr", 'l' }, { "index", 'l' }, { "rindex", 'l' },
		{ "lc", 'u' }, { "uc", 'u' }, { "lcfirst", 'u' }, { "ucfirst", 'u' },
		{ "length", 'u' }, { "defined", 'u' }, { "exists", 'u' }, { "scalar", 'u' },
		{ "abs", 'u' }, { "int", 'u' }, { "ord", 'u' }, { "chr", 'u' }, { "hex", 'u' },
		{ "oct", 'u' }, { "undef", '0' }, { NULL, 0 }
	};
	size_t i;

	for (i = 0; b[i].w; i++)
		if (word_is(ps, s, e, b[i].w))
			return b[i].k;
	return 0;
}

/* Could a term start at pos (for an operand of a named unary operator)? */
static bool
term_starts(pst *ps)
{
	int c;

	skip_ws(ps);
	c = at(ps, ps->pos);
	return c == '$' || c == '@' || c == '"' || c == '\'' || c == '(' || is_digit(c) ||
	    c == '-' || c == '!' || (is_idstart(c) && !(peek_word(ps, ps->pos, &(size_t){ 0 }) &&
	    binop_at(ps, ps->pos, (char[5]){ 0 }, &(size_t){ 0 }, &(int){ 0 }, &(bool){ 0 })));
}

/* NAME(ARGS) or NAME ARGS for a pure builtin at pos (the word is [s,e)). */
static int
parse_builtin(pst *ps, size_t s, size_t e, int kind, int ctx, f48_pexpr **out)
{
	f48_pexpr *f = px_new(F48_PX_FUNC), *a = NULL;
	bool paren, split = word_is(ps, s, e, "split");
	int r = R_OK, c;

	f->name = f48_xstrndup(ps->b + s, e - s);
	*out = f;
	ps->pos = e;
	skip_ws(ps);
	paren = at(ps, ps->pos) == '(';
	if (kind == '0') {
		if (paren) {
			ps->pos++;
			skip_ws(ps);
			if (at(ps, ps->pos) != ')')
				return soft(ps, "undef(...) (it assigns)");
			ps->pos++;
		} else if (at(ps, ps->pos) == '$' || at(ps, ps->pos) == '@' || at(ps, ps->pos) == '%')
			return soft(ps, "undef VARIABLE (it assigns)");
		return R_OK;
	}
	if (ps->depth >= MAX_DEPTH)
		return hard(ps, s, s, "nesting deeper than %d levels", MAX_DEPTH);
	ps->depth++;
	if (paren)
		ps->pos++;
	if (kind == 'u') {
		skip_ws(ps);
		if (paren && at(ps, ps->pos) == ')')
			r = soft(ps, "builtin without an argument (uses $_)");
		else if (!paren && !term_starts(ps))
			r = soft(ps, "builtin without an argument (uses $_)");
		else
			r = parse_expr(ps, ctx, paren ? 0 : P_SHIFT, false, &a);
		if (r == R_OK)
			px_push(f, a);
	} else {
		for (;;) {
			skip_ws(ps);
			c = at(ps, ps->pos);
			if (paren && c == ')')
				break;
			a = NULL;
			if (split && f->nparts == 0 && (c == '/' || c == 'm' || c == 'q')) {
				f48_pexpr *re = px_new(F48_PX_REGEX);

				r = parse_regex_lit(ps, &re->str, &re->len, &re->flags);
				if (r != R_OK) {
					px_free(re);
					if (c != '/' && r == R_SOFT)
						r = parse_expr(ps, ctx, P_TERN, false, &a);
				} else
					a = re;
			} else
				r = parse_expr(ps, ctx, P_TERN, false, &a);
			if (r != R_OK)
				break;
			if (a->kind == F48_PX_LIST) {   /* flatten as Perl does */
				size_t i;

				for (i = 0; i < a->nparts; i++)
					px_push(f, a->parts[i]);
				a->nparts = 0;
				px_free(a);
			} else
				px_push(f, a);
			skip_ws(ps);
			if (at(ps, ps->pos) == ',' || (at(ps, ps->pos) == '=' && at(ps, ps->pos + 1) == '>'))
				ps->pos += at(ps, ps->pos) == ',' ? 1 : 2;
			else
				break;
		}
	}
	ps->depth--;
	if (r != R_OK)
		return r;
	if (paren) {
		skip_ws(ps);
		if (at(ps, ps->pos) != ')')
			return soft(ps, "unexpected text in a builtin's arguments");
		ps->pos++;
	}
	return R_OK;
}

/* A term, then any unary operator before it. */
static int
parse_unary(pst *ps, int ctx, f48_pexpr **out)
{
	size_t p, save;
	int c, c2, c3, r;
	f48_pexpr *a = NULL, *num = NULL;

	skip_ws(ps);
	p = ps->pos;
	c = at(ps, p);
	c2 = at(ps, p + 1);
	c3 = at(ps, p + 2);
	if (ps->depth >= MAX_DEPTH)
		return hard(ps, p, p, "nesting deeper than %d levels", MAX_DEPTH);
	if (c == '!' && c2 != '~' && c2 != '=') {
		ps->pos++;
		ps->depth++;
		r = parse_expr(ps, ctx, P_UNARY, false, &a);
		ps->depth--;
		if (r == R_OK)
			*out = px_op("!", a, NULL);
		else
			px_free(a);
		return r;
	}
	if (c == '-' && (is_digit(c2) || (c2 == '.' && is_digit(c3)))) {
		save = ps->pos;
		r = parse_number(ps, &num);
		if (r != R_OK)
			return r;
		skip_ws(ps);
		if (!(at(ps, ps->pos) == '*' && at(ps, ps->pos + 1) == '*')) {
			*out = num;
			return R_OK;
		}
		px_free(num);       /* -2**2 is -(2**2) */
		ps->pos = save;
	}
	if (c == '-' && is_idstart(c2) && !is_idchar(c3))
		return soft(ps, "file test");
	if (c == '-' && c2 != '-' && c2 != '=' && c2 != '>' && !is_idstart(c2)) {
		ps->pos++;
		ps->depth++;
		r = parse_expr(ps, ctx, P_UNARY, false, &a);
		ps->depth--;
		if (r == R_OK)
			*out = px_op("neg", a, NULL);
		else
			px_free(a);
		return r;
	}
	if (c == '+' && c2 != '+' && c2 != '=') {
		ps->pos++;
		return parse_unary(ps, ctx, out);
	}
	r = parse_term(ps, out);
	if (r != R_OK)
		return r;
	/* (LIST)[INDICES]: a list slice */
	if ((*out)->kind == F48_PX_LIST && at(ps, ps->pos) == '[') {
		f48_pexpr *idx = px_new(F48_PX_LIST), *sl, *el;

		ps->pos++;
		for (;;) {
			skip_ws(ps);
			if (at(ps, ps->pos) == ']') {
				ps->pos++;
				break;
			}
			el = NULL;
			r = parse_expr(ps, V_KEY, P_TERN, false, &el);
			if (r != R_OK) {
				px_free(idx);
				return r;
			}
			px_push(idx, el);
			skip_ws(ps);
			if (at(ps, ps->pos) == ',')
				ps->pos++;
			else if (at(ps, ps->pos) != ']') {
				px_free(idx);
				return soft(ps, "unexpected text in a list slice");
			}
		}
		sl = px_new(F48_PX_SLICE);
		px_push(sl, *out);
		px_push(sl, idx);
		*out = sl;
	}
	return R_OK;
}

/* EXPR with operators of precedence >= minprec.  In a condition (top level)
 * =~ and comparisons are left to the condition parser. */
static int
parse_expr(pst *ps, int ctx, int minprec, bool top, f48_pexpr **out)
{
	f48_pexpr *lhs = NULL, *rhs, *mid, *n;
	char op[5];
	size_t len;
	int prec, r;
	bool right;

	*out = NULL;
	r = parse_unary(ps, ctx, &lhs);
	if (r != R_OK) {
		px_free(lhs);
		return r;
	}
	for (;;) {
		skip_ws(ps);
		if (!binop_at(ps, ps->pos, op, &len, &prec, &right) || prec < minprec)
			break;
		if (ctx == V_COND && top && prec == P_BIND)
			break;
		if (ps->depth >= MAX_DEPTH) {
			px_free(lhs);
			return hard(ps, ps->pos, ps->pos, "nesting deeper than %d levels", MAX_DEPTH);
		}
		ps->pos += len;
		ps->depth++;
		rhs = mid = NULL;
		if (prec == P_BIND) {
			n = px_new(F48_PX_MATCH);
			snprintf(n->op, sizeof(n->op), "%s", op);
			px_push(n, lhs);
			skip_ws(ps);
			if (peek_word(ps, ps->pos, &len) && (qop_parts(ps->b + ps->pos, len - ps->pos) == 2))
				r = soft(ps, "substitution or transliteration (changes the variable)");
			else
				r = parse_regex_lit(ps, &n->str, &n->len, &n->flags);
			lhs = n;
		} else if (op[0] == '?') {
			r = parse_expr(ps, ctx, P_TERN, false, &mid);
			if (r == R_OK) {
				skip_ws(ps);
				if (at(ps, ps->pos) != ':')
					r = soft(ps, "?: without ':'");
				else {
					ps->pos++;
					r = parse_expr(ps, ctx, P_TERN, false, &rhs);
				}
			}
			n = px_op("?", lhs, mid);
			if (rhs)
				px_push(n, rhs);
			lhs = n;
		} else {
			r = parse_expr(ps, ctx, right ? prec : prec + 1, false, &rhs);
			if (r != R_OK) {
				px_free(rhs);
			} else if (op[0] == '.' && op[1] == '\0') {
				if (lhs->kind == F48_PX_CONCAT && lhs->quote == 0) {
					px_push(lhs, rhs);
				} else {
					n = px_new(F48_PX_CONCAT);
					px_push(n, lhs);
					px_push(n, rhs);
					lhs = n;
				}
			} else {
				lhs = px_op(op, lhs, rhs);
			}
		}
		ps->depth--;
		if (r != R_OK) {
			px_free(lhs);
			return r;
		}
	}
	*out = lhs;
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
	r = parse_expr(ps, ctx, ctx == V_COND ? P_UNI : 0, true, &e);
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
			if (c == '}' && ps->blocks > 0)
				return R_OK;
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

static int parse_statement(pst *ps, f48_pstmt *st);
static void finish_statement(pst *ps, f48_pstmt *st, size_t start, const hdoc *hd0);

/* { STATEMENTS } at pos ('{'); statements may nest. */
static int
parse_block(pst *ps, f48_pstmt **body, size_t *nbody)
{
	size_t open_pos = ps->pos, cap = 0, start;
	f48_pstmt st;
	hdoc hd0;
	int r;

	*body = NULL;
	*nbody = 0;
	if (ps->depth >= MAX_DEPTH)
		return hard(ps, open_pos, open_pos, "blocks nested deeper than %d levels", MAX_DEPTH);
	ps->depth++;
	ps->blocks++;
	ps->pos++;
	for (;;) {
		skip_ws(ps);
		if (at(ps, ps->pos) == '}') {
			ps->pos++;
			break;
		}
		if (at(ps, ps->pos) < 0) {
			r = hard(ps, open_pos, open_pos, "unbalanced '{' opened here is never closed");
			goto fail;
		}
		if (at(ps, ps->pos) == ';') {
			ps->pos++;
			continue;
		}
		start = ps->pos;
		hd0 = ps->hd;
		memset(&st, 0, sizeof(st));
		r = parse_statement(ps, &st);
		if (r != R_OK) {
			stmt_clear(&st);
			goto fail;
		}
		finish_statement(ps, &st, start, &hd0);
		*body = f48_xgrow(*body, &cap, *nbody + 1, sizeof(**body));
		(*body)[(*nbody)++] = st;
	}
	ps->depth--;
	ps->blocks--;
	return R_OK;
fail:
	ps->depth--;
	ps->blocks--;
	stmts_free(*body, *nbody);
	*body = NULL;
	*nbody = 0;
	return r;
}

/* ( COND ) of an if/elsif/unless at pos ('('): a condition, or an UNKNOWN
 * one with its raw text when it is outside the subset. */
static int
parse_block_cond(pst *ps, f48_pcond **out)
{
	size_t open_pos = ps->pos, start;
	hdoc hd;
	f48_pcond *c = NULL;
	int r;
	char reason[128];

	ps->pos++;
	skip_ws(ps);
	start = ps->pos;
	hd = ps->hd;
	ps->cond_nodes = 0;
	ps->soft = NULL;
	r = cond_or(ps, &c);
	if (r == R_OK) {
		skip_ws(ps);
		if (at(ps, ps->pos) != ')')
			r = soft(ps, "operator outside the subset in a condition");
	}
	if (r == R_HARD) {
		pc_free(c);
		return r;
	}
	if (r == R_SOFT) {
		pc_free(c);
		snprintf(reason, sizeof(reason), "%s", ps->soft ? ps->soft : "outside the subset");
		ps->pos = start;
		ps->hd = hd;
		ps->tok_end = start;
		r = skip_generic(ps, 0, NULL);
		if (r != R_OK)
			return r;
		if (at(ps, ps->pos) != ')')
			return hard(ps, open_pos, open_pos, "unbalanced '(' opened here is never closed");
		c = pc_new(F48_PC_UNKNOWN);
		c->raw = f48_xstrndup(ps->b + start, ps->tok_end - start);
		c->reason = f48_xstrdup(reason);
	}
	ps->pos++;
	*out = c;
	return R_OK;
}

/* if (COND) BLOCK [elsif (COND) BLOCK]... [else BLOCK], and unless. */
static int
stmt_if(pst *ps, f48_pstmt *st, size_t s, size_t e)
{
	size_t cap = 0, p, we;
	bool unless = word_is(ps, s, e, "unless"), last = false;
	f48_pbranch *b;
	int r;
	char d[32];

	st->kind = F48_PS_IF;
	ps->pos = e;
	for (;;) {
		skip_ws(ps);
		st->branches = f48_xgrow(st->branches, &cap, st->nbranches + 1, sizeof(*st->branches));
		b = &st->branches[st->nbranches];
		memset(b, 0, sizeof(*b));
		b->line = line_at(ps, ps->pos);
		if (!last) {
			if (at(ps, ps->pos) != '(')
				return soft(ps, "'if' without a parenthesized condition");
			b->unless = unless;
			r = parse_block_cond(ps, &b->cond);
			if (r != R_OK)
				return r;
			skip_ws(ps);
		}
		st->nbranches++;
		if (at(ps, ps->pos) != '{')
			return hard(ps, ps->pos, ps->pos, "expected '{' after the condition, found %s",
			    describe(ps, ps->pos, d, sizeof(d)));
		r = parse_block(ps, &b->body, &b->nbody);
		if (r != R_OK)
			return r;
		if (last)
			return R_OK;
		skip_ws(ps);
		p = ps->pos;
		if (peek_word(ps, p, &we) && word_is(ps, p, we, "elsif")) {
			ps->pos = we;
			unless = false;
		} else if (peek_word(ps, p, &we) && word_is(ps, p, we, "else")) {
			ps->pos = we;
			last = true;
		} else {
			return R_OK;
		}
	}
}

/* foreach [my] $VAR (LIST) BLOCK; foreach (LIST) uses $_. */
static int
stmt_foreach(pst *ps, f48_pstmt *st, size_t e)
{
	size_t p, we, ne, cl;
	int r;
	char d[32];

	ps->pos = e;
	skip_ws(ps);
	p = ps->pos;
	if (peek_word(ps, p, &we) && (word_is(ps, p, we, "my") || word_is(ps, p, we, "our") ||
	    word_is(ps, p, we, "local"))) {
		ps->pos = we;
		skip_ws(ps);
		p = ps->pos;
	}
	if (at(ps, p) == '$') {
		ne = name_end(ps->b, ps->len, p + 1);
		if (ne == p + 1)
			return soft(ps, "foreach with a special loop variable");
		st->name = norm_name(ps->b + p + 1, ne - p - 1);
		ps->pos = ne;
		skip_ws(ps);
	} else {
		st->name = f48_xstrdup("_");
	}
	if (at(ps, ps->pos) != '(')
		return soft(ps, "'for' loop");
	cl = scan_delim(ps->b, ps->len, ps->pos + 1, '(', ')');
	if (cl == NOPOS || memchr(ps->b + ps->pos, ';', cl - ps->pos) != NULL)
		return soft(ps, "C-style 'for' loop");
	r = parse_list(ps, &st->value);
	if (r != R_OK)
		return r;
	st->kind = F48_PS_FOREACH;
	skip_ws(ps);
	if (at(ps, ps->pos) != '{')
		return hard(ps, ps->pos, ps->pos, "expected '{' after the foreach list, found %s",
		    describe(ps, ps->pos, d, sizeof(d)));
	r = parse_block(ps, &st->body, &st->nbody);
	if (r != R_OK)
		return r;
	skip_ws(ps);
	if (peek_word(ps, ps->pos, &we) && word_is(ps, ps->pos, we, "continue"))
		return soft(ps, "foreach with a continue block");
	return R_OK;
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
	if (word_is(ps, s, e, "if") || word_is(ps, s, e, "unless"))
		return stmt_if(ps, st, s, e);
	if (word_is(ps, s, e, "foreach") || word_is(ps, s, e, "for"))
		return stmt_foreach(ps, st, e);
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
	if (at(ps, ps->pos) == '}' && ps->blocks > 0)
		return R_OK;     /* the last statement of a block needs no ';' */
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
	if (r == R_OK && st->kind != F48_PS_IF && st->kind != F48_PS_FOREACH)
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
finish_statement(pst *ps, f48_pstmt *st, size_t start, const hdoc *hd0)
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
}

static void
add_statement(pst *ps, f48_pstmt *st, size_t start, const hdoc *hd0)
{
	finish_statement(ps, st, start, hd0);
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

/* A scalar while it is computed: undef, a string, or a number (a double
 * holds every integer the evaluator keeps exact: beyond 1e15 a result is
 * unknown, because Perl would print an integer or an exponent depending on
 * how it was computed).  unk: it cannot be known statically. */
enum { T_UNDEF, T_STR, T_NUM };

typedef struct pv {
	int t;
	bool unk;
	char *s;
	size_t len;
	double n;
} pv;

typedef struct plist {
	pv *v;
	size_t n, cap;
	size_t bytes;
	bool unk;          /* the list's length itself is not known */
} plist;

typedef struct bind {  /* a foreach loop variable */
	const char *name;
	pv v;
} bind;

typedef struct E {
	const f48_perl_env *env;
	f48_perl_budget *b;
	f48_perl_budget own;
	long line;
	char *reason;      /* the first reason something became unknown */
	bool too_long;     /* VALUE_TOO_LONG given for this statement */
	bind *binds;
	size_t nbinds, capbinds;
} E;

#define LIST_MAX ((size_t)1 << 20)  /* elements in one list */
#define BIG 1e15                    /* integers beyond are not exact in Perl's output */

static void
why(E *E, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
why(E *E, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	if (E->reason != NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	E->reason = f48_xstrdup(buf);
}

static void
pv_free(pv *v)
{
	free(v->s);
	v->s = NULL;
	v->len = 0;
	v->t = T_UNDEF;
}

static void
pv_str(pv *v, const char *s, size_t n)
{
	v->t = T_STR;
	v->s = f48_xmalloc(n + 1);
	if (n)
		memcpy(v->s, s, n);
	v->s[n] = '\0';
	v->len = n;
}

static void
pv_num(pv *v, double n)
{
	v->t = T_NUM;
	v->n = n;
}

static void
pv_unk(E *E, pv *v, const char *reason)
{
	v->unk = true;
	if (reason)
		why(E, "%s", reason);
}

static void
pv_copy(pv *dst, const pv *src)
{
	*dst = *src;
	if (src->t == T_STR)
		pv_str(dst, src->s, src->len);
	dst->unk = src->unk;
}

/* Perl's string form of a number: integers as integers, others %.15g.
 * False when Perl's output cannot be predicted here. */
static bool
num_fmt(double d, char *buf, size_t n)
{
	if (isnan(d) || isinf(d))
		return false;
	if (d == 0) {
		snprintf(buf, n, "0");
		return true;
	}
	if (d == trunc(d)) {
		if (fabs(d) >= BIG)
			return false;
		snprintf(buf, n, "%.0f", d);
		return true;
	}
	snprintf(buf, n, "%.15g", d);
	return true;
}

/* Append the string value of v. */
static void
pv_tosb(E *E, pv *v, f48_sb *out)
{
	char buf[64];

	if (v->t == T_STR) {
		f48_sb_append(out, v->s, v->len);
	} else if (v->t == T_NUM) {
		if (num_fmt(v->n, buf, sizeof(buf)))
			f48_sb_puts(out, buf);
		else
			pv_unk(E, v, "a number whose printed form depends on Perl's internals "
			    "(infinite, not a number, or an integer of 16 digits or more)");
	}
}

/* Make v a string (numbers are formatted). */
static void
pv_stringify(E *E, pv *v)
{
	f48_sb sb;

	if (v->t == T_STR)
		return;
	f48_sb_init(&sb);
	pv_tosb(E, v, &sb);
	v->t = T_STR;
	v->len = sb.len;
	v->s = f48_sb_steal(&sb);
}

/* Perl's numeric value of a string: its leading number (after white
 * space), else 0.  "inf" and "nan" are left unknown. */
static double
str_num(E *E, const char *s, size_t len, bool *unk)
{
	size_t i = 0, j, k;
	char buf[512];

	while (i < len && (is_space((unsigned char)s[i]) || s[i] == '\v'))
		i++;
	j = i;
	if (j < len && (s[j] == '-' || s[j] == '+'))
		j++;
	if (j < len && (s[j] == 'i' || s[j] == 'I' || s[j] == 'n' || s[j] == 'N')) {
		*unk = true;
		why(E, "\"inf\" or \"nan\" used as a number");
		return 0;
	}
	k = j;
	while (j < len && is_digit((unsigned char)s[j]))
		j++;
	if (j < len && s[j] == '.')
		for (j++; j < len && is_digit((unsigned char)s[j]); j++)
			;
	if (j == k || (j == k + 1 && s[k] == '.'))
		return 0;
	if (j < len && (s[j] == 'e' || s[j] == 'E') && j + 1 < len &&
	    (is_digit((unsigned char)s[j + 1]) || ((s[j + 1] == '-' || s[j + 1] == '+') &&
	    j + 2 < len && is_digit((unsigned char)s[j + 2]))))
		for (j += 2; j < len && is_digit((unsigned char)s[j]); j++)
			;
	if (j - i >= sizeof(buf)) {
		*unk = true;
		why(E, "a number too long to convert");
		return 0;
	}
	memcpy(buf, s + i, j - i);
	buf[j - i] = '\0';
	return strtod(buf, NULL);
}

static double
pv_tonum(E *E, pv *v)
{
	if (v->t == T_NUM)
		return v->n;
	if (v->t == T_STR)
		return str_num(E, v->s, v->len, &v->unk);
	return 0;
}

/* Does the string look like a number to Perl (looks_like_number)? */
static bool
looks_numeric(const char *s, size_t len)
{
	size_t i = 0, j;

	while (i < len && is_space((unsigned char)s[i]))
		i++;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	j = i;
	while (i < len && is_digit((unsigned char)s[i]))
		i++;
	if (i < len && s[i] == '.')
		for (i++; i < len && is_digit((unsigned char)s[i]); i++)
			;
	if (i == j || (i == j + 1 && s[j] == '.'))
		return false;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		if (i >= len || !is_digit((unsigned char)s[i]))
			return false;
		while (i < len && is_digit((unsigned char)s[i]))
			i++;
	}
	while (i < len && is_space((unsigned char)s[i]))
		i++;
	return i == len;
}

static bool
pv_true(E *E, pv *v)
{
	if (v->t == T_UNDEF)
		return false;
	if (v->t == T_NUM)
		return v->n != 0;
	(void)E;
	return !(v->len == 0 || (v->len == 1 && v->s[0] == '0'));
}

static void
pv_bool(pv *v, bool b)
{
	if (b)
		pv_num(v, 1);
	else
		pv_str(v, "", 0);
}

/* Budget: one step; false when the budget is gone. */
static bool
step(E *E)
{
	f48_perl_budget *b = E->b;

	if (b->exhausted)
		return false;
	if (++b->steps > b->steps_max) {
		b->exhausted = true;
		if (!b->reported && E->env->findings) {
			b->reported = true;
			f48_findings_add(E->env->findings, F48_SEV_ERROR, F48_C_EVAL_BUDGET,
			    E->env->file, E->line, "look at this file: no real config.ph needs this much",
			    "evaluating the configuration takes more than %lu steps; nothing from here "
			    "on is evaluated, and what later statements assign is unknown",
			    b->steps_max);
		}
		return false;
	}
	return true;
}

/* Would a value of n bytes be over the limit?  Gives VALUE_TOO_LONG once
 * per statement. */
static bool
too_long(E *E, size_t n)
{
	if (n <= E->b->value_max)
		return false;
	if (!E->too_long && E->env->findings)
		f48_findings_add(E->env->findings, F48_SEV_ERROR, F48_C_VALUE_TOO_LONG,
		    E->env->file, E->line, NULL, "a value here would be longer than %zu KiB; it is "
		    "unknown", E->b->value_max >> 10);
	E->too_long = true;
	why(E, "the value would be longer than the evaluator's limit");
	return true;
}

static void
pl_free(plist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		pv_free(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* Append v (ownership moves); false when the list is over its limits. */
static bool
pl_push(E *E, plist *l, pv *v)
{
	size_t add = v->t == T_STR ? v->len : 8;

	if (l->n >= LIST_MAX || too_long(E, l->bytes + add)) {
		pv_free(v);
		l->unk = true;
		return false;
	}
	l->v = f48_xgrow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = *v;
	l->bytes += add;
	memset(v, 0, sizeof(*v));
	return true;
}

static void ev_scalar(E *E, const f48_pexpr *e, pv *out);
static void ev_list(E *E, const f48_pexpr *e, plist *out);

/* ----------------------------------------------------- variables */

static const bind *
bound(const E *E, const char *name)
{
	size_t i;

	for (i = E->nbinds; i-- > 0;)
		if (strcmp(E->binds[i].name, name) == 0)
			return &E->binds[i];
	return NULL;
}

static int
get(E *E, char sigil, const char *name, const char *key, size_t keylen, f48_perl_var *v)
{
	memset(v, 0, sizeof(*v));
	if (E->env->get == NULL)
		return F48_PV_UNKNOWN;
	return E->env->get(E->env->ctx, sigil, name, key, keylen, v);
}

static void
get_scalar(E *E, const char *name, pv *out)
{
	f48_perl_var v;
	const bind *b = bound(E, name);
	int r;

	memset(out, 0, sizeof(*out));
	if (b != NULL) {
		pv_copy(out, &b->v);
		return;
	}
	r = get(E, '$', name, NULL, 0, &v);
	if (r == F48_PV_KNOWN) {
		if (v.str != NULL)
			pv_str(out, v.str, v.len);
		return;
	}
	if (r == F48_PV_UNSET)
		why(E, "unknown variable $%s", name);
	else if (v.reason)
		why(E, "%s", v.reason);
	else
		why(E, "the value of $%s is not known", name);
	out->unk = true;
}

/* @NAME into a list. */
static void
get_array(E *E, const char *name, plist *out)
{
	f48_perl_var v;
	size_t i;
	int r = get(E, '@', name, NULL, 0, &v);
	pv x;

	if (r != F48_PV_KNOWN) {
		if (r == F48_PV_UNSET)
			why(E, "unknown variable @%s", name);
		else
			why(E, "%s", v.reason ? v.reason : "the value of an array is not known");
		out->unk = true;
		return;
	}
	for (i = 0; i < v.nitems; i++) {
		memset(&x, 0, sizeof(x));
		pv_str(&x, v.items[i], strlen(v.items[i]));
		if (!pl_push(E, out, &x))
			return;
	}
}

/* $NAME[IDX] and $NAME{KEY} */
static void
get_elem(E *E, const f48_pexpr *e, pv *out)
{
	pv k;
	f48_perl_var v;
	int r;

	memset(out, 0, sizeof(*out));
	memset(&k, 0, sizeof(k));
	ev_scalar(E, e->key, &k);
	if (k.unk) {
		pv_free(&k);
		out->unk = true;
		return;
	}
	if (e->quote == '[') {
		plist l;
		double d = pv_tonum(E, &k);
		long long i;

		memset(&l, 0, sizeof(l));
		get_array(E, e->name, &l);
		if (l.unk || k.unk || fabs(d) > BIG) {
			out->unk = true;
		} else {
			i = (long long)d;
			if (i < 0)
				i += (long long)l.n;
			if (i >= 0 && (size_t)i < l.n)
				pv_copy(out, &l.v[i]);
		}
		pl_free(&l);
		pv_free(&k);
		return;
	}
	pv_stringify(E, &k);
	r = get(E, '{', e->name, k.s, k.len, &v);
	if (r == F48_PV_KNOWN && v.str != NULL)
		pv_str(out, v.str, v.len);
	else if (r == F48_PV_UNKNOWN) {
		why(E, "%s", v.reason ? v.reason : "the value of a hash element is not known");
		out->unk = true;
	}
	/* F48_PV_UNSET: no such key in a known hash: undef */
	pv_free(&k);
}

/* ----------------------------------------------------- regexps */

/* Interpolate $NAME / ${NAME} / @NAME in a regexp source; escaped bytes
 * and a '$' that is an anchor ($ at the end, $) $|) stay as they are. */
static bool
interp_pattern(E *E, const char *p, size_t n, f48_sb *out)
{
	size_t i = 0, ne, k, j;
	char *name;
	pv v;
	plist l;

	while (i < n) {
		if (p[i] == '\\' && i + 1 < n) {
			f48_sb_append(out, p + i, 2);
			i += 2;
			continue;
		}
		if ((p[i] == '$' || p[i] == '@') && i + 1 < n) {
			size_t s = i + 1, e2 = 0, next = 0;

			name = NULL;
			if (p[s] == '{') {
				for (k = s + 1; k < n && p[k] != '}'; k++)
					;
				ne = name_end(p, k, s + 1);
				if (k < n && ne == k && ne > s + 1) {
					name = norm_name(p + s + 1, ne - s - 1);
					next = k + 1;
				}
			} else if ((e2 = name_end(p, n, s)) > s) {
				name = norm_name(p + s, e2 - s);
				next = e2;
			}
			if (name != NULL) {
				bool unk;

				if (p[i] == '$') {
					get_scalar(E, name, &v);
					pv_tosb(E, &v, out);
					unk = v.unk;
					pv_free(&v);
				} else {
					memset(&l, 0, sizeof(l));
					get_array(E, name, &l);
					unk = l.unk;
					for (j = 0; j < l.n; j++) {
						if (j)
							f48_sb_putc(out, ' ');
						pv_tosb(E, &l.v[j], out);
						unk = unk || l.v[j].unk;
					}
					pl_free(&l);
				}
				free(name);
				if (unk)
					return false;
				i = next;
				continue;
			}
		}
		f48_sb_putc(out, p[i]);
		i++;
	}
	return true;
}

/* PCRE2 options for Perl's flags; false for a flag that changes what a
 * match means across statements (g, c) or that we do not model. */
static bool
pcre_flags(const char *flags, uint32_t *o)
{
	*o = 0;
	for (; flags && *flags; flags++) {
		if (*flags == 'i') *o |= PCRE2_CASELESS;
		else if (*flags == 'm') *o |= PCRE2_MULTILINE;
		else if (*flags == 's') *o |= PCRE2_DOTALL;
		else if (*flags == 'x') *o |= PCRE2_EXTENDED;
		else if (*flags != 'o')
			return false;
	}
	return true;
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

/* The compiled pattern of a MATCH/REGEX node (or of a string used as a
 * pattern), or NULL with the reason set. */
static pcre2_code *
regex_of(E *E, const char *src, size_t n, const char *flags, bool interpolate)
{
	f48_sb pat;
	uint32_t o;
	pcre2_code *re;
	char *msg = NULL;

	if (!pcre_flags(flags, &o)) {
		why(E, "regexp flags /%s (they depend on earlier matches)", flags);
		return NULL;
	}
	f48_sb_init(&pat);
	if (interpolate) {
		if (!interp_pattern(E, src, n, &pat)) {
			f48_sb_free(&pat);
			return NULL;
		}
	} else
		f48_sb_append(&pat, src, n);
	re = compile_re(pat.data ? pat.data : "", pat.len, o, &msg);
	f48_sb_free(&pat);
	if (re == NULL) {
		why(E, "invalid regular expression: %s", msg);
		free(msg);
	}
	return re;
}

/* target =~ /pat/: 1, 0, or -1 unknown. */
static int
match(E *E, const f48_pexpr *e)
{
	pv t;
	pcre2_code *re;
	pcre2_match_data *md;
	int r;

	memset(&t, 0, sizeof(t));
	ev_scalar(E, e->parts[0], &t);
	pv_stringify(E, &t);
	if (t.unk) {
		pv_free(&t);
		return -1;
	}
	re = regex_of(E, e->str ? e->str : "", e->len, e->flags, true);
	if (re == NULL) {
		pv_free(&t);
		return -1;
	}
	md = pcre2_match_data_create_from_pattern(re, NULL);
	r = pcre2_match(re, (PCRE2_SPTR)(t.s ? t.s : ""), t.len, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	pv_free(&t);
	if (r < 0 && r != PCRE2_ERROR_NOMATCH) {
		why(E, "regular expression matching failed (PCRE2 error %d)", r);
		return -1;
	}
	r = r >= 0;
	return e->op[0] == '!' ? !r : r;
}

/* ----------------------------------------------------- operators */

static int
bytes_cmp(const pv *a, const pv *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int r = n ? memcmp(a->s, b->s, n) : 0;

	if (r != 0)
		return r < 0 ? -1 : 1;
	return a->len < b->len ? -1 : a->len > b->len;
}

/* Comparison op of a and b into out. */
static void
compare(E *E, const char *op, pv *a, pv *b, pv *out)
{
	double x, y;
	int s;

	if (op[0] >= 'a' && op[0] <= 'z') {
		pv_stringify(E, a);
		pv_stringify(E, b);
		s = bytes_cmp(a, b);
		if (strcmp(op, "cmp") == 0)
			pv_num(out, s);
		else if (strcmp(op, "eq") == 0) pv_bool(out, s == 0);
		else if (strcmp(op, "ne") == 0) pv_bool(out, s != 0);
		else if (strcmp(op, "lt") == 0) pv_bool(out, s < 0);
		else if (strcmp(op, "gt") == 0) pv_bool(out, s > 0);
		else if (strcmp(op, "le") == 0) pv_bool(out, s <= 0);
		else pv_bool(out, s >= 0);
		return;
	}
	x = pv_tonum(E, a);
	y = pv_tonum(E, b);
	if (strcmp(op, "<=>") == 0) {
		if (isnan(x) || isnan(y))
			out->t = T_UNDEF;
		else
			pv_num(out, x < y ? -1 : x > y);
	} else if (strcmp(op, "==") == 0) pv_bool(out, x == y);
	else if (strcmp(op, "!=") == 0) pv_bool(out, x != y);
	else if (strcmp(op, "<") == 0) pv_bool(out, x < y);
	else if (strcmp(op, ">") == 0) pv_bool(out, x > y);
	else if (strcmp(op, "<=") == 0) pv_bool(out, x <= y);
	else pv_bool(out, x >= y);
}

static bool
is_int(double d)
{
	return d == trunc(d) && fabs(d) < BIG;
}

/* Arithmetic op (+ - * / % **) of a and b into out. */
static void
arith(E *E, const char *op, pv *a, pv *b, pv *out)
{
	double x = pv_tonum(E, a), y = pv_tonum(E, b), r;

	switch (op[0]) {
	case '+': r = x + y; break;
	case '-': r = x - y; break;
	case '*':
		if (op[1] == '*') {
			r = pow(x, y);
			break;
		}
		r = x * y;
		break;
	case '/':
		if (y == 0) {
			pv_unk(E, out, "division by zero (Perl dies)");
			return;
		}
		r = x / y;
		break;
	default: {     /* % : integer parts, the result has the sign of the right side */
		double l = trunc(fabs(x)), m = trunc(fabs(y)), ans;

		if (l >= BIG || m >= BIG || isnan(x) || isnan(y)) {
			pv_unk(E, out, "modulo of numbers too large to be exact");
			return;
		}
		if (m == 0) {
			pv_unk(E, out, "modulo zero (Perl dies)");
			return;
		}
		ans = fmod(l, m);
		if ((x < 0) != (y < 0) && ans != 0)
			ans = m - ans;
		r = y < 0 ? -ans : ans;
	}
	}
	/* integer results Perl keeps as integers must stay exact */
	if ((op[0] == '+' || op[0] == '-' || (op[0] == '*' && op[1] == '\0')) && is_int(x) &&
	    is_int(y) && fabs(r) >= BIG) {
		pv_unk(E, out, "integer arithmetic beyond 15 digits");
		return;
	}
	if (isnan(r) || isinf(r)) {
		pv_unk(E, out, "arithmetic result that is infinite or not a number");
		return;
	}
	pv_num(out, r);
}

/* Scalar x count */
static void
repeat(E *E, pv *a, pv *b, pv *out)
{
	double c = pv_tonum(E, b);
	size_t n, i;

	pv_stringify(E, a);
	if (c < 1 || isnan(c)) {
		pv_str(out, "", 0);
		return;
	}
	if (c > (double)E->b->value_max + 1 || (a->len && too_long(E, a->len * (size_t)c))) {
		if (a->len == 0) {
			pv_str(out, "", 0);
			return;
		}
		too_long(E, E->b->value_max + 1);
		out->unk = true;
		return;
	}
	n = (size_t)c;
	out->t = T_STR;
	out->len = a->len * n;
	out->s = f48_xmalloc(out->len + 1);
	for (i = 0; i < n; i++)
		memcpy(out->s + i * a->len, a->s, a->len);
	out->s[out->len] = '\0';
}

/* Unary minus: numbers negate; Perl's string negation is left unknown. */
static void
negate(E *E, pv *a, pv *out)
{
	if (a->t == T_STR && !looks_numeric(a->s, a->len) && a->len > 0) {
		pv_unk(E, out, "unary minus of a string");
		return;
	}
	pv_num(out, -pv_tonum(E, a));
}

/* ----------------------------------------------------- builtins */

/* sprintf with Perl's conversions %% c s d i u o x X e E f F g G b B
 * (flags, width, precision, *); anything else (%v, %n, sizes) is unknown. */
static void
do_sprintf(E *E, pv *fmt, plist *args, pv *out)
{
	f48_sb sb;
	size_t i = 0, ai = 0;
	const char *f;
	size_t n;

	pv_stringify(E, fmt);
	f = fmt->s ? fmt->s : "";
	n = fmt->len;
	f48_sb_init(&sb);
	while (i < n) {
		char spec[64], buf[512], conv, flags[8];
		size_t nf = 0, k;
		long width = -1, prec = -1;
		pv *a = NULL, zero;

		if (f[i] != '%') {
			f48_sb_putc(&sb, f[i++]);
			continue;
		}
		if (i + 1 < n && f[i + 1] == '%') {
			f48_sb_putc(&sb, '%');
			i += 2;
			continue;
		}
		k = i + 1;
		while (k < n && strchr("-+ 0#", f[k]) && nf + 1 < sizeof(flags))
			flags[nf++] = f[k++];
		flags[nf] = '\0';
		if (k < n && f[k] == '*') {
			if (ai < args->n)
				width = (long)pv_tonum(E, &args->v[ai++]);
			else
				width = 0;
			if (width < 0) {
				/* a negative * width means left-justified */
				if (nf + 1 < sizeof(flags)) {
					flags[nf++] = '-';
					flags[nf] = '\0';
				}
				width = -width;
			}
			k++;
		} else if (k < n && is_digit((unsigned char)f[k])) {
			width = 0;
			while (k < n && is_digit((unsigned char)f[k]) && width < 100000000)
				width = width * 10 + (f[k++] - '0');
		}
		if (k < n && f[k] == '.') {
			k++;
			prec = 0;
			if (k < n && f[k] == '*') {
				prec = ai < args->n ? (long)pv_tonum(E, &args->v[ai++]) : 0;
				if (prec < 0)
					prec = -1;
				k++;
			} else
				while (k < n && is_digit((unsigned char)f[k]) && prec < 100000000)
					prec = prec * 10 + (f[k++] - '0');
		}
		if (k >= n || !strchr("csdiuoxXeEfFgGbB", f[k])) {
			pv_unk(E, out, "a sprintf conversion this evaluator does not model");
			break;
		}
		conv = f[k];
		i = k + 1;
		if (width > (long)E->b->value_max || prec > (long)E->b->value_max) {
			too_long(E, E->b->value_max + 1);
			out->unk = true;
			break;
		}
		memset(&zero, 0, sizeof(zero));
		a = ai < args->n ? &args->v[ai++] : &zero;
		if (a->unk)
			out->unk = true;
		if (conv == 's') {
			f48_sb s2;
			size_t len;

			f48_sb_init(&s2);
			pv_tosb(E, a, &s2);
			len = s2.len;
			if (prec >= 0 && (size_t)prec < len)
				len = (size_t)prec;
			if (width > (long)len && !strchr(flags, '-'))
				for (k = len; k < (size_t)width; k++)
					f48_sb_putc(&sb, strchr(flags, '0') ? '0' : ' ');
			f48_sb_append(&sb, s2.data ? s2.data : "", len);
			if (width > (long)len && strchr(flags, '-'))
				for (k = len; k < (size_t)width; k++)
					f48_sb_putc(&sb, ' ');
			f48_sb_free(&s2);
		} else if (conv == 'c') {
			double d = pv_tonum(E, a);

			if (d < 0 || d > 255) {
				pv_unk(E, out, "sprintf %c of a wide character");
				break;
			}
			snprintf(spec, sizeof(spec), "%%%s%s%ldc", flags, width >= 0 ? "" : "",
			    width >= 0 ? width : 0);
			if ((unsigned char)d == 0) {
				/* a NUL byte: snprintf would stop there */
				pv_unk(E, out, "sprintf %c of a NUL byte");
				break;
			}
			snprintf(buf, sizeof(buf), spec, (int)(unsigned char)d);
			f48_sb_puts(&sb, buf);
		} else {
			double d = pv_tonum(E, a);
			char *big = NULL;
			size_t need;
			int w;

			if (isnan(d) || isinf(d)) {
				pv_unk(E, out, "sprintf of an infinite number");
				break;
			}
			if (strchr("diuoxXbB", conv)) {
				long long iv;
				unsigned long long uv;

				if (fabs(d) >= 9.2e18) {
					pv_unk(E, out, "sprintf of an integer beyond 64 bits");
					break;
				}
				iv = (long long)d;   /* Perl truncates toward zero */
				if (conv == 'd' || conv == 'i') {
					snprintf(spec, sizeof(spec), "%%%s*.*lld", flags);
					need = (size_t)(width > 0 ? width : 0) + (size_t)(prec > 0 ? prec : 0) + 32;
					big = f48_xmalloc(need);
					w = snprintf(big, need, spec, (int)(width >= 0 ? width : 0),
					    (int)prec, iv);
				} else if (conv == 'b' || conv == 'B') {
					char bits[80];
					size_t nb = 0;

					if (iv < 0) {
						pv_unk(E, out, "sprintf %b of a negative number");
						break;
					}
					uv = (unsigned long long)iv;
					do {
						bits[nb++] = (char)('0' + (uv & 1));
						uv >>= 1;
					} while (uv);
					/* build the digits, then pad like %s with 0 or space */
					{
						f48_sb dg;
						size_t z, len;
						bool alt = strchr(flags, '#') && iv != 0;

						f48_sb_init(&dg);
						if (prec >= 0 && (size_t)prec > nb)
							for (z = nb; z < (size_t)prec; z++)
								f48_sb_putc(&dg, '0');
						while (nb)
							f48_sb_putc(&dg, bits[--nb]);
						if (prec == 0 && iv == 0)
							f48_sb_reset(&dg);
						len = dg.len + (alt ? 2 : 0);
						if (width > (long)len && !strchr(flags, '-') &&
						    !(strchr(flags, '0') && prec < 0))
							for (z = len; z < (size_t)width; z++)
								f48_sb_putc(&sb, ' ');
						if (alt)
							f48_sb_puts(&sb, conv == 'b' ? "0b" : "0B");
						if (width > (long)len && !strchr(flags, '-') &&
						    strchr(flags, '0') && prec < 0)
							for (z = len; z < (size_t)width; z++)
								f48_sb_putc(&sb, '0');
						f48_sb_append(&sb, dg.data ? dg.data : "", dg.len);
						if (width > (long)len && strchr(flags, '-'))
							for (z = len; z < (size_t)width; z++)
								f48_sb_putc(&sb, ' ');
						f48_sb_free(&dg);
					}
					continue;
				} else {
					if (iv < 0) {
						pv_unk(E, out, "sprintf %u/%o/%x of a negative number");
						break;
					}
					snprintf(spec, sizeof(spec), "%%%s*.*ll%c", flags, conv);
					need = (size_t)(width > 0 ? width : 0) + (size_t)(prec > 0 ? prec : 0) + 32;
					big = f48_xmalloc(need);
					w = snprintf(big, need, spec, (int)(width >= 0 ? width : 0),
					    (int)prec, (unsigned long long)iv);
				}
			} else {
				snprintf(spec, sizeof(spec), "%%%s*.*%c", flags, conv);
				need = (size_t)(width > 0 ? width : 0) + (size_t)(prec > 0 ? prec : 6) + 340;
				big = f48_xmalloc(need);
				w = snprintf(big, need, spec, (int)(width >= 0 ? width : 0),
				    (int)prec, d);
			}
			if (w > 0)
				f48_sb_append(&sb, big, (size_t)w < need ? (size_t)w : need - 1);
			free(big);
		}
		if (too_long(E, sb.len)) {
			out->unk = true;
			break;
		}
	}
	if (out->unk) {
		f48_sb_free(&sb);
		pv_str(out, "", 0);
		out->unk = true;
		return;
	}
	out->t = T_STR;
	out->len = sb.len;
	out->s = f48_sb_steal(&sb);
}

/* split /PAT/, STR, LIMIT with Perl's rules: a leading empty field is
 * kept (but a zero-width match at the start makes none), trailing empty
 * fields go unless LIMIT is negative, ' ' splits on white space after
 * skipping leading white space, captures become fields. */
static void
do_split(E *E, const f48_pexpr *f, plist *out)
{
	pv str, lim, ps;
	long long limit = 0;
	bool awk = false, has_limit = false;
	pcre2_code *re = NULL;
	pcre2_match_data *md = NULL;
	const char *s;
	size_t len, pos = 0, iters = 0;
	long long splits = 0;
	uint32_t ngroups = 0;

	memset(&str, 0, sizeof(str));
	memset(&lim, 0, sizeof(lim));
	memset(&ps, 0, sizeof(ps));
	if (f->nparts < 2) {
		why(E, "split without a string (it splits $_)");
		out->unk = true;
		return;
	}
	ev_scalar(E, f->parts[1], &str);
	pv_stringify(E, &str);
	if (f->nparts > 2) {
		ev_scalar(E, f->parts[2], &lim);
		limit = (long long)pv_tonum(E, &lim);
		has_limit = true;
		if (lim.unk)
			out->unk = true;
	}
	if (f->parts[0]->kind == F48_PX_REGEX) {
		const f48_pexpr *r = f->parts[0];

		if (r->len == 1 && r->str[0] == '^') {
			re = regex_of(E, "^", 1, "m", false);
		} else {
			re = regex_of(E, r->str, r->len, r->flags, true);
		}
	} else {
		ev_scalar(E, f->parts[0], &ps);
		pv_stringify(E, &ps);
		if (!ps.unk && ps.len == 1 && ps.s[0] == ' ')
			awk = true;
		else if (!ps.unk)
			re = regex_of(E, ps.s, ps.len, "", false);
		if (ps.unk)
			out->unk = true;
	}
	if (awk)
		re = regex_of(E, "\\s+", 3, "", false);
	if (re == NULL || str.unk || out->unk) {
		out->unk = true;
		goto done;
	}
	s = str.s ? str.s : "";
	len = str.len;
	if (awk)
		while (pos < len && (is_space((unsigned char)s[pos]) || s[pos] == '\v'))
			pos++;
	md = pcre2_match_data_create_from_pattern(re, NULL);
	pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &ngroups);
	while (pos < len && !(has_limit && limit > 0 && splits >= limit - 1)) {
		PCRE2_SIZE *ov;
		int rc = pcre2_match(re, (PCRE2_SPTR)s, len, pos, 0, md, NULL);
		size_t ms, me;
		pv fld;
		uint32_t g;

		if (!step(E)) {
			out->unk = true;
			goto done;
		}
		if (rc == PCRE2_ERROR_NOMATCH)
			break;
		if (rc < 0) {
			why(E, "regular expression matching failed");
			out->unk = true;
			goto done;
		}
		ov = pcre2_get_ovector_pointer(md);
		ms = ov[0];
		me = ov[1];
		if (me == pos) {
			/* the match must end after pos: retry not empty at pos */
			rc = pcre2_match(re, (PCRE2_SPTR)s, len, pos, PCRE2_NOTEMPTY_ATSTART, md, NULL);
			if (rc == PCRE2_ERROR_NOMATCH)
				break;
			if (rc < 0) {
				out->unk = true;
				goto done;
			}
			ov = pcre2_get_ovector_pointer(md);
			ms = ov[0];
			me = ov[1];
		}
		memset(&fld, 0, sizeof(fld));
		pv_str(&fld, s + pos, ms - pos);
		if (!pl_push(E, out, &fld))
			goto done;
		iters++;
		for (g = 1; g <= ngroups; g++) {
			memset(&fld, 0, sizeof(fld));
			if (ov[2 * g] != PCRE2_UNSET)
				pv_str(&fld, s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
			if (!pl_push(E, out, &fld))
				goto done;
			iters++;
		}
		pos = me;
		splits++;
	}
	if (pos < len || (iters && has_limit && limit != 0)) {
		pv fld;

		memset(&fld, 0, sizeof(fld));
		pv_str(&fld, s + pos, len - pos);
		pl_push(E, out, &fld);
		iters++;
	}
	if (!has_limit || limit == 0)
		while (out->n > 0 && (out->v[out->n - 1].t == T_UNDEF || out->v[out->n - 1].len == 0)) {
			pv_free(&out->v[out->n - 1]);
			out->n--;
		}
done:
	if (md)
		pcre2_match_data_free(md);
	if (re)
		pcre2_code_free(re);
	pv_free(&str);
	pv_free(&lim);
	pv_free(&ps);
}

/* substr with Perl's offsets (negative from the end; outside: undef). */
static void
do_substr(E *E, pv *sv, pv *offv, pv *lenv, pv *out)
{
	long long cur, p1, p2, l;
	double o;

	pv_stringify(E, sv);
	cur = (long long)sv->len;
	o = pv_tonum(E, offv);
	if (fabs(o) > BIG || (lenv && fabs(pv_tonum(E, lenv)) > BIG)) {
		out->unk = true;
		return;
	}
	p1 = (long long)o;
	if (p1 < 0 && cur)
		p1 += cur;
	if (p1 > cur)
		return;                      /* undef */
	if (lenv) {
		l = (long long)pv_tonum(E, lenv);
		if (l < 0)
			p2 = cur + l;
		else if (p1 < 0)
			p2 = p1 + l;
		else
			p2 = l > cur - p1 ? cur : p1 + l;
	} else
		p2 = cur;
	if (p2 < 0) {
		if (p1 < 0)
			return;
		p2 = 0;
	} else if (p1 < 0)
		p1 = 0;
	if (p2 < p1)
		p2 = p1;
	if (p2 > cur)
		p2 = cur;
	pv_str(out, sv->s + p1, (size_t)(p2 - p1));
}

static void
do_index(E *E, bool r, pv *sv, pv *subv, pv *posv, pv *out)
{
	long long len, sl, off, i;

	pv_stringify(E, sv);
	pv_stringify(E, subv);
	len = (long long)sv->len;
	sl = (long long)subv->len;
	if (posv) {
		double d = pv_tonum(E, posv);

		off = fabs(d) > BIG ? (d < 0 ? -BIG : BIG) : (long long)d;
		if (r)
			off += sl;     /* rindex searches what ends before POS + length */
	} else
		off = r ? len : 0;
	if (off < 0)
		off = 0;
	if (off > len)
		off = len;
	if (!r) {
		for (i = off; i + sl <= len; i++)
			if (sl == 0 || memcmp(sv->s + i, subv->s, (size_t)sl) == 0) {
				pv_num(out, (double)i);
				return;
			}
	} else {
		for (i = off - sl; i >= 0; i--)
			if (sl == 0 || memcmp(sv->s + i, subv->s, (size_t)sl) == 0) {
				pv_num(out, (double)i);
				return;
			}
	}
	pv_num(out, -1);
}

/* hex() and oct() */
static void
do_hexoct(E *E, bool is_oct, pv *a, pv *out)
{
	const char *s;
	size_t i = 0, n;
	int base = 16, d;
	double v = 0;

	pv_stringify(E, a);
	s = a->s ? a->s : "";
	n = a->len;
	if (is_oct) {
		while (i < n && is_space((unsigned char)s[i]))
			i++;
		base = 8;
		if (i < n && s[i] == '0' && i + 1 < n && (s[i + 1] == 'x' || s[i + 1] == 'X'))
			base = 16, i += 2;
		else if (i < n && (s[i] == 'x' || s[i] == 'X'))
			base = 16, i++;
		else if (i < n && s[i] == '0' && i + 1 < n && (s[i + 1] == 'b' || s[i + 1] == 'B'))
			base = 2, i += 2;
		else if (i < n && (s[i] == 'b' || s[i] == 'B'))
			base = 2, i++;
		else if (i < n && s[i] == '0' && i + 1 < n && (s[i + 1] == 'o' || s[i + 1] == 'O'))
			i += 2;
	} else {
		if (i + 1 < n && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X'))
			i += 2;
		else if (i < n && (s[i] == 'x' || s[i] == 'X'))
			i++;
	}
	for (; i < n; i++) {
		if (s[i] == '_' && i + 1 < n && hexval((unsigned char)s[i + 1]) >= 0 &&
		    hexval((unsigned char)s[i + 1]) < base)
			continue;
		d = hexval((unsigned char)s[i]);
		if (d < 0 || d >= base)
			break;
		v = v * base + d;
		if (v >= BIG) {
			pv_unk(E, out, "hex/oct value beyond 15 digits");
			return;
		}
	}
	pv_num(out, v);
}

/* defined EXPR */
static void
do_defined(E *E, const f48_pexpr *a, pv *out)
{
	pv v;

	memset(&v, 0, sizeof(v));
	if (a->kind == F48_PX_ARRAY) {
		pv_unk(E, out, "defined(@array)");
		return;
	}
	ev_scalar(E, a, &v);
	if (v.unk)
		out->unk = true;
	else
		pv_bool(out, v.t != T_UNDEF);
	pv_free(&v);
}

/* exists $H{KEY} */
static void
do_exists(E *E, const f48_pexpr *a, pv *out)
{
	pv k;
	f48_perl_var v;
	int r;

	if (a->kind != F48_PX_ELEM || a->quote == '[') {
		pv_unk(E, out, "exists on something other than a hash element");
		return;
	}
	memset(&k, 0, sizeof(k));
	ev_scalar(E, a->key, &k);
	pv_stringify(E, &k);
	if (k.unk) {
		out->unk = true;
		pv_free(&k);
		return;
	}
	r = get(E, '{', a->name, k.s, k.len, &v);
	if (r == F48_PV_UNKNOWN)
		pv_unk(E, out, v.reason ? v.reason : "whether a hash key exists is not known");
	else
		pv_bool(out, r == F48_PV_KNOWN);
	pv_free(&k);
}

/* A builtin in list context (split, reverse) or scalar context (all). */
static void
ev_func(E *E, const f48_pexpr *f, pv *sout, plist *lout)
{
	const char *nm = f->name;
	pv a, b, c, *r = sout;
	plist l;
	size_t i;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	memset(&c, 0, sizeof(c));
	memset(&l, 0, sizeof(l));
	if (strcmp(nm, "split") == 0) {
		do_split(E, f, lout ? lout : &l);
		if (sout) {
			if (l.unk)
				sout->unk = true;
			else
				pv_num(sout, (double)l.n);
		}
		goto out;
	}
	if (strcmp(nm, "reverse") == 0) {
		plist in;

		memset(&in, 0, sizeof(in));
		for (i = 0; i < f->nparts; i++)
			ev_list(E, f->parts[i], &in);
		if (f->nparts == 0) {
			why(E, "reverse without arguments (it reverses $_)");
			in.unk = true;
		}
		if (lout) {
			lout->unk = lout->unk || in.unk;
			for (i = in.n; i-- > 0;)
				pl_push(E, lout, &in.v[i]);
		} else {
			f48_sb sb;
			size_t k;

			f48_sb_init(&sb);
			for (i = 0; i < in.n; i++) {
				pv_tosb(E, &in.v[i], &sb);
				sout->unk = sout->unk || in.v[i].unk;
			}
			sout->unk = sout->unk || in.unk;
			sout->t = T_STR;
			sout->len = sb.len;
			sout->s = f48_xmalloc(sb.len + 1);
			for (k = 0; k < sb.len; k++)
				sout->s[k] = sb.data[sb.len - 1 - k];
			sout->s[sb.len] = '\0';
			f48_sb_free(&sb);
		}
		pl_free(&in);
		goto out;
	}
	if (lout) {
		pv v;

		memset(&v, 0, sizeof(v));
		ev_func(E, f, &v, NULL);
		pl_push(E, lout, &v);
		goto out;
	}
	if (strcmp(nm, "undef") == 0) {
		r->t = T_UNDEF;
		goto out;
	}
	if (strcmp(nm, "defined") == 0) {
		do_defined(E, f->parts[0], r);
		goto out;
	}
	if (strcmp(nm, "exists") == 0) {
		do_exists(E, f->parts[0], r);
		goto out;
	}
	if (strcmp(nm, "scalar") == 0) {
		ev_scalar(E, f->parts[0], r);
		goto out;
	}
	if (strcmp(nm, "join") == 0 || strcmp(nm, "sprintf") == 0) {
		if (f->nparts == 0) {
			pv_unk(E, r, "join or sprintf without arguments");
			goto out;
		}
		ev_scalar(E, f->parts[0], &a);
		for (i = 1; i < f->nparts; i++)
			ev_list(E, f->parts[i], &l);
		if (a.unk || l.unk)
			r->unk = true;
		if (nm[0] == 's') {
			do_sprintf(E, &a, &l, r);
			goto out;
		}
		{
			f48_sb sb;

			pv_stringify(E, &a);
			f48_sb_init(&sb);
			for (i = 0; i < l.n; i++) {
				if (i)
					f48_sb_append(&sb, a.s, a.len);
				pv_tosb(E, &l.v[i], &sb);
				if (l.v[i].unk)
					r->unk = true;
				if (too_long(E, sb.len)) {
					r->unk = true;
					break;
				}
			}
			r->t = T_STR;
			r->len = sb.len;
			r->s = f48_sb_steal(&sb);
		}
		goto out;
	}
	/* the rest take scalars */
	for (i = 0; i < f->nparts && i < 3; i++) {
		pv *d = i == 0 ? &a : i == 1 ? &b : &c;

		ev_scalar(E, f->parts[i], d);
		if (d->unk)
			r->unk = true;
	}
	if (f->nparts == 0) {
		pv_unk(E, r, "builtin without arguments (uses $_)");
		goto out;
	}
	if (r->unk)
		goto out;
	if (strcmp(nm, "substr") == 0) {
		if (f->nparts < 2 || f->nparts > 3)
			pv_unk(E, r, "substr with a replacement (it assigns)");
		else
			do_substr(E, &a, &b, f->nparts > 2 ? &c : NULL, r);
	} else if (strcmp(nm, "index") == 0 || strcmp(nm, "rindex") == 0) {
		if (f->nparts < 2)
			pv_unk(E, r, "index with one argument");
		else
			do_index(E, nm[0] == 'r', &a, &b, f->nparts > 2 ? &c : NULL, r);
	} else if (strcmp(nm, "length") == 0) {
		if (a.t == T_UNDEF)
			r->t = T_UNDEF;
		else {
			pv_stringify(E, &a);
			pv_num(r, (double)a.len);
		}
	} else if (strcmp(nm, "lc") == 0 || strcmp(nm, "uc") == 0 ||
	    strcmp(nm, "lcfirst") == 0 || strcmp(nm, "ucfirst") == 0) {
		bool up = nm[0] == 'u', first = strlen(nm) > 2;
		size_t k;

		pv_stringify(E, &a);
		pv_str(r, a.s ? a.s : "", a.len);
		for (k = 0; k < r->len && (!first || k == 0); k++) {
			char ch = r->s[k];

			if (up && ch >= 'a' && ch <= 'z')
				r->s[k] = (char)(ch - 32);
			else if (!up && ch >= 'A' && ch <= 'Z')
				r->s[k] = (char)(ch + 32);
		}
	} else if (strcmp(nm, "abs") == 0) {
		pv_num(r, fabs(pv_tonum(E, &a)));
	} else if (strcmp(nm, "int") == 0) {
		double d = pv_tonum(E, &a);

		if (isnan(d) || isinf(d))
			pv_unk(E, r, "int of an infinite number");
		else
			pv_num(r, trunc(d));
	} else if (strcmp(nm, "ord") == 0) {
		pv_stringify(E, &a);
		pv_num(r, a.len ? (unsigned char)a.s[0] : 0);
	} else if (strcmp(nm, "chr") == 0) {
		double d = pv_tonum(E, &a);
		char ch;

		if (d < 0 || d > 255 || isnan(d))
			pv_unk(E, r, "chr of a wide character");
		else {
			ch = (char)(unsigned char)d;
			pv_str(r, &ch, 1);
		}
	} else if (strcmp(nm, "hex") == 0 || strcmp(nm, "oct") == 0) {
		do_hexoct(E, nm[0] == 'o', &a, r);
	} else {
		pv_unk(E, r, "a builtin this evaluator does not model");
	}
out:
	pv_free(&a);
	pv_free(&b);
	pv_free(&c);
	pl_free(&l);
}

/* ----------------------------------------------------- expressions */

static void
ev_concat(E *E, const f48_pexpr *e, pv *out)
{
	f48_sb sb;
	size_t i, j;
	pv v;
	plist l;

	f48_sb_init(&sb);
	for (i = 0; i < e->nparts; i++) {
		const f48_pexpr *p = e->parts[i];

		if (p->kind == F48_PX_ARRAY && e->quote != 0) {
			/* "@A" joins with $" (a space) */
			memset(&l, 0, sizeof(l));
			get_array(E, p->name, &l);
			if (l.unk)
				out->unk = true;
			for (j = 0; j < l.n; j++) {
				if (j)
					f48_sb_putc(&sb, ' ');
				pv_tosb(E, &l.v[j], &sb);
				if (l.v[j].unk)
					out->unk = true;
			}
			pl_free(&l);
		} else {
			memset(&v, 0, sizeof(v));
			ev_scalar(E, p, &v);
			pv_tosb(E, &v, &sb);
			if (v.unk)
				out->unk = true;
			pv_free(&v);
		}
		if (too_long(E, sb.len)) {
			out->unk = true;
			f48_sb_reset(&sb);
			break;
		}
	}
	out->t = T_STR;
	out->len = sb.len;
	out->s = f48_sb_steal(&sb);
	if (out->s == NULL)
		out->s = f48_xstrdup("");
}

/* A number literal, as Perl reads it. */
static void
ev_number(E *E, const char *s, pv *out)
{
	const char *p = s;
	bool neg = false;
	double v = 0;
	int base = 10, d;
	char buf[128];
	size_t k = 0;

	if (*p == '-') {
		neg = true;
		p++;
	}
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		base = 16, p += 2;
	else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B'))
		base = 2, p += 2;
	else if (p[0] == '0' && is_digit((unsigned char)p[1]))
		base = 8;
	if (base != 10) {
		for (; *p; p++) {
			if (*p == '_')
				continue;
			d = hexval((unsigned char)*p);
			if (d < 0 || d >= base) {
				pv_unk(E, out, "malformed number");
				return;
			}
			v = v * base + d;
		}
	} else {
		for (; *p && k + 1 < sizeof(buf); p++)
			if (*p != '_')
				buf[k++] = *p;
		buf[k] = '\0';
		v = strtod(buf, NULL);
	}
	if (isinf(v)) {
		pv_unk(E, out, "a number too large");
		return;
	}
	pv_num(out, neg ? -v : v);
}

static void
ev_op(E *E, const f48_pexpr *e, pv *out)
{
	const char *op = e->op;
	pv a, b;
	int c;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	ev_scalar(E, e->parts[0], &a);
	if (strcmp(op, "!") == 0) {
		if (a.unk)
			out->unk = true;
		else
			pv_bool(out, !pv_true(E, &a));
		goto done;
	}
	if (strcmp(op, "neg") == 0) {
		if (a.unk)
			out->unk = true;
		else
			negate(E, &a, out);
		goto done;
	}
	if (strcmp(op, "&&") == 0 || strcmp(op, "||") == 0 || strcmp(op, "//") == 0) {
		bool take_a;

		if (a.unk) {
			out->unk = true;
			goto done;
		}
		take_a = op[0] == '&' ? !pv_true(E, &a) : op[0] == '|' ? pv_true(E, &a) :
		    a.t != T_UNDEF;
		if (take_a) {
			*out = a;
			memset(&a, 0, sizeof(a));
		} else
			ev_scalar(E, e->parts[1], out);
		goto done;
	}
	if (op[0] == '?') {
		if (a.unk) {
			out->unk = true;
			goto done;
		}
		ev_scalar(E, e->parts[pv_true(E, &a) ? 1 : 2], out);
		goto done;
	}
	if (strcmp(op, "..") == 0) {
		pv_unk(E, out, "the range operator in scalar context (a flip-flop)");
		goto done;
	}
	ev_scalar(E, e->parts[1], &b);
	if (a.unk || b.unk) {
		out->unk = true;
		goto done;
	}
	c = op[0];
	if (strcmp(op, "x") == 0)
		repeat(E, &a, &b, out);
	else if ((strchr("+-*/%", c) && op[1] == '\0') || strcmp(op, "**") == 0)
		arith(E, op, &a, &b, out);
	else
		compare(E, op, &a, &b, out);
	if (a.unk || b.unk)
		out->unk = true;
done:
	pv_free(&a);
	pv_free(&b);
}

static void
ev_scalar(E *E, const f48_pexpr *e, pv *out)
{
	memset(out, 0, sizeof(*out));
	if (e == NULL)
		return;
	if (!step(E)) {
		pv_unk(E, out, "not evaluated: the evaluator's budget is exhausted");
		return;
	}
	switch (e->kind) {
	case F48_PX_STR:
		pv_str(out, e->str, e->len);
		break;
	case F48_PX_NUM:
		ev_number(E, e->str, out);
		break;
	case F48_PX_SCALAR:
		get_scalar(E, e->name, out);
		break;
	case F48_PX_ELEM:
		get_elem(E, e, out);
		break;
	case F48_PX_ARRAY: {
		plist l;

		memset(&l, 0, sizeof(l));
		get_array(E, e->name, &l);
		if (l.unk)
			out->unk = true;
		else
			pv_num(out, (double)l.n);   /* an array in scalar context: its size */
		pl_free(&l);
		break;
	}
	case F48_PX_CONCAT:
		ev_concat(E, e, out);
		break;
	case F48_PX_LIST:
		/* the comma operator: the last element, in scalar context */
		if (e->nparts > 0)
			ev_scalar(E, e->parts[e->nparts - 1], out);
		break;
	case F48_PX_OP:
		ev_op(E, e, out);
		break;
	case F48_PX_FUNC:
		ev_func(E, e, out, NULL);
		break;
	case F48_PX_SLICE: {
		plist l;

		memset(&l, 0, sizeof(l));
		ev_list(E, e, &l);
		if (l.unk)
			out->unk = true;
		else if (l.n > 0) {
			*out = l.v[l.n - 1];
			memset(&l.v[l.n - 1], 0, sizeof(*out));
		}
		pl_free(&l);
		break;
	}
	case F48_PX_MATCH: {
		int r = match(E, e);

		if (r < 0)
			out->unk = true;
		else
			pv_bool(out, r == 1);
		break;
	}
	case F48_PX_REGEX:
		pv_unk(E, out, "a regexp used as a value");
		break;
	case F48_PX_UNKNOWN:
	default:
		if (e->raw)
			why(E, "%s: %.100s", e->reason ? e->reason : "outside the subset", e->raw);
		else
			why(E, "%s", e->reason ? e->reason : "outside the subset");
		out->unk = true;
		break;
	}
}

static void
ev_list(E *E, const f48_pexpr *e, plist *out)
{
	pv v;
	size_t i;

	if (e == NULL)
		return;
	if (!step(E)) {
		why(E, "not evaluated: the evaluator's budget is exhausted");
		out->unk = true;
		return;
	}
	memset(&v, 0, sizeof(v));
	switch (e->kind) {
	case F48_PX_LIST:
		for (i = 0; i < e->nparts; i++)
			ev_list(E, e->parts[i], out);
		return;
	case F48_PX_ARRAY:
		get_array(E, e->name, out);
		return;
	case F48_PX_FUNC:
		if (strcmp(e->name, "split") == 0 || strcmp(e->name, "reverse") == 0) {
			ev_func(E, e, NULL, out);
			return;
		}
		break;
	case F48_PX_SLICE: {
		plist src, idx;

		memset(&src, 0, sizeof(src));
		memset(&idx, 0, sizeof(idx));
		ev_list(E, e->parts[0], &src);
		ev_list(E, e->parts[1], &idx);
		if (src.unk || idx.unk) {
			out->unk = true;
		} else if (src.n > 0) {
			for (i = 0; i < idx.n; i++) {
				double d = pv_tonum(E, &idx.v[i]);
				long long k;

				memset(&v, 0, sizeof(v));
				if (idx.v[i].unk || fabs(d) > BIG) {
					v.unk = true;
				} else {
					k = (long long)d;
					if (k < 0)
						k += (long long)src.n;
					if (k >= 0 && (size_t)k < src.n)
						pv_copy(&v, &src.v[k]);
				}
				if (!pl_push(E, out, &v))
					break;
			}
		}
		pl_free(&src);
		pl_free(&idx);
		return;
	}
	case F48_PX_OP:
		if (e->op[0] == '?' && e->nparts == 3) {
			ev_scalar(E, e->parts[0], &v);
			if (v.unk)
				out->unk = true;
			else
				ev_list(E, e->parts[pv_true(E, &v) ? 1 : 2], out);
			pv_free(&v);
			return;
		}
		if (strcmp(e->op, "x") == 0 && e->parts[0]->kind == F48_PX_LIST) {
			plist src;
			pv cnt;
			double c;
			size_t k;

			memset(&src, 0, sizeof(src));
			memset(&cnt, 0, sizeof(cnt));
			ev_list(E, e->parts[0], &src);
			ev_scalar(E, e->parts[1], &cnt);
			c = pv_tonum(E, &cnt);
			if (src.unk || cnt.unk)
				out->unk = true;
			else if (c >= 1 && src.n > 0) {
				if (c > (double)LIST_MAX || src.n * (size_t)c > LIST_MAX) {
					too_long(E, E->b->value_max + 1);
					out->unk = true;
				} else
					for (k = 0; k < (size_t)c && !out->unk; k++)
						for (i = 0; i < src.n; i++) {
							pv_copy(&v, &src.v[i]);
							if (!pl_push(E, out, &v))
								break;
						}
			}
			pl_free(&src);
			pv_free(&cnt);
			return;
		}
		if (strcmp(e->op, "..") == 0) {
			pv a, b;
			double x, y, k;

			memset(&a, 0, sizeof(a));
			memset(&b, 0, sizeof(b));
			ev_scalar(E, e->parts[0], &a);
			ev_scalar(E, e->parts[1], &b);
			if (a.unk || b.unk || (a.t == T_STR && !looks_numeric(a.s, a.len)) ||
			    (b.t == T_STR && !looks_numeric(b.s, b.len))) {
				why(E, "a range of strings");
				out->unk = true;
			} else {
				x = trunc(pv_tonum(E, &a));
				y = trunc(pv_tonum(E, &b));
				if (y - x + 1 > (double)LIST_MAX) {
					too_long(E, E->b->value_max + 1);
					out->unk = true;
				} else
					for (k = x; k <= y; k++) {
						memset(&v, 0, sizeof(v));
						pv_num(&v, k);
						if (!pl_push(E, out, &v))
							break;
					}
			}
			pv_free(&a);
			pv_free(&b);
			return;
		}
		break;
	case F48_PX_UNKNOWN:
		/* outside the subset, it may stand for any number of values */
		out->unk = true;
		break;
	default:
		break;
	}
	ev_scalar(E, e, &v);
	pl_push(E, out, &v);
}

/* ----------------------------------------------------- conditions */

static int
ev_cond(E *E, const f48_pcond *c)
{
	pv a, b, r;
	int x, y;

	if (c == NULL) {
		why(E, "no condition");
		return -1;
	}
	if (!step(E)) {
		why(E, "not evaluated: the evaluator's budget is exhausted");
		return -1;
	}
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	memset(&r, 0, sizeof(r));
	switch (c->kind) {
	case F48_PC_TRUTH:
		ev_scalar(E, c->lhs, &a);
		x = a.unk ? -1 : pv_true(E, &a);
		pv_free(&a);
		return x;
	case F48_PC_DEFINED:
		do_defined(E, c->lhs, &a);
		x = a.unk ? -1 : pv_true(E, &a);
		pv_free(&a);
		return x;
	case F48_PC_NOT:
		x = ev_cond(E, c->sub[0]);
		return x < 0 ? -1 : !x;
	case F48_PC_AND:
		x = ev_cond(E, c->sub[0]);
		if (x == 0)
			return 0;
		y = ev_cond(E, c->sub[1]);
		return x == 1 ? y : (y == 0 ? 0 : -1);
	case F48_PC_OR:
		x = ev_cond(E, c->sub[0]);
		if (x == 1)
			return 1;
		y = ev_cond(E, c->sub[1]);
		return x == 0 ? y : (y == 1 ? 1 : -1);
	case F48_PC_CMP:
		ev_scalar(E, c->lhs, &a);
		ev_scalar(E, c->rhs, &b);
		if (a.unk || b.unk) {
			x = -1;
		} else {
			compare(E, c->op, &a, &b, &r);
			x = r.unk || a.unk || b.unk ? -1 : pv_true(E, &r);
		}
		pv_free(&a);
		pv_free(&b);
		pv_free(&r);
		return x;
	case F48_PC_MATCH: {
		f48_pexpr m;
		f48_pexpr *parts[1];

		memset(&m, 0, sizeof(m));
		m.kind = F48_PX_MATCH;
		parts[0] = c->lhs;
		m.parts = parts;
		m.nparts = 1;
		m.str = c->pattern;
		m.len = c->pattern ? strlen(c->pattern) : 0;
		m.flags = c->flags;
		snprintf(m.op, sizeof(m.op), "%s", c->negated ? "!~" : "=~");
		return match(E, &m);
	}
	case F48_PC_UNKNOWN:
	default:
		if (c->raw)
			why(E, "%s: %.100s", c->reason ? c->reason : "condition outside the subset",
			    c->raw);
		else
			why(E, "%s", c->reason ? c->reason : "condition outside the subset");
		return -1;
	}
}

/* ----------------------------------------------------- statements */

static void run_stmts(E *E, const f48_pstmt *v, size_t n);

static long
st_line(const E *E, const f48_pstmt *st)
{
	return E->env->line_override > 0 ? E->env->line_override : st->line;
}

static void
store(E *E, f48_perl_store *s)
{
	if (s->line == 0)
		s->line = st_line(E, s->st);
	if (E->env->store)
		E->env->store(E->env->ctx, s);
}

/* Store a scalar result of statement st. */
static void
store_scalar(E *E, const f48_pstmt *st, char sigil, const char *key, size_t keylen,
    const char *op, bool append, pv *v)
{
	f48_perl_store s;
	bool undef = v->t == T_UNDEF;

	pv_stringify(E, v);
	memset(&s, 0, sizeof(s));
	s.sigil = sigil;
	s.name = st->name;
	s.key = key;
	s.keylen = keylen;
	s.op = op;
	s.append = append;
	s.known = !v->unk;
	s.undef = undef;
	s.reason = v->unk ? (E->reason ? E->reason : "not known") : NULL;
	s.str = v->s ? v->s : "";
	s.len = v->len;
	s.st = st;
	store(E, &s);
}

static void
store_list(E *E, const f48_pstmt *st, char sigil, const char *op, bool append, plist *l)
{
	f48_perl_store s;
	const char **items = f48_xcalloc(l->n + 1, sizeof(*items));
	size_t *lens = f48_xcalloc(l->n + 1, sizeof(*lens));
	size_t i;
	bool unk = l->unk;

	for (i = 0; i < l->n; i++) {
		pv_stringify(E, &l->v[i]);
		items[i] = l->v[i].s ? l->v[i].s : "";
		lens[i] = l->v[i].len;
		unk = unk || l->v[i].unk;
	}
	memset(&s, 0, sizeof(s));
	s.sigil = sigil;
	s.name = st->name;
	s.op = op;
	s.append = append;
	s.known = !unk;
	s.reason = unk ? (E->reason ? E->reason : "not known") : NULL;
	s.items = items;
	s.lens = lens;
	s.nitems = l->n;
	s.st = st;
	store(E, &s);
	free(items);
	free(lens);
}

/* An unknown store for every variable a statement (or block) assigns:
 * a branch that cannot be decided, or a budget that is gone. */
static void
mark(E *E, const f48_pstmt *st, const char *reason)
{
	f48_perl_store s;
	size_t i;
	pv k;

	memset(&s, 0, sizeof(s));
	s.name = st->name;
	s.op = "if";
	s.reason = reason;
	s.str = "";
	s.st = st;
	switch (st->kind) {
	case F48_PS_SCALAR:
		if (bound(E, st->name))
			return;      /* a loop variable: local to the loop */
		s.sigil = '$';
		store(E, &s);
		break;
	case F48_PS_ELEM:
		memset(&k, 0, sizeof(k));
		if (st->key && st->key->quote != '[' && !E->b->exhausted)
			ev_scalar(E, st->key, &k);
		pv_stringify(E, &k);
		if (st->key && st->key->quote != '[' && !k.unk && k.s && !E->b->exhausted) {
			s.sigil = '{';
			s.key = k.s;
			s.keylen = k.len;
		} else
			s.sigil = st->key && st->key->quote == '[' ? '@' : '%';
		store(E, &s);
		pv_free(&k);
		break;
	case F48_PS_ARRAY:
	case F48_PS_PUSH:
		s.sigil = '@';
		store(E, &s);
		break;
	case F48_PS_HASH:
		s.sigil = '%';
		store(E, &s);
		break;
	case F48_PS_CALL:
		if (E->env->call)
			E->env->call(E->env->ctx, st, NULL, 0, true, reason);
		break;
	case F48_PS_IF:
		for (i = 0; i < st->nbranches; i++) {
			size_t j;

			for (j = 0; j < st->branches[i].nbody; j++)
				mark(E, &st->branches[i].body[j], reason);
		}
		break;
	case F48_PS_FOREACH: {
		bind *b;

		E->binds = f48_xgrow(E->binds, &E->capbinds, E->nbinds + 1, sizeof(*E->binds));
		b = &E->binds[E->nbinds++];
		memset(b, 0, sizeof(*b));
		b->name = st->name;
		b->v.unk = true;
		for (i = 0; i < st->nbody; i++)
			mark(E, &st->body[i], reason);
		E->nbinds--;
		break;
	}
	default:
		break;
	}
}

/* The text of a condition for messages: the statement's first line. */
static char *
cond_text(const f48_pstmt *st)
{
	const char *r = st->raw ? st->raw : "";
	size_t n = strcspn(r, "\n");

	while (n > 0 && (r[n - 1] == ' ' || r[n - 1] == '\t' || r[n - 1] == '\r'))
		n--;
	return f48_xstrndup(r, n > 120 ? 120 : n);
}

/* A condition that cannot be decided: the finding, and every variable the
 * statements guarded by it assign becomes unknown. */
static void
undecided(E *E, const f48_pstmt *st, long line, const f48_pstmt *v, size_t n)
{
	char *text = cond_text(st), *reason;
	const char *file = E->env->file ? E->env->file : "";
	size_t i;

	reason = f48_xasprintf("assigned under a condition that cannot be decided (%s:%ld: "
	    "%s): %s", file, line, text, E->reason ? E->reason : "unknown");
	if (E->env->findings)
		f48_findings_add(E->env->findings, F48_SEV_WARNING, F48_C_CONDITION_UNKNOWN, file,
		    line, NULL, "the condition of this statement cannot be decided statically "
		    "(%s); what it assigns is unknown", E->reason ? E->reason : "?");
	for (i = 0; i < n; i++)
		mark(E, &v[i], reason);
	free(reason);
	free(text);
}

static bool
assigns(const f48_pstmt *v, size_t n, const char *name)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (v[i].kind == F48_PS_SCALAR && strcmp(v[i].name, name) == 0)
			return true;
		if (v[i].kind == F48_PS_UNSUPPORTED)
			return true;     /* last, next, ... change the loop */
		if (v[i].kind == F48_PS_FOREACH && assigns(v[i].body, v[i].nbody, name))
			return true;
		if (v[i].kind == F48_PS_IF)
			for (j = 0; j < v[i].nbranches; j++)
				if (assigns(v[i].branches[j].body, v[i].branches[j].nbody, name))
					return true;
	}
	return false;
}

/* $NAME op EXPR and $NAME{KEY} op EXPR */
static void
run_assign(E *E, const f48_pstmt *st)
{
	const char *op = st->op;
	pv v, old, k, r;
	char sigil = '$';
	const char *key = NULL;
	size_t keylen = 0;
	f48_perl_var var;
	int got;

	memset(&v, 0, sizeof(v));
	memset(&old, 0, sizeof(old));
	memset(&k, 0, sizeof(k));
	memset(&r, 0, sizeof(r));
	if (st->kind == F48_PS_ELEM) {
		ev_scalar(E, st->key, &k);
		pv_stringify(E, &k);
		if (k.unk || st->key->quote == '[') {
			/* which element is not known (or an array element): the
			 * whole aggregate becomes unknown */
			f48_perl_store s;

			memset(&s, 0, sizeof(s));
			s.sigil = st->key->quote == '[' ? '@' : '%';
			s.name = st->name;
			s.op = op;
			s.reason = k.unk ? (E->reason ? E->reason : "the key is not known") :
			    "assignment to an array element";
			s.str = "";
			s.st = st;
			store(E, &s);
			pv_free(&k);
			return;
		}
		sigil = '{';
		key = k.s;
		keylen = k.len;
	}
	/* the loop variable of a foreach: local to the loop */
	if (sigil == '$' && bound(E, st->name)) {
		bind *b = (bind *)bound(E, st->name);

		ev_scalar(E, st->value, &v);
		if (strcmp(op, "=") == 0) {
			pv_free(&b->v);
			b->v = v;
			memset(&v, 0, sizeof(v));
		} else
			b->v.unk = true;
		pv_free(&v);
		return;
	}
	if (strcmp(op, "=") == 0) {
		ev_scalar(E, st->value, &v);
		store_scalar(E, st, sigil, key, keylen, op, false, &v);
		goto done;
	}
	/* compound: the current value (not set anywhere: undef) */
	got = sigil == '$' ? get(E, '$', st->name, NULL, 0, &var) :
	    get(E, '{', st->name, key, keylen, &var);
	if (got == F48_PV_KNOWN && var.str != NULL && strcmp(op, ".=") == 0) {
		old.t = T_STR;          /* .= needs only the length: no copy per line */
		old.len = var.len;
	} else if (got == F48_PV_KNOWN && var.str != NULL)
		pv_str(&old, var.str, var.len);
	else if (got == F48_PV_UNKNOWN) {
		old.unk = true;
		why(E, "%s", var.reason ? var.reason : "the current value is not known");
	}
	if (strcmp(op, ".=") == 0) {
		ev_scalar(E, st->value, &v);
		if (old.unk)
			v.unk = true;
		if (!too_long(E, (old.t == T_STR ? old.len : 0) + (v.t == T_STR ? v.len : 0)))
			store_scalar(E, st, sigil, key, keylen, op, true, &v);
		else {
			pv_free(&v);
			pv_unk(E, &v, NULL);
			store_scalar(E, st, sigil, key, keylen, op, false, &v);
		}
		goto done;
	}
	if (strcmp(op, "||=") == 0 || strcmp(op, "&&=") == 0 || strcmp(op, "//=") == 0) {
		bool keep;

		if (old.unk) {
			ev_scalar(E, st->value, &v);
			v.unk = true;
			store_scalar(E, st, sigil, key, keylen, op, false, &v);
			goto done;
		}
		keep = op[0] == '|' ? pv_true(E, &old) : op[0] == '&' ? !pv_true(E, &old) :
		    old.t != T_UNDEF;
		if (!keep) {
			ev_scalar(E, st->value, &v);
			store_scalar(E, st, sigil, key, keylen, op, false, &v);
		}
		goto done;
	}
	ev_scalar(E, st->value, &v);
	if (old.unk || v.unk) {
		r.unk = true;
	} else if (strcmp(op, "x=") == 0) {
		repeat(E, &old, &v, &r);
	} else if (strcmp(op, "+=") == 0 || strcmp(op, "-=") == 0 || strcmp(op, "*=") == 0 ||
	    strcmp(op, "/=") == 0 || strcmp(op, "%=") == 0 || strcmp(op, "**=") == 0) {
		char aop[3] = { op[0], op[1] == '*' ? '*' : '\0', '\0' };

		arith(E, aop, &old, &v, &r);
	} else {
		pv_unk(E, &r, "a bitwise or shift assignment");
	}
	store_scalar(E, st, sigil, key, keylen, op, false, &r);
done:
	pv_free(&v);
	pv_free(&old);
	pv_free(&k);
	pv_free(&r);
}

static void
run_stmt(E *E, const f48_pstmt *st)
{
	plist l;
	size_t i;
	int r;

	E->line = st_line(E, st);
	E->too_long = false;
	free(E->reason);
	E->reason = NULL;
	if (!step(E)) {
		mark(E, st, "not evaluated: the evaluator's budget is exhausted");
		return;
	}
	if (st->cond) {
		r = ev_cond(E, st->cond);
		if (r < 0) {
			undecided(E, st, E->line, st, 1);
			return;
		}
		if ((r == 1) == st->cond_unless)
			return;
		free(E->reason);
		E->reason = NULL;
	}
	memset(&l, 0, sizeof(l));
	switch (st->kind) {
	case F48_PS_SCALAR:
	case F48_PS_ELEM:
		run_assign(E, st);
		break;
	case F48_PS_ARRAY:
	case F48_PS_HASH:
	case F48_PS_PUSH:
		ev_list(E, st->value, &l);
		store_list(E, st, st->kind == F48_PS_HASH ? '%' : '@',
		    st->kind == F48_PS_PUSH ? "push" : "=", st->kind == F48_PS_PUSH, &l);
		break;
	case F48_PS_CALL:
		ev_list(E, st->value, &l);
		if (E->env->call) {
			f48_perl_value *args = f48_xcalloc(l.n + 1, sizeof(*args));

			for (i = 0; i < l.n; i++) {
				args[i].undef = l.v[i].t == T_UNDEF;
				pv_stringify(E, &l.v[i]);
				args[i].str = l.v[i].s ? l.v[i].s : f48_xstrdup("");
				l.v[i].s = NULL;
				args[i].len = l.v[i].len;
				args[i].known = !l.v[i].unk && !l.unk;
				if (!args[i].known)
					args[i].reason = f48_xstrdup(E->reason ? E->reason : "not known");
			}
			E->env->call(E->env->ctx, st, args, l.n, l.unk,
			    l.unk ? (E->reason ? E->reason : "the arguments are not known") : NULL);
			for (i = 0; i < l.n; i++)
				f48_perl_value_free(&args[i]);
			free(args);
		}
		break;
	case F48_PS_IF:
		for (i = 0; i < st->nbranches; i++) {
			const f48_pbranch *b = &st->branches[i];

			if (b->cond == NULL) {
				run_stmts(E, b->body, b->nbody);
				break;
			}
			E->line = E->env->line_override > 0 ? E->env->line_override : b->line;
			r = ev_cond(E, b->cond);
			if (r >= 0 && b->unless)
				r = !r;
			if (r == 1) {
				run_stmts(E, b->body, b->nbody);
				break;
			}
			if (r < 0) {
				size_t j;

				undecided(E, st, E->line, b->body, b->nbody);
				for (j = i + 1; j < st->nbranches; j++) {
						size_t q;
						char *reason = f48_xasprintf("assigned in an arm after a "
						    "condition that cannot be decided (%s:%ld)",
						    E->env->file ? E->env->file : "", E->line);

						for (q = 0; q < st->branches[j].nbody; q++)
							mark(E, &st->branches[j].body[q], reason);
						free(reason);
				}
				break;
			}
		}
		break;
	case F48_PS_FOREACH:
		ev_list(E, st->value, &l);
		if (l.unk || assigns(st->body, st->nbody, st->name)) {
			if (!l.unk)
				why(E, "the loop body assigns its loop variable or leaves the loop early");
			undecided(E, st, E->line, st, 1);
			break;
		}
		for (i = 0; i < l.n && !E->b->exhausted; i++) {
			bind *b;

			E->binds = f48_xgrow(E->binds, &E->capbinds, E->nbinds + 1, sizeof(*E->binds));
			b = &E->binds[E->nbinds++];
			b->name = st->name;
			b->v = l.v[i];
			memset(&l.v[i], 0, sizeof(l.v[i]));
			run_stmts(E, st->body, st->nbody);
			pv_free(&E->binds[--E->nbinds].v);
		}
		break;
	case F48_PS_TRUE:
	case F48_PS_UNSUPPORTED:    /* the parser reported it */
	default:
		break;
	}
	pl_free(&l);
}

static void
run_stmts(E *E, const f48_pstmt *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		run_stmt(E, &v[i]);
}

static void
e_init(E *E, const f48_perl_env *env)
{
	memset(E, 0, sizeof(*E));
	E->env = env;
	if (env->budget)
		E->b = env->budget;
	else {
		f48_perl_budget_init(&E->own);
		E->b = &E->own;
	}
}

static void
e_done(E *E)
{
	size_t i;

	for (i = 0; i < E->nbinds; i++)
		pv_free(&E->binds[i].v);
	free(E->binds);
	free(E->reason);
}

void
f48_perl_run(const f48_pprogram *prog, const f48_perl_env *env)
{
	E e;

	if (prog == NULL || env == NULL)
		return;
	e_init(&e, env);
	run_stmts(&e, prog->stmts, prog->n);
	e_done(&e);
}

/* ----------------------------------------------------- public evaluation */

static void
to_value(E *E, pv *v, f48_perl_value *out)
{
	out->undef = v->t == T_UNDEF;
	pv_stringify(E, v);
	out->str = v->s ? v->s : f48_xstrdup("");
	v->s = NULL;
	out->len = v->len;
	out->known = !v->unk;
	out->reason = v->unk ? f48_xstrdup(E->reason ? E->reason : "not known") : NULL;
}

void
f48_perl_eval(const f48_pexpr *e, const f48_perl_env *env, f48_perl_value *out)
{
	E ev;
	pv v;

	if (out == NULL || env == NULL)
		return;
	memset(out, 0, sizeof(*out));
	e_init(&ev, env);
	ev_scalar(&ev, e, &v);
	to_value(&ev, &v, out);
	pv_free(&v);
	e_done(&ev);
}

void
f48_perl_eval_list(const f48_pexpr *list, const f48_perl_env *env, f48_perl_value **items,
    size_t *n)
{
	E ev;
	plist l;
	size_t i, k = 0;

	if (items == NULL || n == NULL || env == NULL)
		return;
	e_init(&ev, env);
	memset(&l, 0, sizeof(l));
	ev_list(&ev, list, &l);
	*items = f48_xcalloc(l.n + 1, sizeof(**items));
	for (i = 0; i < l.n; i++) {
		if (l.unk)
			l.v[i].unk = true;
		to_value(&ev, &l.v[i], &(*items)[k++]);
	}
	if (l.unk && l.n == 0) {
		pv u;

		memset(&u, 0, sizeof(u));
		u.unk = true;
		to_value(&ev, &u, &(*items)[k++]);
	}
	*n = k;
	pl_free(&l);
	e_done(&ev);
}

int
f48_perl_eval_cond(const f48_pcond *c, const f48_perl_env *env, char **reason)
{
	E ev;
	int r;

	if (env == NULL)
		return -1;
	e_init(&ev, env);
	r = ev_cond(&ev, c);
	if (r < 0 && reason != NULL && *reason == NULL)
		*reason = f48_xstrdup(ev.reason ? ev.reason : "not known");
	e_done(&ev);
	return r;
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

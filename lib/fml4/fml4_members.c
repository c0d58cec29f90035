/*
 * fml4_members.c - see fml4_members.h.
 *
 * The reader answers two questions per line: what the line says (state,
 * address, options) and what fml4 itself did with it (fml4_delivers,
 * fml4_digest, fml4_member).  The second is computed with fml4's own rules
 * (../shared/docs/fml-formats.md §5.4-5.6), not from our parse, because fml4
 * has three readers that disagree on odd lines: the delivery loop only knows
 * "#", blank and white space + lower-case "m="/"s=" anywhere in the line; the
 * membership test strips "#" and blanks; msend lower-cases the line, drops
 * the comment and knows the legacy words.  Where the options say one thing
 * and fml4 did another, a finding says so.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/fileio.h"
#include "util/findings.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include "codes.h"
#include "fml4/fml4_members.h"

/* Perl's \s as fml4's Perl knew it: space, tab, CR, FF (LF is chopped). */
static bool
is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\n';
}

static bool
is_ctl(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f;
}

/* RFC 5322 atext, plus "." anywhere: Japanese mobile carriers handed out
 * local parts with leading, trailing and doubled dots, and MTAs deliver them. */
static bool
is_local_char(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr(".!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

/* A domain label's characters, A-Z a-z 0-9 "-" "_", as a table: the fast
 * path below asks for every byte of a member file. */
static const unsigned char label_chars[256] = {   /* 1: A-Z a-z 0-9 - _ */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

static bool
is_label_char(unsigned char c)
{
	return label_chars[c] != 0;
}

static size_t
skip_ws(const char *t, size_t i, size_t len)
{
	while (i < len && is_ws((unsigned char)t[i]))
		i++;
	return i;
}

static size_t
skip_token(const char *t, size_t i, size_t len)
{
	while (i < len && !is_ws((unsigned char)t[i]))
		i++;
	return i;
}

static bool
has_prefix(const char *t, size_t len, const char *p)
{
	size_t n = strlen(p);

	return len >= n && memcmp(t, p, n) == 0;
}

static bool
mem_has(const char *t, size_t len, char c)
{
	return len > 0 && memchr(t, c, len) != NULL;
}

static bool
has_bom(const char *t, size_t len)
{
	const char *p = t, *end = t + len;

	/* memchr for the first byte: this runs several times on every line */
	while (end - p >= 3 && (p = memchr(p, 0xEF, (size_t)(end - p - 2))) != NULL) {
		if ((unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
			return true;
		p++;
	}
	return false;
}

static bool
has_8bit(const char *t, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)t[i] >= 0x80)
			return true;
	return false;
}

/* fml4's own acceptance test for a recipient (ValidAddrSpecP, or a string
 * without "@" which it takes as a local user): ASCII with an "@" that has
 * something on both sides, no ISO-2022-JP escapes. */
static bool
fml4_accepts(const char *a, size_t n)
{
	size_t i;

	if (n == 0)
		return false;
	if (!mem_has(a, n, '@'))
		return true;
	for (i = 0; i < n; i++) {
		if ((unsigned char)a[i] >= 0x80)
			return false;
		if (a[i] == 0x1b && i + 2 < n &&
		    ((a[i + 1] == '$' && (a[i + 2] == '@' || a[i + 2] == 'B')) ||
		     (a[i + 1] == '(' && (a[i + 2] == 'B' || a[i + 2] == 'J'))))
			return false;
	}
	for (i = 1; i + 1 < n; i++)
		if (a[i] == '@')
			return true;
	return false;
}

static bool
valid_local(const char *a, size_t n)
{
	size_t i;

	if (n == 0)
		return false;
	if (n >= 2 && a[0] == '"' && a[n - 1] == '"') {
		for (i = 1; i + 1 < n; i++)
			if ((unsigned char)a[i] < 0x21 || (unsigned char)a[i] > 0x7e ||
			    (a[i] == '"' && a[i - 1] != '\\'))
				return false;
		return true;
	}
	for (i = 0; i < n; i++)
		if (!is_local_char((unsigned char)a[i]))
			return false;
	return true;
}

static bool
valid_domain(const char *d, size_t n)
{
	size_t i, label = 0;

	if (n >= 3 && d[0] == '[' && d[n - 1] == ']') {
		for (i = 1; i + 1 < n; i++)
			if (!is_label_char((unsigned char)d[i]) && d[i] != '.' && d[i] != ':')
				return false;
		return true;
	}
	if (n == 0)
		return false;
	for (i = 0; i < n; i++) {
		if (d[i] == '.') {
			if (label == 0)
				return false;
			label = 0;
		} else if (is_label_char((unsigned char)d[i]))
			label++;
		else
			return false;
	}
	return true;   /* a final "." (absolute name) is accepted by MTAs */
}

/* An addr-spec local@domain (one unquoted "@"), or a bare local part. */
static bool
valid_address(const char *a, size_t n)
{
	const char *at = NULL;
	size_t i;

	for (i = n; i > 0; i--)
		if (a[i - 1] == '@') {
			at = a + i - 1;
			break;
		}
	if (at == NULL)
		return valid_local(a, n);
	return valid_local(a, (size_t)(at - a)) && valid_domain(at + 1, n - (size_t)(at - a) - 1);
}

static bool
valid_relay_host(const char *h, size_t n)
{
	return valid_domain(h, n);
}

/* Digest modes msend knows (fml-formats §5.6). */
static bool
known_digest_mode(const char *m, size_t n)
{
	static const char *const modes[] = { "", "gz", "tgz", "mp", "u", "uf", "unpack",
		"i", "li", "ish", "lhaish", "zip", "lu", "lhauu", "b", "rfc934", "uu", "ui",
		"uish", "d", "rfc1153", "base64", NULL };
	char low[16];
	size_t i;

	if (n >= sizeof(low))
		return false;
	for (i = 0; i < n; i++)
		low[i] = (char)((m[i] >= 'A' && m[i] <= 'Z') ? m[i] + 32 : m[i]);
	low[n] = '\0';
	for (i = 0; modes[i]; i++)
		if (strcmp(low, modes[i]) == 0)
			return true;
	return false;
}

/* ------------------------------------------------------------------ */

typedef struct span {
	size_t b, e;
	bool set;
} span;

typedef struct pctx {
	const char *t;          /* the line */
	size_t len;
	long lineno;
	const char *file;
	f48_findings *fs;
	f48_severity sev;       /* for option findings: warning on entries, info on off */
	/* results, as spans of t */
	span addr, opts, comment, digest, skip, relay;
	bool skip_legacy;       /* the value is the legacy word "skip" */
	bool legacy, upper_opt, addr_in_option;
	f48_sb unknown;         /* option words fml4 ignores, for one finding */
	size_t nunknown;
} pctx;

static void
addf(pctx *c, f48_severity sev, const char *code, const char *fix, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void
addf(pctx *c, f48_severity sev, const char *code, const char *fix, const char *fmt, ...)
{
	char msg[4096];
	va_list ap;

	if (c->fs == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	f48_findings_add(c->fs, sev, code, c->file, c->lineno, fix, "%s", msg);
}

/* A printable copy of bytes for messages (truncated: messages stay short). */
static char *
show(const char *p, size_t n)
{
	f48_sb sb;

	f48_sb_init(&sb);
	f48_sb_append_printable(&sb, p, n > 200 ? 200 : n);
	if (n > 200)
		f48_sb_puts(&sb, "...");
	return f48_sb_steal(&sb);
}

static void
opt_finding(pctx *c, size_t b, size_t e, const char *why)
{
	char *s = show(c->t + b, e - b);

	addf(c, c->sev, F48_C_MEMBER_LINE_UNKNOWN_OPTION, NULL,
	    "option \"%s\" %s", s, why);
	free(s);
}

/* Parse "m=VALUE": the interval must be digits, the mode one msend knows. */
static void
check_digest_value(pctx *c, size_t b, size_t e)
{
	size_t i = b, j;
	bool zero = true;
	char *s;

	while (i < e && c->t[i] >= '0' && c->t[i] <= '9')
		i++;
	/* The digits end at i, which may be the end of an unterminated line:
	 * no strtol here. */
	for (j = b; j < i; j++)
		if (c->t[j] != '0')
			zero = false;
	s = show(c->t + b, e - b);
	if (i == b)
		addf(c, c->sev, F48_C_MEMBER_LINE_UNKNOWN_OPTION, NULL,
		    "digest value \"%s\" has no interval in hours: fml4's msend cannot "
		    "schedule it, so this member gets no digest", s);
	else if (zero)
		addf(c, c->sev, F48_C_MEMBER_LINE_UNKNOWN_OPTION, NULL,
		    "digest interval 0 (\"%s\"): fml4 means \"no digest\" by it, and msend "
		    "cannot use it", s);
	else if (!known_digest_mode(c->t + i, e - i))
		addf(c, F48_SEV_INFO, F48_C_MEMBER_LINE_UNKNOWN_OPTION, NULL,
		    "digest mode in \"%s\" is not one msend knows: fml4 sends that digest "
		    "in its default format", s);
	free(s);
}

static void
set_span(span *sp, size_t b, size_t e)
{
	sp->b = b;
	sp->e = e;
	sp->set = true;
}

/* One option token [b, e); `index` counts option tokens, `next_b/next_e`
 * is the following token (for "matome N").  Returns tokens consumed. */
static int
parse_option(pctx *c, size_t b, size_t e, int index, size_t next_b, size_t next_e)
{
	const char *t = c->t + b;
	size_t n = e - b;
	char k = n >= 2 && t[1] == '=' ? t[0] : '\0';

	if (k == 'm' || k == 'M' || k == 's' || k == 'S' || k == 'r' || k == 'R') {
		if (k >= 'A' && k <= 'Z')
			c->upper_opt = true;
		if (k == 'm' || k == 'M') {
			if (c->digest.set)
				opt_finding(c, b, e, "repeats m=: fml4 uses the first one");
			else {
				set_span(&c->digest, b + 2, e);
				check_digest_value(c, b + 2, e);
			}
		} else if (k == 's' || k == 'S') {
			if (!c->skip.set)
				set_span(&c->skip, b + 2, e);
		} else {
			if (c->relay.set)
				opt_finding(c, b, e, "repeats r=: fml4 uses the first one");
			else if (n == 2 || !valid_relay_host(t + 2, n - 2))
				opt_finding(c, b, e, "is not a relay host name: fml4 would build "
				    "a broken source route from it");
			else
				set_span(&c->relay, b + 2, e);
		}
		return 1;
	}
	if (n == 6 && strncasecmp(t, "matome", 6) == 0) {
		c->legacy = true;
		if (next_b == next_e) {
			opt_finding(c, b, e, "has no interval after it: fml4 ignores it");
			return 1;
		}
		if (c->digest.set)
			opt_finding(c, b, next_e, "repeats the digest setting: fml4 uses the first one");
		else {
			set_span(&c->digest, next_b, next_e);
			check_digest_value(c, next_b, next_e);
		}
		return 2;
	}
	if (n == 4 && strncasecmp(t, "skip", 4) == 0) {
		c->legacy = true;
		c->skip_legacy = true;
		if (!c->skip.set)
			set_span(&c->skip, b, e);
		return 1;
	}
	if (mem_has(t, n, '@')) {
		/* "a b@c": an address with a blank in it, or a second address. */
		c->addr_in_option = true;
		return 1;
	}
	if (index == 0 && !mem_has(t, n, '=') && valid_relay_host(t, n)) {
		/* fml4 takes the rest of the line as " r=REST " when it does not
		 * start with "X=": the old form of a relay host. */
		c->legacy = true;
		set_span(&c->relay, b, e);
		return 1;
	}
	/* fml4 takes a first option that is not "X=..." as a relay host. */
	if (index == 0 && !(n >= 2 && t[1] == '='))
		opt_finding(c, b, e, "is not an fml4 option: fml4 takes it as a relay host "
		    "and sends this member's mail through it");
	else {
		/* Words fml4 ignores: one finding per line lists them all. */
		if (c->nunknown++ == 0)
			f48_sb_init(&c->unknown);    /* only for lines that need it */
		else if (c->nunknown <= 9)
			f48_sb_puts(&c->unknown, ", ");
		if (c->nunknown <= 8) {
			f48_sb_putc(&c->unknown, '"');
			f48_sb_append_printable(&c->unknown, t, n > 64 ? 64 : n);
			f48_sb_putc(&c->unknown, '"');
		} else if (c->nunknown == 9)
			f48_sb_puts(&c->unknown, "...");
	}
	return 1;
}

/* From `from` (the address): address, options, "# comment". */
static void
parse_entry(pctx *c, size_t from)
{
	const char *t = c->t;
	size_t len = c->len, i, b, e, nb, ne;
	int index = 0, used;

	c->addr.b = from;
	c->addr.e = skip_token(t, from, len);
	c->addr.set = true;
	i = skip_ws(t, c->addr.e, len);
	while (i < len) {
		if (t[i] == '#') {
			/* A comment starts at a "#" after white space (fml4 strips
			 * /\s+#.*$/); its text is kept without the "#". */
			b = skip_ws(t, i + 1, len);
			e = len;
			while (e > b && is_ws((unsigned char)t[e - 1]))
				e--;
			set_span(&c->comment, b, e);
			break;
		}
		b = i;
		e = skip_token(t, b, len);
		nb = skip_ws(t, e, len);
		ne = (nb < len && t[nb] != '#') ? skip_token(t, nb, len) : nb;
		if (!c->opts.set)
			set_span(&c->opts, b, e);
		used = parse_option(c, b, e, index++, nb, ne);
		c->opts.e = used == 2 ? ne : e;
		i = skip_ws(t, used == 2 ? ne : e, len);
	}
	if (c->nunknown > 0)
		addf(c, c->sev, F48_C_MEMBER_LINE_UNKNOWN_OPTION, "remove the words or put them "
		    "in a comment (\"# ...\")", "%s %s %s: fml4 ignores %s",
		    c->nunknown > 1 ? "words" : "word", c->unknown.data,
		    c->nunknown > 1 ? "are not fml4 options" : "is not an fml4 option",
		    c->nunknown > 1 ? "them" : "it");
	f48_sb_free(&c->unknown);
}

/* Copy [b, e) of the line to the scratch cursor; NULL for an unset span. */
static const char *
put(char *scratch, size_t *pos, const pctx *c, const span *sp)
{
	char *p;

	if (!sp->set)
		return NULL;
	p = scratch + *pos;
	memcpy(p, c->t + sp->b, sp->e - sp->b);
	p[sp->e - sp->b] = '\0';
	*pos += sp->e - sp->b + 1;
	return p;
}

/* The white space + lower-case m=/s= test of fml4's delivery loop, on the
 * whole line (comment included). */
static bool
raw_has_ms(const char *t, size_t len)
{
	size_t i;

	for (i = 1; i + 1 < len; i++)
		if ((t[i] == 'm' || t[i] == 's') && t[i + 1] == '=' && is_ws((unsigned char)t[i - 1]))
			return true;
	return false;
}

static const char *
state_word(f48_member_state s)
{
	return s == F48_MS_OFF ? "off entry" : "entry";
}

/* Findings about the address of an ACTIVE or OFF line.  Returns false if the
 * line cannot be an entry (the state becomes INVALID). */
static bool
check_address(pctx *c, f48_member_state state, bool bom_in_addr, bool *valid)
{
	const char *a = c->t + c->addr.b;
	size_t n = c->addr.e - c->addr.b, i;
	f48_severity sev = state == F48_MS_ACTIVE ? F48_SEV_WARNING : F48_SEV_INFO;
	bool angle = false;
	char *s = NULL;     /* the printable copy: made only for a finding */
	bool ok = true;

	*valid = valid_address(a, n) && !has_8bit(a, n);
	for (i = c->addr.b; i < (c->comment.set ? c->comment.b : c->len); i++)
		if (c->t[i] == '<' || c->t[i] == '>')
			angle = true;
	if (n > 0 && a[0] == '"' && !mem_has(a, n, '@'))
		angle = true;
	for (i = 0; i < n && !is_ctl((unsigned char)a[i]); i++)
		;
	if (bom_in_addr || i < n) {
		*valid = false;     /* BOM and control bytes: reported once for the line */
	} else if (has_8bit(a, n)) {
		s = show(a, n);
		addf(c, sev, F48_C_MEMBER_LINE_8BIT, "write the address in ASCII",
		    "%s \"%s\" has non-ASCII bytes: %s", state_word(state), s,
		    mem_has(a, n, '@') ? "fml4 refuses it as an address and never delivered to it" :
		    "fml4 takes it as a local user name and hands it to the MTA");
	} else if (angle) {
		s = show(a, n);
		addf(c, F48_SEV_WARNING, F48_C_MEMBER_LINE_DISPLAY_NAME,
		    "keep only the bare address (local@domain) on the line",
		    "display name or angle brackets: fml4 uses only the first word \"%s\" as "
		    "the address (%s), not the address in brackets", s,
		    state == F48_MS_OFF ? "so no sender ever matches this member" :
		    fml4_accepts(a, n) ? "and hands that to the MTA" : "and refuses it");
		*valid = false;
		ok = false;
	} else if (c->addr_in_option) {
		s = show(a, n);
		addf(c, F48_SEV_WARNING, F48_C_MEMBER_LINE_BAD_ADDRESS,
		    "remove the blank inside the address",
		    "an address with white space in it: fml4 uses only the first word \"%s\" "
		    "as the address%s and the word with \"@\" as a relay host", s,
		    mem_has(a, n, '@') ? "" : " (a local user)");
		*valid = false;
		ok = false;
	} else if (!mem_has(a, n, '@') && *valid) {
		s = show(a, n);
		addf(c, sev, F48_C_MEMBER_LINE_NO_DOMAIN, "add the domain: local@domain",
		    "%s \"%s\" has no domain: fml4 %s it to the local user \"%s\" on its own "
		    "host; fml8 needs a full address", state_word(state), s,
		    state == F48_MS_ACTIVE ? "delivers" : "would deliver", s);
	} else if (!*valid) {
		s = show(a, n);
		addf(c, sev, F48_C_MEMBER_LINE_BAD_ADDRESS, "correct the address",
		    "%s \"%s\" is not a valid address (local@domain): %s", state_word(state), s,
		    fml4_accepts(a, n) ? "fml4 hands it to the MTA, which refuses it" :
		    "fml4 logs it as invalid and never delivers to it");
	}
	free(s);
	return ok;
}

/* BOM, control bytes, length.  They matter (warning) when they sit in the
 * address or options of an entry; in a comment they are only noted. */
static void
report_line_bytes(pctx *c, bool entry, bool bom_at_start, bool too_long)
{
	size_t body = c->comment.set ? c->comment.b : c->len, i;
	f48_severity sev;

	if (has_bom(c->t, c->len)) {
		sev = entry && has_bom(c->t, body) ? F48_SEV_WARNING : F48_SEV_INFO;
		addf(c, sev, F48_C_MEMBER_LINE_BOM, "remove the byte order mark (EF BB BF)",
		    "the line %s a UTF-8 byte order mark: fml4 reads those bytes as part of "
		    "the word they touch, %s", bom_at_start ? "starts with" : "contains",
		    sev == F48_SEV_WARNING ? "so that address is refused or misread and fml4 "
		    "neither delivered to it nor matched it as a member" :
		    "which is harmless here (not an address)");
	}
	for (i = 0; i < c->len; i++)
		if (is_ctl((unsigned char)c->t[i]))
			break;
	if (i < c->len) {
		sev = entry && i < body ? F48_SEV_WARNING : F48_SEV_INFO;
		addf(c, sev, F48_C_MEMBER_LINE_CONTROL, "remove the control characters",
		    "the line contains %s (first at byte %zu): fml4 keeps %s in the word, %s",
		    c->t[i] == '\0' ? "a NUL byte" : "control characters", i + 1,
		    c->t[i] == '\0' ? "it" : "them", sev == F48_SEV_WARNING ?
		    "so an address with it is refused by fml4 or by the MTA" :
		    "which is harmless here (not an address)");
	}
	if (too_long)
		addf(c, F48_SEV_WARNING, F48_C_MEMBER_LINE_TOO_LONG, NULL,
		    "the line is longer than %d bytes: only its beginning was read, so what "
		    "fml4 does with it is not fully known", F48_MEMBERS_MAX_LINE);
}

/* What fml4's delivery loop and msend do, against what the options say. */
static void
check_consistency(pctx *c, const f48_member_entry *e, bool delivery_filter)
{
	const char *intent = e->skip ? "skip (never receives)" : e->digest ? "digest only" :
	    "real-time delivery";
	bool want_rt = !e->skip && !e->digest, want_dg = !e->skip && e->digest;
	char *s;

	if (want_rt == delivery_filter && want_dg == e->fml4_digest)
		return;
	s = show(c->t + c->addr.b, c->addr.e - c->addr.b);
	addf(c, F48_SEV_WARNING, F48_C_MEMBER_LINE_AMBIGUOUS,
	    c->upper_opt ? "write the options in lower case (m=N, s=skip)" :
	    c->legacy ? "write m=N or s=skip instead of the legacy words" :
	    "take \"m=\"/\"s=\" out of the comment",
	    "fml4's readers disagree on \"%s\": the options say %s, but fml4 %s in real time "
	    "and its msend %s a digest%s", s, intent,
	    delivery_filter ? "delivered" : "did not deliver",
	    e->fml4_digest ? "sent" : "did not send",
	    c->upper_opt ? " (fml4's delivery loop only knows lower-case m=/s=)" :
	    c->legacy ? " (fml4's delivery loop does not know the legacy words)" :
	    " (fml4's delivery loop also reads \"m=\"/\"s=\" in the comment)");
	free(s);
}

static void
finish_entry(pctx *c, f48_member_entry *e, char *scratch)
{
	size_t pos = 0;

	e->address = put(scratch, &pos, c, &c->addr);
	e->options = put(scratch, &pos, c, &c->opts);
	e->comment = put(scratch, &pos, c, &c->comment);
	e->digest = put(scratch, &pos, c, &c->digest);
	e->skip = c->skip_legacy ? "skip" : put(scratch, &pos, c, &c->skip);
	e->relay = put(scratch, &pos, c, &c->relay);
	e->legacy_syntax = c->legacy;
	if (e->address == NULL)
		e->address = "";
}

/* A line starting with "#": the header markers, "##BYE", an off entry
 * ("#ADDR", "# ADDR", "#\tADDR": the first word is an address) or a comment
 * ("# NEW FORMAT ...", "# e.g. ...", "##..."). */
static void
hash_line(pctx *c, size_t start, bool *in_header, f48_member_entry *e)
{
	const char *t = c->t + start;
	size_t n = c->len - start, k, w;
	f48_findings *fs = c->fs;
	char *s;

	if (has_prefix(t, n, "#.endFML HEADER") || has_prefix(t, n, "#.FML HEADER")) {
		*in_header = has_prefix(t, n, "#.FML HEADER");
		e->state = F48_MS_COMMENT;
		return;
	}
	if (has_prefix(t, n, "##BYE") && n > 5 && is_ws((unsigned char)t[5]) &&
	    (k = skip_ws(t, 5, n)) < n) {
		e->state = F48_MS_BYE;
		c->fs = NULL;            /* options of a bye line change nothing */
		parse_entry(c, start + k);
		c->fs = fs;
		return;
	}
	k = skip_ws(t, 1, n);
	w = skip_token(t, k, n);
	if (k == n || t[k] == '#' || !mem_has(t + k, w - k, '@')) {
		e->state = F48_MS_COMMENT;
		return;
	}
	e->state = F48_MS_OFF;
	c->sev = F48_SEV_INFO;
	parse_entry(c, start + k);
	if (*in_header) {
		s = show(c->t + c->addr.b, c->addr.e - c->addr.b);
		addf(c, F48_SEV_WARNING, F48_C_MEMBER_LINE_IN_HEADER,
		    "move the line below \"#.endFML HEADER\"",
		    "off entry \"%s\" inside the #.FML HEADER block: fml4 counts it as a "
		    "member, but drops the whole block the next time it rewrites the file", s);
		free(s);
	}
}

/* A line with leading blanks: fml4's delivery takes an empty first word from
 * it, but its membership test strips the blanks. */
static void
blank_led_line(pctx *c, size_t i, f48_member_entry *e)
{
	char *s;

	e->leading_blank = true;
	if (c->t[i] == '#') {
		e->state = F48_MS_COMMENT;
		addf(c, F48_SEV_INFO, F48_C_MEMBER_LINE_LEADING_BLANK, "remove the leading blanks",
		    "a comment that starts with blanks: fml4 does not see it as a comment and "
		    "logs an invalid empty address for it on every delivery (harmless)");
		return;
	}
	e->state = F48_MS_ACTIVE;
	parse_entry(c, i);
	s = show(c->t + c->addr.b, c->addr.e - c->addr.b);
	addf(c, F48_SEV_WARNING, F48_C_MEMBER_LINE_LEADING_BLANK, "remove the leading blanks",
	    "the line starts with blanks: fml4's delivery takes an empty address from "
	    "it (logged invalid), so \"%s\" received no mail; it still counts as a member", s);
	free(s);
}

/* What fml4's three readers do with the line (see the file comment);
 * returns whether the delivery loop's own filter lets the line through. */
static bool
fml4_behaviour(const pctx *c, f48_member_entry *e, bool bom_comment, bool bom_at_start)
{
	bool read = !bom_comment && c->t[0] != '#' && !e->leading_blank &&
	    e->state != F48_MS_COMMENT && e->state != F48_MS_BLANK;
	bool filter = read && !raw_has_ms(c->t, c->len);

	e->fml4_delivers = filter && fml4_accepts(c->t + c->addr.b, c->addr.e - c->addr.b);
	e->fml4_digest = read && e->state != F48_MS_PLUS && e->digest != NULL &&
	    e->skip == NULL && c->addr.e > c->addr.b;
	e->fml4_member = !bom_comment && !(bom_at_start && e->state != F48_MS_COMMENT) &&
	    (e->state == F48_MS_PLUS ||
	    ((e->state == F48_MS_ACTIVE || e->state == F48_MS_OFF) && e->address[0] != '\0'));
	return filter;
}

#ifndef F48_MEMBERS_NO_FAST_PATH
/* The common line, "local@domain" and nothing else, in one pass: every
 * byte an atext letter, digit or one of ".-_+", one "@" with a local part
 * before it and a domain of non-empty labels after it.  Such a line is an
 * active, valid entry with no options and no finding, which is what the
 * general parser below concludes for it (tests/unit/members_general.c
 * builds this file without it, and the unit test compares the two line by
 * line); anything else goes there. */
static bool
plain_entry(const char *t, size_t len, char *scratch, f48_member_entry *e)
{
	size_t i, at = 0, label = 0;
	bool seen_at = false;

	for (i = 0; i < len; i++) {
		unsigned char ch;
		size_t start = i;

		/* a run of label characters in one tight loop */
		while (i < len && is_label_char((unsigned char)t[i]))
			i++;
		label += i - start;
		if (i == len)
			break;
		ch = (unsigned char)t[i];
		if (ch == '@') {
			if (seen_at || i == 0)
				return false;
			seen_at = true;
			at = i;
			label = 0;
		} else if (ch == '.') {
			if (seen_at && label == 0)
				return false;
			label = 0;
		} else if (ch != '+' || seen_at) {
			return false;
		}
	}
	if (!seen_at || at + 1 == len)
		return false;
	memcpy(scratch, t, len);
	scratch[len] = '\0';
	e->state = F48_MS_ACTIVE;
	e->address = scratch;
	e->address_valid = true;
	e->fml4_delivers = true;
	e->fml4_member = true;
	return true;
}

#endif

static void
parse_line(const char *text, size_t len, long lineno, const char *file, bool *in_header,
    char *scratch, f48_member_entry *e, f48_findings *fs, bool too_long)
{
	pctx c;
	size_t i, start = 0;
	bool bom, bom_at_start;
	bool bom_comment = false, addr_ok, valid = false, entry, filter;
	char *s;

	memset(e, 0, sizeof(*e));
	e->line = lineno;
#ifndef F48_MEMBERS_NO_FAST_PATH
	if (!too_long && plain_entry(text, len, scratch, e))
		return;
#endif
	bom = has_bom(text, len);
	bom_at_start = len >= 3 && has_prefix(text, len, "\xEF\xBB\xBF");
	memset(&c, 0, sizeof(c));
	e->address = "";
	scratch[0] = '\0';
	c.t = text;
	c.len = len;
	c.lineno = lineno;
	c.file = file;
	c.fs = fs;
	c.sev = F48_SEV_WARNING;

	/* A BOM before "#": fml4 sees no "#" (the line is not skipped), but the
	 * words are no address either; classify what follows the BOM. */
	if (bom_at_start && len > 3 && text[3] == '#') {
		start = 3;
		bom_comment = true;
	}
	i = skip_ws(text, start, len);
	if (i == len) {
		e->state = F48_MS_BLANK;
		report_line_bytes(&c, false, bom_at_start, too_long);
		return;
	}
	if (text[start] == '#') {
		hash_line(&c, start, in_header, e);
	} else if (i > 0) {
		blank_led_line(&c, i, e);
	} else if (text[0] == '+' && skip_ws(text, 1, len) == len) {
		e->state = F48_MS_PLUS;
		parse_entry(&c, 0);
	} else {
		e->state = F48_MS_ACTIVE;
		parse_entry(&c, 0);
	}

	entry = e->state == F48_MS_ACTIVE || e->state == F48_MS_OFF || e->state == F48_MS_PLUS;
	report_line_bytes(&c, entry, bom_at_start, too_long);
	if (e->state == F48_MS_ACTIVE || e->state == F48_MS_OFF) {
		addr_ok = check_address(&c, e->state, bom && !bom_comment &&
		    has_bom(text + c.addr.b, c.addr.e - c.addr.b), &valid);
		if (!addr_ok)
			e->state = F48_MS_INVALID;
	}
	finish_entry(&c, e, scratch);
	e->address_valid = (e->state == F48_MS_ACTIVE || e->state == F48_MS_OFF) && valid;

	filter = fml4_behaviour(&c, e, bom_comment, bom_at_start);
	if (e->state == F48_MS_ACTIVE && !e->leading_blank && !bom_at_start)
		check_consistency(&c, e, filter);
	if (e->state == F48_MS_ACTIVE || e->state == F48_MS_OFF) {
		if (c.legacy)
			addf(&c, F48_SEV_INFO, F48_C_MEMBER_LINE_LEGACY,
			    "write m=N, s=skip or r=HOST instead",
			    "legacy option syntax (\"matome N\", \"skip\" or a bare relay host): "
			    "fml4 converts it the next time it rewrites the file");
		if (e->relay) {
			s = show(e->relay, strlen(e->relay));
			addf(&c, e->state == F48_MS_ACTIVE ? F48_SEV_WARNING : F48_SEV_INFO,
			    F48_C_MEMBER_RELAY, NULL,
			    "relay host \"%s\": fml4 sent this member's mail through it as the source "
			    "route @%s:ADDRESS; fml8 has no relay option and will deliver directly",
			    s, s);
			free(s);
		}
	}
}

void
f48_members_parse_line(const char *text, size_t len, long lineno, const char *file,
    bool *in_header, char *scratch, f48_member_entry *e, f48_findings *findings)
{
	parse_line(text, len, lineno, file, in_header, scratch, e, findings,
	    len > F48_MEMBERS_MAX_LINE);
}

f48_member_mode
f48_member_mode_of(const f48_member_entry *e)
{
	switch (e->state) {
	case F48_MS_BYE:
		return F48_MODE_BYE;
	case F48_MS_PLUS:
		return F48_MODE_EVERYONE;
	case F48_MS_OFF:
		return F48_MODE_OFF;
	case F48_MS_ACTIVE:
		/* fml4 takes an empty address from a line with leading blanks. */
		if (e->address == NULL || e->address[0] == '\0' || !e->address_valid ||
		    e->leading_blank)
			return F48_MODE_INVALID;
		if (e->skip)
			return F48_MODE_SKIP;
		if (e->digest)
			return F48_MODE_DIGEST;
		return F48_MODE_REALTIME;
	default:
		return F48_MODE_INVALID;
	}
}

const char *
f48_member_mode_name(f48_member_mode m)
{
	switch (m) {
	case F48_MODE_REALTIME:
		return "realtime";
	case F48_MODE_DIGEST:
		return "digest";
	case F48_MODE_SKIP:
		return "skip";
	case F48_MODE_OFF:
		return "off";
	case F48_MODE_BYE:
		return "bye";
	case F48_MODE_EVERYONE:
		return "everyone";
	default:
		return "invalid";
	}
}

/* ------------------------------------------------------------------ */

static void
count_entry(f48_member_counts *n, const f48_member_entry *e)
{
	n->lines++;
	if (e->state == F48_MS_COMMENT || e->state == F48_MS_BLANK)
		return;
	n->entries++;
	switch (f48_member_mode_of(e)) {
	case F48_MODE_REALTIME:
		n->realtime++;
		break;
	case F48_MODE_DIGEST:
		n->digest++;
		break;
	case F48_MODE_SKIP:
		n->skip++;
		break;
	case F48_MODE_OFF:
		n->off++;
		break;
	case F48_MODE_BYE:
		n->bye++;
		break;
	case F48_MODE_EVERYONE:
		n->everyone++;
		break;
	default:
		n->invalid++;
		break;
	}
	if (e->fml4_delivers)
		n->fml4_recipients++;
	if (e->fml4_member)
		n->fml4_members++;
}

/* The scan, with the counts and the CRLF flag the callers need. */
static int
scan(const char *path, f48_member_cb cb, void *ctx, f48_findings *findings,
    f48_member_counts *counts, bool *had_crlf, f48_error *err)
{
	f48_lr *lr = NULL;
	f48_line ln;
	f48_member_entry e;
	f48_member_counts n;
	char *scratch;
	bool in_header = false;
	long first_cr = 0, ncr = 0;
	int rc;

	memset(&n, 0, sizeof(n));
	if ((rc = f48_lr_open(&lr, path, F48_MEMBERS_MAX_LINE, err)) < 0)
		return rc;
	scratch = f48_xmalloc(F48_MEMBERS_SCRATCH(F48_MEMBERS_MAX_LINE));
	while ((rc = f48_lr_next(lr, &ln, err)) == 1) {
		if (ln.had_cr && ncr++ == 0)
			first_cr = ln.lineno;
		parse_line(ln.text, ln.len, ln.lineno, path, &in_header, scratch, &e, findings,
		    ln.too_long);
		count_entry(&n, &e);
		/* fml4 reads lines with chop, which removes the last character even
		 * when it is not a newline. */
		if (ln.no_newline && findings != NULL && ln.len > 0 &&
		    e.state != F48_MS_COMMENT && e.state != F48_MS_BLANK &&
		    ln.text[ln.len - 1] != ' ' && ln.text[ln.len - 1] != '\t')
			f48_findings_add(findings, F48_SEV_WARNING, F48_C_MEMBER_LINE_NO_NEWLINE,
			    path, ln.lineno, "end the file with a newline",
			    "the file does not end in a newline: fml4's chop drops the last "
			    "character of this line, so fml4 used \"%.*s\"; the full line is "
			    "what is read here", (int)(ln.len - 1 > 200 ? 200 : ln.len - 1), ln.text);
		if (cb != NULL && (rc = cb(ctx, &e)) != 0)
			break;
	}
	free(scratch);
	f48_lr_close(lr);
	if (rc < 0)
		return rc;
	if (ncr > 0 && findings != NULL)
		f48_findings_add(findings, F48_SEV_INFO, F48_C_CRLF_LINE_ENDS, path, first_cr,
		    "convert the file to LF line ends",
		    "%ld line(s) end in CRLF (first at line %ld): fml4 reads the CR as white space, "
		    "so the entries are not affected", ncr, first_cr);
	if (counts != NULL)
		*counts = n;
	if (had_crlf != NULL)
		*had_crlf = ncr > 0;
	return rc;     /* 0 at end of file, or the callback's value */
}

int
f48_members_scan(const char *path, f48_member_cb cb, void *ctx, f48_findings *findings,
    f48_member_counts *counts, f48_error *err)
{
	return scan(path, cb, ctx, findings, counts, NULL, err);
}

int
f48_members_count(const char *path, f48_member_counts *counts, f48_findings *findings,
    f48_error *err)
{
	return scan(path, NULL, NULL, findings, counts, NULL, err);
}

static int
keep_entry(void *ctx, const f48_member_entry *e)
{
	f48_member_list *l = ctx;
	f48_member_item *it;

	if (e->state == F48_MS_COMMENT || e->state == F48_MS_BLANK)
		return 0;
	l->items = f48_xgrow(l->items, &l->cap, l->n + 1, sizeof(*l->items));
	it = &l->items[l->n++];
	it->line = e->line;
	it->state = e->state;
	it->address = f48_xstrdup(e->address);
	it->digest = f48_xstrdup(e->digest);
	it->skip = f48_xstrdup(e->skip);
	it->relay = f48_xstrdup(e->relay);
	it->comment = f48_xstrdup(e->comment);
	it->options = f48_xstrdup(e->options);
	it->legacy_syntax = e->legacy_syntax;
	it->leading_blank = e->leading_blank;
	it->address_valid = e->address_valid;
	it->fml4_delivers = e->fml4_delivers;
	it->fml4_digest = e->fml4_digest;
	it->fml4_member = e->fml4_member;
	return 0;
}

int
f48_members_load(const char *path, f48_member_list **out, f48_findings *findings,
    f48_error *err)
{
	f48_member_list *l = f48_xcalloc(1, sizeof(*l));
	int rc;

	*out = NULL;
	l->path = f48_xstrdup(path);
	rc = scan(path, keep_entry, l, findings, &l->counts, &l->had_crlf, err);
	if (rc < 0) {
		f48_member_list_free(l);
		return rc;
	}
	*out = l;
	return F48_OK;
}

void
f48_member_list_free(f48_member_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->items[i].address);
		free(l->items[i].digest);
		free(l->items[i].skip);
		free(l->items[i].relay);
		free(l->items[i].comment);
		free(l->items[i].options);
	}
	free(l->items);
	free(l->path);
	free(l);
}

void
f48_member_item_entry(const f48_member_item *it, f48_member_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->line = it->line;
	e->state = it->state;
	e->address = it->address;
	e->digest = it->digest;
	e->skip = it->skip;
	e->relay = it->relay;
	e->comment = it->comment;
	e->options = it->options;
	e->legacy_syntax = it->legacy_syntax;
	e->leading_blank = it->leading_blank;
	e->address_valid = it->address_valid;
	e->fml4_delivers = it->fml4_delivers;
	e->fml4_digest = it->fml4_digest;
	e->fml4_member = it->fml4_member;
}

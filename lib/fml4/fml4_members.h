/*
 * fml4_members.h - fml4 member lists: members, actives, members-admin,
 * moderators (and any file named by MEMBER_LIST, ACTIVE_LIST ...).
 *
 * Line forms (../shared/docs/fml-formats.md §5):
 *   ADDRESS [options] [# comment]            an entry
 *   #ADDRESS ... / # ADDRESS ... / #<TAB>ADDRESS ...   "off" (commented out by
 *                                            makefml off / skip, or by mail)
 *   ##BYE ADDRESS ...                        unsubscribed
 *   #.FML HEADER ... #.endFML HEADER         fml4's header block (comments)
 *   # any other text                         a comment
 *   +                                        (members) everybody is a member
 *   options: m=N[MODE] digest; s=VALUE skip (fml writes s=skip); r=HOST relay;
 *            legacy: "matome N[MODE]" (= m=), "skip" (= s=skip), a bare
 *            second word = relay host.
 *
 * How fml4 itself treats them, which this module reports faithfully:
 *   delivery (actives): lines starting with "#", blank lines and lines that
 *     contain white space followed by "m=" or "s=" are not delivered to in real
 *     time; the first white-space separated token is the recipient; a line
 *     with leading blanks yields an empty token (fml4 logs it invalid).
 *   membership (members): a leading "#" and blanks are stripped first, so
 *     "off" entries still count as members; "##BYE" entries do not.
 *
 * Input is untrusted.  Every line that is not blank, not a comment and not a
 * well-formed entry is reported as a finding with file:line (MEMBER_LINE_*),
 * never silently dropped: leading blanks, a display name or angle brackets,
 * no domain, an unknown option, a BOM, control characters, NUL bytes, a line
 * over F48_MEMBERS_MAX_LINE bytes, CR line ends (one finding per file).
 * Where fml4's own readers disagree with what the options say (legacy
 * "matome"/"skip" words, which the delivery loop does not know; upper-case
 * "M="/"S="; "m="/"s=" inside the comment, which the delivery loop still sees),
 * MEMBER_LINE_AMBIGUOUS says what fml4 really did; an off entry inside the
 * #.FML HEADER block is MEMBER_LINE_IN_HEADER.
 *
 * Streaming: f48_members_scan calls back once per line and keeps memory
 * bounded whatever the file size.  The entry passed to the callback and its
 * strings are only valid during the call.  f48_members_load keeps a copy of
 * every entry (owned by the f48_member_list; free with f48_member_list_free).
 */
#ifndef F48_FML4_MEMBERS_H
#define F48_FML4_MEMBERS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"
#include "util/findings.h"

#define F48_MEMBERS_MAX_LINE 8192
/* Bytes of scratch f48_members_parse_line needs for a line of len bytes. */
#define F48_MEMBERS_SCRATCH(len) (2 * (size_t)(len) + 8)

typedef enum f48_member_state {
	F48_MS_ACTIVE,      /* an uncommented entry */
	F48_MS_OFF,         /* commented out: "#ADDR", "# ADDR", "#\tADDR" */
	F48_MS_BYE,         /* "##BYE ADDR" */
	F48_MS_PLUS,        /* the "+" line */
	F48_MS_COMMENT,     /* a comment, or part of the #.FML HEADER block */
	F48_MS_BLANK,       /* empty or white space only */
	F48_MS_INVALID      /* none of the above could be made of it */
} f48_member_state;

typedef struct f48_member_entry {
	long line;
	f48_member_state state;
	const char *address;   /* first token as written ("" if none); after leading
	                          blanks, the first word after them (fml4 sees "") */
	const char *digest;    /* value of m= or legacy "matome" (e.g. "3u"), or NULL */
	const char *skip;      /* value of s= or "skip" for the legacy word, or NULL */
	const char *relay;     /* value of r= or the legacy bare word, or NULL */
	const char *comment;   /* trailing "# text" without "#", or NULL */
	const char *options;   /* the raw text between address and comment, or NULL */
	bool legacy_syntax;    /* "matome N" / "skip" / bare relay word was used */
	bool leading_blank;    /* the line started with white space */
	bool address_valid;    /* address is an addr-spec (local@domain) or a bare
	                          local part that fml4 would accept */
	/* What fml4 does with this line: */
	bool fml4_delivers;    /* real-time delivery when the file is a delivery list
	                          (fml4 gives the address to the MTA, which may still
	                          refuse it: see address_valid) */
	bool fml4_digest;      /* digest (msend) delivery */
	bool fml4_member;      /* counts as a member when the file is a member list */
} f48_member_entry;

typedef enum f48_member_mode {
	F48_MODE_REALTIME,  /* "realtime" */
	F48_MODE_DIGEST,    /* "digest" */
	F48_MODE_SKIP,      /* "skip": may post, never receives */
	F48_MODE_OFF,       /* "off" */
	F48_MODE_BYE,       /* "bye" */
	F48_MODE_EVERYONE,  /* "everyone": the "+" line */
	F48_MODE_INVALID    /* "invalid": fml4 could not use the line */
} f48_member_mode;

/* The mode word used in reports (and in the XML `mode` attribute).  From the
 * line as written: an ACTIVE line with leading blanks or an empty or invalid
 * address is "invalid"; then s= gives "skip", m= "digest", else "realtime".
 * Where fml4 itself did otherwise, the line had a MEMBER_LINE_AMBIGUOUS finding. */
f48_member_mode f48_member_mode_of(const f48_member_entry *e);
const char *f48_member_mode_name(f48_member_mode m);

typedef struct f48_member_counts {
	size_t lines, entries;      /* entries = ACTIVE + OFF + BYE + PLUS + INVALID */
	size_t realtime, digest, skip, off, bye, everyone, invalid;
	size_t fml4_recipients;     /* lines fml4 delivers to in real time */
	size_t fml4_members;        /* lines that count as members */
} f48_member_counts;

/* Called for every line (comments and blanks too).  Return 0 to go on, non-0
 * to stop the scan (f48_members_scan then returns that value). */
typedef int (*f48_member_cb)(void *ctx, const f48_member_entry *e);

/* Scan a file.  Findings about lines go to `findings` (may be NULL), the
 * counts of f48_members_count to `counts` (may be NULL) when the whole file
 * was read.  Returns F48_OK, the callback's non-zero value, or an error
 * (file missing, unreadable, a symlink, not a regular file) with err filled. */
int f48_members_scan(const char *path, f48_member_cb cb, void *ctx,
    f48_findings *findings, f48_member_counts *counts, f48_error *err);

/* Parse one line (without its newline) as f48_members_scan would; the entry's
 * strings point into `scratch`, which must hold F48_MEMBERS_SCRATCH(len)
 * bytes (the address, options and comment are copied there NUL-terminated,
 * and the m=/s=/r= values, which lie inside the options, once more), and
 * `in_header` carries the #.FML HEADER state between calls (start false).
 * Findings about the line go to `findings` with `file` and `lineno`. */
void f48_members_parse_line(const char *text, size_t len, long lineno,
    const char *file, bool *in_header, char *scratch, f48_member_entry *e,
    f48_findings *findings);


/* Count without keeping entries (memory independent of file size). */
int f48_members_count(const char *path, f48_member_counts *counts,
    f48_findings *findings, f48_error *err);

typedef struct f48_member_item {   /* an owned copy of an entry */
	long line;
	f48_member_state state;
	char *address, *digest, *skip, *relay, *comment, *options;
	bool legacy_syntax, leading_blank, address_valid;
	bool fml4_delivers, fml4_digest, fml4_member;
} f48_member_item;

typedef struct f48_member_list {
	char *path;
	f48_member_item *items;     /* entries only: comment and blank lines are not kept */
	size_t n, cap;
	f48_member_counts counts;
	bool had_crlf;
} f48_member_list;

int f48_members_load(const char *path, f48_member_list **out,
    f48_findings *findings, f48_error *err);
/* A kept item seen as an entry again (for f48_member_mode_of and reports);
 * the entry's strings point into the item. */
void f48_member_item_entry(const f48_member_item *it, f48_member_entry *e);
void f48_member_list_free(f48_member_list *l);

#endif

/*
 * perlph.h - the subset of Perl that fml4 configuration files are written in
 * (config.ph, default_config.ph, site_init.ph, site_force.ph, sitedef.ph).
 *
 * Two halves, both pure (no I/O, no global state):
 *
 *  f48_perl_parse   bytes -> a list of statements.  NEVER executes anything.
 *                   Input is untrusted: any byte sequence, EUC-JP or
 *                   ISO-2022-JP text (the bytes between ESC $ B and ESC ( B are
 *                   opaque text, never syntax), CRLF line ends, NUL bytes.
 *                   A construct outside the subset becomes an F48_PS_UNSUPPORTED
 *                   statement carrying its raw text and the reason, plus a
 *                   finding PARSE_UNSUPPORTED (warning) with file:line; parsing
 *                   then continues after it.  A syntax error that Perl itself
 *                   would refuse (unterminated string or here-document,
 *                   unbalanced brackets, garbage) gives a finding PARSE_ERROR
 *                   (severity error) with file:line and parsing resumes at the
 *                   next line that can start a statement.  Only a NULL
 *                   argument makes the function fail.
 *
 *  f48_perl_eval_*  evaluate an expression or condition of a parsed statement
 *                   against variables supplied by the caller through a lookup
 *                   callback, with Perl's rules for "" '' q() qq() . and
 *                   interpolation.  A value that cannot be known statically
 *                   (a function call, arithmetic, a variable the lookup does
 *                   not know) makes the result `known = false` with a reason;
 *                   the partial text is still returned.
 *
 * Grammar accepted (see ../shared/docs/fml-formats.md §3.4):
 *   $NAME = EXPR;   $NAME .= EXPR;   $NAME ||= EXPR;      (scalar)
 *   $NAME{KEY} = EXPR;                                     (hash element)
 *   @NAME = (LIST);   %NAME = (LIST);   push(@NAME, LIST);
 *   &MACRO(ARGS);  MACRO(ARGS);                            (any call)
 *   STATEMENT if COND;  STATEMENT unless COND;             (modifiers)
 *   1;   comments   POD (=head ... =cut)   __END__ / __DATA__
 *   EXPR = TERM { . TERM }
 *   TERM = "..." | '...' | q(...) | qq(...) (any delimiter, bracket pairs
 *          nest) | NUMBER | $NAME | ${NAME} | $NAME{KEY} | <<'TAG' | <<"TAG" |
 *          <<TAG here-documents
 *   COND = EXPR | ! EXPR | defined EXPR | EXPR (eq|ne|==|!=|<|>|<=|>=) EXPR |
 *          EXPR =~ m/PAT/flags | EXPR !~ /PAT/flags  (and COND && COND, COND || COND)
 * Package-qualified names ($main'X, $main::X) are stored without "main".
 * Variable names are stored without their sigil.
 *
 * Memory: f48_perl_parse returns a program that owns every string and node
 * in it; f48_perl_program_free releases all of it.  Strings from evaluation
 * are newly allocated and freed by the caller.
 */
#ifndef F48_PERLPH_H
#define F48_PERLPH_H

#include <stdbool.h>
#include <stddef.h>

#include "util/findings.h"

typedef enum f48_pexpr_kind {
	F48_PX_STR,        /* literal bytes (escapes already processed): str, len */
	F48_PX_NUM,        /* a number literal, kept as written: str */
	F48_PX_SCALAR,     /* $NAME: name */
	F48_PX_ELEM,       /* $NAME{KEY} or $NAME[IDX]: name, key (an expr) */
	F48_PX_ARRAY,      /* @NAME (inside a list or interpolated): name */
	F48_PX_CONCAT,     /* parts[0] . parts[1] ...  (also an interpolated "...") */
	F48_PX_LIST,       /* ( parts... ) for arrays, hashes and call arguments */
	F48_PX_UNKNOWN     /* outside the subset: raw text, reason */
} f48_pexpr_kind;

typedef struct f48_pexpr f48_pexpr;
struct f48_pexpr {
	f48_pexpr_kind kind;
	char *str;          /* STR: bytes (may contain NUL); NUM: digits */
	size_t len;         /* STR: byte count */
	char *name;         /* SCALAR, ELEM, ARRAY */
	f48_pexpr *key;     /* ELEM */
	f48_pexpr **parts;  /* CONCAT, LIST */
	size_t nparts;
	char *raw;          /* UNKNOWN: the source text */
	char *reason;       /* UNKNOWN: why it is outside the subset */
	bool heredoc;       /* the term was a here-document */
	char quote;         /* '"', '\'', 'q' (q//), 'Q' (qq//), 'h' heredoc, 0 */
};

typedef enum f48_pcond_kind {
	F48_PC_TRUTH,       /* lhs is true (not "", not "0") */
	F48_PC_DEFINED,     /* defined lhs */
	F48_PC_NOT,         /* !sub[0] */
	F48_PC_AND,         /* sub[0] && sub[1] */
	F48_PC_OR,          /* sub[0] || sub[1] */
	F48_PC_CMP,         /* lhs op rhs, op one of eq ne == != < > <= >= */
	F48_PC_MATCH,       /* lhs =~ pattern (negated: !~) */
	F48_PC_UNKNOWN      /* raw, reason */
} f48_pcond_kind;

typedef struct f48_pcond f48_pcond;
struct f48_pcond {
	f48_pcond_kind kind;
	f48_pexpr *lhs, *rhs;
	char op[3];
	char *pattern;      /* MATCH: the regexp source, delimiters removed */
	char *flags;        /* MATCH: e.g. "i" */
	bool negated;       /* MATCH: !~ */
	f48_pcond *sub[2];
	char *raw, *reason; /* UNKNOWN */
};

typedef enum f48_pstmt_kind {
	F48_PS_SCALAR,      /* $name op value */
	F48_PS_ELEM,        /* $name{key} op value */
	F48_PS_ARRAY,       /* @name = value (a LIST) */
	F48_PS_HASH,        /* %name = value (a LIST of key, value ...) */
	F48_PS_PUSH,        /* push(@name, value...) : value is a LIST */
	F48_PS_CALL,        /* name(args) : args is a LIST; name without & */
	F48_PS_TRUE,        /* 1; (or any bare constant) */
	F48_PS_UNSUPPORTED  /* raw, reason: if/unless/for blocks, sub, require ... */
} f48_pstmt_kind;

typedef struct f48_pstmt {
	f48_pstmt_kind kind;
	long line;          /* first line of the statement (1-based) */
	long end_line;      /* last line (here-documents, multi-line strings) */
	char *name;
	f48_pexpr *key;     /* ELEM */
	char op[4];         /* "=", ".=", "||=", "+=" ... ; "" for calls */
	f48_pexpr *value;   /* SCALAR, ELEM: an expr; ARRAY, HASH, PUSH, CALL: a LIST */
	f48_pcond *cond;    /* statement modifier, or NULL */
	bool cond_unless;   /* the modifier was "unless" */
	char *raw;          /* the statement's source bytes, as written */
	size_t raw_len;
	char *reason;       /* UNSUPPORTED */
} f48_pstmt;

typedef struct f48_pprogram {
	char *file;         /* as given to the parser, for messages */
	f48_pstmt *stmts;
	size_t n;
	bool has_end;       /* __END__ / __DATA__ seen */
	long end_line;      /* where */
	bool had_crlf;      /* CRLF line ends were seen */
} f48_pprogram;

/* Parse `len` bytes of `buf` (need not be NUL-terminated).  `file` is used in
 * findings.  Returns F48_OK, or F48_EUSAGE for NULL arguments; never anything
 * else: problems in the input are findings. */
int f48_perl_parse(const char *buf, size_t len, const char *file,
    f48_pprogram **out, f48_findings *findings);
void f48_perl_program_free(f48_pprogram *prog);

/* Variable lookup supplied by the evaluator's caller.
 * sigil '$': scalar NAME -> *value and *len; sigil '@': array NAME joined with
 * one space (Perl's $" default); sigil '%': not used.  For ELEM lookups the
 * name is passed as "NAME{KEY}".  Return true if the variable is known; an
 * unknown variable interpolates as "" and makes the result unknown. */
typedef bool (*f48_perl_lookup_fn)(void *ctx, char sigil, const char *name,
    const char **value, size_t *len);

typedef struct f48_perl_value {
	char *str;          /* newly allocated, NUL-terminated (may contain NUL) */
	size_t len;
	bool known;         /* false: could not be evaluated statically */
	char *reason;       /* when !known: why (e.g. "unknown variable $X"); else NULL */
} f48_perl_value;

/* Evaluate an expression to a string (a LIST evaluates to its elements joined
 * by one space).  Never fails; see `known`. */
void f48_perl_eval(const f48_pexpr *e, f48_perl_lookup_fn lookup, void *ctx,
    f48_perl_value *out);
/* Evaluate the elements of a LIST (an @array element expands to its items
 * split on single spaces, as the lookup returned them joined).  *items is an
 * array of *n values the caller frees with f48_perl_value_free on each, then
 * free(*items). */
void f48_perl_eval_list(const f48_pexpr *list, f48_perl_lookup_fn lookup,
    void *ctx, f48_perl_value **items, size_t *n);
/* Evaluate a condition.  Returns 1 true, 0 false, -1 unknown (with *reason
 * newly allocated when reason is not NULL).  =~ uses PCRE2, which is
 * Perl-compatible; an invalid pattern gives -1 with the PCRE2 message. */
int f48_perl_eval_cond(const f48_pcond *c, f48_perl_lookup_fn lookup, void *ctx,
    char **reason);
void f48_perl_value_free(f48_perl_value *v);

/* Budgets of one evaluation (all the files of one list): hostile input gets
 * a finding, never an OOM or an abort.  value_max bounds one string (and one
 * list's total bytes); mem_max the bytes held by all values together (the
 * caller adds what it stores); steps_max the expression nodes and statements
 * evaluated.  Beyond value_max the value is unknown (finding VALUE_TOO_LONG);
 * beyond mem_max or steps_max nothing more is evaluated and every variable a
 * remaining statement assigns is unknown (finding EVAL_BUDGET).  Both
 * findings have severity error: the result is incomplete (exit 3). */
#define F48_PERL_VALUE_MAX ((size_t)1 << 20)          /* 1 MiB */
#define F48_PERL_MEM_MAX ((size_t)64 << 20)           /* 64 MiB */
#define F48_PERL_STEPS_MAX 10000000UL                 /* 10 M */

typedef struct f48_perl_budget {
	size_t value_max, mem_max;
	unsigned long steps_max;
	size_t mem;           /* bytes in use, as counted by evaluator and caller */
	unsigned long steps;
	bool exhausted;       /* mem_max or steps_max was exceeded */
	bool reported;        /* the EVAL_BUDGET finding was given */
} f48_perl_budget;

void f48_perl_budget_init(f48_perl_budget *b);

/* Check that a Perl regexp compiles with PCRE2.  Returns true if it does;
 * otherwise *msg (newly allocated) holds PCRE2's message and the offset. */
bool f48_perl_regex_valid(const char *pattern, size_t len, char **msg);

#endif

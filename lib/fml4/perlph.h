/*
 * perlph.h - the subset of Perl that fml4 configuration files are written in
 * (config.ph, default_config.ph, site_init.ph, site_force.ph, sitedef.ph):
 * parsed and evaluated, NEVER executed.  Pure: no I/O, no global state.
 *
 *  f48_perl_parse   bytes -> a list of statements.  Input is untrusted: any
 *                   byte sequence, EUC-JP or ISO-2022-JP text (the bytes
 *                   between ESC $ B and ESC ( B are opaque text, never syntax),
 *                   CRLF line ends, NUL bytes.  A construct outside the subset
 *                   becomes an F48_PS_UNSUPPORTED statement (raw text, reason,
 *                   finding PARSE_UNSUPPORTED with file:line) or an
 *                   F48_PX_UNKNOWN / F48_PC_UNKNOWN node; parsing continues.
 *                   A syntax error Perl itself would refuse gives PARSE_ERROR
 *                   (severity error) with file:line and parsing resumes at the
 *                   next line that can start a statement.  Recursion is
 *                   bounded (200 levels).  Only a NULL argument fails.
 *
 *  f48_perl_run     runs the statements against the caller's variables
 *  f48_perl_eval*   (f48_perl_env: get, store, call).  Evaluated as Perl 5
 *                   does, for byte strings without locale:
 *   - strings: "" '' q() qq() (any delimiters), here-documents, interpolation
 *     of $X ${X} $X{K} $X[N] @X; escapes; numbers 1_000 0x1f 0b101 017 1.5e3;
 *   - operators with Perl's precedence and associativity: ** (right), ! -
 *     (unary), =~ !~ (m//, //, m@@, PCRE2, flags imsxo), * / % x, + - .,
 *     named unary builtins, < > <= >= lt gt le ge, == != <=> eq ne cmp, &&,
 *     || //, .. (list context), ?: ; numeric conversion of strings as Perl
 *     ("10" + "3abc" is 13, " 12" is 12, "0x10" is 0), % with the sign of the
 *     right operand, numbers printed as Perl prints them (%.15g);
 *   - lists: (LIST), (LIST)[N, -1, ...] (out of range: undef; a slice of an
 *     empty list is empty), the comma operator in scalar context, (LIST) x N,
 *     arrays in scalar context (their size) and in strings (joined by " ");
 *   - pure builtins: split (Perl's rules: leading empty field kept, trailing
 *     ones removed unless LIMIT < 0, ' ' splits on white space, captures are
 *     fields, LIMIT), join, sprintf (%% c s d i u o x X e E f F g G b B with
 *     flags, width, precision, *), lc uc lcfirst ucfirst (ASCII), substr
 *     (2 and 3 arguments), index, rindex, length, reverse (list and scalar),
 *     defined, exists, scalar, abs, int, ord, chr, hex, oct, undef;
 *   - statements: $X op= EXPR for = .= ||= &&= //= += -= *= /= %= **= x=,
 *     $H{K} = ..., @A = LIST, %H = LIST, push, macro/sub calls (given to
 *     env->call, never run), STATEMENT if/unless COND, if/elsif/else and
 *     unless blocks, foreach [my] $V (LIST) { ... } (the loop variable is
 *     local to the loop).
 * Stays UNKNOWN (known = false, with the reason and the raw text; the caller
 * reports VALUE_UNKNOWN with file:line): whatever depends on the run or runs
 * code - time, localtime, hostname, %ENV (any hash no file sets), file tests,
 * backticks, system, open, require, do, eval, sub and method calls, special
 * variables ($0 $$ $1 ...), s/// and tr///, //g, shifts and bit operators,
 * string negation and ++ magic, integers of 16 digits or more, inf/nan,
 * variables no file sets.  A condition that cannot be decided gives
 * CONDITION_UNKNOWN and every variable assigned in the statements it guards
 * (all arms from the first undecidable one on) is stored unknown with op "if"
 * - never left at its old value.  A foreach over a list whose length is not
 * known, or whose body assigns the loop variable or leaves the loop, is the
 * same.  Budgets (f48_perl_budget): 1 MiB per value (VALUE_TOO_LONG), 64 MiB
 * of values and 10 M steps in all (EVAL_BUDGET; then nothing more is
 * evaluated and what the remaining statements assign is unknown), 1 M
 * elements per list; all with file:line, severity error.
 *
 * Package-qualified names ($main'X, $main::X) are stored without "main".
 * Variable names are stored without their sigil.
 *
 * Memory: f48_perl_parse returns a program that owns every string and node
 * in it; f48_perl_program_free releases all of it.  Values from evaluation
 * are newly allocated and freed by the caller (f48_perl_value_free).  What
 * env->get returns is the caller's and must stay valid during the call;
 * what env->store and env->call get is valid only during the call.
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
	F48_PX_UNKNOWN,    /* outside the subset: raw text, reason */
	F48_PX_OP,         /* operator `op` on parts[0] (and parts[1], parts[2] for ?:) */
	F48_PX_FUNC,       /* pure builtin `name` with arguments parts[] */
	F48_PX_SLICE,      /* list slice: parts[0] a LIST, parts[1] the LIST of indices */
	F48_PX_MATCH,      /* parts[0] =~ m/str/flags (op "!~": negated) */
	F48_PX_REGEX       /* a pattern m/str/flags as split's first argument */
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
	char op[5];         /* OP: "+", "**", "eq", "<=>", "neg", "!", "?", "&&", ".." ... */
	char *flags;        /* MATCH, REGEX: "i", "m", "s", "x" */
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
	F48_PS_UNSUPPORTED, /* raw, reason: while loops, sub, require, eval ... */
	F48_PS_IF,          /* if/unless (COND) {..} elsif (COND) {..} else {..}: branches */
	F48_PS_FOREACH      /* foreach [my] $name (value: a LIST) { body } */
} f48_pstmt_kind;

typedef struct f48_pstmt f48_pstmt;

typedef struct f48_pbranch {  /* one arm of an if statement */
	f48_pcond *cond;    /* NULL: the else arm */
	bool unless;        /* the arm is taken when cond is false */
	f48_pstmt *body;
	size_t nbody;
	long line;          /* where the arm's condition is */
} f48_pbranch;

struct f48_pstmt {
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
	f48_pbranch *branches; /* IF */
	size_t nbranches;
	f48_pstmt *body;    /* FOREACH */
	size_t nbody;
};

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

typedef struct f48_perl_value {
	char *str;          /* newly allocated, NUL-terminated (may contain NUL) */
	size_t len;
	bool known;         /* false: could not be evaluated statically */
	char *reason;       /* when !known: why (e.g. "unknown variable $X"); else NULL */
	bool undef;         /* Perl's undef (str is "") */
} f48_perl_value;

/* A variable as the caller holds it, for the evaluator to read.  Items of
 * arrays (hashes: key, value, key ...) are NUL-terminated strings. */
typedef struct f48_perl_var {
	const char *str;            /* scalar: the value, NULL for undef */
	size_t len;
	const char *const *items;   /* array, hash */
	size_t nitems;
	const char *reason;         /* F48_PV_UNKNOWN: why, or NULL */
} f48_perl_var;

enum { F48_PV_UNKNOWN = -1, F48_PV_UNSET = 0, F48_PV_KNOWN = 1 };

/* One assignment the evaluator makes; the caller records it.  sigil '$'
 * scalar, '{' hash element (key), '@' array, '%' hash.  append: str is to be
 * added to the current value (.=) or items to the array (push).  When !known
 * the value is what could be computed (unknown parts are empty) and reason
 * says why; an assignment in a branch whose condition cannot be decided is
 * such an unknown store, with op "if". */
typedef struct f48_perl_store {
	char sigil;
	const char *name;
	const char *key;
	size_t keylen;
	const char *op;
	bool append;
	bool known;
	bool undef;                 /* scalar: the value is undef */
	const char *reason;
	const char *str;
	size_t len;
	const char *const *items;
	const size_t *lens;
	size_t nitems;
	const f48_pstmt *st;        /* the assignment: line, raw text */
	long line;                  /* where (st->line unless line_override) */
} f48_perl_store;

typedef struct f48_perl_budget f48_perl_budget;

/* What the evaluator needs from its caller.  get returns F48_PV_KNOWN,
 * F48_PV_UNSET (no file sets it) or F48_PV_UNKNOWN; sigil '$' (key NULL),
 * '{' (element KEY of hash NAME), '@'.  store and call may be NULL (pure
 * expression evaluation).  call gets a statement calling NAME(ARGS) - never
 * executed, the caller gives macros their effect; uncertain: the call is in
 * a branch that cannot be decided (args are then NULL).  findings and file
 * receive CONDITION_UNKNOWN, VALUE_TOO_LONG and EVAL_BUDGET; line_override > 0
 * puts every finding and store at that line (tables applied by a call). */
typedef struct f48_perl_env {
	void *ctx;
	int (*get)(void *ctx, char sigil, const char *name, const char *key, size_t keylen,
	    f48_perl_var *out);
	void (*store)(void *ctx, const f48_perl_store *s);
	void (*call)(void *ctx, const f48_pstmt *st, const f48_perl_value *args, size_t nargs,
	    bool uncertain, const char *reason);
	f48_findings *findings;
	const char *file;
	long line_override;
	f48_perl_budget *budget;    /* NULL: defaults for this call only */
} f48_perl_env;

/* Run a program: every statement in order, blocks decided when their
 * conditions are known, foreach over known lists; assignments go to
 * env->store, calls to env->call.  Nothing is executed. */
void f48_perl_run(const f48_pprogram *prog, const f48_perl_env *env);

/* Evaluate an expression in scalar context (a LIST is Perl's comma
 * operator: its last element).  Never fails; see `known`. */
void f48_perl_eval(const f48_pexpr *e, const f48_perl_env *env, f48_perl_value *out);
/* Evaluate in list context.  *items is an array of *n values the caller
 * frees with f48_perl_value_free on each, then free(*items).  A list whose
 * length cannot be known gives one unknown item. */
void f48_perl_eval_list(const f48_pexpr *list, const f48_perl_env *env,
    f48_perl_value **items, size_t *n);
/* Evaluate a condition.  Returns 1 true, 0 false, -1 unknown (with *reason
 * newly allocated when reason is not NULL).  =~ uses PCRE2, which is
 * Perl-compatible; an invalid pattern gives -1 with the PCRE2 message. */
int f48_perl_eval_cond(const f48_pcond *c, const f48_perl_env *env, char **reason);
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

struct f48_perl_budget {
	size_t value_max, mem_max;
	unsigned long steps_max;
	size_t mem;           /* bytes in use, as counted by evaluator and caller */
	unsigned long steps;
	bool exhausted;       /* mem_max or steps_max was exceeded */
	bool reported;        /* the EVAL_BUDGET finding was given */
};

void f48_perl_budget_init(f48_perl_budget *b);

/* Check that a Perl regexp compiles with PCRE2.  Returns true if it does;
 * otherwise *msg (newly allocated) holds PCRE2's message and the offset. */
bool f48_perl_regex_valid(const char *pattern, size_t len, char **msg);

#endif

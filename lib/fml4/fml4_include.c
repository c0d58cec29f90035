/*
 * fml4_include.c - see fml4_include.h.
 *
 * An include file is read by the MTA (an ":include:" file, or a .qmail
 * file): "#" lines are comments, a line starting (inside optional double
 * quotes) with "|" is a command, and anything else is a list of recipient
 * addresses.  For fml.pl the options are classified the way fml.pl's own
 * option loop does (fml-formats §1.5); for other programs (mead.pl,
 * fml8's distribute ...) options are kept raw, and a lone "-X" takes the
 * word after it as its value, because that is how those programs are
 * called ("mead.pl -E DIR -S DIR -D DIR").
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fileio.h"
#include "util/findings.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include "codes.h"
#include "fml4/fml4_include.h"

#define INCLUDE_MAX_SIZE (1024u * 1024)

static bool
is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\n';
}

static bool
all_of(const char *s, size_t n, const char *set)
{
	size_t i;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++)
		if (s[i] == '\0' || strchr(set, s[i]) == NULL)
			return false;
	return true;
}

#define LOWER_WORD "_abcdefghijklmnopqrstuvwxyz0123456789"
#define UPPER_WORD "_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
#define PERL_WORD  "_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

static void
finding(f48_findings *fs, f48_severity sev, const char *code, const char *file, long line,
    const char *fix, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static void
finding(f48_findings *fs, f48_severity sev, const char *code, const char *file, long line,
    const char *fix, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (fs == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	f48_findings_add(fs, sev, code, file, line, fix, "%s", msg);
}

static char *
show(const char *p, size_t n)
{
	f48_sb sb;

	f48_sb_init(&sb);
	f48_sb_append_printable(&sb, p, n > 200 ? 200 : n);
	if (sb.data == NULL)
		f48_sb_puts(&sb, "");
	return f48_sb_steal(&sb);
}

static f48_incopt *
new_opt(f48_include_cmd *cmd, size_t *cap, f48_incopt_kind kind, const char *raw)
{
	f48_incopt *o;

	cmd->opts = f48_xgrow(cmd->opts, cap, cmd->nopts + 1, sizeof(*cmd->opts));
	o = &cmd->opts[cmd->nopts++];
	o->kind = kind;
	o->name = NULL;
	o->value = NULL;
	o->raw = f48_xstrdup(raw);
	return o;
}

/* One fml.pl option: the cases of fml.pl's option loop, in its order. */
static bool
classify_fml_opt(f48_incopt *o, const char *w)
{
	const char *p, *eq;
	size_t n;

	if (strncmp(w, "--", 2) == 0) {
		p = w + 2;
		n = strlen(p);
		if (strncmp(p, "force:", 6) == 0 || strncmp(p, "fh:", 3) == 0) {
			p = strchr(p, ':') + 1;
			eq = strrchr(p, '=');    /* fml.pl's (\S+)=(\S+) is greedy */
			if (eq == NULL || eq == p || eq[1] == '\0')
				return false;
			o->kind = F48_INCOPT_FIELD_FORCED;
			o->name = f48_xstrndup(p, (size_t)(eq - p));
			o->value = f48_xstrdup(eq + 1);
			return true;
		}
		if (strncmp(p, "original:", 9) == 0 || strncmp(p, "org:", 4) == 0 ||
		    strncmp(p, "oh:", 3) == 0) {
			p = strchr(p, ':') + 1;
			if (*p == '\0')
				return false;
			o->kind = F48_INCOPT_FIELD_ORIGINAL;
			o->name = f48_xstrdup(p);
			return true;
		}
		eq = strchr(p, '=');
		if (eq != NULL && eq > p && eq[1] != '\0' && all_of(p, (size_t)(eq - p), UPPER_WORD)) {
			o->kind = F48_INCOPT_VAR;
			o->name = f48_xstrndup(p, (size_t)(eq - p));
			o->value = f48_xstrdup(eq + 1);
			return true;
		}
		if (eq != NULL && eq > p && eq[1] != '\0' && all_of(p, (size_t)(eq - p), LOWER_WORD)) {
			o->kind = F48_INCOPT_MODE;
			o->name = f48_xstrndup(p, (size_t)(eq - p));
			o->value = f48_xstrdup(eq + 1);
			return true;
		}
		if (all_of(p, n, LOWER_WORD)) {
			o->kind = F48_INCOPT_MODE;    /* fml.pl does DEFINE_MODE for any such word */
			o->name = f48_xstrdup(p);
			return true;
		}
		if (strncmp(p, "permit:", 7) == 0 && all_of(p + 7, n - 7, LOWER_WORD ":")) {
			o->kind = F48_INCOPT_PERMIT;
			o->name = f48_xstrdup(p + 7);
			return true;
		}
		if (!(p[0] >= '0' && p[0] <= '9') && all_of(p, n, PERL_WORD)) {
			/* fml.pl sets $WORD = 1 for "--WORD", as -sWORD does. */
			o->kind = F48_INCOPT_SET;
			o->name = f48_xstrdup(p);
			return true;
		}
		return false;
	}
	if (w[1] == 'd') {
		o->kind = F48_INCOPT_DEBUG;
		o->name = f48_xstrdup("d");
		if (all_of(w + 2, strlen(w + 2), "0123456789"))
			o->value = f48_xstrdup(w + 2);
		return true;
	}
	if (strncmp(w, "-bt", 3) == 0) {
		o->kind = F48_INCOPT_DEBUG;
		o->name = f48_xstrdup("bt");
		return true;
	}
	if ((w[1] == 's' || w[1] == 'u' || w[1] == 'l') && w[2] != '\0') {
		o->kind = w[1] == 's' ? F48_INCOPT_SET : w[1] == 'u' ? F48_INCOPT_UNSET :
		    F48_INCOPT_LIBRARY;
		if (o->kind == F48_INCOPT_LIBRARY)
			o->value = f48_xstrdup(w + 2);
		else
			o->name = f48_xstrdup(w + 2);
		return true;
	}
	return false;
}

static void
add_dir(f48_include_cmd *cmd, size_t *cap, const char *w)
{
	cmd->dirs = f48_xgrow(cmd->dirs, cap, cmd->ndirs + 1, sizeof(*cmd->dirs));
	cmd->dirs[cmd->ndirs++] = f48_xstrdup(w);
}

/* The words of the last program of the pipe: program, options, dirs. */
static void
parse_program(f48_include_cmd *cmd, char *seg, const char *file, f48_findings *fs)
{
	char *words[256];
	size_t nw = 0, i, ocap = 0, dcap = 0;
	char *p = seg, *slash;
	bool fml;
	f48_incopt *o;

	while (*p != '\0' && nw < sizeof(words) / sizeof(words[0])) {
		while (*p != '\0' && is_ws((unsigned char)*p))
			*p++ = '\0';
		if (*p == '\0')
			break;
		words[nw++] = p;
		while (*p != '\0' && !is_ws((unsigned char)*p))
			p++;
	}
	while (*p != '\0' && is_ws((unsigned char)*p))
		p++;
	if (*p != '\0')
		finding(fs, F48_SEV_WARNING, F48_C_INCLUDE_LINE_INVALID, file, cmd->line, NULL,
		    "the command has more than %zu words: the rest was not read", nw);
	if (nw == 0)
		return;
	cmd->program = f48_xstrdup(words[0]);
	slash = strrchr(words[0], '/');
	cmd->program_name = f48_xstrdup(slash ? slash + 1 : words[0]);
	fml = strcmp(cmd->program_name, "fml.pl") == 0;
	for (i = 1; i < nw; i++) {
		if (words[i][0] != '-') {
			add_dir(cmd, &dcap, words[i]);
			continue;
		}
		o = new_opt(cmd, &ocap, F48_INCOPT_UNKNOWN, words[i]);
		if (fml) {
			if (!classify_fml_opt(o, words[i])) {
				char *s = show(words[i], strlen(words[i]));

				finding(fs, F48_SEV_WARNING, F48_C_INCLUDE_OPTION_UNKNOWN, file, cmd->line,
				    NULL, "fml.pl option \"%s\" is none that fml.pl acts on (it only "
				    "records it, or Perl refuses the variable name): it is not migrated", s);
				free(s);
			}
		} else if (words[i][1] != '-' && words[i][1] != '\0' && words[i][2] == '\0' &&
		    i + 1 < nw && words[i + 1][0] != '-') {
			/* "-E DIR": an option with its value in the next word. */
			o->name = f48_xstrdup(words[i]);
			o->value = f48_xstrdup(words[i + 1]);
			free(o->raw);
			o->raw = f48_xasprintf("%s %s", words[i], words[i + 1]);
			i++;
		}
	}
	if (strcmp(cmd->program_name, "exit") == 0 && cmd->ndirs == 1 &&
	    strcmp(cmd->dirs[0], "75") == 0)
		cmd->is_exit75 = true;
}

/* The text of a command line inside its optional quotes.  Returns a new
 * string; reports unbalanced quotes and text after the closing quote. */
static char *
unquote(const char *t, size_t len, const char *file, long lineno, f48_findings *fs)
{
	const char *close;

	if (t[0] != '"')
		return f48_xstrndup(t, len);
	close = memchr(t + 1, '"', len - 1);
	if (close == NULL) {
		finding(fs, F48_SEV_WARNING, F48_C_INCLUDE_LINE_INVALID, file, lineno,
		    "close the double quote", "the opening double quote is never closed: "
		    "the MTA may refuse the line or read it differently");
		return f48_xstrndup(t + 1, len - 1);
	}
	for (const char *q = close + 1; q < t + len; q++)
		if (!is_ws((unsigned char)*q)) {
			finding(fs, F48_SEV_WARNING, F48_C_INCLUDE_LINE_INVALID, file, lineno,
			    NULL, "text after the quoted command: the MTA reads it as further "
			    "recipient addresses");
			break;
		}
	return f48_xstrndup(t + 1, (size_t)(close - t - 1));
}

bool
f48_include_parse_line(const char *text, size_t len, long lineno, const char *file,
    f48_include_cmd *cmd, f48_findings *findings)
{
	size_t b = 0, e = len;
	char *body, *p, *seg;

	memset(cmd, 0, sizeof(*cmd));
	cmd->line = lineno;
	while (b < e && is_ws((unsigned char)text[b]))
		b++;
	while (e > b && is_ws((unsigned char)text[e - 1]))
		e--;
	if (b == e || text[b] == '#')
		return false;
	cmd->raw = f48_xstrndup(text, len > 0 && text[len - 1] == '\r' ? len - 1 : len);
	body = unquote(text + b, e - b, file, lineno, findings);
	p = body;
	while (*p != '\0' && is_ws((unsigned char)*p))
		p++;
	if (*p != '|') {
		char *s = show(p, strlen(p));

		finding(findings, F48_SEV_WARNING, F48_C_INCLUDE_NOT_COMMAND, file, lineno,
		    strcmp(p, "exit 75") == 0 ? "to make the MTA defer mail, write \"|exit 75\"" : NULL,
		    "\"%s\" is not a command (no \"|\"): the MTA reads the line as recipient "
		    "addresses%s", s, strcmp(p, "exit 75") == 0 ? ", not as \"exit with status 75\", "
		    "so mail is not deferred: it goes to the local names \"exit\" and \"75\" or "
		    "bounces" : ", and runs no program");
		free(s);
		free(body);
		return true;
	}
	cmd->is_pipe = true;
	/* A pipe of several programs (multipart.pl | fml.pl): the last one
	 * receives the mail in the end and is the list's program. */
	seg = strrchr(p, '|') + 1;
	while (*seg != '\0' && is_ws((unsigned char)*seg))
		seg++;
	if (*seg == '\0')
		finding(findings, F48_SEV_WARNING, F48_C_INCLUDE_LINE_INVALID, file, lineno, NULL,
		    "the command ends in \"|\" with no program after it: the shell refuses it");
	else
		parse_program(cmd, seg, file, findings);
	free(body);
	return true;
}

void
f48_include_cmd_clear(f48_include_cmd *cmd)
{
	size_t i;

	if (cmd == NULL)
		return;
	free(cmd->raw);
	free(cmd->program);
	free(cmd->program_name);
	for (i = 0; i < cmd->ndirs; i++)
		free(cmd->dirs[i]);
	free(cmd->dirs);
	for (i = 0; i < cmd->nopts; i++) {
		free(cmd->opts[i].name);
		free(cmd->opts[i].value);
		free(cmd->opts[i].raw);
	}
	free(cmd->opts);
	memset(cmd, 0, sizeof(*cmd));
}

int
f48_include_read(const char *path, f48_include **out, f48_findings *findings,
    f48_error *err)
{
	char *buf;
	size_t len, pos = 0, eol, n;
	long lineno = 0, first_cr = 0, ncr = 0;
	f48_include *inc;
	f48_include_cmd cmd;
	int rc;

	*out = NULL;
	if ((rc = f48_file_read(path, INCLUDE_MAX_SIZE, &buf, &len, err)) < 0)
		return rc;
	inc = f48_xcalloc(1, sizeof(*inc));
	inc->path = f48_xstrdup(path);
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);

		eol = nl ? (size_t)(nl - buf) : len;
		lineno++;
		n = eol - pos;
		if (n > 0 && buf[eol - 1] == '\r') {
			n--;
			if (ncr++ == 0)
				first_cr = lineno;
		}
		if (memchr(buf + pos, '\0', n) != NULL)
			finding(findings, F48_SEV_WARNING, F48_C_INCLUDE_LINE_INVALID, path, lineno,
			    NULL, "the line contains a NUL byte: it was read up to it");
		if (f48_include_parse_line(buf + pos, strnlen(buf + pos, n), lineno, path, &cmd,
		    findings)) {
			inc->cmds = f48_xgrow(inc->cmds, &inc->cap, inc->n + 1, sizeof(*inc->cmds));
			inc->cmds[inc->n++] = cmd;
		}
		pos = eol + 1;
	}
	free(buf);
	if (ncr > 0) {
		inc->had_crlf = true;
		finding(findings, F48_SEV_INFO, F48_C_CRLF_LINE_ENDS, path, first_cr,
		    "convert the file to LF line ends",
		    "%ld line(s) end in CRLF (first at line %ld): the CR is white space at the "
		    "end of the command, which the shell ignores", ncr, first_cr);
	}
	*out = inc;
	return F48_OK;
}

const f48_include_cmd *
f48_include_fml_cmd(const f48_include *inc)
{
	size_t i;

	if (inc == NULL)
		return NULL;
	for (i = 0; i < inc->n; i++)
		if (inc->cmds[i].program_name != NULL &&
		    strcmp(inc->cmds[i].program_name, "fml.pl") == 0)
			return &inc->cmds[i];
	return NULL;
}

void
f48_include_free(f48_include *inc)
{
	size_t i;

	if (inc == NULL)
		return;
	for (i = 0; i < inc->n; i++)
		f48_include_cmd_clear(&inc->cmds[i]);
	free(inc->cmds);
	free(inc->path);
	free(inc);
}

/*
 * report.h - the one report model every command renders: a run holds lists,
 * a list holds sections (blocks of lines: config.cf lines, cron lines, files,
 * map blocks) and findings.  The stage results (read, translate, plan, audit,
 * verify, virtual) are turned into an f48_rlist by the command; this module
 * renders the model in three formats:
 *
 *   text  for a person: worst first and short.  Per list a status line (ok /
 *         needs a person / error) with counts, then only warnings and errors,
 *         grouped by code with a count, the first few places and one fix;
 *         infos only when verbose.  Sections follow; the config.cf lines come
 *         in two groups (the admin's own fml4 settings, and fml4 defaults kept
 *         where fml8's differ).  A domain summary and the next steps close
 *         the run; quiet prints the summary only.
 *   xml   for programs (templates/report.xsd, the version in
 *         F48_XML_VERSION): a <section> and a status per list, written
 *         into an f48_xw document, so that command-specific detail (show's
 *         settings and members, dry-run's files) stays in the same <list>.
 *   html  for the change ticket: one self-contained page (no script, no
 *         external file), built with libxml2's HTML tree API.
 *
 * Memory: the report owns every list added to it (f48_report_add_list takes
 * the list); when it does not keep lists (keep_lists false, text and XML
 * streaming) only totals are kept and the list is freed once rendered.
 * Strings are UTF-8 (callers convert fml4 bytes first).  Never prints.
 */
#ifndef F48_REPORT_H
#define F48_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"
#include "util/findings.h"
#include "util/strbuf.h"
#include "report/xmlwriter.h"

typedef enum f48_rstatus {
	F48_RS_OK = 0,        /* nothing for a person to do */
	F48_RS_PERSON = 1,    /* warnings: a person must look */
	F48_RS_ERROR = 2      /* input errors: the result is incomplete */
} f48_rstatus;

typedef struct f48_rline {
	char *text;           /* the line as it is to be used */
	char *note;           /* one-line reason or origin, or NULL */
} f48_rline;

typedef struct f48_rsection {
	char *id;             /* stable word: config-set, config-defaults, cron, files ... */
	char *title;          /* for people */
	bool detail;          /* text shows it only when verbose (e.g. the file actions) */
	f48_rline *lines;
	size_t n, cap;
} f48_rsection;

typedef struct f48_rcounts {
	bool known;
	size_t fml4_members, fml4_recipients, fml4_digest;
	size_t fml4_not_delivered;   /* skip and off entries: members fml4 sent nothing */
	size_t fml8_members, fml8_recipients, fml8_digest;
} f48_rcounts;

typedef struct f48_rlist {
	char *name;           /* the list directory's name */
	char *address;        /* ml@domain, or NULL */
	char *dir;            /* the directory as given (host path) */
	char *dir_prod;       /* its production path (for commands and fixes) */
	char *tag;            /* fml4 subject tag, or NULL */
	f48_rcounts counts;
	f48_rsection **sections;   /* each allocated: pointers stay valid */
	size_t nsections;
	f48_findings findings;
} f48_rlist;

typedef struct f48_rcode {   /* findings of one code over the run */
	char *code;
	f48_severity severity;   /* the worst seen */
	size_t count;
} f48_rcode;

typedef struct f48_report {
	char *command;           /* "dry-run" ... */
	char *title;             /* what was looked at: a domain's ~ml dir, a list */
	bool keep_lists;         /* keep every list (HTML needs them all) */
	f48_rlist **lists;       /* kept lists, in order */
	size_t nlists;
	/* totals over every list added */
	size_t lists_seen, by_status[3], by_severity[3];
	f48_rcounts totals;
	f48_rcode *codes;
	size_t ncodes;
	/* the run as a whole: domain-wide sections (maps), findings, next steps */
	f48_rsection **sections;   /* each allocated: pointers stay valid */
	size_t nsections;
	f48_findings findings;
	char **next;
	size_t nnext;
	/* text rendering state: what was already shown, to say it once */
	char **seen;
	size_t nseen;
	char *defaults_text, *defaults_list;
} f48_report;

typedef struct f48_report_text_opts {
	bool verbose;            /* -v: infos and detail sections too */
	bool quiet;              /* -q: only the summary */
} f48_report_text_opts;

/* ---- building the model --------------------------------------------- */

f48_report *f48_report_new(const char *command, const char *title, bool keep_lists);
void f48_report_free(f48_report *r);

f48_rlist *f48_rlist_new(const char *name, const char *dir, const char *dir_prod);
void f48_rlist_free(f48_rlist *l);
void f48_rlist_set_address(f48_rlist *l, const char *address);
void f48_rlist_set_tag(f48_rlist *l, const char *tag);
/* A new (or the existing) section with this id. */
f48_rsection *f48_rlist_section(f48_rlist *l, const char *id, const char *title);
f48_rsection *f48_report_section(f48_report *r, const char *id, const char *title);
void f48_rsection_add(f48_rsection *s, const char *text, const char *note);
/* The list of a directory whose stage failed: named after it, with one
 * error finding (FILE_SYMLINK for F48_EUNSAFE, else FILE_UNREADABLE) at the
 * error's file:line (the directory when it names none). */
f48_rlist *f48_rlist_unreadable(const char *dir, const f48_error *err);
/* Copy every finding of fs into the list (fs is left as it was). */
void f48_rlist_add_findings(f48_rlist *l, const f48_findings *fs);
f48_rstatus f48_rlist_status(const f48_rlist *l);
const char *f48_rstatus_name(f48_rstatus s);   /* "ok", "needs-person", "error" */

/* Count l into the totals.  When the report keeps lists it takes l; else
 * the caller still owns l (render it, then free it). */
void f48_report_add_list(f48_report *r, f48_rlist *l);
void f48_report_add_next(f48_report *r, const char *command_line);

/* ---- text ----------------------------------------------------------- */

/* One list (nothing when quiet).  Updates the report's "already shown". */
void f48_report_text_list(f48_sb *out, f48_report *r, const f48_rlist *l,
    const f48_report_text_opts *o);
/* The run's own sections and findings, the summary and the next steps. */
void f48_report_text_summary(f48_sb *out, const f48_report *r, const f48_report_text_opts *o);

/* ---- XML ------------------------------------------------------------ */

/* Inside an open <list>: status, counts-summary, sections, findings.
 * The caller writes <list> and its command-specific children. */
void f48_report_xml_list_body(f48_xw *w, const f48_rlist *l);
/* One <section> (for a command's own <list>). */
void f48_report_xml_section(f48_xw *w, const f48_rsection *s);
/* A whole <list> element from the model alone. */
void f48_report_xml_list(f48_xw *w, const f48_rlist *l);
/* The run's sections and findings, then <summary>. */
void f48_report_xml_summary(f48_xw *w, const f48_report *r);

/* ---- HTML ----------------------------------------------------------- */

/* The whole page (needs keep_lists); appended to out.  F48_EINPUT when
 * libxml2 fails. */
int f48_report_html(const f48_report *r, f48_sb *out, f48_error *err);

/* The format names commands accept. */
typedef enum f48_rformat { F48_RF_TEXT, F48_RF_XML, F48_RF_HTML } f48_rformat;
/* 0 and *f set, or -1 for an unknown name. */
int f48_rformat_parse(const char *name, f48_rformat *f);

/* A path as a person reads it in a list's report: relative to the list
 * directory when inside it, "../x" for the domain's files, else as it is.
 * Newly allocated. */
char *f48_report_short_path(const char *list_dir, const char *path);

#endif

/*
 * xmlwriter.h - the XML document every report is written into (libxml2's
 * xmlTextWriter on a memory buffer), and the elements shared by reports.
 *
 * Strings given to f48_xw_* are bytes in `enc` (F48_ENC_UTF8 for our own
 * messages); they are converted to UTF-8, and control characters XML 1.0
 * cannot carry become \xNN.  A libxml2 failure is remembered and reported by
 * f48_xw_end (F48_EINPUT); the document is then not appended.
 *
 * Two ways out: f48_xw_begin builds the document in memory and f48_xw_end
 * appends it to a buffer; f48_xw_begin_stream hands it, in chunks of a few
 * KB as it is written, to the caller's write function, so that a report on a
 * list of a million members needs no more memory than one on ten.  A failed
 * write (the function returns -1) is reported by f48_xw_end as F48_EIO.
 * Memory: f48_xw_end frees the writer.
 */
#ifndef F48_XMLWRITER_H
#define F48_XMLWRITER_H

#include <stddef.h>

#include "util/error.h"
#include "util/findings.h"
#include "util/strbuf.h"
#include "util/textenc.h"

/* The format version every document carries (templates/report.xsd). */
#define F48_XML_VERSION "2"

typedef struct f48_xw f48_xw;

typedef int (*f48_xw_write_fn)(void *ctx, const char *buf, size_t len);   /* 0 or -1 */

/* <?xml ...?><fml4to8 version="2" command="COMMAND"> */
f48_xw *f48_xw_begin(const char *command);
f48_xw *f48_xw_begin_stream(const char *command, f48_xw_write_fn fn, void *ctx);
void f48_xw_start(f48_xw *w, const char *element);
void f48_xw_attr(f48_xw *w, const char *name, const char *value, f48_encoding enc);
void f48_xw_attr_long(f48_xw *w, const char *name, long v);
void f48_xw_text(f48_xw *w, const char *text, size_t len, f48_encoding enc);
void f48_xw_end_element(f48_xw *w);
/* <finding code severity file line [fix]>message</finding> */
void f48_xw_finding(f48_xw *w, const f48_finding *f);
int f48_xw_failed(const f48_xw *w);
/* Close the document, append it to out (memory mode; out is unused when
 * streaming), free w. */
int f48_xw_end(f48_xw *w, f48_sb *out, f48_error *err);

#endif

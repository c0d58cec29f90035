/*
 * xmlwriter.h - the XML document every report is written into (libxml2's
 * xmlTextWriter on a memory buffer), and the elements shared by reports.
 *
 * Strings given to f48_xw_* are bytes in `enc` (F48_ENC_UTF8 for our own
 * messages); they are converted to UTF-8, and control characters XML 1.0
 * cannot carry become \xNN.  A libxml2 failure is remembered and reported by
 * f48_xw_end (F48_EINPUT); the document is then not appended.
 * Memory: f48_xw_end frees the writer.
 */
#ifndef F48_XMLWRITER_H
#define F48_XMLWRITER_H

#include <stddef.h>

#include "util/error.h"
#include "util/findings.h"
#include "util/strbuf.h"
#include "util/textenc.h"

typedef struct f48_xw f48_xw;

/* <?xml ...?><fml4to8 version="1" command="COMMAND"> */
f48_xw *f48_xw_begin(const char *command);
void f48_xw_start(f48_xw *w, const char *element);
void f48_xw_attr(f48_xw *w, const char *name, const char *value, f48_encoding enc);
void f48_xw_attr_long(f48_xw *w, const char *name, long v);
void f48_xw_text(f48_xw *w, const char *text, size_t len, f48_encoding enc);
void f48_xw_end_element(f48_xw *w);
/* <finding code severity file line [fix]>message</finding> */
void f48_xw_finding(f48_xw *w, const f48_finding *f);
int f48_xw_failed(const f48_xw *w);
/* Close the document, append it to out, free w. */
int f48_xw_end(f48_xw *w, f48_sb *out, f48_error *err);

#endif

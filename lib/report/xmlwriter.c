/* xmlwriter.c - see xmlwriter.h. */
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "util/strbuf.h"
#include "util/textenc.h"
#include "util/xalloc.h"

#include "report/xmlwriter.h"

struct f48_xw {
	xmlBufferPtr buf;             /* memory mode */
	f48_xw_write_fn fn;           /* stream mode */
	void *ctx;
	int write_failed;
	xmlTextWriterPtr w;
	int failed;
};

static char *
xml_text(const char *v, size_t len, f48_encoding enc)
{
	f48_sb u, o;
	size_t i;

	f48_sb_init(&u);
	f48_sb_init(&o);
	f48_enc_to_utf8(&u, v, len, enc);
	for (i = 0; i < u.len; i++) {
		unsigned char ch = (unsigned char)u.data[i];

		if ((ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || ch == 0x7f)
			f48_sb_printf(&o, "\\x%02X", ch);
		else
			f48_sb_putc(&o, (char)ch);
	}
	f48_sb_free(&u);
	return f48_sb_steal(&o);
}

static void
start_document(f48_xw *w, const char *command)
{
	if (w->w == NULL) {
		w->failed = 1;
		return;
	}
	xmlTextWriterSetIndent(w->w, 1);
	xmlTextWriterSetIndentString(w->w, BAD_CAST "  ");
	if (xmlTextWriterStartDocument(w->w, "1.0", "UTF-8", NULL) < 0)
		w->failed = 1;
	f48_xw_start(w, "fml4to8");
	f48_xw_attr(w, "version", F48_XML_VERSION, F48_ENC_ASCII);
	f48_xw_attr(w, "command", command, F48_ENC_UTF8);
}

f48_xw *
f48_xw_begin(const char *command)
{
	f48_xw *w = f48_xcalloc(1, sizeof(*w));

	w->buf = xmlBufferCreate();
	w->w = w->buf ? xmlNewTextWriterMemory(w->buf, 0) : NULL;
	start_document(w, command);
	return w;
}

/* libxml2's output callback: hand the chunk to the caller's function. */
static int
stream_write(void *ctx, const char *buf, int len)
{
	f48_xw *w = ctx;

	if (len < 0 || w->fn(w->ctx, buf, (size_t)len) < 0) {
		w->write_failed = 1;
		return -1;
	}
	return len;
}

f48_xw *
f48_xw_begin_stream(const char *command, f48_xw_write_fn fn, void *ctx)
{
	f48_xw *w = f48_xcalloc(1, sizeof(*w));
	xmlOutputBufferPtr out;

	w->fn = fn;
	w->ctx = ctx;
	out = xmlOutputBufferCreateIO(stream_write, NULL, w, NULL);
	w->w = out ? xmlNewTextWriter(out) : NULL;
	start_document(w, command);
	return w;
}

void
f48_xw_start(f48_xw *w, const char *element)
{
	if (w->w && xmlTextWriterStartElement(w->w, BAD_CAST element) < 0)
		w->failed = 1;
}

void
f48_xw_attr(f48_xw *w, const char *name, const char *value, f48_encoding enc)
{
	char *t = xml_text(value ? value : "", value ? strlen(value) : 0, enc);

	if (w->w && xmlTextWriterWriteAttribute(w->w, BAD_CAST name, BAD_CAST t) < 0)
		w->failed = 1;
	free(t);
}

void
f48_xw_attr_long(f48_xw *w, const char *name, long v)
{
	char num[32];

	snprintf(num, sizeof(num), "%ld", v);
	f48_xw_attr(w, name, num, F48_ENC_ASCII);
}

void
f48_xw_text(f48_xw *w, const char *text, size_t len, f48_encoding enc)
{
	char *t = xml_text(text, len, enc);

	if (w->w && xmlTextWriterWriteString(w->w, BAD_CAST t) < 0)
		w->failed = 1;
	free(t);
}

void
f48_xw_end_element(f48_xw *w)
{
	if (w->w && xmlTextWriterEndElement(w->w) < 0)
		w->failed = 1;
}

void
f48_xw_finding(f48_xw *w, const f48_finding *f)
{
	f48_xw_start(w, "finding");
	f48_xw_attr(w, "code", f->code, F48_ENC_ASCII);
	f48_xw_attr(w, "severity", f48_severity_name(f->severity), F48_ENC_ASCII);
	if (f->file)
		f48_xw_attr(w, "file", f->file, F48_ENC_UTF8);
	f48_xw_attr_long(w, "line", f->line);
	if (f->fix)
		f48_xw_attr(w, "fix", f->fix, F48_ENC_UTF8);
	f48_xw_text(w, f->message, strlen(f->message), F48_ENC_UTF8);
	f48_xw_end_element(w);
}

int
f48_xw_failed(const f48_xw *w)
{
	return w->failed || w->write_failed;
}

int
f48_xw_end(f48_xw *w, f48_sb *out, f48_error *err)
{
	int rc = F48_OK;

	if (w->w) {
		if (xmlTextWriterEndDocument(w->w) < 0)
			w->failed = 1;
		xmlFreeTextWriter(w->w);      /* flushes a stream's last chunk */
	}
	if (w->write_failed)
		rc = f48_error_set(err, F48_EIO, NULL, 0, "cannot write the report");
	else if (w->failed)
		rc = f48_error_set(err, F48_EINPUT, NULL, 0, "libxml2 could not write the report");
	else if (w->buf && out)
		f48_sb_append(out, xmlBufferContent(w->buf), (size_t)xmlBufferLength(w->buf));
	if (w->buf)
		xmlBufferFree(w->buf);
	free(w);
	return rc;
}

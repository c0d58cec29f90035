/* translate_members.c - the member lists part of the translate stage (see
 * translate.h): fml4's members/actives/members-admin/moderators entries and
 * etc/passwd become fml8's list files, with clean addresses only.
 *
 * Streaming: the entries come one at a time, either from the read stage as
 * it reads each file (f48_members_tr_entry as its member sink) or from the
 * entries the read stage kept.  Each fml8 file keeps a compact set of the
 * addresses it holds (util/keyset: 16 bytes per address, no string), with
 * the file and line of the first one for the duplicate finding, and is freed
 * as soon as the last fml4 file that feeds it has been read.  The addresses
 * themselves are kept only when asked (keep_lines). */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/error.h"
#include "util/findings.h"
#include "util/keyset.h"
#include "util/safefs.h"
#include "util/sha256.h"
#include "util/xalloc.h"

#include "codes.h"
#include "fml4/fml4_list.h"
#include "translate/translate.h"

static const char *const file_names[F48_F8_NFILES] = {
	"members", "recipients", "recipients-digest", "members-admin", "recipients-admin",
	"members-moderator", "recipients-moderator", "etc/passwd-admin",
};

#define PASSWD_INDEX 255u     /* the token's file index of etc/passwd */
#define SPOOL_BUF (1u << 16)

/* A file of the spool: the lines of one fml8 file as they come, hashed. */
typedef struct spool_file {
	int fd;               /* -1: not open */
	char *buf;
	size_t nbuf;
	f48_sha256 sha;
} spool_file;

struct f48_members_tr {
	bool keep_lines;
	size_t max;                          /* addresses per fml8 file */
	const f48_fml4_list *l;
	f48_keyset *seen[F48_F8_NFILES];     /* normalised address -> first origin */
	bool full[F48_F8_NFILES];
	/* sizing each set once per fml4 file from its size (see put) */
	size_t sized_file[F48_F8_NFILES];    /* 1 + index of the file sized for */
	size_t file_n[F48_F8_NFILES], file_bytes[F48_F8_NFILES], base_n[F48_F8_NFILES];
	f48_fml8_file files[F48_F8_NFILES];
	f48_translate_counts counts;         /* duplicates, fml4_not_delivered */
	f48_findings findings;
	char *norm;
	size_t normcap;
	/* spool mode (f48_members_tr_spool): lines go to files, not memory */
	int spool_dir;                       /* -1: no spool */
	char *spool_shown;
	spool_file spool[F48_F8_NFILES];
	f48_error spool_err;
	bool spool_failed;
};

f48_members_tr *
f48_members_tr_new(bool keep_lines, size_t max_addresses)
{
	f48_members_tr *c = f48_xcalloc(1, sizeof(*c));
	size_t k;

	c->keep_lines = keep_lines;
	c->max = max_addresses ? max_addresses : F48_KEYSET_MAX;
	if (c->max > F48_KEYSET_MAX)
		c->max = F48_KEYSET_MAX;
	f48_findings_init(&c->findings);
	for (k = 0; k < F48_F8_NFILES; k++)
		c->files[k].name = file_names[k];
	c->files[F48_F8_MEMBERS].needed = true;
	c->files[F48_F8_RECIPIENTS].needed = true;
	c->spool_dir = -1;
	for (k = 0; k < F48_F8_NFILES; k++)
		c->spool[k].fd = -1;
	return c;
}

void
f48_members_tr_spool(f48_members_tr *c, int dirfd, const char *shown)
{
	c->keep_lines = false;
	c->spool_dir = dirfd;
	free(c->spool_shown);
	c->spool_shown = f48_xstrdup(shown);
}

char *
f48_members_spool_name(const char *fml8_file)
{
	char *n = f48_xasprintf("content-%s", fml8_file), *p;

	for (p = n; *p; p++)
		if (*p == '/')
			*p = '-';
	return n;
}

static int
spool_fail(f48_members_tr *c, f48_fml8_file_kind k, const char *what)
{
	char *name = f48_members_spool_name(c->files[k].name);
	char *s = f48_xasprintf("%s/%s", c->spool_shown ? c->spool_shown : "(spool)", name);

	if (!c->spool_failed)
		f48_error_sys(&c->spool_err, F48_EIO, s, "%s", what);
	c->spool_failed = true;
	free(s);
	free(name);
	return -1;
}

static int
spool_write(f48_members_tr *c, f48_fml8_file_kind k, const char *p, size_t n)
{
	/* errno survives for spool_fail, which names the spool file */
	return f48_sfs_write_fd(c->spool[k].fd, p, n, NULL, NULL) < 0 ? spool_fail(c, k, "write") :
	    0;
}

static int
spool_flush(f48_members_tr *c, f48_fml8_file_kind k)
{
	spool_file *sf = &c->spool[k];

	if (spool_write(c, k, sf->buf, sf->nbuf) < 0)
		return -1;
	sf->nbuf = 0;
	return 0;
}

/* Created afresh: a file left by a killed run is unlinked, never opened. */
static int
spool_open(f48_members_tr *c, f48_fml8_file_kind k)
{
	spool_file *sf = &c->spool[k];
	char *name;

	if (sf->fd >= 0)
		return 0;
	if (c->spool_failed)
		return -1;
	name = f48_members_spool_name(c->files[k].name);
	if (unlinkat(c->spool_dir, name, 0) != 0 && errno != ENOENT) {
		free(name);
		return spool_fail(c, k, "cannot remove the old spool file");
	}
	sf->fd = openat(c->spool_dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	free(name);
	if (sf->fd < 0)
		return spool_fail(c, k, "cannot create the spool file");
	sf->buf = f48_xmalloc(SPOOL_BUF);
	sf->nbuf = 0;
	f48_sha256_init(&sf->sha);
	return 0;
}

static void
spool_line(f48_members_tr *c, f48_fml8_file_kind k, const char *line, size_t n)
{
	spool_file *sf = &c->spool[k];

	if (spool_open(c, k) < 0)
		return;
	f48_sha256_update(&sf->sha, line, n);
	f48_sha256_update(&sf->sha, "\n", 1);
	if (sf->nbuf + n + 1 > SPOOL_BUF && spool_flush(c, k) < 0)
		return;
	if (n + 1 > SPOOL_BUF) {     /* not an address line, but never truncated */
		if (spool_write(c, k, line, n) == 0)
			spool_write(c, k, "\n", 1);
		return;
	}
	memcpy(sf->buf + sf->nbuf, line, n);
	sf->buf[sf->nbuf + n] = '\n';
	sf->nbuf += n + 1;
}

/* The end of the translation: every spool file complete and on disk. */
static int
spool_finish(f48_members_tr *c, f48_error *err)
{
	size_t k;

	for (k = 0; k < F48_F8_NFILES; k++) {
		spool_file *sf = &c->spool[k];
		f48_fml8_file *f = &c->files[k];

		if (f->n == 0 && !f->needed)
			continue;
		if (spool_open(c, (f48_fml8_file_kind)k) < 0 ||
		    spool_flush(c, (f48_fml8_file_kind)k) < 0)
			break;
		if (fsync(sf->fd) != 0) {
			spool_fail(c, (f48_fml8_file_kind)k, "fsync");
			break;
		}
		f48_sha256_final(&sf->sha, f->sha256);
		f->spool = f48_members_spool_name(f->name);
	}
	if (!c->spool_failed && fsync(c->spool_dir) != 0 && errno != EINVAL)
		spool_fail(c, F48_F8_MEMBERS, "fsync of the spool directory");
	if (c->spool_failed) {
		if (err)
			*err = c->spool_err;
		return c->spool_err.status;
	}
	return F48_OK;
}

void
f48_members_tr_free(f48_members_tr *c)
{
	size_t k, j;

	if (c == NULL)
		return;
	for (k = 0; k < F48_F8_NFILES; k++) {
		f48_keyset_free(c->seen[k]);
		if (c->files[k].lines)
			for (j = 0; j < c->files[k].n; j++)
				free(c->files[k].lines[j]);
		free(c->files[k].lines);
	}
	f48_findings_free(&c->findings);
	free(c->norm);
	for (k = 0; k < F48_F8_NFILES; k++) {
		if (c->spool[k].fd >= 0)
			close(c->spool[k].fd);
		free(c->spool[k].buf);
		free(c->files[k].spool);
	}
	free(c->spool_shown);
	free(c);
}

/* The fml8 files a role of an fml4 file feeds. */
static unsigned
targets_of(unsigned roles)
{
	unsigned m = 0;

	if (roles & F48_ROLE_MEMBERS)
		m |= 1u << F48_F8_MEMBERS;
	if (roles & F48_ROLE_ACTIVES)
		m |= 1u << F48_F8_RECIPIENTS | 1u << F48_F8_RECIPIENTS_DIGEST;
	if (roles & F48_ROLE_ADMINS)
		m |= 1u << F48_F8_MEMBERS_ADMIN | 1u << F48_F8_RECIPIENTS_ADMIN;
	if (roles & F48_ROLE_MODERATORS)
		m |= 1u << F48_F8_MEMBERS_MODERATOR | 1u << F48_F8_RECIPIENTS_MODERATOR;
	return m;
}

/* local part as written, domain in lower case: how fml compares addresses;
 * `at` is the last "@" of a (or NULL) */
static size_t
normalise(f48_members_tr *c, const char *a, size_t n, const char *at)
{
	size_t i;
	char *d;

	if (n + 1 > c->normcap) {
		c->normcap = n + 64;
		c->norm = f48_xrealloc(c->norm, c->normcap);
	}
	d = c->norm;
	memcpy(d, a, n);
	d[n] = '\0';
	if (at == NULL)
		return n;
	/* tolower in the C locale, eight bytes at a time: a byte gets 0x20
	 * when it is below 0x80, at least 'A' and at most 'Z' */
	for (i = (size_t)(at - a) + 1; i + 8 <= n; i += 8) {
		uint64_t w, low, ge_a, gt_z;

		memcpy(&w, d + i, 8);
		low = w & 0x7f7f7f7f7f7f7f7fULL;
		ge_a = low + 0x0101010101010101ULL * (0x80 - 'A');
		gt_z = low + 0x0101010101010101ULL * (0x7f - 'Z');
		w |= (~w & (ge_a ^ gt_z) & 0x8080808080808080ULL) >> 2;
		memcpy(d + i, &w, 8);
	}
	for (; i < n; i++)
		if (d[i] >= 'A' && d[i] <= 'Z')
			d[i] = (char)(d[i] - 'A' + 'a');
	return n;
}

/* The fml4 file of token index idx, or NULL (etc/passwd, or no list). */
static const f48_list_file *
list_file(const f48_members_tr *c, unsigned idx)
{
	return c->l && idx < c->l->nfiles ? &c->l->files[idx] : NULL;
}

static const char *
origin_file(const f48_members_tr *c, unsigned idx)
{
	const f48_list_file *lf = list_file(c, idx);

	if (idx == PASSWD_INDEX)
		return c->l && c->l->passwd ? c->l->passwd->path : "etc/passwd";
	return lf ? lf->path : "?";
}

/* One insert-if-absent per address. */
static void
put(f48_members_tr *c, f48_fml8_file_kind k, const char *addr, const char *line_text,
    const char *file, unsigned idx, long line)
{
	f48_fml8_file *f = &c->files[k];
	const f48_list_file *lf = list_file(c, idx);
	size_t alen = strlen(addr);
	const char *at = strrchr(addr, '@');
	size_t n = normalise(c, addr, alen, at);
	uint64_t tok = (uint64_t)(idx & 0xff) << 32 |
	    (uint64_t)(line > 0 && line <= (long)UINT32_MAX ? line : 0);
	uint64_t prev = 0;
	int rc;

	if (c->full[k])
		return;
	/* A bare local part: fml4 handed it to the MTA, which qualified it with
	 * its own domain (Postfix: $myorigin), unknown here; fml8 logs "invalid
	 * recipient" and skips it.  Left out, and said so. */
	if (k != F48_F8_PASSWD_ADMIN && at == NULL) {
		f48_findings_add(&c->findings, F48_SEV_WARNING, F48_C_MEMBER_LEFT_OUT, file, line,
		    "add the address with its domain (local@domain, the domain fml4's MTA "
		    "appended: Postfix's myorigin) to the fml8 list",
		    "\"%s\" has no domain: fml8 cannot deliver to it, so it is not written into %s",
		    addr, f->name);
		return;
	}
	if (c->seen[k] == NULL) {
		c->seen[k] = f48_keyset_new();
		/* A file under 1 MiB: room for a line per 16 bytes at once (at most
		 * 64 Ki addresses, 1 MiB of table), instead of growing through
		 * five sizes before the estimate below; a larger file is sized
		 * from its first 256 addresses, where memory matters. */
		if (lf && lf->size > 0 && lf->size < (1LL << 20))
			f48_keyset_reserve(c->seen[k], (size_t)lf->size / 16);
	}
	/* After 256 addresses of this fml4 file, size the set for the whole
	 * file in one step (from the file's size, the addresses' mean length and
	 * the share of its lines that came here so far): growing step by step
	 * would hold the old and the new table at once. */
	if (idx != PASSWD_INDEX && c->sized_file[k] != idx + 1u) {
		if (c->file_n[k] == 0)
			c->base_n[k] = f48_keyset_size(c->seen[k]);
		c->file_n[k]++;
		c->file_bytes[k] += n + 1;
		if (c->file_n[k] == 256 && lf && lf->size > 0 && line > 0) {
			double lines = (double)lf->size / ((double)c->file_bytes[k] / 256.0);
			double share = 256.0 / (double)line;

			f48_keyset_reserve(c->seen[k], c->base_n[k] + (size_t)(lines * share * 1.02));
			c->sized_file[k] = idx + 1u;
			c->file_n[k] = c->file_bytes[k] = 0;
		}
	}
	rc = f48_keyset_size(c->seen[k]) < c->max ?
	    f48_keyset_add(c->seen[k], c->norm, n, tok, &prev) : -1;
	if (rc == 0) {
		c->counts.duplicates++;
		f48_findings_add(&c->findings, F48_SEV_INFO, F48_C_MEMBER_DUPLICATE, file, line,
		    NULL, "%s is already in %s (from %s:%ld); it is written once", addr, f->name,
		    origin_file(c, (unsigned)(prev >> 32)), (long)(prev & 0xffffffffu));
		return;
	}
	if (rc < 0) {
		c->full[k] = true;
		f48_findings_add(&c->findings, F48_SEV_ERROR, F48_C_MEMBER_LIST_TOO_LARGE, file, line,
		    "split the list, or migrate it by hand",
		    "%s would hold more than %zu addresses, more than fml4to8 migrates in one "
		    "list; this address and the rest are not planned", f->name, c->max);
		return;
	}
	if (c->keep_lines) {
		f->lines = f48_xgrow(f->lines, &f->cap, f->n + 1, sizeof(*f->lines));
		f->lines[f->n] = f48_xstrdup(line_text ? line_text : addr);
	}
	n = line_text ? strlen(line_text) : alen;
	if (c->spool_dir >= 0)
		spool_line(c, k, line_text ? line_text : addr, n);
	f->n++;
	f->bytes += n + 1;
}

static bool
usable(const f48_member_entry *it)
{
	return it->address && it->address[0] && it->address_valid && !it->leading_blank;
}

static void
from_members(f48_members_tr *c, const f48_list_file *lf, unsigned idx,
    const f48_member_entry *it)
{
	if (it->state == F48_MS_PLUS) {
		f48_findings_add(&c->findings, F48_SEV_WARNING, F48_C_MEMBER_EVERYONE,
		    lf->path, it->line, "allow anyone with fml8's permit_anyone restriction",
		    "the \"+\" line makes everybody a member in fml4; fml8 has no such entry");
		return;
	}
	if (it->fml4_member && usable(it))
		put(c, F48_F8_MEMBERS, it->address, NULL, lf->path, idx, it->line);
}

static void
from_actives(f48_members_tr *c, const f48_list_file *lf, unsigned idx,
    const f48_member_entry *it)
{
	if (!usable(it))
		return;     /* the read stage reported the line */
	if (it->fml4_delivers)
		put(c, F48_F8_RECIPIENTS, it->address, NULL, lf->path, idx, it->line);
	else if (it->fml4_digest) {
		const char *d = it->digest ? it->digest : "";
		size_t hours = strspn(d, "0123456789");

		put(c, F48_F8_RECIPIENTS_DIGEST, it->address, NULL, lf->path, idx, it->line);
		f48_findings_add(&c->findings, F48_SEV_INFO, F48_C_MEMBER_OPTION_DIGEST,
		    lf->path, it->line, "fml8's digest program sends the list's digests: "
		    "install its crontab line (CRON_DIGEST, at the interval fml4's msend.pl ran)",
		    "%s gets digests (fml4 m=%s: every %.*s hours, format \"%s\"); fml8 sends "
		    "one MIME digest to everybody in recipients-digest, at the interval of its "
		    "cron job", it->address, d, (int)hours, d,
		    d[hours] ? d + hours : "tgz, fml4's default");
	} else if (it->skip && it->state == F48_MS_ACTIVE) {
		c->counts.fml4_not_delivered++;
		f48_findings_add(&c->findings, F48_SEV_INFO, F48_C_MEMBER_OPTION_SKIP,
		    lf->path, it->line, NULL,
		    "%s (s=%s) may post but receives nothing: a member, not a recipient",
		    it->address, it->skip);
	} else if (it->state == F48_MS_OFF)
		c->counts.fml4_not_delivered++;
}

static void
from_role_file(f48_members_tr *c, const f48_list_file *lf, unsigned idx,
    const f48_member_entry *it, f48_fml8_file_kind members, f48_fml8_file_kind recipients)
{
	if (it->state != F48_MS_ACTIVE || !usable(it))
		return;
	put(c, members, it->address, NULL, lf->path, idx, it->line);
	put(c, recipients, it->address, NULL, lf->path, idx, it->line);
}

/* The end of fml4 file `index`: the sets no later file feeds are freed. */
static void
file_done(f48_members_tr *c, const f48_fml4_list *l, size_t index)
{
	unsigned later = 0;
	size_t i, k;

	for (k = 0; k < F48_F8_NFILES; k++)
		c->file_n[k] = c->file_bytes[k] = 0;
	for (i = index + 1; i < l->nfiles; i++)
		later |= targets_of(l->files[i].roles);
	for (k = 0; k < F48_F8_PASSWD_ADMIN; k++)
		if (!(later & (1u << k)) && c->seen[k]) {
			f48_keyset_free(c->seen[k]);
			c->seen[k] = NULL;
		}
}

void
f48_members_tr_entry(void *ctx, const f48_fml4_list *l, size_t index,
    const f48_member_entry *e)
{
	f48_members_tr *c = ctx;
	const f48_list_file *lf = &l->files[index];
	unsigned idx = index < PASSWD_INDEX ? (unsigned)index : PASSWD_INDEX - 1;

	c->l = l;
	if (e == NULL) {
		file_done(c, l, index);
		return;
	}
	if (e->state == F48_MS_COMMENT || e->state == F48_MS_BLANK)
		return;
	if (lf->roles & F48_ROLE_MEMBERS)
		from_members(c, lf, idx, e);
	if (lf->roles & F48_ROLE_ACTIVES)
		from_actives(c, lf, idx, e);
	if (lf->roles & F48_ROLE_ADMINS)
		from_role_file(c, lf, idx, e, F48_F8_MEMBERS_ADMIN, F48_F8_RECIPIENTS_ADMIN);
	if (lf->roles & F48_ROLE_MODERATORS)
		from_role_file(c, lf, idx, e, F48_F8_MEMBERS_MODERATOR, F48_F8_RECIPIENTS_MODERATOR);
}

static void
from_passwd(f48_members_tr *c, const f48_passwd *pw)
{
	size_t i;

	for (i = 0; i < pw->n; i++) {
		const f48_passwd_entry *e = &pw->entries[i];
		char *line = f48_xasprintf("%s\t%s", e->address, e->hash);

		put(c, F48_F8_PASSWD_ADMIN, e->address, line, pw->path, PASSWD_INDEX, e->line);
		free(line);
		if (strcmp(e->kind, "des") != 0)
			f48_findings_add(&c->findings, F48_SEV_WARNING,
			    F48_C_PASSWD_HASH_UNVERIFIABLE, pw->path, e->line,
			    "set a new password with fml8's makefml passwd",
			    "the password of %s is a %zu-character %s hash; fml8 checks only 13-character "
			    "DES crypt hashes, so this administrator cannot log in until it is reset",
			    e->address, strlen(e->hash), e->kind);
	}
}

int
f48_translate_members(const f48_fml4_list *l, f48_members_tr *fed, f48_fml8_list *t,
    f48_error *err)
{
	f48_members_tr *c = fed;
	size_t i, j, k;
	int rc = F48_OK;

	if (c == NULL) {
		/* the entries the read stage kept, through the same sink */
		c = f48_members_tr_new(true, 0);
		for (i = 0; i < l->nfiles; i++) {
			const f48_list_file *lf = &l->files[i];
			f48_member_entry e;

			if (!lf->exists || lf->entries == NULL)
				continue;
			for (j = 0; j < lf->entries->n; j++) {
				f48_member_item_entry(&lf->entries->items[j], &e);
				f48_members_tr_entry(c, l, i, &e);
			}
			f48_members_tr_entry(c, l, i, NULL);
		}
	}
	c->l = l;
	for (i = 0; i < l->nfiles; i++) {
		const f48_list_file *lf = &l->files[i];

		if (!lf->exists)
			continue;
		if (lf->roles & F48_ROLE_MEMBERS)
			t->counts.fml4_members += lf->counts.fml4_members;
		if (lf->roles & F48_ROLE_ACTIVES) {
			t->counts.fml4_recipients += lf->counts.fml4_recipients;
			t->counts.fml4_digest += lf->counts.digest;
		}
		if (lf->roles & (F48_ROLE_MEMBERS | F48_ROLE_ACTIVES))
			t->counts.fml4_invalid += lf->counts.invalid;
	}
	if (l->passwd)
		from_passwd(c, l->passwd);
	if (c->spool_dir >= 0)
		rc = spool_finish(c, err);
	for (k = 0; k < F48_F8_NFILES; k++) {
		/* kept lines: an empty file has an empty array, not NULL, so
		 * that the plan can tell it from lines not kept */
		if (c->keep_lines && c->files[k].lines == NULL)
			c->files[k].lines = f48_xcalloc(1, sizeof(*c->files[k].lines));
		t->files[k] = c->files[k];
		memset(&c->files[k], 0, sizeof(c->files[k]));
		c->files[k].name = file_names[k];
	}
	t->counts.duplicates += c->counts.duplicates;
	t->counts.fml4_not_delivered += c->counts.fml4_not_delivered;
	t->counts.fml8_members = t->files[F48_F8_MEMBERS].n;
	t->counts.fml8_recipients = t->files[F48_F8_RECIPIENTS].n;
	t->counts.fml8_digest = t->files[F48_F8_RECIPIENTS_DIGEST].n;
	f48_findings_move(&t->findings, &c->findings);
	if (c != fed)
		f48_members_tr_free(c);
	return rc;
}

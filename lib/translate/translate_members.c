/* translate_members.c - the member lists part of the translate stage (see
 * translate.h): fml4's members/actives/members-admin/moderators entries and
 * etc/passwd become fml8's list files, with clean addresses only. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util/findings.h"
#include "util/strmap.h"
#include "util/xalloc.h"

#include "codes.h"
#include "fml4/fml4_list.h"
#include "translate/translate.h"

static const char *const file_names[F48_F8_NFILES] = {
	"members", "recipients", "recipients-digest", "members-admin", "recipients-admin",
	"members-moderator", "recipients-moderator", "etc/passwd-admin",
};

typedef struct mctx {
	f48_fml8_list *t;
	f48_strmap *seen[F48_F8_NFILES];   /* normalised address -> "file:line" */
} mctx;

/* local part as written, domain in lower case: how fml compares addresses */
static char *
normalise(const char *a)
{
	char *n = f48_xstrdup(a), *at = strrchr(n, '@'), *p;

	if (at)
		for (p = at + 1; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	return n;
}

static void
put(mctx *c, f48_fml8_file_kind k, const char *addr, const char *line_text,
    const char *file, long line)
{
	f48_fml8_file *f = &c->t->files[k];
	char *key = normalise(addr);
	const char *prev = f48_strmap_get(c->seen[k], key);

	if (prev) {
		c->t->counts.duplicates++;
		f48_findings_add(&c->t->findings, F48_SEV_INFO, F48_C_MEMBER_DUPLICATE, file, line,
		    NULL, "%s is already in %s (from %s); it is written once", addr, f->name, prev);
		free(key);
		return;
	}
	f48_strmap_put(c->seen[k], key, f48_xasprintf("%s:%ld", file, line));
	free(key);
	f->lines = f48_xgrow(f->lines, &f->cap, f->n + 1, sizeof(*f->lines));
	f->lines[f->n++] = f48_xstrdup(line_text ? line_text : addr);
}

static bool
usable(const f48_member_item *it)
{
	return it->address && it->address[0] && it->address_valid && !it->leading_blank;
}

static void
from_members(mctx *c, const f48_list_file *lf)
{
	size_t i;

	for (i = 0; i < lf->entries->n; i++) {
		const f48_member_item *it = &lf->entries->items[i];

		if (it->state == F48_MS_PLUS) {
			f48_findings_add(&c->t->findings, F48_SEV_WARNING, F48_C_MEMBER_EVERYONE,
			    lf->path, it->line, "allow anyone with fml8's permit_anyone restriction",
			    "the \"+\" line makes everybody a member in fml4; fml8 has no such entry");
			continue;
		}
		if (it->fml4_member && usable(it))
			put(c, F48_F8_MEMBERS, it->address, NULL, lf->path, it->line);
	}
}

static void
from_actives(mctx *c, const f48_list_file *lf)
{
	size_t i;

	for (i = 0; i < lf->entries->n; i++) {
		const f48_member_item *it = &lf->entries->items[i];

		if (!usable(it))
			continue;     /* the read stage reported the line */
		if (it->fml4_delivers)
			put(c, F48_F8_RECIPIENTS, it->address, NULL, lf->path, it->line);
		else if (it->fml4_digest) {
			const char *d = it->digest ? it->digest : "";
			size_t hours = strspn(d, "0123456789");

			put(c, F48_F8_RECIPIENTS_DIGEST, it->address, NULL, lf->path, it->line);
			f48_findings_add(&c->t->findings, F48_SEV_INFO, F48_C_MEMBER_OPTION_DIGEST,
			    lf->path, it->line, "run fml8's digest program from cron at the interval "
			    "you want for the whole list",
			    "%s gets digests (fml4 m=%s: every %.*s hours, format \"%s\"); fml8 sends "
			    "one MIME digest to everybody in recipients-digest, at the interval of its "
			    "cron job", it->address, d, (int)hours, d,
			    d[hours] ? d + hours : "tgz, fml4's default");
		} else if (it->skip && it->state == F48_MS_ACTIVE) {
			c->t->counts.fml4_not_delivered++;
			f48_findings_add(&c->t->findings, F48_SEV_INFO, F48_C_MEMBER_OPTION_SKIP,
			    lf->path, it->line, NULL,
			    "%s (s=%s) may post but receives nothing: a member, not a recipient",
			    it->address, it->skip);
		} else if (it->state == F48_MS_OFF)
			c->t->counts.fml4_not_delivered++;
	}
}

static void
from_role_file(mctx *c, const f48_list_file *lf, f48_fml8_file_kind members,
    f48_fml8_file_kind recipients)
{
	size_t i;

	for (i = 0; i < lf->entries->n; i++) {
		const f48_member_item *it = &lf->entries->items[i];

		if (it->state != F48_MS_ACTIVE || !usable(it))
			continue;
		put(c, members, it->address, NULL, lf->path, it->line);
		put(c, recipients, it->address, NULL, lf->path, it->line);
	}
}

static void
from_passwd(mctx *c, const f48_passwd *pw)
{
	size_t i;

	for (i = 0; i < pw->n; i++) {
		const f48_passwd_entry *e = &pw->entries[i];
		char *line = f48_xasprintf("%s\t%s", e->address, e->hash);

		put(c, F48_F8_PASSWD_ADMIN, e->address, line, pw->path, e->line);
		free(line);
		if (strcmp(e->kind, "des") != 0)
			f48_findings_add(&c->t->findings, F48_SEV_WARNING,
			    F48_C_PASSWD_HASH_UNVERIFIABLE, pw->path, e->line,
			    "set a new password with fml8's makefml passwd",
			    "the password of %s is a %zu-character %s hash; fml8 checks only 13-character "
			    "DES crypt hashes, so this administrator cannot log in until it is reset",
			    e->address, strlen(e->hash), e->kind);
	}
}

void
f48_translate_members(const f48_fml4_list *l, f48_fml8_list *t)
{
	mctx c;
	size_t i, k;

	memset(&c, 0, sizeof(c));
	c.t = t;
	for (k = 0; k < F48_F8_NFILES; k++) {
		t->files[k].name = file_names[k];
		c.seen[k] = f48_strmap_new();
	}
	t->files[F48_F8_MEMBERS].needed = true;
	t->files[F48_F8_RECIPIENTS].needed = true;
	for (i = 0; i < l->nfiles; i++) {
		const f48_list_file *lf = &l->files[i];

		if (!lf->exists || lf->entries == NULL)
			continue;
		if (lf->roles & F48_ROLE_MEMBERS) {
			t->counts.fml4_members += lf->counts.fml4_members;
			from_members(&c, lf);
		}
		if (lf->roles & F48_ROLE_ACTIVES) {
			t->counts.fml4_recipients += lf->counts.fml4_recipients;
			t->counts.fml4_digest += lf->counts.digest;
			from_actives(&c, lf);
		}
		if (lf->roles & (F48_ROLE_MEMBERS | F48_ROLE_ACTIVES))
			t->counts.fml4_invalid += lf->counts.invalid;
		if (lf->roles & F48_ROLE_ADMINS)
			from_role_file(&c, lf, F48_F8_MEMBERS_ADMIN, F48_F8_RECIPIENTS_ADMIN);
		if (lf->roles & F48_ROLE_MODERATORS)
			from_role_file(&c, lf, F48_F8_MEMBERS_MODERATOR, F48_F8_RECIPIENTS_MODERATOR);
	}
	if (l->passwd)
		from_passwd(&c, l->passwd);
	t->counts.fml8_members = t->files[F48_F8_MEMBERS].n;
	t->counts.fml8_recipients = t->files[F48_F8_RECIPIENTS].n;
	t->counts.fml8_digest = t->files[F48_F8_RECIPIENTS_DIGEST].n;
	for (k = 0; k < F48_F8_NFILES; k++)
		f48_strmap_free(c.seen[k], free);
}

/* test_members.c - the fml4 member list reader (lib/fml4/fml4_members.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "util/error.h"
#include "util/findings.h"
#include "util/xalloc.h"

#include "codes.h"
#include "fml4/fml4_members.h"
#include "testutil.h"

/* One parsed line with its findings; `in_header` carries over. */
typedef struct pl {
	f48_member_entry e;
	f48_findings fs;
	char *scratch;
	bool in_header;
} pl;

static void
pl_init(pl *p)
{
	memset(p, 0, sizeof(*p));
	f48_findings_init(&p->fs);
}

static void
pl_parse_n(pl *p, const char *text, size_t len)
{
	f48_findings_free(&p->fs);
	free(p->scratch);
	p->scratch = f48_xmalloc(F48_MEMBERS_SCRATCH(len));
	f48_members_parse_line(text, len, 7, "members", &p->in_header, p->scratch, &p->e, &p->fs);
}

static void
pl_parse(pl *p, const char *text)
{
	pl_parse_n(p, text, strlen(text));
}

static void
pl_free(pl *p)
{
	f48_findings_free(&p->fs);
	free(p->scratch);
}

static size_t
count_sev(const f48_findings *fs, const char *code, f48_severity sev)
{
	size_t i, n = 0;

	for (i = 0; i < fs->n; i++)
		if (strcmp(fs->items[i].code, code) == 0 && fs->items[i].severity == sev)
			n++;
	return n;
}

/* Every finding names the file and the line. */
static void
assert_positions(const f48_findings *fs, long line)
{
	size_t i;

	for (i = 0; i < fs->n; i++) {
		CU_ASSERT_PTR_NOT_NULL(fs->items[i].file);
		if (line >= 0)
			CU_ASSERT_EQUAL(fs->items[i].line, line);
		CU_ASSERT_PTR_NOT_NULL(fs->items[i].message);
	}
}

static void
test_plain_entries(void)
{
	pl p;

	pl_init(&p);
	pl_parse(&p, "tanaka@example.jp");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_ACTIVE);
	CU_ASSERT_STRING_EQUAL(p.e.address, "tanaka@example.jp");
	CU_ASSERT_EQUAL(p.e.line, 7);
	CU_ASSERT(p.e.address_valid && p.e.fml4_delivers && p.e.fml4_member && !p.e.fml4_digest);
	CU_ASSERT_PTR_NULL(p.e.options);
	CU_ASSERT_PTR_NULL(p.e.comment);
	CU_ASSERT_EQUAL(f48_member_mode_of(&p.e), F48_MODE_REALTIME);
	CU_ASSERT_EQUAL(p.fs.n, 0);

	pl_parse(&p, "tanaka@example.jp ");          /* fml4's own trailing blank */
	CU_ASSERT_STRING_EQUAL(p.e.address, "tanaka@example.jp");
	CU_ASSERT(p.e.fml4_delivers);
	CU_ASSERT_PTR_NULL(p.e.options);
	CU_ASSERT_EQUAL(p.fs.n, 0);

	/* Mobile-carrier local parts with odd dots are delivered by MTAs. */
	pl_parse(&p, "taro..hanako.@docomo.ne.jp");
	CU_ASSERT(p.e.address_valid && p.e.fml4_delivers);
	CU_ASSERT_EQUAL(p.fs.n, 0);

	pl_parse(&p, "Taro.Yamada+ml@Mail.Example.CO.JP # the boss ");
	CU_ASSERT_STRING_EQUAL(p.e.address, "Taro.Yamada+ml@Mail.Example.CO.JP");
	CU_ASSERT_STRING_EQUAL(p.e.comment, "the boss");
	CU_ASSERT_PTR_NULL(p.e.options);
	CU_ASSERT(p.e.fml4_delivers);
	CU_ASSERT_EQUAL(p.fs.n, 0);
	pl_free(&p);
}

static void
test_options(void)
{
	pl p;

	pl_init(&p);
	pl_parse(&p, "sato@example.jp  m=3u ");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_ACTIVE);
	CU_ASSERT_STRING_EQUAL(p.e.digest, "3u");
	CU_ASSERT_STRING_EQUAL(p.e.options, "m=3u");
	CU_ASSERT(!p.e.fml4_delivers && p.e.fml4_digest && p.e.fml4_member);
	CU_ASSERT_EQUAL(f48_member_mode_of(&p.e), F48_MODE_DIGEST);
	CU_ASSERT_EQUAL(p.fs.n, 0);

	pl_parse(&p, "suzuki@example.jp \tm=3 ");
	CU_ASSERT_STRING_EQUAL(p.e.digest, "3");
	CU_ASSERT(!p.e.fml4_delivers && p.e.fml4_digest);
	CU_ASSERT_EQUAL(p.fs.n, 0);

	pl_parse(&p, "user1234@example.org m=6mp");
	CU_ASSERT_STRING_EQUAL(p.e.digest, "6mp");
	CU_ASSERT_EQUAL(p.fs.n, 0);

	pl_parse(&p, "yamamoto@example.jp  s=skip ");
	CU_ASSERT_STRING_EQUAL(p.e.skip, "skip");
	CU_ASSERT(!p.e.fml4_delivers && !p.e.fml4_digest && p.e.fml4_member);
	CU_ASSERT_EQUAL(f48_member_mode_of(&p.e), F48_MODE_SKIP);
	CU_ASSERT_EQUAL(p.fs.n, 0);

	/* msend skips s= lines even with m=. */
	pl_parse(&p, "a@example.jp m=3 s=1 # both");
	CU_ASSERT_STRING_EQUAL(p.e.digest, "3");
	CU_ASSERT_STRING_EQUAL(p.e.skip, "1");
	CU_ASSERT_STRING_EQUAL(p.e.options, "m=3 s=1");
	CU_ASSERT_STRING_EQUAL(p.e.comment, "both");
	CU_ASSERT(!p.e.fml4_delivers && !p.e.fml4_digest);
	CU_ASSERT_EQUAL(f48_member_mode_of(&p.e), F48_MODE_SKIP);
	CU_ASSERT_EQUAL(p.fs.n, 0);

	pl_parse(&p, "a@example.jp r=relay.example.net");
	CU_ASSERT_STRING_EQUAL(p.e.relay, "relay.example.net");
	CU_ASSERT(!p.e.legacy_syntax && p.e.fml4_delivers);
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_RELAY, F48_SEV_WARNING), 1);
	CU_ASSERT_EQUAL(p.fs.n, 1);

	/* Digest values msend cannot use. */
	pl_parse(&p, "a@example.jp m=x");
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_UNKNOWN_OPTION, F48_SEV_WARNING), 1);
	pl_parse(&p, "a@example.jp m=3zz");
	CU_ASSERT_STRING_EQUAL(p.e.digest, "3zz");
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_UNKNOWN_OPTION, F48_SEV_INFO), 1);
	pl_parse(&p, "a@example.jp m=");
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_UNKNOWN_OPTION, F48_SEV_WARNING), 1);

	/* Unknown option words. */
	pl_parse(&p, "a@example.jp m=3 xyz");
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_UNKNOWN_OPTION, F48_SEV_WARNING), 1);
	CU_ASSERT_STRING_EQUAL(p.e.options, "m=3 xyz");
	pl_parse(&p, "a@example.jp m=3 xyz abc s=1 q=2");      /* one finding per line */
	CU_ASSERT_EQUAL(p.fs.n, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(p.fs.items[0].message, "xyz\", \"abc\", \"q=2"));
	pl_parse(&p, "a@example.jp x=1");
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_UNKNOWN_OPTION, F48_SEV_WARNING), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(p.fs.items[0].message, "ignores"));
	pl_parse(&p, "a@example.jp (Taro");
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_UNKNOWN_OPTION, F48_SEV_WARNING), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(p.fs.items[0].message, "relay"));
	assert_positions(&p.fs, 7);
	pl_free(&p);
}

static void
test_legacy_and_ambiguous(void)
{
	pl p;

	pl_init(&p);
	/* fml4's delivery loop does not know "matome": real time AND digest. */
	pl_parse(&p, "a@example.jp matome 3u");
	CU_ASSERT_STRING_EQUAL(p.e.digest, "3u");
	CU_ASSERT_STRING_EQUAL(p.e.options, "matome 3u");
	CU_ASSERT(p.e.legacy_syntax && p.e.fml4_delivers && p.e.fml4_digest);
	CU_ASSERT_EQUAL(f48_member_mode_of(&p.e), F48_MODE_DIGEST);
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_LEGACY, F48_SEV_INFO), 1);
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_AMBIGUOUS, F48_SEV_WARNING), 1);

	pl_parse(&p, "a@example.jp skip");
	CU_ASSERT_STRING_EQUAL(p.e.skip, "skip");
	CU_ASSERT(p.e.legacy_syntax && p.e.fml4_delivers && !p.e.fml4_digest);
	CU_ASSERT_EQUAL(f48_member_mode_of(&p.e), F48_MODE_SKIP);
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_AMBIGUOUS, F48_SEV_WARNING), 1);

	pl_parse(&p, "a@example.jp relay.example.net m=3");
	CU_ASSERT_STRING_EQUAL(p.e.relay, "relay.example.net");
	CU_ASSERT_STRING_EQUAL(p.e.digest, "3");
	CU_ASSERT(p.e.legacy_syntax && !p.e.fml4_delivers && p.e.fml4_digest);
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_RELAY, F48_SEV_WARNING), 1);
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_LEGACY, F48_SEV_INFO), 1);
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_AMBIGUOUS, F48_SEV_WARNING), 0);

	/* "s=" inside the comment: the delivery loop skips the line, msend
	 * drops the comment: this member received nothing. */
	pl_parse(&p, "a@example.jp # was s=skip until May");
	CU_ASSERT_PTR_NULL(p.e.skip);
	CU_ASSERT(!p.e.fml4_delivers && !p.e.fml4_digest);
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_AMBIGUOUS, F48_SEV_WARNING), 1);

	/* Upper case: the delivery loop only knows lower case, msend lower-cases. */
	pl_parse(&p, "a@example.jp M=3");
	CU_ASSERT(p.e.fml4_delivers && p.e.fml4_digest);
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_AMBIGUOUS, F48_SEV_WARNING), 1);
	assert_positions(&p.fs, 7);
	pl_free(&p);
}

static void
test_off_bye_comment(void)
{
	pl p;

	pl_init(&p);
	pl_parse(&p, "# ito@example.jp");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_OFF);
	CU_ASSERT_STRING_EQUAL(p.e.address, "ito@example.jp");
	CU_ASSERT(!p.e.fml4_delivers && !p.e.fml4_digest && p.e.fml4_member && p.e.address_valid);
	CU_ASSERT_EQUAL(f48_member_mode_of(&p.e), F48_MODE_OFF);
	CU_ASSERT_EQUAL(p.fs.n, 0);

	pl_parse(&p, "#\tkato@example.co.jp  ");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_OFF);
	CU_ASSERT_STRING_EQUAL(p.e.address, "kato@example.co.jp");
	CU_ASSERT_EQUAL(p.fs.n, 0);

	pl_parse(&p, "#kato@example.co.jp m=3");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_OFF);
	CU_ASSERT_STRING_EQUAL(p.e.digest, "3");
	CU_ASSERT(!p.e.fml4_digest && p.e.fml4_member);

	pl_parse(&p, "##BYE kobayashi@example.jp");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_BYE);
	CU_ASSERT_STRING_EQUAL(p.e.address, "kobayashi@example.jp");
	CU_ASSERT(!p.e.fml4_delivers && !p.e.fml4_member);
	CU_ASSERT_EQUAL(f48_member_mode_of(&p.e), F48_MODE_BYE);
	CU_ASSERT_EQUAL(p.fs.n, 0);

	pl_parse(&p, "##BYE reader1@example.org  ");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_BYE);
	CU_ASSERT_STRING_EQUAL(p.e.address, "reader1@example.org");

	/* Comments: the first word after "#" is no address. */
	pl_parse(&p, "# NEW FORMAT FOR FURTHER EXTENSION");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_COMMENT);
	pl_parse(&p, "# e.g. fukachan@phys r=relayserver m=3u s=skip ");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_COMMENT);
	CU_ASSERT(!p.e.fml4_member && !p.e.fml4_delivers);
	pl_parse(&p, "# r= relayserver");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_COMMENT);
	pl_parse(&p, "#");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_COMMENT);
	pl_parse(&p, "## some@where");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_COMMENT);
	pl_parse(&p, "##BYE");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_COMMENT);
	pl_parse(&p, "# Taro <taro@example.jp>");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_COMMENT);
	CU_ASSERT_EQUAL(p.fs.n, 0);

	pl_parse(&p, "");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_BLANK);
	pl_parse(&p, " \t ");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_BLANK);
	CU_ASSERT(!p.e.fml4_delivers && !p.e.fml4_member);
	CU_ASSERT_EQUAL(p.fs.n, 0);

	pl_parse(&p, "+");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_PLUS);
	CU_ASSERT(p.e.fml4_member);
	CU_ASSERT_EQUAL(f48_member_mode_of(&p.e), F48_MODE_EVERYONE);
	pl_parse(&p, "+  ");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_PLUS);
	CU_ASSERT_EQUAL(p.fs.n, 0);
	pl_free(&p);
}

static void
test_header_block(void)
{
	pl p;

	pl_init(&p);
	pl_parse(&p, "#.FML HEADER");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_COMMENT);
	CU_ASSERT(p.in_header);
	pl_parse(&p, "# e.g. fukachan@phys relayserver matome 3u");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_COMMENT);
	pl_parse(&p, "#");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_COMMENT);
	CU_ASSERT_EQUAL(p.fs.n, 0);
	/* fml4's membership test knows no header block: still a member. */
	pl_parse(&p, "#someone@example.jp");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_OFF);
	CU_ASSERT(p.e.fml4_member);
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_IN_HEADER, F48_SEV_WARNING), 1);
	pl_parse(&p, "#.endFML HEADER");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_COMMENT);
	CU_ASSERT(!p.in_header);
	pl_parse(&p, "#someone@example.jp");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_OFF);
	CU_ASSERT_EQUAL(p.fs.n, 0);
	pl_free(&p);
}

static void
test_bad_lines(void)
{
	pl p;

	pl_init(&p);
	pl_parse(&p, "  tanaka@example.jp");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_ACTIVE);
	CU_ASSERT(p.e.leading_blank);
	CU_ASSERT_STRING_EQUAL(p.e.address, "tanaka@example.jp");
	CU_ASSERT(!p.e.fml4_delivers && !p.e.fml4_digest && p.e.fml4_member);
	CU_ASSERT_EQUAL(f48_member_mode_of(&p.e), F48_MODE_INVALID);
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_LEADING_BLANK, F48_SEV_WARNING), 1);
	CU_ASSERT_EQUAL(p.fs.n, 1);
	assert_positions(&p.fs, 7);

	pl_parse(&p, "\t# indented comment");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_COMMENT);
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_LEADING_BLANK, F48_SEV_INFO), 1);

	pl_parse(&p, "Taro Yamada <taro@example.jp>");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_INVALID);
	CU_ASSERT_STRING_EQUAL(p.e.address, "Taro");
	CU_ASSERT(!p.e.address_valid && !p.e.fml4_member);
	CU_ASSERT(p.e.fml4_delivers);      /* fml4 hands "Taro" to the MTA */
	CU_ASSERT_EQUAL(f48_member_mode_of(&p.e), F48_MODE_INVALID);
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_DISPLAY_NAME, F48_SEV_WARNING), 1);

	pl_parse(&p, "<taro@example.jp>");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_INVALID);
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_DISPLAY_NAME, F48_SEV_WARNING), 1);
	CU_ASSERT_EQUAL(p.fs.n, 1);

	pl_parse(&p, "\"Taro\" <taro@example.jp>");
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_DISPLAY_NAME, F48_SEV_WARNING), 1);

	pl_parse(&p, "tanaka");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_ACTIVE);
	CU_ASSERT(p.e.address_valid && p.e.fml4_delivers);
	CU_ASSERT_EQUAL(f48_member_mode_of(&p.e), F48_MODE_REALTIME);
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_NO_DOMAIN, F48_SEV_WARNING), 1);
	CU_ASSERT_EQUAL(p.fs.n, 1);

	pl_parse(&p, "a@");
	CU_ASSERT(!p.e.address_valid && !p.e.fml4_delivers);
	CU_ASSERT_EQUAL(f48_member_mode_of(&p.e), F48_MODE_INVALID);
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_BAD_ADDRESS, F48_SEV_WARNING), 1);
	pl_parse(&p, "@example.jp");
	CU_ASSERT(!p.e.address_valid && !p.e.fml4_delivers);
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_BAD_ADDRESS, F48_SEV_WARNING), 1);
	pl_parse(&p, "a@@example.jp");
	CU_ASSERT(!p.e.address_valid && p.e.fml4_delivers);   /* the MTA refuses it */
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_BAD_ADDRESS, F48_SEV_WARNING), 1);
	/* A blank inside the domain: fml4 sees an address and a relay host. */
	pl_parse(&p, "a@exa mple.jp");
	CU_ASSERT_STRING_EQUAL(p.e.relay, "mple.jp");
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_RELAY, F48_SEV_WARNING), 1);
	pl_parse(&p, "a b@example.jp");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_INVALID);
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_BAD_ADDRESS, F48_SEV_WARNING), 1);
	CU_ASSERT_EQUAL(p.fs.n, 1);
	pl_parse(&p, "a@example..jp");
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_BAD_ADDRESS, F48_SEV_WARNING), 1);
	/* An off entry with a bad address is noted, not warned about. */
	pl_parse(&p, "# a@");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_OFF);
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_BAD_ADDRESS, F48_SEV_INFO), 1);
	assert_positions(&p.fs, 7);
	pl_free(&p);
}

static void
test_bytes(void)
{
	pl p;
	char *big;

	pl_init(&p);
	pl_parse(&p, "\xEF\xBB\xBFtanaka@example.jp");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_ACTIVE);
	CU_ASSERT(!p.e.fml4_delivers && !p.e.fml4_member && !p.e.address_valid);
	CU_ASSERT_EQUAL(f48_member_mode_of(&p.e), F48_MODE_INVALID);
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_BOM, F48_SEV_WARNING), 1);
	CU_ASSERT_EQUAL(p.fs.n, 1);

	pl_parse(&p, "\xEF\xBB\xBF#.FML HEADER");
	CU_ASSERT_EQUAL(p.e.state, F48_MS_COMMENT);
	CU_ASSERT(p.in_header);
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_BOM, F48_SEV_INFO), 1);
	p.in_header = false;

	pl_parse(&p, "tanaka@example.jp # \xEF\xBB\xBF note");
	CU_ASSERT(p.e.fml4_delivers);
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_BOM, F48_SEV_INFO), 1);

	pl_parse(&p, "tanaka@exa\x01mple.jp");
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_CONTROL, F48_SEV_WARNING), 1);
	pl_parse_n(&p, "tanaka@example.jp\0x", 19);
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_CONTROL, F48_SEV_WARNING), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(p.fs.items[0].message, "NUL"));

	pl_parse(&p, "\xe7\x94\xb0\xe4\xb8\xad@example.jp");     /* UTF-8 local part */
	CU_ASSERT(!p.e.address_valid && !p.e.fml4_delivers);
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_8BIT, F48_SEV_WARNING), 1);
	CU_ASSERT_EQUAL(p.fs.n, 1);
	pl_parse(&p, "tanaka@example.jp # \xc5\xc4\xc3\xe6");   /* EUC-JP comment: fine */
	CU_ASSERT_EQUAL(p.fs.n, 0);

	big = f48_xmalloc(F48_MEMBERS_MAX_LINE + 100);
	memset(big, 'x', F48_MEMBERS_MAX_LINE + 99);
	memcpy(big, "a@example.jp # ", 15);
	big[F48_MEMBERS_MAX_LINE + 99] = '\0';
	pl_parse(&p, big);
	CU_ASSERT_EQUAL(count_sev(&p.fs, F48_C_MEMBER_LINE_TOO_LONG, F48_SEV_WARNING), 1);
	CU_ASSERT_STRING_EQUAL(p.e.address, "a@example.jp");
	free(big);
	assert_positions(&p.fs, 7);
	pl_free(&p);
}

static void
test_mode_names(void)
{
	CU_ASSERT_STRING_EQUAL(f48_member_mode_name(F48_MODE_REALTIME), "realtime");
	CU_ASSERT_STRING_EQUAL(f48_member_mode_name(F48_MODE_DIGEST), "digest");
	CU_ASSERT_STRING_EQUAL(f48_member_mode_name(F48_MODE_SKIP), "skip");
	CU_ASSERT_STRING_EQUAL(f48_member_mode_name(F48_MODE_OFF), "off");
	CU_ASSERT_STRING_EQUAL(f48_member_mode_name(F48_MODE_BYE), "bye");
	CU_ASSERT_STRING_EQUAL(f48_member_mode_name(F48_MODE_EVERYONE), "everyone");
	CU_ASSERT_STRING_EQUAL(f48_member_mode_name(F48_MODE_INVALID), "invalid");
}

/* ---------------- files ---------------- */

static void
test_file_crlf_and_eof(void)
{
	f48_findings fs;
	f48_error err;
	f48_member_counts n;
	f48_member_list *l = NULL;
	const char *path;

	f48_findings_init(&fs);
	path = t_write("m/crlf", "a@example.jp\r\n# b@example.jp\r\nc@example.jp m=3\r\n");
	CU_ASSERT_EQUAL(f48_members_count(path, &n, &fs, &err), F48_OK);
	CU_ASSERT_EQUAL(n.lines, 3);
	CU_ASSERT_EQUAL(n.fml4_recipients, 1);
	CU_ASSERT_EQUAL(n.digest, 1);
	CU_ASSERT_EQUAL(n.off, 1);
	CU_ASSERT_EQUAL(fs.n, 1);
	CU_ASSERT_EQUAL(f48_findings_count_code(&fs, F48_C_CRLF_LINE_ENDS), 1);
	CU_ASSERT_EQUAL(fs.items[0].line, 1);
	CU_ASSERT_EQUAL(fs.items[0].severity, F48_SEV_INFO);
	CU_ASSERT_EQUAL(f48_members_load(path, &l, NULL, &err), F48_OK);
	CU_ASSERT(l->had_crlf);
	CU_ASSERT_EQUAL(l->n, 3);
	CU_ASSERT_STRING_EQUAL(l->items[2].address, "c@example.jp");
	CU_ASSERT_STRING_EQUAL(l->items[2].digest, "3");
	f48_member_list_free(l);
	f48_findings_free(&fs);

	/* No final newline: the last address is read whole, and a warning says
	 * that fml4's chop used it without its last character. */
	path = t_write("m/noeol", "a@example.jp\nb@example.jp");
	CU_ASSERT_EQUAL(f48_members_load(path, &l, &fs, &err), F48_OK);
	CU_ASSERT_EQUAL(l->n, 2);
	CU_ASSERT_STRING_EQUAL(l->items[1].address, "b@example.jp");
	CU_ASSERT_EQUAL(l->items[1].line, 2);
	CU_ASSERT_EQUAL(l->counts.fml4_recipients, 2);
	CU_ASSERT(!l->had_crlf);
	CU_ASSERT_EQUAL_FATAL(fs.n, 1);
	CU_ASSERT_STRING_EQUAL(fs.items[0].code, F48_C_MEMBER_LINE_NO_NEWLINE);
	CU_ASSERT_EQUAL(fs.items[0].line, 2);
	CU_ASSERT_EQUAL(fs.items[0].severity, F48_SEV_WARNING);
	CU_ASSERT_PTR_NOT_NULL(strstr(fs.items[0].message, "\"b@example.j\""));
	f48_member_list_free(l);
	f48_findings_free(&fs);
	/* a trailing blank takes the chop: nothing is lost */
	path = t_write("m/noeol2", "a@example.jp\nb@example.jp ");
	CU_ASSERT_EQUAL(f48_members_count(path, &n, &fs, &err), F48_OK);
	CU_ASSERT_EQUAL(fs.n, 0);

	/* Empty file. */
	path = t_write("m/empty", "");
	CU_ASSERT_EQUAL(f48_members_count(path, &n, &fs, &err), F48_OK);
	CU_ASSERT_EQUAL(n.lines, 0);
	CU_ASSERT_EQUAL(n.entries, 0);
	f48_findings_free(&fs);
}

static void
test_file_long_line(void)
{
	f48_findings fs;
	f48_error err;
	f48_member_list *l = NULL;
	size_t sz = 3 * F48_MEMBERS_MAX_LINE;
	char *buf = f48_xmalloc(sz + 64);
	const char *path;
	size_t k;

	k = (size_t)sprintf(buf, "a@example.jp\nb@example.jp # ");
	memset(buf + k, 'z', sz);
	k += sz;
	k += (size_t)sprintf(buf + k, "\nc@example.jp\n");
	path = t_write_file("m/long", buf, k);
	free(buf);
	f48_findings_init(&fs);
	CU_ASSERT_EQUAL(f48_members_load(path, &l, &fs, &err), F48_OK);
	CU_ASSERT_EQUAL(l->n, 3);
	CU_ASSERT_STRING_EQUAL(l->items[1].address, "b@example.jp");
	CU_ASSERT_STRING_EQUAL(l->items[2].address, "c@example.jp");
	CU_ASSERT_EQUAL(l->items[2].line, 3);
	CU_ASSERT_EQUAL(fs.n, 1);
	CU_ASSERT_EQUAL(f48_findings_count_code(&fs, F48_C_MEMBER_LINE_TOO_LONG), 1);
	CU_ASSERT_EQUAL(fs.items[0].line, 2);
	CU_ASSERT_STRING_EQUAL(fs.items[0].file, path);
	f48_member_list_free(l);
	f48_findings_free(&fs);
}

static int
stop_at_second(void *ctx, const f48_member_entry *e)
{
	int *seen = ctx;

	(*seen)++;
	return e->line == 2 ? 42 : 0;
}

static void
test_file_errors_and_callback(void)
{
	f48_error err;
	f48_member_counts n;
	f48_member_list *l = (f48_member_list *)1;
	char link[4096];
	const char *path;
	int seen = 0;

	path = t_write("m/cb", "a@example.jp\nb@example.jp\nc@example.jp\n");
	CU_ASSERT_EQUAL(f48_members_scan(path, stop_at_second, &seen, NULL, NULL, &err), 42);
	CU_ASSERT_EQUAL(seen, 2);

	f48_error_clear(&err);
	CU_ASSERT_EQUAL(f48_members_count("/nonexistent/members", &n, NULL, &err), F48_EINPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "/nonexistent/members"));
	CU_ASSERT_EQUAL(f48_members_load("/nonexistent/members", &l, NULL, &err), F48_EINPUT);
	CU_ASSERT_PTR_NULL(l);

	snprintf(link, sizeof(link), "%s/m/link", t_tmpdir());
	CU_ASSERT_EQUAL(symlink(path, link), 0);
	CU_ASSERT_EQUAL(f48_members_count(link, &n, NULL, &err), F48_EUNSAFE);
	CU_ASSERT_EQUAL(f48_members_count(t_tmpdir(), &n, NULL, &err), F48_EINPUT);
}

/* A 1,000,000-line actives file is counted in bounded memory. */
static void
test_file_million(void)
{
	const size_t lines = 1000000;
	size_t cap = lines * 32, k = 0, i;
	char *buf = f48_xmalloc(cap);
	f48_findings fs;
	f48_error err;
	f48_member_counts n;
	const char *path;
	clock_t t0;

	k += (size_t)sprintf(buf + k, "#.FML HEADER\n# comment\n#.endFML HEADER\n");
	for (i = 3; i < lines; i++) {
		if (i % 100000 == 0)
			k += (size_t)sprintf(buf + k, "u%07zu@example.org m=3u\n", i);
		else if (i % 100000 == 1)
			k += (size_t)sprintf(buf + k, "# u%07zu@example.org\n", i);
		else if (i % 100000 == 2)
			k += (size_t)sprintf(buf + k, "##BYE u%07zu@example.org\n", i);
		else
			k += (size_t)sprintf(buf + k, "u%07zu@example.org \n", i);
	}
	path = t_write_file("m/million", buf, k);
	free(buf);
	f48_findings_init(&fs);
	t0 = clock();
	CU_ASSERT_EQUAL(f48_members_count(path, &n, &fs, &err), F48_OK);
	CU_ASSERT((double)(clock() - t0) / CLOCKS_PER_SEC < 10.0);
	CU_ASSERT_EQUAL(n.lines, lines);
	CU_ASSERT_EQUAL(n.entries, lines - 3);
	CU_ASSERT_EQUAL(n.digest, 9);      /* i = 0, 1, 2 are header lines */
	CU_ASSERT_EQUAL(n.off, 9);
	CU_ASSERT_EQUAL(n.bye, 9);
	CU_ASSERT_EQUAL(n.realtime, lines - 3 - 27);
	CU_ASSERT_EQUAL(n.fml4_recipients, lines - 3 - 27);
	CU_ASSERT_EQUAL(n.fml4_members, lines - 3 - 9);
	CU_ASSERT_EQUAL(fs.n, 0);
	f48_findings_free(&fs);
	unlink(path);
}

/* ---------------- fixtures: what fml4 really did ---------------- */

static const char *
fx(const char *ml, const char *file)
{
	static char buf[4][4096];
	static int k;
	char *b = buf[k++ % 4];

	snprintf(b, sizeof(buf[0]), "%s/%s", t_fixture_ml(ml), file);
	return b;
}

static void
load_fx(const char *ml, const char *file, f48_member_list **l, f48_findings *fs)
{
	f48_error err;

	f48_error_clear(&err);
	*l = NULL;
	CU_ASSERT_EQUAL_FATAL(f48_members_load(fx(ml, file), l, fs, &err), F48_OK);
}

static const f48_member_item *
item(const f48_member_list *l, const char *addr)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->items[i].address, addr) == 0)
			return &l->items[i];
	return NULL;
}

/* The addresses fml4 delivered to, in file order, joined by " ". */
static char *
recipients(const f48_member_list *l)
{
	size_t i, k = 0, cap = 1;
	char *s;

	for (i = 0; i < l->n; i++)
		cap += strlen(l->items[i].address) + 1;
	s = f48_xmalloc(cap);
	s[0] = '\0';
	for (i = 0; i < l->n; i++)
		if (l->items[i].fml4_delivers)
			k += (size_t)sprintf(s + k, "%s%s", k ? " " : "", l->items[i].address);
	return s;
}

static void
test_fixture_test_ml(void)
{
	f48_findings fs;
	f48_member_list *l;
	const f48_member_item *it;
	char *r;

	T_NEED_SHARED();
	f48_findings_init(&fs);
	load_fx("test-ml", "actives", &l, &fs);
	CU_ASSERT_EQUAL(l->counts.fml4_recipients, 4);
	r = recipients(l);
	/* = smtp-sink/12-test-ml-00005.rcpt */
	CU_ASSERT_STRING_EQUAL(r, "tanaka@example.jp suzuki@example.jp watanabe@example.jp "
	    "yoshida@mail.example.ne.jp");
	free(r);
	CU_ASSERT_EQUAL(l->counts.realtime, 4);
	CU_ASSERT_EQUAL(l->counts.digest, 2);
	CU_ASSERT_EQUAL(l->counts.skip, 1);
	CU_ASSERT_EQUAL(l->counts.off, 2);
	CU_ASSERT_EQUAL(l->counts.bye, 1);
	CU_ASSERT_EQUAL(l->counts.invalid, 0);
	CU_ASSERT_EQUAL(l->counts.entries, 10);
	CU_ASSERT_EQUAL(l->counts.lines, 20);
	CU_ASSERT_EQUAL(l->counts.fml4_members, 9);
	it = item(l, "sato@example.jp");
	CU_ASSERT_FATAL(it != NULL);
	CU_ASSERT_STRING_EQUAL(it->digest, "3u");
	CU_ASSERT(it->fml4_digest && !it->fml4_delivers);
	it = item(l, "nakamura@example.jp");
	CU_ASSERT_FATAL(it != NULL);
	CU_ASSERT_STRING_EQUAL(it->digest, "6");
	it = item(l, "yamamoto@example.jp");
	CU_ASSERT_FATAL(it != NULL);
	CU_ASSERT_STRING_EQUAL(it->skip, "skip");
	it = item(l, "ito@example.jp");
	CU_ASSERT_FATAL(it != NULL);
	CU_ASSERT_EQUAL(it->state, F48_MS_OFF);
	it = item(l, "kato@example.co.jp");
	CU_ASSERT_FATAL(it != NULL);
	CU_ASSERT_EQUAL(it->state, F48_MS_OFF);
	it = item(l, "kobayashi@example.jp");
	CU_ASSERT_FATAL(it != NULL);
	CU_ASSERT_EQUAL(it->state, F48_MS_BYE);
	CU_ASSERT(!l->had_crlf);
	f48_member_list_free(l);

	load_fx("test-ml", "members", &l, &fs);
	CU_ASSERT_EQUAL(l->counts.fml4_members, 9);
	CU_ASSERT_EQUAL(l->counts.bye, 1);
	CU_ASSERT(item(l, "kobayashi@example.jp") != NULL && !item(l, "kobayashi@example.jp")->fml4_member);
	CU_ASSERT(!l->had_crlf);
	f48_member_list_free(l);
	CU_ASSERT_EQUAL(fs.n, 0);
	f48_findings_free(&fs);
}

static void
test_fixture_announce(void)
{
	f48_findings fs;
	f48_member_list *l;
	const f48_member_item *it;

	T_NEED_SHARED();
	f48_findings_init(&fs);
	load_fx("announce", "actives", &l, &fs);
	CU_ASSERT_EQUAL(l->counts.lines, 5000);
	CU_ASSERT_EQUAL(l->counts.fml4_recipients, 4996);   /* smtp-sink/26-announce-00001.rcpt */
	CU_ASSERT_EQUAL(l->counts.realtime, 4996);
	CU_ASSERT_EQUAL(l->counts.digest, 2);
	CU_ASSERT_EQUAL(l->counts.off, 1);
	CU_ASSERT_EQUAL(l->counts.bye, 1);
	it = item(l, "user0007@example.org");
	CU_ASSERT_FATAL(it != NULL);
	CU_ASSERT_STRING_EQUAL(it->digest, "3");
	it = item(l, "user1234@example.org");
	CU_ASSERT_FATAL(it != NULL);
	CU_ASSERT_STRING_EQUAL(it->digest, "6mp");
	CU_ASSERT(it->fml4_digest);
	CU_ASSERT(!l->had_crlf);
	f48_member_list_free(l);

	load_fx("announce", "members", &l, &fs);
	CU_ASSERT_EQUAL(l->counts.fml4_members, 4999);
	CU_ASSERT_EQUAL(l->counts.bye, 1);
	CU_ASSERT(!l->had_crlf);
	f48_member_list_free(l);
	CU_ASSERT_EQUAL(fs.n, 0);
	f48_findings_free(&fs);
}

static void
test_fixture_news_staff(void)
{
	f48_findings fs;
	f48_member_list *l;
	const f48_member_item *it;
	char *r;

	T_NEED_SHARED();
	f48_findings_init(&fs);
	load_fx("news", "actives", &l, &fs);
	r = recipients(l);
	CU_ASSERT_STRING_EQUAL(r, "editor@example.com reader2@example.org newreader@example.org");
	free(r);
	CU_ASSERT_EQUAL(l->counts.fml4_recipients, 3);
	CU_ASSERT_EQUAL(l->counts.bye, 1);
	CU_ASSERT_EQUAL(l->counts.entries, 4);
	f48_member_list_free(l);
	load_fx("news", "members", &l, &fs);
	CU_ASSERT_EQUAL(l->counts.fml4_members, 3);
	f48_member_list_free(l);

	load_fx("staff", "actives", &l, &fs);
	r = recipients(l);
	CU_ASSERT_STRING_EQUAL(r, "boss@example.com kanri@example.com tanaka@example.jp "
	    "newbie@example.jp");
	free(r);
	CU_ASSERT_EQUAL(l->counts.digest, 1);
	it = item(l, "suzuki@example.jp");
	CU_ASSERT_FATAL(it != NULL);
	CU_ASSERT_STRING_EQUAL(it->digest, "3");
	CU_ASSERT(it->fml4_digest && !it->fml4_delivers);
	f48_member_list_free(l);
	load_fx("staff", "members", &l, &fs);
	CU_ASSERT_EQUAL(l->counts.fml4_members, 5);
	f48_member_list_free(l);
	load_fx("staff", "members-admin", &l, &fs);
	CU_ASSERT_EQUAL(l->counts.fml4_members, 2);
	f48_member_list_free(l);
	load_fx("staff", "moderators", &l, &fs);
	CU_ASSERT_EQUAL(l->n, 2);
	CU_ASSERT_STRING_EQUAL(l->items[0].address, "boss@example.com");
	f48_member_list_free(l);
	CU_ASSERT_EQUAL(fs.n, 0);
	f48_findings_free(&fs);
}

/* No fixture member file has anything to warn about, nor CRLF. */
static void
test_fixture_all_clean(void)
{
	static const char *const mls[] = { "test-ml", "info", "staff", "news", "support", "dev",
		"users", "announce", NULL };
	static const char *const files[] = { "members", "actives", "members-admin",
		"moderators", NULL };
	f48_findings fs;
	f48_member_counts n;
	f48_error err;
	size_t i, j, nfiles = 0;

	T_NEED_SHARED();
	f48_findings_init(&fs);
	for (i = 0; mls[i]; i++)
		for (j = 0; files[j]; j++) {
			const char *p = fx(mls[i], files[j]);

			if (access(p, F_OK) != 0)
				continue;
			nfiles++;
			CU_ASSERT_EQUAL(f48_members_count(p, &n, &fs, &err), F48_OK);
			CU_ASSERT_EQUAL(n.invalid, 0);
		}
	CU_ASSERT(nfiles >= 16);
	for (i = 0; i < fs.n; i++)
		printf("\n  unexpected finding %s %s:%ld %s", fs.items[i].code, fs.items[i].file,
		    fs.items[i].line, fs.items[i].message);
	CU_ASSERT_EQUAL(f48_findings_count(&fs, F48_SEV_INFO), 0);
	CU_ASSERT_EQUAL(f48_findings_count_code(&fs, F48_C_CRLF_LINE_ENDS), 0);
	f48_findings_free(&fs);
}

/* members_general.c: the general line parser without the fast path */
void gp_members_parse_line(const char *text, size_t len, long lineno, const char *file,
    bool *in_header, char *scratch, f48_member_entry *e, f48_findings *findings);

static bool
same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

/* The fast path for plain lines gives what the general parser gives, entry
 * and findings, on 400,000 generated lines: half from address characters
 * only (the fast path's domain, and its edges: "@" first or last, "..",
 * "+" in the domain), half from every kind of byte the parser treats apart. */
static void
test_fast_path_matches_general(void)
{
	static const char plain[] = "ab.-_@+1Z.@";
	static const char any[] = "ab.-_@@+#  \tm=s<>\"\xff\xef\xbb\xbf" "1[]:Z\r\x01";
	char line[24], s1[F48_MEMBERS_SCRATCH(24)], s2[F48_MEMBERS_SCRATCH(24)];
	unsigned long seed = 20261203;
	long k, bad = 0;
	bool h1 = false, h2 = false;

	for (k = 0; k < 400000 && bad < 5; k++) {
		const char *al = k % 2 ? plain : any;
		size_t nal = k % 2 ? sizeof(plain) - 1 : sizeof(any) - 1, n, i;
		f48_findings f1, f2;
		f48_member_entry e1, e2;
		bool same;

		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		n = (seed >> 33) % 16;
		for (i = 0; i < n; i++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			line[i] = al[(seed >> 33) % nal];
		}
		f48_findings_init(&f1);
		f48_findings_init(&f2);
		f48_members_parse_line(line, n, k, "m", &h1, s1, &e1, &f1);
		gp_members_parse_line(line, n, k, "m", &h2, s2, &e2, &f2);
		same = e1.line == e2.line && e1.state == e2.state &&
		    same_str(e1.address, e2.address) && same_str(e1.digest, e2.digest) &&
		    same_str(e1.skip, e2.skip) && same_str(e1.relay, e2.relay) &&
		    same_str(e1.comment, e2.comment) && same_str(e1.options, e2.options) &&
		    e1.legacy_syntax == e2.legacy_syntax && e1.leading_blank == e2.leading_blank &&
		    e1.address_valid == e2.address_valid && e1.fml4_delivers == e2.fml4_delivers &&
		    e1.fml4_digest == e2.fml4_digest && e1.fml4_member == e2.fml4_member &&
		    h1 == h2 && f1.n == f2.n;
		for (i = 0; same && i < f1.n; i++)
			same = strcmp(f1.items[i].code, f2.items[i].code) == 0 &&
			    f1.items[i].severity == f2.items[i].severity &&
			    strcmp(f1.items[i].message, f2.items[i].message) == 0;
		if (!same) {
			bad++;
			fprintf(stderr, "fast path differs on line %ld: \"%.*s\"\n", k, (int)n, line);
		}
		f48_findings_free(&f1);
		f48_findings_free(&f2);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

void
register_members_tests(void)
{
	CU_pSuite s = CU_add_suite("fml4_members", NULL, NULL);

	CU_add_test(s, "plain entries", test_plain_entries);
	CU_add_test(s, "options m= s= r=", test_options);
	CU_add_test(s, "legacy words and fml4's disagreeing readers", test_legacy_and_ambiguous);
	CU_add_test(s, "off, bye, comments, blank, +", test_off_bye_comment);
	CU_add_test(s, "#.FML HEADER block", test_header_block);
	CU_add_test(s, "bad lines are findings", test_bad_lines);
	CU_add_test(s, "BOM, control bytes, 8-bit, too long", test_bytes);
	CU_add_test(s, "mode names", test_mode_names);
	CU_add_test(s, "file: CRLF, no final newline, empty", test_file_crlf_and_eof);
	CU_add_test(s, "file: a line over the limit", test_file_long_line);
	CU_add_test(s, "file: errors, symlink, callback stop", test_file_errors_and_callback);
	CU_add_test(s, "file: 1,000,000 lines", test_file_million);
	CU_add_test(s, "fixture test-ml = smtp-sink", test_fixture_test_ml);
	CU_add_test(s, "fixture announce = smtp-sink", test_fixture_announce);
	CU_add_test(s, "fixture news and staff", test_fixture_news_staff);
	CU_add_test(s, "fixture member files are clean", test_fixture_all_clean);
	CU_add_test(s, "plain-line fast path = the general parser (400,000 lines)",
	    test_fast_path_matches_general);
}

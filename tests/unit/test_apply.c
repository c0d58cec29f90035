/* test_apply.c - the apply stage (lib/apply): safe paths, the saved plan,
 * journal and resume (a fork stands in for kill -9 at every action, with
 * the journal write lost as well), rollback, ml_home_prefix, verify. */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "codes.h"
#include "apply/apply.h"
#include "apply/mlhome.h"
#include "apply/plan_store.h"
#include "apply/rollback.h"
#include "apply/state.h"
#include "util/safefs.h"
#include "plan/layout.h"
#include "plan/plan.h"
#include "util/fileio.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "verify/verify.h"

#include "testutil.h"

static const char *
me(void)
{
	struct passwd *pw = getpwuid(geteuid());

	return pw ? pw->pw_name : "root";
}

static char *
slurp(const char *path)
{
	char *buf = NULL;
	size_t len;
	f48_error err;

	if (f48_file_read(path, 1 << 20, &buf, &len, &err) < 0)
		return NULL;
	return buf;
}

static char *
pjoin(const char *a, const char *b)
{
	return f48_xasprintf("%s/%s", a, b);
}

/* A small fml4 list under <tmp>/<name>. */
static char *
make_list(const char *name)
{
	char rel[256];
	char *dir = pjoin(t_tmpdir(), name);
	char *cmd = f48_xasprintf("rm -rf '%s'", dir);

	if (system(cmd) != 0)
		CU_FAIL("rm -rf");
	free(cmd);
#define W(f, t) do { snprintf(rel, sizeof(rel), "%s/%s", name, f); t_write(rel, t); } while (0)
	W("include", "\"|/usr/local/fml/fml.pl /var/spool/ml/t\"\n");
	W("config.ph", "$MAIL_LIST = 't@example.com';\n1;\n");
	W("members", "a@example.com\n# b@example.com\n");
	W("help", "help text\n");
	W("spool/1", "article 1\n");
	W("etc/passwd", "a@example.com xxHASH\n");
#undef W
	{
		char *p = pjoin(dir, "help");

		chmod(p, 0640);
		free(p);
	}
	return dir;
}

static void
act(f48_plan *p, f48_action_kind k, const char *path, const char *from, const char *content,
    mode_t mode)
{
	f48_action *a;

	p->actions = f48_xrealloc(p->actions, (p->n + 1) * sizeof(*p->actions));
	a = &p->actions[p->n++];
	memset(a, 0, sizeof(*a));
	a->kind = k;
	a->path = f48_xstrdup(path);
	a->from = f48_xstrdup(from);
	a->why = f48_xstrdup("test");
	a->mode = mode;
	if (content) {
		a->content = f48_xstrdup(content);
		a->len = strlen(content);
	}
}

static f48_plan *
make_plan(const char *dir)
{
	f48_plan *p = f48_xcalloc(1, sizeof(*p));

	f48_findings_init(&p->findings);
	p->list_dir = f48_xstrdup(dir);
	p->backup_dir = f48_xstrdup(".fml4rc");
	p->owner = f48_xstrdup(me());
	{
		f48_error err;

		f48_error_clear(&err);
		if (f48_layout_load(t_templates_dir(), &p->layout, &err) < 0)
			CU_FAIL(err.msg);
	}
	act(p, F48_ACT_MKDIR, ".fml4rc", NULL, NULL, 0700);
	act(p, F48_ACT_MKDIR, ".fml4rc/etc", NULL, NULL, 0700);
	act(p, F48_ACT_COPY, ".fml4rc/include", "include", NULL, 0);
	act(p, F48_ACT_COPY, ".fml4rc/members", "members", NULL, 0);
	act(p, F48_ACT_WRITE, "include", NULL, "\"|exit 75\"\n", 0644);
	act(p, F48_ACT_MOVE, ".fml4rc/config.ph", "config.ph", NULL, 0);
	act(p, F48_ACT_MOVE, ".fml4rc/etc/passwd", "etc/passwd", NULL, 0);
	act(p, F48_ACT_MKDIR, "var", NULL, NULL, 0700);
	act(p, F48_ACT_MKDIR, "var/db", NULL, NULL, 0700);
	act(p, F48_ACT_WRITE, "members", NULL, "a@example.com\nb@example.com\n", 0600);
	act(p, F48_ACT_WRITE, "recipients", NULL, "a@example.com\n", 0600);
	act(p, F48_ACT_WRITE, "etc/passwd-admin", NULL, "a@example.com\txxHASH\n", 0600);
	act(p, F48_ACT_WRITE, "config.cf", NULL, "# fml8\n=cut\n", 0600);
	act(p, F48_ACT_WRITE, "include", NULL, "\"| /usr/local/libexec/fml/distribute t@example.com\"\n", 0644);
	act(p, F48_ACT_WRITE, "include-error", NULL, "\"| /usr/local/libexec/fml/error t@example.com\"\n", 0644);
	act(p, F48_ACT_CHOWN_TREE, ".", NULL, NULL, 0);
	return p;
}

/* The list's state, with its lock, in <tmp>/state (private to the test). */
static f48_state *
st_open(const char *dir)
{
	char *sd = pjoin(t_tmpdir(), "state");
	f48_state_opts so = { .state_dir = sd, .list_dir = dir, .lock = true, .who = "test" };
	f48_state *st = NULL;
	f48_error err;

	f48_error_clear(&err);
	if (f48_state_open(&so, &st, &err) < 0)
		CU_FAIL(err.msg);
	free(sd);
	return st;
}

/* The after_step hook of the tests: "killed" (_exit 137) after action *ctx. */
static void
kill_at(void *ctx, size_t done, size_t total)
{
	(void)total;
	if (*(size_t *)ctx == done)
		_exit(137);
}

/* Rewrite the journal in the state, as if the entry of action next were lost. */
static void
lose_journal(const char *dir, size_t next, size_t n)
{
	f48_state *st = st_open(dir);
	f48_error err;

	CU_ASSERT_EQUAL(f48_state_journal(st, ".fml4rc", next, n, &err), F48_OK);
	f48_state_close(st);
}

/* paths, types, modes, sizes and bytes of a tree (not mtimes) */
static char *
snap(const char *dir, const char *exclude)
{
	char *cmd = f48_xasprintf("cd '%s' && find . -path './%s*' -prune -o -printf '%%p %%y %%m %%u %%s\\n' | "
	    "LC_ALL=C sort && find . -path './%s*' -prune -o -type f -print0 | LC_ALL=C sort -z | "
	    "xargs -0 -r sha256sum", dir, exclude ? exclude : "no-such-path", exclude ? exclude :
	    "no-such-path");
	FILE *fp = popen(cmd, "r");
	f48_sb sb;
	char buf[4096];
	size_t n;

	f48_sb_init(&sb);
	while (fp && (n = fread(buf, 1, sizeof(buf), fp)) > 0)
		f48_sb_append(&sb, buf, n);
	if (fp)
		pclose(fp);
	free(cmd);
	return sb.data ? f48_sb_steal(&sb) : f48_xstrdup("");
}

static void
test_safefs_paths(void)
{
	char *dir = make_list("sfs");
	char *out = pjoin(t_tmpdir(), "sfs-outside");
	char *lnk = pjoin(dir, "spool/link");
	const char *leaf;
	struct stat st;
	f48_error err;
	bool exists;
	int root, dfd;

	mkdir(out, 0700);
	CU_ASSERT_EQUAL_FATAL(f48_sfs_open_root(dir, &root, &err), F48_OK);
	CU_ASSERT_EQUAL(f48_sfs_open_parent(root, dir, "../x", &dfd, &leaf, &err), F48_EUSAGE);
	CU_ASSERT_EQUAL(f48_sfs_open_parent(root, dir, "/etc/passwd", &dfd, &leaf, &err), F48_EUSAGE);
	CU_ASSERT_EQUAL(f48_sfs_open_parent(root, dir, "a//b", &dfd, &leaf, &err), F48_EUSAGE);
	CU_ASSERT_EQUAL(f48_sfs_open_parent(root, dir, "spool/./1", &dfd, &leaf, &err), F48_EUSAGE);
	CU_ASSERT_EQUAL(f48_sfs_open_parent(root, dir, "", &dfd, &leaf, &err), F48_EUSAGE);
	/* a symlinked directory on the way is never followed */
	CU_ASSERT_EQUAL(symlink(out, lnk), 0);
	CU_ASSERT_EQUAL(f48_sfs_write(root, dir, "spool/link/x", "x", 1, 0600, (uid_t)-1,
	    (gid_t)-1, &err), F48_EUNSAFE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "spool/link"));
	/* nor a symlinked target */
	CU_ASSERT_EQUAL(f48_sfs_write(root, dir, "spool/link", "x", 1, 0600, (uid_t)-1,
	    (gid_t)-1, &err), F48_EUNSAFE);
	CU_ASSERT_EQUAL(f48_sfs_mkdir(root, dir, "spool/link", 0700, &err), F48_EUNSAFE);
	{
		char *x = pjoin(out, "x");

		CU_ASSERT_NOT_EQUAL(lstat(x, &st), 0);
		free(x);
	}
	/* the tree check finds it, and a hard link */
	{
		f48_findings fs;
		char *h = pjoin(dir, "hl"), *o = pjoin(out, "f");

		t_write("sfs-outside/f", "f\n");
		CU_ASSERT_EQUAL(link(o, h), 0);
		f48_findings_init(&fs);
		CU_ASSERT_EQUAL(f48_sfs_check_tree(root, dir, &fs, &err), 2);
		CU_ASSERT_EQUAL(f48_findings_count_code(&fs, F48_C_TREE_SYMLINK), 1);
		CU_ASSERT_EQUAL(f48_findings_count_code(&fs, F48_C_TREE_HARDLINK), 1);
		f48_findings_free(&fs);
		free(h);
		free(o);
	}
	/* write: atomic, no temporary left, mode as asked */
	CU_ASSERT_EQUAL(f48_sfs_write(root, dir, "spool/2", "two\n", 4, 0640, (uid_t)-1, (gid_t)-1,
	    &err), F48_OK);
	CU_ASSERT_EQUAL(f48_sfs_lstat(root, dir, "spool/2", &st, &exists, &err), F48_OK);
	CU_ASSERT_TRUE(exists);
	CU_ASSERT_EQUAL(st.st_mode & 07777, 0640);
	CU_ASSERT_EQUAL(f48_sfs_lstat(root, dir, "spool/.2.fml4to8-tmp", &st, &exists, &err), F48_OK);
	CU_ASSERT_FALSE(exists);
	/* a temporary planted as a hard link to an outside file: never written through */
	{
		char *o = pjoin(out, "g"), *t = pjoin(dir, "spool/.3.fml4to8-tmp"), *g;

		t_write("sfs-outside/g", "outside\n");
		CU_ASSERT_EQUAL(link(o, t), 0);
		CU_ASSERT_EQUAL(f48_sfs_write(root, dir, "spool/3", "three\n", 6, 0600, (uid_t)-1,
		    (gid_t)-1, &err), F48_OK);
		g = slurp(o);
		CU_ASSERT_STRING_EQUAL(g, "outside\n");
		free(g);
		free(o);
		free(t);
	}
	CU_ASSERT_EQUAL(f48_sfs_lstat(root, dir, "nodir/x", &st, &exists, &err), F48_OK);
	CU_ASSERT_FALSE(exists);
	close(root);
	free(lnk);
	free(out);
	free(dir);
}

static void
test_escape_roundtrip(void)
{
	static const char *const s[] = { "plain", "with space", "100%", "-", "", "tab\there",
		"caf\xc3\xa9", "new\nline" };
	size_t i;

	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		f48_sb sb;
		char *back;

		f48_sb_init(&sb);
		f48_sfs_escape(&sb, s[i]);
		CU_ASSERT_PTR_NULL(strpbrk(sb.data, " \t\n"));
		back = f48_sfs_unescape(sb.data);
		CU_ASSERT_PTR_NOT_NULL_FATAL(back);
		CU_ASSERT_STRING_EQUAL(back, s[i]);
		free(back);
		f48_sb_free(&sb);
	}
	CU_ASSERT_PTR_NULL(f48_sfs_unescape("-"));
	CU_ASSERT_PTR_NULL(f48_sfs_unescape("bad%zz"));
}

/* Plan format 3: a spooled write keeps its spool name and hash, not bytes;
 * a version-2 plan (inline contents) still parses; a spool name that is
 * not one "content-" component is refused. */
static void
test_plan_spooled_format(void)
{
	static const char v2[] = "fml4to8-plan 2\nbackup .fml4rc\nowner fmladmin\ndomain -\n"
	    "layout 0\nactions 1\nA write 0644 3 a.txt - -\nab\n\nend\n";
	static const char hx[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	static const char *const bad[] = { "content-../x", "content-", "members", "content-A",
		"content-a/b" };
	f48_plan p, *back = NULL;
	f48_action a;
	f48_sb sb;
	f48_error err;
	char *dom = NULL, *txt;
	size_t i;

	memset(&p, 0, sizeof(p));
	memset(&a, 0, sizeof(a));
	p.backup_dir = ".fml4rc";
	p.owner = "fmladmin";
	a.kind = F48_ACT_WRITE;
	a.mode = 0644;
	a.path = "var/ml/members";
	a.source = "content-members";
	a.len = 1234567;
	memcpy(a.sha256, hx, sizeof(hx));
	a.why = "members";
	p.actions = &a;
	p.n = 1;
	f48_sb_init(&sb);
	f48_plan_serialize(&p, "example.com", &sb);
	CU_ASSERT_PTR_NOT_NULL(strstr(sb.data, "\nsha256 0123"));
	CU_ASSERT_EQUAL_FATAL(f48_plan_parse(sb.data, sb.len, "plan", "/l", &back, &dom, &err), F48_OK);
	CU_ASSERT_EQUAL(back->n, 1);
	CU_ASSERT_STRING_EQUAL(back->actions[0].source, "content-members");
	CU_ASSERT_STRING_EQUAL(back->actions[0].sha256, hx);
	CU_ASSERT_EQUAL(back->actions[0].len, 1234567);
	CU_ASSERT_PTR_NULL(back->actions[0].content);
	f48_plan_free(back);
	free(dom);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		a.source = (char *)bad[i];
		f48_sb_free(&sb);
		f48_sb_init(&sb);
		f48_plan_serialize(&p, "example.com", &sb);
		back = NULL;
		dom = NULL;
		CU_ASSERT_EQUAL(f48_plan_parse(sb.data, sb.len, "plan", "/l", &back, &dom, &err),
		    F48_EINPUT);
		CU_ASSERT_PTR_NULL(back);
		free(dom);
	}
	txt = f48_xstrdup(v2);
	back = NULL;
	dom = NULL;
	CU_ASSERT_EQUAL_FATAL(f48_plan_parse(txt, strlen(txt), "plan", "/l", &back, &dom, &err), F48_OK);
	CU_ASSERT_PTR_NULL(back->actions[0].source);
	CU_ASSERT_EQUAL(back->actions[0].len, 3);
	CU_ASSERT_EQUAL(memcmp(back->actions[0].content, "ab\n", 3), 0);
	f48_plan_free(back);
	free(dom);
	free(txt);
	f48_sb_free(&sb);
}

/* The journal log: appended records, the last complete "next" counts, a
 * cut last line is ignored, version 2 is still read, anything else is
 * refused. */
static void
test_journal_log(void)
{
	static const struct {
		const char *text;
		int rc;
		f48_mig_state state;
		size_t next;
	} cases[] = {
		{ "fml4to8-journal 3\nbackup .fml4rc\nactions 3\nstate migrating\nnext 0\n", F48_OK,
		  F48_MIG_PARTIAL, 0 },
		{ "fml4to8-journal 3\nbackup .fml4rc\nactions 3\nstate migrating\nnext 0\nnext 1\n"
		  "next 2\nne", F48_OK, F48_MIG_PARTIAL, 2 },
		{ "fml4to8-journal 3\nbackup .fml4rc\nactions 3\nstate migrating\nnext 2\nnext 3\n"
		  "state migrated\n", F48_OK, F48_MIG_DONE, 3 },
		{ "fml4to8-journal 3\nbackup .fml4rc\nactions 3\nstate migrating\nnext 2\nnext 3\n"
		  "state migr", F48_OK, F48_MIG_PARTIAL, 3 },
		{ "fml4to8-journal 3\nbackup .fml4rc\nactions 3\nstate migrating\nnext 3\nnext 1\n",
		  F48_OK, F48_MIG_PARTIAL, 1 },
		{ "fml4to8-journal 2\nbackup .fml4rc\nstate migrating\nnext 1\nactions 3\n", F48_OK,
		  F48_MIG_PARTIAL, 1 },
		{ "fml4to8-journal 3\nbackup .fml4rc\nactions 3\nstate migrating\nnext 4\n", F48_EINPUT,
		  F48_MIG_NONE, 0 },
		{ "fml4to8-journal 3\nbackup .fml4rc\nactions 3\nstate migrating\nnext 1\nrm -rf\n",
		  F48_EINPUT, F48_MIG_NONE, 0 },
		{ "fml4to8-journal 3\nbackup .fml4rc\nactions 3\nstate migrating\nnex", F48_EINPUT,
		  F48_MIG_NONE, 0 },
		{ "fml4to8-journal 3\nbackup .fml4rc\nactions 3\nstate migrating\nnext 1\nstate "
		  "migrated\n", F48_EINPUT, F48_MIG_NONE, 0 },
	};
	char *dir = make_list("jl");
	f48_state *st = st_open(dir);
	f48_mig_status ms;
	f48_error err;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CU_ASSERT_EQUAL_FATAL(f48_state_write(st, "journal", cases[i].text,
		    strlen(cases[i].text), &err), F48_OK);
		CU_ASSERT_EQUAL(f48_state_status(st, &ms, &err), cases[i].rc);
		CU_ASSERT_EQUAL(ms.state, cases[i].state);
		if (cases[i].rc == F48_OK) {
			CU_ASSERT_EQUAL(ms.next, cases[i].next);
			CU_ASSERT_EQUAL(ms.n, 3);
			CU_ASSERT_STRING_EQUAL(ms.backup_dir, ".fml4rc");
		}
		if (ms.state != cases[i].state || (cases[i].rc == F48_OK && ms.next != cases[i].next))
			printf("\n  journal case %zu: state %d next %zu\n", i, (int)ms.state, ms.next);
		f48_mig_status_free(&ms);
	}
	/* written by f48_state_journal: one atomic start, then appends */
	CU_ASSERT_EQUAL(f48_state_journal(st, ".fml4rc", 0, 2, &err), F48_OK);
	CU_ASSERT_EQUAL(f48_state_journal(st, ".fml4rc", 1, 2, &err), F48_OK);
	CU_ASSERT_EQUAL(f48_state_status(st, &ms, &err), F48_OK);
	CU_ASSERT_EQUAL(ms.state, F48_MIG_PARTIAL);
	CU_ASSERT_EQUAL(ms.next, 1);
	f48_mig_status_free(&ms);
	CU_ASSERT_EQUAL(f48_state_journal(st, ".fml4rc", 2, 2, &err), F48_OK);
	CU_ASSERT_EQUAL(f48_state_status(st, &ms, &err), F48_OK);
	CU_ASSERT_EQUAL(ms.state, F48_MIG_DONE);
	CU_ASSERT_EQUAL(ms.next, 2);
	f48_mig_status_free(&ms);
	{
		char *data = NULL;
		size_t len;
		bool exists;

		CU_ASSERT_EQUAL(f48_state_read(st, "journal", 4096, &data, &len, &exists, &err), F48_OK);
		CU_ASSERT_STRING_EQUAL(data, "fml4to8-journal 3\nbackup .fml4rc\nactions 2\n"
		    "state migrating\nnext 0\nnext 1\nnext 2\nstate migrated\n");
		free(data);
	}
	CU_ASSERT_EQUAL(f48_state_archive(st, &err), F48_OK);
	CU_ASSERT_EQUAL(f48_state_status(st, &ms, &err), F48_OK);
	CU_ASSERT_EQUAL(ms.state, F48_MIG_NONE);
	f48_state_close(st);
	free(dir);
}

static void
test_apply_verify_rollback(void)
{
	char *dir = make_list("ap");
	char *before = snap(dir, NULL), *after, *s, *p;
	f48_plan *plan = make_plan(dir);
	f48_apply_opts ao = { .domain = "example.com" };
	f48_findings fs;
	f48_mig_status ms;
	char *sd = pjoin(t_tmpdir(), "state");
	f48_verify_opts vo = { .state_dir = sd };
	f48_state *sta = st_open(dir);
	f48_error err;
	size_t done = 7;
	char *to = NULL;
	struct stat st;

	f48_findings_init(&fs);
	f48_error_clear(&err);
	CU_ASSERT_EQUAL_FATAL(f48_apply(sta, plan, &ao, &fs, &err), F48_OK);
	CU_ASSERT_EQUAL(fs.n, 0);
	CU_ASSERT_EQUAL(f48_apply_status(sta, &ms, &err), F48_OK);
	CU_ASSERT_EQUAL(ms.state, F48_MIG_DONE);
	CU_ASSERT_STRING_EQUAL(ms.backup_dir, ".fml4rc");
	f48_mig_status_free(&ms);
	p = pjoin(dir, "include");
	s = slurp(p);
	CU_ASSERT_STRING_EQUAL(s, "\"| /usr/local/libexec/fml/distribute t@example.com\"\n");
	free(s);
	free(p);
	p = pjoin(dir, ".fml4rc/config.ph");
	CU_ASSERT_EQUAL(stat(p, &st), 0);
	free(p);
	p = pjoin(dir, "config.ph");
	CU_ASSERT_NOT_EQUAL(lstat(p, &st), 0);
	free(p);
	p = pjoin(dir, "var/db");
	CU_ASSERT_EQUAL(stat(p, &st), 0);
	CU_ASSERT_EQUAL(st.st_mode & 07777, 0700);
	free(p);
	p = pjoin(dir, "help");
	CU_ASSERT_EQUAL(stat(p, &st), 0);
	CU_ASSERT_EQUAL(st.st_mode & 07777, 0640);   /* no fml8 rule: kept */
	free(p);
	/* the saved plan is the plan */
	{
		f48_plan *saved = NULL;
		char *dom = NULL;
		size_t i;

		CU_ASSERT_EQUAL_FATAL(f48_saved_plan_load(sta, &saved, &dom, &err), F48_OK);
		CU_ASSERT_STRING_EQUAL(dom, "example.com");
		CU_ASSERT_EQUAL_FATAL(saved->n, plan->n);
		for (i = 0; i < plan->n; i++) {
			CU_ASSERT_EQUAL(saved->actions[i].kind, plan->actions[i].kind);
			CU_ASSERT_STRING_EQUAL(saved->actions[i].path, plan->actions[i].path);
			CU_ASSERT_EQUAL(saved->actions[i].len, plan->actions[i].len);
			if (plan->actions[i].content)
				CU_ASSERT_EQUAL(memcmp(saved->actions[i].content,
				    plan->actions[i].content, plan->actions[i].len), 0);
		}
		free(dom);
		f48_plan_free(saved);
	}
	/* a fresh apply is refused, resume has nothing to do */
	CU_ASSERT_EQUAL(f48_apply(sta, plan, &ao, &fs, &err), F48_EUSAGE);
	after = snap(dir, NULL);
	CU_ASSERT_EQUAL(f48_apply_resume(sta, &ao, &fs, &done, &err), F48_OK);
	CU_ASSERT_EQUAL(done, 0);
	s = snap(dir, NULL);
	CU_ASSERT_STRING_EQUAL(s, after);
	free(s);
	/* verify: clean, then each kind of difference */
	f48_state_close(sta);
	CU_ASSERT_EQUAL(f48_verify(dir, &vo, &fs, NULL, &err), F48_OK);
	CU_ASSERT_EQUAL(fs.n, 0);
	/* an address list changed as fml8 changes it: not damage */
	t_write("ap/recipients", "x@example.com\n# a comment\n\ny@example.com s=skip\n");
	CU_ASSERT_EQUAL(f48_verify(dir, &vo, &fs, NULL, &err), F48_OK);
	CU_ASSERT_EQUAL(f48_findings_count_code(&fs, F48_C_VERIFY_CONTENT_DIFFERS), 0);
	CU_ASSERT_EQUAL(f48_findings_count_code(&fs, F48_C_VERIFY_LIST_CHANGED), 1);
	CU_ASSERT_EQUAL(f48_findings_count(&fs, F48_SEV_WARNING), 0);
	f48_findings_free(&fs);
	f48_findings_init(&fs);
	/* a line that is not an address: damage */
	t_write("ap/recipients", "x@example.com\nnot an address\n");
	p = pjoin(dir, "config.cf");
	chmod(p, 0644);
	free(p);
	t_write("ap/config.ph", "1;\n");
	CU_ASSERT_EQUAL(f48_verify(dir, &vo, &fs, NULL, &err), F48_OK);
	CU_ASSERT_EQUAL(f48_findings_count_code(&fs, F48_C_VERIFY_CONTENT_DIFFERS), 1);
	CU_ASSERT_TRUE(f48_findings_count_code(&fs, F48_C_VERIFY_MODE) >= 1);
	CU_ASSERT_EQUAL(f48_findings_count_code(&fs, F48_C_VERIFY_FML4_LEFT), 1);
	f48_findings_free(&fs);
	f48_findings_init(&fs);
	p = pjoin(dir, "config.ph");
	unlink(p);
	free(p);
	/* rollback: the fml4 tree, bytes and modes; the backup kept */
	sta = st_open(dir);
	CU_ASSERT_EQUAL(f48_rollback(sta, &fs, &to, &err), F48_OK);
	CU_ASSERT_PTR_NOT_NULL(to);
	if (to)
		CU_ASSERT_STRING_EQUAL(to, ".fml4rc.rolled-back-1");
	free(to);
	s = snap(dir, ".fml4rc.rolled-back");
	CU_ASSERT_STRING_EQUAL(s, before);
	free(s);
	CU_ASSERT_EQUAL(f48_apply_status(sta, &ms, &err), F48_OK);
	CU_ASSERT_EQUAL(ms.state, F48_MIG_NONE);
	CU_ASSERT_EQUAL(f48_rollback(sta, &fs, &to, &err), F48_OK);
	CU_ASSERT_PTR_NULL(to);
	f48_state_close(sta);
	free(sd);
	f48_findings_free(&fs);
	f48_plan_free(plan);
	free(before);
	free(after);
	free(dir);
}

/* Killed after action k, with the journal write of action k lost too:
 * the rerun replays action k and ends with the same tree. */
static void
test_replay_every_action(void)
{
	char *dir = make_list("rp"), *ref;
	f48_plan *plan = make_plan(dir);
	f48_apply_opts ao = { .domain = "example.com" };
	f48_findings fs;
	f48_error err;
	f48_state *st = st_open(dir);
	size_t k, done;
	char *to = NULL;

	f48_findings_init(&fs);
	CU_ASSERT_EQUAL_FATAL(f48_apply(st, plan, &ao, &fs, &err), F48_OK);
	ref = snap(dir, NULL);
	CU_ASSERT_EQUAL(f48_rollback(st, &fs, &to, &err), F48_OK);   /* the state starts afresh */
	free(to);
	f48_state_close(st);
	for (k = 0; k <= plan->n; k++) {
		pid_t pid;
		int status = 0;
		char *got;

		free(make_list("rp"));
		fflush(NULL);
		pid = fork();
		if (pid == 0) {
			f48_apply_opts ko = { .domain = "example.com", .after_step = kill_at,
				.step_ctx = &k };
			f48_findings kfs;
			f48_error kerr;
			f48_state *kst = st_open(dir);

			f48_findings_init(&kfs);
			f48_apply(kst, plan, &ko, &kfs, &kerr);
			_exit(1);
		}
		CU_ASSERT_EQUAL_FATAL(waitpid(pid, &status, 0), pid);
		CU_ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 137);
		if (k > 0)
			lose_journal(dir, k - 1, plan->n);   /* the journal entry of action k */
		st = st_open(dir);
		CU_ASSERT_EQUAL(f48_apply_resume(st, &ao, &fs, &done, &err), F48_OK);
		CU_ASSERT_EQUAL(done, plan->n - (k > 0 ? k - 1 : 0));
		got = snap(dir, NULL);
		CU_ASSERT_EQUAL(f48_rollback(st, &fs, &to, &err), F48_OK);
		free(to);
		f48_state_close(st);
		if (strcmp(got, ref) != 0) {
			printf("\n  replay of action %zu gives another tree\n", k);
			CU_FAIL("replay differs");
		}
		free(got);
	}
	CU_ASSERT_EQUAL(fs.n, 0);
	f48_findings_free(&fs);
	f48_plan_free(plan);
	free(ref);
	free(dir);
}

/* D25: a saved original is never overwritten. */
static void
test_copy_never_overwrites_backup(void)
{
	char *dir = make_list("d25"), *p;
	f48_plan *plan = make_plan(dir);
	f48_apply_opts ao = { .domain = "example.com" };
	f48_findings fs;
	f48_error err;
	f48_state *st = st_open(dir);
	size_t done;
	char *txt;

	f48_findings_init(&fs);
	CU_ASSERT_EQUAL_FATAL(f48_apply(st, plan, &ao, &fs, &err), F48_OK);
	/* pretend the run stopped before copying include, and the backup differs */
	CU_ASSERT_EQUAL(f48_state_journal(st, ".fml4rc", 2, plan->n, &err), F48_OK);
	CU_ASSERT_EQUAL(f48_apply_resume(st, &ao, &fs, &done, &err), F48_EUNSAFE);
	f48_state_close(st);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "never overwritten"));
	p = pjoin(dir, ".fml4rc/include");
	txt = slurp(p);
	CU_ASSERT_STRING_EQUAL(txt, "\"|/usr/local/fml/fml.pl /var/spool/ml/t\"\n");
	free(txt);
	free(p);
	f48_findings_free(&fs);
	f48_plan_free(plan);
	free(dir);
}

static void
test_ml_home_prefix(void)
{
	const char *map = t_write("mhp/map", "# comment example.com\nexample.org\t/var/spool/ml/example.org");
	f48_error err;
	bool added;
	struct stat st;
	char *s, *map2;

	CU_ASSERT_EQUAL(f48_ml_home_prefix_add(map, "example.com", "/var/spool/ml/example.com",
	    &added, &err), F48_OK);
	CU_ASSERT_TRUE(added);
	s = slurp(map);
	CU_ASSERT_STRING_EQUAL(s, "# comment example.com\nexample.org\t/var/spool/ml/example.org\n"
	    "example.com\t/var/spool/ml/example.com\n");
	free(s);
	CU_ASSERT_EQUAL(f48_ml_home_prefix_add(map, "Example.COM", "/elsewhere", &added, &err), F48_OK);
	CU_ASSERT_FALSE(added);
	CU_ASSERT_EQUAL(f48_ml_home_prefix_add(map, "EXAMPLE.ORG", "/x", &added, &err), F48_OK);
	CU_ASSERT_FALSE(added);
	map2 = pjoin(t_tmpdir(), "mhp/new");
	CU_ASSERT_EQUAL(f48_ml_home_prefix_add(map2, "example.net", "/var/spool/ml/example.net",
	    &added, &err), F48_OK);
	CU_ASSERT_TRUE(added);
	CU_ASSERT_EQUAL(stat(map2, &st), 0);
	CU_ASSERT_EQUAL(st.st_mode & 07777, 0644);
	s = slurp(map2);
	CU_ASSERT_STRING_EQUAL(s, "example.net\t/var/spool/ml/example.net\n");
	free(s);
	/* a symlinked map is not written through */
	{
		char *l = pjoin(t_tmpdir(), "mhp/link");

		CU_ASSERT_EQUAL(symlink(map2, l), 0);
		CU_ASSERT_TRUE(f48_ml_home_prefix_add(l, "example.info", "/x", &added, &err) < 0);
		s = slurp(map2);
		CU_ASSERT_STRING_EQUAL(s, "example.net\t/var/spool/ml/example.net\n");
		free(s);
		free(l);
	}
	free(map2);
}

/* The layout table: ours loads; every kind of bad row is refused with its line. */
static void
test_layout_table(void)
{
	static const char *const bad[] = {
		"etc\td\t0700\towner\n",                       /* 4 columns */
		"../x\td\t0700\towner\t-\n",
		"/etc\td\t0700\towner\t-\n",
		"etc\tx\t0700\towner\t-\n",
		"etc\td\t4755\towner\t-\n",                    /* set-id: never */
		"etc\td\t07z0\towner\t-\n",
		"etc\td\t0700\troot\t-\n",
		"etc\td\t0700\towner\tnope\n",
		"config.cf\tf\t0600\towner\tmake\n",           /* make: directories only */
		"etc\td\t0700\towner\t-\netc\td\t0700\towner\t-\n",
	};
	f48_layout *l = NULL;
	f48_error err;
	size_t i;

	f48_error_clear(&err);
	CU_ASSERT_EQUAL_FATAL(f48_layout_load(t_templates_dir(), &l, &err), F48_OK);
	CU_ASSERT_EQUAL(f48_layout_mode(l, "config.cf", false), 0600);
	CU_ASSERT_EQUAL(f48_layout_mode(l, "include", false), 0644);
	CU_ASSERT_EQUAL(f48_layout_mode(l, "var/lock", true), 0700);
	CU_ASSERT_EQUAL(f48_layout_mode(l, "etc", false), -1);   /* a file named etc: no rule */
	CU_ASSERT_EQUAL(f48_layout_mode(l, "help", false), -1);
	CU_ASSERT_TRUE(f48_layout_find(l, "etc")->flags & F48_LAYOUT_MAKE);
	CU_ASSERT_TRUE(f48_layout_find(l, "include-error")->flags & F48_LAYOUT_NEED);
	f48_layout_free(l);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *dir = f48_xasprintf("%s/layout%zu", t_tmpdir(), i);
		char *rel = f48_xasprintf("layout%zu/%s", i, F48_LAYOUT_FILE);

		t_write(rel, bad[i]);
		l = NULL;
		f48_error_clear(&err);
		CU_ASSERT_EQUAL(f48_layout_load(dir, &l, &err), F48_EINPUT);
		CU_ASSERT_PTR_NULL(l);
		CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, F48_LAYOUT_FILE ":"));
		free(dir);
		free(rel);
	}
}

void
register_apply_tests(void)
{
	CU_pSuite s = CU_add_suite("apply", NULL, NULL);

	CU_add_test(s, "safefs: relative paths, symlinks, hard links, atomic write",
	    test_safefs_paths);
	CU_add_test(s, "saved plan escaping round trip", test_escape_roundtrip);
	CU_add_test(s, "saved plan 3: spooled writes by hash, version 2 still read",
	    test_plan_spooled_format);
	CU_add_test(s, "journal: appended records, a cut last line ignored, version 2 read",
	    test_journal_log);
	CU_add_test(s, "apply, saved plan, verify, rollback byte-exact", test_apply_verify_rollback);
	CU_add_test(s, "killed after every action, journal lost: replay gives the same tree",
	    test_replay_every_action);
	CU_add_test(s, "a saved original is never overwritten (D25)",
	    test_copy_never_overwrites_backup);
	CU_add_test(s, "ml_home_prefix: append once, case-insensitive, created 0644",
	    test_ml_home_prefix);
	CU_add_test(s, "layout table: ours loads, bad rows refused", test_layout_table);
}

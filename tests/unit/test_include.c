/* test_include.c - the fml4 include file reader (lib/fml4/fml4_include.c). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "util/error.h"
#include "util/findings.h"

#include "codes.h"
#include "fml4/fml4_include.h"
#include "testutil.h"

static bool
parse(const char *line, f48_include_cmd *cmd, f48_findings *fs)
{
	return f48_include_parse_line(line, strlen(line), 3, "include", cmd, fs);
}

static const f48_incopt *
opt(const f48_include_cmd *cmd, const char *raw)
{
	size_t i;

	for (i = 0; i < cmd->nopts; i++)
		if (strcmp(cmd->opts[i].raw, raw) == 0)
			return &cmd->opts[i];
	return NULL;
}

static void
test_fml_line(void)
{
	f48_include_cmd cmd;
	f48_findings fs;

	f48_findings_init(&fs);
	CU_ASSERT(parse("\"|/usr/local/fml/fml.pl /var/mail/example.com/~ml/test-ml \"", &cmd, &fs));
	CU_ASSERT_EQUAL(cmd.line, 3);
	CU_ASSERT(cmd.is_pipe && !cmd.is_exit75);
	CU_ASSERT_STRING_EQUAL(cmd.raw, "\"|/usr/local/fml/fml.pl /var/mail/example.com/~ml/test-ml \"");
	CU_ASSERT_STRING_EQUAL(cmd.program, "/usr/local/fml/fml.pl");
	CU_ASSERT_STRING_EQUAL(cmd.program_name, "fml.pl");
	CU_ASSERT_EQUAL_FATAL(cmd.ndirs, 1);
	CU_ASSERT_STRING_EQUAL(cmd.dirs[0], "/var/mail/example.com/~ml/test-ml");
	CU_ASSERT_EQUAL(cmd.nopts, 0);
	f48_include_cmd_clear(&cmd);
	CU_ASSERT_PTR_NULL(cmd.raw);

	CU_ASSERT(parse("\"|/usr/local/fml/fml.pl /var/mail/example.com/~ml/test-ml  --ctladdr\"",
	    &cmd, &fs));
	CU_ASSERT_EQUAL_FATAL(cmd.nopts, 1);
	CU_ASSERT_EQUAL(cmd.opts[0].kind, F48_INCOPT_MODE);
	CU_ASSERT_STRING_EQUAL(cmd.opts[0].name, "ctladdr");
	CU_ASSERT_PTR_NULL(cmd.opts[0].value);
	CU_ASSERT_STRING_EQUAL(cmd.opts[0].raw, "--ctladdr");
	f48_include_cmd_clear(&cmd);

	/* Without quotes, and with a library directory. */
	CU_ASSERT(parse("|/usr/local/fml/fml.pl /ml/elena /usr/local/fml/lib", &cmd, &fs));
	CU_ASSERT(cmd.is_pipe);
	CU_ASSERT_EQUAL_FATAL(cmd.ndirs, 2);
	CU_ASSERT_STRING_EQUAL(cmd.dirs[1], "/usr/local/fml/lib");
	f48_include_cmd_clear(&cmd);

	/* The multipart filter in front: fml.pl is the program. */
	CU_ASSERT(parse("\"|/usr/local/fml/bin/multipart.pl |/usr/local/fml/fml.pl /ml/elena \"",
	    &cmd, &fs));
	CU_ASSERT_STRING_EQUAL(cmd.program_name, "fml.pl");
	CU_ASSERT_EQUAL(cmd.ndirs, 1);
	f48_include_cmd_clear(&cmd);

	/* fml8's own include line. */
	CU_ASSERT(parse("\"| /usr/local/libexec/fml/distribute test-ml@example.com\"", &cmd, &fs));
	CU_ASSERT(cmd.is_pipe);
	CU_ASSERT_STRING_EQUAL(cmd.program_name, "distribute");
	f48_include_cmd_clear(&cmd);
	CU_ASSERT_EQUAL(fs.n, 0);

	/* Comments and blanks are no commands. */
	CU_ASSERT(!parse("#\"|/usr/local/fml/bin/multipart.pl |/usr/local/fml/fml.pl /ml/x \"",
	    &cmd, &fs));
	CU_ASSERT(!parse("", &cmd, &fs));
	CU_ASSERT(!parse("  \t", &cmd, &fs));
	CU_ASSERT(!parse("  # indented", &cmd, &fs));
	CU_ASSERT_EQUAL(fs.n, 0);
	f48_findings_free(&fs);
}

static void
test_fml_options(void)
{
	f48_include_cmd cmd;
	f48_findings fs;
	const f48_incopt *o;

	f48_findings_init(&fs);
	CU_ASSERT(parse("\"|/usr/local/fml/fml.pl /ml/x --MAX_MEMBER_LIMIT=300 --html --mode=value "
	    "--fh:reply-to=x --force:x-a=b=c --oh:to --org:cc --original:date --permit:get "
	    "-sUSE_MIME -uX -lfoo -d -d2 -bt --unknownthing --MLADDR=a@b --FOO\"", &cmd, &fs));
	CU_ASSERT_EQUAL(cmd.ndirs, 1);
	CU_ASSERT_EQUAL(cmd.nopts, 18);
	CU_ASSERT_EQUAL(fs.n, 0);

	o = opt(&cmd, "--MAX_MEMBER_LIMIT=300");
	CU_ASSERT_FATAL(o != NULL);
	CU_ASSERT_EQUAL(o->kind, F48_INCOPT_VAR);
	CU_ASSERT_STRING_EQUAL(o->name, "MAX_MEMBER_LIMIT");
	CU_ASSERT_STRING_EQUAL(o->value, "300");
	o = opt(&cmd, "--html");
	CU_ASSERT_FATAL(o != NULL);
	CU_ASSERT_EQUAL(o->kind, F48_INCOPT_MODE);
	CU_ASSERT_STRING_EQUAL(o->name, "html");
	CU_ASSERT_PTR_NULL(o->value);
	o = opt(&cmd, "--mode=value");
	CU_ASSERT_FATAL(o != NULL);
	CU_ASSERT_EQUAL(o->kind, F48_INCOPT_MODE);
	CU_ASSERT_STRING_EQUAL(o->name, "mode");
	CU_ASSERT_STRING_EQUAL(o->value, "value");
	o = opt(&cmd, "--fh:reply-to=x");
	CU_ASSERT_FATAL(o != NULL);
	CU_ASSERT_EQUAL(o->kind, F48_INCOPT_FIELD_FORCED);
	CU_ASSERT_STRING_EQUAL(o->name, "reply-to");
	CU_ASSERT_STRING_EQUAL(o->value, "x");
	o = opt(&cmd, "--force:x-a=b=c");          /* fml.pl's match is greedy */
	CU_ASSERT_FATAL(o != NULL);
	CU_ASSERT_EQUAL(o->kind, F48_INCOPT_FIELD_FORCED);
	CU_ASSERT_STRING_EQUAL(o->name, "x-a=b");
	CU_ASSERT_STRING_EQUAL(o->value, "c");
	o = opt(&cmd, "--oh:to");
	CU_ASSERT_FATAL(o != NULL);
	CU_ASSERT_EQUAL(o->kind, F48_INCOPT_FIELD_ORIGINAL);
	CU_ASSERT_STRING_EQUAL(o->name, "to");
	CU_ASSERT_EQUAL(opt(&cmd, "--org:cc")->kind, F48_INCOPT_FIELD_ORIGINAL);
	CU_ASSERT_STRING_EQUAL(opt(&cmd, "--original:date")->name, "date");
	o = opt(&cmd, "--permit:get");
	CU_ASSERT_FATAL(o != NULL);
	CU_ASSERT_EQUAL(o->kind, F48_INCOPT_PERMIT);
	CU_ASSERT_STRING_EQUAL(o->name, "get");
	o = opt(&cmd, "-sUSE_MIME");
	CU_ASSERT_FATAL(o != NULL);
	CU_ASSERT_EQUAL(o->kind, F48_INCOPT_SET);
	CU_ASSERT_STRING_EQUAL(o->name, "USE_MIME");
	o = opt(&cmd, "-uX");
	CU_ASSERT_FATAL(o != NULL);
	CU_ASSERT_EQUAL(o->kind, F48_INCOPT_UNSET);
	CU_ASSERT_STRING_EQUAL(o->name, "X");
	o = opt(&cmd, "-lfoo");
	CU_ASSERT_FATAL(o != NULL);
	CU_ASSERT_EQUAL(o->kind, F48_INCOPT_LIBRARY);
	CU_ASSERT_STRING_EQUAL(o->value, "foo");
	o = opt(&cmd, "-d");
	CU_ASSERT_FATAL(o != NULL);
	CU_ASSERT_EQUAL(o->kind, F48_INCOPT_DEBUG);
	CU_ASSERT_PTR_NULL(o->value);
	o = opt(&cmd, "-d2");
	CU_ASSERT_FATAL(o != NULL);
	CU_ASSERT_EQUAL(o->kind, F48_INCOPT_DEBUG);
	CU_ASSERT_STRING_EQUAL(o->value, "2");
	o = opt(&cmd, "-bt");
	CU_ASSERT_FATAL(o != NULL);
	CU_ASSERT_EQUAL(o->kind, F48_INCOPT_DEBUG);
	/* fml.pl does DEFINE_MODE for any lower-case --word. */
	o = opt(&cmd, "--unknownthing");
	CU_ASSERT_FATAL(o != NULL);
	CU_ASSERT_EQUAL(o->kind, F48_INCOPT_MODE);
	CU_ASSERT_STRING_EQUAL(o->name, "unknownthing");
	o = opt(&cmd, "--MLADDR=a@b");
	CU_ASSERT_FATAL(o != NULL);
	CU_ASSERT_EQUAL(o->kind, F48_INCOPT_VAR);
	CU_ASSERT_STRING_EQUAL(o->value, "a@b");
	o = opt(&cmd, "--FOO");                     /* fml.pl sets $FOO = 1 */
	CU_ASSERT_FATAL(o != NULL);
	CU_ASSERT_EQUAL(o->kind, F48_INCOPT_SET);
	CU_ASSERT_STRING_EQUAL(o->name, "FOO");
	f48_include_cmd_clear(&cmd);

	/* Options fml.pl does not act on: kept raw, one finding each. */
	CU_ASSERT(parse("|/usr/local/fml/fml.pl /ml/x -x --Weird-Thing --fh:reply-to --permit:GET "
	    "--html= -s -", &cmd, &fs));
	CU_ASSERT_EQUAL(cmd.nopts, 7);
	CU_ASSERT_EQUAL(f48_findings_count_code(&fs, F48_C_INCLUDE_OPTION_UNKNOWN), 7);
	CU_ASSERT_EQUAL(fs.n, 7);
	CU_ASSERT_EQUAL(fs.items[0].line, 3);
	CU_ASSERT_STRING_EQUAL(fs.items[0].file, "include");
	o = opt(&cmd, "--Weird-Thing");
	CU_ASSERT_FATAL(o != NULL);
	CU_ASSERT_EQUAL(o->kind, F48_INCOPT_UNKNOWN);
	CU_ASSERT_EQUAL(opt(&cmd, "-x")->kind, F48_INCOPT_UNKNOWN);
	f48_include_cmd_clear(&cmd);
	f48_findings_free(&fs);
}

static void
test_other_programs_and_exit(void)
{
	f48_include_cmd cmd;
	f48_findings fs;

	f48_findings_init(&fs);
	CU_ASSERT(parse("\"|/usr/local/fml/libexec/mead.pl -E /usr/local/fml -S "
	    "/var/mail/example.com/~ml -D /var/mail/example.com/~ml/test-ml\"", &cmd, &fs));
	CU_ASSERT_STRING_EQUAL(cmd.program_name, "mead.pl");
	CU_ASSERT_EQUAL(cmd.ndirs, 0);
	CU_ASSERT_EQUAL_FATAL(cmd.nopts, 3);
	CU_ASSERT_EQUAL(cmd.opts[0].kind, F48_INCOPT_UNKNOWN);
	CU_ASSERT_STRING_EQUAL(cmd.opts[0].name, "-E");
	CU_ASSERT_STRING_EQUAL(cmd.opts[0].value, "/usr/local/fml");
	CU_ASSERT_STRING_EQUAL(cmd.opts[0].raw, "-E /usr/local/fml");
	CU_ASSERT_STRING_EQUAL(cmd.opts[2].value, "/var/mail/example.com/~ml/test-ml");
	CU_ASSERT_EQUAL(fs.n, 0);                   /* no finding for mead.pl's options */
	f48_include_cmd_clear(&cmd);

	CU_ASSERT(parse("\"|exit 75\"", &cmd, &fs));
	CU_ASSERT(cmd.is_pipe && cmd.is_exit75);
	CU_ASSERT_STRING_EQUAL(cmd.program_name, "exit");
	f48_include_cmd_clear(&cmd);
	CU_ASSERT_EQUAL(fs.n, 0);

	/* What fml8's mergeml writes: no command at all. */
	CU_ASSERT(parse("exit 75", &cmd, &fs));
	CU_ASSERT(!cmd.is_pipe && !cmd.is_exit75);
	CU_ASSERT_PTR_NULL(cmd.program);
	CU_ASSERT_PTR_NULL(cmd.program_name);
	CU_ASSERT_STRING_EQUAL(cmd.raw, "exit 75");
	CU_ASSERT_EQUAL(f48_findings_count_code(&fs, F48_C_INCLUDE_NOT_COMMAND), 1);
	CU_ASSERT_EQUAL(fs.items[0].severity, F48_SEV_WARNING);
	CU_ASSERT_PTR_NOT_NULL(fs.items[0].fix);
	f48_include_cmd_clear(&cmd);

	CU_ASSERT(parse("someone@example.com", &cmd, &fs));
	CU_ASSERT(!cmd.is_pipe);
	CU_ASSERT_EQUAL(f48_findings_count_code(&fs, F48_C_INCLUDE_NOT_COMMAND), 2);
	f48_include_cmd_clear(&cmd);

	/* Broken lines. */
	CU_ASSERT(parse("\"|/usr/local/fml/fml.pl /ml/x", &cmd, &fs));
	CU_ASSERT_STRING_EQUAL(cmd.program_name, "fml.pl");
	f48_include_cmd_clear(&cmd);
	CU_ASSERT(parse("\"|\"", &cmd, &fs));
	CU_ASSERT(cmd.is_pipe);
	CU_ASSERT_PTR_NULL(cmd.program);
	f48_include_cmd_clear(&cmd);
	CU_ASSERT(parse("\"|/usr/local/fml/fml.pl /ml/x\" other@example.com", &cmd, &fs));
	f48_include_cmd_clear(&cmd);
	CU_ASSERT_EQUAL(f48_findings_count_code(&fs, F48_C_INCLUDE_LINE_INVALID), 3);
	f48_findings_free(&fs);
}

static void
test_file(void)
{
	f48_findings fs;
	f48_error err;
	f48_include *inc = (f48_include *)1;
	char link[4096];
	const char *path = t_write("inc/include",
	    "# comment\r\n"
	    "\"|/usr/local/fml/fml.pl /ml/a \"\r\n"
	    "\r\n"
	    "\"|/usr/local/fml/libexec/mead.pl -E /usr/local/fml\"\r\n");

	f48_findings_init(&fs);
	CU_ASSERT_EQUAL_FATAL(f48_include_read(path, &inc, &fs, &err), F48_OK);
	CU_ASSERT_STRING_EQUAL(inc->path, path);
	CU_ASSERT_EQUAL(inc->n, 2);
	CU_ASSERT(inc->had_crlf);
	CU_ASSERT_EQUAL(inc->cmds[0].line, 2);
	CU_ASSERT_STRING_EQUAL(inc->cmds[0].raw, "\"|/usr/local/fml/fml.pl /ml/a \"");
	CU_ASSERT_EQUAL(inc->cmds[1].line, 4);
	CU_ASSERT_PTR_EQUAL(f48_include_fml_cmd(inc), &inc->cmds[0]);
	CU_ASSERT_EQUAL(fs.n, 1);
	CU_ASSERT_EQUAL(f48_findings_count_code(&fs, F48_C_CRLF_LINE_ENDS), 1);
	f48_include_free(inc);
	f48_findings_free(&fs);

	path = t_write("inc/nofml", "exit 75\n");
	CU_ASSERT_EQUAL_FATAL(f48_include_read(path, &inc, NULL, &err), F48_OK);
	CU_ASSERT_EQUAL(inc->n, 1);
	CU_ASSERT_PTR_NULL(f48_include_fml_cmd(inc));
	f48_include_free(inc);
	CU_ASSERT_PTR_NULL(f48_include_fml_cmd(NULL));

	CU_ASSERT_EQUAL(f48_include_read("/nonexistent/include", &inc, NULL, &err), F48_EINPUT);
	CU_ASSERT_PTR_NULL(inc);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "/nonexistent/include"));
	snprintf(link, sizeof(link), "%s/inc/link", t_tmpdir());
	CU_ASSERT_EQUAL(symlink(path, link), 0);
	CU_ASSERT_EQUAL(f48_include_read(link, &inc, NULL, &err), F48_EUNSAFE);
}

static void
test_fixtures(void)
{
	static const char *const mls[] = { "test-ml", "info", "staff", "news", "support", "dev",
		"users", "announce", NULL };
	f48_findings fs;
	f48_error err;
	f48_include *inc;
	const f48_include_cmd *c;
	char path[4096], dir[4096];
	size_t i;

	T_NEED_SHARED();
	f48_findings_init(&fs);
	for (i = 0; mls[i]; i++) {
		snprintf(dir, sizeof(dir), "/var/mail/example.com/~ml/%s", mls[i]);

		snprintf(path, sizeof(path), "%s/include", t_fixture_ml(mls[i]));
		CU_ASSERT_EQUAL_FATAL(f48_include_read(path, &inc, &fs, &err), F48_OK);
		CU_ASSERT_EQUAL(inc->n, 1);             /* the multipart.pl line is a comment */
		c = f48_include_fml_cmd(inc);
		CU_ASSERT_FATAL(c != NULL);
		CU_ASSERT_EQUAL(c->line, 1);
		CU_ASSERT_STRING_EQUAL(c->program, "/usr/local/fml/fml.pl");
		CU_ASSERT_EQUAL_FATAL(c->ndirs, 1);
		CU_ASSERT_STRING_EQUAL(c->dirs[0], dir);
		CU_ASSERT_EQUAL(c->nopts, 0);
		CU_ASSERT(!inc->had_crlf);
		f48_include_free(inc);

		snprintf(path, sizeof(path), "%s/include-ctl", t_fixture_ml(mls[i]));
		CU_ASSERT_EQUAL_FATAL(f48_include_read(path, &inc, &fs, &err), F48_OK);
		CU_ASSERT_EQUAL(inc->n, 1);
		c = f48_include_fml_cmd(inc);
		CU_ASSERT_FATAL(c != NULL);
		CU_ASSERT_EQUAL(c->line, 4);
		CU_ASSERT_STRING_EQUAL(c->dirs[0], dir);
		CU_ASSERT_EQUAL_FATAL(c->nopts, 1);
		CU_ASSERT_EQUAL(c->opts[0].kind, F48_INCOPT_MODE);
		CU_ASSERT_STRING_EQUAL(c->opts[0].name, "ctladdr");
		f48_include_free(inc);

		snprintf(path, sizeof(path), "%s/include-mead", t_fixture_ml(mls[i]));
		CU_ASSERT_EQUAL_FATAL(f48_include_read(path, &inc, &fs, &err), F48_OK);
		CU_ASSERT_EQUAL_FATAL(inc->n, 1);
		CU_ASSERT_PTR_NULL(f48_include_fml_cmd(inc));
		CU_ASSERT_STRING_EQUAL(inc->cmds[0].program_name, "mead.pl");
		CU_ASSERT_EQUAL_FATAL(inc->cmds[0].nopts, 3);
		CU_ASSERT_STRING_EQUAL(inc->cmds[0].opts[2].name, "-D");
		CU_ASSERT_STRING_EQUAL(inc->cmds[0].opts[2].value, dir);
		f48_include_free(inc);
	}
	CU_ASSERT_EQUAL(fs.n, 0);
	f48_findings_free(&fs);
}

void
register_include_tests(void)
{
	CU_pSuite s = CU_add_suite("fml4_include", NULL, NULL);

	CU_add_test(s, "fml.pl command lines", test_fml_line);
	CU_add_test(s, "fml.pl option kinds", test_fml_options);
	CU_add_test(s, "mead.pl, |exit 75, bare exit 75, broken lines", test_other_programs_and_exit);
	CU_add_test(s, "files: CRLF, errors", test_file);
	CU_add_test(s, "fixtures: include, include-ctl, include-mead", test_fixtures);
}

#!/bin/sh
# A program built against the INSTALLED library (make install into a
# scratch DESTDIR) and the library's internal headers of the source tree
# (apply is not part of the installed interface), calling f48_apply, f48_apply_resume and
# f48_rollback with zero-initialised options, never exits: every call
# returns to it.  (Earlier a zero f48_apply_opts meant stop_after = 0, and
# the library called _exit(137) on its caller.)
. "$(dirname "$0")/lib.sh"
: "${top_builddir:=$top_srcdir}"
# The build's own compiler and flags: a sanitizer build's library needs its
# runtime in the program too.
CC=${F48_CC:-${CC:-cc}}
command -v "$CC" >/dev/null 2>&1 || { echo "SKIP: no C compiler"; exit 77; }
install_scratch
[ -f "$LIB/libfml4to8.so" ] || { fail "no installed libfml4to8.so"; finish; }

cat >"$TMP/zero.c" <<'C'
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apply/apply.h"
#include "apply/rollback.h"
#include "apply/state.h"
#include "plan/layout.h"

int
main(int argc, char **argv)
{
	f48_apply_opts zero;            /* zero-initialised, as a caller would */
	f48_state_opts so;
	f48_state *st = NULL;
	f48_plan p;
	f48_action a[2];
	f48_findings fs;
	f48_error err;
	struct passwd *pw = getpwuid(geteuid());
	size_t done = 0;
	char *to = NULL;
	int rc;

	if (argc != 4)
		return 2;
	memset(&zero, 0, sizeof(zero));
	memset(&so, 0, sizeof(so));
	memset(&p, 0, sizeof(p));
	memset(a, 0, sizeof(a));
	so.state_dir = argv[2];
	so.list_dir = argv[1];
	so.lock = true;
	f48_findings_init(&fs);
	f48_findings_init(&p.findings);
	if (f48_state_open(&so, &st, &err) < 0 || f48_layout_load(argv[3], &p.layout, &err) < 0) {
		printf("setup: %s\n", err.msg);
		return 3;
	}
	p.list_dir = argv[1];
	p.backup_dir = ".fml4rc";
	p.owner = pw ? pw->pw_name : "root";
	a[0].kind = F48_ACT_MKDIR; a[0].path = ".fml4rc"; a[0].mode = 0700;
	a[1].kind = F48_ACT_WRITE; a[1].path = "config.cf"; a[1].content = "=cut\n";
	a[1].len = 5; a[1].mode = 0600;
	p.actions = a;
	p.n = 2;
	rc = f48_apply(st, &p, &zero, &fs, &err);
	printf("apply returned %d\n", rc);
	rc = f48_apply_resume(st, &zero, &fs, &done, &err);
	printf("resume returned %d\n", rc);
	rc = f48_rollback(st, &fs, &to, &err);
	printf("rollback returned %d (%s)\n", rc, rc < 0 ? err.msg : to ? to : "-");
	f48_state_close(st);
	f48_layout_free(p.layout);
	free(to);
	printf("still here\n");
	return 0;
}
C
# shellcheck disable=SC2086
"$CC" -std=c11 -Wall -Wextra ${F48_CFLAGS:-} -I"$top_builddir/include" -I"$top_srcdir/lib" \
	-D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 -o "$TMP/zero" "$TMP/zero.c" -L"$LIB" -lfml4to8 ${F48_LDFLAGS:-} \
	>"$TMP/cc.out" 2>&1 || { sed 's/^/    | /' "$TMP/cc.out" | head -10; fail "the program does not build against the internal headers"; finish; }
mkdir -p "$TMP/list"
echo '"|/usr/local/fml/fml.pl"' >"$TMP/list/include"
LD_LIBRARY_PATH=$LIB "$TMP/zero" "$TMP/list" "$TMP/zstate" "$(dirname "$(find "$DEST" -name fml8-layout.tsv | head -1)")" >"$TMP/zero.out" 2>&1
st=$?
[ "$st" = 0 ] || fail "the program exited $st (the library ended it?)"
has "$TMP/zero.out" "apply returned 0"
has "$TMP/zero.out" "resume returned 0"
has "$TMP/zero.out" "rollback returned 0"
has "$TMP/zero.out" "still here"
[ ! -e "$TMP/list/config.cf" ] || fail "rollback left config.cf"
finish

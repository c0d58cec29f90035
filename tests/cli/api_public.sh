#!/bin/sh
# The installed interface is one header, fml4to8/fml4to8.h, that needs only
# the standard headers: make install into a scratch DESTDIR installs it and
# no internal header (xalloc, strbuf, strmap, tsv, safefs, perlph ...);
# examples/api/plan.c, built against it alone, reads a list of examples/,
# translates it and prints the plan; the version macros and f48_version()
# agree with configure's version.
. "$(dirname "$0")/lib.sh"
: "${top_builddir:=$top_srcdir}"
CC=${F48_CC:-${CC:-cc}}
command -v "$CC" >/dev/null 2>&1 || { echo "SKIP: no C compiler"; exit 77; }
install_scratch
INC=$(find "$DEST" -type d -path '*/include' | head -1)
[ -n "$INC" ] && [ -f "$INC/fml4to8/fml4to8.h" ] || { fail "no installed fml4to8/fml4to8.h"; finish; }
(cd "$INC" && find . -type f | sort) >"$TMP/headers"
[ "$(cat "$TMP/headers")" = "./fml4to8/fml4to8.h" ] ||
	{ sed 's/^/    | /' "$TMP/headers"; fail "the include directory holds more than the public header"; }
# only standard headers
grep '^#include' "$INC/fml4to8/fml4to8.h" | grep -v '^#include <std[a-z]*\.h>' >"$TMP/inc" &&
	{ sed 's/^/    | /' "$TMP/inc"; fail "the public header includes a non-standard header"; }
# the .pc file names the directory the header's include line needs
PC=$(find "$DEST" -name libfml4to8.pc | head -1)
[ -n "$PC" ] && grep -q '^Cflags: -I${includedir}$' "$PC" || fail "libfml4to8.pc: Cflags is not -I\${includedir}"

# shellcheck disable=SC2086
"$CC" -std=c11 -Wall -Wextra -Werror ${F48_CFLAGS:-} -I"$INC" -o "$TMP/plan" "$top_srcdir/examples/api/plan.c" \
	-L"$LIB" -lfml4to8 ${F48_LDFLAGS:-} >"$TMP/cc.out" 2>&1 ||
	{ sed 's/^/    | /' "$TMP/cc.out" | head -10; fail "examples/api/plan.c does not build against the installed header"; finish; }
TPL=$(dirname "$(find "$DEST" -name fml4-defaults.tsv | head -1)")
LD_LIBRARY_PATH=$LIB "$TMP/plan" "$EXML/team" "$TPL" >"$TMP/plan.out" 2>"$TMP/plan.err"
st=$?
[ "$st" = 0 ] || { sed 's/^/    | /' "$TMP/plan.err"; fail "plan exited $st"; }
has "$TMP/plan.out" "team"
has "$TMP/plan.out" "step 1: mkdir .fml4rc"
has "$TMP/plan.out" "write config.cf"
has "$TMP/plan.out" "chown"
# the same config.cf lines as the dry-run of the CLI
"$FML4TO8" dry-run "$EXML/team" >"$TMP/dry.out" 2>&1
grep -E '^ +[a-z_]+ [+]?= ' "$TMP/dry.out" | head -3 >"$TMP/lines"
[ -s "$TMP/lines" ] || fail "dry-run shows no config.cf line to compare with"
while IFS= read -r line; do
	grep -qF -- "$line" "$TMP/plan.out" || fail "plan lacks the dry-run line: $line"
done <"$TMP/lines"
# a list that is not there: an error with the path, exit 3, no crash
LD_LIBRARY_PATH=$LIB "$TMP/plan" "$TMP/nolist" "$TPL" >"$TMP/no.out" 2>&1
st=$?
[ "$st" = 3 ] || fail "plan on a missing directory exited $st, not 3"
has "$TMP/no.out" "$TMP/nolist"

# version: macros, f48_version() and configure's version agree
cat >"$TMP/ver.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <fml4to8/fml4to8.h>
int main(void)
{
	char v[64];
	snprintf(v, sizeof(v), "%d.%d.%d", F48_VERSION_MAJOR, F48_VERSION_MINOR, F48_VERSION_PATCH);
	printf("%s %s %s\n", v, F48_VERSION_STRING, f48_version());
	return strcmp(v, F48_VERSION_STRING) != 0 || strcmp(v, f48_version()) != 0;
}
C
# shellcheck disable=SC2086
"$CC" -std=c11 -Wall -Wextra -Werror ${F48_CFLAGS:-} -I"$INC" -o "$TMP/ver" "$TMP/ver.c" -L"$LIB" -lfml4to8 ${F48_LDFLAGS:-} \
	>"$TMP/cc2.out" 2>&1 || { sed 's/^/    | /' "$TMP/cc2.out" | head -5; fail "the version program does not build"; finish; }
LD_LIBRARY_PATH=$LIB "$TMP/ver" >"$TMP/ver.out" || fail "version macros and f48_version() disagree: $(cat "$TMP/ver.out")"
want=$("$FML4TO8" --version | sed 's/^fml4to8 //')
has "$TMP/ver.out" "$want $want $want"
# libtool's -version-info: a versioned shared object
ls "$LIB"/libfml4to8.so.* >/dev/null 2>&1 || fail "no versioned libfml4to8.so.N"
finish

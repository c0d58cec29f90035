#!/bin/sh
# fml4to8(1): man renders it; it documents every finding code of
# lib/codes.h, every command, and every option each command's --help lists.
. "$(dirname "$0")/lib.sh"
: "${top_builddir:=$top_srcdir}"
PAGE=$top_builddir/doc/fml4to8.1
[ -s "$PAGE" ] || { fail "$PAGE was not built"; finish; }

if ! command -v man >/dev/null 2>&1; then
	fail "man is missing (setup.sh installs man-db)"
else
	MANWIDTH=80 MANPAGER=cat PAGER=cat man -l "$PAGE" >"$TMP/out" 2>"$TMP/err" ||
		fail "man -l failed: $(head -3 "$TMP/err")"
	for s in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS REPORTS "FINDING CODES" \
	    "EXIT STATUS" FILES EXAMPLES; do
		grep -q "^$s" "$TMP/out" || fail "the rendered page has no section $s"
	done
	has "$TMP/out" 'SUBJECT_TAG_DROPPED'
	has "$TMP/out" 'fml4to8 dry-run --format html /var/mail/example.com/~ml'
fi
# groff's own warnings (unknown macros, bad escapes)
if command -v groff >/dev/null 2>&1; then
	groff -man -ww -z "$PAGE" 2>"$TMP/groff"
	[ ! -s "$TMP/groff" ] || fail "groff warns: $(head -3 "$TMP/groff")"
fi

# every code is documented
sed -n 's/^#define F48_C_[A-Z0-9_]* *"\([A-Z0-9_]*\)".*/\1/p' "$top_srcdir/lib/codes.h" >"$TMP/codes"
[ -s "$TMP/codes" ] || fail "no codes in lib/codes.h"
while read -r c; do
	grep -qx "\.B $c" "$PAGE" || fail "code $c is not in fml4to8(1)"
done <"$TMP/codes"

# every command and each of its options
"$FML4TO8" --help >"$TMP/help" 2>&1
cmds=$(sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p' "$TMP/help")
[ -n "$cmds" ] || fail "fml4to8 --help lists no commands"
for c in $cmds; do
	grep -q "^\.B fml4to8 $c" "$PAGE" || fail "command $c is not in the SYNOPSIS"
	"$FML4TO8" "$c" --help 2>&1 | sed -n 's/^ *\(-[a-z], \)\{0,1\}--\([a-z0-9-]*\).*/\2/p' >"$TMP/opts.$c"
	while read -r op; do
		esc=$(printf '%s' "$op" | sed 's/-/\\\\-/g')
		grep -q "\\\\-\\\\-$esc" "$PAGE" || fail "$c's option --$op is not in fml4to8(1)"
	done <"$TMP/opts.$c"
done
finish

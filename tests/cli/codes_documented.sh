#!/bin/sh
# Every finding code in lib/codes.h is documented in the README, and the
# README documents no code that does not exist: the codes are an interface.
. "$(dirname "$0")/lib.sh"

sed -n 's/^#define F48_C_[A-Z0-9_]* *"\([A-Z0-9_]*\)".*/\1/p' "$top_srcdir/lib/codes.h" | sort >"$TMP/codes"
[ -s "$TMP/codes" ] || fail "no codes found in lib/codes.h"
sed -n '/^Finding codes/,/^Layout/p' "$top_srcdir/README" |
	sed -n 's/^  \([A-Z][A-Z0-9_]*\) .*/\1/p' | sort >"$TMP/documented"
while read -r c; do
	grep -qx "$c" "$TMP/documented" || fail "code $c is not documented in README"
done <"$TMP/codes"
while read -r c; do
	grep -qx "$c" "$TMP/codes" || fail "README documents $c, which lib/codes.h does not define"
done <"$TMP/documented"
echo "$(wc -l <"$TMP/codes") codes checked"
finish

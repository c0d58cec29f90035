#!/bin/sh
# dry-run --jobs: lists are read on several threads, and the report is the
# same, byte for byte (stdout, stderr, exit status), for any number of them,
# in every format; lists with errors stay in their place in the order.  --jobs takes 1..64 only.
. "$(dirname "$0")/lib.sh"

sh "$top_srcdir/bench/gendomain.sh" "$TMP/g" 40 50 || fail "gendomain failed"
G=$TMP/g/var/mail/bench.example/~ml
# list 17's config.ph does not parse, list 23's members is a symbolic link
printf '$X = "unterminated;\n' >>"$G/ml0017/config.ph"
mv "$G/ml0023/members" "$G/ml0023/members.real"
ln -s members.real "$G/ml0023/members"

same_for_jobs() {   # same_for_jobs NAME ARGS...: -j 1 against -j 2, 3 and 7
	name=$1
	shift
	"$FML4TO8" dry-run -j 1 "$@" >"$TMP/$name.1" 2>"$TMP/$name.1e"
	st1=$?
	[ -s "$TMP/$name.1" ] || fail "$name: -j 1 printed nothing"
	for j in 2 3 7; do
		"$FML4TO8" dry-run --jobs "$j" "$@" >"$TMP/$name.$j" 2>"$TMP/$name.${j}e"
		st=$?
		[ "$st" = "$st1" ] || fail "$name: -j $j exited $st, -j 1 exited $st1"
		cmp -s "$TMP/$name.1" "$TMP/$name.$j" || fail "$name: stdout of -j $j differs from -j 1"
		cmp -s "$TMP/$name.1e" "$TMP/$name.${j}e" || fail "$name: stderr of -j $j differs from -j 1"
	done
}

same_for_jobs gen-text -v --root "$TMP/g" "$G"
same_for_jobs gen-xml --format xml --root "$TMP/g" "$G"
same_for_jobs gen-html --format html --root "$TMP/g" "$G"
has "$TMP/gen-text.1" "PARSE_ERROR"
has "$TMP/gen-text.1" "FILE_SYMLINK"
[ "$st1" = 3 ] || fail "the unreadable lists: exit $st1, expected 3"
# the order of the lists is the directory's, whatever thread read them
grep -o 'ml00[0-9][0-9]@bench.example' "$TMP/gen-text.3" | uniq >"$TMP/order"
[ "$(head -n 1 "$TMP/order")" = "ml0000@bench.example" ] || fail "the report does not start with ml0000"
sort -c "$TMP/order" 2>/dev/null || fail "the lists are not in order with -j 3"

same_for_jobs ex-text -v --root "$EXAMPLES" "$EXAMPLES/var/mail/example.net/~ml"
same_for_jobs ex-xml --format xml --root "$EXAMPLES" "$EXAMPLES/var/mail/example.net/~ml"
if [ -d "$FIX" ]; then
	same_for_jobs fx-text -v --root "$FIX" "$FIX/var/mail/example.com/~ml"
	same_for_jobs fx-html --format html --root "$FIX" "$FIX/var/mail/example.com/~ml"
else
	echo "note: ../shared/fixtures not present; checked on examples/ and a generated domain"
fi

for bad in 0 65 -1 abc 2x ""; do
	"$FML4TO8" dry-run --jobs "$bad" --root "$TMP/g" "$G" >"$TMP/u" 2>&1
	st=$?
	[ "$st" = 2 ] || fail "--jobs '$bad': exit $st, expected 2"
	has "$TMP/u" "--jobs takes a number from 1 to 64"
done
finish

#!/bin/sh
# Hostile config.ph input for the evaluator (issue 10): each case ends in
# bounded time and memory with a clear finding (or the right value), never an
# OOM, an abort or freed bytes in a message.  The ASan build runs the same.
. "$(dirname "$0")/lib.sh"

mklist() {  # mklist NAME: an empty list dir; config.ph is written by the caller
	d=$TMP/$1/var/spool/ml/lst
	mkdir -p "$d"
	printf '"|/usr/local/fml/fml.pl /var/spool/ml/lst "\n' >"$d/include"
	printf 'a@example.org\n' >"$d/members"
	printf 'a@example.org\n' >"$d/actives"
	echo "$d"
}

# hostile NAME WANT_STATUS MAX_RSS_KB: run show --all under /usr/bin/time
# (when present) and a 120 s timeout; output in $TMP/NAME.out
hostile() {
	name=$1 want=$2 maxkb=$3 d=$TMP/$1/var/spool/ml/lst
	if [ -x /usr/bin/time ]; then
		timeout 120 /usr/bin/time -v -o "$TMP/$name.time" "$FML4TO8" show --all \
		    --root "$TMP/$name" "$d" >"$TMP/$name.out" 2>"$TMP/$name.err"
		got=$?
		rss=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$TMP/$name.time")
		echo "$name: exit $got, max RSS ${rss:-?} KB"
		[ -n "$rss" ] && [ "$rss" -gt "$maxkb" ] &&
			fail "$name: max RSS $rss KB is over $maxkb KB"
	else
		timeout 120 "$FML4TO8" show --all --root "$TMP/$name" "$d" \
		    >"$TMP/$name.out" 2>"$TMP/$name.err"
		got=$?
	fi
	[ "$got" = "$want" ] || { fail "$name: exit $got, expected $want"; head -5 "$TMP/$name.err"; }
}

# 1. use-after-free: .= on an unknown value passed the freed reason on
d=$(mklist uaf)
printf '$X = $NOSUCH;\n$X .= "a";\n1;\n' >"$d/config.ph"
hostile uaf 1 200000
has "$TMP/uaf.out" "VALUE_UNKNOWN $d/config.ph:2"
has "$TMP/uaf.out" "unknown variable \$NOSUCH" "the reason of line 2"

# 2. 41 doublings: 2^41 bytes; the 1 MiB limit stops it with file:line
d=$(mklist dbl)
{ echo '$X = "a";'; i=0; while [ $i -lt 41 ]; do echo '$X .= $X;'; i=$((i + 1)); done; echo '1;'; } >"$d/config.ph"
hostile dbl 3 200000
has "$TMP/dbl.out" "VALUE_TOO_LONG $d/config.ph:22"
hasnt "$TMP/dbl.out" "VALUE_TOO_LONG $d/config.ph:21"

# 3. 100,000 lines of .= (2 MB of config.ph): the value is exact (1,000,000
# bytes, under the limit) and memory stays small: no copy per line
d=$(mklist many)
awk 'BEGIN { for (i = 0; i < 100000; i++) print "$X .= \"abcdefghij\";"; print "1;" }' >"$d/config.ph"
hostile many 0 300000
grep -q '^  X  *= "abcdefghij' "$TMP/many.out" || fail "many: X is not shown"
len=$(sed -n 's/^  X  *= "\([a-j]*\)"$/\1/p' "$TMP/many.out" | head -1 | tr -d '\n' | wc -c)
[ "$len" = 1000000 ] || fail "many: X has $len bytes, expected 1000000"

# 4. 10,000 such lines (780 MB before)
d=$(mklist tenk)
awk 'BEGIN { for (i = 0; i < 10000; i++) print "$X .= \"abcdefghij\";"; print "1;" }' >"$d/config.ph"
hostile tenk 0 100000

finish

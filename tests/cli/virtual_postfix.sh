#!/bin/sh
# The generated maps through real Postfix tools: postmap / postalias build
# them, and postmap -q / postalias -q resolve every address of every list of
# the fixtures to the realmx form and the :include: of the list's include
# file; the same after --fix of mergeml's virtual file (on a copy).
# Postfix is never started: only postmap, postalias and postconf run, with a
# private config directory (-c), on files in a temporary directory.
. "$(dirname "$0")/lib.sh"
need_shared

PATH=$PATH:/usr/sbin:/usr/local/sbin
if ! command -v postmap >/dev/null 2>&1 || ! command -v postalias >/dev/null 2>&1; then
	echo "SKIP: postmap/postalias not installed (.ci/run installs postfix)"
	exit 77
fi
RMX=realmx.example.jp
LISTS="announce dev info news staff support test-ml users"
MV=$SHARED/fixtures/mergeml/example.com/var/mail/example.com/~ml/etc/postfix/virtual

CFG=$TMP/postfix-cfg
mkdir -p "$CFG"
cat >"$CFG/main.cf" <<EOC
compatibility_level = 3.6
myhostname = $RMX
mydestination = \$myhostname, localhost
EOC
postconf -c "$CFG" -n >"$TMP/postconf.out" 2>&1 || fail "postconf -c $CFG -n: $(cat "$TMP/postconf.out")"

V=$TMP/virtual A=$TMP/aliases
run 0 "$TMP/gen" virtual --realmx $RMX --root "$FIX" -o "$V" -a "$A" "$FIXML"
postmap -c "$CFG" "hash:$V" 2>"$TMP/postmap.err" || fail "postmap hash:$V: $(cat "$TMP/postmap.err")"
postalias -c "$CFG" "hash:$A" 2>"$TMP/postalias.err" || fail "postalias hash:$A: $(cat "$TMP/postalias.err")"
[ -s "$TMP/postmap.err" ] && fail "postmap warned: $(cat "$TMP/postmap.err")"
[ -s "$TMP/postalias.err" ] && fail "postalias warned: $(cat "$TMP/postalias.err")"

# check_virtual FILE WHAT: every address of every list resolves to the realmx form
check_virtual() {
	n=0
	for ml in $LISTS; do
		for s in "" -ctl -request -admin -error; do
			got=$(postmap -c "$CFG" -q "$ml$s@example.com" "hash:$1" 2>&1)
			want="$ml$s=example.com@$RMX"
			[ "$got" = "$want" ] || fail "$2: postmap -q $ml$s@example.com gave '$got', expected '$want'"
			n=$((n + 1))
		done
	done
	[ "$n" = 40 ] || fail "$2: $n addresses checked, expected 40"
	echo "$2: 40 addresses resolve to @$RMX"
}
check_virtual "$V" "generated virtual"
# the domain line declares the domain (kept by default)
[ "$(postmap -c "$CFG" -q example.com "hash:$V")" = example.com ] || fail "domain line not in the map"

for ml in $LISTS; do
	for pair in ":include:/var/mail/example.com/~ml/$ml/include|$ml" \
		":include:/var/mail/example.com/~ml/$ml/include-ctl|$ml-ctl" \
		":include:/var/mail/example.com/~ml/$ml/include-error|$ml-error" \
		"fmladmin|owner-$ml" "$ml-admin=example.com|$ml-request"; do
		want=${pair%|*} key=${pair##*|}=example.com
		got=$(postalias -c "$CFG" -q "$key" "hash:$A" 2>&1)
		[ "$got" = "$want" ] || fail "postalias -q $key gave '$got', expected '$want'"
	done
	got=$(postalias -c "$CFG" -q "$ml-admin=example.com" "hash:$A" 2>&1)
	case $got in
	fmladmin,*"$ml-error=example.com") ;;
	*) fail "postalias -q $ml-admin=example.com gave '$got'" ;;
	esac
done
echo "aliases: every list's names resolve to its include files and fmladmin"

# mergeml's virtual, fixed on a copy
cp "$MV" "$TMP/mv"
run 0 "$TMP/fix" virtual --fix "$TMP/mv" --realmx $RMX --domain-line drop
postmap -c "$CFG" "hash:$TMP/mv" 2>"$TMP/pm2.err" || fail "postmap of the fixed file: $(cat "$TMP/pm2.err")"
check_virtual "$TMP/mv" "fixed mergeml virtual"
got=$(postmap -c "$CFG" -q example.com "hash:$TMP/mv")
[ -z "$got" ] || fail "the dropped domain line is still in the map: $got"
# and before the fix it was wrong (the defect --fix repairs)
cp "$MV" "$TMP/orig"
postmap -c "$CFG" "hash:$TMP/orig"
[ "$(postmap -c "$CFG" -q test-ml@example.com "hash:$TMP/orig")" = "test-ml=example.com" ] ||
	fail "mergeml's original does not show the missing @realmx"

# no Postfix daemon was started by any of this
if command -v pgrep >/dev/null 2>&1 && pgrep -x master >/dev/null 2>&1; then
	echo "note: a Postfix master process is running on this host (not started by this test)"
fi
finish

#!/bin/sh
# virtual on the real fixtures: the maps of the 8 lists of example.com, a
# block replaced and never duplicated, the domain-line choice, --fix of
# mergeml's virtual file (on a copy) twice, and the stale-entry scan.
. "$(dirname "$0")/lib.sh"
need_shared
MERGE=$SHARED/fixtures/mergeml/example.com
MV=$MERGE/var/mail/example.com/~ml/etc/postfix/virtual
RMX=realmx.example.jp
LISTS="announce dev info news staff support test-ml users"
before=$(tree_hash "$SHARED/fixtures")

# --help documents the interface
run 0 "$TMP/help" virtual --help
for w in --realmx --domain-line --fix --check-main-cf --check-aliases --check-virtual \
	'-o, --output' '-a, --aliases' '==> virtual: PATH <==' --only; do
	has "$TMP/help" "$w" "virtual --help"
done
run 2 "$TMP/usage" virtual "$FIXML"
has "$TMP/usage.err" "--realmx HOST is required"

# everything on stdout: two sections and the report
run 0 "$TMP/stdout" virtual --realmx $RMX --root "$FIX" "$FIXML"
has "$TMP/stdout" "==> virtual: /var/mail/example.com/~ml/etc/postfix/virtual <=="
has "$TMP/stdout" "==> aliases: /var/mail/example.com/~ml/etc/mail/aliases <=="
has "$TMP/stdout" "==> report <=="
has "$TMP/stdout" "domain line: keep (example.com	example.com)"
has "$TMP/stdout" "postmap hash:/var/mail/example.com/~ml/etc/postfix/virtual"
has "$TMP/stdout" "postalias hash:/var/mail/example.com/~ml/etc/mail/aliases"
has "$TMP/stdout" "virtual_alias_maps = hash:/var/mail/example.com/~ml/etc/postfix/virtual"
has "$TMP/stdout" "allow_mail_to_commands = alias, forward, include"

# --only virtual: the map alone on stdout
run 0 "$TMP/only" virtual --realmx $RMX --root "$FIX" --only virtual "$FIXML"
hasnt "$TMP/only" "==>"
hasnt "$TMP/only" "ALIASES"
has "$TMP/only.err" "domain line: keep"

# --format html: one page with what was done, the maps and the findings
run 0 "$TMP/v.html" virtual --format html --realmx $RMX --root "$FIX" "$FIXML"
xmllint --html --noout "$TMP/v.html" 2>"$TMP/v.lint" && [ ! -s "$TMP/v.lint" ] ||
	fail "virtual --format html: the page does not parse"
has "$TMP/v.html" "test-ml@example.com		test-ml=example.com@$RMX"
has "$TMP/v.html" ":include:/var/mail/example.com/~ml/test-ml/include"
has "$TMP/v.html" "VIRTUAL_DOMAIN_LINE"
hasnt "$TMP/v.html" "==> virtual"
run 2 "$TMP/v.only.html" virtual --format html --only virtual --realmx $RMX --root "$FIX" "$FIXML"

# into files
V=$TMP/virtual A=$TMP/aliases
run 0 "$TMP/gen" virtual --realmx $RMX --root "$FIX" -o "$V" -a "$A" "$FIXML"
has "$TMP/gen" "virtual: wrote $V"
has "$TMP/gen" "aliases: wrote $A"
[ "$(grep -c '^### <VIRTUAL [a-z-]*@example.com ML> ###$' "$V")" = 8 ] || fail "not 8 VIRTUAL blocks"
[ "$(grep -c '^### </VIRTUAL [a-z-]*@example.com ML> ###$' "$V")" = 8 ] || fail "not 8 VIRTUAL ends"
[ "$(grep -c '^### <ALIASES [a-z-]*=example.com@example.com ML> ###$' "$A")" = 8 ] || fail "not 8 ALIASES blocks"
[ "$(grep -c "=example.com@$RMX\$" "$V")" = 40 ] || fail "not 40 realmx entries"
grep -q '^example.com	example.com$' "$V" || fail "the domain line is not kept by default"
for ml in $LISTS; do
	for s in "" -ctl -request -admin -error; do
		grep -q "^$ml$s@example.com	[	]*$ml$s=example.com@$RMX\$" "$V" || fail "$V lacks $ml$s"
	done
	has "$A" "$ml=example.com: :include:/var/mail/example.com/~ml/$ml/include"
	has "$A" "$ml-ctl=example.com: :include:/var/mail/example.com/~ml/$ml/include-ctl"
	has "$A" "$ml-error=example.com: :include:/var/mail/example.com/~ml/$ml/include-error"
	# the admin aliases go where fml4's did (fmladmin), not to fml8's owner fml
	has "$A" "owner-$ml=example.com: fmladmin"
	has "$A" "$ml-admin=example.com: fmladmin, $ml-error=example.com"
done
grep -q ': fml$' "$A" && fail "an alias goes to fml8's install owner fml"

# a second run changes nothing
cp "$V" "$TMP/v1"; cp "$A" "$TMP/a1"
run 0 "$TMP/gen2" virtual --realmx $RMX --root "$FIX" -o "$V" -a "$A" "$FIXML"
has "$TMP/gen2" "is already up to date; unchanged"
cmp -s "$V" "$TMP/v1" || fail "second run changed $V"
ls "$TMP" | grep -q 'virtual.fml4to8-bak' && fail "an unchanged file was backed up"

# an existing file: its blocks are replaced (a duplicate removed), the rest kept
{
	echo "# the admin's own entries"
	echo "postmaster@example.com	root"
	echo "### <VIRTUAL test-ml@example.com ML> ###"
	echo "test-ml@example.com	test-ml=example.com"
	echo "### </VIRTUAL test-ml@example.com ML> ###"
	echo "### <VIRTUAL other@example.com ML> ###"
	echo "other@example.com	other=example.com"
	echo "### </VIRTUAL other@example.com ML> ###"
	echo "### <VIRTUAL test-ml@example.com ML> ###"
	echo "test-ml@example.com	old-copy"
	echo "### </VIRTUAL test-ml@example.com ML> ###"
} >"$TMP/existing"
run 0 "$TMP/merge" virtual --realmx $RMX --root "$FIX" -o "$TMP/existing" -a "$A" \
	--domain-line drop "$FIXML"
E=$TMP/existing
[ "$(grep -c '^### <VIRTUAL test-ml@example.com ML> ###$' "$E")" = 1 ] || fail "test-ml block duplicated"
[ "$(grep -c '^### <VIRTUAL [a-z-]*@example.com ML> ###$' "$E")" = 9 ] || fail "not 8+1 blocks in $E"
has "$E" "postmaster@example.com	root"
has "$E" "other@example.com	other=example.com"
hasnt "$E" "old-copy"
has "$E" "test-ml@example.com		test-ml=example.com@$RMX"
has "$TMP/merge" "VIRTUAL_BLOCK_DUPLICATE $E:9:"
has "$TMP/merge" "the previous one is kept as $E.fml4to8-bak"
grep -q '^#example.com	example.com$' "$E" || fail "--domain-line drop did not comment out the line"
has "$TMP/merge" "domain line: drop (#example.com	example.com): --domain-line drop"

# mergeml's own files as -o/-a (copies): its 8 blocks are replaced in place
MA=$MERGE/var/mail/example.com/~ml/etc/mail/aliases
cp "$MV" "$TMP/mmv"; cp "$MA" "$TMP/mma"
run 0 "$TMP/mm" virtual --realmx $RMX --root "$FIX" -o "$TMP/mmv" -a "$TMP/mma" "$FIXML"
[ "$(grep -c '^### <VIRTUAL ' "$TMP/mmv")" = 8 ] || fail "mergeml virtual: not 8 blocks after"
[ "$(grep -c '^### <ALIASES ' "$TMP/mma")" = 8 ] || fail "mergeml aliases: not 8 blocks after"
[ "$(grep -c "=example.com@$RMX\$" "$TMP/mmv")" = 40 ] || fail "mergeml virtual: not 40 realmx entries"
grep -q ': fml$' "$TMP/mma" && fail "mergeml aliases still go to fml"
grep -q ': fml,' "$TMP/mma" && fail "mergeml aliases still go to fml"
has "$TMP/mma" "owner-test-ml=example.com: fmladmin"
grep -qF "$(sed -n 2p "$MV")" "$TMP/mmv" || fail "mergeml virtual lost its own comment lines"

# --domain-line auto: another map declares the domain -> drop, and says where
printf '# other map\nexample.com\tvirtual\n' >"$TMP/other-virtual"
run 0 "$TMP/auto" virtual --realmx $RMX --root "$FIX" --only virtual \
	--check-virtual "$TMP/other-virtual" "$FIXML"
grep -q '^#example.com	example.com$' "$TMP/auto" || fail "auto did not drop with another declaration"
has "$TMP/auto.err" "domain line: drop (#example.com	example.com): $TMP/other-virtual:2 already declares example.com"

# --fix on a copy of mergeml's virtual file
cp "$MV" "$TMP/mv"
run 0 "$TMP/fix1" virtual --fix "$TMP/mv" --realmx $RMX --domain-line drop
has "$TMP/fix1" "$TMP/mv: 40 right-hand sides completed with @$RMX"
has "$TMP/fix1" "fixed: wrote $TMP/mv (the previous one is kept as $TMP/mv.fml4to8-bak)"
has "$TMP/fix1" "domain line: drop"
cmp -s "$MV" "$TMP/mv.fml4to8-bak" || fail "the backup is not the original"
[ "$(grep -c "=example.com@$RMX\$" "$TMP/mv")" = 40 ] || fail "--fix: not 40 realmx entries"
grep -q '^#example.com	example.com$' "$TMP/mv" || fail "--fix did not drop the domain line"
# only what was wrong changed: same lines apart from the 40 RHS and the domain line
diff "$MV" "$TMP/mv" | grep '^>' | grep -v "@$RMX\$" | grep -v 'example.com	example.com$' |
	grep -v '^> # fml4to8 domain line:' >"$TMP/extra"
[ -s "$TMP/extra" ] && fail "--fix changed more: $(cat "$TMP/extra")"
cp "$TMP/mv" "$TMP/mv.after1"
run 0 "$TMP/fix2" virtual --fix "$TMP/mv" --realmx $RMX --domain-line drop
has "$TMP/fix2" "nothing to fix; the file is unchanged"
has "$TMP/fix2" "0 right-hand sides completed"
cmp -s "$TMP/mv" "$TMP/mv.after1" || fail "second --fix changed the file"
[ -e "$TMP/mv.fml4to8-bak.1" ] && fail "second --fix made a backup"
# auto with nothing shown leaves the domain line as it is
cp "$MV" "$TMP/mv2"
run 0 "$TMP/fix3" virtual --fix "$TMP/mv2" --realmx $RMX
grep -q '^example.com	example.com$' "$TMP/mv2" || fail "auto --fix touched the domain line"
has "$TMP/fix3" "domain line: unchanged"

# auto --fix with a main.cf: the domain in virtual_alias_domains -> dropped, once
printf 'myhostname = %s\nmydestination = $myhostname\nvirtual_alias_domains = example.com\n' $RMX >"$TMP/vad.cf"
cp "$MV" "$TMP/mv4"
run 1 "$TMP/fix4" virtual --fix "$TMP/mv4" --realmx $RMX --check-main-cf "$TMP/vad.cf" "$FIXML" --root "$FIX"
grep -q '^#example.com	example.com$' "$TMP/mv4" || fail "auto --fix did not drop a line main.cf declares"
has "$TMP/fix4" "virtual_alias_domains already declares example.com ($TMP/vad.cf:3)"
has "$TMP/fix4" "MAINCF_ALIAS_MAPS_MISSING"
run 1 "$TMP/fix5" virtual --fix "$TMP/mv4" --realmx $RMX --check-main-cf "$TMP/vad.cf" "$FIXML" --root "$FIX"
has "$TMP/fix5" "nothing to fix; the file is unchanged"

# include owners from MODES.txt (git keeps no owners): mergeml left every
# include root-owned, fml4 had them all owned by fmladmin
printf 'myhostname = %s\n' $RMX >"$TMP/r.cf"
MML=$MERGE/var/mail/example.com/~ml
run 1 "$TMP/own" virtual --realmx $RMX --root "$MERGE" --owners-from "$MERGE/MODES.txt" \
	--check-main-cf "$TMP/r.cf" --only virtual "$MML"
[ "$(grep -c 'INCLUDE_OWNED_BY_ROOT' "$TMP/own.err")" = 24 ] || fail "not 8x3 root-owned includes in mergeml"
has "$TMP/own.err" "INCLUDE_OWNED_BY_ROOT /var/mail/example.com/~ml/test-ml/include: owned by root"
has "$TMP/own.err" "fix: chown fmladmin /var/mail/example.com/~ml/test-ml/include"
run 1 "$TMP/own4" virtual --realmx $RMX --root "$FIX" --owners-from "$FIX/MODES.txt" \
	--check-main-cf "$TMP/r.cf" --only virtual "$FIXML"
hasnt "$TMP/own4.err" "INCLUDE_OWNED_BY_ROOT"

# stale entries: fml4's collected aliases still run fml.pl for every list
run 1 "$TMP/stale" virtual --realmx $RMX --root "$FIX" --only virtual \
	--check-aliases "$FIXML/etc/aliases" --check-virtual "$MV" "$FIXML"
has "$TMP/stale.err" "ALIAS_STALE_FML4 $FIXML/etc/aliases:"
has "$TMP/stale.err" "alias \"test-ml\" still sends mail of the migrated list test-ml@example.com to fml4"
has "$TMP/stale.err" "VIRTUAL_NO_REALMX $MV:7:"
for ml in $LISTS; do
	grep -q "ALIAS_STALE_FML4 .*alias \"$ml-ctl\"" "$TMP/stale.err" || fail "stale $ml-ctl not found"
done
# mergeml's fml8 aliases file is not stale (its own names, in place)
run 0 "$TMP/notstale" virtual --realmx $RMX --root "$FIX" --only aliases \
	--check-aliases "$MERGE/var/mail/example.com/~ml/etc/mail/aliases" "$FIXML"
hasnt "$TMP/notstale.err" "ALIAS_STALE_FML4"

# the fixtures were only read
[ "$(tree_hash "$SHARED/fixtures")" = "$before" ] || fail "the fixtures changed"
finish

#!/bin/sh
# fml4to8 scan on host trees built here from the fixtures, wired into
# Postfix the way fml4's makefml and its virtual-domain setup do it (the
# domain's ~ml/etc/aliases in alias_maps, a virtual map sending
# ML@DOMAIN to the alias ML): every list with its domain, state, counts and
# findings, in text and in XML valid against the schema; a list directory no
# alias reaches and an alias whose list is gone; a list migrated by
# fml4to8 (fml8), one rolled back (rolled-back), and the mergeml tree
# (fml8-by-mergeml).  Scan writes nothing.
. "$(dirname "$0")/lib.sh"
need_shared
need_root_and_owner
XSD=$top_srcdir/templates/report.xsd
MLP=/var/mail/example.com/~ml

# --- host A: the fml4 domain -------------------------------------------------
A=$TMP/a
mkdir -p "$A/etc/postfix" "$A/var/mail" "$A/usr/local/etc/fml"
cp -a "$FIX/var/mail/example.com" "$A/var/mail/" && cp -a "$FIX/usr" "$A/" && chmod -R u+w "$A"
ML=$A$MLP
# makefml wrote ~ml/etc/aliases; "news" loses its aliases (a list no address
# reaches) and "gone" keeps aliases to a list directory that was removed.
grep -v '^news' "$FIXML/etc/aliases" >"$ML/etc/aliases"
printf 'gone: :include:%s/gone/include\ngone-ctl: :include:%s/gone/include-ctl\n' "$MLP" "$MLP" >>"$ML/etc/aliases"
printf 'root: postmaster\n' >"$A/etc/aliases"
cat >"$A/etc/postfix/main.cf" <<EOT
myhostname = mx.example.jp
mydomain = example.jp
fml_aliases = $MLP/etc/aliases
alias_maps = hash:/etc/aliases, hash:\$fml_aliases
alias_database = \$alias_maps
virtual_alias_maps = hash:/etc/postfix/virtual, hash:/etc/postfix/missing, mysql:/etc/postfix/my.cf
EOT
# fml4's virtual domain: ML@DOMAIN -> the alias ML (and -ctl, -request, -admin)
{
	printf 'example.com\tvirtual domain\n'
	for l in users announce dev staff test-ml news support info gone; do
		for s in "" -ctl -request -admin; do printf '%s%s@example.com\t%s%s\n' $l "$s" $l "$s"; done
	done
} >"$A/etc/postfix/virtual"
MAP=$A/usr/local/etc/fml/ml_home_prefix
: >"$MAP"
fake_fml8 "$A"

# test-ml migrated by fml4to8; dev migrated and rolled back
for l in test-ml dev; do
	"$FML4TO8" migrate --owner "$OWNER" --root "$A" --ml-home-prefix-map "$MAP" "$ML/$l" >"$TMP/m.$l" 2>&1 ||
		[ $? = 1 ] || fail "migrate $l failed: $(cat "$TMP/m.$l")"
done
run 0 "$TMP/rb" rollback --root "$A" "$ML/dev"
# staff: a migration killed after its first actions (mail deferred, journal
# not finished); users: fml8 files left by an earlier attempt
FML4TO8_TEST_STOP_AFTER=14 "$FML4TO8" migrate --owner "$OWNER" --root "$A" \
	--ml-home-prefix-map "$MAP" "$ML/staff" >"$TMP/m.staff" 2>&1
[ $? = 137 ] || fail "the killed migration of staff did not stop: $(cat "$TMP/m.staff")"
printf 'ml_name = users\n' >"$ML/users/config.cf"
# an alias into a symlinked list directory, and a map that is not there
ln -s "$MLP/info" "$ML/info-link"
printf 'infolink: "|/usr/local/fml/fml.pl %s/info-link"\n' "$MLP" >>"$ML/etc/aliases"

before=$(tree_hash "$A")
run 1 "$TMP/a.txt" scan --root "$A"
run 1 "$TMP/a.xml" scan --root "$A" --format xml
run 1 "$TMP/a.html" scan --root "$A" --format html
[ "$(tree_hash "$A")" = "$before" ] || fail "scan changed the host tree"

# HTML: the page parses, names every list the XML has with its state and
# counts, and gives the dry-run command
xmllint --html --noout "$TMP/a.html" 2>"$TMP/a.lint" && [ ! -s "$TMP/a.lint" ] ||
	fail "scan: the HTML page does not parse: $(head -3 "$TMP/a.lint")"
for n in $(xmllint --xpath '//scan-list/@name' "$TMP/a.xml" | sed 's/ *name="\([^"]*\)"/\1 /g'); do
	st=$(xmllint --xpath "string(//scan-list[@name='$n']/@state)" "$TMP/a.xml")
	m=$(xmllint --xpath "string(//scan-list[@name='$n']/@members)" "$TMP/a.xml")
	[ "$(xmllint --html --xpath "count(//table[@id='lists']/tr[td[1]/a='$n@example.com'])" "$TMP/a.html" 2>/dev/null)" = 1 ] ||
		fail "scan html: $n not in the table of lists"
	has "$TMP/a.html" "state: $st"
	if [ -n "$m" ]; then
		got=$(xmllint --html --xpath "string(//table[@id='lists']/tr[td[1]/a='$n@example.com']/td[4])" "$TMP/a.html" 2>/dev/null)
		case $got in "$m "*) ;; *) fail "scan html: $n members \"$got\", XML $m" ;; esac
	fi
done
has "$TMP/a.html" "fml4to8 dry-run --root $A"
nx=$(xmllint --xpath 'count(//scan-list)' "$TMP/a.xml")
nh=$(xmllint --html --xpath 'count(//table[@id="lists"]/tr[td[1]/a])' "$TMP/a.html" 2>/dev/null)
[ "$nx" -ge 8 ] && [ "$nx" = "$nh" ] || fail "scan: $nx lists in the XML, $nh in the HTML table"

T=$TMP/a.txt
has "$T" "domain example.com: 8 lists"
has "$T" "summary: 8 lists in 1 domain; fml4 5 fml8 1 half-migrated 1 rolled-back 1"
has "$T" "staff  half-migrated  ($STATE/"; has "$T" "/journal stops at action"
has "$T" "SCAN_HALF_MIGRATED $MLP/staff:"
has "$T" "SCAN_INCLUDE_DEFERS"
has "$T" "SCAN_FML8_LEFTOVER $MLP/users: fml4 list with fml8 files of an earlier attempt: config.cf"
has "$T" "SCAN_SYMLINK $MLP/info-link:"
has "$T" "SCAN_MAP_UNREADABLE /etc/postfix/missing:"
has "$T" "mysql:/etc/postfix/my.cf is not a file map"
has "$T" "/journal says \"state migrated\")"
has "$T" "dev  rolled-back  (.fml4rc.rolled-back-1/"
has "$T" "announce  fml4  (config.ph)"
has "$T" "addresses:  announce@example.com"
has "$T" "fml.pl:     /usr/local/fml/fml.pl"
has "$T" "members 4999, recipients 4996, digest 2"
has "$T" "SCAN_LIST_UNREACHED $MLP/news:"
has "$T" "SCAN_ALIAS_TARGET_MISSING $MLP/etc/aliases:"
has "$T" "alias gone includes $MLP/gone/include, which does not exist"
has "$T" "dry-run: fml4to8 dry-run --root $A $ML"
has "$T" "order to migrate (nothing for a person first): support"

X=$TMP/a.xml
xmllint --noout --schema "$XSD" "$X" 2>"$TMP/lint" || { cat "$TMP/lint"; fail "scan XML is not valid"; }
x() { xmllint --xpath "$1" "$X" 2>/dev/null; }
[ "$(x 'count(//scan-list)')" = 8 ] || fail "XML: $(x 'count(//scan-list)') lists, not 8"
[ "$(x 'count(//domain[@name="example.com"]/scan-list)')" = 8 ] || fail "XML: not all in example.com"
[ "$(x 'string(//scan-list[@name="test-ml"]/@state)')" = fml8 ] || fail "XML: test-ml is not fml8"
[ "$(x 'string(//scan-list[@name="test-ml"]/@reached-by-fml8)')" = yes ] || fail "XML: test-ml not reached by fml8"
[ "$(x 'string(//scan-list[@name="dev"]/@state)')" = rolled-back ] || fail "XML: dev is not rolled-back"
[ "$(x 'string(//scan-list[@name="info"]/@state)')" = fml4 ] || fail "XML: info is not fml4"
# the counts are the read stage's (fml4to8 show): test-ml 9 members, 4 + 2 digest
[ "$(x 'string(//scan-list[@name="dev"]/@members)')" = 3 ] || fail "XML: dev members"
[ "$(x 'string(//scan-list[@name="announce"]/@recipients)')" = 4996 ] || fail "XML: announce recipients"
[ "$(x 'string(//scan-list[@name="announce"]/@digest)')" = 2 ] || fail "XML: announce digest"
[ "$(x 'string(//scan-list[@name="test-ml"]/@seq)')" = 5 ] || fail "XML: test-ml seq"
[ "$(x 'count(//scan-list[@name="news"]/finding[@code="SCAN_LIST_UNREACHED"])')" = 1 ] || fail "XML: news unreached"
[ "$(x 'count(/fml4to8/scan/finding[@code="SCAN_ALIAS_TARGET_MISSING"])')" = 2 ] || fail "XML: gone aliases"
[ "$(x 'string(//scan-list[@name="users"]/address)')" = users@example.com ] || fail "XML: users address"
[ "$(x 'string(//state[@name="fml4"]/@lists)')" = 5 ] || fail "XML: fml4 count"
[ "$(x 'string(//scan-list[@name="staff"]/@state)')" = half-migrated ] || fail "XML: staff is not half-migrated"

# --main-cf and a DIR: the same lists
run 1 "$TMP/a2.txt" scan --root "$A" --main-cf /etc/postfix/main.cf "$ML"
has "$TMP/a2.txt" "summary: 8 lists in 1 domain"
# no main.cf: only the DIR is walked, and it says so
rm "$A/etc/postfix/main.cf"
run 1 "$TMP/a3.txt" scan --root "$A" "$ML"
has "$TMP/a3.txt" "SCAN_MAIN_CF_MISSING"
has "$TMP/a3.txt" "summary: 8 lists"

# --- host B: the tree makefml mergeml made -----------------------------------
B=$TMP/b
cp -a "$SHARED/fixtures/mergeml/example.com" "$B" && chmod -R u+w "$B"
mkdir -p "$B/etc/postfix"
printf 'root: postmaster\n' >"$B/etc/aliases"
# an old fml4 alias still runs fml.pl for info, which mergeml made fml8
printf 'info-old: "|/usr/local/fml/fml.pl %s/info"\n' "$MLP" >>"$B/etc/aliases"
cat >"$B/etc/postfix/main.cf" <<EOT
alias_maps = hash:/etc/aliases, hash:$MLP/etc/mail/aliases
virtual_alias_maps = hash:$MLP/etc/postfix/virtual
EOT
run 1 "$TMP/b.txt" scan --root "$B" --state-dir "$TMP/state-b" --format xml
X=$TMP/b.xml
mv "$TMP/b.txt" "$X"
xmllint --noout --schema "$XSD" "$X" 2>"$TMP/lint" || { cat "$TMP/lint"; fail "mergeml scan XML is not valid"; }
[ "$(x 'count(//scan-list)')" = 8 ] || fail "mergeml: $(x 'count(//scan-list)') lists, not 8"
[ "$(x 'count(//scan-list[@state="fml8-by-mergeml"])')" = 8 ] || fail "mergeml: not all fml8-by-mergeml"
[ "$(x 'string(//scan-list[@name="test-ml"]/address)')" = test-ml@example.com ] || fail "mergeml: test-ml address"
[ "$(x 'string(//scan-list[@name="test-ml"]/@reached-by-fml8)')" = yes ] || fail "mergeml: not reached by fml8"
[ "$(x 'count(//scan-list[@name="info"]/finding[@code="SCAN_REACHED_BY_BOTH"])')" = 1 ] || fail "mergeml: info not reached by both"
[ "$(x 'count(//finding[@code="SCAN_REACHED_BY_BOTH"])')" = 1 ] || fail "mergeml: other lists reached by both"
[ "$(x 'string(//domain/@name)')" = example.com ] || fail "mergeml: domain is $(x 'string(//domain/@name)')"
[ -n "${KEEP:-}" ] && cp -a "$TMP" /tmp/f48-scan-keep
finish

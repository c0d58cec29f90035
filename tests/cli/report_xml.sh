#!/bin/sh
# Every command's --format xml on the fixture domain validates against the
# one schema shipped in templates/report.xsd (format version 2): show,
# dry-run, migrate --all, verify, rollback, audit (the mergeml tree) and
# virtual.  Each list element carries its status; fixes carry real values.
. "$(dirname "$0")/lib.sh"
need_shared
need_root_and_owner
XSD=$top_srcdir/templates/report.xsd

valid() {   # FILE COMMAND
	xmllint --noout --schema "$XSD" "$1" 2>"$TMP/lint" ||
		{ fail "$2: XML not valid against report.xsd"; head -5 "$TMP/lint"; return; }
	x() { xmllint --xpath "$1" "$TMP/cur.xml" 2>/dev/null; }
	cp "$1" "$TMP/cur.xml"
	[ "$(x 'string(/fml4to8/@command)')" = "$2" ] || fail "$2: command attribute"
	[ "$(x 'string(/fml4to8/@version)')" = 2 ] || fail "$2: version attribute"
}

cp -a "$FIX" "$TMP/root" && chmod -R u+w "$TMP/root" && fake_fml8 "$TMP/root"
: >"$MAP"

"$FML4TO8" show --format xml --root "$TMP/root" "$ML" >"$TMP/show.xml" 2>"$TMP/err"
valid "$TMP/show.xml" show
"$FML4TO8" dry-run --format xml --root "$TMP/root" "$ML" >"$TMP/dry.xml" 2>"$TMP/err"
valid "$TMP/dry.xml" dry-run
[ "$(xmllint --xpath 'count(//list[@status])' "$TMP/dry.xml")" = 8 ] || fail "dry-run: a list without status"
[ "$(xmllint --xpath 'count(//list[@name="test-ml"]/section[@id="cron"]/line)' "$TMP/dry.xml")" = 1 ] ||
	fail "dry-run: test-ml's cron section"
[ "$(xmllint --xpath 'count(/fml4to8/summary/next)' "$TMP/dry.xml")" -ge 3 ] || fail "dry-run: next steps"

"$FML4TO8" migrate --all --format xml --owner "$OWNER" --root "$TMP/root" --ml-home-prefix-map "$MAP" \
	"$ML" >"$TMP/mig.xml" 2>"$TMP/err"
valid "$TMP/mig.xml" migrate
[ "$(xmllint --xpath 'count(//list)' "$TMP/mig.xml")" = 8 ] || fail "migrate: not 8 lists"
xmllint --xpath 'string(//list[@name="test-ml"]/section[@id="result"]/line[1])' "$TMP/mig.xml" |
	grep -q 'migrated to fml8' || fail "migrate: test-ml's result"
[ "$(xmllint --xpath 'string(//list[@name="test-ml"]/section[@id="cron"]/line[1])' "$TMP/mig.xml")" = \
	'5 * * * * /usr/local/libexec/fml/digest /var/mail/example.com/~ml/test-ml' ] ||
	fail "migrate: test-ml's crontab suggestion"

"$FML4TO8" verify --format xml "$ML" >"$TMP/ver.xml" 2>"$TMP/err"
valid "$TMP/ver.xml" verify
"$FML4TO8" rollback --format xml --root "$TMP/root" "$ML/test-ml" >"$TMP/rb.xml" 2>"$TMP/err"
valid "$TMP/rb.xml" rollback
xmllint --xpath 'string(//list/section[@id="result"]/line[1])' "$TMP/rb.xml" | grep -q 'back to fml4' ||
	fail "rollback: no result line"
# the rolled-back list has fml4's owners: the fix names the owner and the list
"$FML4TO8" verify --format xml "$ML/test-ml" >"$TMP/ver2.xml" 2>"$TMP/err"
valid "$TMP/ver2.xml" verify
if grep -q 'OWNER_WRONG' "$TMP/ver2.xml"; then
	grep -qE "fix=\"fml4to8 verify --fix-owner [a-z0-9_-]+ $ML/test-ml\"" "$TMP/ver2.xml" ||
		fail "verify: the fix does not name the owner and the list"
	hasnt "$TMP/ver2.xml" 'fix-owner USER'
fi

M=$SHARED/fixtures/mergeml/example.com
cp -a "$M" "$TMP/m" && chmod -R u+w "$TMP/m"
"$FML4TO8" audit --format xml --root "$TMP/m" "$TMP/m/var/mail/example.com/~ml/test-ml" >"$TMP/audit.xml" 2>"$TMP/err"
valid "$TMP/audit.xml" audit
hasnt "$TMP/audit.xml" 'USER LIST_DIR'
"$FML4TO8" virtual --format xml --realmx realmx.example.jp --root "$TMP/root" \
	-o "$TMP/virtual" -a "$TMP/aliases" "$ML" >"$TMP/virt.xml" 2>"$TMP/err"
valid "$TMP/virt.xml" virtual
finish

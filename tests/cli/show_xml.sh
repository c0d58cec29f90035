#!/bin/sh
# show --format xml: valid against templates/report.xsd, with one setting
# element per effective variable, one member element per list entry and one
# finding element per finding.
. "$(dirname "$0")/lib.sh"
XSD=$top_srcdir/templates/report.xsd

# the examples (always present)
run 0 "$TMP/ex.xml" show --format xml --root "$EXAMPLES" "$EXML"
xmllint --noout --schema "$XSD" "$TMP/ex.xml" 2>"$TMP/lint" || { cat "$TMP/lint"; fail "examples XML is not valid"; }

need_shared
run 0 "$TMP/all.xml" show --format xml --root "$FIX" "$FIXML"
xmllint --noout --schema "$XSD" "$TMP/all.xml" 2>"$TMP/lint" || { cat "$TMP/lint"; fail "fixture XML is not valid"; }
x() { xmllint --xpath "$1" "$TMP/all.xml" 2>/dev/null; }

[ "$(x 'count(/fml4to8/list)')" = 8 ] || fail "expected 8 lists"
[ "$(x 'string(/fml4to8/list[@name="test-ml"]/setting[@name="SUBJECT_TAG_TYPE"])')" = "[:]" ] ||
	fail "test-ml SUBJECT_TAG_TYPE"
[ "$(x 'string(/fml4to8/list[@name="test-ml"]/subject-tag)')" = "[test-ml:%05d]" ] ||
	fail "test-ml subject-tag"
[ "$(x 'string(/fml4to8/list[@name="users"]/setting[@name="SUBJECT_TAG_TYPE"]/@layer)')" = site_init ] ||
	fail "users tag layer"
[ "$(x 'string(/fml4to8/list[@name="test-ml"]/setting[@name="INCOMING_MAIL_SIZE_LIMIT"]/@line)')" = 6 ] ||
	fail "size limit line"
# members: one element per entry, with fml4's modes
a='/fml4to8/list[@name="test-ml"]/member-file[@variable="ACTIVE_LIST"]'
[ "$(x "count($a/member[@mode='realtime'])")" = 4 ] || fail "test-ml realtime"
[ "$(x "count($a/member[@mode='digest'])")" = 2 ] || fail "test-ml digest"
[ "$(x "string($a/member[@address='sato@example.jp']/@digest)")" = 3u ] || fail "sato m=3u"
[ "$(x "string($a/member[@address='yamamoto@example.jp']/@mode)")" = skip ] || fail "yamamoto skip"
[ "$(x "string($a/member[@address='kato@example.co.jp']/@mode)")" = off ] || fail "kato off"
[ "$(x "string($a/member[@address='kobayashi@example.jp']/@mode)")" = bye ] || fail "kobayashi bye"
a='/fml4to8/list[@name="announce"]/member-file[@variable="ACTIVE_LIST"]'
[ "$(x "count($a/member)")" = 5000 ] || fail "announce: expected 5000 member elements"
[ "$(x "count($a/member[@mode='realtime'])")" = 4996 ] || fail "announce realtime"
# the support list's EUC-JP value is UTF-8 in the XML
[ "$(x 'string(/fml4to8/list[@name="support"]/setting[@name="ML_FN"])')" = "(サポート窓口)" ] ||
	fail "support ML_FN not converted"
# findings carry code, severity, file, line
[ "$(x 'count(/fml4to8/list/finding[@code="SITE_OVERRIDE"])')" -ge 7 ] || fail "SITE_OVERRIDE findings"
finish

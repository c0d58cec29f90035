#!/bin/sh
# dry-run --format xml: valid against templates/report.xsd; a config-line
# element per config.cf line, a file element per file written, findings.
. "$(dirname "$0")/lib.sh"
XSD=$top_srcdir/templates/report.xsd

run 1 "$TMP/ex.xml" dry-run --format xml --root "$EXAMPLES" "$EXML"
xmllint --noout --schema "$XSD" "$TMP/ex.xml" 2>"$TMP/lint" || { cat "$TMP/lint"; fail "examples XML invalid"; }

need_shared
run 1 "$TMP/a.xml" dry-run --format xml --root "$FIX" "$FIXML"
xmllint --noout --schema "$XSD" "$TMP/a.xml" 2>"$TMP/lint" || { cat "$TMP/lint"; fail "fixture XML invalid"; }
x() { xmllint --xpath "$1" "$TMP/a.xml" 2>/dev/null; }
t='/fml4to8/list[@name="test-ml"]'
[ "$(x "count($t/config-line[.='article_subject_tag = [\$ml_name:%05d]'])")" = 1 ] || fail "tag line"
[ "$(x "string($t/config-line[.='article_subject_tag = [\$ml_name:%05d]']/@forced)")" = yes ] || fail "forced"
[ "$(x "string($t/file[@path='config.cf']/@mode)")" = 0600 ] || fail "config.cf mode"
[ "$(x "string($t/file[@path='config.cf']/@owner)")" = fmladmin ] || fail "owner"
[ "$(x "string($t/file[@path='include-error']/@mode)")" = 0644 ] || fail "include-error mode"
[ "$(x "string($t/move[@from='config.ph']/@path)")" = .fml4rc/config.ph ] || fail "config.ph moved"
[ "$(x "string($t/counts/@fml8-recipients)")" = 4 ] || fail "counts"
[ "$(x 'string(/fml4to8/summary/@lists)')" = 8 ] || fail "summary lists"
[ "$(x 'string(/fml4to8/summary/@fml8-recipients)')" -gt 5000 ] || fail "summary recipients"
[ "$(x 'count(/fml4to8/list[@name="dev"]/finding[@code="HOOK_NEEDS_PORTING"])')" = 4 ] || fail "dev hooks"
finish

#!/bin/sh
# audit never "restores" a value fml4to8 cannot know: on a copy of mergeml's
# info list whose fml4 original computes MAINTAINER at run time, no
# maintainer line is offered or written by --fix, and SETTING_NEEDS_HUMAN
# names the variable, its text and file:line.  The known settings are still
# restored.  Works on a copy: fixtures are read-only.
. "$(dirname "$0")/lib.sh"
need_shared
cp -a "$SHARED/fixtures/mergeml/example.com" "$TMP/m"
chmod -R u+w "$TMP/m"
R=$TMP/m
L=$R/var/mail/example.com/~ml/info
ph=$L/.fml4rc/config.ph
# the value depends on the day fml4 runs: it stays unknown
sed -i 's/^1;$/$MAINTAINER = (localtime)[8] ? "a\\@example.com" : "b\\@example.com";\n1;/' "$ph"
n=$(grep -n '^\$MAINTAINER = (localtime)' "$ph" | cut -d: -f1)
[ -n "$n" ] || fail "could not edit the copy"
# config.cf says something else than fml8's template about the maintainer
printf 'maintainer = someone@example.com\n' >"$TMP/m.cf"
sed -i "/^=cut/e cat $TMP/m.cf" "$L/config.cf"

run 1 "$TMP/a" audit --root "$R" "$L"
# text: grouped under the code, places relative to the list
has "$TMP/a" "  warning SETTING_NEEDS_HUMAN"
has "$TMP/a" "    .fml4rc/config.ph:$n: MAINTAINER cannot be known without running fml4"
# XML: the full path and line, for scripts
run 1 "$TMP/a.xml" audit --format xml --root "$R" "$L"
has "$TMP/a.xml" "code=\"SETTING_NEEDS_HUMAN\""
has "$TMP/a.xml" "file=\"$ph\" line=\"$n\""
has "$TMP/a" '(localtime)[8]'
has "$TMP/a" 'fml4to8 wrote no line for maintainer'
has "$TMP/a" "maintainer = \"someone@example.com\" here; fml4's MAINTAINER"
! grep -q '^  maintainer = ' "$TMP/a" || fail "a maintainer line is offered"
! grep -q 'SETTING_CHANGED.*maintainer' "$TMP/a" || fail "maintainer reported as changed"
# what is known is still restored
has "$TMP/a" '  article_post_restrictions = reject_system_special_accounts permit_anyone reject'
has "$TMP/a" '  incoming_article_body_size_limit = 1048576'

run 1 "$TMP/fix" audit --fix --root "$R" "$L"
has "$TMP/fix" 'fixed: '
has "$L/config.cf" 'incoming_article_body_size_limit = 1048576'
hasnt "$L/config.cf" 'webmaster@example.com'
[ "$(grep -c '^maintainer' "$L/config.cf")" = 2 ] || fail "audit --fix wrote a maintainer line"
finish

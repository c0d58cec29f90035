#!/bin/sh
# dry-run --format html of the fixture domain: one self-contained page that
# libxml2's HTML parser reads, naming every list with the same member and
# recipient counts before -> after as the XML report, no script, no external
# file; the findings by severity with file:line, the config.cf and crontab
# lines per list.
. "$(dirname "$0")/lib.sh"
need_shared

run 1 "$TMP/r.html" dry-run --format html --root "$FIX" "$FIXML"
run 1 "$TMP/r.xml" dry-run --format xml --root "$FIX" "$FIXML"
xmllint --html --noout "$TMP/r.html" 2>"$TMP/lint" || fail "libxml2's HTML parser refuses the page"
[ ! -s "$TMP/lint" ] || { fail "the HTML parser complains"; head -5 "$TMP/lint"; }
h() { xmllint --html --xpath "$1" "$TMP/r.html" 2>/dev/null; }
x() { xmllint --xpath "$1" "$TMP/r.xml" 2>/dev/null; }

# self-contained: no script, no external style sheet, image or frame
[ "$(h 'count(//script|//link|//img|//iframe|//object|//embed|//*[@src])')" = 0 ] ||
	fail "the page loads something"
[ "$(h 'count(//a[@href and not(starts-with(@href, "#"))])')" = 0 ] || fail "a link leaves the page"
[ "$(h 'count(//style)')" = 1 ] || fail "no inline style"

names=$(x '//list/@name' | sed 's/ *name="\([^"]*\)"/\1\n/g' | sed '/^$/d')
[ "$(echo "$names" | wc -l)" = 8 ] || fail "the XML has not 8 lists"
arrow=$(printf '\342\206\222')
for n in $names; do
	row="//table[@id='lists']/tr[td[1]/a='$n']"
	[ "$(h "count($row)")" = 1 ] || { fail "$n: not in the table of lists"; continue; }
	[ "$(h "string($row/td[1]/a/@href)")" = "#list-$n" ] || fail "$n: no link to its section"
	[ "$(h "count(//h2[@id='list-$n'])")" = 1 ] || fail "$n: no section"
	for k in members recipients digest; do
		case $k in members) col=4 ;; recipients) col=5 ;; digest) col=6 ;; esac
		want="$(x "string(//list[@name='$n']/counts/@fml4-$k)") $arrow $(x "string(//list[@name='$n']/counts/@fml8-$k)")"
		got=$(h "string($row/td[$col])")
		[ "$got" = "$want" ] || fail "$n: $k \"$got\" in the page, \"$want\" in the XML"
	done
	st=$(x "string(//list[@name='$n']/@status)")
	[ "$(h "string($row/td[3])")" = "$st" ] || fail "$n: status differs from the XML ($st)"
	[ "$(h "count(//h2[@id='list-$n']/following-sibling::pre[@class='config-set'][1])")" = 1 ] ||
		fail "$n: no config.cf block"
done
# totals as in the XML summary
want="$(x 'string(/fml4to8/summary/@fml4-members)') $arrow $(x 'string(/fml4to8/summary/@fml8-members)')"
[ "$(h "string(//table[@id='lists']/tr[th/b='total']/td[1])")" = "$want" ] || fail "total members"
# findings by severity, with file:line; the crontab line for test-ml
[ "$(h 'count(//table[@class="warning"]/tr[td[3]/code="CRON_DIGEST"])')" -ge 2 ] || fail "no CRON_DIGEST rows"
has "$TMP/r.html" '<code>config.ph:1546</code>'
has "$TMP/r.html" '5 * * * * /usr/local/libexec/fml/digest /var/mail/example.com/~ml/test-ml'
has "$TMP/r.html" 'article_subject_tag = [$ml_name:%05d]'
# the domain's Postfix maps, as "virtual" writes them (nothing written):
# fml8's own form without --realmx, with @HOST given it
has "$TMP/r.html" 'virtual --realmx HOST adds @HOST'
has "$TMP/r.html" ':include:/var/mail/example.com/~ml/test-ml/include'
[ "$(x 'count(/fml4to8/section[@id="virtual"]/line)')" -ge 40 ] || fail "no virtual map section in the XML"
[ "$(x 'count(/fml4to8/section[@id="aliases"]/line)')" -ge 40 ] || fail "no aliases section in the XML"
run 1 "$TMP/mx.html" dry-run --format html --realmx mx.example.jp --root "$FIX" "$FIXML"
has "$TMP/mx.html" 'test-ml=example.com@mx.example.jp'
hasnt "$TMP/mx.html" 'adds @HOST'

# show and audit write the same kind of page
run 0 "$TMP/show.html" show --format html --root "$FIX" "$FIXML"
xmllint --html --noout "$TMP/show.html" 2>"$TMP/lint2" && [ ! -s "$TMP/lint2" ] || fail "show: page not parsed"
for n in $names; do
	grep -q "<a href=\"#list-$n\">$n</a>" "$TMP/show.html" || fail "show: $n not in the page"
done
M=$SHARED/fixtures/mergeml/example.com
run 1 "$TMP/audit.html" audit --format html --root "$M" "$M/var/mail/example.com/~ml/test-ml"
xmllint --html --noout "$TMP/audit.html" 2>"$TMP/lint3" && [ ! -s "$TMP/lint3" ] || fail "audit: page not parsed"
has "$TMP/audit.html" 'SUBJECT_TAG_DROPPED'
has "$TMP/audit.html" 'article_subject_tag = [$ml_name:%05d]'
# A list with thousands of findings of one code: the page shows 100 of each
# code per table and says how many more, which the XML lists in full.
sh "$top_srcdir/bench/gendomain.sh" "$TMP/big" 1 10000 >/dev/null
BL=$TMP/big/var/mail/bench.example/~ml/ml0000
run 1 "$TMP/b.html" dry-run --format html --root "$TMP/big" "$BL"
run 1 "$TMP/b.xml" dry-run --format xml --root "$TMP/big" "$BL"
all=$(xmllint --xpath 'count(//finding[@code="MEMBER_DUPLICATE"])' "$TMP/b.xml")
[ "$all" -gt 100 ] || fail "the generated list has only $all duplicates"
sect="//h2[@id='list-ml0000']/following-sibling::table[1]"
rows=$(xmllint --html --xpath "count($sect/tr[td[2]/code='MEMBER_DUPLICATE' and td[3]/code!=''])" "$TMP/b.html" 2>/dev/null)
[ "$rows" = 100 ] || fail "the list's table has $rows MEMBER_DUPLICATE rows, not 100"
more=$(xmllint --html --xpath "string($sect/tr[td[2]/code='MEMBER_DUPLICATE' and not(td[3]/code)]/td[4])" "$TMP/b.html" 2>/dev/null)
case $more in
"$((all - 100)) more MEMBER_DUPLICATE findings of this list"*) ;;
*) fail "no \"$((all - 100)) more\" row: $more" ;;
esac
[ "$(wc -c <"$TMP/b.html")" -lt 1000000 ] || fail "the page of one list is over 1 MB"

finish

#!/bin/sh
# The default text report is short and worst first: a golden file pins one
# list's dry-run; every list of the fixture domain fits one screen apart from
# its warnings; -q prints only the summary; -v adds the infos and the file
# actions; the cron jobs fml4 ran are reported with fml8's digest line;
# progress goes to a terminal only.
. "$(dirname "$0")/lib.sh"
need_shared
GOLDEN=$top_srcdir/tests/cli/golden/dryrun-test-ml.txt

# 1. golden: the whole default text of test-ml's dry-run (paths of this host
#    replaced by @FIX@).  After an intended change, regenerate it with the
#    command printed on failure and review the diff.
run 1 "$TMP/t" dry-run --root "$FIX" "$FIXML/test-ml"
sed "s|$FIX|@FIX@|g" "$TMP/t" >"$TMP/t.norm"
if ! diff -u "$GOLDEN" "$TMP/t.norm" >"$TMP/t.diff"; then
	fail "test-ml's text differs from $GOLDEN"
	head -40 "$TMP/t.diff"
	echo "    (regenerate: fml4to8 dry-run --root FIX FIXML/test-ml | sed s|FIX|@FIX@|g)"
fi

# 2. the domain: per list, everything but its warnings fits one 24-line
#    screen, and infos are not shown without -v
run 1 "$TMP/d" dry-run --root "$FIX" "$FIXML"
awk '/^[a-z-]+ \([^)]*\): /{ name = $1 } /^$/{ name = "" } name != "" { print name "\t" $0 }' \
	"$TMP/d" >"$TMP/d.lists"
for l in announce dev info news staff support test-ml users; do
	grep "^$l	" "$TMP/d.lists" | cut -f2- >"$TMP/d.$l"
	[ -s "$TMP/d.$l" ] || { fail "$l: not in the text"; continue; }
	# the lines of warnings and errors: a code line and what follows it
	problems=$(awk '/^  (warning|error) /{ p = 1; n++; next } /^  [a-z]/{ p = 0 } p { n++ } END { print n + 0 }' "$TMP/d.$l")
	total=$(wc -l <"$TMP/d.$l")
	rest=$((total - problems))
	[ "$rest" -le 24 ] || fail "$l: $rest lines besides its warnings (more than one screen)"
	hasnt "$TMP/d.$l" '  info '
done
has "$TMP/d" 'announce (announce@example.com): needs a person - '
has "$TMP/d" 'summary: dry-run of 8 lists in '
has "$TMP/d" '  members 5027 -> 5027, recipients 5018 -> 5018, digest 5 -> 5'
has "$TMP/d" "fml4to8 migrate --all --root $FIX $FIXML"
# the site file's hook warning is shown once for the domain, not per list
[ "$(grep -c 'REPORT_HEADER_CONFIG_HOOK' "$TMP/d")" = 1 ] || fail "the site hook warning repeats"
# the fml4 defaults kept are listed once, labelled apart from the admin's settings
[ "$(grep -c '^config.cf, fml4 defaults kept where fml8.s differ, as for ' "$TMP/d")" = 1 ] ||
	fail "the defaults group is not listed once"
[ "$(grep -c '  config.cf, your fml4 settings' "$TMP/d")" = 8 ] || fail "a list lacks its own settings group"

# 3. cron: fml4's msend.pl line becomes fml8's digest line at the same minute
has "$TMP/d" '  warning CRON_DIGEST'
has "$TMP/d" 'add to fmladmin'"'"'s crontab: 5 * * * * /usr/local/libexec/fml/digest /var/mail/example.com/~ml/test-ml'
has "$TMP/d" '    1 * * * * /usr/local/libexec/fml/digest /var/mail/example.com/~ml/announce   # fml4 sent the digests'
run 1 "$TMP/v" dry-run -v --root "$FIX" "$FIXML/staff"
has "$TMP/v" '  info CRON_JOB'
has "$TMP/v" 'msend_master.sh'
has "$TMP/v" '  info TEXT_ENCODING'
has "$TMP/v" '    write  config.cf (0600, '
# dev has no digest members: the job is an info, the line still offered
run 1 "$TMP/dev" dry-run -v --root "$FIX" "$FIXML/dev"
has "$TMP/dev" '  info CRON_DIGEST'
has "$TMP/dev" '    0 * * * * /usr/local/libexec/fml/digest /var/mail/example.com/~ml/dev'

# 4. -q: only the summary
run 1 "$TMP/q" dry-run -q --root "$FIX" "$FIXML"
hasnt "$TMP/q" 'announce (announce@example.com)'
has "$TMP/q" 'summary: dry-run of 8 lists'
[ "$(wc -l <"$TMP/q")" -lt 40 ] || fail "-q is not short"

# 5. progress: [i/n] name on a terminal (script gives one), nothing in a pipe
if command -v script >/dev/null 2>&1; then
	script -qec "'$FML4TO8' dry-run -q --root '$FIX' '$FIXML' >/dev/null" /dev/null >"$TMP/tty" 2>&1
	has "$TMP/tty" '[1/8] announce'
	has "$TMP/tty" '[8/8] users'
	"$FML4TO8" dry-run -q --root "$FIX" "$FIXML" >/dev/null 2>"$TMP/pipe"
	hasnt "$TMP/pipe" '[1/8]'
	[ ! -s "$TMP/pipe" ] || fail "stderr in a pipe is not empty"
else
	fail "script(1) is missing (util-linux): cannot test progress"
fi
finish

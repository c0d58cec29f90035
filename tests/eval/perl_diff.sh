#!/bin/sh
# Differential test of the config.ph evaluator against the system perl
# (issue 10): every case of tests/eval/corpus.txt plus the generated ones
# below is evaluated by fml4to8's evaluator (tests/eval/evaldrv, which never
# runs Perl) and by perl itself (this test runs perl on our own snippets; the
# product never does).  Each variable must be equal, or unknown to us -
# never different.  Prints the counts; fails on any difference.
. "$(dirname "$0")/../cli/lib.sh"

if ! command -v perl >/dev/null 2>&1; then
	echo "SKIP: no perl on this machine: nothing to compare the evaluator with"
	exit 77
fi
: "${top_builddir:=$top_srcdir}"
DRV=$top_builddir/tests/eval/evaldrv
[ -x "$DRV" ] || { echo "FAIL: $DRV is not built"; exit 1; }

corpus=$TMP/corpus
grep -v '^#' "$top_srcdir/tests/eval/corpus.txt" | grep . >"$corpus"

# generated: every binary operator over pairs of operands with the edge
# cases of Perl's conversions
set -f   # operators like * are not file names
ops='+ - * / % ** . x == != < > <= >= <=> eq ne lt gt le ge cmp && || //'
for op in $ops; do
	set -- 0 1 -7 3 2.5 '"10"' '"3abc"' '""' '"abc"' '" 12 "' '"0x10"' '"1e3"' -0.5
	for a in "$@"; do
		for b in 3 '"3abc"' -2 '""' 0.5; do
			case "$op" in x) [ "$b" = 3 ] || [ "$b" = 0.5 ] || continue ;; esac
			echo "\$X = $a $op $b;"
		done
	done
done >>"$corpus"
# sprintf formats over values
for f in %d %5d '%-5d|' %05d %+d %x %o %b %e %.3e %f %.1f %g %.10g %s %5s %.2s %c %u %%; do
	for v in 0 42 -42 3.75 '"7x"' 255; do
		case "$f$v" in %c-42|%u-42|%x-42|%o-42|%b-42) continue ;; esac
		echo "\$X = sprintf('$f', $v);"
	done
done >>"$corpus"
# substr offsets and lengths
for o in -8 -6 -3 -1 0 1 3 6 7; do
	echo "\$X = substr('abcdef', $o);"
	for l in -7 -2 0 2 10; do
		echo "\$X = substr('abcdef', $o, $l);"
	done
done >>"$corpus"
# index and rindex positions
for p in -2 0 2 5 11 20; do
	echo "\$X = index('hello world', 'o', $p); \$Y = rindex('hello world', 'o', $p); \$Z = index('aaa', '', $p);"
done >>"$corpus"
# split: patterns, strings, limits
for s in "'a,b,,c,,'" "',a'" "''" "'a'" "',,'" "' x  y '"; do
	for p in '/,/' "' '" '/(,)/' '//' '/,*/'; do
		echo "@A = split($p, $s); \$N = scalar(@A);"
		echo "@A = split($p, $s, -1);"
		echo "@A = split($p, $s, 2);"
	done
done >>"$corpus"
# list slices in and out of range
for i in -4 -3 -1 0 2 3 9; do
	echo "\$X = ('a', 'b', 'c')[$i]; @A = ('a', 'b', 'c')[$i, 0];"
done >>"$corpus"
# nested conditions and loops
for a in 0 1 2; do
	echo "\$V = $a; if (\$V == 0) { \$X = 'zero'; } elsif (\$V == 1) { \$X = 'one'; if (\$V . 'x' eq '1x') { \$Y = 'nested'; } } else { foreach \$i (1 .. \$V) { \$X .= \$i; } }"
	echo "\$V = $a; \$X = \$V ? (\$V > 1 ? 'many' : 'one') : 'none'; \$Y = 'w' unless \$V;"
done >>"$corpus"

set +f
ncases=$(wc -l <"$corpus")
"$DRV" "$corpus" >"$TMP/ours" 2>"$TMP/ours.err" || { fail "evaldrv failed"; cat "$TMP/ours.err"; finish; }

# a Perl program that runs each case in its own package and prints the
# variables our driver reported, in the same format
awk -v corpus="$corpus" '
BEGIN {
	print "no strict; no warnings;"
	print "sub esc { my $s = shift; $s = \"\" unless defined $s; $s =~ s/([^\\x20-\\x7e]|[\\\\,])/sprintf(\"\\\\x%02X\", ord($1))/ge; $s }"
	print "sub pv { my ($n, $r) = @_; print \"\\$$n=\", defined($$r) ? esc($$r) : \"UNDEF\", \"\\n\" }"
	print "sub pa { my ($n, $r) = @_; print \"\\@$n=(\", join(\",\", map { esc($_) } @$r), \")\\n\" }"
	print "sub ph { my ($n, $r) = @_; print \"%$n=(\", join(\",\", map { esc($_) . \"=>\" . esc($r->{$_}) } sort keys %$r), \")\\n\" }"
	n = 0
	while ((getline line < corpus) > 0)
		src[++n] = line
}
/^CASE / {
	if (cur) close_case()
	cur = $2; nv = 0; next
}
/^[$@%][A-Za-z_][A-Za-z_0-9]*=/ {
	name = substr($0, 2); sub(/=.*/, "", name)
	v[++nv] = substr($0, 1, 1) name
	next
}
END { if (cur) close_case() }
function close_case(   i, s, nm) {
	printf "print \"CASE %d\\n\";\n{ package C%d; eval {\n%s\n; 1 };\n", cur, cur, src[cur]
	for (i = 1; i <= nv; i++) {
		s = substr(v[i], 1, 1); nm = substr(v[i], 2)
		if (s == "$") printf "main::pv(\"%s\", \\$%s);\n", nm, nm
		else if (s == "@") printf "main::pa(\"%s\", \\@%s);\n", nm, nm
		else printf "main::ph(\"%s\", \\%%%s);\n", nm, nm
	}
	print "}"
}' "$TMP/ours" >"$TMP/ref.pl"
perl "$TMP/ref.pl" >"$TMP/perl" 2>"$TMP/perl.err" || { fail "perl could not run the corpus"; head -5 "$TMP/perl.err"; finish; }

# compare variable by variable
awk -v corpus="$corpus" '
BEGIN { while ((getline line < corpus) > 0) src[++n] = line }
FNR == NR { if ($0 ~ /^CASE /) c = $2; else if ($0 !~ /^CALL /) ref[c, ++rn[c]] = $0; next }
/^CASE / { c = $2; k = 0; next }
/^ERROR / { printf "DIFFERENT case %d: %s\n  parse: %s\n", c, src[c], $0; diff++; next }
/^CALL / { next }
{
	k++
	mine = $0; theirs = ref[c, k]
	if (mine ~ /=UNKNOWN$/) { unk++; next }
	if (mine == theirs) { eq++; next }
	printf "DIFFERENT case %d: %s\n  fml4to8: %s\n  perl:    %s\n", c, src[c], mine, theirs
	diff++
}
END {
	printf "%d values equal, %d unknown to fml4to8, %d different\n", eq, unk, diff
	if (eq + unk + diff < 300) { print "fewer than 300 values compared"; exit 1 }
	exit diff > 0
}' "$TMP/perl" "$TMP/ours" >"$TMP/result" || true
cat "$TMP/result" | grep -v '^DIFFERENT\|^  ' | head -3
echo "$ncases cases"
if grep -q '^DIFFERENT' "$TMP/result" || ! grep -q ' 0 different$' "$TMP/result"; then
	grep -A3 '^DIFFERENT' "$TMP/result" | head -150
	fail "the evaluator and perl differ"
fi
finish

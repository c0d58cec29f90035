#!/bin/sh
# run.sh - the benchmark behind "make bench": prints figures, asserts nothing.
#
#   dry-run of 1,000 lists x 1,000 members against cat of the same files
#   (on the CPUs online, on one thread, and with the install's
#   default_config.ph that real hosts have)
#   dry-run of one list of 1,000,000 members (text, xml, html), and show
#   --members of it in each format
#   migrate of 300 lists x 1,000 members against cp -a + sync of the tree
#   migrate of one list of 1,000,000 members
# each with lists/s, members/s and peak RSS (GNU time's maximum resident set
# size), the median of BENCH_RUNS runs (default 3); wall and CPU times are
# both given, because the machine may be shared: the CPU ratio is the one
# that does not depend on what else runs.  With strace installed, the
# fsync/fdatasync calls of one migrate are counted (strace -c -f).
#
# Environment: FML4TO8 (the program; default src/fml4to8 of the build),
# BENCH_RUNS, BENCH_SIZES="LISTS MEMBERS BIGMEMBERS MIGLISTS" (default
# "1000 1000 1000000 300"; smaller for a quick look), TMPDIR (where the
# synthetic domains go: about 250 MB).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${FML4TO8:=$here/../src/fml4to8}"
runs=${BENCH_RUNS:-3}
# shellcheck disable=SC2086
set -- ${BENCH_SIZES:-1000 1000 1000000 300}
NL=$1 NM=$2 BIG=$3 MIGL=$4
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench: needs GNU time (/usr/bin/time; Debian package time)" >&2; exit 2; }
W=$(mktemp -d "${TMPDIR:-/tmp}/f48-bench.XXXXXX")
trap 'chmod -R u+w "$W" 2>/dev/null; rm -rf "$W"' EXIT INT TERM
owner=$(id -un)

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print 0 }'; }

# measure NAME CMD...: run it $runs times; leaves $W/NAME.{wall,cpu,rss} medians
measure() {
	name=$1
	shift
	: >"$W/$name.t"
	i=0
	while [ "$i" -lt "$runs" ]; do
		[ -z "${PREP:-}" ] || eval "$PREP"
		"$TIME" -f '%e %U %S %M' -o "$W/$name.one" "$@" >/dev/null 2>"$W/$name.err" || true
		tail -n 1 "$W/$name.one" >>"$W/$name.t"
		i=$((i + 1))
	done
	awk '{ print $1 }' "$W/$name.t" | median >"$W/$name.wall"
	awk '{ printf "%.2f\n", $2 + $3 }' "$W/$name.t" | median >"$W/$name.cpu"
	awk '{ print $4 }' "$W/$name.t" | median >"$W/$name.rss"
}
v() { cat "$W/$1"; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN { if (t > 0) printf "%.0f", n / t; else print "-" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }

report() {   # report LABEL NAME LISTS MEMBERS [BASE-NAME BASE-LABEL]
	w=$(v "$2.wall") c=$(v "$2.cpu")
	printf '%-34s %7.2f s wall %7.2f s cpu  %7s lists/s %9s members/s  peak RSS %s\n' \
	    "$1" "$w" "$c" "$(rate "$3" "$w")" "$(rate "$4" "$w")" "$(mib "$(v "$2.rss")")"
	if [ $# -ge 6 ]; then
		bw=$(v "$5.wall") bc=$(v "$5.cpu")
		printf '%-34s %7.2f s wall %7.2f s cpu  -> %sx %s (wall), %sx (cpu)\n' "  $6" "$bw" "$bc" \
		    "$(ratio "$w" "$bw")" "$6" "$(ratio "$c" "$bc")"
	fi
}

echo "fml4to8 benchmark: $FML4TO8 ($(git -C "$here/.." describe --always --dirty 2>/dev/null || echo "no git"))"
echo "machine: $(nproc 2>/dev/null || echo '?') CPUs, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime); medians of $runs runs"
echo "generating synthetic domains in $W ..."
sh "$here/gendomain.sh" "$W/d1" "$NL" "$NM"
sh "$here/gendomain.sh" "$W/d2" 1 "$BIG"
sh "$here/gendomain.sh" "$W/d3" "$MIGL" "$NM"
# fml8's programs, where migrate's preflight looks for them: stand-ins (the
# benchmark measures fml4to8, not fml8)
for d in "$W/d2" "$W/d3"; do
	mkdir -p "$d/usr/local/libexec/fml"
	for p in distribute command error; do
		printf '#!/bin/sh\nexit 75\n' >"$d/usr/local/libexec/fml/$p"
		chmod 755 "$d/usr/local/libexec/fml/$p"
	done
done
ML1=$W/d1/var/mail/bench.example/~ml
ML2=$W/d2/var/mail/bench.example/~ml
ML3=$W/d3/var/mail/bench.example/~ml
echo "  $NL lists x $NM members: $(du -sh "$ML1" | cut -f1); 1 x $BIG: $(du -sh "$ML2" | cut -f1)"
echo

measure cat1 sh -c "find '$ML1' -type f -exec cat {} + >/dev/null"
measure dry1 "$FML4TO8" dry-run --root "$W/d1" "$ML1"
report "dry-run $NL x $NM" dry1 "$NL" $((NL * NM)) cat1 cat
measure dry1s "$FML4TO8" dry-run -j 1 --root "$W/d1" "$ML1"
report "  the same, one thread (-j 1)" dry1s "$NL" $((NL * NM)) cat1 cat
# as on a real host: the install's default_config.ph (what cf/MANIFEST
# assigns, written from fml4to8's table) is read for every list
awk -F'\t' '$2 == "manifest" { n = $1; if (n !~ /^[@%]/) n = "$" n; print n " = " $3 ";" }
    END { print "1;" }' "$here/../templates/fml4-defaults.tsv" >"$W/d1/usr/local/fml/default_config.ph"
measure dry1d "$FML4TO8" dry-run --root "$W/d1" "$ML1"
report "  with a default_config.ph" dry1d "$NL" $((NL * NM)) cat1 cat
rm -f "$W/d1/usr/local/fml/default_config.ph"

measure dry2 "$FML4TO8" dry-run --root "$W/d2" "$ML2/ml0000"
report "dry-run 1 x $BIG" dry2 1 "$BIG"
for f in text xml html; do
	measure "dryf$f" "$FML4TO8" dry-run --format "$f" --root "$W/d2" "$ML2/ml0000"
	report "  dry-run --format $f" "dryf$f" 1 "$BIG"
done
for f in text xml html; do
	measure "show$f" "$FML4TO8" show --members --format "$f" "$ML2/ml0000"
	report "show --members --format $f 1 x $BIG" "show$f" 1 "$BIG"
done

PREP="rm -rf '$W/m3' '$W/c3' '$W/state'; cp -a '$W/d3' '$W/m3'; rm -f '$W/map'"
ML3M=$W/m3/var/mail/bench.example/~ml
measure cp3 sh -c "cp -a '$W/d3' '$W/c3' && sync"
measure mig3 "$FML4TO8" migrate --all --root "$W/m3" --owner "$owner" --state-dir "$W/state" \
    --ml-home-prefix-map "$W/map" "$ML3M"
report "migrate $MIGL x $NM" mig3 "$MIGL" $((MIGL * NM)) cp3 "cp -a + sync"
if [ -s "$W/mig3.err" ] && ! grep -q "migrated to fml8" "$W/mig3.err" 2>/dev/null; then
	grep -m 3 "fml4to8:" "$W/mig3.err" | sed 's/^/  | /' || true
fi
n3=$(ls "$ML3M"/*/config.cf 2>/dev/null | wc -l)
echo "  ($n3 of $MIGL lists migrated)"

PREP="rm -rf '$W/m2' '$W/state'; cp -a '$W/d2' '$W/m2'; rm -f '$W/map'"
measure mig2 "$FML4TO8" migrate --root "$W/m2" --owner "$owner" --state-dir "$W/state" \
    --ml-home-prefix-map "$W/map" "$W/m2/var/mail/bench.example/~ml/ml0000"
report "migrate 1 x $BIG" mig2 1 "$BIG"
if [ ! -f "$W/m2/var/mail/bench.example/~ml/ml0000/config.cf" ]; then
	grep -m 3 "fml4to8:" "$W/mig2.err" | sed 's/^/  | /' || true
	echo "  (the list was not migrated)"
fi
PREP=

if command -v strace >/dev/null 2>&1; then
	rm -rf "$W/m4" "$W/state" && cp -a "$W/d3" "$W/m4" && rm -f "$W/map"
	L=$W/m4/var/mail/bench.example/~ml/ml0001
	strace -f -c -o "$W/strace" "$FML4TO8" migrate --root "$W/m4" --owner "$owner" --state-dir "$W/state" \
	    --ml-home-prefix-map "$W/map" "$L" >/dev/null 2>&1 || true
	fs=$(awk '$NF == "fsync" || $NF == "fdatasync" { n += $4 } END { print n + 0 }' "$W/strace")
	ren=$(awk '$NF == "rename" || $NF == "renameat" || $NF == "renameat2" { n += $4 } END { print n + 0 }' "$W/strace")
	echo "migrate of one list of $NM members: $fs fsync/fdatasync calls, $ren renames (strace -c -f)"
fi

#!/bin/sh
# fuzz.sh - build the libFuzzer targets of tests/fuzz and run each for a set
# time (`make fuzz` calls this; see README "Fuzzing").
#
#   fuzz.sh SRCDIR BUILDDIR TARGET...
#
# Environment (make passes them): FUZZ_CC (clang), FUZZ_SECONDS (per target,
# default 60), FUZZ_FLAGS (extra libFuzzer flags), LIB_SOURCES (the library's
# .c files, relative to SRCDIR), EXTRA_CFLAGS / EXTRA_LIBS (pcre2, libxml2),
# F48_SHARED (the shared fixtures, default SRCDIR/../shared).
#
# The library is compiled with the fuzzer's coverage and ASan + UBSan into
# BUILDDIR; each target's corpus is BUILDDIR/work/TARGET, made afresh from
# tests/fuzz/corpus/TARGET (kept in git, minimised), the matching files of
# examples/ and, when present, of the shared fixtures (copied at run time,
# never into the source tree).  Exit status 1 when a target crashed; the
# input is BUILDDIR/crash-TARGET-*; add it to tests/fuzz/corpus/TARGET (and
# fix the bug) so that `make check` replays it from then on.
set -eu
src=$1 build=$2
shift 2
cc=${FUZZ_CC:-clang}
secs=${FUZZ_SECONDS:-60}
shared=${F48_SHARED:-$src/../shared}

if ! command -v "$cc" >/dev/null 2>&1; then
	echo "fuzz.sh: $cc not found (./setup.sh installs clang)" >&2
	exit 1
fi
mkdir -p "$build/obj" "$build/work"
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
cflags="-g -O1 -fno-omit-frame-pointer $san -std=c11 -Wall -Wextra \
 -I$src/lib -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 \
 -DF48_TEMPLATES_DIR=\"$src/templates\" -DF48_FUZZ_TEMPLATES=\"$src/templates\" \
 ${EXTRA_CFLAGS:-}"

# The library, once, instrumented for coverage (only rebuilt when newer).
objs=""
for f in ${LIB_SOURCES:?}; do
	o=$build/obj/$(echo "$f" | tr / _ | sed 's/\.c$/.o/')
	if [ ! -f "$o" ] || [ "$src/$f" -nt "$o" ] || \
	    [ -n "$(find "$src/lib" -name '*.h' -newer "$o" 2>/dev/null | head -1)" ]; then
		# shellcheck disable=SC2086
		$cc $cflags -fsanitize=fuzzer-no-link -c "$src/$f" -o "$o"
	fi
	objs="$objs $o"
done

# Seeds for a target: file names to take from examples/ and the fixtures.
seeds() {
	case $1 in
	config_ph) echo "config.ph config.ph.bak site_init.ph site_force.ph sitedef.ph default_config.ph" ;;
	cf) echo "cf cf.bak" ;;
	members) echo "members members.bak actives actives.bak members-admin moderators recipients" ;;
	include) echo "include include.bak include-ctl include-ctl.bak include-mead include-mead.bak include-error" ;;
	passwd) echo "passwd passwd.bak" ;;
	cf8) echo "config.cf site_default_config.cf main.cf" ;;
	maincf) echo "" ;;   # no Postfix main.cf in examples/ or the fixtures: corpus only
	postfix_maps) echo "aliases virtual" ;;
	esac
}

fail=0
for t in "$@"; do
	bin=$build/fuzz_$t
	# shellcheck disable=SC2086
	$cc $cflags -fsanitize=fuzzer -o "$bin" "$src/tests/fuzz/fuzz_$t.c" \
	    "$src/tests/fuzz/fuzz_common.c" $objs ${EXTRA_LIBS:-}
	[ "$secs" -gt 0 ] || continue
	work=$build/work/$t
	rm -rf "$work"
	mkdir -p "$work"
	if [ -d "$src/tests/fuzz/corpus/$t" ]; then
		cp "$src/tests/fuzz/corpus/$t"/* "$work"/ 2>/dev/null || true
	fi
	for top in "$src/examples" "$shared/fixtures"; do
		[ -d "$top" ] || continue
		for name in $(seeds "$t"); do
			find "$top" -type f -name "$name" -size -1024k | while read -r f; do
				cp "$f" "$work/seed-$(cksum <"$f" | tr ' ' -)"
			done
		done
	done
	echo "fuzz: $t for ${secs}s ($(ls "$work" | wc -l) seeds)"
	# shellcheck disable=SC2086
	if ! nice -n 19 "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="$build/crash-$t-" ${FUZZ_FLAGS:-} \
	    "$work" >"$build/$t.log" 2>&1; then
		echo "fuzz: $t FAILED (see $build/$t.log):" >&2
		grep -E 'ERROR|SUMMARY|Test unit written' "$build/$t.log" | head -5 >&2 || true
		fail=1
	fi
	grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$build/$t.log" |
	    sed "s/^/fuzz: $t /" || true
done
exit $fail

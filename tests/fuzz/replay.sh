#!/bin/sh
# replay.sh - make check: every file of tests/fuzz/corpus/TARGET (the
# minimised corpus, including each input that once crashed a parser) fed
# once to that target, built without libFuzzer (replay.c).  Under the
# sanitizer build this replays them with ASan and UBSan.
set -eu
src=${top_srcdir:?}
build=${top_builddir:?}
status=0
for t in config_ph cf members include passwd cf8 maincf postfix_maps; do
	dir=$src/tests/fuzz/corpus/$t
	if [ ! -d "$dir" ]; then
		echo "FAIL: $dir is missing"
		status=1
		continue
	fi
	if ! "$build/tests/fuzz/replay_$t" "$dir"; then
		echo "FAIL: replay of $dir"
		status=1
	fi
done
exit $status

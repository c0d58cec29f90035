#!/bin/sh
# The benchmark's generator (bench/gendomain.sh) makes what it says: lists
# that fml4to8 reads without input errors, and member files whose counts
# are known by construction (per 100 members: one ##BYE, one off, one
# digest, one skip, one duplicate), so that "make bench" measures real work.
. "$(dirname "$0")/lib.sh"

sh "$top_srcdir/bench/gendomain.sh" "$TMP/g" 10 200 || fail "gendomain failed"
ML=$TMP/g/var/mail/bench.example/~ml
[ "$(ls "$ML" | grep -c '^ml')" = 10 ] || fail "not 10 lists"
sh "$top_srcdir/bench/gendomain.sh" "$TMP/g2" 10 200 && diff -r "$TMP/g" "$TMP/g2" >/dev/null ||
	fail "the generator is not deterministic"
"$FML4TO8" dry-run -v --root "$TMP/g" "$ML" >"$TMP/o" 2>&1
st=$?
[ "$st" = 1 ] || fail "dry-run exited $st, expected 1 (findings that need a person)"
has "$TMP/o" "summary: dry-run of 10 lists in "
has "$TMP/o" ", 0 with errors"
has "$TMP/o" "  members 2000 -> 1980, recipients 1940 -> 1920, digest 20 -> 20"
has "$TMP/o" "    info    MEMBER_DUPLICATE               40"
# the variety: moderated lists, hooks, own tags
has "$TMP/o" "write  members-moderator"
has "$TMP/o" "HOOK_NEEDS_PORTING"
finish

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
"$FML4TO8" dry-run --root "$TMP/g" "$ML" >"$TMP/o" 2>&1
st=$?
[ "$st" = 1 ] || fail "dry-run exited $st, expected 1 (findings that need a person)"
has "$TMP/o" "summary: 10 lists, 0 with input errors"
has "$TMP/o" "  fml4: 2000 members, 1940 real-time recipients, 20 digest"
has "$TMP/o" "  fml8: 1980 members, 1920 recipients, 20 recipients-digest"
has "$TMP/o" "MEMBER_DUPLICATE             info    40"
# the variety: moderated lists, hooks, own tags
has "$TMP/o" "write  members-moderator"
has "$TMP/o" "HOOK_NEEDS_PORTING"
finish

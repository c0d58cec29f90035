#!/bin/sh
# The member files migrate writes are spooled into the state entry (root's
# private directory) while translating, and the saved plan names each spool
# with its length and SHA-256 instead of holding the bytes.  A rerun after a
# stop copies the spool in one pass; a spool that no longer matches its
# hash is refused (nothing written from it), and rollback archives the
# spools with the rest of the entry, restoring the list byte for byte.
. "$(dirname "$0")/lib.sh"
need_shared
need_root_and_owner

L=$ML/test-ml

# the reference: an uninterrupted run
fresh_root
list_snap "$L" >"$TMP/before"
migrate_root "$L" >"$TMP/ref.out" 2>&1 || [ $? = 1 ] || fail "reference migrate failed"
list_snap "$L" >"$TMP/ref"
E=$(dirname "$(state_file /var/mail/example.com/~ml/test-ml plan)")
[ -f "$E/content-members" ] || fail "no content-members spool in the state entry"
grep -q '^sha256 [0-9a-f]\{64\}$' "$E/plan" || fail "the saved plan has no sha256 line"
if grep -qF 'tanaka@example.jp' "$E/plan"; then
	fail "the saved plan holds member addresses (they belong in the spool)"
fi
grep -qF 'tanaka@example.jp' "$E/content-members" ||
	fail "the members spool lacks a member"
[ "$(stat -c %a "$E/content-members")" = 600 ] || fail "the spool is not mode 600"

# stopped before any action, the spool tampered with: refused, not written
fresh_root
FML4TO8_TEST_STOP_AFTER=0 migrate_root "$L" >"$TMP/k.out" 2>&1
[ $? = 137 ] || fail "the stop hook did not stop"
E=$(dirname "$(state_file /var/mail/example.com/~ml/test-ml plan)")
cp "$E/content-members" "$TMP/spool"
echo 'intruder@evil.example' >>"$E/content-members"
migrate_root "$L" >"$TMP/t.out" 2>&1
st=$?
[ "$st" = 3 ] || fail "a tampered spool: exit $st, expected 3"
has "$TMP/t.out" "content-members" "the refusal"
if grep -rqF 'intruder@evil.example' "$L" "$TMP/root/var/spool" 2>/dev/null; then
	fail "the tampered spool was copied into the list"
fi

# the spool restored: the rerun converges on the reference tree
cp "$TMP/spool" "$E/content-members"
migrate_root "$L" >"$TMP/r.out" 2>&1 || [ $? = 1 ] || { fail "rerun failed"; sed 's/^/    | /' "$TMP/r.out" | head -5; }
list_snap "$L" >"$TMP/got"
cmp -s "$TMP/ref" "$TMP/got" || { fail "the rerun gives another tree"; diff "$TMP/ref" "$TMP/got" | head -6; }

# rollback restores byte for byte and archives the spools
run 0 "$TMP/rb.out" rollback --root "$TMP/root" "$L"
list_snap "$L" >"$TMP/after"
cmp -s "$TMP/before" "$TMP/after" || { fail "rollback is not byte-exact"; diff "$TMP/before" "$TMP/after" | head -6; }
ls "$E"/content-* >/dev/null 2>&1 && fail "spools left in the live state entry after rollback"
ls "$E"/rolled-back-*/content-members >/dev/null 2>&1 || fail "the spool was not archived"

finish

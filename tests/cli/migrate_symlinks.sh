#!/bin/sh
# Symlinks and hard links planted in a list tree are refused (TREE_SYMLINK,
# TREE_HARDLINK) by migrate, rollback and verify --fix-owner; nothing they
# point at changes, and the list itself is left as it was.
. "$(dirname "$0")/lib.sh"
need_shared
need_root_and_owner

L=$ML/test-ml
OUT=$TMP/outside
fresh() {
	rm -rf "$TMP/root" "$OUT"
	cp -a "$FIX" "$TMP/root" && chmod -R u+w "$TMP/root"
	fake_fml8 "$TMP/root"
	rm -rf "$STATE"
	mkdir -p "$OUT/dir"
	echo "secret" >"$OUT/secret"
	echo "dir file" >"$OUT/dir/file"
	chmod 0640 "$OUT/secret"
	chown root:root "$OUT" "$OUT/secret" "$OUT/dir" "$OUT/dir/file"
}
outside() {
	(cd "$OUT" && find . -printf '%p %y %m %U %G %s %T@\n' | LC_ALL=C sort &&
		find . -type f -exec sha256sum {} +)
}
# refused WHAT: migrate refuses, the list and the outside are unchanged
refused() {
	h=$(tree_hash "$L")
	outside >"$TMP/o1"
	migrate_root "$L" >"$TMP/m.out" 2>&1
	st=$?
	[ "$st" = 3 ] || fail "$1: migrate exited $st, expected 3"
	has "$TMP/m.out" "$2" "$1"
	[ "$(tree_hash "$L")" = "$h" ] || fail "$1: the list changed"
	outside >"$TMP/o2"
	cmp -s "$TMP/o1" "$TMP/o2" || fail "$1: something outside the list changed"
	[ ! -e "$MAP" ] || fail "$1: ml_home_prefix was written"
}

fresh
ln -s "$OUT/secret" "$L/spool/evil"
refused "symlink in spool" TREE_SYMLINK

fresh
rm "$L/members" && ln -s "$OUT/secret" "$L/members"
refused "members is a symlink" SYMLINK   # the read stage: FILE_SYMLINK

fresh
rm -rf "$L/tmp" && ln -s "$OUT/dir" "$L/tmp"
refused "tmp is a symlink to a directory" TREE_SYMLINK

fresh
ln -s "$OUT/secret" "$L/config.cf"
refused "config.cf planted as a symlink" TREE_SYMLINK

fresh
ln "$OUT/secret" "$L/seq.hardlink"
refused "hard link" TREE_HARDLINK

# the list directory itself a symlink
fresh
mv "$L" "$ML/test-ml.real" && ln -s "$ML/test-ml.real" "$L"
migrate_root "$L" >"$TMP/m.out" 2>&1
st=$?
[ "$st" = 3 ] || fail "list dir symlink: exit $st"
[ ! -e "$ML/test-ml.real/.fml4rc" ] || fail "list dir symlink: followed"

# planted between a killed run and its rerun: the rerun refuses
fresh
FML4TO8_TEST_STOP_AFTER=12 migrate_root "$L" >/dev/null 2>&1
rm -f "$L/recipients" && ln -s "$OUT/secret" "$L/recipients"
refused "symlink planted in a half-migrated list" TREE_SYMLINK
# ... and rollback refuses too
rollback_out=$TMP/rb.out
"$FML4TO8" rollback --root "$TMP/root" "$L" >"$rollback_out" 2>&1
[ $? = 3 ] || fail "rollback with a symlink did not exit 3"
has "$rollback_out" TREE_SYMLINK
outside >"$TMP/o3"
cmp -s "$TMP/o1" "$TMP/o3" || fail "rollback changed something outside"
# the symlink removed: the rerun finishes, the rollback restores fml4
rm "$L/recipients"
run 0 "$TMP/m2.out" migrate --owner "$OWNER" --root "$TMP/root" --ml-home-prefix-map "$MAP" "$L"
run 0 "$TMP/rb2.out" rollback --root "$TMP/root" "$L"

# verify --fix-owner never follows a symlink nor touches a hard-linked file
fresh
chown -R root:root "$L"
ln -s "$OUT/secret" "$L/evil"
ln -s "$OUT/dir" "$L/var/evil-dir"
ln "$OUT/dir/file" "$L/hl"
outside >"$TMP/o1"
"$FML4TO8" verify --root "$TMP/root" --fix-owner "$OWNER" "$L" >"$TMP/v.out" 2>&1
has "$TMP/v.out" TREE_SYMLINK
has "$TMP/v.out" TREE_HARDLINK
outside >"$TMP/o2"
cmp -s "$TMP/o1" "$TMP/o2" || fail "verify --fix-owner changed something outside"
[ "$(stat -c %U "$L/help")" = "$OWNER" ] || fail "verify --fix-owner did not fix help"
[ "$(stat -c %U "$L/evil")" = root ] || fail "the symlink itself was changed"
finish

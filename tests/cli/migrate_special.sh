#!/bin/sh
# FIFOs, sockets and device nodes in a list tree are never opened, chowned
# or chmodded (TREE_SPECIAL): migrate and rollback stop before writing
# anything, verify --fix-owner gives everything else to the owner and leaves
# them as they were.  (Earlier code chowned them by name after an lstat: a
# block device in a list was silently handed to the owner.)
. "$(dirname "$0")/lib.sh"
need_shared
need_root_and_owner

L=$ML/test-ml
ST=$TMP/state
fresh() {
	rm -rf "$TMP/root" "$STATE"
	cp -a "$FIX" "$TMP/root" && chmod -R u+w "$TMP/root"
	fake_fml8 "$TMP/root"
	chown -R root:root "$TMP/root"
}
plant() {
	mkfifo -m 0600 "$L/spool/fifo"
	mknod -m 0600 "$L/var/blockdev" b 7 200
	mknod -m 0600 "$L/chardev" c 1 3
	perl -MIO::Socket::UNIX -e 'IO::Socket::UNIX->new(Type => SOCK_STREAM(), Local => $ARGV[0], Listen => 1) or die "$!\n"' "$L/sock" ||
		fail "cannot make a socket"
}
specials() {
	for f in spool/fifo var/blockdev chardev sock; do
		[ -e "$L/$f" ] || { echo "$f gone"; continue; }
		stat -c "$f %F %U %G %a" "$L/$f"
	done
}

fresh
plant
specials >"$TMP/s1"
h=$(tree_hash "$L")
migrate_root "$L" >"$TMP/m.out" 2>&1
st=$?
[ "$st" = 3 ] || fail "migrate exited $st, expected 3"
for f in spool/fifo var/blockdev chardev sock; do
	grep -q "TREE_SPECIAL.*$f\|$f.*TREE_SPECIAL" "$TMP/m.out" || has "$TMP/m.out" "$L/$f" "migrate names $f"
done
has "$TMP/m.out" TREE_SPECIAL
[ "$(tree_hash "$L")" = "$h" ] || fail "migrate changed the list"
[ ! -e "$MAP" ] || fail "ml_home_prefix was written"
specials >"$TMP/s2"
cmp -s "$TMP/s1" "$TMP/s2" || { fail "migrate changed a special file"; diff "$TMP/s1" "$TMP/s2"; }

# verify --fix-owner: the rest is given to the owner, the special files are not
"$FML4TO8" verify --root "$TMP/root" --fix-owner "$OWNER" "$L" >"$TMP/v.out" 2>&1
has "$TMP/v.out" TREE_SPECIAL "verify --fix-owner"
specials >"$TMP/s3"
cmp -s "$TMP/s1" "$TMP/s3" || { fail "verify --fix-owner changed a special file"; diff "$TMP/s1" "$TMP/s3"; }
grep -q "root" "$TMP/s3" || fail "the special files are not root's any more"
[ "$(stat -c %U "$L/config.ph")" = "$OWNER" ] || fail "verify --fix-owner did not fix config.ph"
[ "$(find "$L" -xdev ! -type p ! -type b ! -type c ! -type s ! -user "$OWNER" | head -1)" = "" ] ||
	fail "verify --fix-owner left a regular file or directory to another owner"
finish

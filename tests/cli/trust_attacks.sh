#!/bin/sh
# The list owner is not root.  Everything under a list directory (.fml4rc/
# included) is the owner's to write; what migrate and rollback trust lives in
# the state directory.  Each attack below worked on earlier code:
#   - a manifest edited in .fml4rc (f 6755 0 0 seq) and /bin/sh copied into
#     seq: root's rollback made a setuid-root shell;
#   - a saved original edited in .fml4rc: rollback restored the edited bytes
#     and said "back to fml4";
#   - a plan or journal edited in .fml4rc: migrate wrote chosen bytes and gave
#     the tree to an owner named in it.
# Now: no set-id bit and no root-owned file the fml4 tree did not have,
# edited backups refused (exit 3, ROLLBACK_UNVERIFIED naming the file,
# nothing changed), planted plans and journals ignored; nothing outside the
# list changes.
. "$(dirname "$0")/lib.sh"
need_shared
need_root_and_owner

L=$ML/test-ml
KEY=/var/mail/example.com/~ml/test-ml
OUT=$TMP/outside
fresh() {
	fresh_root
	chown -R "$OWNER:$OWNER" "$L"   # fml4 runs as the list owner
}
outside() {
	(cd "$OUT" && find . -printf '%p %y %m %U %G %s %T@\n' | LC_ALL=C sort &&
		find . -type f -exec sha256sum {} +)
}
f48() {   # f48 migrate|rollback: on the list, with the options that command takes
	case $1 in
	migrate) "$FML4TO8" migrate --owner "$OWNER" --root "$TMP/root" --ml-home-prefix-map "$MAP" "$L" ;;
	*) "$FML4TO8" "$1" --root "$TMP/root" "$L" ;;
	esac
}
# as the list owner would (it owns everything under the list)
as_owner() {
	su -s /bin/sh "$OWNER" -c "$1" || fail "the owner could not: $1"
}
no_privilege() {
	bad=$(find "$L" -perm /7000 | head -3)
	[ -z "$bad" ] || fail "$1: set-id or sticky bits: $bad"
	bad=$(find "$L" ! -user "$OWNER" | head -3)
	[ -z "$bad" ] || fail "$1: files the fml4 tree did not have as root's: $bad"
}

chmod 0711 "$TMP"   # the owner reaches its list (the state directory stays 0700)
mkdir -p "$OUT" && echo secret >"$OUT/secret" && chmod 0600 "$OUT/secret"
outside >"$TMP/out.before"

# --- 1. a manifest planted in the backup, /bin/sh in seq: no setuid shell
fresh
list_snap "$L" >"$TMP/fml4"
f48 migrate >/dev/null 2>&1 || [ $? = 1 ] || fail "migrate failed"
seqmode=$(stat -c %a "$L/seq")
as_owner "printf 'fml4to8-manifest 1\nf 6755 0 0 seq\nf 6755 0 0 members\nd 1777 0 0 spool\n' >'$L/.fml4rc/fml4to8-manifest'"
as_owner "cat /bin/sh >'$L/seq'"
f48 rollback >"$TMP/rb1" 2>&1
st=$?
[ "$st" = 0 ] || { fail "rollback after a planted manifest exited $st"; head -3 "$TMP/rb1"; }
no_privilege "planted manifest"
[ "$(stat -c %a "$L/seq")" = "$seqmode" ] || fail "seq has mode $(stat -c %a "$L/seq"), fml4 had $seqmode"
grep -v ' ./seq$' "$TMP/fml4" | grep -v '\./seq ' >"$TMP/fml4-noseq"
list_snap "$L" | grep -v ' ./seq$' | grep -v '\./seq ' >"$TMP/got"
cmp -s "$TMP/fml4-noseq" "$TMP/got" || { fail "planted manifest: not the fml4 tree"; diff "$TMP/fml4-noseq" "$TMP/got" | head -5; }

# --- 2. a saved original edited in the backup: refused, nothing changed
fresh
list_snap "$L" >"$TMP/fml4"
f48 migrate >/dev/null 2>&1
cp "$L/.fml4rc/include" "$TMP/include.saved"
as_owner "echo '\"|/bin/sh -c id\"' >>'$L/.fml4rc/include'"
list_snap "$L" >"$TMP/before"
f48 rollback >"$TMP/rb2" 2>&1
st=$?
[ "$st" = 3 ] || fail "rollback of an edited backup exited $st, expected 3"
has "$TMP/rb2" ROLLBACK_UNVERIFIED "edited backup"
has "$TMP/rb2" "$L/include" "edited backup"
hasnt "$TMP/rb2" "back to fml4" "edited backup"
list_snap "$L" >"$TMP/after"
cmp -s "$TMP/before" "$TMP/after" || fail "a refused rollback changed the list"
grep -q '^state migrated' "$(state_file $KEY journal)" || fail "a refused rollback changed the journal"
# the right bytes back: the rollback goes through, byte for byte
cp "$TMP/include.saved" "$L/.fml4rc/include"
run 0 "$TMP/rb2b" rollback --root "$TMP/root" "$L"
list_snap "$L" >"$TMP/got"
cmp -s "$TMP/fml4" "$TMP/got" || { fail "rollback after the backup was repaired: not the fml4 tree"; diff "$TMP/fml4" "$TMP/got" | head -5; }
no_privilege "repaired backup"

# a saved original removed, or replaced by a hard link to a root file outside
fresh
f48 migrate >/dev/null 2>&1
rm -f "$L/.fml4rc/config.ph"
f48 rollback >"$TMP/rb3" 2>&1
[ $? = 3 ] || fail "rollback with a missing backup did not exit 3"
has "$TMP/rb3" "$L/config.ph" "missing backup"
has "$TMP/rb3" "missing" "missing backup"
ln -f "$OUT/secret" "$L/.fml4rc/config.ph"
f48 rollback >"$TMP/rb4" 2>&1
[ $? = 3 ] || fail "rollback with a hard-linked backup did not exit 3"
has "$TMP/rb4" TREE_HARDLINK "hard-linked backup"
rm -f "$L/.fml4rc/config.ph"

# --- 3. a plan and a journal planted in the backup: ignored
fresh
f48 migrate >/dev/null 2>&1
list_snap "$L" >"$TMP/ref"
fresh
FML4TO8_TEST_STOP_AFTER=10 f48 migrate >/dev/null 2>&1
plan=$(state_file $KEY plan)
sed -e 's/^owner .*/owner root/' -e 's/^A write 0600 /A write 4755 /' "$plan" >"$TMP/evil-plan"
cp "$TMP/evil-plan" "$L/.fml4rc/fml4to8-plan" && chown "$OWNER" "$L/.fml4rc/fml4to8-plan"
printf 'fml4to8-journal 1\nstate migrating\nnext 0\nactions 3\n' >"$L/.fml4rc/fml4to8-journal"
f48 migrate >"$TMP/m3" 2>&1
st=$?
[ "$st" = 0 ] || [ "$st" = 1 ] || { fail "resume with a planted plan exited $st"; head -3 "$TMP/m3"; }
rm -f "$L/.fml4rc/fml4to8-plan" "$L/.fml4rc/fml4to8-journal"
list_snap "$L" >"$TMP/got"
cmp -s "$TMP/ref" "$TMP/got" || { fail "a planted plan changed what migrate did"; diff "$TMP/ref" "$TMP/got" | head -5; }
no_privilege "planted plan"
# ... and after the migration: "already migrated", nothing changes
cp "$TMP/evil-plan" "$L/.fml4rc/fml4to8-plan"
list_snap "$L" >"$TMP/before"
run 0 "$TMP/m4" migrate --owner "$OWNER" --root "$TMP/root" --ml-home-prefix-map "$MAP" "$L"
has "$TMP/m4" "already migrated"
list_snap "$L" >"$TMP/after"
cmp -s "$TMP/before" "$TMP/after" || fail "a planted plan on a migrated list changed it"

# --- 4. the state directory must be root's alone
fresh
mkdir -m 0777 "$TMP/open-state"
"$F48_PROG" migrate --state-dir "$TMP/open-state" --owner "$OWNER" --root "$TMP/root" \
	--ml-home-prefix-map "$MAP" "$L" >"$TMP/m5" 2>&1
[ $? = 3 ] || fail "a world-writable state directory was accepted"
has "$TMP/m5" "writable by nobody else"
[ ! -e "$L/.fml4rc" ] || fail "migrate wrote with an unsafe state directory"

outside >"$TMP/out.after"
cmp -s "$TMP/out.before" "$TMP/out.after" || fail "something outside the list changed"
finish

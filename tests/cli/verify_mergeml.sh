#!/bin/sh
# verify on lists made by "makefml mergeml": the differences are reported
# with codes; --fix-owner USER does the manual "chown fmladmin *;
# chown -R fmladmin var" step for the whole tree, with fml8's modes (the
# test's owner is a throw-away user, see need_root_and_owner).
. "$(dirname "$0")/lib.sh"
need_shared
need_root_and_owner

M=$SHARED/fixtures/mergeml/example.com
cp -a "$M" "$TMP/root" && chmod -R u+w "$TMP/root"
# in the checkout everything belongs to whoever copied it; on the host
# (MODES.txt) much was root's: start from root
chown -R root:root "$TMP/root"
ML=$TMP/root/var/mail/example.com/~ml
n=0
for L in "$ML"/*; do
	[ -f "$L/config.cf" ] || continue
	l=$(basename "$L")
	n=$((n + 1))
	run 1 "$TMP/$l.v1" verify --owner "$OWNER" "$L"
	has "$TMP/$l.v1" OWNER_WRONG "$l verify"
	run 1 "$TMP/$l.fix" verify --fix-owner "$OWNER" "$L"
	has "$TMP/$l.fix" "given to $OWNER" "$l --fix-owner"
	hasnt "$TMP/$l.fix" OWNER_WRONG "$l --fix-owner"
	hasnt "$TMP/$l.fix" VERIFY_MODE "$l --fix-owner"
	bad=$(find "$L" ! -user "$OWNER" | head -3)
	[ -z "$bad" ] || fail "$l: still not owned by $OWNER: $bad"
	bad=$(find "$L" ! -group "$OWNER" | head -3)
	[ -z "$bad" ] || fail "$l: group is not $OWNER: $bad"
	[ "$(stat -c %a "$L/config.cf")" = 600 ] || fail "$l: config.cf mode $(stat -c %a "$L/config.cf")"
	for f in include include-ctl include-error; do
		[ ! -e "$L/$f" ] || [ "$(stat -c %a "$L/$f")" = 644 ] || fail "$l: $f mode"
	done
	for d in etc var tmp spool; do
		[ "$(stat -c %a "$L/$d")" = 700 ] || fail "$l: $d mode $(stat -c %a "$L/$d")"
	done
	# what mergeml left is still reported: config.ph where fml8 reads it
	if [ -f "$L/config.ph" ]; then has "$TMP/$l.fix" VERIFY_FML4_LEFT "$l"; fi
	# a second --fix-owner has nothing left to do
	"$FML4TO8" verify --fix-owner "$OWNER" "$L" >"$TMP/$l.fix2" 2>&1
	has "$TMP/$l.fix2" "0 path(s) given to $OWNER" "$l second --fix-owner"
done
[ "$n" -ge 8 ] || fail "only $n mergeml lists found"
finish

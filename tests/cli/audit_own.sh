#!/bin/sh
# audit on lists fml4to8 migrated itself: nothing dropped, nothing to fix.
. "$(dirname "$0")/lib.sh"
need_shared
need_root_and_owner
cp -a "$FIX" "$TMP/r"
chmod -R u+w "$TMP/r"
fake_fml8 "$TMP/r"
L=$TMP/r/var/mail/example.com/~ml
run 1 "$TMP/m" migrate --owner "$OWNER" --root "$TMP/r" --ml-home-prefix-map "$TMP/ml_home_prefix" --all "$L"
for l in test-ml info staff news support dev users announce; do
	run 1 "$TMP/$l" audit --owner "$OWNER" --root "$TMP/r" "$L/$l"
	has "$TMP/$l" '0 things to fix with --fix'
	for code in SUBJECT_TAG_DROPPED SETTING_DROPPED SETTING_CHANGED MEMBER_LOST \
	    MEMBER_OPTION_LOST MEMBER_OPTION_LEAKED MEMBER_EXTRA INCLUDE_NOT_FML8; do
		hasnt "$TMP/$l" "$code"
	done
	hasnt "$TMP/$l" 'OWNER_WRONG'
done
finish

#!/bin/sh
# A migration stopped after every action 0 ... N (every one for test-ml;
# 0 ... 5 for staff) (FML4TO8_TEST_STOP_AFTER,
# as if killed: 0 is right after the state is recorded, before the backup
# directory appears), then rolled back: the fml4 tree comes back byte for
# byte -- contents, modes and owners of every path, include, include-ctl and
# include-mead included -- and the run says so.  (Earlier code rolled back a
# run stopped at 0..3 "back to fml4" with the include files left "|exit 75"
# and their originals nowhere: the list deferred mail for ever.)
. "$(dirname "$0")/lib.sh"
need_shared
need_root_and_owner

fresh() {
	fresh_root
	# fml4 lists belong to the list owner (fml4 runs as it), one file is root's
	chown -R "$OWNER:$OWNER" "$ML"
	chown root:root "$ML/$l/help" 2>/dev/null
	chmod 0640 "$ML/$l/help" 2>/dev/null
}
f48() {   # f48 migrate|rollback LIST_DIR, with the options that command takes
	case $1 in
	migrate) "$FML4TO8" migrate --owner "$OWNER" --root "$TMP/root" --ml-home-prefix-map "$MAP" "$2" ;;
	*) "$FML4TO8" "$1" --root "$TMP/root" "$2" ;;
	esac
}

points=0
for l in test-ml staff; do
	L=$ML/$l
	fresh
	list_snap "$L" >"$TMP/$l.fml4"
	[ -f "$L/include-mead" ] || fail "$l: the fixture has no include-mead"
	f48 migrate "$L" >/dev/null 2>&1
	n=$(sed -n 's/^actions //p' "$(state_file "/var/mail/example.com/~ml/$l" journal)")
	[ -n "$n" ] && [ "$n" -gt 20 ] || { fail "$l: no action count ($n)"; continue; }
	# every point of test-ml; the first ones (the originals being saved) of staff
	last=$n
	[ "$l" = test-ml ] || last=5
	N=0
	while [ "$N" -le "$last" ]; do
		fresh
		FML4TO8_TEST_STOP_AFTER=$N f48 migrate "$L" >"$TMP/k.out" 2>&1
		st=$?
		[ "$N" -ge "$n" ] || [ "$st" = 137 ] || fail "$l@$N: the stopped run exited $st"
		f48 rollback "$L" >"$TMP/rb.out" 2>&1
		st=$?
		[ "$st" = 0 ] || { fail "$l@$N: rollback exited $st"; sed 's/^/    | /' "$TMP/rb.out" | head -5; }
		has "$TMP/rb.out" "back to fml4" "$l@$N rollback"
		list_snap "$L" >"$TMP/got"
		if ! cmp -s "$TMP/$l.fml4" "$TMP/got"; then
			fail "$l: stopped after action $N and rolled back: not the fml4 tree"
			diff "$TMP/$l.fml4" "$TMP/got" | head -8 | sed 's/^/    | /'
		fi
		# a second rollback has nothing to do, a migrate starts afresh
		run 0 "$TMP/rb2.out" rollback --state-dir "$STATE" --root "$TMP/root" "$L"
		has "$TMP/rb2.out" "nothing to do" "$l@$N second rollback"
		points=$((points + 1))
		N=$((N + 1))
	done
done
echo "$points stop points rolled back"
finish

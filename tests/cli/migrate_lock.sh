#!/bin/sh
# One lock per list (in the state directory): two and three migrate or
# rollback runs started at once on one list -- exactly one works, every
# other exits 75 (EX_TEMPFAIL) naming the pid that holds the lock, and the
# journal and the tree end as one run leaves them.  verify --fix-owner and
# audit --fix wait their turn the same way.  (Earlier code let two resumed
# runs collide on the fixed temporary names: one exited 0 with the journal
# still "migrating" and root-owned files left.)
. "$(dirname "$0")/lib.sh"
need_shared
need_root_and_owner

L=$ML/announce
KEY=/var/mail/example.com/~ml/announce
fresh() {
	rm -rf "$TMP/root" "$STATE" "$MAP"
	cp -a "$FIX" "$TMP/root" && chmod -R u+w "$TMP/root"
	fake_fml8 "$TMP/root"
}
snap() {
	(cd "$1" && find . -printf '%p %y %m %U %G %s\n' | LC_ALL=C sort &&
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
}
f48() {   # f48 migrate|rollback: on the list, with the options that command takes
	case $1 in
	migrate) "$FML4TO8" migrate --owner "$OWNER" --root "$TMP/root" --ml-home-prefix-map "$MAP" "$L" ;;
	*) "$FML4TO8" "$1" --root "$TMP/root" "$L" ;;
	esac
}

fresh
f48 migrate >/dev/null 2>&1
snap "$L" >"$TMP/ref"

# the same, replacing the (background) shell, so that $! is the program's pid
f48_exec() {
	case $1 in
	migrate) exec "$FML4TO8" migrate --owner "$OWNER" --root "$TMP/root" --ml-home-prefix-map "$MAP" "$L" ;;
	*) exec "$FML4TO8" "$1" --root "$TMP/root" "$L" ;;
	esac
}
# held PID: that run holds the list's lock (it writes its pid into the lock
# file once it has it; looking never takes the lock)
held() {
	grep -qx "pid $1" "$(state_file $KEY lock)" 2>/dev/null
}
# K runs of COMMANDS at once (the second and later once the first holds the
# lock; a migrate first pauses 2 s at its first step, FML4TO8_TEST_PAUSE_MS,
# so that the others surely come while it works): exactly one exits 0 or 1,
# the others 75
at_once() {
	what=$1
	shift
	i=0
	pids=
	for c in "$@"; do
		if [ $i = 0 ]; then
			(FML4TO8_TEST_PAUSE_MS=2000 && export FML4TO8_TEST_PAUSE_MS && f48_exec $c) >"$TMP/c$i.out" 2>&1 &
		else
			f48_exec $c >"$TMP/c$i.out" 2>&1 &
		fi
		pids="$pids $!"
		if [ $i = 0 ]; then
			w=0
			while ! held $! && [ $w -lt 500 ]; do sleep 0.01; w=$((w + 1)); done
		fi
		i=$((i + 1))
	done
	ok=0 locked=0 i=0
	for p in $pids; do
		wait "$p"
		st=$?
		case $st in
		0 | 1) ok=$((ok + 1)) ;;
		75) locked=$((locked + 1))
			grep -q "locked by pid [1-9][0-9]* (fml4to8 \(migrate\|rollback\))" "$TMP/c$i.out" ||
				fail "$what: run $i exited 75 without naming the holder: $(head -2 "$TMP/c$i.out")" ;;
		*) fail "$what: run $i exited $st"; sed 's/^/    | /' "$TMP/c$i.out" | head -4 ;;
		esac
		i=$((i + 1))
	done
	[ "$ok" = 1 ] || fail "$what: $ok runs worked, expected exactly 1"
	[ "$locked" = $(($# - 1)) ] || fail "$what: $locked runs exited 75, expected $(($# - 1))"
}

for round in 1 2; do
	# two and three fresh migrations at once
	fresh
	at_once "2 migrates" migrate migrate
	grep -q '^state migrated' "$(state_file $KEY journal)" || fail "2 migrates: the journal is not complete"
	snap "$L" >"$TMP/got"
	cmp -s "$TMP/ref" "$TMP/got" || { fail "2 migrates: another tree"; diff "$TMP/ref" "$TMP/got" | head -5; }
	fresh
	at_once "3 migrates" migrate migrate migrate
	grep -q '^state migrated' "$(state_file $KEY journal)" || fail "3 migrates: the journal is not complete"
	snap "$L" >"$TMP/got"
	cmp -s "$TMP/ref" "$TMP/got" || { fail "3 migrates: another tree"; diff "$TMP/ref" "$TMP/got" | head -5; }
	[ -z "$(find "$L" ! -user "$OWNER" | head -1)" ] || fail "3 migrates: files not owned by the owner"
	# two resumed runs of a stopped migration at once
	fresh
	FML4TO8_TEST_STOP_AFTER=5 f48 migrate >/dev/null 2>&1
	at_once "2 resumes" migrate migrate
	grep -q '^state migrated' "$(state_file $KEY journal)" || fail "2 resumes: the journal is not complete"
	snap "$L" >"$TMP/got"
	cmp -s "$TMP/ref" "$TMP/got" || { fail "2 resumes: another tree"; diff "$TMP/ref" "$TMP/got" | head -5; }
	# a resume and two rollbacks at once: the resume works
	fresh
	FML4TO8_TEST_STOP_AFTER=5 f48 migrate >/dev/null 2>&1
	at_once "a resume and 2 rollbacks" migrate rollback rollback
	grep -q '^state migrated' "$(state_file $KEY journal)" || fail "a resume and 2 rollbacks: the journal is not complete"
	snap "$L" >"$TMP/got"
	cmp -s "$TMP/ref" "$TMP/got" || { fail "a resume and 2 rollbacks: another tree"; diff "$TMP/ref" "$TMP/got" | head -5; }
done

# the lock held by someone else: migrate, rollback, verify --fix-owner and audit --fix wait their turn
fresh
f48 migrate >/dev/null 2>&1
lock=$(state_file $KEY lock)
flock -n "$lock" sleep 3 &
holder=$!
sleep 0.5
f48 migrate >"$TMP/l1" 2>&1; [ $? = 75 ] || fail "migrate under a held lock did not exit 75"
f48 rollback >"$TMP/l2" 2>&1; [ $? = 75 ] || fail "rollback under a held lock did not exit 75"
"$FML4TO8" verify --root "$TMP/root" --fix-owner "$OWNER" "$L" >"$TMP/l3" 2>&1; [ $? = 75 ] || fail "verify --fix-owner under a held lock did not exit 75"
"$FML4TO8" audit --root "$TMP/root" --fix "$L" >"$TMP/l4" 2>&1; [ $? = 75 ] || fail "audit --fix under a held lock did not exit 75"
has "$TMP/l1" "locked by pid"
"$FML4TO8" verify --root "$TMP/root" --owner "$OWNER" "$L" >"$TMP/l5" 2>&1; [ $? = 0 ] || fail "verify (read only) waits for the lock: $(head -2 "$TMP/l5")"
wait $holder
snap "$L" >"$TMP/got"
cmp -s "$TMP/ref" "$TMP/got" || fail "a refused run changed the list"
finish

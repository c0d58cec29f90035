#!/bin/sh
# A migration killed at every action boundary (the FML4TO8_TEST_STOP_AFTER
# hook: _exit(137) right after action N is journaled), and by real kill -9
# at random moments, then run again, ends with exactly the tree of an
# uninterrupted run: same paths, types, modes, owners, sizes and bytes
# (journal, saved plan and manifest included; only mtimes may differ).
# While killed, mail is deferred or delivered, never bounced: each include
# file is the fml4 original, the exit-75 line or the fml8 command, and the
# fml4 original only while config.ph is still in place.
. "$(dirname "$0")/lib.sh"
need_shared
need_root_and_owner

snap() {
	(cd "$1" && find . -printf '%p %y %m %U %G %s\n' | LC_ALL=C sort &&
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
}
DEFER='"|exit 75"'

points=0
for l in staff test-ml; do
	L=$ML/$l
	fresh_root
	migrate_root "$L" >"$TMP/ref.out" 2>&1
	snap "$L" >"$TMP/$l.ref"
	cp "$MAP" "$TMP/$l.map"
	J=$(state_file "/var/mail/example.com/~ml/$l" journal)
	n=$(sed -n 's/^actions //p' "$J")
	[ -n "$n" ] && [ "$n" -gt 20 ] || { fail "$l: no action count ($n)"; continue; }
	fresh_root
	for f in include include-ctl include-mead; do
		[ -f "$L/$f" ] && cp "$L/$f" "$TMP/orig-$f"
	done
	N=0
	while [ "$N" -le "$n" ]; do
		fresh_root
		FML4TO8_TEST_STOP_AFTER=$N migrate_root "$L" >"$TMP/k.out" 2>&1
		st=$?
		if [ "$N" -lt "$n" ] && [ "$st" != 137 ]; then
			fail "$l: stop after $N exited $st, expected 137"
		fi
		# the state a killed run leaves
		for f in include include-ctl; do
			c=$(cat "$L/$f" 2>/dev/null) || { fail "$l@$N: $f is missing"; continue; }
			if cmp -s "$L/$f" "$TMP/orig-$f"; then
				[ -f "$L/config.ph" ] || fail "$l@$N: fml4's $f without config.ph"
			elif [ "$c" != "$DEFER" ]; then
				case $c in '"| /usr/local/libexec/fml/'*) ;; *) fail "$l@$N: $f is: $c" ;; esac
			fi
		done
		if [ "$N" -lt "$n" ]; then
			grep -q '^state migrating' "$J" ||
				fail "$l@$N: the journal does not say migrating"
			run 1 "$TMP/v.out" verify --root "$TMP/root" "$L"
			has "$TMP/v.out" VERIFY_INCOMPLETE "$l@$N verify"
		fi
		migrate_root "$L" >"$TMP/r.out" 2>&1
		st=$?
		[ "$st" = 0 ] || [ "$st" = 1 ] || { fail "$l@$N: the rerun exited $st"; sed 's/^/    | /' "$TMP/r.out" | head -5; }
		snap "$L" >"$TMP/got"
		if ! cmp -s "$TMP/$l.ref" "$TMP/got"; then
			fail "$l: killed after action $N, the rerun gives another tree"
			diff "$TMP/$l.ref" "$TMP/got" | head -6 | sed 's/^/    | /'
		fi
		cmp -s "$MAP" "$TMP/$l.map" || fail "$l@$N: ml_home_prefix differs"
		points=$((points + 1))
		N=$((N + 1))
	done
done

# real kill -9 at random moments (the big list: more time inside writes)
L=$ML/announce
fresh_root
migrate_root "$L" >/dev/null 2>&1
snap "$L" >"$TMP/announce.ref"
i=0
landed=
while [ $i -lt 12 ]; do
	fresh_root
	# the program itself in the background (the libtool wrapper execs it),
	# so that $! is the process that is killed
	"$FML4TO8" migrate --owner "$OWNER" --root "$TMP/root" --ml-home-prefix-map "$MAP" "$L" >/dev/null 2>&1 &
	pid=$!
	# spread over the run (about 0.6 s here: reading and planning take the first 0.1 s)
	sleep "0.$(( 10 + (i * 37) % 55 ))"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	# the journal's last complete "next" record: where the kill landed
	at=$(sed -n 's/^next //p' "$(state_file /var/mail/example.com/~ml/announce journal)" 2>/dev/null | tail -n 1)
	landed="$landed ${at:-none}"
	migrate_root "$L" >"$TMP/r.out" 2>&1
	st=$?
	[ "$st" = 0 ] || [ "$st" = 1 ] || fail "random kill $i: the rerun exited $st"
	snap "$L" >"$TMP/got"
	cmp -s "$TMP/announce.ref" "$TMP/got" || {
		fail "random kill $i: the rerun gives another tree"
		diff "$TMP/announce.ref" "$TMP/got" | head -6 | sed 's/^/    | /'
	}
	i=$((i + 1))
done
echo "$points kill points checked; 12 random kills landed at (next action):$landed"
finish

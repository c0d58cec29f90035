#!/bin/sh
# migrate, rerun, verify and rollback every fml4 list of a copy of the
# fixture domain: files, contents (against dry-run's plan and the smtp-sink
# recipients), owners, modes, ml_home_prefix; rollback is byte-exact.
. "$(dirname "$0")/lib.sh"
need_shared
need_root_and_owner

cp -a "$FIX" "$TMP/root" && chmod -R u+w "$TMP/root"
fake_fml8 "$TMP/root"
SINK=$FIX/smtp-sink
printf '# fml8 ml_home_prefix\nexample.org\t/var/spool/ml/example.org\n' >"$MAP"

# what fml8 must see, one line per path: type mode owner group size, and contents

# the recipients of the last article fml4 delivered, from the smtp-sink capture
last_rcpt() {
	ls "$SINK" | grep -- "-$1-[0-9]*\.rcpt\$" | LC_ALL=C sort | tail -1
}

for l in test-ml info staff news support dev users announce; do
	L=$ML/$l
	list_snap "$L" >"$TMP/$l.before"
	run 1 "$TMP/$l.dry" dry-run -v --root "$TMP/root" "$L"
	"$FML4TO8" migrate --owner "$OWNER" --root "$TMP/root" --ml-home-prefix-map "$MAP" "$L" >"$TMP/$l.out" 2>&1
	st=$?
	[ "$st" = 0 ] || [ "$st" = 1 ] || { fail "$l: migrate exited $st"; sed 's/^/    | /' "$TMP/$l.out"; continue; }
	has "$TMP/$l.out" "$L: migrated to fml8"
	# every write of the plan: the file is there with the planned size and mode
	# (a path written twice, like include, ends as its last write)
	grep '^    write  ' "$TMP/$l.dry" | sed 's/^    write  \([^ ]*\) (\(0[0-7]*\), \([0-9]*\) bytes).*/\1 \2 \3/' |
		awk '{ last[$1] = $0 } END { for (p in last) print last[p] }' >"$TMP/$l.writes"
	while read -r p m s; do
		case $p in include-mead) continue ;; esac
		[ -f "$L/$p" ] || { fail "$l: $p missing"; continue; }
		[ "$(stat -c %s "$L/$p")" = "$s" ] || fail "$l: $p is $(stat -c %s "$L/$p") bytes, planned $s"
		case $p in
		config.cf) want=600 ;;
		include | include-ctl | include-error) want=644 ;;
		*) want=$(echo "$m" | sed 's/^0*//') ;;
		esac
		[ "$(stat -c %a "$L/$p")" = "$want" ] || fail "$l: $p has mode $(stat -c %a "$L/$p"), want $want"
	done <"$TMP/$l.writes"
	[ -s "$TMP/$l.writes" ] || fail "$l: no writes in the dry-run"
	# owners and modes fml8 wants
	bad=$(find "$L" ! -user "$OWNER" | head -3)
	[ -z "$bad" ] || fail "$l: not owned by $OWNER: $bad"
	for d in etc var tmp spool var/db var/lock .fml4rc; do
		[ "$(stat -c %a "$L/$d")" = 700 ] || fail "$l: $d has mode $(stat -c %a "$L/$d")"
	done
	# fml4 files fml8 must not read are in the backup, texts stay
	for f in config.ph actives cf; do
		[ ! -e "$L/$f" ] || fail "$l: $f is still in the list directory"
		[ -f "$L/.fml4rc/$f" ] || fail "$l: $f is not in .fml4rc"
		grep -q " ./$f\$" "$TMP/$l.before" &&
			[ "$(sha256sum <"$L/.fml4rc/$f")" = "$(sha256sum <"$FIX/var/mail/example.com/~ml/$l/$f")" ] ||
			fail "$l: .fml4rc/$f differs from the fml4 original"
	done
	for f in help guide objective deny welcome seq summary log; do
		[ -e "$FIX/var/mail/example.com/~ml/$l/$f" ] || continue
		cmp -s "$L/$f" "$FIX/var/mail/example.com/~ml/$l/$f" || fail "$l: $f changed or is missing"
	done
	for f in include include-ctl; do
		cmp -s "$L/.fml4rc/$f" "$FIX/var/mail/example.com/~ml/$l/$f" || fail "$l: .fml4rc/$f is not the original"
	done
	has "$L/include" "\"| /usr/local/libexec/fml/distribute $l@example.com\""
	has "$L/include-ctl" "\"| /usr/local/libexec/fml/command $l@example.com\""
	has "$L/include-error" "\"| /usr/local/libexec/fml/error $l@example.com\""
	[ -e "$L/include-mead" ] && fail "$l: include-mead is still there"
	if [ -f "$TMP/root/var/mail/example.com/~ml/$l/.fml4rc/etc/passwd" ]; then
		[ -f "$L/etc/passwd-admin" ] || fail "$l: no etc/passwd-admin"
		[ ! -e "$L/etc/passwd" ] || fail "$l: etc/passwd is still there"
	fi
	# the recipients are what fml4 delivered to (smtp-sink)
	r=$(last_rcpt "$l")
	if [ -n "$r" ]; then
		LC_ALL=C sort -u "$SINK/$r" | grep -v '^$' >"$TMP/$l.rcpt"
		LC_ALL=C sort -u "$L/recipients" >"$TMP/$l.recipients"
		cmp -s "$TMP/$l.rcpt" "$TMP/$l.recipients" || fail "$l: recipients differ from $r"
	fi
	# the second run changes nothing and says so
	h1=$(tree_hash "$L")
	run 0 "$TMP/$l.again" migrate --owner "$OWNER" --root "$TMP/root" --ml-home-prefix-map "$MAP" "$L"
	has "$TMP/$l.again" "already migrated"
	has "$TMP/$l.again" "nothing to do"
	[ "$(tree_hash "$L")" = "$h1" ] || fail "$l: the second run changed the tree"
	run 0 "$TMP/$l.verify" verify --root "$TMP/root" "$L"
	has "$TMP/$l.verify" "nothing differs"
	list_snap "$L" >"$TMP/$l.migrated"
	# rollback: every fml4 file back, bytes, modes, owners; the backup kept
	run 0 "$TMP/$l.rb" rollback --root "$TMP/root" "$L"
	has "$TMP/$l.rb" "back to fml4"
	list_snap "$L" >"$TMP/$l.after"
	cmp -s "$TMP/$l.before" "$TMP/$l.after" || {
		fail "$l: rollback is not byte-exact"
		diff "$TMP/$l.before" "$TMP/$l.after" | head -10 | sed 's/^/    | /'
	}
	[ -f "$L/.fml4rc.rolled-back-1/config.ph" ] || fail "$l: the rolled-back backup is gone"
	run 0 "$TMP/$l.rb2" rollback --root "$TMP/root" "$L"
	has "$TMP/$l.rb2" "no migration to roll back"
	# migrate again after a rollback: the same fml8 tree
	run 1 "$TMP/$l.again2" migrate --owner "$OWNER" --root "$TMP/root" --ml-home-prefix-map "$MAP" "$L"
	# (the manifest differs, rightly: it now lists .fml4rc.rolled-back-1)
	list_snap "$L" | grep -v 'fml4to8-manifest' >"$TMP/$l.migrated2"
	grep -v 'fml4to8-manifest' "$TMP/$l.migrated" >"$TMP/$l.migrated1"
	cmp -s "$TMP/$l.migrated1" "$TMP/$l.migrated2" || {
		fail "$l: migrate after rollback gives another tree"
		diff "$TMP/$l.migrated1" "$TMP/$l.migrated2" | head -10 | sed 's/^/    | /'
	}
done

# the domain is in ml_home_prefix once, next to what was there
[ "$(grep -c '^example.com	/var/mail/example.com/~ml$' "$MAP")" = 1 ] || fail "ml_home_prefix: $(cat "$MAP")"
has "$MAP" "example.org	/var/spool/ml/example.org"
[ "$(wc -l <"$MAP")" = 3 ] || fail "ml_home_prefix has $(wc -l <"$MAP") lines"
[ "$(stat -c %a "$MAP")" = 644 ] || true

# --all on a fresh copy; a map that does not exist yet; a domain already
# there in capitals is not added again
rm -rf "$TMP/root" "$STATE"
cp -a "$FIX" "$TMP/root" && chmod -R u+w "$TMP/root" && fake_fml8 "$TMP/root"
"$FML4TO8" migrate --owner "$OWNER" --all --root "$TMP/root" --ml-home-prefix-map "$TMP/new-map" "$ML" >"$TMP/all" 2>&1
[ "$(grep -c ': migrated to fml8' "$TMP/all")" = 8 ] || fail "--all did not migrate 8 lists"
[ "$(cat "$TMP/new-map")" = "$(printf 'example.com\t/var/mail/example.com/~ml')" ] || fail "new map: $(cat "$TMP/new-map")"
[ "$(stat -c %a "$TMP/new-map")" = 644 ] || fail "new map mode $(stat -c %a "$TMP/new-map")"
run 0 "$TMP/all2" migrate --owner "$OWNER" --all --root "$TMP/root" --ml-home-prefix-map "$TMP/new-map" "$ML"
[ "$(grep -c 'nothing to do' "$TMP/all2")" = 8 ] || fail "--all rerun"
printf 'EXAMPLE.COM\t/elsewhere\n' >"$TMP/caps-map"
run 0 "$TMP/caps" migrate --owner "$OWNER" --all --root "$TMP/root" --ml-home-prefix-map "$TMP/caps-map" "$ML"
[ "$(cat "$TMP/caps-map")" = "$(printf 'EXAMPLE.COM\t/elsewhere')" ] || fail "caps map changed"

# --target: a copy is migrated; the list itself is untouched
rm -rf "$TMP/root" "$STATE"
cp -a "$FIX" "$TMP/root" && chmod -R u+w "$TMP/root" && fake_fml8 "$TMP/root"
h=$(tree_hash "$ML/info")
"$FML4TO8" migrate --owner "$OWNER" --root "$TMP/root" --ml-home-prefix-map "$MAP" --target "$TMP/info8" "$ML/info" >"$TMP/tgt" 2>&1
[ -f "$TMP/info8/config.cf" ] || fail "--target: no config.cf in the copy"
[ -f "$TMP/info8/.fml4rc/config.ph" ] || fail "--target: no backup in the copy"
[ "$(tree_hash "$ML/info")" = "$h" ] || fail "--target changed the list"
run 0 "$TMP/tgt2" migrate --owner "$OWNER" --root "$TMP/root" --ml-home-prefix-map "$MAP" --target "$TMP/info8" "$ML/info"
has "$TMP/tgt2" "nothing to do"
finish

#!/bin/sh
# migrate checks before its first write that it can finish: the owner
# exists, fml8 is installed at --fml8-libexec (under --root), and the
# ml_home_prefix map can be written.  Otherwise: exit 3, the reason, and
# nothing written (neither the list nor the state directory nor the map).
. "$(dirname "$0")/lib.sh"
need_shared
need_root_and_owner

L=$ML/test-ml
cp -a "$FIX" "$TMP/root" && chmod -R u+w "$TMP/root"
h=$(tree_hash "$TMP/root")

refused() {   # refused WHAT EXPECTED-TEXT ARGS...
	what=$1 text=$2
	shift 2
	"$FML4TO8" migrate --root "$TMP/root" "$@" "$L" >"$TMP/p.out" 2>&1
	st=$?
	[ "$st" = 3 ] || fail "$what: migrate exited $st, expected 3"
	has "$TMP/p.out" "$text" "$what"
	has "$TMP/p.out" "nothing was written" "$what"
	[ "$(tree_hash "$TMP/root")" = "$h" ] || fail "$what: the tree changed"
	[ -z "$(ls -A "$STATE" 2>/dev/null)" ] || fail "$what: the state directory was written"
	[ ! -e "$MAP" ] || fail "$what: the map was written"
}

refused "no fml8" "fml8 is not installed at /usr/local/libexec/fml" --owner "$OWNER" --ml-home-prefix-map "$MAP"
fake_fml8 "$TMP/root"
h=$(tree_hash "$TMP/root")
refused "no fml8 at --fml8-libexec" "fml8 is not installed at /opt/fml8/libexec" --owner "$OWNER" \
	--ml-home-prefix-map "$MAP" --fml8-libexec /opt/fml8/libexec
refused "no owner" "does not exist" --owner "f48-no-such-user-$$" --ml-home-prefix-map "$MAP"
refused "map directory missing" "cannot be written" --owner "$OWNER" --ml-home-prefix-map "$TMP/no/such/dir/map"
mkdir "$TMP/mapdir" && : >"$TMP/mapdir/target" && ln -s "$TMP/mapdir/target" "$TMP/maplink"
refused "map is a symlink" "cannot be written" --owner "$OWNER" --ml-home-prefix-map "$TMP/maplink"
# all there: it works
"$FML4TO8" migrate --root "$TMP/root" --owner "$OWNER" --ml-home-prefix-map "$MAP" "$L" >"$TMP/ok.out" 2>&1
st=$?
[ "$st" = 0 ] || [ "$st" = 1 ] || { fail "with everything there, migrate exited $st"; head -3 "$TMP/ok.out"; }
[ -f "$MAP" ] || fail "the map was not written"
finish

#!/bin/sh
# dry-run writes nothing anywhere: the whole tree (contents, modes, mtimes) is
# hashed before and after, on writable copies of the examples and fixtures.
. "$(dirname "$0")/lib.sh"

cp -a "$EXAMPLES" "$TMP/ex"
before=$(tree_hash "$TMP/ex")
run 1 "$TMP/o1" dry-run --root "$TMP/ex" "$TMP/ex/var/mail/example.net/~ml"
run 1 "$TMP/o2" dry-run --format xml --root "$TMP/ex" "$TMP/ex/var/mail/example.net/~ml"
run 1 "$TMP/o2h" dry-run --format html --realmx mx.example.jp --root "$TMP/ex" "$TMP/ex/var/mail/example.net/~ml"
[ "$before" = "$(tree_hash "$TMP/ex")" ] || fail "dry-run changed the examples tree"
has "$TMP/o1" 'nothing was written (dry run)'

if [ -d "$FIX" ]; then
	cp -a "$FIX" "$TMP/fx"
	chmod -R u+w "$TMP/fx"
	before=$(tree_hash "$TMP/fx")
	run 1 "$TMP/o3" dry-run --root "$TMP/fx" "$TMP/fx/var/mail/example.com/~ml"
	run 1 "$TMP/o4" dry-run --format html --root "$TMP/fx" "$TMP/fx/var/mail/example.com/~ml"
	[ "$before" = "$(tree_hash "$TMP/fx")" ] || fail "dry-run (text, html) changed the fixture copy"
else
	echo "note: ../shared/fixtures not present; checked on examples/ only"
fi
finish

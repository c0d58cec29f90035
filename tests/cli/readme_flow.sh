#!/bin/sh
# The README's commands, in its order, on a copy of the example domain:
# dry-run -> migrate --all -> verify -> virtual -> audit, each exit code as
# the README says, and each command's last line naming the next one.
. "$(dirname "$0")/lib.sh"
need_root_and_owner
R=$TMP/host
cp -a "$EXAMPLES" "$R" && chmod -R u+w "$R" && fake_fml8 "$R"
mkdir -p "$R/usr/local/etc/fml"     # fml8 is installed on the host
ML=$R/var/mail/example.net/~ml

# next FILE WHAT: the last line of FILE is "next: fml4to8 WHAT ..."
next() {
	case $(tail -1 "$1") in
	"next: fml4to8 $2"*) ;;
	*) fail "$1: last line is not 'next: fml4to8 $2 ...': $(tail -1 "$1")" ;;
	esac
}

h=$(tree_hash "$R")
run 1 "$TMP/1.dry" dry-run --root "$R" "$ML"
[ "$(tree_hash "$R")" = "$h" ] || fail "dry-run wrote something"
has "$TMP/1.dry" "nothing was written (dry run)"
# its next steps name the commands below, with --root
has "$TMP/1.dry" "  fml4to8 migrate --all --root $R $ML"
has "$TMP/1.dry" "  fml4to8 verify $ML"

run 1 "$TMP/2.mig" migrate --all --owner "$OWNER" --root "$R" "$ML"
[ "$(grep -c ': migrated to fml8' "$TMP/2.mig")" = 3 ] || fail "migrate --all did not migrate 3 lists"
next "$TMP/2.mig" "verify --root $R $ML"
# the domain is registered in the map of the host --root is
has "$R/usr/local/etc/fml/ml_home_prefix" "example.net	/var/mail/example.net/~ml"
# a rerun: nothing to do, exit 0
run 0 "$TMP/2.again" migrate --all --owner "$OWNER" --root "$R" "$ML"
[ "$(grep -c 'nothing to do' "$TMP/2.again")" = 3 ] || fail "the rerun did something"

run 0 "$TMP/3.verify" verify --root "$R" "$ML"
[ "$(grep -c 'verified: nothing differs' "$TMP/3.verify")" = 3 ] || fail "verify ~ml did not verify 3 lists"
next "$TMP/3.verify" "virtual --realmx HOST --root $R $ML"

mkdir -p "$ML/etc/postfix" "$ML/etc/mail"
run 0 "$TMP/4.virtual" virtual --root "$R" --realmx mx.example.jp \
	-o "$ML/etc/postfix/virtual" -a "$ML/etc/mail/aliases" "$ML"
for l in hello kokuchi team; do
	grep -qE "^$l@example.net[[:space:]]+$l=example.net@mx.example.jp\$" "$ML/etc/postfix/virtual" || fail "virtual lacks $l"
	has "$ML/etc/mail/aliases" ":include:/var/mail/example.net/~ml/$l/include"
done
has "$TMP/4.virtual" "postmap hash:/var/mail/example.net/~ml/etc/postfix/virtual"
next "$TMP/4.virtual" "audit --root $R $ML"

# audit of our own migrations: nothing lost, nothing to fix; exit 1 only for
# what fml4 itself had that needs a person (hooks, content handlers)
run 1 "$TMP/5.audit" audit --owner "$OWNER" --root "$R" "$ML"
[ "$(grep -c '^0 things to fix with --fix' "$TMP/5.audit")" = 3 ] || fail "audit ~ml: not 3 lists with nothing to fix"
for code in SUBJECT_TAG_DROPPED SETTING_DROPPED SETTING_CHANGED MEMBER_LOST OWNER_WRONG; do
	hasnt "$TMP/5.audit" "$code"
done
hasnt "$TMP/5.audit" "next: fml4to8 audit --fix"

# the lists are fml8's now; rollback of the domain puts fml4 back
run 0 "$TMP/6.rb" rollback --root "$R" "$ML"
[ "$(grep -c 'back to fml4' "$TMP/6.rb")" = 3 ] || fail "rollback ~ml did not roll back 3 lists"
# no internal references (defect numbers of our notes) in what a user reads
grep -lE '\(D[0-9]+\)' "$TMP"/[0-9].* && fail "internal (Dnn) references in the output"
# migrate on a domain without --all is a usage error
run 2 "$TMP/7.noall" migrate --owner "$OWNER" --root "$R" "$ML"
has "$TMP/7.noall.err" "give --all"
finish

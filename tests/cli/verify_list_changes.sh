#!/bin/sh
# verify after a migration tells the changes fml8 makes to a running list
# (people subscribe and leave, the article counter and the spool grow) from
# damage: a subscription is VERIFY_LIST_CHANGED (info, exit 0), a line that
# is not an address or a list that lost every address is
# VERIFY_CONTENT_DIFFERS (warning, exit 1), and config.cf edited is still
# reported.
. "$(dirname "$0")/lib.sh"
need_root_and_owner
R=$TMP/host
cp -a "$EXAMPLES" "$R" && chmod -R u+w "$R" && fake_fml8 "$R"
mkdir -p "$R/usr/local/etc/fml"
L=$R/var/mail/example.net/~ml/hello

run 1 "$TMP/mig" migrate --owner "$OWNER" --root "$R" "$L"
has "$TMP/mig" "migrated to fml8"
run 0 "$TMP/v0" verify -v --root "$R" "$L"
hasnt "$TMP/v0" VERIFY_LIST_CHANGED "verify right after migrate"

[ -s "$L/members" ] && [ -s "$L/recipients" ] || fail "migrate wrote no members/recipients"
first=$(grep -v '^#' "$L/recipients" | head -1 | cut -d' ' -f1)
nrcpt=$(grep -cv '^#' "$L/recipients")

# What fml8 does to a running list: subscribe two (one with fml8's option
# words), unsubscribe one, advance seq, spool an article.
printf 'new1@example.org\nnew2@example.org s=skip\n' >>"$L/members"
{ grep -vxF "$first" "$L/recipients"; printf 'new1@example.org\n'; } >"$TMP/r" &&
	cat "$TMP/r" >"$L/recipients"
seq=$(cat "$L/seq" 2>/dev/null || echo 0)
echo $((seq + 5)) >"$L/seq"
mkdir -p "$L/spool" && echo article >"$L/spool/$((seq + 5))"
chown -R "$OWNER:$OWNER" "$L"

run 0 "$TMP/v1" verify -v --root "$R" "$L"
hasnt "$TMP/v1" VERIFY_CONTENT_DIFFERS "verify after subscriptions"
has "$TMP/v1" "VERIFY_LIST_CHANGED $L/members: 2 addresses added and 0 removed"
has "$TMP/v1" "VERIFY_LIST_CHANGED $L/recipients: 1 address added and 1 removed"
# info is shown only with -v
run 0 "$TMP/v1q" verify --root "$R" "$L"
has "$TMP/v1q" "verified: no damage; 2 change(s) fml8 made since the migration (-v lists them)"
hasnt "$TMP/v1q" VERIFY_LIST_CHANGED "verify without -v"
run 0 "$TMP/v1x" verify --format xml --root "$R" "$L"
has "$TMP/v1x" 'VERIFY_LIST_CHANGED'

# Damage: a line that is not an address (a config line pasted into the list)
cp "$L/recipients" "$TMP/r.good"
printf '$article_subject_tag = "[hello]";\n' >>"$L/recipients"
n=$(wc -l <"$L/recipients")
run 1 "$TMP/v2" verify --root "$R" "$L"
has "$TMP/v2" "VERIFY_CONTENT_DIFFERS $L/recipients:$n: line $n is not an address line"

# Damage: every address gone (truncated by a full disk, say)
cat "$TMP/r.good" >"$L/recipients"
: >"$L/members"
run 1 "$TMP/v3" verify --root "$R" "$L"
has "$TMP/v3" "VERIFY_CONTENT_DIFFERS $L/members: every address the migration wrote is gone"
hasnt "$TMP/v3" "VERIFY_CONTENT_DIFFERS $L/recipients"

# config.cf is not an address list: any change is reported
printf 'new1@example.org\n' >"$L/members"
echo '# edited' >>"$L/config.cf"
run 1 "$TMP/v4" verify --root "$R" "$L"
has "$TMP/v4" "VERIFY_CONTENT_DIFFERS $L/config.cf: differs from what the migration wrote"
hasnt "$TMP/v4" "VERIFY_CONTENT_DIFFERS $L/members"
[ "$nrcpt" -gt 0 ] || fail "the example list has no recipients"
finish

#!/bin/sh
# virtual writes a domain's maps where makefml newdomain has them and keeps
# their owners (issue 11, found by running the real fml8):
#   - `-o DOMAIN/~ml/etc/postfix/virtual` before any fml8 list exists: the
#     missing etc/postfix and etc/mail are made (0755), as newdomain makes
#     them, instead of failing with exit 4;
#   - new maps and directories belong to the owner of the domain's ~ml, and
#     a map the list owner had (etc/postfix/virtual, etc/mail/aliases) stays
#     the list owner's, with its mode, when it is rewritten or --fix'ed;
#   - verify --fix-owner covers the domain's etc/, @db@ and @udb@.
. "$(dirname "$0")/lib.sh"
need_shared
need_root_and_owner
RMX=realmx.example.jp

# a fresh fml4 domain, owned by its list owner as fml4's INSTALL says
cp -a "$FIX" "$TMP/root" && chmod -R u+w "$TMP/root"
ML=$TMP/root/var/mail/example.com/~ml
chown -R "$OWNER:$OWNER" "$ML"
[ ! -e "$ML/etc/postfix" ] || fail "the fixture already has etc/postfix"
run 0 "$TMP/new" virtual --realmx $RMX --root "$TMP/root" --domain-line drop \
	-o "$ML/etc/postfix/virtual" -a "$ML/etc/mail/aliases" "$ML"
for p in etc/postfix etc/mail; do
	[ -d "$ML/$p" ] || { fail "$p was not made"; continue; }
	[ "$(stat -c '%a %U' "$ML/$p")" = "755 $OWNER" ] || fail "$p is $(stat -c '%a %U' "$ML/$p")"
done
for p in etc/postfix/virtual etc/mail/aliases; do
	[ -f "$ML/$p" ] || { fail "$p was not written"; continue; }
	[ "$(stat -c '%U:%G' "$ML/$p")" = "$OWNER:$OWNER" ] || fail "$p belongs to $(stat -c '%U:%G' "$ML/$p")"
done
has "$ML/etc/postfix/virtual" "test-ml=example.com@$RMX"

# mergeml's maps, given to the list owner (verify --fix-owner / by hand):
# rewriting them keeps owner and mode
cp -a "$SHARED/fixtures/mergeml/example.com" "$TMP/m" && chmod -R u+w "$TMP/m"
MM=$TMP/m/var/mail/example.com/~ml
chown "$OWNER:$OWNER" "$MM/etc/postfix/virtual" "$MM/etc/mail/aliases"
chmod 640 "$MM/etc/mail/aliases"
run 0 "$TMP/fix" virtual --fix "$MM/etc/postfix/virtual" --realmx $RMX --domain-line drop
has "$TMP/fix" "fixed: wrote $MM/etc/postfix/virtual"
[ "$(stat -c '%U:%G' "$MM/etc/postfix/virtual")" = "$OWNER:$OWNER" ] ||
	fail "virtual --fix gave the map to $(stat -c '%U:%G' "$MM/etc/postfix/virtual")"
run 0 "$TMP/gen" virtual --realmx $RMX --root "$TMP/m" --domain-line drop \
	-a "$MM/etc/mail/aliases" --only aliases "$MM"
[ "$(stat -c '%a %U:%G' "$MM/etc/mail/aliases")" = "640 $OWNER:$OWNER" ] ||
	fail "virtual -a left the aliases as $(stat -c '%a %U:%G' "$MM/etc/mail/aliases")"

# verify --fix-owner gives the domain's etc/ (the maps), @db@ and @udb@ to
# the owner too, not only the lists
cp -a "$SHARED/fixtures/mergeml/example.com" "$TMP/m2" && chmod -R u+w "$TMP/m2"
M2=$TMP/m2/var/mail/example.com/~ml
vmode=$(stat -c %a "$M2/etc/postfix/virtual")
"$FML4TO8" verify --fix-owner "$OWNER" "$M2/test-ml" >"$TMP/vfo" 2>&1
has "$TMP/vfo" "$M2 (the domain: etc, @db@, @udb@):"
bad=$(find "$M2/etc" "$M2/@db@" "$M2/@udb@" ! -user "$OWNER" | head -3)
[ -z "$bad" ] || fail "verify --fix-owner left the domain's $bad"
[ "$(stat -c %a "$M2/etc/postfix/virtual")" = "$vmode" ] ||
	fail "verify --fix-owner changed the virtual map's mode"
finish

#!/bin/sh
# virtual --check-main-cf: each check with a main.cf that violates it and
# one that does not, through the command line.  Uses the example tree of
# examples/ (copied, so that the include files' owners can be set).
. "$(dirname "$0")/lib.sh"

cp -R "$EXAMPLES" "$TMP/host"
chmod -R u+w "$TMP/host"
ROOT=$TMP/host
ML=$ROOT/var/mail/example.net/~ml
V=$TMP/out/virtual
A=$TMP/out/aliases
mkdir -p "$TMP/out"
if [ "$(id -u)" = 0 ]; then
	# include files that belong to a user, as they must
	chown -R nobody "$ML"
fi

good() {
	cat <<EOC
# main.cf that makes the lists deliverable
myhostname = mx.example.net
mydestination = \$myhostname,
	localhost
alias_maps = hash:/etc/aliases, hash:$A
virtual_alias_maps = hash:$V
allow_mail_to_commands = alias, forward, include
recipient_delimiter = +
EOC
}

# v NAME STATUS MAINCF-TEXT: run virtual with that main.cf, output in $TMP/NAME
v() {
	name=$1 status=$2
	printf '%s\n' "$3" >"$TMP/$name.cf"
	run "$status" "$TMP/$name" virtual --realmx mx.example.net --root "$ROOT" \
		-o "$V" -a "$A" --check-main-cf "$TMP/$name.cf" "$ML"
}

v good 0 "$(good)"
for c in MAINCF_REALMX_NOT_LOCAL MAINCF_DOMAIN_IN_MYDESTINATION MAINCF_ALIAS_MAPS_MISSING \
	MAINCF_VIRTUAL_MAPS_MISSING MAINCF_COMMANDS_NOT_ALLOWED MAINCF_RECIPIENT_DELIMITER \
	INCLUDE_OWNED_BY_ROOT MAINCF_UNDECIDED; do
	hasnt "$TMP/good" "$c" "good main.cf"
done
has "$TMP/good" "main.cf lines to add or change in $TMP/good.cf" "good main.cf"
has "$TMP/good" "(none: $TMP/good.cf already has them)" "good main.cf"
has "$TMP/good" "postmap hash:$V"
has "$TMP/good" "postalias hash:$A"

# realmx not in mydestination
v realmx 1 "$(good | sed 's/^mydestination = .*/mydestination = localhost,/')"
has "$TMP/realmx" "MAINCF_REALMX_NOT_LOCAL $TMP/realmx.cf:3:"
has "$TMP/realmx" "fix: mydestination = localhost, localhost, mx.example.net"
# ... through $myhostname it is fine (the good one); and `postconf -n` style
# without myhostname cannot be decided: info, not a warning
v realmx_unknown 0 "$(good | grep -v '^myhostname')"
has "$TMP/realmx_unknown" "MAINCF_UNDECIDED"
hasnt "$TMP/realmx_unknown" "MAINCF_REALMX_NOT_LOCAL"

# the list domain in mydestination while the map declares it
# auto drops the domain line then (so nothing declares it twice): no conflict
v domain 0 "$(good | sed 's/^mydestination = .*/mydestination = $myhostname, example.net,/')"
hasnt "$TMP/domain" "MAINCF_DOMAIN_IN_MYDESTINATION"
has "$TMP/domain" "domain line: drop (#example.net	example.net): example.net is in mydestination"
grep -q '^#example.net	example.net$' "$V" || fail "auto did not drop the domain line in $V"
# ... and with --domain-line keep the conflict is reported
printf '%s\n' "$(good | sed 's/^mydestination = .*/mydestination = $myhostname, example.net,/')" >"$TMP/dk.cf"
run 1 "$TMP/domain_keep" virtual --realmx mx.example.net --root "$ROOT" -o "$V" -a "$A" \
	--domain-line keep --check-main-cf "$TMP/dk.cf" "$ML"
has "$TMP/domain_keep" "MAINCF_DOMAIN_IN_MYDESTINATION $TMP/dk.cf:3:"
has "$TMP/domain_keep" "fix: mydestination = \$myhostname, localhost"
grep -q '^example.net	example.net$' "$V" || fail "--domain-line keep did not keep the line"

# aliases file not in alias_maps
v alias 1 "$(good | sed 's/^alias_maps = .*/alias_maps = hash:\/etc\/aliases/')"
has "$TMP/alias" "MAINCF_ALIAS_MAPS_MISSING $TMP/alias.cf:5:"
has "$TMP/alias" "fix: alias_maps = hash:/etc/aliases, hash:$A"

# virtual file not in virtual_alias_maps (absent: line 0, the whole line to add)
v virt 1 "$(good | grep -v '^virtual_alias_maps')"
has "$TMP/virt" "MAINCF_VIRTUAL_MAPS_MISSING $TMP/virt.cf:"
has "$TMP/virt" "fix: virtual_alias_maps = hash:$V"

# allow_mail_to_commands without include (Postfix's default)
v cmds 1 "$(good | grep -v '^allow_mail_to_commands')"
has "$TMP/cmds" "MAINCF_COMMANDS_NOT_ALLOWED"
has "$TMP/cmds" "fix: allow_mail_to_commands = alias, forward, include"

# recipient_delimiter with =
v delim 1 "$(good | sed 's/^recipient_delimiter = .*/recipient_delimiter = +=/')"
has "$TMP/delim" "MAINCF_RECIPIENT_DELIMITER $TMP/delim.cf:8:"
has "$TMP/delim" "fix: recipient_delimiter = +"

# include files owned by root (only root can make one)
if [ "$(id -u)" = 0 ]; then
	chown root "$ML/hello/include"
	v owner 1 "$(good)"
	has "$TMP/owner" "INCLUDE_OWNED_BY_ROOT $ML/hello/include:"
	has "$TMP/owner" "fix: chown nobody $ML/hello/include"
	hasnt "$TMP/owner" "INCLUDE_OWNED_BY_ROOT $ML/team/include"
	chown nobody "$ML/hello/include"
else
	echo "note: not root, the root-owned include case is covered by the unit test only"
fi

# the same findings in XML
printf '%s\n' "$(good | grep -v '^allow_mail_to_commands')" >"$TMP/x.cf"
run 1 "$TMP/xml" virtual --realmx mx.example.net --root "$ROOT" -o "$V" -a "$A" \
	--format xml --check-main-cf "$TMP/x.cf" "$ML"
has "$TMP/xml" '<fml4to8 version="2" command="virtual">'
has "$TMP/xml" 'code="MAINCF_COMMANDS_NOT_ALLOWED"'
if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout "$TMP/xml" || fail "the XML report is not well-formed"
fi

# checks only (no list directory): the maps named by --ml-home-prefix
run 1 "$TMP/only" virtual --realmx mx.example.net --domain example.net \
	--ml-home-prefix /srv/ml --check-main-cf "$TMP/cmds.cf"
has "$TMP/only" "MAINCF_ALIAS_MAPS_MISSING"
has "$TMP/only" "fix: alias_maps = hash:/etc/aliases, hash:$A, hash:/srv/ml/etc/mail/aliases"
has "$TMP/only" "MAINCF_COMMANDS_NOT_ALLOWED"

# never written through a symlink; -o and -a must differ
ln -s "$V" "$TMP/link"
cp "$V" "$TMP/v.before"
run 3 "$TMP/sym" virtual --realmx mx.example.net --root "$ROOT" -o "$TMP/link" -a "$A" "$ML"
has "$TMP/sym.err" "symbolic link"
cmp -s "$V" "$TMP/v.before" || fail "the symlink's target was changed"
run 2 "$TMP/same" virtual --realmx mx.example.net --root "$ROOT" -o "$V" -a "$V" "$ML"

# a main.cf that cannot be read is an input error naming it
run 3 "$TMP/nocf" virtual --realmx mx.example.net --root "$ROOT" -o "$V" -a "$A" \
	--check-main-cf "$TMP/nonexistent.cf" "$ML"
has "$TMP/nocf.err" "$TMP/nonexistent.cf"
finish

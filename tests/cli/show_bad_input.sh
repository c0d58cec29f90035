#!/bin/sh
# show on broken input: a clear message with file:line, exit status 3, and
# not one byte written anywhere (the tree is hashed before and after).
. "$(dirname "$0")/lib.sh"

mklist() {  # mklist NAME CONFIG_PH_TEXT
	d=$TMP/$1/var/spool/ml/lst
	mkdir -p "$d"
	printf '"|/usr/local/fml/fml.pl /var/spool/ml/lst "\n' >"$d/include"
	printf 'a@example.org\n' >"$d/members"
	printf 'a@example.org\n' >"$d/actives"
	[ -n "$2" ] && printf '%s' "$2" >"$d/config.ph"
	echo "$d"
}

# a string cut in the middle
d=$(mklist cut '$DOMAINNAME = "example.org";
$MAIL_LIST = "lst@exam')
before=$(tree_hash "$TMP/cut")
run 3 "$TMP/o1" show --root "$TMP/cut" "$d"
has "$TMP/o1" "PARSE_ERROR $d/config.ph:2"
[ "$before" = "$(tree_hash "$TMP/cut")" ] || fail "show changed the tree"

# binary garbage
d=$(mklist bin '')
head -c 4096 /dev/urandom >"$d/config.ph"
printf '\0\0\0' >>"$d/config.ph"
run 3 "$TMP/o2" show --root "$TMP/bin" "$d"
has "$TMP/o2" "FILE_BINARY $d/config.ph"

# missing config.ph
d=$(mklist missing '')
run 3 "$TMP/o3" show --root "$TMP/missing" "$d"
has "$TMP/o3" "FILE_MISSING $d/config.ph"

# config.ph is a symlink to a file outside the list
d=$(mklist link '')
echo '$SECRET = "outside";' >"$TMP/outside.ph"
ln -s "$TMP/outside.ph" "$d/config.ph"
run 3 "$TMP/o4" show --root "$TMP/link" "$d"
has "$TMP/o4" "FILE_SYMLINK $d/config.ph"
hasnt "$TMP/o4" 'outside'

# actives is a symlink
d=$(mklist alink '$DOMAINNAME = "example.org";
1;
')
rm "$d/actives"
ln -s /etc/passwd "$d/actives"
run 3 "$TMP/o5" show --root "$TMP/alink" "$d"
has "$TMP/o5" "FILE_SYMLINK $d/actives"
hasnt "$TMP/o5" 'root:x:0'

# a 1 MB line, EUC-JP text and CRLF line ends are fine
d=$(mklist big '')
{
	printf '$X = "'
	head -c 1048576 /dev/zero | tr '\0' 'a'
	printf '";\r\n'
	printf '$ML_FN = "(\306\374\313\334)";\r\n1;\r\n'
} >"$d/config.ph"
run 0 "$TMP/o6" show --root "$TMP/big" "$d"
has "$TMP/o6" 'ML_FN                        = "(日本)"'
has "$TMP/o6" 'CRLF_LINE_ENDS'
has "$TMP/o6" 'text is euc-jp'

# a member line fml4 cannot use is reported with its line
d=$(mklist badmember '$DOMAINNAME = "example.org";
1;
')
printf 'a@example.org\n  b@example.org\nTaro <t@example.org>\n' >"$d/actives"
run 1 "$TMP/o7" show --root "$TMP/badmember" "$d"
has "$TMP/o7" "MEMBER_LINE_LEADING_BLANK $d/actives:2"
has "$TMP/o7" "MEMBER_LINE_DISPLAY_NAME $d/actives:3"

# an unreadable config.ph (as root, chmod does not stop us: run as nobody)
d=$(mklist unreadable '$DOMAINNAME = "example.org";
1;
')
chmod 000 "$d/config.ph"
if [ "$(id -u)" = 0 ]; then
	if command -v setpriv >/dev/null 2>&1 && id nobody >/dev/null 2>&1; then
		# nobody runs a scratch install under $TMP: the build tree may be
		# root's alone (a clone in a 0700 directory, as mktemp -d makes)
		install_scratch
		BIN=$(find "$DEST" -type f -name fml4to8 -perm -u+x | head -1)
		TPL=$(dirname "$(find "$DEST" -type f -name fml4-to-fml8.tsv | head -1)")
		chmod -R a+rX "$TMP"
		chmod 000 "$d/config.ph"
		setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups \
			env LD_LIBRARY_PATH="$LIB" FML4TO8_TEMPLATES="$TPL" \
			"$BIN" show --root "$TMP/unreadable" "$d" >"$TMP/o11" 2>&1
		[ $? = 3 ] || fail "unreadable config.ph: expected exit 3"
		has "$TMP/o11" "FILE_UNREADABLE $d/config.ph: cannot open: Permission denied"
	else
		echo "note: no setpriv or no user nobody: unreadable-file case not run as root"
	fi
else
	run 3 "$TMP/o11" show --root "$TMP/unreadable" "$d"
	has "$TMP/o11" "FILE_UNREADABLE $d/config.ph"
fi

# not a directory, and a domain of which one list is broken
run 3 "$TMP/o8" show "$TMP/outside.ph"
has "$TMP/o8.err" "$TMP/outside.ph"
run 2 "$TMP/o9" show
run 2 "$TMP/o10" frobnicate
finish

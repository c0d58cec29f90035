#!/bin/bash
# A real Postfix, listening on 127.0.0.1 only and delivering nowhere else
# (default and relay transports are "error"), delivers a list's mail through
# the list's :include: file.  Mail sent while the migration is stopped half
# way (the include files hold the exit-75 line) is deferred, not bounced;
# once the migration is finished, a queue flush delivers it to (a stand-in
# for) fml8's distribute.  Skipped when Postfix is not installed or we are
# not root.
. "$(dirname "$0")/lib.sh"
need_shared
need_root_and_owner
PATH=$PATH:/usr/sbin:/usr/lib/postfix/sbin
DAEMONS=$(postconf -dh daemon_directory 2>/dev/null)
if ! command -v postfix >/dev/null 2>&1 || [ ! -x "$DAEMONS/master" ] || ! id postfix >/dev/null 2>&1; then
	echo "SKIP: Postfix is not installed"
	exit 77
fi

# the daemons (postfix, nobody, the list owner) must reach the scratch tree
chmod 755 "$TMP"
P=$TMP/pf
CONF=$P/etc
mkdir -p "$CONF" "$P/queue" "$P/data" "$P/libexec" "$P/delivered"
chown postfix "$P/data"
chown "$OWNER" "$P/delivered"
# a free port on loopback
PORT=
for p in 10925 10926 10927 10928 10929 11925 12925; do
	if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then PORT=$p; break; fi
done
[ -n "$PORT" ] || { echo "SKIP: no free port on 127.0.0.1"; exit 77; }

cat >"$CONF/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $P/queue
data_directory = $P/data
command_directory = $(postconf -dh command_directory)
daemon_directory = $DAEMONS
meta_directory = $(postconf -dh meta_directory)
shlib_directory = $(postconf -dh shlib_directory)
mail_owner = postfix
setgid_group = postdrop
myhostname = lists.test
mydomain = lists.test
myorigin = lists.test
mydestination = lists.test
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
alias_maps = hash:$P/aliases
alias_database = hash:$P/aliases
local_recipient_maps = \$alias_maps
allow_mail_to_commands = alias, forward, include
default_transport = error:no delivery outside this test
relay_transport = error:no delivery outside this test
maillog_file = $P/maillog
maillog_file_prefixes = $TMP
biff = no
smtputf8_enable = no
CF
cat >"$CONF/master.cf" <<CF
127.0.0.1:$PORT inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
CF

cp -a "$FIX" "$TMP/root" && chmod -R u+w "$TMP/root"
L=$TMP/root/var/mail/example.com/~ml/test-ml
MAP=$TMP/ml_home_prefix
# fml8's distribute, stand-in: keeps what it gets
cat >"$P/libexec/distribute" <<SH
#!/bin/sh
cat >"$P/delivered/\$\$.eml" && echo "\$1" >"$P/delivered/\$\$.ml"
SH
cp "$P/libexec/distribute" "$P/libexec/command"
cp "$P/libexec/distribute" "$P/libexec/error"
chmod 755 "$P/libexec"/*
# the host path of --fml8-libexec under --root, where migrate's preflight looks
mkdir -p "$TMP/root$P" && cp -a "$P/libexec" "$TMP/root$P/"
printf 'test-ml: :include:%s/include\n' "$L" >"$P/aliases"
postalias -c "$CONF" "$P/aliases" || fail "postalias"

trap 'postfix -c "$CONF" stop >/dev/null 2>&1; sleep 1; cleanup' EXIT
postfix -c "$CONF" start >"$TMP/start.out" 2>&1 || { sed 's/^/    | /' "$TMP/start.out"; fail "postfix start"; finish; }

smtp_send() {  # smtp_send RCPT SUBJECT
	exec 3<>"/dev/tcp/127.0.0.1/$PORT" || return 1
	{
		read -r -t 10 l <&3
		for c in "HELO client.test" "MAIL FROM:<sender@lists.test>" "RCPT TO:<$1>" "DATA"; do
			printf '%s\r\n' "$c" >&3
			read -r -t 10 l <&3
			echo "$c -> $l"
		done
		printf 'From: sender@lists.test\r\nTo: %s\r\nSubject: %s\r\n\r\nbody\r\n.\r\n' "$1" "$2" >&3
		read -r -t 10 l <&3
		echo "DATA -> $l"
		printf 'QUIT\r\n' >&3
		read -r -t 10 l <&3
	} >>"$TMP/smtp.log"
	exec 3>&-
}
# wait_log PATTERN: until the mail log has it (20 s at most)
wait_log() {
	i=0
	while [ $i -lt 40 ]; do
		grep -q -- "$1" "$P/maillog" 2>/dev/null && return 0
		sleep 0.5
		i=$((i + 1))
	done
	return 1
}

# stop the migration right after the include files were made to defer
run 1 "$TMP/dry" dry-run -v --root "$TMP/root" --fml8-libexec "$P/libexec" "$L"
n=$(grep -E '^    (mkdir|copy|move|write|chown) ' "$TMP/dry" | grep -n '^    write  include-ctl (0644, 11 bytes)' | cut -d: -f1)
[ -n "$n" ] || fail "no defer step in the plan"
FML4TO8_TEST_STOP_AFTER=$n "$FML4TO8" migrate --owner "$OWNER" --root "$TMP/root" --ml-home-prefix-map "$MAP" \
	--fml8-libexec "$P/libexec" "$L" >"$TMP/m1" 2>&1
[ $? = 137 ] || fail "the migration did not stop at action $n"
[ "$(cat "$L/include")" = '"|exit 75"' ] || fail "include is not the defer line: $(cat "$L/include")"

smtp_send test-ml@lists.test "during the migration" || fail "SMTP to 127.0.0.1:$PORT"
grep -q '^DATA -> 250' "$TMP/smtp.log" || { fail "not accepted over SMTP"; sed 's/^/    | /' "$TMP/smtp.log"; }
wait_log 'to=<test-ml@lists.test>.*status=' || fail "no delivery attempt logged"
grep -q 'to=<test-ml@lists.test>.*status=deferred' "$P/maillog" || fail "mail to the list was not deferred"
grep -q 'status=bounced' "$P/maillog" && fail "mail was bounced"
grep 'to=<test-ml@lists.test>' "$P/maillog" | sed 's/^/    log: /' | head -2
postqueue -c "$CONF" -p >"$TMP/queue" 2>&1
grep -q 'test-ml@lists.test' "$TMP/queue" || fail "the mail is not in the queue"

# finish the migration; the deferred mail now reaches fml8
"$FML4TO8" migrate --owner "$OWNER" --root "$TMP/root" --ml-home-prefix-map "$MAP" --fml8-libexec "$P/libexec" "$L" >"$TMP/m2" 2>&1
[ $? -le 1 ] || fail "the migration did not finish"
has "$L/include" "$P/libexec/distribute test-ml@example.com"
postqueue -c "$CONF" -f
wait_log 'to=<test-ml@lists.test>.*status=sent' || fail "the deferred mail was not delivered after the migration"
ls "$P/delivered"/*.eml >/dev/null 2>&1 || fail "fml8's distribute got nothing"
grep -qs 'Subject: during the migration' "$P/delivered"/*.eml || fail "fml8 got another mail"
grep -qs 'test-ml@example.com' "$P/delivered"/*.ml || fail "distribute got another list name"
grep -q 'status=bounced' "$P/maillog" && fail "mail was bounced"
grep "to=<test-ml@lists.test>" "$P/maillog" | sed "s/^/    log: /" | tail -1
finish

#!/bin/sh
# audit of the lists makefml mergeml made (../shared/fixtures/mergeml): each
# defect ../shared/fixtures/README.md lists is reported with the lines that
# restore it, nothing carried correctly is reported, and after --fix a second
# audit has nothing left to fix.  Works on a copy: fixtures are read-only.
. "$(dirname "$0")/lib.sh"
need_shared
M=$SHARED/fixtures/mergeml/example.com
cp -a "$M" "$TMP/m"
chmod -R u+w "$TMP/m"
R=$TMP/m
L=$R/var/mail/example.com/~ml

audit() { run 1 "$TMP/$1" audit --root "$R" "$L/$1"; }
for l in test-ml info staff news support dev users announce; do audit "$l"; done

# test-ml: the blog's case
o=$TMP/test-ml
has "$o" 'SUBJECT_TAG_DROPPED'
has "$o" '  article_header_rewrite_rules += rewrite_article_subject_tag'
has "$o" '  article_subject_tag = [$ml_name:%05d]'
has "$o" '  incoming_article_body_size_limit = 2097152'
has "$o" '  article_post_restrictions = reject_system_special_accounts permit_member_maps reject'
has "$o" 'MEMBER_OPTION_LOST'
has "$o" 'sato@example.jp receives every post in fml8, but fml4 sent it digests (m=3u)'
has "$o" 'nakamura@example.jp receives every post in fml8, but fml4 sent it digests (m=6)'
has "$o" 'yamamoto@example.jp receives every post in fml8, but fml4 never sent it posts (s=skip)'
has "$o" 'MEMBER_OPTION_LEAKED'
has "$o" 'recipients-digest does not exist; fml4 had 2 addresses for it'
has "$o" 'VIRTUAL_NO_REALMX'
# its fix is the command to run, with the real file and --root
has "$o" "fix: fml4to8 virtual --fix $L/etc/postfix/virtual --realmx \"\$(hostname -f)\" --root $R"
has "$o" 'INCLUDE_NOT_FML8'
has "$o" 'include-mead still holds "exit 75"'
# members was carried correctly by mergeml: no false alarm on it
# (OWNER_WRONG lines name every file when the user fmladmin exists, as on an fml host)
grep -v OWNER_WRONG "$o" >"$o.nw"
hasnt "$o.nw" "$L/test-ml/members:"
hasnt "$o" "MEMBER_LOST $L/test-ml/members"
hasnt "$o" "MEMBER_LOST $L/test-ml/recipients:"
# info: maintainer, anyone may post, its own 1M limit
has "$TMP/info" '  maintainer = webmaster@example.com'
has "$TMP/info" '  article_post_restrictions = reject_system_special_accounts permit_anyone reject'
has "$TMP/info" '  incoming_article_body_size_limit = 1048576'
has "$TMP/info" '  article_subject_tag = (%05d)'
# staff: moderation, remote administration, passwords, digest member
has "$TMP/staff" '  article_post_restrictions = reject_system_special_accounts permit_forward_to_moderator reject'
has "$TMP/staff" '  use_admin_command_mail_function = yes'
has "$TMP/staff" 'etc/passwd-admin does not exist; fml4 had 2 addresses for it'
has "$TMP/staff" 'suzuki@example.jp receives every post in fml8, but fml4 sent it digests (m=3)'
grep -v OWNER_WRONG "$TMP/staff" >"$TMP/staff.nw"
hasnt "$TMP/staff.nw" "$L/staff/members-admin:"
hasnt "$TMP/staff.nw" "$L/staff/recipients-moderator:"
# news: relay, member limit, tag with BRACKET
has "$TMP/news" '  smtp_servers = 127.0.0.1:10025'
has "$TMP/news" '  recipient_total_limit = 300'
has "$TMP/news" '  article_subject_tag = (NEWS:%05d)'
# support, dev, users
has "$TMP/support" '  article_subject_tag = [$ml_name:%03d]'
has "$TMP/support" '  outgoing_mail_header_x_ml_name = Support Desk'
# log rotation crashes this fml8 (templates/fml8-limits.tsv): reported, never restored
hasnt "$TMP/support" '  use_log_rotate = yes'
hasnt "$TMP/support" '  log_rotate_size_limit = 512000'
has "$TMP/support" 'FML8_CANNOT_RUN'
has "$TMP/dev" '  article_subject_tag = [$ml_name,%05d]'
has "$TMP/dev" '  system_timezone = +0000'
has "$TMP/dev" 'HOOK_NEEDS_PORTING'
has "$TMP/users" '  article_subject_tag = [$ml_name:%05d]'
has "$TMP/users" '  command_mail_restrictions = reject_system_special_accounts permit_anyone reject'
# announce: the two digest members get every post
has "$TMP/announce" 'user0007@example.org receives every post in fml8, but fml4 sent it digests (m=3)'
has "$TMP/announce" 'user1234@example.org receives every post in fml8, but fml4 sent it digests (m=6mp)'
has "$TMP/announce" '  recipient_total_limit = 6000'

# mergeml copied config.ph, and left it where fml8 reads it: audit says so
# as verify does (issue 11)
has "$TMP/test-ml" "  warning VERIFY_FML4_LEFT"
has "$TMP/test-ml" "    config.ph: an fml4 file is still where fml8 reads it"

# --fix, then nothing is left to fix
for l in test-ml info staff news support dev users announce; do
	run 1 "$TMP/$l.fix" audit --fix --root "$R" "$L/$l"
	has "$TMP/$l.fix" 'fixed: '
	run 1 "$TMP/$l.again" audit --root "$R" "$L/$l"
	has "$TMP/$l.again" '0 things to fix with --fix'
	hasnt "$TMP/$l.again" 'SUBJECT_TAG_DROPPED'
	hasnt "$TMP/$l.again" 'SETTING_DROPPED'
	hasnt "$TMP/$l.again" 'MEMBER_OPTION_LOST'
	# config.ph is out of fml8's way, its bytes kept in .fml4rc; verify agrees
	[ ! -e "$L/$l/config.ph" ] || fail "$l: audit --fix left config.ph in place"
	cmp -s "$L/$l/.fml4rc/config.ph" "$M/var/mail/example.com/~ml/$l/config.ph" ||
		fail "$l: .fml4rc/config.ph is not fml4's config.ph"
	hasnt "$TMP/$l.again" 'VERIFY_FML4_LEFT'
	"$FML4TO8" verify "$L/$l" >"$TMP/$l.verify" 2>&1
	hasnt "$TMP/$l.verify" 'VERIFY_FML4_LEFT'
done
# the repaired recipients are what fml4 delivered
sort "$L/test-ml/recipients" >"$TMP/r1"
sort "$FIX/smtp-sink/12-test-ml-00005.rcpt" >"$TMP/r2"
cmp -s "$TMP/r1" "$TMP/r2" || fail "test-ml recipients after --fix differ from what fml4 delivered"
sort "$L/announce/recipients" >"$TMP/r1"
sort "$FIX/smtp-sink/26-announce-00001.rcpt" >"$TMP/r2"
cmp -s "$TMP/r1" "$TMP/r2" || fail "announce recipients after --fix differ from what fml4 delivered"
# backups of what was rewritten, and the fix is once only in config.cf
[ -f "$L/test-ml/config.cf.fml4to8-bak" ] || fail "no backup of config.cf"
[ "$(grep -c 'FML4TO8 AUDIT BEGIN' "$L/test-ml/config.cf")" = 1 ] || fail "block written twice"
# audit --fix of the whole domain (its ~ml): every list fixed under its own
# lock.  (The old code took the lock of the i-th operand, not the i-th
# list: past the first list it read beyond the operands and crashed, 139.)
cp -a "$M" "$TMP/d" && chmod -R u+w "$TMP/d"
run 1 "$TMP/dom.fix" audit --fix --root "$TMP/d" "$TMP/d/var/mail/example.com/~ml"
[ "$(grep -c 'fixed: ' "$TMP/dom.fix")" = 8 ] || fail "audit --fix ~ml: not 8 lists fixed"
has "$TMP/dom.fix" "summary: audit of 8 lists"
for l in test-ml info staff news support dev users announce; do
	[ "$(grep -c 'FML4TO8 AUDIT BEGIN' "$TMP/d/var/mail/example.com/~ml/$l/config.cf")" = 1 ] ||
		fail "audit --fix ~ml: $l not fixed once"
done
# the domain's text is short: one status line per list, grouped findings
[ "$(wc -l <"$TMP/dom.fix")" -lt 600 ] || fail "audit of 8 lists: $(wc -l <"$TMP/dom.fix") lines"
# infos only with -v
hasnt "$TMP/test-ml" "  info    SETTING_PRESERVED"
run 1 "$TMP/test-ml.v" audit -v --root "$R" "$L/test-ml"
has "$TMP/test-ml.v" "  info    "
# -q: the summary alone
run 1 "$TMP/test-ml.q" audit -q --root "$R" "$L/test-ml"
[ "$(head -1 "$TMP/test-ml.q")" = "" ] || [ "$(head -1 "$TMP/test-ml.q" | cut -c1-8)" = "summary:" ] ||
	fail "audit -q does not start with the summary: $(head -1 "$TMP/test-ml.q")"
hasnt "$TMP/test-ml.q" "config.cf lines that restore"

# XML
run 1 "$TMP/x.xml" audit --format xml --root "$R" "$L/test-ml"
xmllint --noout --schema "$top_srcdir/templates/report.xsd" "$TMP/x.xml" 2>"$TMP/lint" ||
	{ cat "$TMP/lint"; fail "audit XML invalid"; }
finish

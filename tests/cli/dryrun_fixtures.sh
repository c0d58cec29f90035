#!/bin/sh
# dry-run of the real fml4 domain: the plan holds every "correct migration"
# fact of ../shared/fixtures/README.md and none of mergeml's mistakes.
. "$(dirname "$0")/lib.sh"
need_shared

# -v: every finding and the file actions too (the default text is short:
# tests/cli/report_text.sh)
run 1 "$TMP/all" dry-run -v --root "$FIX" "$FIXML"
o=$TMP/all
[ "$(grep -c '^[a-z-]* ([a-z-]*@example.com): ' "$o")" = 8 ] || fail "expected 8 lists"
# per list: the config.cf lines the README asks for
sect() { sed -n "/^$1 (/,/^\$/p" "$o" >"$TMP/$1"; }
for l in test-ml info staff news support dev users announce; do sect "$l"; done
has "$TMP/test-ml" '  article_header_rewrite_rules += rewrite_article_subject_tag'
has "$TMP/test-ml" '  article_subject_tag = [$ml_name:%05d]'
has "$TMP/test-ml" '  article_post_restrictions = reject_system_special_accounts permit_member_maps reject'
has "$TMP/test-ml" '  incoming_article_body_size_limit = 2097152'
has "$TMP/test-ml" '  incoming_command_mail_body_size_limit = 2097152'
has "$TMP/test-ml" '  members 9 -> 9, recipients 4 -> 4, digest 2 -> 2 (3 not delivered: skip or off)'
has "$TMP/test-ml" 'MEMBER_OPTION_DIGEST'
has "$TMP/test-ml" 'sato@example.jp gets digests (fml4 m=3u: every 3 hours, format "u")'
# the comment names the fml4 setting and where it was, as on the fml4 host
has "$TMP/test-ml" '  /var/mail/example.com/~ml/test-ml'
has "$TMP/test-ml" '# subject tag [test-ml:%05d], defined at config.ph:638'
has "$TMP/info" '  article_subject_tag = (%05d)'
has "$TMP/info" '  article_post_restrictions = reject_system_special_accounts permit_anyone reject'
has "$TMP/info" '  maintainer = webmaster@example.com'
has "$TMP/info" '  incoming_article_body_size_limit = 1048576'
has "$TMP/staff" '  article_subject_tag = [$ml_name %05d]'
has "$TMP/staff" '  article_post_restrictions = reject_system_special_accounts permit_forward_to_moderator reject'
has "$TMP/staff" '  use_admin_command_mail_function = yes'
has "$TMP/staff" '\S+\-bounces daemon'
has "$TMP/staff" 'PASSWD_HASH_UNVERIFIABLE'
has "$TMP/staff" 'write  etc/passwd-admin'
has "$TMP/staff" 'write  members-moderator'
has "$TMP/staff" 'write  recipients-moderator'
has "$TMP/staff" 'write  recipients-admin'
has "$TMP/news" '  article_subject_tag = (NEWS:%05d)'
has "$TMP/news" '  smtp_servers = 127.0.0.1:10025'
has "$TMP/news" '  use_recipient_total_limit = yes'
has "$TMP/news" '  recipient_total_limit = 300'
has "$TMP/news" 'POLICY_NOT_SUPPORTED'
has "$TMP/support" '  article_subject_tag = [$ml_name:%03d]'
has "$TMP/support" '  article_post_restrictions = reject_system_special_accounts permit_member_maps ignore'
has "$TMP/support" '  command_mail_restrictions = reject_system_special_accounts permit_anyone reject'
has "$TMP/support" '  outgoing_mail_header_x_ml_name = Support Desk'
has "$TMP/support" '  unsafe_header_fields = Return-Receipt-To Disposition-Notification-To X-Confirm-Reading-To X-UIDL'
hasnt "$TMP/support" '  log_rotate_size_limit = 512000'  # this fml8 cannot rotate (fml8-limits.tsv)
has "$TMP/support" 'FML8_CANNOT_RUN'
has "$TMP/support" 'MACRO_NOT_SUPPORTED'
has "$TMP/dev" '  article_subject_tag = [$ml_name,%05d]'
has "$TMP/dev" '  system_timezone = +0000'
hasnt "$TMP/dev" '  log_rotate_size_limit = 102400'
has "$TMP/dev" 'asks for "use_log_rotate = yes", which is not written'
has "$TMP/dev" 'HOOK_NEEDS_PORTING'
has "$TMP/dev" '$article_post_run_start_hook = q{ ... };'
has "$TMP/users" '  article_subject_tag = [$ml_name:%05d]'
has "$TMP/users" '  command_mail_restrictions = reject_system_special_accounts permit_anyone reject'
has "$TMP/announce" '  recipient_total_limit = 6000'
has "$TMP/announce" '  article_header_rewrite_rules -= rewrite_article_subject_tag'
has "$TMP/announce" '  members 4999 -> 4999, recipients 4996 -> 4996, digest 2 -> 2'
# mergeml's mistakes are not made
for l in test-ml info staff news support dev users announce; do
	has "$TMP/$l" 'write  include (0644, 11 bytes)   # defer mail'
	has "$TMP/$l" 'move   config.ph -> .fml4rc/config.ph'
	has "$TMP/$l" 'move   actives -> .fml4rc/actives'
	hasnt "$TMP/$l" 'move   help ->'
	hasnt "$TMP/$l" 'move   guide ->'
	hasnt "$TMP/$l" 'move   seq ->'
	hasnt "$TMP/$l" '$ml_namemb'
done
has "$o" 'summary: dry-run of 8 lists in'
has "$o" ' 0 with errors'
has "$o" 'nothing was written (dry run)'

# The mergeml tree: an earlier attempt's files and .fml4rc are reported, and
# the plan backs up into a new directory.
M=$SHARED/fixtures/mergeml/example.com
run 1 "$TMP/again" dry-run -v --root "$M" "$M/var/mail/example.com/~ml/test-ml"
has "$TMP/again" 'LEFTOVER_BACKUP'
has "$TMP/again" 'LEFTOVER_FML8_FILE'
has "$TMP/again" 'mkdir  .fml4rc-2 (0700)'
finish

#!/bin/sh
# show on every real fml4 list of ../shared/fixtures: the effective settings,
# counts and findings ../shared/fixtures/README.md describes.
. "$(dirname "$0")/lib.sh"
need_shared
R="--root $FIX"

run 0 "$TMP/test-ml" show $R "$FIXML/test-ml"
o=$TMP/test-ml
has "$o" 'SUBJECT_TAG_TYPE             = "[:]"'
has "$o" 'subject tag (fml4): [test-ml:%05d]'
has "$o" 'INCOMING_MAIL_SIZE_LIMIT     = "2M"'
has "$o" 'etc/fml/site_force.ph:6 [site_force]'
has "$o" 'fml4 delivers each article to 4 addresses in real time and 2 by digest'
has "$o" 'fml4 counts 9 lines as members'
has "$o" 'realtime 4, digest 2, skip 1, off 2, bye 1'
has "$o" "default_config $FIX/usr/local/fml/default_config.ph"
has "$o" 'SITE_OVERRIDE'

run 0 "$TMP/info" show $R "$FIXML/info"
has "$TMP/info" 'PERMIT_POST_FROM             = "anyone"'
has "$TMP/info" 'subject tag (fml4): (%05d)'
has "$TMP/info" 'MAINTAINER                   = "webmaster@example.com"'
has "$TMP/info" 'INCOMING_MAIL_SIZE_LIMIT     = "1M"'
hasnt "$TMP/info" 'INCOMING_MAIL_SIZE_LIMIT     = "2M"'

run 0 "$TMP/staff" show $R "$FIXML/staff"
has "$TMP/staff" 'PERMIT_POST_FROM             = "moderator"'
has "$TMP/staff" 'subject tag (fml4): [staff %05d]'
has "$TMP/staff" 'MODERATOR_NOTIFICATION_TYPE  = "2"'
has "$TMP/staff" '|S+-bounces|daemon"'
has "$TMP/staff" 'etc/passwd: 2 remote administrator passwords'
has "$TMP/staff" 'moderators (MODERATOR_MEMBER_LIST: moderators)'

run 0 "$TMP/news" show $R "$FIXML/news"
has "$TMP/news" 'SUBJECT_TAG_TYPE             = "(:)"'
has "$TMP/news" 'subject tag (fml4): (NEWS:%05d)'
has "$TMP/news" 'BRACKET                      = "NEWS"'
has "$TMP/news" 'PORT                         = "10025"'
has "$TMP/news" 'REJECT_POST_HANDLER          = "auto_subscribe"'
has "$TMP/news" 'fml4 delivers each article to 3 addresses in real time'

run 0 "$TMP/support" show $R "$FIXML/support"
has "$TMP/support" 'TZone                        = " JST"'
has "$TMP/support" 'subject tag (fml4): [support:%03d]'
has "$TMP/support" 'support/config.ph:1548 [config]'
has "$TMP/support" 'ML_FN                        = "(サポート窓口)"'
has "$TMP/support" "DEFINE_FIELD_FORCED('reply-to', 'support@example.com')"
has "$TMP/support" "ADD_CONTENT_HANDLER('multipart/.*', '.*/.*', 'strip+notice')"
has "$TMP/support" 'TEXT_ENCODING'

run 0 "$TMP/dev" show $R "$FIXML/dev"
has "$TMP/dev" 'subject tag (fml4): [dev,%05d]   defined at '
has "$TMP/dev" 'dev/config.ph:1542 [config]'
has "$TMP/dev" 'DISTRIBUTE_START_HOOK (3 lines, here-document)'
has "$TMP/dev" 'HEADER_ADD_HOOK'
has "$TMP/dev" 'START_HOOK'
has "$TMP/dev" "ADD_FIELD('X-Priority')"

run 0 "$TMP/users" show $R "$FIXML/users"
has "$TMP/users" 'SUBJECT_TAG_TYPE             = "[:]"'
has "$TMP/users" 'subject tag (fml4): [users:%05d]'
has "$TMP/users" 'etc/fml/site_init.ph:7 [site_init]'
has "$TMP/users" 'PERMIT_COMMAND_FROM          = "anyone"'

run 0 "$TMP/announce" show $R "$FIXML/announce"
has "$TMP/announce" 'MAIL_LIST                    = "announce@example.com"'
has "$TMP/announce" 'subject tag (fml4): none'
has "$TMP/announce" 'fml4 delivers each article to 4996 addresses in real time and 2 by digest'
has "$TMP/announce" 'fml4 counts 4999 lines as members'

# A domain's ~ml directory shows every list in it.
run 0 "$TMP/all" show $R "$FIXML"
[ "$(grep -c '^list ' "$TMP/all")" = 8 ] || fail "show of the ~ml dir did not show 8 lists"
finish

#!/bin/sh
# show on examples/ (the Quick start): the example domain reads cleanly and
# shows what examples/README.md says it contains.
. "$(dirname "$0")/lib.sh"

run 0 "$TMP/all" show --root "$EXAMPLES" "$EXML"
o=$TMP/all
[ "$(grep -c '^list ' "$o")" = 3 ] || fail "expected 3 lists"
has "$o" 'DEFAULTS_FROM_TABLE'
has "$o" '(defaults: the cf/MANIFEST table shipped with fml4to8)'
has "$o" 'subject tag (fml4): [hello:%05d]'
has "$o" 'subject tag (fml4): (TEAM %05d)'
has "$o" 'PERMIT_POST_FROM             = "moderator"'
has "$o" 'START_HOOK'
has "$o" 'ADD_CONTENT_HANDLER('
has "$o" 'INCOMING_MAIL_SIZE_LIMIT     = "1M"'
finish

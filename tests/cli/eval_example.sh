#!/bin/sh
# Issue 10's example at the read stage: a copy of the fixture list staff with
# five hand-edited lines appended before its final "1;".  fml4to8 show --all
# must give the values fml4 computes (arithmetic, an if/else decided by $DIR,
# a list slice of split, foreach over a list), and what depends on the run
# ((localtime)[8], %ENV, -f) must stay unknown with file:line.
. "$(dirname "$0")/lib.sh"
need_shared

# copy the whole fixture host (site files, default_config.ph) to a temp root
cp -R "$FIX/." "$TMP/host/" 2>/dev/null || { mkdir -p "$TMP/host" && cp -R "$FIX/." "$TMP/host/"; }
d=$TMP/host/var/mail/example.com/~ml/staff
cfg=$d/config.ph
# insert before the last line ("1;")
lines=$(wc -l <"$cfg")
head -n $((lines - 1)) "$cfg" >"$TMP/new.ph"
cat >>"$TMP/new.ph" <<'PERL'
$INCOMING_MAIL_SIZE_LIMIT = 2 * 1024 * 1024;
$MAX_MEMBER_LIMIT         = 50 * 4;
if ($DIR =~ m@/staff$@) { &DEFINE_SUBJECT_TAG('(:)'); } else { $SUBJECT_TAG_TYPE = '[:]'; }
$MAINTAINER = (split(/\@/, $MAIL_LIST))[0] . "-owner\@$DOMAINNAME";
foreach $h ('X-Foo', 'X-Bar') { $SKIP_FIELDS .= "|$h"; }
PERL
tail -n 1 "$cfg" >>"$TMP/new.ph"
cp "$TMP/new.ph" "$cfg"
l1=$lines                   # line of the first appended statement
o=$TMP/staff
run 0 "$o" show --all --root "$TMP/host" "$d"
has "$o" 'INCOMING_MAIL_SIZE_LIMIT     = "2097152"'
has "$o" "config.ph:$l1 [config]"
has "$o" 'MAX_MEMBER_LIMIT             = "200"'
has "$o" 'MAINTAINER                   = "staff-owner@example.com"'
has "$o" 'SKIP_FIELDS                  = "Return-Receipt-To|X-Foo|X-Bar"'
has "$o" "config.ph:$((l1 + 4)) [config]"
# the if-branch is taken ($DIR is /var/mail/example.com/~ml/staff): the macro
# runs at its line, the else-branch's SUBJECT_TAG_TYPE = '[:]' does not
has "$o" "config.ph:$((l1 + 2))  DEFINE_SUBJECT_TAG('(:)')"
has "$o" 'SUBJECT_TAG_TYPE             = "[ ]"'
hasnt "$o" 'SUBJECT_TAG_TYPE             = "[:]"'
hasnt "$o" 'VALUE_UNKNOWN'
hasnt "$o" 'CONDITION_UNKNOWN'
# ... but staff's config.ph also says $SUBJECT_TAG_TYPE = "[ ]" (line 638),
# and fml.pl's InitConfig runs SubjectTagDef($SUBJECT_TAG_TYPE) after
# loading config.ph (kern/fml.pl): that wins, as it does in fml4
has "$o" 'subject tag (fml4): [staff %05d]'

# the same lines where config.ph sets no SUBJECT_TAG_TYPE: the macro's tag
sed 's/^\$SUBJECT_TAG_TYPE  *= "\[ \]";$/$SUBJECT_TAG_TYPE = "";/' "$cfg" >"$TMP/notype.ph"
cp "$TMP/notype.ph" "$cfg"
run 0 "$o.2" show --all --root "$TMP/host" "$d"
has "$o.2" 'subject tag (fml4): (staff:%05d)'
has "$o.2" 'BEGIN_BRACKET                = "("'
has "$o.2" 'BRACKET_SEPARATOR            = ":"'
has "$o.2" "config.ph:$((l1 + 2)) [config]"

# a $DIR that does not end in /staff takes the else-branch (exit 1: the copied
# include file still names staff)
mkdir -p "$TMP/host/var/mail/example.com/~ml/other"
cp -R "$d/." "$TMP/host/var/mail/example.com/~ml/other/"
run 1 "$o.3" show --all --root "$TMP/host" "$TMP/host/var/mail/example.com/~ml/other"
has "$o.3" 'SUBJECT_TAG_TYPE             = "[:]"'
has "$o.3" 'subject tag (fml4): [staff:%05d]'

# what depends on the run stays unknown, and so does what an undecidable
# branch assigns (never "the old value")
head -n $((lines - 1)) "$cfg" >"$TMP/run.ph"
cat >>"$TMP/run.ph" <<'PERL'
$SUMMER = (localtime)[8];
$HOME_DIR = $ENV{'HOME'};
if (-f "$DIR/flag") { $MAX_MEMBER_LIMIT = 10; } else { $INCOMING_MAIL_SIZE_LIMIT = 5; }
$MAIL_LIST_ACCEPT_COMMAND = 1 if $ENV{'X'};
PERL
echo '1;' >>"$TMP/run.ph"
cp "$TMP/run.ph" "$cfg"
run 1 "$o.4" show --all --root "$TMP/host" "$d"
for v in SUMMER HOME_DIR MAX_MEMBER_LIMIT INCOMING_MAIL_SIZE_LIMIT MAIL_LIST_ACCEPT_COMMAND; do
	grep -q "^  $v  *= .*(NOT KNOWN STATICALLY)" "$o.4" || fail "$v should be unknown"
done
has "$o.4" "VALUE_UNKNOWN $cfg:$l1"
has "$o.4" "CONDITION_UNKNOWN $cfg:$((l1 + 2))"
has "$o.4" "CONDITION_UNKNOWN $cfg:$((l1 + 3))"
finish

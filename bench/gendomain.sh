#!/bin/sh
# gendomain.sh - write a synthetic fml4 host for the benchmark (make bench).
#
#   gendomain.sh DIR NLISTS NMEMBERS [DOMAIN]
#
# DIR (created; must not exist) becomes a --root for fml4to8: DIR/usr/local/fml
# (the install) and DIR/var/mail/DOMAIN/~ml/ with NLISTS lists of NMEMBERS
# members each.  The lists vary as real ones do: plain members-only lists,
# moderated lists with moderators, members-admin and etc/passwd, announcement
# lists, lists with a subject tag of their own or the site's, a LOCAL_CONFIG
# hook in some; member lines with fml's header block, digest (m=), post-only
# (s=skip), switched-off and ##BYE entries, domains in upper case and
# duplicates.  Deterministic: the same arguments give the same bytes.
set -eu
[ $# -ge 3 ] || { echo "usage: $0 DIR NLISTS NMEMBERS [DOMAIN]" >&2; exit 2; }
dir=$1 nl=$2 nm=$3 dom=${4:-bench.example}
[ ! -e "$dir" ] || { echo "$0: $dir exists" >&2; exit 2; }
ml=$dir/var/mail/$dom/~ml
mkdir -p "$dir/usr/local/fml/.fml" "$ml/etc/fml"
cat >"$dir/usr/local/fml/.fml/system" <<SYS
\$EXEC_DIR = '/usr/local/fml';
\$ML_DIR = '/var/mail/$dom/~ml';
\$DOMAIN = '$dom';
\$FQDN = '$dom';
\$LANGUAGE = 'Japanese';
\$TZ = '+0900';

1;
SYS
cat >"$ml/etc/fml/site_init.ph" <<'SITE'
# site defaults of the benchmark host
$SUBJECT_TAG_TYPE = "[:]";
$USE_MIME = 1;

1;
SITE
cat >"$ml/etc/fml/site_force.ph" <<'SITE'
# forced on every list of the benchmark host
$INCOMING_MAIL_SIZE_LIMIT ||= 512000;

1;
SITE

awk -v ml="$ml" -v nl="$nl" -v nm="$nm" -v dom="$dom" '
function header(f) {
	print "#.FML HEADER" > f
	print "# NEW FORMAT FOR FURTHER EXTENSION" > f
	print "# e.g. fukachan@sapporo.iij.ad.jp s=skip r=relayserver m=3u" > f
	print "#.endFML HEADER" > f
}
function addr(l, i,   d) {
	d = i % 53
	# every 97th member has its domain in upper case somewhere
	return sprintf("u%06d.l%04d@%s%02d.%s", i, l, (i % 97 == 5) ? "MX" : "mx", d,
	    (i % 97 == 5) ? toupper(dom) : dom)
}
BEGIN {
	for (l = 0; l < nl; l++) {
		name = sprintf("ml%04d", l)
		d = ml "/" name
		system("mkdir -p \"" d "/spool\" \"" d "/tmp\" \"" d "/var/log\" \"" d "/etc\"")
		kind = l % 5      # 0,1 plain  2 moderated  3 announce  4 open, own tag, hook
		cf = d "/config.ph"
		print "# -*-Perl-*-" > cf
		print "# config.ph of " name "@" dom ", made by the fml4to8 benchmark" > cf
		print "$CFVersion                     = \"6.1\";" > cf
		print "$LANGUAGE                      = \"Japanese\";" > cf
		print "$TZone                         = \"+0900\";" > cf
		print "$DOMAINNAME                    = \"" dom "\";" > cf
		print "$FQDN                          = \"" dom "\";" > cf
		print "$debug                         = 0;" > cf
		print "$MAINTAINER                    = \"" name "-admin\\@$DOMAINNAME\";" > cf
		print "$MAIL_LIST                     = \"" name "\\@$DOMAINNAME\";" > cf
		print "$CONTROL_ADDRESS               = \"" name "-ctl\\@$DOMAINNAME\";" > cf
		if (kind == 2) {
			print "$PERMIT_POST_FROM              = \"moderator\";" > cf
			print "$MODERATOR_FORWARD_TYPE        = 2;" > cf
			print "$REMOTE_ADMINISTRATION         = 1;" > cf
			print "$REMOTE_ADMINISTRATION_AUTH_TYPE = \"crypt\";" > cf
		} else if (kind == 3) {
			print "$PERMIT_POST_FROM              = \"members_only\";" > cf
			print "$REJECT_POST_HANDLER           = \"reject\";" > cf
			print "$PERMIT_COMMAND_FROM           = \"members_only\";" > cf
			print "$SUBJECT_TAG_TYPE              = \"\";" > cf
		} else if (kind == 4) {
			print "$PERMIT_POST_FROM              = \"anyone\";" > cf
			print "$AUTO_REGISTRATION_TYPE        = \"confirmation\";" > cf
			print "$SUBJECT_TAG_TYPE              = \"( )\";" > cf
			print "$BRACKET                       = \"" toupper(name) "\";" > cf
		} else {
			print "$PERMIT_POST_FROM              = \"members_only\";" > cf
			print "$REJECT_POST_HANDLER           = \"reject\";" > cf
			print "$PERMIT_COMMAND_FROM           = \"members_only\";" > cf
		}
		print "$ML_FN                         = \"(" name " ML)\";" > cf
		print "$XMLNAME                       = \"X-ML-Name: " name "\";" > cf
		print "$XMLCOUNT                      = \"X-Mail-Count\";" > cf
		if (kind != 4)
			print "$BRACKET                       = \"" name "\";" > cf
		print "$DATE_TYPE                     = \"original-date\";" > cf
		print "$PASS_ALL_FIELDS_IN_HEADER     = 1;" > cf
		print "$SKIP_FIELDS                   = \"Return-Receipt-To|Disposition-Notification-To\";" > cf
		print "$USE_FLOCK                     = 1;" > cf
		if (l % 3 == 0)
			print "$INCOMING_MAIL_SIZE_LIMIT      = \"" (l % 7 + 1) "M\";" > cf
		if (kind == 4) {
			print "" > cf
			print "# ---- LOCAL_CONFIG ----" > cf
			print "$START_HOOK = q#" > cf
			print "    &SET_HEADER_FIELD_VALUE(\"X-Bench\", \"" name "\");" > cf
			print "#;" > cf
			print "&ADD_CONTENT_HANDLER(\"multipart/.*\", \"text/plain\", \"allow\");" > cf
			print "&ADD_CONTENT_HANDLER(\"text/plain\", \".*/.*\", \"allow\");" > cf
		}
		print "" > cf
		print "1;" > cf
		close(cf)

		inc = d "/include"
		print "\"|/usr/local/fml/fml.pl /var/mail/" dom "/~ml/" name " \"" > inc
		close(inc)
		inc = d "/include-ctl"
		print "\"|/usr/local/fml/fml.pl /var/mail/" dom "/~ml/" name " --ctladdr \"" > inc
		close(inc)
		print "0" > (d "/seq"); close(d "/seq")

		mf = d "/members"; af = d "/actives"
		header(mf); header(af)
		for (i = 0; i < nm; i++) {
			a = addr(l, i)
			r = i % 100
			if (r == 17) {          # left
				print "##BYE " a > mf; print "##BYE " a > af
			} else if (r == 23) {   # delivery switched off
				print a > mf; print "# " a > af
			} else if (r == 41) {   # digest
				print a > mf; print a "  m=" (i % 2 ? "3u" : "12mp") > af
			} else if (r == 59) {   # may post, receives nothing
				print a > mf; print a "  s=skip" > af
			} else {
				print a > mf; print a > af
			}
			if (r == 71 && i > 0) { # a duplicate of an earlier line
				print addr(l, i - 1) > mf; print addr(l, i - 1) > af
			}
		}
		close(mf); close(af)
		if (kind == 2) {
			print addr(l, 0) > (d "/moderators"); print addr(l, 1) > (d "/moderators")
			close(d "/moderators")
			print addr(l, 0) > (d "/members-admin"); close(d "/members-admin")
			printf "%s\tTqH6mcTe86UhM\n", addr(l, 0) > (d "/etc/passwd")
			close(d "/etc/passwd")
		}
	}
}'

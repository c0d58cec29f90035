# -*-Perl-*-
# config.ph of kokuchi@example.net (announcements in Japanese), made from ./cf.
# Anyone may post; the maintainer is an outside address. ML_FN is EUC-JP.

$CFVersion                     = "6.1";
$LANGUAGE                      = "Japanese";
$MESSAGE_LANGUAGE              = "Japanese";
$TZone                         = "+0900";
$DOMAINNAME                    = "example.net";
$FQDN                          = "example.net";
$debug                         = 0;

$MAINTAINER                    = "webmaster\@example.org";
$MAIL_LIST                     = "kokuchi\@$DOMAINNAME";
$PERMIT_POST_FROM              = "anyone";
$REJECT_POST_HANDLER           = "reject";
$CONTROL_ADDRESS               = "kokuchi-ctl\@$DOMAINNAME";
$PERMIT_COMMAND_FROM           = "members_only";
$REJECT_COMMAND_HANDLER        = "reject";
$AUTO_REGISTRATION_TYPE        = "confirmation";

$INCOMING_MAIL_SIZE_LIMIT      = "1M";
$NOTIFY_MAIL_SIZE_OVERFLOW     = 1;

$ML_FN                         = "(お知らせ ML)";
$XMLNAME                       = "X-ML-Name: kokuchi";
$XMLCOUNT                      = "X-Mail-Count";
$BRACKET                       = "kokuchi";
$REWRITE_TO                    = 0;
# $SUBJECT_TAG_TYPE             = "";   # taken from site_init.ph
$DATE_TYPE                     = "original-date";
$PASS_ALL_FIELDS_IN_HEADER     = 1;
$SKIP_FIELDS                   = "Return-Receipt-To";

$HOST                          = "smtp.example.net";
$PORT                          = 10025;
$USE_FLOCK                     = 1;
$USE_MIME                      = 1;

1;

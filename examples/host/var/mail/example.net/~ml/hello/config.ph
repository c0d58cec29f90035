# -*-Perl-*-
# config.ph of hello@example.net, made from ./cf by makefml.
# Plain list: members post, members send commands, nobody joins by mail alone.
# The subject tag type is left to etc/fml/site_init.ph (see the commented line).

$CFVersion                     = "6.1";
$LANGUAGE                      = "English";
$MESSAGE_LANGUAGE              = "English";
$TZone                         = "+0900";
$DOMAINNAME                    = "example.net";
$FQDN                          = "example.net";
$debug                         = 0;

$MAINTAINER                    = "hello-admin\@$DOMAINNAME";
$MAIL_LIST                     = "hello\@$DOMAINNAME";
$PERMIT_POST_FROM              = "members_only";
$REJECT_POST_HANDLER           = "reject";
$CONTROL_ADDRESS               = "hello-ctl\@$DOMAINNAME";
$PERMIT_COMMAND_FROM           = "members_only";
$REJECT_COMMAND_HANDLER        = "reject";
$AUTO_REGISTRATION_TYPE        = "confirmation";

$REMOTE_ADMINISTRATION         = "";
$REMOTE_ADMINISTRATION_AUTH_TYPE = "crypt";

$ML_FN                         = "(hello ML)";
$XMLNAME                       = "X-ML-Name: hello";
$XMLCOUNT                      = "X-Mail-Count";
$BRACKET                       = "hello";
$REWRITE_TO                    = 0;
# $SUBJECT_TAG_TYPE             = "";   # taken from site_init.ph
$DATE_TYPE                     = "original-date";
$PASS_ALL_FIELDS_IN_HEADER     = 1;
$SKIP_FIELDS                   = "Return-Receipt-To";

$USE_FLOCK                     = 1;
$USE_MIME                      = 1;
$OUTGOING_ADDRESS              = "hello-outgoing\@$DOMAINNAME";

1;

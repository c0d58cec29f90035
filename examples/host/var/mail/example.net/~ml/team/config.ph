# -*-Perl-*-
# config.ph of team@example.net, made from ./cf by makefml.
# Moderated: every post waits for approval by an address in ./moderators.
# Administrators in ./members-admin may run admin commands (password in etc/passwd).

$CFVersion                     = "6.1";
$LANGUAGE                      = "English";
$MESSAGE_LANGUAGE              = "English";
$TZone                         = "+0900";
$DOMAINNAME                    = "example.net";
$FQDN                          = "example.net";
$debug                         = 0;

$MAINTAINER                    = "team-admin\@$DOMAINNAME";
$MAIL_LIST                     = "team\@$DOMAINNAME";
$PERMIT_POST_FROM              = "moderator";
$REJECT_POST_HANDLER           = "reject";
$CONTROL_ADDRESS               = "team-ctl\@$DOMAINNAME";
$PERMIT_COMMAND_FROM           = "members_only";
$REJECT_COMMAND_HANDLER        = "reject";
$AUTO_REGISTRATION_TYPE        = "confirmation";

$REMOTE_ADMINISTRATION         = 1;
$REMOTE_ADMINISTRATION_AUTH_TYPE = "crypt";
$MODERATOR_FORWARD_TYPE        = 2;

$ML_FN                         = "(team ML)";
$XMLNAME                       = "X-ML-Name: team";
$XMLCOUNT                      = "X-Mail-Count";
$BRACKET                       = "TEAM";
$REWRITE_TO                    = 0;
$SUBJECT_TAG_TYPE              = "( )";
$DATE_TYPE                     = "original-date";
$PASS_ALL_FIELDS_IN_HEADER     = 1;
$SKIP_FIELDS                   = "Return-Receipt-To";

$USE_FLOCK                     = 1;
$USE_MIME                      = 1;


# ---- hand-written part (LOCAL_CONFIG of ./cf) ----
# Mark mail that comes from the partner company.
$START_HOOK = q#
    if ($From_address =~ /\@example\.org$/i) {
        &SET_HEADER_FIELD_VALUE('X-Team-Partner', 'yes');
    }
#;

# Text only: keep the plain-text part of multipart mail, refuse the rest.
&ADD_CONTENT_HANDLER('multipart/.*', 'text/plain', 'allow');
&ADD_CONTENT_HANDLER('multipart/.*', '.*/.*', 'reject');
&ADD_CONTENT_HANDLER('text/plain', '.*/.*', 'allow');

1;

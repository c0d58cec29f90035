# -*-Perl-*-
# site_force.ph for example.net: read after each list's config.ph.
#
# Lists that set no size limit of their own get a 512 KB cap here;
# lists with their own limit keep it.
$INCOMING_MAIL_SIZE_LIMIT = "512K" unless $INCOMING_MAIL_SIZE_LIMIT;
$NOTIFY_MAIL_SIZE_OVERFLOW = 1;

1;

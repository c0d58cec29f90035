# -*-Perl-*-
# site_init.ph for every list of example.net.
# Read before each list's config.ph, so a list may still choose otherwise.
#
# Site habit: every article gets a "[name:number]" subject tag unless the
# list's own config.ph picks another form.
$SUBJECT_TAG_TYPE = '[:]';

1;

/*
 * commands.c - the commands and their option tables: what each command
 * accepts (anything else is a usage error), what each option means for it,
 * and the report formats it writes.  A new option or format of a command is
 * one row here (and its handling in the command).
 */
#include <stddef.h>

#include "cli.h"

/* Rows several commands share. */
#define OPT_ROOT { O_ROOT, "root", 0, "DIR", \
	"absolute paths inside fml4 files are looked up under DIR (a copy\n" \
	"of a host's tree); what is written names the production paths" }
#define OPT_TEMPLATES { O_TEMPLATES, "templates", 0, "DIR", \
	"fml4to8's data tables (default: the installed ones)" }
#define OPT_FML4_DEFAULTS { O_FML4_DEFAULTS, "fml4-defaults", 0, "FILE", \
	"the fml4 install's default_config.ph, when the include file\n" \
	"does not lead to it" }
#define OPT_FORMAT { O_FORMAT, "format", 0, "FORMAT", "the report's format (see formats below)" }
#define OPT_DOMAIN { O_DOMAIN, "domain", 0, "DOMAIN", \
	"the lists' domain when MAIL_LIST/DOMAINNAME do not say" }
#define OPT_OWNER { O_OWNER, "owner", 0, "USER", \
	"owner of the fml8 list files (default fmladmin)" }
#define OPT_LIBEXEC { O_LIBEXEC, "fml8-libexec", 0, "DIR", \
	"fml8's executables (default /usr/local/libexec/fml)" }
#define OPT_FML8_DEFAULTS { O_FML8_DEFAULTS, "fml8-defaults", 0, "FILE", \
	"the host's fml8 default_config.cf (default: fml4to8's table)" }
#define OPT_SITE_DEFAULTS { O_SITE_DEFAULTS, "site-defaults", 0, "FILE", \
	"the host's fml8 site_default_config.cf" }
#define OPT_VERBOSE { O_VERBOSE, "verbose", 'v', NULL, \
	"text: the infos and the detail sections (file actions) too" }
#define OPT_QUIET { O_QUIET, "quiet", 'q', NULL, "text: only the summary and the next steps" }
#define OPT_STATE_DIR { O_STATE_DIR, "state-dir", 0, "DIR", \
	"root's record of migrations and the lists' locks\n" \
	"(default /var/lib/fml4to8; 0700, root's alone)" }
#define OPT_END { O_NONE, NULL, 0, NULL, NULL }

static const char *const text_xml_html[] = { "text", "xml", "html", NULL };

static const cli_option scan_options[] = {
	{ O_MAIN_CF, "main-cf", 0, "FILE", "Postfix's main.cf (default /etc/postfix/main.cf, else\n"
	  "/usr/local/etc/postfix/main.cf; under --root)" },
	{ O_ML_HOME_PREFIX_MAP, "ml-home-prefix-map", 0, "FILE",
	  "fml8's domain map (default /usr/local/etc/fml/ml_home_prefix)" },
	OPT_STATE_DIR, OPT_FORMAT, OPT_ROOT, OPT_TEMPLATES,
	OPT_END
};

static const cli_option show_options[] = {
	{ O_ALL, "all", 0, NULL, "every setting, not only those that differ from fml4's defaults" },
	{ O_MEMBERS, "members", 0, NULL, "every member and recipient address, with its options" },
	OPT_FORMAT, OPT_ROOT, OPT_FML4_DEFAULTS, OPT_TEMPLATES,
	OPT_END
};

static const cli_option dryrun_options[] = {
	{ O_REALMX, "realmx", 0, "HOST", "html/xml: the host that runs fml8, for the virtual\n"
	  "map the report shows (else fml8's own form)" },
	OPT_DOMAIN, OPT_OWNER, OPT_LIBEXEC, OPT_FML8_DEFAULTS, OPT_SITE_DEFAULTS,
	{ O_JOBS, "jobs", 'j', "N", "lists read at the same time (default: the CPUs online,\n"
	  "at most 8); the report is the same for any N" },
	OPT_FORMAT, OPT_VERBOSE, OPT_QUIET, OPT_ROOT, OPT_FML4_DEFAULTS, OPT_TEMPLATES,
	OPT_END
};

static const cli_option migrate_options[] = {
	{ O_ALL, "all", 0, NULL, "migrate every list of the domain's ~ml directory DIR" },
	{ O_TARGET, "target", 0, "DIR", "migrate a copy made in DIR (which must not exist);\n"
	  "the list itself is not changed" },
	{ O_ML_HOME_PREFIX_MAP, "ml-home-prefix-map", 0, "FILE",
	  "fml8's domain map, where the domain is registered\n"
	  "(default /usr/local/etc/fml/ml_home_prefix, under --root)" },
	OPT_DOMAIN, OPT_OWNER, OPT_LIBEXEC, OPT_FML8_DEFAULTS, OPT_SITE_DEFAULTS,
	OPT_STATE_DIR, OPT_FORMAT, OPT_ROOT, OPT_FML4_DEFAULTS, OPT_TEMPLATES,
	OPT_END
};

static const cli_option rollback_options[] = {
	OPT_STATE_DIR, OPT_ROOT, OPT_FORMAT,
	OPT_END
};

static const cli_option verify_options[] = {
	{ O_FIX_OWNER, "fix-owner", 0, "USER", "give the tree to USER and its group, with fml8's "
	  "modes" },
	{ O_OWNER, "owner", 0, "USER", "the owner the tree must have when no migration of\n"
	  "fml4to8 recorded one (default fmladmin)" },
	OPT_STATE_DIR, OPT_ROOT, OPT_FORMAT, OPT_VERBOSE, OPT_TEMPLATES,
	OPT_END
};

static const cli_option virtual_options[] = {
	{ O_REALMX, "realmx", 0, "HOST", "the host whose local(8) runs fml8 (its myhostname);\n"
	  "every right-hand side gets @HOST" },
	{ O_OUTPUT, "output", 'o', "FILE", "write the virtual map to FILE (else stdout)" },
	{ O_ALIASES, "aliases", 'a', "FILE", "write the aliases to FILE (else stdout)\n"
	  "Without -o/-a the maps go to stdout, each after a line\n"
	  "  ==> virtual: PATH <==      ==> aliases: PATH <==\n"
	  "followed by \"==> report <==\" and the report." },
	{ O_ONLY, "only", 0, "virtual|aliases", "stdout is that map alone; the report goes to "
	  "stderr" },
	{ O_DOMAIN, "domain", 0, "DOMAIN", "the lists' domain (default: from their MAIL_LIST)" },
	{ O_ML_HOME_PREFIX, "ml-home-prefix", 0, "DIR",
	  "fml8's $ml_home_prefix (default: DOMAIN_ML_DIR, i.e. the\n"
	  "lists are migrated in place); include paths are\n"
	  "DIR/ML/include, include-ctl, include-error" },
	{ O_OWNER, "owner", 0, "ADDR", "admin target when fml4 names none" },
	{ O_DOMAIN_LINE, "domain-line", 0, "keep|drop|auto",
	  "the \"DOMAIN<TAB>DOMAIN\" line that declares the virtual\n"
	  "alias domain.  keep: active; drop: written commented out,\n"
	  "for a domain declared elsewhere; auto (default): drop when\n"
	  "the --check-main-cf file has the domain in mydestination or\n"
	  "virtual_alias_domains, or a --check-virtual file declares\n"
	  "it; keep otherwise (finding VIRTUAL_DOMAIN_LINE says why)" },
	{ O_FIX_FILE, "fix", 0, "FILE", "rewrite an fml8-generated virtual file in place\n"
	  "(atomically, after a backup FILE.fml4to8-bak): right-hand\n"
	  "sides ML=DOMAIN get @HOST; the domain line follows\n"
	  "--domain-line.  A second run says \"nothing to fix\"." },
	{ O_CHECK_MAIN_CF, "check-main-cf", 0, "FILE",
	  "Postfix main.cf or `postconf -n` output: realmx in\n"
	  "mydestination, domain not in mydestination, the files in\n"
	  "alias_maps / virtual_alias_maps, allow_mail_to_commands,\n"
	  "include files not owned by root, recipient_delimiter" },
	{ O_OWNERS_FROM, "owners-from", 0, "FILE",
	  "owners of the list files from a listing (TYPE MODE SYMBOLIC\n"
	  "OWNER GROUP SIZE SHA256 PATH) instead of the disk" },
	{ O_CHECK_ALIASES, "check-aliases", 0, "FILE",
	  "an aliases file to scan for lines that still send a\n"
	  "migrated list to fml4 (repeatable)" },
	{ O_CHECK_VIRTUAL, "check-virtual", 0, "FILE",
	  "a virtual map to scan the same way; also used by\n"
	  "--domain-line auto (repeatable)" },
	{ O_FORMAT, "format", 0, "FORMAT", "the report (xml: the findings and decisions; with -o\n"
	  "and -a, or --only, stdout is one XML document)" },
	OPT_ROOT, OPT_FML4_DEFAULTS, OPT_TEMPLATES,
	OPT_END
};

static const cli_option audit_options[] = {
	{ O_FML4, "fml4", 0, "DIR", "the fml4 original (default LIST_DIR/.fml4rc)" },
	{ O_FIX, "fix", 0, NULL, "write the restoring lines and repair the member lists\n"
	  "(each file replaced atomically, the old one kept)" },
	{ O_OWNER, "owner", 0, "USER", "the owner the list files must have (default fmladmin)" },
	OPT_DOMAIN, OPT_FML8_DEFAULTS, OPT_SITE_DEFAULTS, OPT_STATE_DIR,
	OPT_FORMAT, OPT_VERBOSE, OPT_QUIET, OPT_ROOT, OPT_FML4_DEFAULTS, OPT_TEMPLATES,
	OPT_END
};

static const cli_command scan_cmd = {
	.name = "scan", .run = cmd_scan,
	.synopsis = "scan [options] [DIR...]",
	.summary = "every fml list of the host, found through Postfix's configuration",
	.about = "Reads main.cf, its alias_maps, alias_database and virtual_alias_maps (the\n"
	    "source text of hash:/lmdb: maps), follows every alias to fml4's fml.pl or\n"
	    "fml8, walks the ML_DIRs found (and DIR...) and fml8's ml_home_prefix map, and\n"
	    "prints each list's domain, addresses, state (fml4, fml8, fml8-by-mergeml,\n"
	    "fml8-native, half-migrated, rolled-back) with its evidence, counts and\n"
	    "findings, then per domain the order to migrate in and the dry-run command.\n"
	    "Reads only; never follows a symlinked list directory.",
	.formats = text_xml_html, .options = scan_options,
};

static const cli_command show_cmd = {
	.name = "show", .run = cmd_show,
	.synopsis = "show [options] DIR...",
	.summary = "the effective fml4 configuration, members and findings of lists",
	.about = "Reads fml4 lists (config.ph parsed, never executed) and prints their effective\n"
	    "configuration, subject tag, members by delivery mode and findings.  DIR is a\n"
	    "list directory or a domain's ~ml directory (every list in it).",
	.formats = text_xml_html, .options = show_options,
};

static const cli_command dryrun_cmd = {
	.name = "dry-run", .run = cmd_dryrun,
	.synopsis = "dry-run [options] DIR...",
	.summary = "what a migration would write, for a list or a domain; writes nothing",
	.about = "Translates and plans the migration of fml4 lists without writing a byte: the\n"
	    "config.cf lines and why, member counts, every file written or moved, findings.\n"
	    "DIR is a list directory or a domain's ~ml directory.",
	.formats = text_xml_html, .options = dryrun_options,
};

static const cli_command migrate_cmd = {
	.name = "migrate", .run = cmd_migrate,
	.synopsis = "migrate [options] LIST_DIR...\nmigrate --all [options] DOMAIN_ML_DIR...",
	.summary = "migrate lists in place, as root, resumably (fml4 files to .fml4rc/)",
	.about = "Migrates each fml4 list in place: the fml4 originals are saved in .fml4rc/\n"
	    "first, mail waits (exit 75) while it runs, a killed run is finished by running\n"
	    "it again, and rollback undoes it.  A domain's ~ml directory needs --all.",
	.formats = text_xml_html, .options = migrate_options,
};

static const cli_command rollback_cmd = {
	.name = "rollback", .run = cmd_rollback,
	.synopsis = "rollback LIST_DIR...",
	.summary = "back to the fml4 state of a migrated list, byte for byte",
	.about = "Puts every fml4 file of a list migrated by fml4to8 back, byte for byte, with\n"
	    "its mode and owner; the backup is kept.  A domain's ~ml directory means every\n"
	    "list in it.",
	.formats = text_xml_html, .options = rollback_options,
};

static const cli_command verify_cmd = {
	.name = "verify", .run = cmd_verify,
	.synopsis = "verify [options] LIST_DIR...",
	.summary = "compare a migrated list tree with what fml8 needs",
	.about = "Compares a list migrated by fml4to8 (or made by makefml mergeml) with what\n"
	    "fml8 needs: files, modes, owners, contents.  A domain's ~ml directory means\n"
	    "every list in it.",
	.formats = text_xml_html, .options = verify_options,
};

static const cli_command virtual_cmd = {
	.name = "virtual", .run = cmd_virtual,
	.synopsis = "virtual --realmx HOST [options] DOMAIN_ML_DIR\n"
	    "virtual --fix FILE --realmx HOST [options] [DOMAIN_ML_DIR]\n"
	    "virtual [--realmx HOST] --domain D --check-... FILE   (checks only)",
	.summary = "Postfix virtual and aliases maps for a domain, fixes and main.cf checks",
	.about = "Writes, for every list of the domain's ~ml directory, fml8's Postfix\n"
	    "virtual map and aliases in fml8's block format:\n"
	    "  ### <VIRTUAL ml@domain ML> ###          ml@domain -> ml=domain@HOST (5 per list)\n"
	    "  ### <ALIASES ml=domain@domain ML> ###   ml=domain: :include:HOME/ml/include ...\n"
	    "A block already in an -o/-a file is replaced in place, never duplicated; the\n"
	    "rest of the file is kept.  Owner/admin aliases go where fml4's aliases sent\n"
	    "ML-admin and owner-ML (the list's aliases file, else ~ml/etc/aliases, else\n"
	    "MAINTAINER, else --owner).  The report ends with the main.cf lines to add and\n"
	    "the postmap/postalias commands to run.",
	.formats = text_xml_html, .options = virtual_options,
};

static const cli_command audit_cmd = {
	.name = "audit", .run = cmd_audit,
	.synopsis = "audit [options] LIST_DIR...",
	.summary = "what makefml mergeml lost of a list, and the lines that restore it",
	.about = "Compares an fml8 list (made by makefml mergeml, or by fml4to8) with its fml4\n"
	    "original and prints what was lost, with the config.cf lines that restore it;\n"
	    "--fix writes them.  A domain's ~ml directory means every list in it.",
	.formats = text_xml_html, .options = audit_options,
};

const cli_command *const cli_commands[] = {
	&scan_cmd, &show_cmd, &dryrun_cmd, &migrate_cmd, &verify_cmd, &virtual_cmd, &audit_cmd,
	&rollback_cmd, NULL
};

/*
 * codes.h - the stable finding codes.
 *
 * A code never changes meaning once released: reports are diffed and
 * scripted on them.  Each is documented in README (section "Finding codes").
 * Grouped by the stage that emits them.
 */
#ifndef F48_CODES_H
#define F48_CODES_H

/* read: files */
#define F48_C_FILE_MISSING          "FILE_MISSING"          /* a file fml4 needs is absent */
#define F48_C_FILE_UNREADABLE       "FILE_UNREADABLE"       /* open/read failed */
#define F48_C_FILE_SYMLINK          "FILE_SYMLINK"          /* a symlink where a file must be */
#define F48_C_FILE_NOT_REGULAR      "FILE_NOT_REGULAR"      /* a directory/device where a file must be */
#define F48_C_FILE_BINARY           "FILE_BINARY"           /* NUL bytes / not text */
#define F48_C_TEXT_ENCODING         "TEXT_ENCODING"         /* non-ASCII text and its encoding */
#define F48_C_CRLF_LINE_ENDS        "CRLF_LINE_ENDS"        /* file has CRLF line ends */

/* perl-subset parser */
#define F48_C_PARSE_ERROR           "PARSE_ERROR"           /* Perl itself would refuse this */
#define F48_C_PARSE_UNSUPPORTED     "PARSE_UNSUPPORTED"     /* valid Perl outside the subset */
#define F48_C_VALUE_UNKNOWN         "VALUE_UNKNOWN"         /* value cannot be known statically */
#define F48_C_MACRO_UNKNOWN         "MACRO_UNKNOWN"         /* call to a function that is no fml4 macro */
#define F48_C_CONDITION_UNKNOWN     "CONDITION_UNKNOWN"     /* if/unless modifier not decidable */
#define F48_C_REGEX_INVALID         "REGEX_INVALID"         /* a Perl regexp PCRE2 refuses */
#define F48_C_AFTER_END             "AFTER_END"             /* text after __END__ is ignored */
#define F48_C_VALUE_TOO_LONG        "VALUE_TOO_LONG"        /* one value over the evaluator's 1 MiB limit */
#define F48_C_EVAL_BUDGET           "EVAL_BUDGET"           /* evaluator memory or step budget exhausted */

/* read: layering */
#define F48_C_DEFAULTS_FROM_TABLE   "DEFAULTS_FROM_TABLE"   /* install's default_config.ph not found */
#define F48_C_SITE_OVERRIDE         "SITE_OVERRIDE"         /* site_init/site_force decides a value */
#define F48_C_INCLUDE_OPTION        "INCLUDE_OPTION"        /* include file option changes a value */
#define F48_C_INCLUDE_OPTION_UNKNOWN "INCLUDE_OPTION_UNKNOWN"
#define F48_C_INCLUDE_NOT_COMMAND   "INCLUDE_NOT_COMMAND"   /* a line that is no "|command": the MTA reads addresses */
#define F48_C_INCLUDE_LINE_INVALID  "INCLUDE_LINE_INVALID"  /* unbalanced quote, empty pipe */
#define F48_C_INCLUDE_NO_FML        "INCLUDE_NO_FML"        /* include does not run fml.pl */
#define F48_C_INCLUDE_DIR_MISMATCH  "INCLUDE_DIR_MISMATCH"  /* include names another list dir */
#define F48_C_CF_LINE_INVALID       "CF_LINE_INVALID"
#define F48_C_CF_STALE              "CF_STALE"              /* cf and config.ph disagree */
#define F48_C_LIST_FILE_SHARED      "LIST_FILE_SHARED"      /* e.g. actives is members (auto_regist) */
#define F48_C_PASSWD_LINE_INVALID   "PASSWD_LINE_INVALID"   /* etc/passwd line not ADDRESS HASH */
#define F48_C_LIST_FILE_MISSING     "LIST_FILE_MISSING"     /* a member list file named by config is absent */

/* read: member lists */
#define F48_C_MEMBER_LINE_LEADING_BLANK "MEMBER_LINE_LEADING_BLANK"
#define F48_C_MEMBER_LINE_BAD_ADDRESS   "MEMBER_LINE_BAD_ADDRESS"   /* not an addr-spec */
#define F48_C_MEMBER_LINE_DISPLAY_NAME  "MEMBER_LINE_DISPLAY_NAME"  /* "Name <a@b>" or "<a@b>" */
#define F48_C_MEMBER_LINE_NO_DOMAIN     "MEMBER_LINE_NO_DOMAIN"     /* bare local part */
#define F48_C_MEMBER_LINE_UNKNOWN_OPTION "MEMBER_LINE_UNKNOWN_OPTION"
#define F48_C_MEMBER_LINE_LEGACY        "MEMBER_LINE_LEGACY"        /* matome N / skip / bare relay */
#define F48_C_MEMBER_LINE_BOM           "MEMBER_LINE_BOM"
#define F48_C_MEMBER_LINE_CONTROL       "MEMBER_LINE_CONTROL"       /* control bytes or NUL */
#define F48_C_MEMBER_LINE_TOO_LONG      "MEMBER_LINE_TOO_LONG"
#define F48_C_MEMBER_LINE_8BIT          "MEMBER_LINE_8BIT"          /* non-ASCII bytes in an address */
#define F48_C_MEMBER_LINE_NO_NEWLINE    "MEMBER_LINE_NO_NEWLINE"    /* last line without LF: fml4 chops a character */
#define F48_C_MEMBER_RELAY              "MEMBER_RELAY"              /* r= relay delivery */
#define F48_C_MEMBER_LINE_AMBIGUOUS     "MEMBER_LINE_AMBIGUOUS"     /* fml4's delivery/msend readers disagree with the options */
#define F48_C_MEMBER_LINE_IN_HEADER     "MEMBER_LINE_IN_HEADER"     /* an off entry inside the #.FML HEADER block */

/* postfix: the virtual/aliases maps and main.cf (fml4to8 virtual) */
#define F48_C_VIRTUAL_NO_REALMX     "VIRTUAL_NO_REALMX"     /* fml8 virtual RHS without @realmx */
#define F48_C_VIRTUAL_DOMAIN_LINE   "VIRTUAL_DOMAIN_LINE"   /* the domain line kept or dropped, and why */
#define F48_C_VIRTUAL_BLOCK_DUPLICATE "VIRTUAL_BLOCK_DUPLICATE" /* a block present twice; the copy is removed */
#define F48_C_ALIAS_STALE_FML4      "ALIAS_STALE_FML4"      /* an alias still sends a migrated list to fml4 */
#define F48_C_VIRTUAL_STALE_FML4    "VIRTUAL_STALE_FML4"    /* a virtual entry still sends a migrated list to fml4 */
#define F48_C_ALIAS_OWNER_UNKNOWN   "ALIAS_OWNER_UNKNOWN"   /* no fml4 admin/owner target found for a list */
#define F48_C_LIST_DOMAIN_MISMATCH  "LIST_DOMAIN_MISMATCH"  /* a list's MAIL_LIST is not NAME@DOMAIN */
#define F48_C_MAINCF_REALMX_NOT_LOCAL "MAINCF_REALMX_NOT_LOCAL" /* realmx host not in mydestination */
#define F48_C_MAINCF_DOMAIN_IN_MYDESTINATION "MAINCF_DOMAIN_IN_MYDESTINATION"
#define F48_C_MAINCF_ALIAS_MAPS_MISSING "MAINCF_ALIAS_MAPS_MISSING"     /* aliases file not in alias_maps */
#define F48_C_MAINCF_VIRTUAL_MAPS_MISSING "MAINCF_VIRTUAL_MAPS_MISSING" /* virtual file not in virtual_alias_maps */
#define F48_C_MAINCF_COMMANDS_NOT_ALLOWED "MAINCF_COMMANDS_NOT_ALLOWED" /* allow_mail_to_commands lacks include */
#define F48_C_MAINCF_RECIPIENT_DELIMITER "MAINCF_RECIPIENT_DELIMITER"   /* recipient_delimiter contains = */
#define F48_C_MAINCF_UNDECIDED      "MAINCF_UNDECIDED"      /* a check that main.cf alone cannot decide */
#define F48_C_INCLUDE_OWNED_BY_ROOT "INCLUDE_OWNED_BY_ROOT" /* local(8) would run it as default_privs */

/* fml8 config */
#define F48_C_CF8_LINE_IGNORED      "CF8_LINE_IGNORED"      /* config.cf line fml8 ignores (no assignment/continuation/comment) */
#define F48_C_CF8_COMMENT_IN_VALUE  "CF8_COMMENT_IN_VALUE"  /* indented "# ..." continues the previous value */
#define F48_C_CF8_MULTIPLE_CUT      "CF8_MULTIPLE_CUT"      /* more than one =cut line */
#define F48_C_CF8_EXPAND_LOOP       "CF8_EXPAND_LOOP"       /* self reference or > 16 expansion rounds: fml8 dies */

/* translate */
#define F48_C_SETTING_NOT_SUPPORTED "SETTING_NOT_SUPPORTED" /* fml8 has no equivalent: value lost */
#define F48_C_SETTING_NEEDS_HUMAN   "SETTING_NEEDS_HUMAN"   /* an equivalent exists; a person must set it */
#define F48_C_SETTING_UNKNOWN       "SETTING_UNKNOWN"       /* a variable fml4 does not define */
#define F48_C_VALUE_ESCAPE_LOST     "VALUE_ESCAPE_LOST"     /* Perl dropped backslashes of a "..." value */
#define F48_C_POLICY_UNKNOWN        "POLICY_UNKNOWN"        /* PERMIT/HANDLER pair without a rule */
#define F48_C_POLICY_NOT_SUPPORTED  "POLICY_NOT_SUPPORTED"  /* e.g. subscribe by posting */
#define F48_C_POLICY_CHANGED        "POLICY_CHANGED"        /* kept, but works differently in fml8 */
#define F48_C_MEMBER_LEFT_OUT       "MEMBER_LEFT_OUT"       /* an address fml8 cannot use (no domain): not written */
#define F48_C_FML8_CANNOT_RUN       "FML8_CANNOT_RUN"       /* an fml8 line this fml8 cannot run (fml8-limits.tsv): not written */
#define F48_C_HOOK_NEEDS_PORTING    "HOOK_NEEDS_PORTING"    /* fml4 Perl hook */
#define F48_C_MACRO_NOT_SUPPORTED   "MACRO_NOT_SUPPORTED"   /* &ADD_CONTENT_HANDLER, &DEFINE_FIELD_* ... */
#define F48_C_MACRO_KEPT_BY_DEFAULT "MACRO_KEPT_BY_DEFAULT" /* fml8's default does the same */
#define F48_C_MODE_APPLIED          "MODE_APPLIED"          /* DEFINE_MODE settings were applied */
#define F48_C_DOMAIN_UNKNOWN        "DOMAIN_UNKNOWN"        /* no domain from the list; --domain */
#define F48_C_MEMBER_DUPLICATE      "MEMBER_DUPLICATE"      /* the same address twice: written once */
#define F48_C_MEMBER_LIST_TOO_LARGE "MEMBER_LIST_TOO_LARGE" /* an fml8 file would exceed the address budget */
#define F48_C_MEMBER_EVERYONE       "MEMBER_EVERYONE"       /* the "+" line */
#define F48_C_MEMBER_OPTION_DIGEST  "MEMBER_OPTION_DIGEST"  /* m= interval/format fml8 cannot express */
#define F48_C_MEMBER_OPTION_SKIP    "MEMBER_OPTION_SKIP"    /* s=: a member, not a recipient */
#define F48_C_PASSWD_HASH_UNVERIFIABLE "PASSWD_HASH_UNVERIFIABLE" /* not DES: fml8 cannot check it */

/* plan */
#define F48_C_LEFTOVER_BACKUP       "LEFTOVER_BACKUP"       /* .fml4rc exists: a new backup dir is used */
#define F48_C_LEFTOVER_FML8_FILE    "LEFTOVER_FML8_FILE"    /* fml8 files from an earlier attempt */

#define F48_C_CRON_DIGEST           "CRON_DIGEST"           /* fml4's cron sent digests: fml8's digest line to install */
#define F48_C_CRON_JOB              "CRON_JOB"              /* another fml4 cron job for the list */

/* apply, rollback, verify (fml4to8 migrate / rollback / verify) */
#define F48_C_TREE_SYMLINK          "TREE_SYMLINK"          /* a symlink in the list tree: refused, never followed */
#define F48_C_TREE_HARDLINK         "TREE_HARDLINK"         /* a file with more than one link in the list tree: refused */
#define F48_C_TREE_SPECIAL          "TREE_SPECIAL"          /* a FIFO, socket or device in the list tree: refused, never changed */
#define F48_C_ROLLBACK_UNVERIFIED   "ROLLBACK_UNVERIFIED"   /* a saved original is missing or changed: rollback refused */
#define F48_C_ROLLBACK_KEPT         "ROLLBACK_KEPT"         /* rollback left a path fml8 created that is not empty */
#define F48_C_VERIFY_MISSING        "VERIFY_MISSING"        /* a file or directory the list must have is absent */
#define F48_C_VERIFY_CONTENT_DIFFERS "VERIFY_CONTENT_DIFFERS" /* a generated file differs from the plan */
#define F48_C_VERIFY_LIST_CHANGED   "VERIFY_LIST_CHANGED"   /* an address list changed the way fml8 changes it (info) */
#define F48_C_VERIFY_MODE           "VERIFY_MODE"           /* a mode differs from what fml8 wants */
#define F48_C_VERIFY_TYPE           "VERIFY_TYPE"           /* a file where a directory must be, or the reverse */
#define F48_C_VERIFY_FML4_LEFT      "VERIFY_FML4_LEFT"      /* config.ph, actives ... still where fml8 reads them */
#define F48_C_VERIFY_INCOMPLETE     "VERIFY_INCOMPLETE"     /* the journal says the migration did not finish */
/* OWNER_WRONG (not owned by the list owner) is shared with audit, below */

/* audit */
#define F48_C_SUBJECT_TAG_DROPPED   "SUBJECT_TAG_DROPPED"   /* fml4 had a tag; the fml8 list has none */
#define F48_C_SETTING_DROPPED       "SETTING_DROPPED"       /* a needed config.cf line is not in effect */
#define F48_C_SETTING_CHANGED       "SETTING_CHANGED"       /* config.cf sets what fml4 did not have */
#define F48_C_SETTING_PRESERVED     "SETTING_PRESERVED"     /* (info) a needed line is in effect */
#define F48_C_MEMBER_LOST           "MEMBER_LOST"           /* an fml4 address missing in fml8 */
#define F48_C_MEMBER_OPTION_LOST    "MEMBER_OPTION_LOST"    /* digest/skip/off entry now gets every post */
#define F48_C_MEMBER_OPTION_LEAKED  "MEMBER_OPTION_LEAKED"  /* option text in an fml8 list file */
#define F48_C_MEMBER_EXTRA          "MEMBER_EXTRA"          /* an address fml4 did not have there */
#define F48_C_INCLUDE_NOT_FML8      "INCLUDE_NOT_FML8"      /* an include that does not run fml8 */
#define F48_C_OWNER_WRONG           "OWNER_WRONG"           /* not owned by the list owner */

/* scan: the host's lists through Postfix's configuration */
#define F48_C_SCAN_MAIN_CF_MISSING  "SCAN_MAIN_CF_MISSING"  /* no main.cf to start from */
#define F48_C_SCAN_MAP_UNREADABLE   "SCAN_MAP_UNREADABLE"   /* an alias/virtual map that cannot be read */
#define F48_C_SCAN_ALIAS_TARGET_MISSING "SCAN_ALIAS_TARGET_MISSING" /* an alias reaches a list that is gone */
#define F48_C_SCAN_LIST_UNREACHED   "SCAN_LIST_UNREACHED"   /* a list directory no alias reaches */
#define F48_C_SCAN_REACHED_BY_BOTH  "SCAN_REACHED_BY_BOTH"  /* fml4 and fml8 aliases for one list */
#define F48_C_SCAN_FML8_LEFTOVER    "SCAN_FML8_LEFTOVER"    /* an fml4 list with fml8 files of an earlier attempt */
#define F48_C_SCAN_INCLUDE_DEFERS   "SCAN_INCLUDE_DEFERS"   /* the include file defers all mail (exit 75) */
#define F48_C_SCAN_HALF_MIGRATED    "SCAN_HALF_MIGRATED"    /* an fml4to8 migration that did not finish */
#define F48_C_SCAN_SYMLINK          "SCAN_SYMLINK"          /* a list directory that is a symlink: not followed */

#endif

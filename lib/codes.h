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

#endif

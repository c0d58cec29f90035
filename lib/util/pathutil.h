/*
 * pathutil.h - path strings, and the --root mapping.
 *
 * fml4 files name absolute production paths (/usr/local/fml/fml.pl,
 * /var/mail/example.com/~ml/test-ml).  When the tree was copied from another
 * host, the admin gives --root DIR and those paths are looked up under DIR.
 * These functions only compute strings; they never touch the disk.  Every
 * returned string is newly allocated and freed by the caller.
 */
#ifndef F48_PATHUTIL_H
#define F48_PATHUTIL_H

/* a + "/" + b, without doubling slashes; b absolute is still appended. */
char *f48_path_join(const char *a, const char *b);
/* Where the production path `abs` is on this host: root + abs, or abs when
 * root is NULL or empty. */
char *f48_path_on_host(const char *root, const char *abs);
/* The production path of a host path: host minus the root prefix, or host
 * itself when it is not under root (or root is NULL).  A relative root or
 * host is taken against the working directory first. */
char *f48_path_in_production(const char *root, const char *host);
/* The same for a host path as the user gave it: relative to the working
 * directory, or absolute; the result is absolute and clean. */
char *f48_path_production(const char *root, const char *host);
/* p against the working directory when relative (as it is when that cannot
 * be read), cleaned. */
char *f48_path_absolute(const char *p);
/* Lexical clean-up: collapse "//", remove "/./" and a trailing "/";
 * ".." components are kept (the caller decides whether they are allowed). */
char *f48_path_clean(const char *p);
char *f48_path_dirname(const char *p);
char *f48_path_basename(const char *p);

#endif

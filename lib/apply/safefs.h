/*
 * safefs.h - file operations inside one directory tree (a list directory)
 * that never follow a symlink and never leave the tree.
 *
 * Every function takes the tree's directory fd (opened by f48_sfs_open_root
 * with O_DIRECTORY|O_NOFOLLOW), the tree's host path (only for messages)
 * and a path relative to the tree.  Relative paths must not be absolute and
 * must not contain "." or ".." components or empty components (F48_EUSAGE).
 * Every intermediate component is opened with O_DIRECTORY|O_NOFOLLOW, so a
 * symlink anywhere on the way is refused (F48_EUNSAFE), and the last
 * component is acted on with *at() calls relative to that directory fd.
 *
 * f48_sfs_write is atomic: a temporary ".NAME.fml4to8-tmp" beside the
 * target (a fixed name, so that a run killed in the middle leaves at most
 * that file; the rerun unlinks it and creates it again with O_EXCL, so a
 * planted link is never written through), write, fchmod, fchown
 * (uid != (uid_t)-1), fsync, renameat over the target, fsync the directory.
 * f48_sfs_chown_at refuses a regular file with more than one link.
 *
 * f48_sfs_walk visits the tree root first ("." with name "."), then every
 * entry depth first in sorted order; st is from fstatat(AT_SYMLINK_NOFOLLOW);
 * symlinks are visited but never descended.
 *
 * f48_sfs_fml8_mode: the mode fml8 wants for a path of a list directory
 * (etc, var, tmp, spool, var/db, var/lock 0700; config.cf 0600; include,
 * include-ctl, include-error 0644), or -1 when fml8 has no rule for it.
 *
 * Errors name the path; nothing is printed.
 */
#ifndef F48_SAFEFS_H
#define F48_SAFEFS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "util/error.h"
#include "util/findings.h"
#include "util/strbuf.h"

int f48_sfs_open_root(const char *dir, int *fd, f48_error *err);
/* Open the directory holding rel; *leaf points at rel's last component. */
int f48_sfs_open_parent(int root, const char *rp, const char *rel, int *dfd,
    const char **leaf, f48_error *err);
/* *exists false (and F48_OK) when rel is absent. */
int f48_sfs_lstat(int root, const char *rp, const char *rel, struct stat *st,
    bool *exists, f48_error *err);
int f48_sfs_read(int root, const char *rp, const char *rel, size_t max, char **data,
    size_t *len, struct stat *st, f48_error *err);
int f48_sfs_write(int root, const char *rp, const char *rel, const void *data, size_t len,
    mode_t mode, uid_t uid, gid_t gid, f48_error *err);
/* mkdir (an existing real directory is fine), then chmod to mode. */
int f48_sfs_mkdir(int root, const char *rp, const char *rel, mode_t mode, f48_error *err);
int f48_sfs_rename(int root, const char *rp, const char *from, const char *to, f48_error *err);
/* Remove a file (dir false) or an empty directory; absent is fine. */
int f48_sfs_remove(int root, const char *rp, const char *rel, bool dir, f48_error *err);
/* chown and chmod (mode (mode_t)-1: keep) through an fd opened O_NOFOLLOW. */
int f48_sfs_chown_at(int dfd, const char *name, const char *shown, const struct stat *st,
    uid_t uid, gid_t gid, mode_t mode, f48_error *err);

typedef int (*f48_sfs_visit)(void *ctx, int dfd, const char *name, const char *rel,
    const struct stat *st, f48_error *err);
int f48_sfs_walk(int root, const char *rp, f48_sfs_visit fn, void *ctx, f48_error *err);

/* Symlinks (TREE_SYMLINK) and regular files with more than one link
 * (TREE_HARDLINK) anywhere in the tree, as findings; returns their number
 * (or a negative status). */
int f48_sfs_check_tree(int root, const char *rp, f48_findings *fs, f48_error *err);

int f48_sfs_fml8_mode(const char *rel, bool is_dir);

/* Percent-escape bytes <= ' ', '%' and >= 0x7f; and back (NULL if malformed). */
void f48_sfs_escape(f48_sb *sb, const char *s);
char *f48_sfs_unescape(const char *s);

#endif

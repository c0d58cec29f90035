/*
 * safefs.h - the one file layer: operations inside one directory tree (a
 * list directory, a state directory, the directory of a map) through *at()
 * calls that never follow a symlink and never leave the tree; the one
 * atomic writer of the project.
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
 * f48_sfs_write_from is the same writer fed by a source in pieces (a list
 * file copied from its spooled copy, a backup copied from the original), so
 * that no file is held in memory; its before_rename hook runs when the
 * temporary is complete and synced (the hash of a backup is recorded there,
 * before the backup exists under its name).
 * Callers that may run twice at once on one tree hold a lock (apply: the
 * state directory's lock; f48_sfs_write_path: flock on the directory).
 *
 * f48_sfs_chown_at changes only regular files and directories, through an
 * fd opened O_NOFOLLOW|O_NONBLOCK whose fstat must show the same type,
 * device and inode as st (the caller's fstatat): a FIFO, socket or device
 * is never opened nor changed (F48_EUNSAFE naming its kind), a file swapped
 * in between is refused, and so is a regular file with more than one link.
 * The mode, when given, is set after the owner (chown clears set-id bits).
 *
 * f48_sfs_check_tree reports, as findings of severity error: symlinks
 * (TREE_SYMLINK), regular files with more than one link (TREE_HARDLINK)
 * and FIFOs, sockets and devices (TREE_SPECIAL).
 *
 * f48_sfs_write_path: f48_sfs_write for a host path (its directory opened
 * O_DIRECTORY|O_NOFOLLOW, flock'ed while writing): Postfix maps, the
 * ml_home_prefix map, audit --fix.  f48_sfs_backup_copy copies a file to
 * the first free "FILE.fml4to8-bak", "-bak.1" ... beside it (an earlier
 * backup is never overwritten), same bytes, mode and owner; *backup_path
 * (may be NULL) gets the host path used.
 *
 * f48_sfs_walk visits the tree root first ("." with name "."), then every
 * entry depth first in sorted order; st is from fstatat(AT_SYMLINK_NOFOLLOW);
 * symlinks are visited but never descended.
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
#include "util/sha256.h"
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

typedef struct f48_sfs_source {
	/* up to cap bytes into buf: their number, 0 at the end, or a negative
	 * status with err set */
	ssize_t (*read)(void *ctx, char *buf, size_t cap, f48_error *err);
	/* NULL, or: the temporary is complete; non-OK stops the write */
	int (*before_rename)(void *ctx, f48_error *err);
	void *ctx;
} f48_sfs_source;
int f48_sfs_write_from(int root, const char *rp, const char *rel, const f48_sfs_source *src,
    mode_t mode, uid_t uid, gid_t gid, f48_error *err);
/* Open rel for reading (O_NOFOLLOW; a regular file or an error), for
 * callers that read it in pieces; *fd is theirs to close. */
int f48_sfs_open_read(int root, const char *rp, const char *rel, int *fd, struct stat *st,
    f48_error *err);
/* The SHA-256 of rel, read in pieces (F48_EINPUT past max bytes). */
int f48_sfs_sha256(int root, const char *rp, const char *rel, size_t max,
    char hex[F48_SHA256_HEX], size_t *len, f48_error *err);
/* read(2) that retries EINTR; an error names shown_path. */
ssize_t f48_sfs_read_fd(int fd, void *buf, size_t cap, const char *shown_path, f48_error *err);
/* All of data to fd (short writes and EINTR retried); an error names
 * shown_path. */
int f48_sfs_write_fd(int fd, const void *data, size_t len, const char *shown_path,
    f48_error *err);
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

/* Symlinks, hard-linked files and special files anywhere in the tree, as
 * findings; returns their number (or a negative status). */
int f48_sfs_check_tree(int root, const char *rp, f48_findings *fs, f48_error *err);
/* "a FIFO", "a socket", "a block device" ... for messages. */
const char *f48_sfs_kind_name(mode_t m);

int f48_sfs_write_path(const char *path, const void *data, size_t len, mode_t mode,
    uid_t uid, gid_t gid, f48_error *err);
int f48_sfs_backup_copy(const char *path, char **backup_path, f48_error *err);

/* Percent-escape bytes <= ' ', '%' and >= 0x7f; and back (NULL if malformed). */
void f48_sfs_escape(f48_sb *sb, const char *s);
char *f48_sfs_unescape(const char *s);

#endif

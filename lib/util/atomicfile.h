/*
 * atomicfile.h - writing a file so that readers see the old bytes or the
 * new bytes, never a mix, and never through a symlink.
 *
 * f48_atomic_write: mkstemp beside the target, write, fchmod (and fchown
 * when uid/gid are not -1), fsync, rename over the target, fsync the
 * directory; on any failure the temporary file is removed and the target is
 * untouched.  The target must not be a symlink (F48_EUNSAFE); the directory
 * path is opened with O_NOFOLLOW on its last component, and the rename is
 * done relative to that directory fd, so a symlink swapped in for the
 * directory's last component is not followed.
 *
 * f48_backup_copy: copies the current target to a backup name that does not
 * exist yet ("FILE.fml4to8-bak", then "-bak.1", ...), with the same mode,
 * so that an earlier backup is never overwritten.  *backup_path (newly
 * allocated, may be NULL) gets the name used.
 *
 * Errors name the path; nothing is printed.
 */
#ifndef F48_ATOMICFILE_H
#define F48_ATOMICFILE_H

#include <stddef.h>
#include <sys/types.h>

#include "util/error.h"

int f48_atomic_write(const char *path, const void *data, size_t len, mode_t mode,
    uid_t uid, gid_t gid, f48_error *err);
int f48_backup_copy(const char *path, char **backup_path, f48_error *err);

#endif

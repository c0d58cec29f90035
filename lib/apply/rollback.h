/*
 * rollback.h - back to the fml4 list, byte for byte, or a refusal that
 * says exactly what cannot be restored.
 *
 * f48_rollback works from what the state directory (state.h) recorded:
 * the saved plan, the manifest (taken before the first write) and the
 * SHA-256 of every saved original.  Nothing in the list directory is
 * trusted: the backup directory (.fml4rc) belongs to the list owner.
 *
 * 1. Check, before writing anything: every original the plan copied or
 *    moved is either still in place with its recorded bytes (or was never
 *    saved, so never replaced), or its copy in the backup has exactly the
 *    recorded SHA-256.  Otherwise nothing is changed: one ROLLBACK_UNVERIFIED
 *    finding per file (missing, not a regular file, or changed since it was
 *    saved) and F48_EUNSAFE.
 * 2. The include files to be restored defer mail ("|exit 75") first.
 * 3. Every other original is written back (atomically: the verified bytes,
 *    the manifest's mode and owner).
 * 4. Files and empty directories the plan created are removed (a non-empty
 *    one is kept with a ROLLBACK_KEPT finding).
 * 5. The include files come back last; include files fml4 did not have go.
 * 6. The manifest's modes and owners are set again on every regular file
 *    and directory it lists (through fds, safefs.h); modes and owners come
 *    only from the manifest, so a set-id bit or a root-owned file the fml4
 *    tree did not have is never made.
 * 7. The backup directory is renamed "<backup>.rolled-back-N" and the
 *    state's files move to rolled-back-N/: a later migrate starts afresh and
 *    no backup is ever lost.
 * A killed rollback is finished by running it again.  The caller holds the
 * list's lock (f48_state_open .lock).  *renamed_to: the backup's new name
 * (NULL when there was nothing to roll back).  Nothing is printed.
 */
#ifndef F48_ROLLBACK_H
#define F48_ROLLBACK_H

#include "util/error.h"
#include "util/findings.h"
#include "apply/state.h"

int f48_rollback(f48_state *s, f48_findings *fs, char **renamed_to, f48_error *err);

#endif

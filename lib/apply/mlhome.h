/*
 * mlhome.h - fml8's ml_home_prefix map, as "makefml newdomain" keeps it.
 *
 * f48_ml_home_prefix_add appends DOMAIN<TAB>PREFIX to the map (created 0644
 * when missing; an existing map keeps its mode and owner) unless the domain
 * (compared case-insensitively, comments skipped) is there already;
 * *added tells which.  The map's directory is opened O_NOFOLLOW and
 * flock'ed for the read-modify-write, so that two migrations of one host
 * never lose each other's domain; the write is safefs.h's atomic writer.
 * Errors name the map; nothing is printed.
 */
#ifndef F48_MLHOME_H
#define F48_MLHOME_H

#include <stdbool.h>

#include "util/error.h"

int f48_ml_home_prefix_add(const char *map, const char *domain, const char *prefix,
    bool *added, f48_error *err);

#endif

/*
 * report_maps.h - the domain maps stage's result (domain/domain_maps.h) as
 * report-level sections of the report model (report.h): "virtual" and
 * "aliases", one line per map line, titled with the production path the
 * map belongs at, so that the HTML page and the XML of a domain's dry-run
 * carry the blocks "fml4to8 virtual" writes.  Input: a result whose maps
 * went to r->maps (no -o/-a, no "only").  Never prints.
 */
#ifndef F48_REPORT_MAPS_H
#define F48_REPORT_MAPS_H

#include "domain/domain_maps.h"
#include "report/report.h"

void f48_report_add_maps(f48_report *r, const f48_dmaps_result *m, const char *realmx);

#endif

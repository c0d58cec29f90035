/*
 * report_scan.h - the scan stage's inventory (scan/scan.h) as the report
 * model (report.h), for "scan --format html": one list a scanned list, named
 * NAME@DOMAIN (a name may repeat across domains), its status from its
 * findings, its members, recipients and digest counts (the same before and
 * after: nothing is migrated), a section "scan" with its state and the
 * evidence, addresses, fml.pl, what reaches it, seq and last article, and
 * its findings; per domain a report section "order-DOMAIN" with the order to
 * migrate in; the host's findings as the report's own.  The caller adds the
 * next steps (the dry-run commands).  The report must keep lists.  Input:
 * the scan (trusted, UTF-8).  Never prints.
 */
#ifndef F48_REPORT_SCAN_H
#define F48_REPORT_SCAN_H

#include "report/report.h"
#include "scan/scan.h"

void f48_report_scan_model(f48_report *r, const f48_scan *s);

#endif

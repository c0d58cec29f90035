/*
 * par.h - run independent jobs on a few threads and take their results in
 * order.
 *
 * f48_par_run(n, workers, work, done, release, ctx) calls work(ctx, i) once
 * for each i in 0..n-1, on up to `workers` threads (the calling thread and
 * workers - 1 of its own), in any order; done(ctx, i, result) on the
 * calling thread for i = 0, 1, ... n-1 in that order, each after its work
 * returned; then release(ctx, result) on the thread that ran work(i), to
 * free it there (see par.c for why).  `result` is what work returned; par
 * never looks at it.  So output built in done is the same, byte for byte,
 * whatever the number of threads.  At most 2 * workers results wait for
 * done at a time, so memory stays that of a few jobs however many there
 * are.
 *
 * workers <= 1, or n <= 1, runs everything on the calling thread (work,
 * done, release for each i in turn), with no thread at all.  When a thread
 * cannot be created, the jobs run on those that could (at least the
 * calling one): par never fails, and returns when every release returned.
 *
 * Thread safety is the caller's: work and release may touch only what job
 * i owns and shared data nobody writes during the run; done runs on the
 * calling thread only.  The library's stages qualify (no global mutable
 * state; see design.md).
 */
#ifndef F48_PAR_H
#define F48_PAR_H

#include <stddef.h>

typedef void *(*f48_par_work)(void *ctx, size_t i);
typedef void (*f48_par_done)(void *ctx, size_t i, void *result);
typedef void (*f48_par_release)(void *ctx, void *result);

#define F48_PAR_MAX_WORKERS 64

void f48_par_run(size_t n, unsigned workers, f48_par_work work, f48_par_done done,
    f48_par_release release, void *ctx);

#endif

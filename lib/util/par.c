/* par.c - see par.h.  One mutex and two conditions.  A worker takes the
 * next index while it is inside the window (fewer than 2 * workers results
 * not yet released) and puts its result in the window's slot for it.  The
 * calling thread works too; between jobs it hands on every result that is
 * next in order, and waits only when the next one is another thread's job
 * and the window is full or every job is taken.  A result goes back to the
 * thread that made it for release: with glibc, memory freed on another
 * thread than the one that allocated it contends for that thread's arena
 * lock (measured: 21,000 futex calls and no speed-up on 2 CPUs). */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "util/par.h"
#include "util/xalloc.h"

typedef struct slot {
	void *result;
	unsigned owner;               /* the thread that made it: 0 the caller */
	bool ready;
} slot;

typedef struct back {
	void **items;                 /* results to release, window entries */
	size_t head, n;
	size_t held;                  /* made and not yet released */
} back;

typedef struct run {
	pthread_mutex_t mu;
	pthread_cond_t wake_workers;  /* room in the window, or a result to release */
	pthread_cond_t has_result;    /* a slot became ready */
	size_t n, next, consumed, window;
	slot *slots;                  /* window entries; index i is slots[i % window] */
	back *backs;                  /* one per thread; [0] is the caller's (unused) */
	f48_par_work work;
	f48_par_release release;
	void *ctx;
} run;

typedef struct warg {
	run *r;
	unsigned id;
} warg;

/* Can a thread take the next job?  The lock is held. */
static bool
job_open(const run *r)
{
	return r->next < r->n && r->next - r->consumed < r->window;
}

/* Take the next job, run it outside the lock and put its result in its
 * slot; called and returns with the lock held (job_open). */
static void
work_one(run *r, unsigned owner)
{
	size_t i = r->next++;
	void *res;
	slot *s;

	pthread_mutex_unlock(&r->mu);
	res = r->work(r->ctx, i);
	pthread_mutex_lock(&r->mu);
	s = &r->slots[i % r->window];
	s->result = res;
	s->owner = owner;
	s->ready = true;
	r->backs[owner].held++;
	pthread_cond_signal(&r->has_result);
}

static void *
worker(void *arg)
{
	run *r = ((warg *)arg)->r;
	unsigned id = ((warg *)arg)->id;
	back *b = &r->backs[id];

	pthread_mutex_lock(&r->mu);
	for (;;) {
		if (b->n > 0) {
			void *res = b->items[b->head];

			b->head = (b->head + 1) % r->window;
			b->n--;
			b->held--;
			pthread_mutex_unlock(&r->mu);
			r->release(r->ctx, res);
			pthread_mutex_lock(&r->mu);
		} else if (job_open(r)) {
			work_one(r, id);
		} else if (r->next >= r->n && b->held == 0) {
			break;
		} else {
			pthread_cond_wait(&r->wake_workers, &r->mu);
		}
	}
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

static void
run_serial(size_t n, f48_par_work work, f48_par_done done, f48_par_release release, void *ctx)
{
	size_t i;

	for (i = 0; i < n; i++) {
		void *res = work(ctx, i);

		done(ctx, i, res);
		release(ctx, res);
	}
}

void
f48_par_run(size_t n, unsigned workers, f48_par_work work, f48_par_done done,
    f48_par_release release, void *ctx)
{
	run r;
	pthread_t *th;
	warg *args;
	unsigned k, started = 0;

	if (workers > F48_PAR_MAX_WORKERS)
		workers = F48_PAR_MAX_WORKERS;
	if (workers > n)
		workers = (unsigned)n;
	if (workers <= 1 || pthread_mutex_init(&r.mu, NULL) != 0) {
		run_serial(n, work, done, release, ctx);
		return;
	}
	pthread_cond_init(&r.wake_workers, NULL);
	pthread_cond_init(&r.has_result, NULL);
	r.n = n;
	r.next = r.consumed = 0;
	r.window = 2 * (size_t)workers;
	r.slots = f48_xcalloc(r.window, sizeof(*r.slots));
	r.backs = f48_xcalloc(workers, sizeof(*r.backs));
	for (k = 0; k < workers; k++)
		r.backs[k].items = f48_xcalloc(r.window, sizeof(void *));
	r.work = work;
	r.release = release;
	r.ctx = ctx;
	/* the calling thread is one of the workers: workers - 1 more threads,
	 * so that no more threads than CPUs compete */
	th = f48_xcalloc(workers, sizeof(*th));
	args = f48_xcalloc(workers, sizeof(*args));
	for (k = 1; k < workers; k++) {
		args[started + 1].r = &r;
		args[started + 1].id = started + 1;
		if (pthread_create(&th[started], NULL, worker, &args[started + 1]) == 0)
			started++;
	}
	pthread_mutex_lock(&r.mu);
	while (r.consumed < n) {
		slot *s = &r.slots[r.consumed % r.window];

		if (s->ready) {
			/* the next result in order: hand it on outside the lock */
			size_t i = r.consumed;
			void *res = s->result;
			unsigned owner = s->owner;

			s->ready = false;
			s->result = NULL;
			pthread_mutex_unlock(&r.mu);
			done(ctx, i, res);
			if (owner == 0)
				release(ctx, res);
			pthread_mutex_lock(&r.mu);
			if (owner == 0) {
				r.backs[0].held--;
			} else {
				back *b = &r.backs[owner];

				b->items[(b->head + b->n) % r.window] = res;
				b->n++;
			}
			r.consumed = i + 1;
			pthread_cond_broadcast(&r.wake_workers);
		} else if (job_open(&r)) {
			work_one(&r, 0);
		} else {
			/* another thread holds the job of the next result */
			pthread_cond_wait(&r.has_result, &r.mu);
		}
	}
	pthread_mutex_unlock(&r.mu);
	for (k = 0; k < started; k++)
		pthread_join(th[k], NULL);
	pthread_cond_destroy(&r.wake_workers);
	pthread_cond_destroy(&r.has_result);
	pthread_mutex_destroy(&r.mu);
	for (k = 0; k < workers; k++)
		free(r.backs[k].items);
	free(r.backs);
	free(args);
	free(th);
	free(r.slots);
}

/* A small thread pool for independent jobs (see workpool.h).
 * Tested by builder/t/image/t-ziparchive.c and tests/t7000-verify.sh (its
 * users, with one and several threads). */
#include "core/workpool.h"
#include "core/error.h"
#include "core/xalloc.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 16

struct worker {
	struct workpool *p;
	int id;
	pthread_t thread;
};

struct workpool {
	size_t njobs;
	atomic_size_t next;
	void (*job)(void *ctx, size_t i, int worker);
	void *ctx;
	unsigned char *done;    /* per job, under lock */
	pthread_mutex_t lock;
	pthread_cond_t changed;
	int nthreads;
	struct worker w[MAX_THREADS];
};

int workpool_threads(size_t njobs, int threads)
{
	if (threads <= 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (int)n;
	}
	if (threads > MAX_THREADS)
		threads = MAX_THREADS;
	if ((size_t)threads > njobs)
		threads = njobs ? (int)njobs : 1;
	return threads;
}

static void *run(void *arg)
{
	struct worker *w = arg;
	struct workpool *p = w->p;
	size_t i;
	while ((i = atomic_fetch_add(&p->next, 1)) < p->njobs) {
		p->job(p->ctx, i, w->id);
		pthread_mutex_lock(&p->lock);
		p->done[i] = 1;
		pthread_cond_broadcast(&p->changed);
		pthread_mutex_unlock(&p->lock);
	}
	return NULL;
}

struct workpool *workpool_start(size_t njobs, int threads,
				void (*job)(void *ctx, size_t i, int worker), void *ctx)
{
	struct workpool *p = xcalloc(1, sizeof(*p));
	pthread_condattr_t attr;

	p->njobs = njobs;
	p->job = job;
	p->ctx = ctx;
	p->done = xcalloc(njobs + 1, 1);
	atomic_init(&p->next, 0);
	pthread_mutex_init(&p->lock, NULL);
	/* Timeouts against the monotonic clock: a clock change is no hang. */
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&p->changed, &attr);
	pthread_condattr_destroy(&attr);
	p->nthreads = workpool_threads(njobs, threads);
	for (int i = 0; i < p->nthreads; i++) {
		p->w[i] = (struct worker){ .p = p, .id = i };
		if (pthread_create(&p->w[i].thread, NULL, run, &p->w[i]))
			die_oom();
	}
	return p;
}

int workpool_wait(struct workpool *p, size_t i, int timeout_ms)
{
	struct timespec until;
	int ret = 0;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += timeout_ms / 1000;
	until.tv_nsec += (long)(timeout_ms % 1000) * 1000000;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&p->lock);
	while (!p->done[i] && !ret) {
		if (timeout_ms < 0)
			pthread_cond_wait(&p->changed, &p->lock);
		else if (pthread_cond_timedwait(&p->changed, &p->lock, &until) == ETIMEDOUT)
			ret = !p->done[i];
	}
	pthread_mutex_unlock(&p->lock);
	return ret;
}

void workpool_finish(struct workpool *p)
{
	for (int i = 0; i < p->nthreads; i++)
		pthread_join(p->w[i].thread, NULL);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->changed);
	free(p->done);
	free(p);
}

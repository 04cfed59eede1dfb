/*
 * Independent jobs 0..n-1 (files to hash, torrent pieces) run on a few
 * threads, handed out in order, while the calling thread waits for them in
 * order, so it can print results in the order of the input as they come.
 */
#ifndef WORKPOOL_H
#define WORKPOOL_H

#include <stddef.h>

struct workpool;

/* job(ctx, i, worker) runs once for each i < njobs; worker (below the
 * thread count) lets the job use per-thread buffers. threads 0: one per
 * online CPU, at most 16, never more than njobs. Returns the pool; thread
 * creation failing is out of memory here. */
struct workpool *workpool_start(size_t njobs, int threads,
				void (*job)(void *ctx, size_t i, int worker), void *ctx);
/* How many threads the pool runs (for sizing per-thread buffers before
 * starting: the same count). */
int workpool_threads(size_t njobs, int threads);

/* Wait until job i is done: 0; or 1 when timeout_ms passed first (< 0:
 * wait as long as it takes). */
int workpool_wait(struct workpool *p, size_t i, int timeout_ms);

/* Wait for every job and free the pool. */
void workpool_finish(struct workpool *p);

#endif

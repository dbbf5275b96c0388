/* loop_shares.h: a parallel loop's iterations shared out on demand among the
 * threads of a region (thread_pool.h). Each thread starts on the share the
 * static schedule gives it and takes iterations from its front; a thread
 * whose share is used up takes the back half of what is left of another's.
 * So a loop ends when its work is done, not when its slowest share is,
 * while each thread still works on the same iterations from one loop to the
 * next as far as the others keep pace. Which thread runs an iteration never
 * changes what it computes. */
#ifndef DENSENET_RUNTIME_CPU_LOOP_SHARES_H
#define DENSENET_RUNTIME_CPU_LOOP_SHARES_H

#include <stdint.h>

/* Starts the calling thread on a loop of `trip` iterations, numbered from
 * `first`. Every thread
 * of the team calls it, for each loop of a region in the same order, before
 * asking for iterations; the team's threads may not start a loop while one
 * of them still runs the previous one (the end of the region, or a barrier
 * between the loops, keeps them apart). */
void dn_shares_start(uint64_t first, uint64_t trip);

/* The calling thread's next iterations, *first .. *first + *count - 1:
 * returns 1, or 0 once every iteration has been handed
 * out. A thread claims half of what is left of its share at a time, one
 * iteration near its end. */
int dn_shares_next(uint64_t *first, uint64_t *count);

#endif /* DENSENET_RUNTIME_CPU_LOOP_SHARES_H */

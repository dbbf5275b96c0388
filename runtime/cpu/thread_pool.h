/* thread_pool.h: the runtime's own pool of persistent worker threads, on
 * which the model's parallel loops run (through openmp_abi.c). Workers are
 * created once, when a region first needs them, and wait between regions
 * by spinning briefly, then sleeping on a futex. One region runs at a time:
 * a region started while another runs (a nested one, or one from another
 * thread of the program) runs on its caller alone. The child of a fork()
 * starts workers of its own. */
#ifndef DENSENET_RUNTIME_CPU_THREAD_POOL_H
#define DENSENET_RUNTIME_CPU_THREAD_POOL_H

/* A thread-local variable of the runtime. Initial-exec: a direct access,
 * not a call to the dynamic loader's __tls_get_addr, as -fPIC code makes
 * (which would make executables need ld.so's symbols). */
#define DN_TLS _Thread_local __attribute__((tls_model("initial-exec")))

/* The most threads a region may use, the caller included. */
#define DN_POOL_MAX_THREADS 1024

/* Sets the threads that later regions use, the caller included: 1 to
 * DN_POOL_MAX_THREADS. Returns 0, or -1 (and changes nothing) for a count
 * out of that range. */
int dn_pool_set_threads(int threads);

/* The thread count dn_pool_set_threads set; 0 while it was never called. */
int dn_pool_threads(void);

/* The thread count, first set, where it never was, to OMP_NUM_THREADS's
 * first number, else the online CPUs (as libomp would). */
int dn_pool_threads_or_default(void);

/* A region's work: called once on each of the region's `team_size` threads,
 * with `index` 0 (the caller of dn_pool_run) to team_size - 1. */
typedef void (*dn_pool_task)(void *context, int index, int team_size);

/* Runs `task` on a team of the set thread count (fewer when threads cannot
 * be created, one when the count was never set) and returns when every
 * thread has finished it. */
void dn_pool_run(dn_pool_task task, void *context);

/* dn_pool_run on a team of at most `max_threads` threads. */
void dn_pool_run_team(dn_pool_task task, void *context, int max_threads);

/* The calling thread's index in the team of the region it runs, and the
 * team's size: 0 and 1 outside any region and in a region run alone. */
int dn_pool_team_index(void);
int dn_pool_team_size(void);

/* The region the calling thread's team runs: a number that every thread of
 * the team sees and that differs from the previous region's. */
unsigned long long dn_pool_team_region(void);

/* Waits until every thread of the caller's team has called it (a no-op in
 * a team of one). */
void dn_pool_barrier(void);

#endif /* DENSENET_RUNTIME_CPU_THREAD_POOL_H */

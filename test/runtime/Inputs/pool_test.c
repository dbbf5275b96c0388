/* pool_test.c: drives the runtime's thread pool through the OpenMP entry
 * points the model's code calls (runtime/cpu/openmp_abi.c), as the
 * OpenMPIRBuilder's code does. Usage:
 *
 *   pool_test partition      prints each thread's share of the static
 *                            schedule, for 1 to 5 threads and several trip
 *                            counts, as libomp_partition.txt records
 *   pool_test regions N      runs many regions on N threads (uneven trip
 *                            counts, a barrier, a nested region) and checks
 *                            every iteration ran exactly once; prints "ok"
 *   pool_test fork           runs regions on 2 threads, forks, and runs
 *                            more in the child (which has no workers until
 *                            it starts its own) and the parent; prints "ok"
 *                            from each
 *   pool_test bad-threads    prints dn_pool_set_threads' result for counts
 *                            out of range
 *   pool_test many-args      forks with more shared arguments than
 *                            supported (the runtime aborts)
 *
 * Exits 1 when a check fails. */
#define _POSIX_C_SOURCE 200809L

#include "thread_pool.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef void (*microtask)(void);
void densenet_kmpc_fork_call(void *loc, int32_t argc, microtask fn, ...);
int32_t densenet_kmpc_global_thread_num(void *loc);
void densenet_kmpc_for_static_init_8u(void *loc, int32_t gtid, int32_t schedule,
                               int32_t *last, uint64_t *lower,
                               uint64_t *upper, int64_t *stride,
                               int64_t increment, int64_t chunk);
void densenet_kmpc_for_static_fini(void *loc, int32_t gtid);
void densenet_kmpc_barrier(void *loc, int32_t gtid);

#define MAX_TEAM 8
#define MAX_TRIP 200

static int failures;

static void check(int ok, const char *what, long detail)
{
  if (!ok) {
    fprintf(stderr, "FAILED: %s (%ld)\n", what, detail);
    ++failures;
  }
}

/* One thread's share of a loop, as densenet_kmpc_for_static_init_8u gives it. */
typedef struct {
  uint64_t lower, upper;
  int32_t last;
  int64_t stride;
} share;

/* This thread's share of `trip` iterations, as the OpenMPIRBuilder asks. */
static share static_share(uint64_t trip)
{
  int32_t gtid = densenet_kmpc_global_thread_num(NULL);
  share s = {0, trip - 1, -7, 1};
  densenet_kmpc_for_static_init_8u(NULL, gtid, 34, &s.last, &s.lower, &s.upper,
                            &s.stride, 1, 0);
  densenet_kmpc_for_static_fini(NULL, gtid);
  return s;
}

typedef struct {
  uint64_t trip;
  share shares[MAX_TEAM];
} partition_job;

static void partition_task(int32_t *gtid, int32_t *btid, void *arg)
{
  partition_job *job = arg;
  check(*gtid == *btid, "gtid == btid", *gtid);
  job->shares[*btid] = static_share(job->trip);
}

static int partition(void)
{
  static const uint64_t trips[] = {0, 1, 2, 3, 5, 7, 8, 13, 100};
  for (int team = 1; team <= 5; ++team) {
    dn_pool_set_threads(team);
    for (size_t t = 0; t < sizeof(trips) / sizeof(trips[0]); ++t) {
      partition_job job = {trips[t], {{0}}};
      densenet_kmpc_fork_call(NULL, 1, (microtask)partition_task, &job);
      printf("trip %llu nth %d:", (unsigned long long)trips[t], team);
      for (int i = 0; i < team; ++i)
        printf(" [%lld,%lld l%d s%lld]", (long long)job.shares[i].lower,
               (long long)job.shares[i].upper, job.shares[i].last,
               (long long)job.shares[i].stride);
      printf("\n");
    }
  }
  return failures != 0;
}

typedef struct {
  uint64_t trip;
  int hits[MAX_TRIP];
  int arrived[MAX_TEAM];
} region_job;

/* A region nested in another runs on its caller alone. */
static void nested_task(int32_t *gtid, int32_t *btid)
{
  (void)gtid;
  check(*btid == 0 && dn_pool_team_size() == 1, "nested team of one", *btid);
  share s = static_share(10);
  check(s.lower == 0 && s.upper == 9 && s.last == 1, "nested share",
        (long)s.upper);
  densenet_kmpc_barrier(NULL, *btid);
}

static void region_task(int32_t *gtid, int32_t *btid, void *arg,
                        void *round)
{
  region_job *job = arg;
  int team = dn_pool_team_size();
  share s = static_share(job->trip);
  for (uint64_t i = s.lower; i <= s.upper && i < job->trip; ++i)
    job->hits[i] += 1;
  /* After the barrier, every thread has arrived in this round. */
  job->arrived[*btid] = (int)(intptr_t)round;
  densenet_kmpc_barrier(NULL, *gtid);
  for (int i = 0; i < team; ++i)
    check(job->arrived[i] == (int)(intptr_t)round, "barrier", i);
  densenet_kmpc_barrier(NULL, *gtid);
  if (*btid == team - 1 && (intptr_t)round % 97 == 0)
    densenet_kmpc_fork_call(NULL, 0, (microtask)nested_task);
}

static int regions(int threads)
{
  if (dn_pool_set_threads(threads) != 0 || threads > MAX_TEAM) {
    fprintf(stderr, "bad thread count %d\n", threads);
    return 1;
  }
  region_job job;
  memset(&job, 0, sizeof(job));
  for (int round = 1; round <= 5000 && failures < 10; ++round) {
    job.trip = (uint64_t)(round * 7919 % MAX_TRIP);
    memset(job.hits, 0, sizeof(job.hits));
    densenet_kmpc_fork_call(NULL, 2, (microtask)region_task, &job,
                     (void *)(intptr_t)round);
    for (uint64_t i = 0; i < job.trip; ++i)
      check(job.hits[i] == 1, "iteration ran once", (long)i);
  }
  if (failures == 0)
    printf("ok\n");
  return failures != 0;
}

static void empty_task(void)
{
}

/* Regions before and after a fork, in the parent and in the child. */
static int fork_regions(void)
{
  if (regions(2) != 0)
    return 1;
  fflush(stdout);
  pid_t child = fork();
  if (child < 0)
    return 1;
  int failed = regions(2);
  if (child == 0) {
    fflush(stdout);
    _exit(failed);
  }
  int status;
  return failed || waitpid(child, &status, 0) != child ||
         !WIFEXITED(status) || WEXITSTATUS(status) != 0;
}

int main(int argc, char **argv)
{
  if (argc == 2 && strcmp(argv[1], "partition") == 0)
    return partition();
  if (argc == 3 && strcmp(argv[1], "regions") == 0)
    return regions(atoi(argv[2]));
  if (argc == 2 && strcmp(argv[1], "fork") == 0)
    return fork_regions();
  if (argc == 2 && strcmp(argv[1], "bad-threads") == 0) {
    printf("%d %d %d %d\n", dn_pool_set_threads(0), dn_pool_set_threads(-3),
           dn_pool_set_threads(DN_POOL_MAX_THREADS + 1),
           dn_pool_set_threads(DN_POOL_MAX_THREADS));
    return 0;
  }
  if (argc == 2 && strcmp(argv[1], "many-args") == 0) {
    densenet_kmpc_fork_call(NULL, 5, (microtask)empty_task, NULL, NULL, NULL, NULL,
                     NULL);
    return 0;
  }
  fprintf(stderr, "usage: %s partition | regions N | fork | bad-threads | "
                  "many-args\n", argv[0]);
  return 1;
}

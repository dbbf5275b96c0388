/* pool_test.c: drives the runtime's thread pool through the OpenMP entry
 * points the model's code calls (runtime/cpu/openmp_abi.c), as the
 * OpenMPIRBuilder's code does. Usage:
 *
 *   pool_test shares         checks, for 1 to 5 threads and several trip
 *                            counts, that each thread's first chunk of a
 *                            dynamic-schedule loop begins where libomp's
 *                            static schedule begins its share (where no
 *                            share is empty), and that every iteration runs
 *                            once; prints "ok"
 *   pool_test regions N      runs many regions on N threads (uneven trip
 *                            counts, two loops and barriers, a nested
 *                            region) and checks every iteration ran exactly
 *                            once per loop; prints "ok"
 *   pool_test steal N TRIP   runs a loop of TRIP iterations on N threads
 *                            whose thread 1 sleeps 0.2 s in its first
 *                            chunk; prints whether it ran less than half of
 *                            its share, checks every iteration ran once
 *   pool_test fork           runs regions on 2 threads, forks, and runs
 *                            more in the child (which has no workers until
 *                            it starts its own) and the parent; prints "ok"
 *                            from each
 *   pool_test bad-threads    prints dn_pool_set_threads' result for counts
 *                            out of range
 *   pool_test static-loop    starts a loop with a schedule other than the
 *                            dynamic one (the runtime aborts)
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
#include <time.h>
#include <unistd.h>

typedef void (*microtask)(void);
void densenet_kmpc_fork_call(void *loc, int32_t argc, microtask fn, ...);
int32_t densenet_kmpc_global_thread_num(void *loc);
void densenet_kmpc_dispatch_init_8u(void *loc, int32_t gtid, int32_t schedule,
                                    uint64_t lower, uint64_t upper,
                                    int64_t increment, int64_t chunk);
int32_t densenet_kmpc_dispatch_next_8u(void *loc, int32_t gtid, int32_t *last,
                                       uint64_t *lower, uint64_t *upper,
                                       int64_t *stride);
void densenet_kmpc_barrier(void *loc, int32_t gtid);

#define MAX_TEAM 8
#define MAX_TRIP 200
/* libomp's kmp_sch_dynamic_chunked with the nonmonotonic modifier, as the
   OpenMPIRBuilder passes it for schedule(dynamic). */
#define SCHED_DYNAMIC (35 | (1 << 30))

static int failures;

static void check(int ok, const char *what, long detail)
{
  if (!ok) {
    fprintf(stderr, "FAILED: %s (%ld)\n", what, detail);
    ++failures;
  }
}

/* Starts this thread on a dynamic-schedule loop over 0 .. trip - 1, as the
   OpenMPIRBuilder's code does (1-based, inclusive bounds). */
static void start_loop(uint64_t trip)
{
  int32_t gtid = densenet_kmpc_global_thread_num(NULL);
  densenet_kmpc_dispatch_init_8u(NULL, gtid, SCHED_DYNAMIC, 1, trip, 1, 1);
}

/* This thread's next chunk [*first, *first + *count) of the loop; 0 once
   the loop's iterations are all handed out. */
static int next_chunk(uint64_t *first, uint64_t *count)
{
  int32_t gtid = densenet_kmpc_global_thread_num(NULL), last = -7;
  uint64_t lower = 0, upper = 0;
  int64_t stride = 0;
  if (!densenet_kmpc_dispatch_next_8u(NULL, gtid, &last, &lower, &upper,
                                      &stride))
    return 0;
  check(stride == 1 && lower >= 1 && upper >= lower, "chunk", (long)lower);
  *first = lower - 1;
  *count = upper - lower + 1;
  return 1;
}

/* Where thread t's share of `trip` iterations among `team` begins in
   libomp's balanced static schedule: the first trip % team threads get one
   iteration more. */
static uint64_t static_begin(uint64_t trip, uint64_t team, uint64_t t)
{
  uint64_t small = trip / team, extras = trip % team;
  return t * small + (t < extras ? t : extras);
}

typedef struct {
  uint64_t trip;
  uint64_t first[MAX_TEAM];
  int got[MAX_TEAM];
  int hits[MAX_TRIP];
} first_job;

/* Every thread starts the loop, waits for the others, and takes its first
   chunk before any thread takes a second (which could be another's). */
static void first_task(int32_t *gtid, int32_t *btid, void *arg)
{
  first_job *job = arg;
  check(*gtid == *btid, "gtid == btid", *gtid);
  start_loop(job->trip);
  densenet_kmpc_barrier(NULL, *gtid);
  uint64_t first, count;
  job->got[*btid] = next_chunk(&first, &count);
  job->first[*btid] = first;
  densenet_kmpc_barrier(NULL, *gtid);
  if (job->got[*btid])
    for (uint64_t i = first; i < first + count; ++i)
      job->hits[i] += 1;
  while (next_chunk(&first, &count))
    for (uint64_t i = first; i < first + count; ++i)
      job->hits[i] += 1;
}

/* Each thread's first chunk begins where its static share does (where
   every share has an iteration), and every iteration runs once. */
static int shares(void)
{
  static const uint64_t trips[] = {0, 1, 2, 3, 5, 7, 8, 13, 100};
  for (int team = 1; team <= 5; ++team) {
    dn_pool_set_threads(team);
    for (size_t t = 0; t < sizeof(trips) / sizeof(trips[0]); ++t) {
      first_job job;
      memset(&job, 0, sizeof(job));
      job.trip = trips[t];
      densenet_kmpc_fork_call(NULL, 1, (microtask)first_task, &job);
      /* Where some shares are empty, their threads take from the others
         at once. */
      for (int i = 0; i < team && job.trip >= (uint64_t)team; ++i)
        check(job.got[i] &&
                  job.first[i] ==
                      static_begin(job.trip, (uint64_t)team, (uint64_t)i),
              "first chunk at the static share", (long)(team * 1000 + i));
      for (uint64_t i = 0; i < job.trip; ++i)
        check(job.hits[i] == 1, "iteration ran once", (long)i);
    }
  }
  if (failures == 0)
    printf("ok\n");
  return failures != 0;
}

typedef struct {
  uint64_t trip;
  int hits[MAX_TRIP];
  int arrived[MAX_TEAM];
} region_job;

/* A region nested in another runs on its caller alone: its loop is one
   chunk, all of it. */
static void nested_task(int32_t *gtid, int32_t *btid)
{
  (void)gtid;
  check(*btid == 0 && dn_pool_team_size() == 1, "nested team of one", *btid);
  start_loop(10);
  uint64_t first = 99, count = 0;
  check(next_chunk(&first, &count) && first == 0 && count == 10, "nested loop",
        (long)count);
  check(!next_chunk(&first, &count), "nested loop ends", (long)first);
  densenet_kmpc_barrier(NULL, *btid);
}

static void region_task(int32_t *gtid, int32_t *btid, void *arg,
                        void *round)
{
  region_job *job = arg;
  int team = dn_pool_team_size();
  uint64_t first, count;
  /* Two loops in the region, a barrier between them. */
  for (int loop = 0; loop < 2; ++loop) {
    start_loop(job->trip);
    while (next_chunk(&first, &count))
      for (uint64_t i = first; i < first + count && i < job->trip; ++i)
        job->hits[i] += 1;
    densenet_kmpc_barrier(NULL, *gtid);
  }
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
      check(job.hits[i] == 2, "iteration ran once per loop", (long)i);
  }
  if (failures == 0)
    printf("ok\n");
  return failures != 0;
}

typedef struct {
  uint64_t trip;
  unsigned char *hits;
  uint64_t ran[MAX_TEAM];
} steal_job;

/* Thread 1 sleeps in its first chunk: the others take the rest of its
   share. */
static void steal_task(int32_t *gtid, int32_t *btid, void *arg)
{
  (void)gtid;
  steal_job *job = arg;
  start_loop(job->trip);
  uint64_t first, count;
  int chunks = 0;
  while (next_chunk(&first, &count)) {
    if (*btid == 1 && chunks++ == 0) {
      struct timespec pause = {0, 200 * 1000 * 1000};
      nanosleep(&pause, NULL);
    }
    for (uint64_t i = first; i < first + count; ++i)
      job->hits[i] += 1;
    job->ran[*btid] += count;
  }
}

/* A loop of `trip` iterations on `threads` threads, thread 1 late: prints
   how many iterations thread 1 ran against its static share; checks every
   iteration ran once. */
static int steal(int threads, uint64_t trip)
{
  if (dn_pool_set_threads(threads) != 0 || threads > MAX_TEAM || threads < 2) {
    fprintf(stderr, "bad thread count %d\n", threads);
    return 1;
  }
  steal_job job;
  memset(&job, 0, sizeof(job));
  job.trip = trip;
  job.hits = calloc(trip, 1);
  if (!job.hits)
    return 1;
  densenet_kmpc_fork_call(NULL, 1, (microtask)steal_task, &job);
  for (uint64_t i = 0; i < trip; ++i)
    check(job.hits[i] == 1, "iteration ran once", (long)i);
  uint64_t share = static_begin(trip, (uint64_t)threads, 2) -
                   static_begin(trip, (uint64_t)threads, 1);
  printf("thread 1 ran %s its share\n",
         job.ran[1] < share / 2 ? "less than half of" : "at least half of");
  free(job.hits);
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
  if (argc == 2 && strcmp(argv[1], "shares") == 0)
    return shares();
  if (argc == 3 && strcmp(argv[1], "regions") == 0)
    return regions(atoi(argv[2]));
  if (argc == 4 && strcmp(argv[1], "steal") == 0)
    return steal(atoi(argv[2]), strtoull(argv[3], NULL, 10));
  if (argc == 2 && strcmp(argv[1], "fork") == 0)
    return fork_regions();
  if (argc == 2 && strcmp(argv[1], "bad-threads") == 0) {
    printf("%d %d %d %d\n", dn_pool_set_threads(0), dn_pool_set_threads(-3),
           dn_pool_set_threads(DN_POOL_MAX_THREADS + 1),
           dn_pool_set_threads(DN_POOL_MAX_THREADS));
    return 0;
  }
  if (argc == 2 && strcmp(argv[1], "static-loop") == 0) {
    densenet_kmpc_dispatch_init_8u(NULL, 0, 34, 1, 10, 1, 1);
    return 0;
  }
  if (argc == 2 && strcmp(argv[1], "many-args") == 0) {
    densenet_kmpc_fork_call(NULL, 5, (microtask)empty_task, NULL, NULL, NULL, NULL,
                     NULL);
    return 0;
  }
  fprintf(stderr,
          "usage: %s shares | regions N | steal N TRIP | fork | "
          "bad-threads | static-loop | many-args\n",
          argv[0]);
  return 1;
}

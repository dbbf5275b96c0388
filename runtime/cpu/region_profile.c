/* region_profile.c: the profiling runtime's timing of parallel regions
 * (region_profile.h). Only regions forked outside any team are timed, and
 * those run one at a time, so the member timestamps are plain arrays
 * indexed by team member. */
#define _POSIX_C_SOURCE 200809L

#include "region_profile.h"

#include "thread_pool.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Distinct regions at most (DenseNet-121 has some 270). */
#define DN_PROFILE_SLOTS 8192

typedef struct {
  const void *function;
  uint64_t calls, wall, master_busy, workers_busy, master_wait, workers_wait,
      serial_before;
} dn_region_stats;

static dn_region_stats slots[DN_PROFILE_SLOTS];
static size_t slots_used;
static uint64_t member_begin[DN_POOL_MAX_THREADS];
static uint64_t member_end[DN_POOL_MAX_THREADS];
static uint64_t region_start, previous_end;
static int team;
/* Set from the first timed run on. */
static int timed_runs;
/* Set while a timed region runs. */
static atomic_int timing;
/* How many members of regions this thread is inside: a member of a region
   nested in a member records nothing. */
static DN_TLS int member_depth;

static uint64_t now_ns(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* The sums of `function`'s region; NULL once every slot is taken. */
static dn_region_stats *stats_of(const void *function)
{
  size_t i = ((uintptr_t)function >> 4) * 2654435761u % DN_PROFILE_SLOTS;
  while (slots[i].function && slots[i].function != function)
    i = (i + 1) % DN_PROFILE_SLOTS;
  if (!slots[i].function) {
    if (slots_used + 1 == DN_PROFILE_SLOTS)
      return NULL;
    ++slots_used;
    slots[i].function = function;
  }
  return &slots[i];
}

/* One line per region: its function's address, then the sums above. The
   first line gives dn_profile_region_begin's address, from which a reader
   finds the executable's load address (benchmarks/region-profile). */
static void write_profile(void)
{
  const char *path = getenv("DENSENET_REGION_PROFILE");
  FILE *out = path ? fopen(path, "w") : NULL;
  if (!out)
    return;
  fprintf(out, "# dn_profile_region_begin %p\n",
          (void *)(uintptr_t)&dn_profile_region_begin);
  fprintf(out, "# function calls wall_ns master_busy_ns workers_busy_ns "
               "master_wait_ns workers_wait_ns serial_before_ns\n");
  for (size_t i = 0; i < DN_PROFILE_SLOTS; ++i) {
    const dn_region_stats *s = &slots[i];
    if (s->function)
      fprintf(out, "%p %llu %llu %llu %llu %llu %llu %llu\n", s->function,
              (unsigned long long)s->calls, (unsigned long long)s->wall,
              (unsigned long long)s->master_busy,
              (unsigned long long)s->workers_busy,
              (unsigned long long)s->master_wait,
              (unsigned long long)s->workers_wait,
              (unsigned long long)s->serial_before);
  }
  fclose(out);
}

void dn_profile_timed_run(void)
{
  if (!timed_runs) {
    timed_runs = 1;
    atexit(write_profile);
  }
}

int dn_profile_region_begin(void)
{
  if (!timed_runs || dn_pool_team_size() != 1 ||
      atomic_exchange(&timing, 1))
    return 0;
  region_start = now_ns();
  return 1;
}

void dn_profile_member_begin(int index, int team_size)
{
  if (member_depth++ != 0 || !atomic_load(&timing))
    return;
  if (index == 0)
    team = team_size;
  member_begin[index] = now_ns();
}

void dn_profile_member_end(int index)
{
  if (--member_depth == 0 && atomic_load(&timing))
    member_end[index] = now_ns();
}

void dn_profile_region_end(int timed, const void *function)
{
  if (!timed)
    return;
  uint64_t end = now_ns();
  dn_region_stats *s = stats_of(function);
  if (!s) {
    atomic_store(&timing, 0);
    return;
  }
  s->calls += 1;
  s->wall += end - region_start;
  s->master_busy += member_end[0] - member_begin[0];
  s->master_wait += end - member_end[0];
  for (int i = 1; i < team; ++i) {
    s->workers_busy += member_end[i] - member_begin[i];
    s->workers_wait +=
        (member_begin[i] - region_start) + (end - member_end[i]);
  }
  /* The gap since the previous region: the calling thread alone, unless
     the program did something else in between (a gap over a second). */
  if (previous_end && region_start - previous_end < 1000000000u)
    s->serial_before += region_start - previous_end;
  previous_end = end;
  atomic_store(&timing, 0);
}

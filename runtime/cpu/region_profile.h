/* region_profile.h: timing of the model's parallel regions, for
 * benchmarks/region-profile. Only the profiling runtime
 * (lib/libdensenet_runtime_cpu_profile.a, built with DN_REGION_PROFILE)
 * records anything; in the others these calls are empty inline functions.
 *
 * For each region (keyed by its outlined function) it sums, in
 * nanoseconds: the region's wall time, the time its members spent running
 * it (the calling thread, and the workers together), the time they spent
 * waiting in it (a worker from the region's start to its own, and from its
 * own end to the region's), and the time the calling thread ran alone
 * before it since the previous region ended. At exit it writes them to the
 * file named by DENSENET_REGION_PROFILE (nothing when that is unset).
 * Only the regions of the executable's timed runs (`--bench` after its
 * warm-up, which starts the threads) forked outside any team are timed:
 * those of a batch's images running at once, one per thread, are not. */
#ifndef DENSENET_RUNTIME_CPU_REGION_PROFILE_H
#define DENSENET_RUNTIME_CPU_REGION_PROFILE_H

#ifdef DN_REGION_PROFILE

/* The executable, before each timed run. */
void dn_profile_timed_run(void);
/* The calling thread, before it forks the region: whether it is timed. */
int dn_profile_region_begin(void);
/* Member `index` of a team of `team_size`, before and after its part of the
   region. */
void dn_profile_member_begin(int index, int team_size);
void dn_profile_member_end(int index);
/* The calling thread, after the region's join, with what
   dn_profile_region_begin returned; `function` keys the region. */
void dn_profile_region_end(int timed, const void *function);

#else

static inline void dn_profile_timed_run(void) {}
static inline int dn_profile_region_begin(void) { return 0; }
static inline void dn_profile_member_begin(int index, int team_size)
{
  (void)index;
  (void)team_size;
}
static inline void dn_profile_member_end(int index) { (void)index; }
static inline void dn_profile_region_end(int timed, const void *function)
{
  (void)timed;
  (void)function;
}

#endif

#endif /* DENSENET_RUNTIME_CPU_REGION_PROFILE_H */

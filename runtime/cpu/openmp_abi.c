/* openmp_abi.c: the part of LLVM's OpenMP runtime ABI (libomp's __kmpc_*
 * entry points) that the model's code calls, on the runtime's own thread
 * pool (thread_pool.h). The compiler lowers parallel loops with upstream
 * MLIR (scf.parallel -> OpenMP dialect -> LLVM IR by the OpenMPIRBuilder),
 * which emits these calls; supplying them here keeps that lowering and
 * lets executables and libraries need only libc and libm at run time.
 * densenetc renames the calls __kmpc_X -> densenet_kmpc_X (CPUBackend.cpp)
 * and they are defined here under those names, so that a program that links
 * a model library and uses OpenMP itself keeps libomp's own.
 *
 * Only what the lowering emits is here: a parallel region
 * (densenet_kmpc_fork_call, its shared values in at most DN_OMP_MAX_SHARED
 * arguments), a loop with the dynamic schedule
 * (densenet_kmpc_dispatch_init_8u / _next_8u, its iterations handed out by
 * loop_shares.h, each thread starting on the share libomp's static schedule
 * would give it), the barrier after a loop, and thread numbers. Any other
 * use aborts with a message. Regions nested in a region run on their caller
 * alone. The thread count is dn_pool_set_threads' (the executable's --threads);
 * a library whose user never sets it takes OMP_NUM_THREADS, else one per online
 * CPU, as libomp would. */
#define _POSIX_C_SOURCE 200809L

#include "loop_shares.h"
#include "region_profile.h"
#include "thread_pool.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* libomp's source location argument, never looked at. */
typedef struct ident ident_t;

/* The outlined region: void microtask(int32_t *gtid, int32_t *btid,
   void *shared...), called through the exact type of its argument count. */
typedef void (*dn_omp_microtask)(void);

/* The most shared arguments a region takes (the OpenMPIRBuilder packs them
   into one structure, so it passes 0 or 1). */
#define DN_OMP_MAX_SHARED 4

/* libomp's kmp_sch_dynamic_chunked, and the monotonic and nonmonotonic
   modifier bits that may come with it. */
#define DN_OMP_SCHED_DYNAMIC 35
#define DN_OMP_SCHED_MODIFIERS ((1 << 29) | (1 << 30))

typedef struct {
  dn_omp_microtask microtask;
  int argc;
  void *argv[DN_OMP_MAX_SHARED];
} dn_omp_region;

static _Noreturn void unsupported(const char *what, long long value)
{
  fprintf(stderr,
          "densenet runtime: unsupported OpenMP call: %s %lld (the "
          "runtime implements only what densenetc's lowering emits)\n",
          what, value);
  abort();
}

static void run_microtask(void *context, int index, int team_size)
{
  dn_profile_member_begin(index, team_size);
  const dn_omp_region *region = context;
  int32_t gtid = index, btid = index;
  void *const *a = region->argv;
  switch (region->argc) {
  case 0:
    ((void (*)(int32_t *, int32_t *))region->microtask)(&gtid, &btid);
    break;
  case 1:
    ((void (*)(int32_t *, int32_t *, void *))region->microtask)(&gtid, &btid,
                                                                a[0]);
    break;
  case 2:
    ((void (*)(int32_t *, int32_t *, void *, void *))region->microtask)(
        &gtid, &btid, a[0], a[1]);
    break;
  case 3:
    ((void (*)(int32_t *, int32_t *, void *, void *, void *))
         region->microtask)(&gtid, &btid, a[0], a[1], a[2]);
    break;
  default:
    ((void (*)(int32_t *, int32_t *, void *, void *, void *, void *))
         region->microtask)(&gtid, &btid, a[0], a[1], a[2], a[3]);
    break;
  }
  dn_profile_member_end(index);
}

void densenet_kmpc_fork_call(ident_t *loc, int32_t argc, dn_omp_microtask microtask,
                      ...)
{
  (void)loc;
  if (argc < 0 || argc > DN_OMP_MAX_SHARED)
    unsupported("densenet_kmpc_fork_call with shared arguments:", argc);
  dn_omp_region region = {microtask, argc, {NULL}};
  va_list args;
  va_start(args, microtask);
  for (int i = 0; i < argc; ++i)
    region.argv[i] = va_arg(args, void *);
  va_end(args);
  dn_pool_threads_or_default();
  int timed = dn_profile_region_begin();
  dn_pool_run(run_microtask, &region);
  dn_profile_region_end(timed, (const void *)microtask);
}

int32_t densenet_kmpc_global_thread_num(ident_t *loc)
{
  (void)loc;
  return dn_pool_team_index();
}

/* A loop with the dynamic schedule (densenet-balance-parallel-loops): its
   iterations *lower .. *upper (inclusive) are handed out in chunks by
   loop_shares.h, each thread starting on its static share. */
void densenet_kmpc_dispatch_init_8u(ident_t *loc, int32_t gtid,
                                    int32_t schedule, uint64_t lower,
                                    uint64_t upper, int64_t increment,
                                    int64_t chunk)
{
  (void)loc;
  (void)gtid;
  (void)chunk; /* loop_shares.h sizes the chunks */
  if ((schedule & ~DN_OMP_SCHED_MODIFIERS) != DN_OMP_SCHED_DYNAMIC)
    unsupported("densenet_kmpc_dispatch_init_8u with schedule", schedule);
  if (increment != 1)
    unsupported("densenet_kmpc_dispatch_init_8u with increment", increment);
  dn_shares_start(lower, upper < lower ? 0 : upper - lower + 1);
}

int32_t densenet_kmpc_dispatch_next_8u(ident_t *loc, int32_t gtid,
                                       int32_t *last, uint64_t *lower,
                                       uint64_t *upper, int64_t *stride)
{
  (void)loc;
  (void)gtid;
  uint64_t first, count;
  if (!dn_shares_next(&first, &count))
    return 0;
  *lower = first;
  *upper = first + count - 1;
  *stride = 1;
  *last = 0; /* no lastprivate values in the model's loops */
  return 1;
}

void densenet_kmpc_barrier(ident_t *loc, int32_t gtid)
{
  (void)loc;
  (void)gtid;
  dn_pool_barrier();
}

/* thread_pool.c: persistent worker threads for the model's parallel
 * regions. The caller of dn_pool_run is the team's thread 0; worker i
 * (1 <= i < team size) is woken through its own slot, so workers outside a
 * smaller team never look at its region. Every wait spins briefly, then
 * sleeps on a Linux futex; wakers make the system call only when a waiter
 * sleeps. */
#define _GNU_SOURCE

#include "thread_pool.h"

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Polls of a waited-for word, each followed by a pause, before sleeping:
   about 0.5 ms on Zen 4 (a pause takes 72 cycles), more on Intel cores
   (about 140), longer than the serial stretches between a model's regions
   (a whole region on one thread, a classifier's pooling). A worker woken
   from its futex on a VM started 50 us late; libomp spins 200 ms
   (KMP_BLOCKTIME). */
#define DN_POOL_SPIN 20000

/* A worker's stack: as large as libomp's default, which the model's
   per-thread scratch buffers (at most 512 KiB each) were sized for. */
#define DN_POOL_STACK_BYTES ((size_t)4 << 20)

/* A word threads wait on, with the count of those asleep on it. */
typedef struct {
  atomic_uint value;
  atomic_uint sleepers;
} dn_wait_word;

/* Worker i's wake-up word, bumped once per region it joins; one cache line
   each, so that a worker's polling disturbs nobody else. */
typedef struct {
  _Alignas(64) dn_wait_word go;
} dn_worker_slot;

static struct {
  atomic_int threads;   /* set by dn_pool_set_threads; 0 until then */
  atomic_flag busy;     /* held while a region runs on the workers */
  int workers;          /* workers started (changed only while busy) */
  /* The running region, written before its workers are woken. */
  dn_pool_task task;
  void *context;
  int team_size;
  unsigned long long region; /* counts the regions run on workers */
  dn_wait_word remaining; /* workers still running the region */
  dn_wait_word barrier_phase;
  atomic_uint barrier_arrived;
} pool = {.busy = ATOMIC_FLAG_INIT};

static dn_worker_slot slots[DN_POOL_MAX_THREADS];

/* The team the calling thread is in. */
static DN_TLS int team_index = 0;
static DN_TLS int team_size = 1;
static DN_TLS unsigned long long team_region = 0;

static void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

/* Returns once `word`'s value differs from `value`. */
static void wait_while_equal(dn_wait_word *word, unsigned value)
{
  for (int i = 0; i < DN_POOL_SPIN; ++i) {
    if (atomic_load_explicit(&word->value, memory_order_acquire) != value)
      return;
    cpu_relax();
  }
  atomic_fetch_add(&word->sleepers, 1);
  while (atomic_load(&word->value) == value)
    syscall(SYS_futex, &word->value, FUTEX_WAIT_PRIVATE, value, NULL, NULL,
            0);
  atomic_fetch_sub(&word->sleepers, 1);
}

/* Wakes every thread asleep on `word` (call after changing its value). */
static void wake_all(dn_wait_word *word)
{
  if (atomic_load(&word->sleepers) != 0)
    syscall(SYS_futex, &word->value, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL,
            0);
}

/* Runs `task` as thread `index` of a team of `size` in region `region`. */
static void run_member(dn_pool_task task, void *context, int index, int size,
                       unsigned long long region)
{
  int outer_index = team_index, outer_size = team_size;
  unsigned long long outer_region = team_region;
  team_index = index;
  team_size = size;
  team_region = region;
  task(context, index, size);
  team_index = outer_index;
  team_size = outer_size;
  team_region = outer_region;
}

static void *worker_main(void *arg)
{
  int index = (int)(intptr_t)arg;
  dn_wait_word *go = &slots[index].go;
  unsigned seen = 0;
  for (;;) {
    wait_while_equal(go, seen);
    seen = atomic_load_explicit(&go->value, memory_order_acquire);
    run_member(pool.task, pool.context, index, pool.team_size, pool.region);
    if (atomic_fetch_sub(&pool.remaining.value, 1) == 1)
      wake_all(&pool.remaining);
  }
  return NULL;
}

/* Starts worker `index` with every signal blocked (signals go to the
   program's own threads); returns 0 on success. */
static int start_worker(int index)
{
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0)
    return -1;
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  pthread_t thread;
  int rc = pthread_attr_setstacksize(&attr, DN_POOL_STACK_BYTES);
  if (rc == 0)
    rc = pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  if (rc == 0)
    rc = pthread_create(&thread, &attr, worker_main, (void *)(intptr_t)index);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  pthread_attr_destroy(&attr);
  return rc == 0 ? 0 : -1;
}

/* In the child of a fork() only the forking thread exists: forget the
   workers (and their waits), so that the next region starts new ones. */
static void reset_word(dn_wait_word *word)
{
  atomic_store(&word->value, 0);
  atomic_store(&word->sleepers, 0);
}

static void forget_workers(void)
{
  for (int i = 1; i <= pool.workers; ++i)
    reset_word(&slots[i].go);
  pool.workers = 0;
  reset_word(&pool.remaining);
  reset_word(&pool.barrier_phase);
  atomic_store(&pool.barrier_arrived, 0);
  atomic_flag_clear(&pool.busy);
}

static void register_fork_handler(void)
{
  pthread_atfork(NULL, NULL, forget_workers);
}

/* Starts workers until there are `wanted` (or one fails to start); returns
   how many there are. */
static int ensure_workers(int wanted)
{
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, register_fork_handler);
  while (pool.workers < wanted && start_worker(pool.workers + 1) == 0)
    ++pool.workers;
  return pool.workers < wanted ? pool.workers : wanted;
}

int dn_pool_set_threads(int threads)
{
  if (threads < 1 || threads > DN_POOL_MAX_THREADS)
    return -1;
  atomic_store(&pool.threads, threads);
  return 0;
}

int dn_pool_threads(void)
{
  return atomic_load(&pool.threads);
}

/* The thread count when nobody set one: OMP_NUM_THREADS's first number,
   else the online CPUs. */
static int default_threads(void)
{
  const char *text = getenv("OMP_NUM_THREADS");
  if (text) {
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (end != text && (*end == '\0' || *end == ',') && errno == 0 &&
        value >= 1 && value <= DN_POOL_MAX_THREADS)
      return (int)value;
  }
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  if (cpus < 1)
    return 1;
  return cpus > DN_POOL_MAX_THREADS ? DN_POOL_MAX_THREADS : (int)cpus;
}

int dn_pool_threads_or_default(void)
{
  if (atomic_load(&pool.threads) == 0)
    dn_pool_set_threads(default_threads());
  return atomic_load(&pool.threads);
}

/* Runs the region on workers 1 .. size - 1 and the caller, and waits for
   the workers (the pool is busy). */
static void run_team(dn_pool_task task, void *context, int size)
{
  pool.task = task;
  pool.context = context;
  pool.team_size = size;
  ++pool.region;
  atomic_store(&pool.remaining.value, (unsigned)(size - 1));
  for (int i = 1; i < size; ++i) {
    atomic_fetch_add(&slots[i].go.value, 1);
    wake_all(&slots[i].go);
  }
  run_member(task, context, 0, size, pool.region);
  unsigned left;
  while ((left = atomic_load(&pool.remaining.value)) != 0)
    wait_while_equal(&pool.remaining, left);
}

void dn_pool_run(dn_pool_task task, void *context)
{
  dn_pool_run_team(task, context, DN_POOL_MAX_THREADS);
}

void dn_pool_run_team(dn_pool_task task, void *context, int max_threads)
{
  int threads = dn_pool_threads();
  if (threads > max_threads)
    threads = max_threads;
  if (threads <= 1 || atomic_flag_test_and_set(&pool.busy)) {
    run_member(task, context, 0, 1, team_region);
    return;
  }
  run_team(task, context, 1 + ensure_workers(threads - 1));
  atomic_flag_clear(&pool.busy);
}

int dn_pool_team_index(void)
{
  return team_index;
}

int dn_pool_team_size(void)
{
  return team_size;
}

unsigned long long dn_pool_team_region(void)
{
  return team_region;
}

void dn_pool_barrier(void)
{
  if (team_size == 1)
    return;
  unsigned phase = atomic_load(&pool.barrier_phase.value);
  if (atomic_fetch_add(&pool.barrier_arrived, 1) == (unsigned)team_size - 1) {
    atomic_store(&pool.barrier_arrived, 0);
    atomic_fetch_add(&pool.barrier_phase.value, 1);
    wake_all(&pool.barrier_phase);
    return;
  }
  wait_while_equal(&pool.barrier_phase, phase);
}

/* loop_shares.c: a parallel loop's iterations handed out on demand
 * (loop_shares.h). Each thread's unclaimed iterations are one range
 * [next, end) in one atomic word, a cache line of its own, tagged with the
 * loop it belongs to: the owner claims from the front, a thread that ran
 * out claims the back half. A thread lays out only its own share when it
 * starts a loop, so that in a balanced loop no thread touches another's
 * line; a thread that finds another's share still tagged with an earlier
 * loop (that thread has not started yet) lays it out itself and takes its
 * back half, so a late thread holds up nobody. */
#define _POSIX_C_SOURCE 200809L

#include "loop_shares.h"

#include "thread_pool.h"

#include <stdatomic.h>

/* A share packed in one word: the loop's tag in the top 24 bits, then end
   and next in 20 bits each, counted in units of iterations (one iteration,
   unless a loop has more than DN_SHARE_MASK). A thread's word keeps the tag
   of the last loop it ran, so a tag could be taken for the current loop's
   only by a thread that sat out 2^21 regions; its share would then run on
   it alone. */
#define DN_SHARE_BITS 20
#define DN_SHARE_MASK ((UINT64_C(1) << DN_SHARE_BITS) - 1)
#define DN_TAG_MASK ((UINT64_C(1) << 24) - 1)

typedef struct {
  _Alignas(64) _Atomic uint64_t word;
} dn_share;

static dn_share shares[DN_POOL_MAX_THREADS];

/* The calling thread's loops: the region and how many it started there. */
static DN_TLS unsigned long long current_region = 0;
static DN_TLS unsigned loops_in_region = 0;
/* The loop the calling thread runs: its tag, first iteration, trip count,
   units (of `unit` iterations) and team. */
static DN_TLS uint64_t loop_tag = 0, loop_first = 0, loop_trip = 0,
                       loop_units = 0, unit = 1;
static DN_TLS int self = 0, team = 1;
/* A team of one: whether its loop's iterations were handed out. */
static DN_TLS int alone_done = 0;

static uint64_t pack(uint64_t tag, uint64_t next, uint64_t end)
{
  return tag << (2 * DN_SHARE_BITS) | end << DN_SHARE_BITS | next;
}

static uint64_t tag_of(uint64_t word)
{
  return word >> (2 * DN_SHARE_BITS);
}

static uint64_t end_of(uint64_t word)
{
  return word >> DN_SHARE_BITS & DN_SHARE_MASK;
}

static uint64_t next_of(uint64_t word)
{
  return word & DN_SHARE_MASK;
}

/* The tag of the loop the calling thread starts: the same on every thread
   of the team, and different from the loops just before it (regions and
   a region's loops are counted). */
static uint64_t next_loop_tag(void)
{
  unsigned long long region = dn_pool_team_region();
  if (region != current_region) {
    current_region = region;
    loops_in_region = 0;
  }
  ++loops_in_region;
  return ((uint64_t)region * 8 + loops_in_region) & DN_TAG_MASK;
}

/* Thread t's share as the static schedule gives it (the first
   units % team threads one unit more), tagged with the loop's tag. */
static uint64_t static_share(int t)
{
  uint64_t small = loop_units / (uint64_t)team,
           extras = loop_units % (uint64_t)team, u = (uint64_t)t;
  uint64_t begin = u * small + (u < extras ? u : extras);
  return pack(loop_tag, begin, begin + small + (u < extras ? 1 : 0));
}

void dn_shares_start(uint64_t first, uint64_t trip)
{
  loop_first = first;
  self = dn_pool_team_index();
  team = dn_pool_team_size();
  loop_trip = trip;
  if (team == 1) {
    alone_done = 0;
    return;
  }
  unit = trip / DN_SHARE_MASK + 1;
  loop_units = (trip + unit - 1) / unit;
  loop_tag = next_loop_tag();
  dn_share *mine = &shares[self];
  uint64_t word = atomic_load_explicit(&mine->word, memory_order_relaxed);
  /* Unless another thread laid it out already. */
  while (tag_of(word) != loop_tag &&
         !atomic_compare_exchange_weak(&mine->word, &word, static_share(self)))
    ;
}

/* Claims the front of the calling thread's share: half of what is left, at
   least one iteration (so that it asks often only near the end, where the
   others may need what it leaves, and each claim is an atomic operation);
   returns 0 when it is empty. */
static int claim_front(uint64_t *first, uint64_t *count)
{
  dn_share *mine = &shares[self];
  uint64_t word = atomic_load_explicit(&mine->word, memory_order_relaxed);
  uint64_t n;
  do {
    uint64_t next = next_of(word), end = end_of(word);
    if (next >= end)
      return 0;
    n = (end - next) / 2 > 1 ? (end - next) / 2 : 1;
  } while (!atomic_compare_exchange_weak(
      &mine->word, &word, pack(loop_tag, next_of(word) + n, end_of(word))));
  *first = next_of(word);
  *count = n;
  return 1;
}

/* Moves the back half of thread `t`'s share into the calling thread's
   (empty) one, laying out t's share first if t has not; returns 0 when it
   is empty. */
static int take_half_of(int t)
{
  dn_share *victim = &shares[t];
  uint64_t word = atomic_load_explicit(&victim->word, memory_order_relaxed);
  for (;;) {
    uint64_t share = tag_of(word) == loop_tag ? word : static_share(t);
    uint64_t next = next_of(share), end = end_of(share);
    if (next >= end)
      return 0;
    uint64_t half = (end - next + 1) / 2;
    if (atomic_compare_exchange_weak(&victim->word, &word,
                                     pack(loop_tag, next, end - half))) {
      atomic_store_explicit(&shares[self].word, pack(loop_tag, end - half, end),
                            memory_order_relaxed);
      return 1;
    }
  }
}

int dn_shares_next(uint64_t *first, uint64_t *count)
{
  if (team == 1) {
    if (alone_done || loop_trip == 0)
      return 0;
    alone_done = 1;
    *first = loop_first;
    *count = loop_trip;
    return 1;
  }
  uint64_t units;
  while (!claim_front(first, &units)) {
    int k = 1;
    while (k < team && !take_half_of((self + k) % team))
      ++k;
    if (k == team)
      return 0;
  }
  uint64_t offset = *first * unit;
  *count = units * unit;
  if (*count > loop_trip - offset)
    *count = loop_trip - offset;
  *first = loop_first + offset;
  return 1;
}

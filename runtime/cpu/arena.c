/* arena.c: the host arena that holds every intermediate buffer of the
 * model: 64-byte aligned, on transparent huge pages when large enough. */
/* MADV_HUGEPAGE is a Linux extension, which _POSIX_C_SOURCE alone hides. */
#define _DEFAULT_SOURCE

#include "arena.h"

#include "densenet_model_abi.h"
#include "diag.h"
#include "model.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Arenas of at least one huge page are aligned and sized to huge pages and
   advised to use them: the convolutions stride through the arena one
   channel (often several 4 KiB pages) at a time, which misses the TLB with
   small pages. */
#define DN_HUGE_PAGE ((size_t)2 << 20)

/* With DENSENET_POISON_ARENA set, the arena starts filled with this byte
   (floats of about 48.6, finite and non-zero), so that a buffer the model
   reads before writing it, such as a zero border a kernel failed to write,
   changes the result instead of reading the zeros of fresh pages. For
   tests. */
#define DN_ARENA_POISON 0x42

void *dn_alloc_arena(void)
{
  size_t bytes = densenet_model_arena_bytes > DN_TENSOR_ALIGNMENT
                     ? (size_t)densenet_model_arena_bytes
                     : DN_TENSOR_ALIGNMENT;
  size_t alignment = DN_TENSOR_ALIGNMENT;
  if (bytes >= DN_HUGE_PAGE) {
    alignment = DN_HUGE_PAGE;
    bytes = (bytes + DN_HUGE_PAGE - 1) / DN_HUGE_PAGE * DN_HUGE_PAGE;
  }
  void *arena = NULL;
  if (posix_memalign(&arena, alignment, bytes) != 0) {
    dn_error("out of memory allocating the %zu-byte arena", bytes);
    return NULL;
  }
#ifdef MADV_HUGEPAGE
  if (alignment == DN_HUGE_PAGE)
    (void)madvise(arena, bytes, MADV_HUGEPAGE); /* a hint; failure is fine */
#endif
  if (getenv("DENSENET_POISON_ARENA"))
    memset(arena, DN_ARENA_POISON, bytes);
  return arena;
}

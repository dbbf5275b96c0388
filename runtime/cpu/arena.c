/* arena.c: the host arena that holds every intermediate buffer of the
 * model: 64-byte aligned, on transparent huge pages when large enough
 * (huge_pages.h). */
#define _POSIX_C_SOURCE 200809L

#include "arena.h"

#include "densenet_model_abi.h"
#include "diag.h"
#include "huge_pages.h"
#include "model.h"

#include <stdlib.h>
#include <string.h>

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
  void *arena = dn_alloc_huge(bytes, DN_TENSOR_ALIGNMENT);
  if (!arena) {
    dn_error("out of memory allocating the %zu-byte arena", bytes);
    return NULL;
  }
  if (getenv("DENSENET_POISON_ARENA"))
    memset(arena, DN_ARENA_POISON, bytes);
  return arena;
}

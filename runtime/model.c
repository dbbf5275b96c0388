/* model.c: checked access to the compiled model's shapes, aligned tensor
 * buffers, and the thread-count setting. */
#define _POSIX_C_SOURCE 200809L

#include "model.h"

#include "densenet_model_abi.h"
#include "diag.h"

#include <omp.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

/* Product of `n` dimensions, or 0 when one is <= 0 or the number of bytes
 * (product * sizeof(float)) would overflow size_t. */
static size_t checked_count(const int64_t *dims, int n)
{
  size_t count = 1;
  for (int i = 0; i < n; ++i) {
    if (dims[i] <= 0 || (uint64_t)dims[i] > SIZE_MAX / sizeof(float) / count)
      return 0;
    count *= (size_t)dims[i];
  }
  return count;
}

int dn_model_check(void)
{
  const int64_t *in = densenet_model_input_shape;
  const int64_t *out = densenet_model_output_shape;
  if (checked_count(in, 4) == 0 || checked_count(out, 2) == 0 ||
      in[0] != out[0] || densenet_model_weights_bytes < 0) {
    dn_error("model '%s' has invalid shapes or weight size", densenet_model_name);
    return -1;
  }
  return 0;
}

size_t dn_model_input_count(void)
{
  return checked_count(densenet_model_input_shape, 4);
}

size_t dn_model_output_count(void)
{
  return checked_count(densenet_model_output_shape, 2);
}

float *dn_alloc_floats(size_t count)
{
  void *buffer = NULL;
  if (posix_memalign(&buffer, DN_TENSOR_ALIGNMENT, count * sizeof(float)) != 0) {
    dn_error("out of memory allocating %zu floats", count);
    return NULL;
  }
  return buffer;
}

int dn_model_set_threads(int requested)
{
  omp_set_num_threads(requested);
  return requested;
}

/* Arenas of at least one huge page are aligned and sized to huge pages and
   advised to use them: the convolutions stride through the arena one
   channel (often several 4 KiB pages) at a time, which misses the TLB with
   small pages. */
#define DN_HUGE_PAGE ((size_t)2 << 20)

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
  return arena;
}

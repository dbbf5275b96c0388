/* model.c: checked access to the compiled model's shapes and aligned tensor
 * buffers. */
#define _POSIX_C_SOURCE 200809L

#include "model.h"

#include "densenet_model_abi.h"
#include "diag.h"

#include <stdint.h>
#include <stdlib.h>

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

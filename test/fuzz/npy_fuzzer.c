/* npy_fuzzer.c: libFuzzer target for the executable's .npy input reader
 * (runtime/common/npy.c): any bytes must be read, or refused with an error,
 * without a crash, a sanitizer report or a write past the tensor. */
#include "fuzz_input_file.h"

#include "npy.h"

#include <stdlib.h>

/* The model input the seeds are written for; the reader must refuse every
 * other shape. */
static const int64_t kShape[4] = {2, 3, 4, 5};
enum { kElements = 2 * 3 * 4 * 5 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *path = dn_fuzz_write_input("input.npy", data, size);
  /* Exactly the tensor's size on the heap: ASan sees any overrun. */
  float *tensor = malloc(sizeof(float) * kElements);
  if (!tensor)
    abort();
  dn_npy_read_f32(path, kShape, 4, tensor);
  free(tensor);
  return 0;
}

/* image_fuzzer.c: libFuzzer target for the executable's image inputs
 * (runtime/common/image.c): stb_image's PNG, JPEG, PPM/PGM and BMP decoders
 * and the ImageNet preprocessing (resize, center crop, normalize). Any bytes
 * must be decoded, or refused with an error, without a crash, a sanitizer
 * report or a write past the tensor. */
#include "fuzz_input_file.h"

#include "image.h"

#include <stdlib.h>

/* Two model inputs: RGB, non-square, batch 1; and luminance, batch 2, with
 * a crop taller than wide. Both are small so that each input runs fast. */
static const int64_t kShapes[2][4] = {{1, 3, 12, 10}, {2, 1, 7, 9}};

static void load(const char *path, const int64_t shape[4])
{
  size_t elements = (size_t)(shape[0] * shape[1] * shape[2] * shape[3]);
  /* Exactly the tensor's size on the heap: ASan sees any overrun. */
  float *tensor = malloc(sizeof(float) * elements);
  if (!tensor)
    abort();
  dn_image_load(path, shape, tensor);
  free(tensor);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *path = dn_fuzz_write_input("input.img", data, size);
  for (int i = 0; i < 2; ++i)
    load(path, kShapes[i]);
  return 0;
}

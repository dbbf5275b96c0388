/* image_input_dump.c: runs the runtime's image preprocessing (dn_image_load)
 * alone, for image-preprocessing.test.
 * usage: image_input_dump IMAGE H W OUT.f32 -- writes the 1x3xHxW float32
 * input the executable would feed its model, raw, in host order. */
#include "image.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
  if (argc != 5) {
    fprintf(stderr, "usage: %s IMAGE H W OUT.f32\n", argv[0]);
    return 2;
  }
  int64_t shape[4] = {1, 3, atoi(argv[2]), atoi(argv[3])};
  size_t count = (size_t)(3 * shape[2] * shape[3]);
  float *input = malloc(count * sizeof(float));
  if (!input || dn_image_load(argv[1], shape, input) != 0)
    return 2;
  FILE *out = fopen(argv[4], "wb");
  int ok = out && fwrite(input, sizeof(float), count, out) == count;
  if (out)
    ok = fclose(out) == 0 && ok;
  free(input);
  return ok ? 0 : 2;
}

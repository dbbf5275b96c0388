/* lib_main.c: a C program against the library densenetc --emit=lib --name
 * tiny writes (libtiny.a + libtiny.h). Usage:
 *
 *   lib_main zero|ramp OUT.raw [WEIGHTS]
 *
 * runs the model on an all-zero input or on the ramp x[i] = (i % 17) / 8 - 1,
 * prints the logits and writes them as raw float32 to OUT.raw. Built with
 * -DEXTERNAL_WEIGHTS, it reads the weight file WEIGHTS into a 64-byte aligned
 * buffer and calls tiny_forward with a TINY_ARENA_BYTES arena (filled with
 * garbage first: its contents need not be preserved); otherwise it calls
 * tiny_run (embedded weights, static arena). Exits 1 on any error. */
#define _POSIX_C_SOURCE 200112L

#include "libtiny.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IN_COUNT (TINY_INPUT_N * TINY_INPUT_C * TINY_INPUT_H * TINY_INPUT_W)
#define OUT_COUNT (TINY_OUTPUT_N * TINY_OUTPUT_CLASSES)

/* The header's sizes are compile-time constants. */
_Static_assert(IN_COUNT > 0 && OUT_COUNT > 0, "bad shape macros");
_Static_assert(TINY_INPUT_N == TINY_OUTPUT_N, "batch mismatch");

static void *aligned(size_t bytes)
{
  void *p = NULL;
  if (posix_memalign(&p, 64, bytes ? bytes : 1) != 0) {
    fprintf(stderr, "out of memory\n");
    exit(1);
  }
  return p;
}

int main(int argc, char **argv)
{
  if (argc < 3 || (strcmp(argv[1], "zero") && strcmp(argv[1], "ramp"))) {
    fprintf(stderr, "usage: %s zero|ramp OUT.raw [WEIGHTS]\n", argv[0]);
    return 1;
  }
  float *input = aligned(sizeof(float) * IN_COUNT);
  float *output = aligned(sizeof(float) * OUT_COUNT);
  for (int i = 0; i < IN_COUNT; ++i)
    input[i] = argv[1][0] == 'z' ? 0.0f : (float)(i % 17) / 8.0f - 1.0f;
  for (int i = 0; i < OUT_COUNT; ++i)
    output[i] = -12345.0f; /* the model must overwrite every logit */

#ifdef EXTERNAL_WEIGHTS
  if (argc < 4) {
    fprintf(stderr, "the weight file is required\n");
    return 1;
  }
  void *weights = aligned(TINY_WEIGHTS_BYTES);
  FILE *f = fopen(argv[3], "rb");
  if (!f || fseek(f, TINY_WEIGHTS_FILE_HEADER_BYTES, SEEK_SET) != 0 ||
      fread(weights, 1, TINY_WEIGHTS_BYTES, f) != TINY_WEIGHTS_BYTES ||
      fgetc(f) != EOF) {
    fprintf(stderr, "%s: cannot read %d bytes of weights\n", argv[3],
            (int)TINY_WEIGHTS_BYTES);
    return 1;
  }
  fclose(f);
  void *arena = aligned(TINY_ARENA_BYTES);
  memset(arena, 0xa5, TINY_ARENA_BYTES);
  tiny_forward(weights, arena, input, output);
  free(arena);
  free(weights);
#else
  tiny_run(input, output);
#endif

  for (int i = 0; i < OUT_COUNT; ++i)
    printf("logit[%d] = %.9g\n", i, output[i]);
  FILE *out = fopen(argv[2], "wb");
  if (!out || fwrite(output, sizeof(float), OUT_COUNT, out) != OUT_COUNT ||
      fclose(out) != 0) {
    fprintf(stderr, "%s: cannot write\n", argv[2]);
    return 1;
  }
  free(output);
  free(input);
  return 0;
}

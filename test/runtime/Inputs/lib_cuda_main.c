/* lib_cuda_main.c: a C program against the library densenetc --target=cuda
 * --emit=lib --name tiny writes (libtiny.a + libtiny.h), linked with the
 * CUDA runtime archive. Usage:
 *
 *   lib_cuda_main RUNS
 *
 * prints the header's device memory figure, then calls tiny_run RUNS times
 * on an all-zero input and prints each call's status. Exits 1 when a call
 * fails. */
#include "libtiny.h"

#include <stdio.h>
#include <stdlib.h>

#define IN_COUNT (TINY_INPUT_N * TINY_INPUT_C * TINY_INPUT_H * TINY_INPUT_W)
#define OUT_COUNT (TINY_OUTPUT_N * TINY_OUTPUT_CLASSES)

int main(int argc, char **argv)
{
  if (argc != 2) {
    fprintf(stderr, "usage: %s RUNS\n", argv[0]);
    return 1;
  }
  static float input[IN_COUNT], output[OUT_COUNT];
  printf("device_bytes=%lld\n", (long long)TINY_DEVICE_BYTES);
  for (int run = 0; run < atoi(argv[1]); ++run) {
    int status = tiny_run(input, output);
    printf("run %d: %d\n", run, status);
    if (status != 0)
      return 1;
  }
  return 0;
}

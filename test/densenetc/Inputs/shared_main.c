/* shared_main.c: a C program linked with the shared library densenetc
 * --emit=shared --name tiny writes (libtiny.so + libtiny.h). Usage:
 *
 *   shared_main OUT.raw
 *
 * runs the ramp input x[i] = (i % 17) / 8 - 1 through tiny_run, then on
 * THREADS threads at once, each with a context of its own, CALLS times
 * each (and two threads sharing one context, whose calls the context runs
 * one at a time); every logit must equal tiny_run's. Writes tiny_run's
 * logits as raw float32 to OUT.raw, checks tiny_infer and tiny_set_threads
 * reject what they should, and exits 0, or 1 after printing a mismatch. */
#define _POSIX_C_SOURCE 200112L

#include "libtiny.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IN_COUNT (TINY_INPUT_N * TINY_INPUT_C * TINY_INPUT_H * TINY_INPUT_W)
#define OUT_COUNT (TINY_OUTPUT_N * TINY_OUTPUT_CLASSES)
#define THREADS 6
#define CALLS 1000

static float input[IN_COUNT];
static float reference[OUT_COUNT];

typedef struct {
  tiny_context *context;
  int mismatches;
} worker;

static void *run_calls(void *arg)
{
  worker *w = arg;
  float output[OUT_COUNT];
  for (int call = 0; call < CALLS; ++call) {
    memset(output, 0xff, sizeof output);
    if (tiny_infer(w->context, input, output) != 0 ||
        memcmp(output, reference, sizeof output) != 0)
      ++w->mismatches;
  }
  return NULL;
}

int main(int argc, char **argv)
{
  if (argc != 2) {
    fprintf(stderr, "usage: %s OUT.raw\n", argv[0]);
    return 1;
  }
  for (int i = 0; i < IN_COUNT; ++i)
    input[i] = (float)(i % 17) / 8.0f - 1.0f;
  tiny_run(input, reference);

  /* Threads 0 and 1 share a context; the others have one each. */
  tiny_context *contexts[THREADS];
  worker workers[THREADS];
  pthread_t threads[THREADS];
  for (int t = 0; t < THREADS; ++t) {
    contexts[t] = t == 1 ? contexts[0] : tiny_init();
    if (!contexts[t]) {
      fprintf(stderr, "tiny_init failed\n");
      return 1;
    }
    workers[t] = (worker){contexts[t], 0};
  }
  for (int t = 0; t < THREADS; ++t)
    pthread_create(&threads[t], NULL, run_calls, &workers[t]);
  int mismatches = 0;
  for (int t = 0; t < THREADS; ++t) {
    pthread_join(threads[t], NULL);
    mismatches += workers[t].mismatches;
  }
  for (int t = 0; t < THREADS; ++t)
    if (t != 1)
      tiny_teardown(contexts[t]);
  tiny_teardown(NULL);
  printf("%d threads x %d calls: %d mismatches\n", THREADS, CALLS, mismatches);

  float output[OUT_COUNT];
  printf("infer(NULL) = %d\n", tiny_infer(NULL, input, output));
  printf("set_threads(0) = %d, set_threads(2) = %d\n", tiny_set_threads(0),
         tiny_set_threads(2));
  FILE *f = fopen(argv[1], "wb");
  if (!f || fwrite(reference, sizeof(float), OUT_COUNT, f) != OUT_COUNT ||
      fclose(f) != 0) {
    fprintf(stderr, "%s: cannot write\n", argv[1]);
    return 1;
  }
  return mismatches != 0;
}

/* bench.c: latency benchmarking of the compiled model (the latencies the
 * target measures, peak RSS from getrusage) and its deterministic synthetic
 * input. */
#define _POSIX_C_SOURCE 200809L

#include "bench.h"

#include "diag.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

static int compare_doubles(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median_of_sorted(const double *v, int n)
{
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* Peak resident set size in MiB (ru_maxrss is in KiB on Linux). */
static double peak_rss_mib(void)
{
  struct rusage usage;
  if (getrusage(RUSAGE_SELF, &usage) != 0)
    return 0.0;
  return (double)usage.ru_maxrss / 1024.0;
}

int dn_bench_run(dn_target_model *model, const float *input, float *output,
                 int iterations)
{
  double *times = malloc(sizeof(double) * (size_t)iterations);
  if (!times) {
    dn_error("out of memory for %d benchmark iterations", iterations);
    return -1;
  }
  int rc = 0;
  for (int i = 0; rc == 0 && i < DN_BENCH_WARMUP; ++i)
    rc = dn_target_run(model, input, output);
  for (int i = 0; rc == 0 && i < iterations; ++i)
    rc = dn_target_timed_run(model, input, output, &times[i]);
  if (rc == 0) {
    qsort(times, (size_t)iterations, sizeof(double), compare_doubles);
    printf("latency_ms min=%.3f median=%.3f max=%.3f\n", times[0],
           median_of_sorted(times, iterations), times[iterations - 1]);
    printf("peak_rss_mib=%.1f\n", peak_rss_mib());
  }
  free(times);
  return rc;
}

void dn_bench_synthetic_input(float *dst, size_t count)
{
  uint32_t state = 0x2545f491u; /* xorshift32, fixed seed */
  for (size_t i = 0; i < count; ++i) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    dst[i] = (float)(state >> 8) * (2.0f / 16777216.0f) - 1.0f;
  }
}

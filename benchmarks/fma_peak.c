// Single-core fp32 FMA peak of this machine: 12 independent AVX-512 FMA chains.
// Copied from the project's shared tools (tools/fma_peak.c); benchmarks/compare
// builds it with -O3 -march=native and runs it once per run for context.
#include <immintrin.h>
#include <stdio.h>
#include <time.h>
int main(void) {
  __m512 acc[12]; __m512 a = _mm512_set1_ps(1.0000001f), b = _mm512_set1_ps(0.9999999f);
  for (int i = 0; i < 12; i++) acc[i] = _mm512_set1_ps((float)i);
  long iters = 200000000; struct timespec t0, t1; clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long n = 0; n < iters; n++)
    for (int i = 0; i < 12; i++) acc[i] = _mm512_fmadd_ps(acc[i], a, b);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double s = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
  float sink = 0; for (int i = 0; i < 12; i++) sink += _mm512_reduce_add_ps(acc[i]);
  printf("fp32 FMA peak: %.1f GFLOP/s per core (sink %g)\n", iters * 12.0 * 16 * 2 / s / 1e9, sink);
}

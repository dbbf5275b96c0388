/* bench.h: latency benchmarking of the compiled model and its synthetic
 * input. */
#ifndef DENSENET_RUNTIME_BENCH_H
#define DENSENET_RUNTIME_BENCH_H

#include "target.h"

#include <stddef.h>

/* Number of untimed runs before the timed ones. */
#define DN_BENCH_WARMUP 3

/* Runs DN_BENCH_WARMUP untimed and `iterations` (>= 1) timed forward passes
 * of `model` (dn_target_run, dn_target_timed_run), then prints to stdout
 * exactly
 *     latency_ms min=%.3f median=%.3f max=%.3f
 *     peak_rss_mib=%.1f
 * `output` holds the result of the last run. Returns 0, or prints an error
 * and returns -1. */
int dn_bench_run(dn_target_model *model, const float *input, float *output,
                 int iterations);

/* Fills `dst` with a fixed pseudo-random pattern in [-1, 1). */
void dn_bench_synthetic_input(float *dst, size_t count);

#endif /* DENSENET_RUNTIME_BENCH_H */

// kernel_bench.cpp: Google Benchmark harness for the per-kernel-class models
// that benchmarks/kernels compiles with `densenetc K.mlir --emit=lib`.
//
// benchmarks/kernels generates kernels.inc (one line per kernel model) and
// builds this file against every libK.a:
//
//   c++ -O2 -std=c++17 -I WORK -DKERNELS_INC='"kernels.inc"'
//       benchmarks/kernel_bench.cpp WORK/lib*.a -lbenchmark -lpthread
//
// kernels.inc holds, per kernel, its header and one line
//
//   DN_KERNEL(name, NAME_run, input floats, output floats, FLOPs)
//
// where FLOPs = 2 x multiply-accumulates counted from the shapes. Each
// benchmark calls NAME_run (embedded weights, static arena: no allocation)
// on a fixed pseudo-random input, times wall-clock (UseRealTime) and reports
// the counter GFLOPs (FLOPs per second / 1e9, so "GFLOPs" reads GFLOP/s).

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#ifndef KERNELS_INC
#error "define KERNELS_INC, e.g. -DKERNELS_INC='\"kernels.inc\"'"
#endif

#define DN_HEADERS
#include KERNELS_INC
#undef DN_HEADERS

namespace {

struct Kernel {
  const char *name;
  void (*run)(const float *, float *);
  size_t inputs, outputs;
  double flops;
};

const Kernel kKernels[] = {
#define DN_KERNEL(name, fn, in, out, flops) {#name, fn, in, out, flops},
#include KERNELS_INC
#undef DN_KERNEL
};

float *alloc_floats(size_t count) {
  size_t bytes = (count * sizeof(float) + 63) / 64 * 64;
  void *p = std::aligned_alloc(64, bytes);
  if (!p) {
    std::fprintf(stderr, "error: out of memory (%zu bytes)\n", bytes);
    std::exit(2);
  }
  return static_cast<float *>(p);
}

void BM_kernel(benchmark::State &state, const Kernel *k) {
  float *in = alloc_floats(k->inputs);
  float *out = alloc_floats(k->outputs);
  uint32_t s = 0x2545f491u;
  for (size_t i = 0; i < k->inputs; ++i) {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    in[i] = float(s >> 8) * (2.0f / 16777216.0f) - 1.0f;
  }
  for (int i = 0; i < 3; ++i)  // warm-up: weights and arena resident
    k->run(in, out);
  for (auto _ : state) {
    k->run(in, out);
    benchmark::DoNotOptimize(out);
    benchmark::ClobberMemory();
  }
  state.counters["GFLOPs"] = benchmark::Counter(
      double(state.iterations()) * k->flops / 1e9,
      benchmark::Counter::kIsRate);
  std::free(in);
  std::free(out);
}

}  // namespace

int main(int argc, char **argv) {
  for (const Kernel &k : kKernels)
    benchmark::RegisterBenchmark(k.name, BM_kernel, &k)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 2;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

// densenet_bench.cpp: Google Benchmark harness for a model compiled with
// `densenetc MODEL --emit=lib -o libNAME.a --name NAME`.
//
// Built by benchmarks/compare; by hand:
//
//   c++ -O2 -std=c++17 -DDN_HEADER='"libNAME.h"' -DDN_NAME=NAME
//       -DDN_NAME_UPPER=UPPERCASE_NAME -I DIR benchmarks/densenet_bench.cpp
//       DIR/libNAME.a -lbenchmark -lpthread -lm -o densenet_bench
//
// (one command line; densenetc writes the header next to the library, named
// after the library's file name: -o DIR/libNAME.a gives DIR/libNAME.h)
//
// It times NAME_run (the entry point with embedded weights and a static,
// preallocated arena, so a call allocates nothing) on OMP_NUM_THREADS
// threads, one forward pass per iteration, wall-clock time in milliseconds. Besides Google
// Benchmark's own flags (--benchmark_repetitions=N, --benchmark_out=...), it
// takes:
//
//   --dn_input=PATH       raw little-endian float32 input (N*C*H*W values);
//                         default: a fixed xorshift pseudo-random input in [-1, 1)
//   --dn_output=PATH      write the raw float32 logits of one NAME_run call on
//                         that input (done before the timed runs), so the
//                         caller can check the timed code computes the right thing
//   --dn_warmup=N         untimed NAME_run calls before the benchmark (default 3)
//   --dn_iterations=N     forward passes per repetition (default 1, so each
//                         repetition is one latency sample)
//
// With --benchmark_repetitions=R the aggregates "median", "mean", "stddev",
// "cv" and "min" over the R samples are reported (real time, ms).

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#ifndef DN_HEADER
#error "define DN_HEADER, e.g. -DDN_HEADER='\"libdensenet121.h\"'"
#endif
#ifndef DN_NAME
#error "define DN_NAME (the --name given to densenetc), e.g. -DDN_NAME=densenet121"
#endif
#ifndef DN_NAME_UPPER
#error "define DN_NAME_UPPER (DN_NAME in upper case), e.g. -DDN_NAME_UPPER=DENSENET121"
#endif

#include DN_HEADER

#define DN_CAT_(a, b) a##b
#define DN_CAT(a, b) DN_CAT_(a, b)
#define DN_RUN DN_CAT(DN_NAME, _run)
#define DN_STR_(a) #a
#define DN_STR(a) DN_STR_(a)

namespace {

constexpr size_t kInputCount =
    size_t(DN_CAT(DN_NAME_UPPER, _INPUT_N)) * DN_CAT(DN_NAME_UPPER, _INPUT_C) *
    DN_CAT(DN_NAME_UPPER, _INPUT_H) * DN_CAT(DN_NAME_UPPER, _INPUT_W);
constexpr size_t kOutputCount = size_t(DN_CAT(DN_NAME_UPPER, _OUTPUT_N)) *
                                DN_CAT(DN_NAME_UPPER, _OUTPUT_CLASSES);

float *g_input = nullptr;
float *g_output = nullptr;

float *alloc_floats(size_t count) {
  size_t bytes = (count * sizeof(float) + 63) / 64 * 64;
  void *p = std::aligned_alloc(64, bytes);
  if (!p) {
    std::fprintf(stderr, "error: out of memory (%zu bytes)\n", bytes);
    std::exit(2);
  }
  std::memset(p, 0, bytes);
  return static_cast<float *>(p);
}

void synthetic_input(float *dst, size_t count) {
  uint32_t state = 0x2545f491u;  // same generator as the runtime's --bench
  for (size_t i = 0; i < count; ++i) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    dst[i] = float(state >> 8) * (2.0f / 16777216.0f) - 1.0f;
  }
}

void read_raw(const std::string &path, float *dst, size_t count) {
  FILE *f = std::fopen(path.c_str(), "rb");
  if (!f) {
    std::fprintf(stderr, "error: %s: cannot open\n", path.c_str());
    std::exit(2);
  }
  size_t got = std::fread(dst, sizeof(float), count, f);
  int extra = std::fgetc(f);
  std::fclose(f);
  if (got != count || extra != EOF) {
    std::fprintf(stderr, "error: %s: expected exactly %zu float32 values\n",
                 path.c_str(), count);
    std::exit(2);
  }
}

void write_raw(const std::string &path, const float *src, size_t count) {
  FILE *f = std::fopen(path.c_str(), "wb");
  if (!f || std::fwrite(src, sizeof(float), count, f) != count ||
      std::fclose(f) != 0) {
    std::fprintf(stderr, "error: %s: cannot write\n", path.c_str());
    std::exit(2);
  }
}

void BM_forward(benchmark::State &state) {
  for (auto _ : state) {
    DN_RUN(g_input, g_output);
    benchmark::DoNotOptimize(g_output);
    benchmark::ClobberMemory();
  }
  state.counters["inputs_per_s"] = benchmark::Counter(
      double(state.iterations()) * DN_CAT(DN_NAME_UPPER, _INPUT_N),
      benchmark::Counter::kIsRate);
}

double min_of(const std::vector<double> &v) {
  double m = v.empty() ? 0.0 : v[0];
  for (double x : v)
    m = x < m ? x : m;
  return m;
}

bool take_flag(const char *arg, const char *name, std::string *value) {
  size_t n = std::strlen(name);
  if (std::strncmp(arg, name, n) != 0 || arg[n] != '=')
    return false;
  *value = arg + n + 1;
  return true;
}

long parse_count(const std::string &s, const char *flag) {
  char *end = nullptr;
  long v = std::strtol(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || v < 0) {
    std::fprintf(stderr, "error: %s: bad count '%s'\n", flag, s.c_str());
    std::exit(2);
  }
  return v;
}

}  // namespace

int main(int argc, char **argv) {
  std::string input_path, output_path, value;
  long warmup = 3, iterations = 1;
  std::vector<char *> rest{argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (take_flag(argv[i], "--dn_input", &value))
      input_path = value;
    else if (take_flag(argv[i], "--dn_output", &value))
      output_path = value;
    else if (take_flag(argv[i], "--dn_warmup", &value))
      warmup = parse_count(value, "--dn_warmup");
    else if (take_flag(argv[i], "--dn_iterations", &value))
      iterations = parse_count(value, "--dn_iterations");
    else
      rest.push_back(argv[i]);
  }
  if (iterations < 1) {
    std::fprintf(stderr, "error: --dn_iterations must be >= 1\n");
    return 2;
  }

  g_input = alloc_floats(kInputCount);
  g_output = alloc_floats(kOutputCount);
  if (input_path.empty())
    synthetic_input(g_input, kInputCount);
  else
    read_raw(input_path, g_input, kInputCount);

  if (!output_path.empty()) {
    DN_RUN(g_input, g_output);
    write_raw(output_path, g_output, kOutputCount);
  }
  for (long i = 0; i < warmup; ++i)
    DN_RUN(g_input, g_output);

  std::string name = std::string(DN_STR(DN_NAME)) + "_run";
  benchmark::RegisterBenchmark(name.c_str(), BM_forward)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime()
      ->Iterations(iterations)
      ->ComputeStatistics("min", min_of);

  int rest_argc = int(rest.size());
  rest.push_back(nullptr);
  benchmark::Initialize(&rest_argc, rest.data());
  if (benchmark::ReportUnrecognizedArguments(rest_argc, rest.data()))
    return 2;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::free(g_input);
  std::free(g_output);
  return 0;
}

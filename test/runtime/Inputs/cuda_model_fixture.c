/* cuda_model_fixture.c: stands in for a model object densenetc compiles
 * with --target=cuda, for the CUDA runtime's tests: the symbols of
 * densenet_model_abi.h for a tiny model (input (1, 3, 4, 4), 5 classes, an
 * embedded 1000-byte weight blob, a 4096-byte arena), and the mgpu* calls
 * MLIR's gpu-to-llvm lowering emits: a global constructor registers the GPU
 * module (a dummy blob) and a destructor unregisters it; the forward pass
 * takes a stream, looks up and launches two kernels with device pointer
 * arguments, then synchronizes and destroys the stream. Compiled with
 * -DFIXTURE_MODULES=N, the constructor registers N modules instead of 1 (to
 * test the runtime's limit), and the kernels come from the first. */
#include <stddef.h>
#include <stdint.h>

void *mgpuModuleLoad(void *data, uint64_t size);
void mgpuModuleUnload(void *module);
void *mgpuModuleGetFunction(void *module, const char *name);
void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY,
                      intptr_t gridZ, intptr_t blockX, intptr_t blockY,
                      intptr_t blockZ, int32_t sharedMemBytes, void *stream,
                      void **params, void **extra, size_t paramsCount);
void *mgpuStreamCreate(void);
void mgpuStreamSynchronize(void *stream);
void mgpuStreamDestroy(void *stream);

const int64_t densenet_model_input_shape[4] = {1, 3, 4, 4};
const int64_t densenet_model_output_shape[2] = {1, 5};
const char densenet_model_name[] = "cuda-fixture";
const uint8_t densenet_model_weights_embedded = 1;
const uint8_t densenet_model_weights_data[1000] = {1, 2, 3};
const int64_t densenet_model_weights_bytes = 1000;
const int64_t densenet_model_arena_bytes = 4096;

#ifndef FIXTURE_MODULES
#define FIXTURE_MODULES 1
#endif

static char gpu_module[] = "not really a fatbin";
static void *module;

__attribute__((constructor)) static void load_gpu_module(void)
{
  for (int i = FIXTURE_MODULES; i > 0; --i)
    module = mgpuModuleLoad(gpu_module, sizeof(gpu_module));
}

__attribute__((destructor)) static void unload_gpu_module(void)
{
  mgpuModuleUnload(module);
}

static void launch(const char *kernel, intptr_t blocks, void *stream,
                   void *from, void *to)
{
  void *params[] = {&from, &to};
  mgpuLaunchKernel(mgpuModuleGetFunction(module, kernel), blocks, 1, 1, 64, 1,
                   1, 0, stream, params, NULL, 2);
}

void densenet_model_forward(const void *weights, void *arena,
                            const float *input, float *output)
{
  void *stream = mgpuStreamCreate();
  launch("conv_kernel", 2, stream, (void *)input, arena);
  launch("classifier_kernel", 1, stream, arena, output);
  mgpuStreamSynchronize(stream);
  mgpuStreamDestroy(stream);
}

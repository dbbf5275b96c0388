/* cuda_module.h: the host functions a model object compiled for CUDA calls
 * (MLIR's gpu-to-llvm lowering emits calls to these mgpu* functions), and
 * how the runtime drives them.
 *
 * The object's global constructor registers its GPU module before main();
 * the runtime loads it once the driver is up (dn_cuda_modules_load). While
 * the runtime captures a forward pass, the object's kernels are launched on
 * the stream the runtime binds (dn_cuda_bind_stream). The mgpu* functions
 * return nothing, so they record their first error, which the runtime
 * reports after densenet_model_forward returns (dn_cuda_report_module_errors).
 * One model per process, called from one thread. */
#ifndef DENSENET_RUNTIME_CUDA_MODULE_H
#define DENSENET_RUNTIME_CUDA_MODULE_H

#include "cuda_driver.h"

#include <stddef.h>
#include <stdint.h>

/* Most GPU modules one model object may register (densenetc merges every
 * kernel into one). */
#define DN_CUDA_MAX_MODULES 4

/* ---- called by the model object (signatures as MLIR 22 emits them) ---- */

/* Registers the GPU module `data` (a fatbin: cubin and PTX) of `size`
 * bytes, from a global constructor: records it without calling the driver
 * and returns its handle. */
void *mgpuModuleLoad(void *data, uint64_t size);

/* Forgets the registration, from a global destructor (after main(): the
 * runtime has unloaded the module already; the driver is not called). */
void mgpuModuleUnload(void *module);

/* The kernel `name` of `module`, looked up once and then cached. */
void *mgpuModuleGetFunction(void *module, const char *name);

/* Enqueues `function` on `stream` (cuLaunchKernel); `paramsCount` is
 * implied by `params`. */
void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY,
                      intptr_t gridZ, intptr_t blockX, intptr_t blockY,
                      intptr_t blockZ, int32_t sharedMemBytes, void *stream,
                      void **params, void **extra, size_t paramsCount);

/* Returns the runtime's bound stream (the one being captured). */
void *mgpuStreamCreate(void);

/* Nothing: the forward pass is being captured, and the runtime
 * synchronizes after each launch of the graph. */
void mgpuStreamSynchronize(void *stream);

/* Nothing: the stream is the runtime's, which destroys it at close. */
void mgpuStreamDestroy(void *stream);

/* ---- called by the runtime ---- */

/* Loads every registered module into the current context. Returns 0, or
 * prints an error (also one recorded by mgpuModuleLoad) and returns -1. */
int dn_cuda_modules_load(void);

/* Forgets the cached kernels and unloads the loaded modules. Returns 0, or
 * prints an error and returns -1. */
int dn_cuda_modules_unload(void);

/* Makes `stream` the one mgpuStreamCreate returns; NULL unbinds it. */
void dn_cuda_bind_stream(CUstream stream);

/* Prints the first error recorded by an mgpu* function since the last call
 * and returns -1; returns 0 when there was none. */
int dn_cuda_report_module_errors(void);

#endif /* DENSENET_RUNTIME_CUDA_MODULE_H */

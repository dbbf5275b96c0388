/* cuda_driver.h: the CUDA driver API, loaded at run time from libcuda.so.1
 * (dlopen) so that executables link nothing of CUDA, and its error text. */
#ifndef DENSENET_RUNTIME_CUDA_DRIVER_H
#define DENSENET_RUNTIME_CUDA_DRIVER_H

#include <cuda.h>

#include <stddef.h>

/* Every driver entry point the runtime calls, by its real (versioned)
 * symbol name in libcuda.so.1. */
#define DN_CUDA_FUNCTIONS(X)                                                   \
  X(cuGetErrorName)                                                            \
  X(cuGetErrorString)                                                          \
  X(cuInit)                                                                    \
  X(cuDeviceGetCount)                                                          \
  X(cuDeviceGet)                                                               \
  X(cuDevicePrimaryCtxRetain)                                                  \
  X(cuDevicePrimaryCtxRelease_v2)                                              \
  X(cuCtxSetCurrent)                                                           \
  X(cuModuleLoadData)                                                          \
  X(cuModuleUnload)                                                            \
  X(cuModuleGetFunction)                                                       \
  X(cuLaunchKernel)                                                            \
  X(cuMemAlloc_v2)                                                             \
  X(cuMemFree_v2)                                                              \
  X(cuMemcpyHtoD_v2)                                                           \
  X(cuMemcpyHtoDAsync_v2)                                                      \
  X(cuMemcpyDtoHAsync_v2)                                                      \
  X(cuStreamCreate)                                                            \
  X(cuStreamDestroy_v2)                                                        \
  X(cuStreamSynchronize)                                                       \
  X(cuStreamBeginCapture_v2)                                                   \
  X(cuStreamEndCapture)                                                        \
  X(cuGraphInstantiateWithFlags)                                               \
  X(cuGraphDestroy)                                                            \
  X(cuGraphExecDestroy)                                                        \
  X(cuGraphLaunch)                                                             \
  X(cuEventCreate)                                                             \
  X(cuEventDestroy_v2)                                                         \
  X(cuEventRecord)                                                             \
  X(cuEventElapsedTime_v2)

/* The loaded entry points, typed as cuda.h declares them. */
typedef struct {
#define DN_CUDA_MEMBER(name) __typeof__(&name) name;
  DN_CUDA_FUNCTIONS(DN_CUDA_MEMBER)
#undef DN_CUDA_MEMBER
} dn_cuda_api;

/* Valid between a successful dn_cuda_driver_open and dn_cuda_driver_close. */
extern dn_cuda_api dn_cuda;

/* Loads libcuda.so.1 and every entry point, then initializes the driver
 * (cuInit) and checks that there is a device. Returns 0, or prints an error
 * (no driver, no GPU) and returns -1. */
int dn_cuda_driver_open(void);

/* Unloads the driver library; harmless when it is not loaded. */
void dn_cuda_driver_close(void);

/* Writes "CUDA <call> failed: <error name>: <error description>" into
 * `buf` (`size` bytes, truncated if needed). */
void dn_cuda_format_error(char *buf, size_t size, const char *call,
                          CUresult result);

/* Returns 0 when `result` is CUDA_SUCCESS; otherwise prints
 * "error: CUDA <call> failed: ..." and returns -1. */
int dn_cuda_check(CUresult result, const char *call);

/* Calls the entry point `name` with the parenthesized `args` and checks its
 * result: DN_CUDA(cuMemFree_v2, (ptr)) is 0 or -1 after an error. */
#define DN_CUDA(name, args) dn_cuda_check(dn_cuda.name args, #name)

#endif /* DENSENET_RUNTIME_CUDA_DRIVER_H */

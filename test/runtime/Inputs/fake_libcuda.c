/* fake_libcuda.c: a stand-in for NVIDIA's libcuda.so.1, for testing the
 * CUDA runtime (runtime/cuda/) where there is no GPU. CMake builds it as
 * build/test/fake-cuda/libcuda.so.1 (that file name and soname), which a test
 * puts first with LD_LIBRARY_PATH.
 *
 * It defines every driver function the runtime calls, with cuda.h's types.
 * Each call appends one line to the file named by $FAKE_CUDA_LOG: the
 * function's name, then the arguments worth checking (byte counts, kernel
 * names, launch shapes, whether a stream capture is open). Each returns
 * CUDA_SUCCESS, except the function named by $FAKE_CUDA_FAIL, which returns
 * CUDA_ERROR_LAUNCH_FAILED and produces nothing. Device memory is host
 * memory (zeroed), so copies really copy; kernels are not run; every pair of
 * events measures FAKE_ELAPSED_MS; $FAKE_CUDA_DEVICES devices (default 1). */
#define _POSIX_C_SOURCE 200809L

#include <cuda.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FAKE_ELAPSED_MS 0.25f

/* Distinct addresses for the opaque handles the fake hands out. */
static char handles[8];
enum { CONTEXT, MODULE, FUNCTION, STREAM, GRAPH, GRAPH_EXEC, EVENT };

static CUstream capturing; /* the stream a capture is open on, or NULL */

/* Logs the call `name` with its printf-style details; returns the result it
 * must give. */
static CUresult call(const char *name, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static CUresult call(const char *name, const char *fmt, ...)
{
  const char *path = getenv("FAKE_CUDA_LOG");
  FILE *log = path ? fopen(path, "a") : NULL;
  if (log) {
    fputs(name, log);
    va_list args;
    va_start(args, fmt);
    vfprintf(log, fmt, args);
    va_end(args);
    fputc('\n', log);
    fclose(log);
  }
  const char *fail = getenv("FAKE_CUDA_FAIL");
  return fail && !strcmp(fail, name) ? CUDA_ERROR_LAUNCH_FAILED
                                     : CUDA_SUCCESS;
}

static void *host(CUdeviceptr p)
{
  return (void *)(uintptr_t)p;
}

CUresult cuGetErrorName(CUresult error, const char **pStr)
{
  CUresult r = call("cuGetErrorName", " error=%d", (int)error);
  if (r == CUDA_SUCCESS)
    *pStr = error == CUDA_ERROR_LAUNCH_FAILED ? "CUDA_ERROR_LAUNCH_FAILED"
                                              : "CUDA_ERROR_UNKNOWN";
  return r;
}

CUresult cuGetErrorString(CUresult error, const char **pStr)
{
  CUresult r = call("cuGetErrorString", " error=%d", (int)error);
  if (r == CUDA_SUCCESS)
    *pStr = error == CUDA_ERROR_LAUNCH_FAILED ? "unspecified launch failure"
                                              : "unknown error";
  return r;
}

CUresult cuInit(unsigned int Flags)
{
  return call("cuInit", " flags=%u", Flags);
}

CUresult cuDeviceGetCount(int *count)
{
  CUresult r = call("cuDeviceGetCount", "%s", "");
  const char *devices = getenv("FAKE_CUDA_DEVICES");
  if (r == CUDA_SUCCESS)
    *count = devices ? atoi(devices) : 1;
  return r;
}

CUresult cuDeviceGet(CUdevice *device, int ordinal)
{
  CUresult r = call("cuDeviceGet", " ordinal=%d", ordinal);
  if (r == CUDA_SUCCESS)
    *device = ordinal;
  return r;
}

CUresult cuDevicePrimaryCtxRetain(CUcontext *pctx, CUdevice dev)
{
  CUresult r = call("cuDevicePrimaryCtxRetain", " device=%d", dev);
  if (r == CUDA_SUCCESS)
    *pctx = (CUcontext)(void *)&handles[CONTEXT];
  return r;
}

CUresult cuDevicePrimaryCtxRelease_v2(CUdevice dev)
{
  return call("cuDevicePrimaryCtxRelease_v2", " device=%d", dev);
}

CUresult cuCtxSetCurrent(CUcontext ctx)
{
  return call("cuCtxSetCurrent", "%s", "");
}

CUresult cuModuleLoadData(CUmodule *module, const void *image)
{
  CUresult r = call("cuModuleLoadData", "%s", "");
  if (r == CUDA_SUCCESS)
    *module = (CUmodule)(void *)&handles[MODULE];
  return r;
}

CUresult cuModuleUnload(CUmodule hmod)
{
  return call("cuModuleUnload", "%s", "");
}

CUresult cuModuleGetFunction(CUfunction *hfunc, CUmodule hmod,
                             const char *name)
{
  CUresult r = call("cuModuleGetFunction", " name=%s", name);
  if (r == CUDA_SUCCESS)
    *hfunc = (CUfunction)(void *)&handles[FUNCTION];
  return r;
}

CUresult cuLaunchKernel(CUfunction f, unsigned int gridDimX,
                        unsigned int gridDimY, unsigned int gridDimZ,
                        unsigned int blockDimX, unsigned int blockDimY,
                        unsigned int blockDimZ, unsigned int sharedMemBytes,
                        CUstream hStream, void **kernelParams, void **extra)
{
  return call("cuLaunchKernel",
              " grid=%u,%u,%u block=%u,%u,%u shared=%u capturing=%d",
              gridDimX, gridDimY, gridDimZ, blockDimX, blockDimY, blockDimZ,
              sharedMemBytes, hStream && hStream == capturing);
}

CUresult cuMemAlloc_v2(CUdeviceptr *dptr, size_t bytesize)
{
  CUresult r = call("cuMemAlloc_v2", " bytes=%zu", bytesize);
  if (r != CUDA_SUCCESS)
    return r;
  void *memory = calloc(1, bytesize);
  if (!memory)
    return CUDA_ERROR_OUT_OF_MEMORY;
  *dptr = (CUdeviceptr)(uintptr_t)memory;
  return r;
}

/* The memory goes even when the call is made to fail: the failure is the
   reported status, and a fake that kept the block would be LeakSanitizer's
   finding in the sanitizer build, not the runtime's. */
CUresult cuMemFree_v2(CUdeviceptr dptr)
{
  CUresult r = call("cuMemFree_v2", "%s", "");
  free(host(dptr));
  return r;
}

CUresult cuMemcpyHtoD_v2(CUdeviceptr dstDevice, const void *srcHost,
                         size_t ByteCount)
{
  CUresult r = call("cuMemcpyHtoD_v2", " bytes=%zu", ByteCount);
  if (r == CUDA_SUCCESS)
    memcpy(host(dstDevice), srcHost, ByteCount);
  return r;
}

CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr dstDevice, const void *srcHost,
                              size_t ByteCount, CUstream hStream)
{
  CUresult r = call("cuMemcpyHtoDAsync_v2", " bytes=%zu", ByteCount);
  if (r == CUDA_SUCCESS)
    memcpy(host(dstDevice), srcHost, ByteCount);
  return r;
}

CUresult cuMemcpyDtoHAsync_v2(void *dstHost, CUdeviceptr srcDevice,
                              size_t ByteCount, CUstream hStream)
{
  CUresult r = call("cuMemcpyDtoHAsync_v2", " bytes=%zu", ByteCount);
  if (r == CUDA_SUCCESS)
    memcpy(dstHost, host(srcDevice), ByteCount);
  return r;
}

CUresult cuStreamCreate(CUstream *phStream, unsigned int Flags)
{
  CUresult r = call("cuStreamCreate", " flags=%u", Flags);
  if (r == CUDA_SUCCESS)
    *phStream = (CUstream)(void *)&handles[STREAM];
  return r;
}

CUresult cuStreamDestroy_v2(CUstream hStream)
{
  return call("cuStreamDestroy_v2", "%s", "");
}

CUresult cuStreamSynchronize(CUstream hStream)
{
  return call("cuStreamSynchronize", "%s", "");
}

CUresult cuStreamBeginCapture_v2(CUstream hStream, CUstreamCaptureMode mode)
{
  CUresult r = call("cuStreamBeginCapture_v2", " mode=%d", (int)mode);
  if (r == CUDA_SUCCESS)
    capturing = hStream;
  return r;
}

CUresult cuStreamEndCapture(CUstream hStream, CUgraph *phGraph)
{
  CUresult r = call("cuStreamEndCapture", "%s", "");
  capturing = NULL;
  if (r == CUDA_SUCCESS)
    *phGraph = (CUgraph)(void *)&handles[GRAPH];
  return r;
}

CUresult cuGraphInstantiateWithFlags(CUgraphExec *phGraphExec, CUgraph hGraph,
                                     unsigned long long flags)
{
  CUresult r = call("cuGraphInstantiateWithFlags", " flags=%llu", flags);
  if (r == CUDA_SUCCESS)
    *phGraphExec = (CUgraphExec)(void *)&handles[GRAPH_EXEC];
  return r;
}

CUresult cuGraphDestroy(CUgraph hGraph)
{
  return call("cuGraphDestroy", "%s", "");
}

CUresult cuGraphExecDestroy(CUgraphExec hGraphExec)
{
  return call("cuGraphExecDestroy", "%s", "");
}

CUresult cuGraphLaunch(CUgraphExec hGraphExec, CUstream hStream)
{
  return call("cuGraphLaunch", "%s", "");
}

CUresult cuEventCreate(CUevent *phEvent, unsigned int Flags)
{
  CUresult r = call("cuEventCreate", " flags=%u", Flags);
  if (r == CUDA_SUCCESS)
    *phEvent = (CUevent)(void *)&handles[EVENT];
  return r;
}

CUresult cuEventDestroy_v2(CUevent hEvent)
{
  return call("cuEventDestroy_v2", "%s", "");
}

CUresult cuEventRecord(CUevent hEvent, CUstream hStream)
{
  return call("cuEventRecord", "%s", "");
}

CUresult cuEventElapsedTime_v2(float *pMilliseconds, CUevent hStart,
                               CUevent hEnd)
{
  CUresult r = call("cuEventElapsedTime_v2", "%s", "");
  if (r == CUDA_SUCCESS)
    *pMilliseconds = FAKE_ELAPSED_MS;
  return r;
}

/* cuda_module.c: the mgpu* functions a model object compiled for CUDA
 * calls: registered GPU modules, cached kernels, launches on the runtime's
 * stream, and the first error they ran into. */
#define _POSIX_C_SOURCE 200809L

#include "cuda_module.h"

#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const void *data; /* the fatbin; NULL once unregistered */
  CUmodule module;  /* NULL until loaded */
} registered_module;

typedef struct {
  const registered_module *module;
  char *name;
  CUfunction function;
} cached_kernel;

static registered_module modules[DN_CUDA_MAX_MODULES];
static int module_count;
static cached_kernel *kernels;
static size_t kernel_count, kernel_capacity;
static CUstream bound_stream;
static char first_error[512]; /* empty: no error */

static void record_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static void record_error(const char *fmt, ...)
{
  if (first_error[0])
    return;
  va_list args;
  va_start(args, fmt);
  vsnprintf(first_error, sizeof(first_error), fmt, args);
  va_end(args);
}

/* Returns 0, or records the driver error of `call` and returns -1. */
static int record_result(CUresult result, const char *call)
{
  if (result == CUDA_SUCCESS)
    return 0;
  if (!first_error[0])
    dn_cuda_format_error(first_error, sizeof(first_error), call, result);
  return -1;
}

void *mgpuModuleLoad(void *data, uint64_t size)
{
  if (!data || size == 0) {
    record_error("the model object registered an empty GPU module");
    return NULL;
  }
  if (module_count == DN_CUDA_MAX_MODULES) {
    record_error("the model object registers more than %d GPU modules",
                 DN_CUDA_MAX_MODULES);
    return NULL;
  }
  modules[module_count].data = data;
  return &modules[module_count++];
}

void mgpuModuleUnload(void *module)
{
  registered_module *m = module;
  if (m)
    m->data = NULL;
}

static CUfunction cached(const registered_module *module, const char *name)
{
  for (size_t i = 0; i < kernel_count; ++i)
    if (kernels[i].module == module && !strcmp(kernels[i].name, name))
      return kernels[i].function;
  return NULL;
}

/* Adds a kernel to the cache; returns -1 after recording an error. */
static int cache(const registered_module *module, const char *name,
                 CUfunction function)
{
  if (kernel_count == kernel_capacity) {
    size_t capacity = kernel_capacity ? 2 * kernel_capacity : 64;
    cached_kernel *grown = realloc(kernels, capacity * sizeof(*grown));
    if (!grown) {
      record_error("out of memory caching GPU kernel '%s'", name);
      return -1;
    }
    kernels = grown;
    kernel_capacity = capacity;
  }
  char *copy = strdup(name);
  if (!copy) {
    record_error("out of memory caching GPU kernel '%s'", name);
    return -1;
  }
  kernels[kernel_count++] = (cached_kernel){module, copy, function};
  return 0;
}

void *mgpuModuleGetFunction(void *module, const char *name)
{
  const registered_module *m = module;
  if (!m || !m->module) {
    record_error("GPU kernel '%s' requested from a module that is not "
                 "loaded", name);
    return NULL;
  }
  CUfunction function = cached(m, name);
  if (function)
    return function;
  if (record_result(dn_cuda.cuModuleGetFunction(&function, m->module, name),
                    "cuModuleGetFunction") != 0 ||
      cache(m, name, function) != 0)
    return NULL;
  return function;
}

void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY,
                      intptr_t gridZ, intptr_t blockX, intptr_t blockY,
                      intptr_t blockZ, int32_t sharedMemBytes, void *stream,
                      void **params, void **extra, size_t paramsCount)
{
  if (!function) {
    record_error("GPU kernel launched without a kernel (its lookup failed)");
    return;
  }
  record_result(dn_cuda.cuLaunchKernel(
                    function, (unsigned)gridX, (unsigned)gridY,
                    (unsigned)gridZ, (unsigned)blockX, (unsigned)blockY,
                    (unsigned)blockZ, (unsigned)sharedMemBytes, stream, params,
                    extra),
                "cuLaunchKernel");
}

void *mgpuStreamCreate(void)
{
  if (!bound_stream)
    record_error("the model ran outside the runtime's graph capture");
  return bound_stream;
}

void mgpuStreamSynchronize(void *stream) {}

void mgpuStreamDestroy(void *stream) {}

int dn_cuda_modules_load(void)
{
  if (dn_cuda_report_module_errors() != 0)
    return -1;
  if (module_count == 0) {
    dn_error("the model object registered no GPU module: it was not "
             "compiled for CUDA");
    return -1;
  }
  for (int i = 0; i < module_count; ++i) {
    CUmodule module;
    if (DN_CUDA(cuModuleLoadData, (&module, modules[i].data)) != 0)
      return -1;
    modules[i].module = module;
  }
  return 0;
}

int dn_cuda_modules_unload(void)
{
  for (size_t i = 0; i < kernel_count; ++i)
    free(kernels[i].name);
  free(kernels);
  kernels = NULL;
  kernel_count = kernel_capacity = 0;
  int rc = 0;
  for (int i = 0; i < module_count; ++i) {
    if (modules[i].module && DN_CUDA(cuModuleUnload, (modules[i].module)))
      rc = -1;
    modules[i].module = NULL;
  }
  return rc;
}

void dn_cuda_bind_stream(CUstream stream)
{
  bound_stream = stream;
}

int dn_cuda_report_module_errors(void)
{
  if (!first_error[0])
    return 0;
  dn_error("%s", first_error);
  first_error[0] = '\0';
  return -1;
}

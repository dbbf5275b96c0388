/* cuda_driver.c: loads the CUDA driver library and its entry points at run
 * time, and formats the error text of its results. */
#define _POSIX_C_SOURCE 200809L

#include "cuda_driver.h"

#include "diag.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

/* The driver library's soname, as NVIDIA's driver installs it. */
#define DN_CUDA_LIBRARY "libcuda.so.1"

dn_cuda_api dn_cuda;

static void *library;

/* Each entry point's symbol name and where its address goes. */
static const struct {
  const char *name;
  void *slot;
} entry_points[] = {
#define DN_CUDA_ENTRY(name) {#name, &dn_cuda.name},
    DN_CUDA_FUNCTIONS(DN_CUDA_ENTRY)
#undef DN_CUDA_ENTRY
};

static int load_entry_points(void)
{
  for (size_t i = 0; i < sizeof(entry_points) / sizeof(entry_points[0]); ++i) {
    void *symbol = dlsym(library, entry_points[i].name);
    if (!symbol) {
      dn_error("%s has no %s: the NVIDIA driver is too old for this "
               "executable", DN_CUDA_LIBRARY, entry_points[i].name);
      return -1;
    }
    /* POSIX function addresses fit a void *; memcpy keeps it ISO C. */
    memcpy(entry_points[i].slot, &symbol, sizeof(symbol));
  }
  return 0;
}

int dn_cuda_driver_open(void)
{
  library = dlopen(DN_CUDA_LIBRARY, RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    dn_error("no NVIDIA GPU driver found (%s); this executable runs the "
             "model on an NVIDIA GPU", dlerror());
    return -1;
  }
  if (load_entry_points() != 0 || DN_CUDA(cuInit, (0)) != 0) {
    dn_cuda_driver_close();
    return -1;
  }
  return 0;
}

void dn_cuda_driver_close(void)
{
  if (library)
    dlclose(library);
  library = NULL;
  memset(&dn_cuda, 0, sizeof(dn_cuda));
}

void dn_cuda_format_error(char *buf, size_t size, const char *call,
                          CUresult result)
{
  const char *name = NULL, *text = NULL;
  if (dn_cuda.cuGetErrorName(result, &name) != CUDA_SUCCESS || !name ||
      dn_cuda.cuGetErrorString(result, &text) != CUDA_SUCCESS || !text) {
    snprintf(buf, size, "CUDA %s failed: unknown error %d", call, (int)result);
    return;
  }
  snprintf(buf, size, "CUDA %s failed: %s: %s", call, name, text);
}

int dn_cuda_check(CUresult result, const char *call)
{
  if (result == CUDA_SUCCESS)
    return 0;
  char message[512];
  dn_cuda_format_error(message, sizeof(message), call, result);
  dn_error("%s", message);
  return -1;
}

/* cuda_target.c: the CUDA target of target.h: the model's kernels run on one
 * NVIDIA GPU (--device N), replayed from a CUDA graph of one forward pass
 * captured at open; the weights, the arena, the input and the output share
 * one device allocation, and runs are timed with CUDA events. */
#include "target.h"

#include "cuda_driver.h"
#include "cuda_module.h"
#include "densenet_model_abi.h"
#include "diag.h"
#include "model.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>

const dn_target_option dn_target_option_spec = {
    "--device", "the NVIDIA GPU that runs the model, from 0 (default 0)", 0,
    0};

/* Alignment of each part of the device allocation. */
#define DN_CUDA_ALIGNMENT 256

/* Byte offsets of the parts of the device allocation, and its size. */
typedef struct {
  size_t weights, arena, input, output, total;
} device_layout;

struct dn_target_model {
  device_layout layout;
  CUdevice device;
  CUcontext context; /* the device's primary context, retained */
  CUdeviceptr memory;
  CUstream stream;
  CUgraphExec graph; /* one forward pass */
  CUevent start, stop;
};

static size_t align_up(size_t bytes)
{
  return (bytes + DN_CUDA_ALIGNMENT - 1) / DN_CUDA_ALIGNMENT *
         DN_CUDA_ALIGNMENT;
}

static size_t input_bytes(void)
{
  return dn_model_input_count() * sizeof(float);
}

static size_t output_bytes(void)
{
  return dn_model_output_count() * sizeof(float);
}

static device_layout plan_layout(void)
{
  device_layout l;
  l.weights = 0;
  l.arena = align_up((size_t)densenet_model_weights_bytes);
  l.input = l.arena + align_up((size_t)densenet_model_arena_bytes);
  l.output = l.input + align_up(input_bytes());
  l.total = l.output + align_up(output_bytes());
  return l;
}

void dn_target_print_model(FILE *out)
{
  fprintf(out, "  GPU memory: %zu bytes (weights %" PRId64 " + arena %" PRId64
          " + input %zu + output %zu, each %d-byte aligned)\n",
          plan_layout().total, densenet_model_weights_bytes,
          densenet_model_arena_bytes, input_bytes(), output_bytes(),
          DN_CUDA_ALIGNMENT);
}

/* Makes the primary context of GPU `ordinal` current. */
static int open_device(dn_target_model *m, int ordinal)
{
  int count = 0;
  if (DN_CUDA(cuDeviceGetCount, (&count)) != 0)
    return -1;
  if (count == 0) {
    dn_error("no NVIDIA GPU found; this executable runs the model on an "
             "NVIDIA GPU");
    return -1;
  }
  if (ordinal >= count) {
    dn_error("%s %d: there are %d NVIDIA GPUs, numbered from 0",
             dn_target_option_spec.name, ordinal, count);
    return -1;
  }
  CUcontext context;
  if (DN_CUDA(cuDeviceGet, (&m->device, ordinal)) != 0 ||
      DN_CUDA(cuDevicePrimaryCtxRetain, (&context, m->device)) != 0)
    return -1;
  m->context = context;
  return DN_CUDA(cuCtxSetCurrent, (context));
}

/* Allocates the device memory and copies the weights into it, once. */
static int upload_weights(dn_target_model *m, const void *weights)
{
  CUdeviceptr memory;
  if (DN_CUDA(cuMemAlloc_v2, (&memory, m->layout.total)) != 0)
    return -1;
  m->memory = memory;
  return DN_CUDA(cuMemcpyHtoD_v2, (m->memory + m->layout.weights, weights,
                                   (size_t)densenet_model_weights_bytes));
}

static int create_stream_and_events(dn_target_model *m)
{
  CUstream stream;
  CUevent start, stop;
  if (DN_CUDA(cuStreamCreate, (&stream, CU_STREAM_NON_BLOCKING)) != 0)
    return -1;
  m->stream = stream;
  if (DN_CUDA(cuEventCreate, (&start, CU_EVENT_DEFAULT)) != 0)
    return -1;
  m->start = start;
  if (DN_CUDA(cuEventCreate, (&stop, CU_EVENT_DEFAULT)) != 0)
    return -1;
  m->stop = stop;
  return 0;
}

/* The device address `offset` bytes into the allocation, as the model
 * object takes it. */
static void *device_pointer(const dn_target_model *m, size_t offset)
{
  return (void *)(uintptr_t)(m->memory + offset);
}

/* Records one forward pass on the stream into a graph and instantiates it.
 * The capture is relaxed because the kernels are first looked up inside it
 * (cuModuleGetFunction, which may load them lazily). Errors of the mgpu*
 * functions are reported first: a failed launch is what makes the capture
 * fail. */
static int capture_forward(dn_target_model *m)
{
  if (DN_CUDA(cuStreamBeginCapture_v2,
              (m->stream, CU_STREAM_CAPTURE_MODE_RELAXED)) != 0)
    return -1;
  dn_cuda_bind_stream(m->stream);
  densenet_model_forward(device_pointer(m, m->layout.weights),
                         device_pointer(m, m->layout.arena),
                         device_pointer(m, m->layout.input),
                         device_pointer(m, m->layout.output));
  dn_cuda_bind_stream(NULL);
  CUgraph graph = NULL;
  CUresult ended = dn_cuda.cuStreamEndCapture(m->stream, &graph);
  int rc = dn_cuda_report_module_errors();
  if (dn_cuda_check(ended, "cuStreamEndCapture") != 0)
    return -1;
  CUgraphExec exec;
  if (rc == 0 && DN_CUDA(cuGraphInstantiateWithFlags, (&exec, graph, 0)) == 0)
    m->graph = exec;
  else
    rc = -1;
  if (DN_CUDA(cuGraphDestroy, (graph)) != 0)
    rc = -1;
  return rc;
}

dn_target_model *dn_target_open(const void *weights, int option_value)
{
  dn_target_model *m = calloc(1, sizeof(*m));
  if (!m) {
    dn_error("out of memory preparing the model");
    return NULL;
  }
  m->layout = plan_layout();
  if (dn_cuda_driver_open() != 0 || open_device(m, option_value) != 0 ||
      dn_cuda_modules_load() != 0 || upload_weights(m, weights) != 0 ||
      create_stream_and_events(m) != 0 || capture_forward(m) != 0) {
    dn_target_close(m);
    return NULL;
  }
  return m;
}

/* Copies the input in, launches the graph (between the two events when
 * `timed`), copies the output out and waits for all of it. */
static int run(dn_target_model *m, const float *input, float *output,
               int timed)
{
  if (DN_CUDA(cuMemcpyHtoDAsync_v2, (m->memory + m->layout.input, input,
                                     input_bytes(), m->stream)) != 0 ||
      (timed && DN_CUDA(cuEventRecord, (m->start, m->stream)) != 0) ||
      DN_CUDA(cuGraphLaunch, (m->graph, m->stream)) != 0 ||
      (timed && DN_CUDA(cuEventRecord, (m->stop, m->stream)) != 0) ||
      DN_CUDA(cuMemcpyDtoHAsync_v2, (output, m->memory + m->layout.output,
                                     output_bytes(), m->stream)) != 0)
    return -1;
  return DN_CUDA(cuStreamSynchronize, (m->stream));
}

int dn_target_run(dn_target_model *model, const float *input, float *output)
{
  return run(model, input, output, 0);
}

int dn_target_timed_run(dn_target_model *model, const float *input,
                        float *output, double *ms)
{
  float elapsed;
  if (run(model, input, output, 1) != 0 ||
      DN_CUDA(cuEventElapsedTime_v2, (&elapsed, model->start, model->stop)) !=
          0)
    return -1;
  *ms = elapsed;
  return 0;
}

int dn_target_close(dn_target_model *m)
{
  if (!m)
    return 0;
  /* Every release is tried, in the reverse order of dn_target_open. */
  int rc = 0;
  if (m->stop && DN_CUDA(cuEventDestroy_v2, (m->stop)) != 0)
    rc = -1;
  if (m->start && DN_CUDA(cuEventDestroy_v2, (m->start)) != 0)
    rc = -1;
  if (m->graph && DN_CUDA(cuGraphExecDestroy, (m->graph)) != 0)
    rc = -1;
  if (m->stream && DN_CUDA(cuStreamDestroy_v2, (m->stream)) != 0)
    rc = -1;
  if (m->memory && DN_CUDA(cuMemFree_v2, (m->memory)) != 0)
    rc = -1;
  if (dn_cuda_modules_unload() != 0)
    rc = -1;
  if (m->context && DN_CUDA(cuDevicePrimaryCtxRelease_v2, (m->device)) != 0)
    rc = -1;
  dn_cuda_driver_close();
  free(m);
  return rc;
}

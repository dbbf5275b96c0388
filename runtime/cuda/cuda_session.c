/* cuda_session.c: a compiled model prepared on one NVIDIA GPU and run
 * from a CUDA graph of one forward pass captured at open; the weights, the
 * arena, the input and the output share one device allocation, and runs
 * can be timed with CUDA events. */
#include "cuda_session.h"

#include "cuda_driver.h"
#include "cuda_module.h"
#include "diag.h"

#include <stdint.h>
#include <stdlib.h>

/* Byte offsets of the parts of the device allocation, and its size. */
typedef struct {
  size_t weights, arena, input, output, total;
} device_layout;

struct dn_cuda_session {
  const dn_cuda_model *model;
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

static size_t input_bytes(const dn_cuda_model *model)
{
  return (size_t)model->input_count * sizeof(float);
}

static size_t output_bytes(const dn_cuda_model *model)
{
  return (size_t)model->output_count * sizeof(float);
}

static device_layout plan_layout(const dn_cuda_model *model)
{
  device_layout l;
  l.weights = 0;
  l.arena = align_up((size_t)model->weights_bytes);
  l.input = l.arena + align_up((size_t)model->arena_bytes);
  l.output = l.input + align_up(input_bytes(model));
  l.total = l.output + align_up(output_bytes(model));
  return l;
}

size_t dn_cuda_device_bytes(const dn_cuda_model *model)
{
  return plan_layout(model).total;
}

/* Makes the primary context of GPU `ordinal` current. */
static int open_device(dn_cuda_session *m, int ordinal)
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
    dn_error("GPU %d: there are %d NVIDIA GPUs, numbered from 0", ordinal,
             count);
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
static int upload_weights(dn_cuda_session *m)
{
  CUdeviceptr memory;
  if (DN_CUDA(cuMemAlloc_v2, (&memory, m->layout.total)) != 0)
    return -1;
  m->memory = memory;
  return DN_CUDA(cuMemcpyHtoD_v2, (m->memory + m->layout.weights,
                                   m->model->weights,
                                   (size_t)m->model->weights_bytes));
}

static int create_stream_and_events(dn_cuda_session *m)
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
static void *device_pointer(const dn_cuda_session *m, size_t offset)
{
  return (void *)(uintptr_t)(m->memory + offset);
}

/* Records one forward pass on the stream into a graph and instantiates it.
 * The capture is relaxed because the kernels are first looked up inside it
 * (cuModuleGetFunction, which may load them lazily). Errors of the mgpu*
 * functions are reported first: a failed launch is what makes the capture
 * fail. */
static int capture_forward(dn_cuda_session *m)
{
  if (DN_CUDA(cuStreamBeginCapture_v2,
              (m->stream, CU_STREAM_CAPTURE_MODE_RELAXED)) != 0)
    return -1;
  dn_cuda_bind_stream(m->stream);
  m->model->forward(device_pointer(m, m->layout.weights),
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

dn_cuda_session *dn_cuda_session_open(const dn_cuda_model *model, int ordinal)
{
  dn_cuda_session *m = calloc(1, sizeof(*m));
  if (!m) {
    dn_error("out of memory preparing the model");
    return NULL;
  }
  m->model = model;
  m->layout = plan_layout(model);
  if (dn_cuda_driver_open() != 0 || open_device(m, ordinal) != 0 ||
      dn_cuda_modules_load() != 0 || upload_weights(m) != 0 ||
      create_stream_and_events(m) != 0 || capture_forward(m) != 0) {
    dn_cuda_session_close(m);
    return NULL;
  }
  return m;
}

/* Copies the input in, launches the graph (between the two events when
 * `timed`), copies the output out and waits for all of it. */
static int run(dn_cuda_session *m, const float *input, float *output,
               int timed)
{
  if (DN_CUDA(cuMemcpyHtoDAsync_v2, (m->memory + m->layout.input, input,
                                     input_bytes(m->model), m->stream)) != 0 ||
      (timed && DN_CUDA(cuEventRecord, (m->start, m->stream)) != 0) ||
      DN_CUDA(cuGraphLaunch, (m->graph, m->stream)) != 0 ||
      (timed && DN_CUDA(cuEventRecord, (m->stop, m->stream)) != 0) ||
      DN_CUDA(cuMemcpyDtoHAsync_v2, (output, m->memory + m->layout.output,
                                     output_bytes(m->model), m->stream)) != 0)
    return -1;
  return DN_CUDA(cuStreamSynchronize, (m->stream));
}

int dn_cuda_session_run(dn_cuda_session *session, const float *input,
                        float *output, double *ms)
{
  float elapsed;
  if (run(session, input, output, ms != NULL) != 0)
    return -1;
  if (!ms)
    return 0;
  if (DN_CUDA(cuEventElapsedTime_v2,
              (&elapsed, session->start, session->stop)) != 0)
    return -1;
  *ms = elapsed;
  return 0;
}

int dn_cuda_session_close(dn_cuda_session *m)
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

int dn_cuda_run_model(const dn_cuda_model *model, dn_cuda_session **session,
                      const float *input, float *output)
{
  if (!*session && !(*session = dn_cuda_session_open(model, 0)))
    return -1;
  return dn_cuda_session_run(*session, input, output, NULL);
}

/* cuda_target.c: the CUDA target of target.h: the executable's model
 * (densenet_model_abi.h) run on one NVIDIA GPU (--device N) through a
 * cuda_session.h session. */
#include "target.h"

#include "cuda_session.h"
#include "densenet_model_abi.h"
#include "diag.h"
#include "model.h"

#include <inttypes.h>
#include <stdlib.h>

const dn_target_option dn_target_option_spec = {
    "--device", "the NVIDIA GPU that runs the model, from 0 (default 0)", 0,
    0};

struct dn_target_model {
  dn_cuda_model model;
  dn_cuda_session *session;
};

/* The executable's model, with the weight blob `weights`. */
static dn_cuda_model executable_model(const void *weights)
{
  dn_cuda_model model = {densenet_model_forward,
                         weights,
                         densenet_model_weights_bytes,
                         densenet_model_arena_bytes,
                         (int64_t)dn_model_input_count(),
                         (int64_t)dn_model_output_count()};
  return model;
}

void dn_target_print_model(FILE *out)
{
  dn_cuda_model model = executable_model(NULL);
  fprintf(out, "  GPU memory: %zu bytes (weights %" PRId64 " + arena %" PRId64
          " + input %zu + output %zu, each %d-byte aligned)\n",
          dn_cuda_device_bytes(&model), model.weights_bytes,
          model.arena_bytes, (size_t)model.input_count * sizeof(float),
          (size_t)model.output_count * sizeof(float), DN_CUDA_ALIGNMENT);
}

dn_target_model *dn_target_open(const void *weights, int option_value)
{
  dn_target_model *m = malloc(sizeof(*m));
  if (!m) {
    dn_error("out of memory preparing the model");
    return NULL;
  }
  m->model = executable_model(weights);
  m->session = dn_cuda_session_open(&m->model, option_value);
  if (!m->session) {
    free(m);
    return NULL;
  }
  return m;
}

int dn_target_run(dn_target_model *model, const float *input, float *output)
{
  return dn_cuda_session_run(model->session, input, output, NULL);
}

int dn_target_timed_run(dn_target_model *model, const float *input,
                        float *output, double *ms)
{
  return dn_cuda_session_run(model->session, input, output, ms);
}

int dn_target_close(dn_target_model *model)
{
  if (!model)
    return 0;
  int rc = dn_cuda_session_close(model->session);
  free(model);
  return rc;
}

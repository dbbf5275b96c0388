/* cpu_target.c: the CPU target of target.h: the model runs on the calling
 * thread, its loops over pixel blocks shared out among OpenMP threads, with
 * its intermediate buffers in one host arena. */
#include "target.h"

#include "arena.h"
#include "densenet_model_abi.h"
#include "diag.h"

#include <omp.h>
#include <stdlib.h>

const dn_target_option dn_target_option_spec = {
    "--threads", "threads that run the model (default 1)", 1};

struct dn_target_model {
  const void *weights;
  void *arena;
};

dn_target_model *dn_target_open(const void *weights, int option_value)
{
  dn_target_model *model = malloc(sizeof(*model));
  if (!model) {
    dn_error("out of memory preparing the model");
    return NULL;
  }
  model->weights = weights;
  model->arena = dn_alloc_arena();
  if (!model->arena) {
    free(model);
    return NULL;
  }
  omp_set_num_threads(option_value);
  return model;
}

int dn_target_run(dn_target_model *model, const float *input, float *output)
{
  densenet_model_forward(model->weights, model->arena, input, output);
  return 0;
}

void dn_target_close(dn_target_model *model)
{
  if (!model)
    return;
  free(model->arena);
  free(model);
}

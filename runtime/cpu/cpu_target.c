/* cpu_target.c: the CPU target of target.h: the model runs on the calling
 * thread, its loops over pixel blocks shared out among the threads of the
 * runtime's pool (thread_pool.h; --threads sets how many), with its
 * intermediate buffers in one host arena; runs are timed with the
 * monotonic wall clock. */
#define _POSIX_C_SOURCE 200809L

#include "target.h"

#include "arena.h"
#include "densenet_model_abi.h"
#include "diag.h"
#include "thread_pool.h"

#include <stdlib.h>
#include <time.h>

const dn_target_option dn_target_option_spec = {
    "--threads", "threads that run the model (default 1)", 1, 1};

struct dn_target_model {
  const void *weights;
  void *arena;
};

dn_target_model *dn_target_open(const void *weights, int option_value)
{
  if (dn_pool_set_threads(option_value) != 0) {
    dn_error("--threads %d: at most %d threads are supported", option_value,
             DN_POOL_MAX_THREADS);
    return NULL;
  }
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
  return model;
}

int dn_target_run(dn_target_model *model, const float *input, float *output)
{
  densenet_model_forward(model->weights, model->arena, input, output);
  return 0;
}

static double now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

int dn_target_timed_run(dn_target_model *model, const float *input,
                        float *output, double *ms)
{
  double start = now_ms();
  int rc = dn_target_run(model, input, output);
  *ms = now_ms() - start;
  return rc;
}

int dn_target_close(dn_target_model *model)
{
  if (model) {
    free(model->arena);
    free(model);
  }
  return 0;
}

void dn_target_print_model(FILE *out)
{
  (void)out; /* the arena is host memory: nothing to add */
}

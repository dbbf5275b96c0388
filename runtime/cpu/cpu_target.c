/* cpu_target.c: the CPU target of target.h: the model runs on the calling
 * thread, its loops over pixel blocks shared out among the threads of the
 * runtime's pool (thread_pool.h; --threads sets how many), with its
 * intermediate buffers in one host arena; runs are timed with the
 * monotonic wall clock.
 *
 * A batch compiled image by image (densenet_model_forward_image, see
 * densenet_model_abi.h) runs up to --threads images at once instead, each
 * with an arena of its own (image_batch.h). */
#define _POSIX_C_SOURCE 200809L

#include "target.h"

#include "arena.h"
#include "densenet_model_abi.h"
#include "diag.h"
#include "image_batch.h"
#include "region_profile.h"
#include "thread_pool.h"

#include <stdint.h>
#include <stdlib.h>
#include <time.h>

const dn_target_option dn_target_option_spec = {
    "--threads",
    "threads that run the model (default 1); at batch N > 1, up to N\n"
    "                  images run at once, each in an arena of its own",
    1, 1};

/* Defined by the model object where its batch runs image by image. */
extern void densenet_model_forward_image(const void *weights, void *arena,
                                         const float *input, float *output)
    __attribute__((weak));

struct dn_target_model {
  const void *weights;
  int arenas; /* images that run at once: 1, or up to --threads */
  void *arena[];
};

/* How many images run at once with `threads` threads. */
static int images_at_once(int threads)
{
  int64_t images = densenet_model_input_shape[0];
  if (!densenet_model_forward_image || images < 2)
    return 1;
  return images < threads ? (int)images : threads;
}

dn_target_model *dn_target_open(const void *weights, int option_value)
{
  if (dn_pool_set_threads(option_value) != 0) {
    dn_error("--threads %d: at most %d threads are supported", option_value,
             DN_POOL_MAX_THREADS);
    return NULL;
  }
  int arenas = images_at_once(option_value);
  dn_target_model *model =
      calloc(1, sizeof(*model) + (size_t)arenas * sizeof(void *));
  if (!model) {
    dn_error("out of memory preparing the model");
    return NULL;
  }
  model->weights = weights;
  for (; model->arenas < arenas; ++model->arenas) {
    model->arena[model->arenas] = dn_alloc_arena();
    if (!model->arena[model->arenas]) {
      dn_target_close(model);
      return NULL;
    }
  }
  return model;
}

static int64_t image_floats(const int64_t *shape, int rank)
{
  int64_t floats = 1;
  for (int i = 1; i < rank; ++i)
    floats *= shape[i];
  return floats;
}

int dn_target_run(dn_target_model *model, const float *input, float *output)
{
  if (model->arenas == 1) {
    densenet_model_forward(model->weights, model->arena[0], input, output);
    return 0;
  }
  dn_run_image_batch(densenet_model_forward_image, model->weights,
                     model->arena, model->arenas, densenet_model_input_shape[0],
                     image_floats(densenet_model_input_shape, 4),
                     image_floats(densenet_model_output_shape, 2), input,
                     output);
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
  dn_profile_timed_run();
  double start = now_ms();
  int rc = dn_target_run(model, input, output);
  *ms = now_ms() - start;
  return rc;
}

int dn_target_close(dn_target_model *model)
{
  if (model) {
    for (int i = 0; i < model->arenas; ++i)
      free(model->arena[i]);
    free(model);
  }
  return 0;
}

void dn_target_print_model(FILE *out)
{
  if (images_at_once(2) > 1)
    fprintf(out,
            "  batch:   image by image; with --threads N, up to N images at\n"
            "           once, each in an arena of %lld bytes of its own\n",
            (long long)densenet_model_arena_bytes);
}

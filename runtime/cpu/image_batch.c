/* image_batch.c: batches run image by image, several images at once
 * (image_batch.h). */
#include "image_batch.h"

#include "thread_pool.h"

typedef struct {
  dn_image_forward forward;
  const void *weights;
  void *const *arenas;
  int64_t input_floats, output_floats;
  const float *input;
  float *output;
  int64_t end; /* images [0, end) run at once, in rounds */
} dn_image_run;

static void run_image(const dn_image_run *run, void *arena, int64_t image)
{
  run->forward(run->weights, arena, run->input + image * run->input_floats,
               run->output + image * run->output_floats);
}

/* Thread `index` of `size` runs images index, index + size, ... below
   `end` in its own arena. */
static void run_images_at_once(void *context, int index, int size)
{
  const dn_image_run *run = context;
  for (int64_t image = index; image < run->end; image += size)
    run_image(run, run->arenas[index], image);
}

void dn_run_image_batch(dn_image_forward forward, const void *weights,
                        void *const *arenas, int arena_count, int64_t images,
                        int64_t input_floats, int64_t output_floats,
                        const float *input, float *output)
{
  int64_t at_once = dn_pool_threads_or_default();
  if (at_once > arena_count)
    at_once = arena_count;
  if (at_once > images)
    at_once = images;
  dn_image_run run = {forward,       weights, arenas, input_floats,
                      output_floats, input,   output, 0};
  if (at_once > 1) {
    run.end = images / at_once * at_once;
    dn_pool_run_team(run_images_at_once, &run, (int)at_once);
  }
  for (int64_t image = run.end; image < images; ++image)
    run_image(&run, arenas[0], image);
}

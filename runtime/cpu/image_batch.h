/* image_batch.h: a batch that the model computes image by image
 * (<prefix>_forward_image), run with up to one image per thread of the
 * pool at once, each in an arena of its own: one image's loops are too
 * short to keep several threads busy, whole images are not. The
 * executable's --threads at batch > 1 and a static library's <prefix>_run
 * use it. */
#ifndef DENSENET_RUNTIME_CPU_IMAGE_BATCH_H
#define DENSENET_RUNTIME_CPU_IMAGE_BATCH_H

#include <stdint.h>

/* The model's one-image forward function. */
typedef void (*dn_image_forward)(const void *weights, void *arena,
                                 const float *input, float *output);

/* Runs `images` images of `input_floats` inputs and `output_floats` logits
 * each: rounds of as many images at once as there are arenas and threads
 * of the pool, image k of a round on thread k in arenas[k] (the image's
 * own parallel loops, nested, run on that thread alone), then the images
 * left one at a time on every thread in arenas[0]. An image's logits are
 * the same, bit for bit, either way. */
void dn_run_image_batch(dn_image_forward forward, const void *weights,
                        void *const *arenas, int arena_count, int64_t images,
                        int64_t input_floats, int64_t output_floats,
                        const float *input, float *output);

#endif /* DENSENET_RUNTIME_CPU_IMAGE_BATCH_H */

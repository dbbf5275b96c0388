/* model.h: checked access to the compiled model's shapes and 64-byte
 * aligned tensor buffers. */
#ifndef DENSENET_RUNTIME_MODEL_H
#define DENSENET_RUNTIME_MODEL_H

#include <stddef.h>

/* Alignment in bytes of every tensor buffer the runtime allocates. */
#define DN_TENSOR_ALIGNMENT 64

/* Returns 0 if the model's shapes and weight size are usable; otherwise
 * prints an error and returns -1. Call before the functions below. */
int dn_model_check(void);

/* Number of floats in the model input (N*C*H*W). */
size_t dn_model_input_count(void);

/* Number of floats in the model output (N*classes). */
size_t dn_model_output_count(void);

/* Allocates `count` floats, DN_TENSOR_ALIGNMENT-aligned (free with free());
 * prints an error and returns NULL when out of memory. */
float *dn_alloc_floats(size_t count);

#endif /* DENSENET_RUNTIME_MODEL_H */

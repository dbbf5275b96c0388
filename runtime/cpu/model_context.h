/* model_context.h: the contexts of a --emit=shared library. A context owns
 * one arena, so calls on different contexts may run at the same time on
 * different threads; calls on one context take its lock and so run one at
 * a time. densenetc's generated <prefix>_init, _infer and _teardown call
 * these with the model's arena size, forward function and weights
 * (compiler/Driver/ModelInterface.cpp). */
#ifndef DENSENET_RUNTIME_CPU_MODEL_CONTEXT_H
#define DENSENET_RUNTIME_CPU_MODEL_CONTEXT_H

#include <stdint.h>

typedef struct dn_model_context dn_model_context;

/* The model's forward function (densenet_model_abi.h's signature). */
typedef void (*dn_model_forward)(const void *weights, void *arena,
                                 const float *input, float *output);

/* A context with a 64-byte-aligned arena of `arena_bytes` bytes (from 2 MiB
 * on, on huge pages: huge_pages.h); NULL when memory runs out. */
dn_model_context *dn_model_context_create(int64_t arena_bytes);

/* Runs `forward` with `weights` in the context's arena, after any call
 * running on the same context. Returns 0, or -1 for a NULL context. */
int dn_model_context_run(dn_model_context *context, dn_model_forward forward,
                         const void *weights, const float *input,
                         float *output);

/* Frees the context and its arena; NULL is a no-op. */
void dn_model_context_destroy(dn_model_context *context);

#endif /* DENSENET_RUNTIME_CPU_MODEL_CONTEXT_H */

/* model_context.c: a shared library's contexts (model_context.h): an arena
 * (on huge pages when large enough, huge_pages.h) and the lock that keeps
 * one call at a time on it. */
#define _POSIX_C_SOURCE 200809L

#include "model_context.h"

#include "huge_pages.h"

#include <pthread.h>
#include <stdlib.h>

/* The arena's alignment, as the compiled code assumes. */
#define DN_ARENA_ALIGNMENT 64

struct dn_model_context {
  pthread_mutex_t lock;
  void *arena;
};

dn_model_context *dn_model_context_create(int64_t arena_bytes)
{
  if (arena_bytes < 0)
    return NULL;
  dn_model_context *context = malloc(sizeof *context);
  if (!context)
    return NULL;
  size_t bytes = arena_bytes > 0 ? (size_t)arena_bytes : 1;
  context->arena = dn_alloc_huge(bytes, DN_ARENA_ALIGNMENT);
  if (!context->arena) {
    free(context);
    return NULL;
  }
  pthread_mutex_init(&context->lock, NULL);
  return context;
}

int dn_model_context_run(dn_model_context *context, dn_model_forward forward,
                         const void *weights, const float *input,
                         float *output)
{
  if (!context)
    return -1;
  pthread_mutex_lock(&context->lock);
  forward(weights, context->arena, input, output);
  pthread_mutex_unlock(&context->lock);
  return 0;
}

void dn_model_context_destroy(dn_model_context *context)
{
  if (!context)
    return;
  pthread_mutex_destroy(&context->lock);
  free(context->arena);
  free(context);
}

/* arena.h: the host arena that holds every intermediate buffer of the
 * model, allocated once per executable. */
#ifndef DENSENET_RUNTIME_CPU_ARENA_H
#define DENSENET_RUNTIME_CPU_ARENA_H

/* Allocates densenet_model_arena_bytes (at least DN_TENSOR_ALIGNMENT) bytes,
 * DN_TENSOR_ALIGNMENT-aligned, on transparent huge pages when it spans one
 * (free with free()); NULL after an error message. */
void *dn_alloc_arena(void);

#endif /* DENSENET_RUNTIME_CPU_ARENA_H */

/* weights.h: locating the model's weight blob, embedded in the executable
 * or memory-mapped read-only from an external file. */
#ifndef DENSENET_RUNTIME_WEIGHTS_H
#define DENSENET_RUNTIME_WEIGHTS_H

#include <stddef.h>

typedef struct {
  const void *data; /* the blob the model runs with (dn_target_open) */
  void *mapping;    /* the mmap'ed file, NULL when nothing was mapped */
  size_t size;      /* bytes mapped */
} dn_weights;

/* Opens the weights: the embedded blob, or the external file `path` (NULL:
 * the executable's path with ".weights" appended), mapped read-only: a
 * 64-byte header (densenetc's magic and the blob's size) and the blob of
 * densenet_model_weights_bytes bytes. With embedded weights a
 * non-NULL `path` is ignored with a warning. Returns 0, or prints an error
 * and returns -1. */
int dn_weights_open(dn_weights *w, const char *path);

/* Unmaps the weight file, if any. */
void dn_weights_close(dn_weights *w);

/* Writes the default external weight path (the executable's path with
 * ".weights" appended) into `buf`. Returns 0, or -1 if unknown or too long. */
int dn_weights_default_path(char *buf, size_t size);

#endif /* DENSENET_RUNTIME_WEIGHTS_H */

/* npy.h: reading and writing float32 NumPy .npy files. */
#ifndef DENSENET_RUNTIME_NPY_H
#define DENSENET_RUNTIME_NPY_H

#include <stddef.h>
#include <stdint.h>

/* Reads a little-endian float32 ('<f4'), C-order .npy file (format version
 * 1.0, 2.0 or 3.0) whose shape must equal `shape` (`ndim` dimensions) into
 * `dst`. Returns 0, or prints an error naming `path` and returns -1. */
int dn_npy_read_f32(const char *path, const int64_t *shape, int ndim,
                    float *dst);

/* Writes `src` as a float32 .npy file (version 1.0 header, as numpy.save
 * writes it) of the given shape. The file appears atomically: it is written
 * to a temporary file in the same directory and renamed; on failure nothing
 * is left behind. Returns 0, or prints an error naming `path` and returns -1. */
int dn_npy_write_f32(const char *path, const int64_t *shape, int ndim,
                     const float *src);

/* Formats a shape like a Python tuple, e.g. "(1, 3, 224, 224)" or "(5,)",
 * into `buf` (truncated to `size` bytes). Returns `buf`. */
char *dn_format_shape(char *buf, size_t size, const int64_t *shape, int ndim);

#endif /* DENSENET_RUNTIME_NPY_H */

/* resample.h: Pillow's antialiased bilinear resize (Image.resize with
 * BILINEAR, which torchvision's Resize applies to PIL images), bit for bit,
 * for 8-bit interleaved pixels, computing only a window of the result. */
#ifndef DENSENET_RUNTIME_RESAMPLE_H
#define DENSENET_RUNTIME_RESAMPLE_H

#include <stddef.h>
#include <stdint.h>

/* A window of the resized image: output columns [x, x + w), rows
 * [y, y + h). */
typedef struct {
  int64_t x, y;
  int w, h;
} dn_window;

/* Resizes `in` (in_w x in_h pixels of `channels` bytes) to res_w x res_h
 * the way Pillow does (coefficients in 22-bit fixed point, a horizontal
 * pass rounded to 8 bits, then a vertical one) and writes the pixels of
 * `window` to `out`, whose rows are `stride` bytes apart. Returns 0, or -1
 * when out of memory. */
int dn_resample_bilinear(const unsigned char *in, int in_w, int in_h,
                         int channels, int64_t res_w, int64_t res_h,
                         dn_window window, unsigned char *out, size_t stride);

#endif /* DENSENET_RUNTIME_RESAMPLE_H */

/* resample.c: Pillow's antialiased bilinear resize, bit for bit
 * (libImaging/Resample.c: precompute_coeffs, normalize_coeffs_8bpc and the
 * two 8-bit passes), restricted to a window of the output. */
#include "resample.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Pillow's fixed point: 32 bits less 8 for the result, 2 for overflow. */
#define PRECISION_BITS (32 - 8 - 2)

/* One axis: for each output index of the window, the first input index
 * (first[i]), the number of taps (taps[i]) and `ksize` fixed-point weights
 * (weights[i * ksize + t]). */
typedef struct {
  int *first, *taps;
  int32_t *weights;
  int ksize;
} axis_filter;

static void axis_filter_free(axis_filter *a)
{
  free(a->first);
  free(a->taps);
  free(a->weights);
}

static double triangle(double x)
{
  x = fabs(x);
  return x < 1.0 ? 1.0 - x : 0.0;
}

/* Pillow's precompute_coeffs (BILINEAR, support 1) for output indices
 * [start, start + len) of an axis resized from in_size to out_size. */
static int axis_filter_init(axis_filter *a, int in_size, int64_t out_size,
                            int64_t start, int len)
{
  double scale = (double)in_size / (double)out_size;
  double filterscale = scale < 1.0 ? 1.0 : scale;
  double support = filterscale;
  a->ksize = (int)ceil(support) * 2 + 1;
  a->first = malloc((size_t)len * sizeof(int));
  a->taps = malloc((size_t)len * sizeof(int));
  a->weights = malloc((size_t)len * (size_t)a->ksize * sizeof(int32_t));
  double *w = malloc((size_t)a->ksize * sizeof(double));
  if (!a->first || !a->taps || !a->weights || !w) {
    free(w);
    axis_filter_free(a);
    return -1;
  }
  for (int i = 0; i < len; ++i) {
    double center = ((double)(start + i) + 0.5) * scale;
    int xmin = (int)(center - support + 0.5);
    if (xmin < 0)
      xmin = 0;
    int xmax = (int)(center + support + 0.5);
    if (xmax > in_size)
      xmax = in_size;
    xmax -= xmin;
    double sum = 0.0;
    for (int x = 0; x < xmax; ++x) {
      w[x] = triangle((x + xmin - center + 0.5) * (1.0 / filterscale));
      sum += w[x];
    }
    int32_t *k = a->weights + (size_t)i * (size_t)a->ksize;
    for (int x = 0; x < a->ksize; ++x) {
      double normalized = x < xmax && sum != 0.0 ? w[x] / sum : 0.0;
      k[x] = (int32_t)(0.5 + normalized * (1 << PRECISION_BITS));
    }
    a->first[i] = xmin;
    a->taps[i] = xmax;
  }
  free(w);
  return 0;
}

/* Pillow's clip8: the accumulator's integer part, clamped to [0, 255]. */
static unsigned char clip8(int32_t sum)
{
  int32_t v = sum >> PRECISION_BITS;
  return (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v);
}

/* One output pixel: `taps` input pixels `step` bytes apart from `src`,
 * weighted by `k`, each channel rounded to 8 bits. */
static void filter_pixel(const unsigned char *src, size_t step, int taps,
                         const int32_t *k, int channels, unsigned char *dst)
{
  for (int c = 0; c < channels; ++c) {
    int32_t sum = 1 << (PRECISION_BITS - 1);
    for (int t = 0; t < taps; ++t)
      sum += src[(size_t)t * step + (size_t)c] * k[t];
    dst[c] = clip8(sum);
  }
}

int dn_resample_bilinear(const unsigned char *in, int in_w, int in_h,
                         int channels, int64_t res_w, int64_t res_h,
                         dn_window window, unsigned char *out, size_t stride)
{
  axis_filter h, v;
  if (axis_filter_init(&h, in_w, res_w, window.x, window.w) != 0)
    return -1;
  if (axis_filter_init(&v, in_h, res_h, window.y, window.h) != 0) {
    axis_filter_free(&h);
    return -1;
  }
  /* The horizontal pass covers the input rows the vertical one reads. */
  int row0 = v.first[0];
  int rows = v.first[window.h - 1] + v.taps[window.h - 1] - row0;
  size_t pixel = (size_t)channels, in_row = (size_t)in_w * pixel;
  size_t tmp_row = (size_t)window.w * pixel;
  unsigned char *tmp = malloc((size_t)rows * tmp_row);
  if (tmp) {
    for (int y = 0; y < rows; ++y)
      for (int x = 0; x < window.w; ++x)
        filter_pixel(in + (size_t)(row0 + y) * in_row + (size_t)h.first[x] * pixel,
                     pixel, h.taps[x], h.weights + (size_t)x * (size_t)h.ksize,
                     channels, tmp + (size_t)y * tmp_row + (size_t)x * pixel);
    for (int y = 0; y < window.h; ++y)
      for (int x = 0; x < window.w; ++x)
        filter_pixel(tmp + (size_t)(v.first[y] - row0) * tmp_row + (size_t)x * pixel,
                     tmp_row, v.taps[y], v.weights + (size_t)y * (size_t)v.ksize,
                     channels, out + (size_t)y * stride + (size_t)x * pixel);
  }
  free(tmp);
  axis_filter_free(&h);
  axis_filter_free(&v);
  return tmp ? 0 : -1;
}

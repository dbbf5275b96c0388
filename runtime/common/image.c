/* image.c: decoding image files (stb_image) and ImageNet preprocessing into
 * a model input tensor. */
#define _POSIX_C_SOURCE 200809L

#include "image.h"

#include "diag.h"
#include "resample.h"
#include "stb_workarounds.h"

#include <stb/stb_image.h>

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* torchvision's evaluation transform: Resize(256) then CenterCrop(224). */
#define IMAGENET_RESIZE 256
#define IMAGENET_CROP 224

/* Largest model H or W accepted for image inputs (stb_image's own limit). */
#define IMAGE_MAX_SIDE (1 << 24)

/* Most pixels an input image may have (402 MB decoded as RGB): checked on
 * the header before decoding, so that a few bytes claiming 65535 x 65535
 * cannot make the executable allocate gigabytes. */
#define IMAGE_MAX_PIXELS ((int64_t)1 << 27)

static const float kMean[3] = {0.485f, 0.456f, 0.406f};
static const float kStd[3] = {0.229f, 0.224f, 0.225f};

int dn_image_is_image_path(const char *path)
{
  static const char *const extensions[] = {".png", ".jpg", ".jpeg",
                                           ".ppm", ".pgm", ".bmp"};
  const char *dot = strrchr(path, '.');
  if (!dot || strchr(dot, '/'))
    return 0;
  for (size_t i = 0; i < sizeof(extensions) / sizeof(extensions[0]); ++i)
    if (strcasecmp(dot, extensions[i]) == 0)
      return 1;
  return 0;
}

/* Reads the next decimal number of a PNM header, skipping whitespace and
 * comments; returns -1 if there is none. */
static long pnm_number(const unsigned char *h, size_t n, size_t *pos)
{
  while (*pos < n && (isspace(h[*pos]) || h[*pos] == '#')) {
    if (h[*pos] == '#')
      while (*pos < n && h[*pos] != '\n')
        ++*pos;
    else
      ++*pos;
  }
  long value = -1;
  while (*pos < n && isdigit(h[*pos]) && value < (1L << 30))
    value = (value < 0 ? 0 : value * 10) + (h[(*pos)++] - '0');
  return value;
}

/* Bytes a binary PNM (P5/P6) or uncompressed BMP needs according to its
 * header, or 0 when the format is another or the header unreadable (the
 * decoder then reports it). stb_image's PNM and BMP loaders accept short
 * pixel data, so the length is checked here. */
static uint64_t raw_image_bytes(const unsigned char *h, size_t n)
{
  if (n >= 2 && h[0] == 'P' && (h[1] == '5' || h[1] == '6')) {
    size_t pos = 2;
    long w = pnm_number(h, n, &pos), ht = pnm_number(h, n, &pos);
    long maxval = pnm_number(h, n, &pos);
    if (w <= 0 || ht <= 0 || maxval <= 0)
      return 0;
    uint64_t sample = maxval > 255 ? 2 : 1, comps = h[1] == '6' ? 3 : 1;
    return pos + 1 + (uint64_t)w * (uint64_t)ht * comps * sample;
  }
  if (n >= 34 && h[0] == 'B' && h[1] == 'M') {
    uint32_t offset = (uint32_t)h[10] | (uint32_t)h[11] << 8 |
                      (uint32_t)h[12] << 16 | (uint32_t)h[13] << 24;
    int32_t w = (int32_t)((uint32_t)h[18] | (uint32_t)h[19] << 8 |
                          (uint32_t)h[20] << 16 | (uint32_t)h[21] << 24);
    int32_t ht = (int32_t)((uint32_t)h[22] | (uint32_t)h[23] << 8 |
                           (uint32_t)h[24] << 16 | (uint32_t)h[25] << 24);
    unsigned bits = (unsigned)h[28] | (unsigned)h[29] << 8;
    uint32_t compression = (uint32_t)h[30] | (uint32_t)h[31] << 8;
    if (w <= 0 || ht == 0 || (compression != 0 && compression != 3))
      return 0;
    uint64_t row = ((uint64_t)w * bits + 31) / 32 * 4;
    return offset + row * (uint64_t)(ht < 0 ? -(int64_t)ht : ht);
  }
  return 0;
}

/* Fails with a message when `f` is shorter than its header says. */
static int check_complete(FILE *f, const char *path)
{
  unsigned char header[256];
  size_t n = fread(header, 1, sizeof header, f);
  uint64_t needed = raw_image_bytes(header, n);
  if (fseek(f, 0, SEEK_END) != 0)
    return 0;
  long size = ftell(f);
  rewind(f);
  if (needed && size >= 0 && (uint64_t)size < needed) {
    dn_error("%s: truncated image: %ld bytes, the header needs %" PRIu64,
             path, size, needed);
    return -1;
  }
  return 0;
}

/* Fails with a message when the header of `f` (left at its start) gives
 * an empty image or more than IMAGE_MAX_PIXELS; a header stb_image cannot
 * read is left to the decoder to report. */
static int check_dimensions(FILE *f, const char *path)
{
  int w, h, comp;
  if (!stbi_info_from_file(f, &w, &h, &comp))
    return 0;
  if (w <= 0 || h <= 0) {
    dn_error("%s: the image is empty (%dx%d pixels)", path, w, h);
    return -1;
  }
  if ((int64_t)w * h > IMAGE_MAX_PIXELS) {
    dn_error("%s: the image is %dx%d pixels, over the limit of %" PRId64
             " pixels", path, w, h, IMAGE_MAX_PIXELS);
    return -1;
  }
  return 0;
}

/* Decodes `path` into `channels` 8-bit channels per pixel. */
static unsigned char *decode(const char *path, int channels, int *w, int *h)
{
  FILE *f = fopen(path, "rb");
  if (!f) {
    dn_error("%s: cannot open: %s", path, strerror(errno));
    return NULL;
  }
  /* stb's own header parsing first: the dimensions it reports are only
     meaningful for the headers dn_stb_check_input accepts. */
  if (dn_stb_check_input(f, path) != 0 || check_dimensions(f, path) != 0 ||
      check_complete(f, path) != 0) {
    fclose(f);
    return NULL;
  }
  unsigned char *pixels = dn_stb_load_from_file(f, w, h, channels);
  fclose(f);
  if (!pixels) {
    dn_error("%s: cannot decode the image: %s", path, stbi_failure_reason());
    return NULL;
  }
  return pixels;
}

/* One axis of Resize + CenterCrop: the crop keeps pixels [src, src + len)
 * of the resized axis and writes them to output pixels [dst, dst + len);
 * output pixels outside stay 0 (torchvision pads the image with zeros where
 * the crop is larger than the resized image). */
typedef struct {
  int64_t src;
  int dst, len;
} crop_span;

static crop_span center_crop_axis(int64_t resized, int crop)
{
  crop_span span;
  span.src = resized >= crop ? (int64_t)rint((double)(resized - crop) / 2.0) : 0;
  span.dst = resized >= crop ? 0 : (int)((crop - resized) / 2);
  span.len = resized >= crop ? crop : (int)resized;
  return span;
}

/* Resizes `pixels` (w x h x channels) the way torchvision's Resize does on
 * a PIL image (Pillow's bilinear filter) so the shorter side is
 * round(out_h * 256 / 224), then center-crops it into the zero-initialized
 * `out` (out_w x out_h x channels). Returns 0, or -1 when out of memory. */
static int resize_crop(const unsigned char *pixels, int w, int h, int channels,
                       unsigned char *out, int out_w, int out_h)
{
  int64_t shorter = ((int64_t)out_h * IMAGENET_RESIZE * 2 + IMAGENET_CROP) /
                    (2 * IMAGENET_CROP);
  int64_t res_w = w <= h ? shorter : shorter * w / h;
  int64_t res_h = w <= h ? shorter * h / w : shorter;
  crop_span x = center_crop_axis(res_w, out_w);
  crop_span y = center_crop_axis(res_h, out_h);
  size_t stride = (size_t)out_w * (size_t)channels;
  unsigned char *first = out + (size_t)y.dst * stride +
                         (size_t)x.dst * (size_t)channels;
  dn_window window = {x.src, y.src, x.len, y.len};
  return dn_resample_bilinear(pixels, w, h, channels, res_w, res_h, window,
                              first, stride);
}

/* Converts interleaved 8-bit pixels to normalized planar (CHW) floats. */
static void to_chw(const unsigned char *pixels, int channels, size_t hw,
                   float *dst)
{
  for (int c = 0; c < channels; ++c) {
    float mean = channels == 3 ? kMean[c] : 0.0f;
    float std = channels == 3 ? kStd[c] : 1.0f;
    for (size_t i = 0; i < hw; ++i)
      dst[(size_t)c * hw + i] =
          ((float)pixels[i * (size_t)channels + (size_t)c] / 255.0f - mean) /
          std;
  }
}

static int check_model_shape(const char *path, const int64_t shape[4])
{
  if (shape[1] != 1 && shape[1] != 3) {
    dn_error("%s: image inputs need a model with 1 or 3 input channels, "
             "but this model has %" PRId64, path, shape[1]);
    return -1;
  }
  if (shape[2] > IMAGE_MAX_SIDE || shape[3] > IMAGE_MAX_SIDE) {
    dn_error("%s: the model input is too large for image preprocessing", path);
    return -1;
  }
  return 0;
}

int dn_image_load(const char *path, const int64_t shape[4], float *dst)
{
  if (check_model_shape(path, shape) != 0)
    return -1;
  int channels = (int)shape[1], out_h = (int)shape[2], out_w = (int)shape[3];
  int w, h;
  unsigned char *pixels = decode(path, channels, &w, &h);
  if (!pixels)
    return -1;
  size_t hw = (size_t)out_h * (size_t)out_w;
  unsigned char *crop = calloc(hw, (size_t)channels);
  int ok = crop && resize_crop(pixels, w, h, channels, crop, out_w, out_h) == 0;
  if (ok) {
    to_chw(crop, channels, hw, dst);
    for (int64_t n = 1; n < shape[0]; ++n)
      memcpy(dst + (size_t)n * hw * (size_t)channels, dst,
             hw * (size_t)channels * sizeof(float));
  } else {
    dn_error("%s: cannot preprocess the image: out of memory", path);
  }
  free(crop);
  stbi_image_free(pixels);
  return ok ? 0 : -1;
}

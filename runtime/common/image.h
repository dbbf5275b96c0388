/* image.h: decoding image files (stb_image) and ImageNet preprocessing into
 * a model input tensor. */
#ifndef DENSENET_RUNTIME_IMAGE_H
#define DENSENET_RUNTIME_IMAGE_H

#include <stdint.h>

/* Returns 1 if `path` names an image the runtime decodes, by extension
 * (case-insensitive): .png .jpg .jpeg .ppm .pgm .bmp; 0 otherwise. */
int dn_image_is_image_path(const char *path);

/* Decodes the image `path` and fills `dst`, an NCHW tensor of `shape`, the
 * way torchvision's ImageNet evaluation transform does:
 *   - convert to RGB (C == 3) or to luminance (C == 1);
 *   - resize (bilinear, antialiased when shrinking) so the shorter side is
 *     round(H * 256 / 224), the longer side keeping the aspect ratio;
 *   - center-crop to H x W (padding with black where the crop is larger
 *     than the resized image);
 *   - scale to [0, 1]; for C == 3 normalize with mean (0.485, 0.456, 0.406)
 *     and std (0.229, 0.224, 0.225); C == 1 stays in [0, 1];
 *   - copy the image into every one of the N batch slots.
 * Returns 0, or prints an error naming `path` and returns -1. */
int dn_image_load(const char *path, const int64_t shape[4], float *dst);

#endif /* DENSENET_RUNTIME_IMAGE_H */

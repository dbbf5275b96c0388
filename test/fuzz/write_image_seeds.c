/* write_image_seeds.c DIR: writes the image fuzzer's seeds into DIR with
 * stb_image_write (PNG, JPEG, BMP) and by hand (binary and ASCII PNM): small
 * non-square gradients in every channel layout the decoders handle. Built
 * and run by make_seeds.py. */
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>

#include <stdio.h>
#include <stdlib.h>

static char path_buf[4096];

static const char *path(const char *dir, const char *name)
{
  snprintf(path_buf, sizeof path_buf, "%s/%s", dir, name);
  return path_buf;
}

/* A w x h gradient with `comp` channels. */
static unsigned char *gradient(int w, int h, int comp)
{
  unsigned char *p = malloc((size_t)w * h * comp);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < comp; ++c)
        p[((size_t)y * w + x) * comp + c] =
            (unsigned char)(x * 255 / w + y * 37 + c * 80);
  return p;
}

static int write_pnm(const char *file, const char *magic, int w, int h,
                     int comp, const unsigned char *p)
{
  FILE *f = fopen(file, "wb");
  if (!f)
    return 0;
  fprintf(f, "%s\n# seed\n%d %d\n255\n", magic, w, h);
  size_t n = (size_t)w * h * comp;
  if (magic[1] == '2' || magic[1] == '3')
    for (size_t i = 0; i < n; ++i)
      fprintf(f, "%d%c", p[i], i % 12 == 11 ? '\n' : ' ');
  else
    fwrite(p, 1, n, f);
  return fclose(f) == 0;
}

int main(int argc, char **argv)
{
  if (argc != 2) {
    fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  const char *dir = argv[1];
  unsigned char *rgb = gradient(7, 5, 3), *rgba = gradient(6, 9, 4);
  unsigned char *gray = gradient(5, 8, 1), *ga = gradient(4, 3, 2);
  int ok = stbi_write_png(path(dir, "rgb.png"), 7, 5, 3, rgb, 7 * 3) &&
           stbi_write_png(path(dir, "rgba.png"), 6, 9, 4, rgba, 6 * 4) &&
           stbi_write_png(path(dir, "gray.png"), 5, 8, 1, gray, 5) &&
           stbi_write_png(path(dir, "gray-alpha.png"), 4, 3, 2, ga, 4 * 2) &&
           stbi_write_jpg(path(dir, "rgb.jpg"), 7, 5, 3, rgb, 90) &&
           stbi_write_jpg(path(dir, "gray.jpg"), 5, 8, 1, gray, 75) &&
           stbi_write_bmp(path(dir, "rgb.bmp"), 7, 5, 3, rgb) &&
           stbi_write_bmp(path(dir, "rgba.bmp"), 6, 9, 4, rgba) &&
           write_pnm(path(dir, "rgb.ppm"), "P6", 7, 5, 3, rgb) &&
           write_pnm(path(dir, "gray.pgm"), "P5", 5, 8, 1, gray) &&
           write_pnm(path(dir, "ascii.ppm"), "P3", 3, 2, 3, rgb);
  free(rgb);
  free(rgba);
  free(gray);
  free(ga);
  if (!ok) {
    fprintf(stderr, "write_image_seeds: cannot write into %s\n", dir);
    return 1;
  }
  return 0;
}

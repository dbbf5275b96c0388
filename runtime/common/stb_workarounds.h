/* stb_workarounds.h: decoding with Debian's stb_image (v2.27) around the
 * holes in it that corrupt memory (each fixed upstream in 2.28). */
#ifndef DENSENET_RUNTIME_STB_WORKAROUNDS_H
#define DENSENET_RUNTIME_STB_WORKAROUNDS_H

#include <stdio.h>

/* Returns 0 unless `f` is an image stb_image 2.27 would mishandle: a JPEG
 * stream with a Huffman table (DHT segment) of more than the 256 codes the
 * standard allows (stb writes past its table), or a binary PGM/PPM header
 * with a number past INT_MAX (stb's parser overflows). Then prints an error
 * naming `path` and returns -1. Leaves `f` rewound. */
int dn_stb_check_input(FILE *f, const char *path);

/* stbi_load_from_file(f, w, h, &file_channels, channels), except for a
 * 16-bit PGM or PPM whose channel count is not `channels`: stb_image 2.27
 * converts those as if they were 8-bit and reads past its buffer. They are
 * decoded with their own channels (to 8 bits) and converted here the way
 * stb_image converts: gray replicated to RGB, RGB to luminance
 * (77 R + 150 G + 29 B) >> 8. Returns NULL where stbi_load_from_file
 * does (stbi_failure_reason() says why) or when out of memory. */
unsigned char *dn_stb_load_from_file(FILE *f, int *w, int *h, int channels);

#endif /* DENSENET_RUNTIME_STB_WORKAROUNDS_H */

/* stb_workarounds.c: decoding with Debian's stb_image (v2.27) around the
 * holes in it that corrupt memory (each fixed upstream in 2.28). */
#include "stb_workarounds.h"

#include "diag.h"

#include <stb/stb_image.h>

#include <limits.h>
#include <stdlib.h>

#define JPEG_SOI 0xD8
#define JPEG_EOI 0xD9
#define JPEG_DHT 0xC4
#define JPEG_MAX_HUFFMAN_CODES 256

/* The marker code after the 0xFF that was just read (fill bytes skipped). */
static int next_marker_code(FILE *f)
{
  int c;
  do
    c = getc(f);
  while (c == 0xFF);
  return c;
}

/* A marker with no length field: stuffed 0x00, RSTn, TEM, SOI. */
static int is_standalone(int code)
{
  return code == 0x00 || code == 0x01 || (code >= 0xD0 && code <= 0xD8);
}

/* Reads the tables of one DHT segment, `length` bytes, as stb_image does
 * (class byte, 16 code counts, the symbols, until the length runs out;
 * bytes past the end of the file read as 0). Returns the largest number of
 * codes one table defines. */
static int largest_huffman_table(FILE *f, long length)
{
  int largest = 0;
  while (length > 0) {
    getc(f);
    int codes = 0;
    for (int i = 0; i < 16; ++i) {
      int count = getc(f);
      codes += count == EOF ? 0 : count;
    }
    if (codes > largest)
      largest = codes;
    fseek(f, codes, SEEK_CUR);
    length -= 17 + codes;
  }
  return largest;
}

/* 1 unless the JPEG stream `f` has a DHT table of more than 256 codes. */
static int jpeg_huffman_tables_valid(FILE *f)
{
  int ok = 1;
  /* stb_image takes a stream for JPEG whose first marker is SOI, after any
   * number of 0xFF fill bytes. */
  if (getc(f) == 0xFF && next_marker_code(f) == JPEG_SOI) {
    int c;
    /* Segment by segment; entropy-coded data is skipped byte by byte up to
     * the next marker (where 0xFF is never followed by 0x00 or RSTn). */
    while (ok && (c = getc(f)) != EOF) {
      if (c != 0xFF)
        continue;
      int code = next_marker_code(f);
      if (code == EOF || code == JPEG_EOI)
        break;
      if (is_standalone(code))
        continue;
      int high = getc(f), low = getc(f);
      if (low == EOF)
        break;
      long length = ((long)high << 8 | low) - 2;
      if (code == JPEG_DHT)
        ok = largest_huffman_table(f, length) <= JPEG_MAX_HUFFMAN_CODES;
      else if (length > 0 && fseek(f, length, SEEK_CUR) != 0)
        break;
    }
  }
  rewind(f);
  return ok;
}

/* Skips whitespace and '#' comments the way stb_image's PNM header parser
 * does, from the character `c`; returns the first character after them. */
static int skip_pnm_space(FILE *f, int c)
{
  for (;;) {
    while (c == ' ' || (c >= '\t' && c <= '\r'))
      c = getc(f);
    if (c != '#')
      return c;
    while (c != EOF && c != '\n' && c != '\r')
      c = getc(f);
  }
}

/* 1 unless `f` is a binary PGM or PPM whose width, height or maximum value
 * is a number stb_image's int parser overflows. */
static int pnm_numbers_valid(FILE *f)
{
  int ok = 1;
  int t = getc(f) == 'P' ? getc(f) : EOF;
  if (t == '5' || t == '6') {
    int c = getc(f);
    for (int i = 0; i < 3 && ok; ++i) {
      long long value = 0;
      for (c = skip_pnm_space(f, c); ok && c >= '0' && c <= '9'; c = getc(f))
        ok = (value = value * 10 + (c - '0')) <= INT_MAX;
    }
  }
  rewind(f);
  return ok;
}

int dn_stb_check_input(FILE *f, const char *path)
{
  rewind(f);
  if (!jpeg_huffman_tables_valid(f)) {
    dn_error("%s: cannot decode the image: corrupt JPEG (a Huffman table "
             "with more than %d codes)", path, JPEG_MAX_HUFFMAN_CODES);
    return -1;
  }
  if (!pnm_numbers_valid(f)) {
    dn_error("%s: cannot decode the image: corrupt PNM header (a number "
             "larger than %d)", path, INT_MAX);
    return -1;
  }
  return 0;
}

/* Converts `n` pixels of `from` channels (1 or 3) to `to` channels (3 or 1)
 * as stb_image does; frees `pixels`. */
static unsigned char *convert_channels(unsigned char *pixels, size_t n,
                                       int from, int to)
{
  unsigned char *out = malloc(n * (size_t)to);
  for (size_t i = 0; out && i < n; ++i) {
    const unsigned char *p = pixels + i * (size_t)from;
    if (to == 1)
      out[i] = (unsigned char)((p[0] * 77 + p[1] * 150 + p[2] * 29) >> 8);
    else
      out[3 * i] = out[3 * i + 1] = out[3 * i + 2] = p[0];
  }
  stbi_image_free(pixels);
  return out;
}

/* The channels of a binary PGM (1) or PPM (3) with 16-bit samples, or 0. */
static int pnm16_channels(FILE *f)
{
  unsigned char magic[2];
  int x, y, comp;
  int pnm = fread(magic, 1, 2, f) == 2 && magic[0] == 'P' &&
            (magic[1] == '5' || magic[1] == '6');
  rewind(f);
  int channels = pnm && stbi_info_from_file(f, &x, &y, &comp) &&
                         stbi_is_16_bit_from_file(f) ? comp : 0;
  rewind(f);
  return channels;
}

unsigned char *dn_stb_load_from_file(FILE *f, int *w, int *h, int channels)
{
  int from = pnm16_channels(f), file_channels;
  if (from == 0 || from == channels)
    return stbi_load_from_file(f, w, h, &file_channels, channels);
  unsigned char *pixels = stbi_load_from_file(f, w, h, &file_channels, 0);
  if (!pixels || (from != 1 && from != 3))
    return pixels;
  return convert_channels(pixels, (size_t)*w * (size_t)*h, from, channels);
}

/* npy.c: reading and writing float32 NumPy .npy files.
 *
 * Format: the magic "\x93NUMPY", a major and minor version byte, the header
 * length (uint16 LE for version 1, uint32 LE for versions 2 and 3), then a
 * Python dict literal with 'descr', 'fortran_order' and 'shape', padded with
 * spaces and a newline, then the raw array data. */
#define _POSIX_C_SOURCE 200809L

#include "npy.h"

#include "diag.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the runtime assumes a little-endian host ('<f4' data is read as is)"
#endif

#define NPY_MAGIC "\x93NUMPY"
#define NPY_MAGIC_LEN 6
#define NPY_PREAMBLE_V1 10        /* magic, version, uint16 header length */
#define NPY_MAX_DIMS 64
#define NPY_MAX_HEADER (1L << 20)
#define NPY_ALIGN 64              /* numpy pads the header to this multiple */
#define NPY_GROWTH_DIGITS 21      /* numpy's spare room for the first dim */

typedef struct {
  char descr[32];
  int fortran_order;
  int ndim;
  int64_t shape[NPY_MAX_DIMS];
} npy_header;

char *dn_format_shape(char *buf, size_t size, const int64_t *shape, int ndim)
{
  size_t used = (size_t)snprintf(buf, size, "(");
  for (int i = 0; i < ndim && used < size; ++i)
    used += (size_t)snprintf(buf + used, size - used, "%s%" PRId64,
                             i ? ", " : "", shape[i]);
  if (used < size)
    snprintf(buf + used, size - used, ndim == 1 ? ",)" : ")");
  return buf;
}

static size_t element_count(const int64_t *shape, int ndim)
{
  size_t count = 1;
  for (int i = 0; i < ndim; ++i)
    count *= (size_t)shape[i];
  return count;
}

/* ----- reading ----------------------------------------------------------- */

/* Reads the magic, the version and the header length; returns the header
 * length, or -1 after printing an error. */
static long read_preamble(FILE *f, const char *path)
{
  unsigned char pre[NPY_PREAMBLE_V1 + 2];
  size_t got = fread(pre, 1, NPY_PREAMBLE_V1, f);
  if (got < NPY_PREAMBLE_V1 && ferror(f)) {
    dn_error("%s: cannot read: %s", path, strerror(errno));
    return -1;
  }
  if (got < NPY_MAGIC_LEN || memcmp(pre, NPY_MAGIC, NPY_MAGIC_LEN) != 0) {
    dn_error("%s: not a .npy file (bad magic)", path);
    return -1;
  }
  if (got < NPY_PREAMBLE_V1) {
    dn_error("%s: truncated .npy header", path);
    return -1;
  }
  if (pre[6] == 1)
    return (long)pre[8] | (long)pre[9] << 8;
  if (pre[6] != 2 && pre[6] != 3) {
    dn_error("%s: unsupported .npy format version %d.%d", path, pre[6], pre[7]);
    return -1;
  }
  if (fread(pre + NPY_PREAMBLE_V1, 1, 2, f) != 2) {
    dn_error("%s: truncated .npy header", path);
    return -1;
  }
  uint32_t len = (uint32_t)pre[8] | (uint32_t)pre[9] << 8 |
                 (uint32_t)pre[10] << 16 | (uint32_t)pre[11] << 24;
  if (len > NPY_MAX_HEADER) {
    dn_error("%s: corrupt .npy header (length %" PRIu32 ")", path, len);
    return -1;
  }
  return (long)len;
}

static const char *skip_space(const char *p)
{
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    ++p;
  return p;
}

/* Returns the start of the value of dict key `key` (quoted, e.g. "'shape'"),
 * or NULL when the key is missing. */
static const char *find_value(const char *dict, const char *key)
{
  const char *p = strstr(dict, key);
  if (!p)
    return NULL;
  p = skip_space(p + strlen(key));
  return *p == ':' ? skip_space(p + 1) : NULL;
}

static int parse_descr(const char *p, npy_header *h)
{
  if (!p || *p != '\'')
    return -1;
  const char *end = ++p;
  while (*end != '\'' && isprint((unsigned char)*end))
    ++end;
  if (*end != '\'' || (size_t)(end - p) >= sizeof(h->descr))
    return -1;
  memcpy(h->descr, p, (size_t)(end - p));
  h->descr[end - p] = '\0';
  return 0;
}

static int parse_fortran_order(const char *p, npy_header *h)
{
  if (p && strncmp(p, "False", 5) == 0)
    h->fortran_order = 0;
  else if (p && strncmp(p, "True", 4) == 0)
    h->fortran_order = 1;
  else
    return -1;
  return 0;
}

/* Parses a Python tuple of non-negative integers: "()", "(5,)", "(1, 3)". */
static int parse_shape(const char *p, npy_header *h)
{
  if (!p || *p != '(')
    return -1;
  h->ndim = 0;
  for (p = skip_space(p + 1); *p != ')'; p = skip_space(p)) {
    char *end;
    errno = 0;
    long long dim = strtoll(p, &end, 10);
    if (end == p || errno || dim < 0 || h->ndim == NPY_MAX_DIMS)
      return -1;
    h->shape[h->ndim++] = dim;
    p = skip_space(end);
    if (*p == ',')
      ++p;
    else if (*p != ')')
      return -1;
  }
  return 0;
}

static int parse_header(const char *dict, const char *path, npy_header *h)
{
  if (parse_descr(find_value(dict, "'descr'"), h) != 0) {
    dn_error("%s: corrupt .npy header (bad or missing 'descr')", path);
    return -1;
  }
  if (parse_fortran_order(find_value(dict, "'fortran_order'"), h) != 0) {
    dn_error("%s: corrupt .npy header (bad or missing 'fortran_order')", path);
    return -1;
  }
  if (parse_shape(find_value(dict, "'shape'"), h) != 0) {
    dn_error("%s: corrupt .npy header (bad or missing 'shape')", path);
    return -1;
  }
  return 0;
}

static int read_header(FILE *f, const char *path, npy_header *h)
{
  long len = read_preamble(f, path);
  if (len < 0)
    return -1;
  char *dict = malloc((size_t)len + 1);
  if (!dict) {
    dn_error("%s: out of memory reading the .npy header", path);
    return -1;
  }
  int rc = -1;
  if (fread(dict, 1, (size_t)len, f) != (size_t)len) {
    dn_error("%s: truncated .npy header", path);
  } else {
    dict[len] = '\0';
    rc = parse_header(dict, path, h);
  }
  free(dict);
  return rc;
}

static int check_header(const npy_header *h, const char *path,
                        const int64_t *shape, int ndim)
{
  if (strcmp(h->descr, "<f4") != 0) {
    dn_error("%s: dtype '%s' is not supported (expected float32 '<f4')", path,
             h->descr);
    return -1;
  }
  if (h->fortran_order) {
    dn_error("%s: Fortran-order arrays are not supported (expected C order)",
             path);
    return -1;
  }
  if (h->ndim != ndim || memcmp(h->shape, shape, sizeof(*shape) * (size_t)ndim)) {
    char got[256], want[256];
    dn_error("%s: shape %s does not match the model input %s", path,
             dn_format_shape(got, sizeof(got), h->shape, h->ndim),
             dn_format_shape(want, sizeof(want), shape, ndim));
    return -1;
  }
  return 0;
}

static int read_data(FILE *f, const char *path, float *dst, size_t count)
{
  size_t want = count * sizeof(float);
  size_t got = fread(dst, 1, want, f);
  if (got != want) {
    if (ferror(f))
      dn_error("%s: cannot read: %s", path, strerror(errno));
    else
      dn_error("%s: truncated: expected %zu data bytes, found %zu", path, want,
               got);
    return -1;
  }
  if (fgetc(f) != EOF) {
    dn_error("%s: corrupt: unexpected bytes after the array data", path);
    return -1;
  }
  return 0;
}

int dn_npy_read_f32(const char *path, const int64_t *shape, int ndim,
                    float *dst)
{
  FILE *f = fopen(path, "rb");
  if (!f) {
    dn_error("%s: cannot open: %s", path, strerror(errno));
    return -1;
  }
  npy_header h;
  int rc = read_header(f, path, &h);
  if (rc == 0)
    rc = check_header(&h, path, shape, ndim);
  if (rc == 0)
    rc = read_data(f, path, dst, element_count(shape, ndim));
  fclose(f);
  return rc;
}

/* ----- writing ----------------------------------------------------------- */

/* Builds the version 1.0 preamble and header exactly as numpy.save does;
 * returns its length (a multiple of NPY_ALIGN), or 0 if it does not fit. */
static size_t build_header(char *buf, size_t size, const int64_t *shape,
                           int ndim)
{
  char dims[512];
  dn_format_shape(dims, sizeof(dims), shape, ndim);
  int dict = snprintf(buf + NPY_PREAMBLE_V1, size - NPY_PREAMBLE_V1,
                      "{'descr': '<f4', 'fortran_order': False, 'shape': %s, }",
                      dims);
  int first = ndim ? snprintf(NULL, 0, "%" PRId64, shape[0]) : 0;
  size_t len = (size_t)dict + (ndim ? (size_t)(NPY_GROWTH_DIGITS - first) : 0);
  len += NPY_ALIGN - (NPY_PREAMBLE_V1 + len + 1) % NPY_ALIGN;
  size_t total = NPY_PREAMBLE_V1 + len + 1;
  if (total > size || len + 1 > UINT16_MAX)
    return 0;
  memset(buf + NPY_PREAMBLE_V1 + dict, ' ', len - (size_t)dict);
  buf[total - 1] = '\n';
  memcpy(buf, NPY_MAGIC "\x01\x00", NPY_MAGIC_LEN + 2);
  buf[8] = (char)((len + 1) & 0xff);
  buf[9] = (char)((len + 1) >> 8);
  return total;
}

/* Creates a temporary file next to `path`, with the permissions a new file
 * would get; stores its name in `tmp`. Returns NULL after printing an error. */
static FILE *create_temp(const char *path, char *tmp, size_t size)
{
  snprintf(tmp, size, "%s.tmp.XXXXXX", path);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    dn_error("%s: cannot create a temporary file: %s", path, strerror(errno));
    return NULL;
  }
  mode_t mask = umask(0);
  umask(mask);
  FILE *f = fchmod(fd, 0666 & ~mask) == 0 ? fdopen(fd, "wb") : NULL;
  if (!f) {
    dn_error("%s: cannot create a temporary file: %s", path, strerror(errno));
    close(fd);
    unlink(tmp);
  }
  return f;
}

/* Writes, closes and renames the temporary file; returns 0 or an errno. */
static int finish_temp(FILE *f, const char *tmp, const char *path,
                       const char *header, size_t header_len, const float *src,
                       size_t count)
{
  int ok = fwrite(header, 1, header_len, f) == header_len &&
           fwrite(src, sizeof(float), count, f) == count && fflush(f) == 0;
  int err = ok ? 0 : errno;
  if (fclose(f) != 0 && ok) {
    ok = 0;
    err = errno;
  }
  if (ok && rename(tmp, path) != 0)
    return errno;
  return ok ? 0 : (err ? err : EIO);
}

int dn_npy_write_f32(const char *path, const int64_t *shape, int ndim,
                     const float *src)
{
  char header[4096];
  size_t header_len = build_header(header, sizeof(header), shape, ndim);
  size_t tmp_size = strlen(path) + sizeof(".tmp.XXXXXX");
  char *tmp = malloc(tmp_size);
  if (!header_len || !tmp) {
    dn_error("%s: cannot build the .npy output", path);
    free(tmp);
    return -1;
  }
  FILE *f = create_temp(path, tmp, tmp_size);
  int err = f ? finish_temp(f, tmp, path, header, header_len, src,
                            element_count(shape, ndim))
              : -1;
  if (err > 0) {
    dn_error("%s: cannot write: %s", path, strerror(err));
    unlink(tmp);
  }
  free(tmp);
  return err ? -1 : 0;
}

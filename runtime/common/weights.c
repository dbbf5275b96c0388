/* weights.c: locating the model's weight blob, embedded in the executable
 * or memory-mapped read-only (never copied) from an external file. */
#define _POSIX_C_SOURCE 200809L

#include "weights.h"

#include "densenet_model_abi.h"
#include "diag.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define WEIGHTS_SUFFIX ".weights"

/* The file is a 64-byte header -- the magic, then the blob's size as a
 * little-endian uint64, then zeros -- followed by the blob (see
 * compiler/Driver/WeightsFile.h). */
#define WEIGHTS_MAGIC "DNWEIGHT"
#define WEIGHTS_HEADER_BYTES 64

int dn_weights_default_path(char *buf, size_t size)
{
  if (size <= sizeof(WEIGHTS_SUFFIX))
    return -1;
  ssize_t len = readlink("/proc/self/exe", buf, size - sizeof(WEIGHTS_SUFFIX));
  if (len <= 0 || (size_t)len >= size - sizeof(WEIGHTS_SUFFIX))
    return -1;
  memcpy(buf + len, WEIGHTS_SUFFIX, sizeof(WEIGHTS_SUFFIX));
  return 0;
}

/* Checks that the open file `fd` is a regular file of exactly `expected`
 * bytes (header included). */
static int check_file(int fd, const char *path, uint64_t expected)
{
  struct stat st;
  if (fstat(fd, &st) != 0) {
    dn_error("%s: cannot stat the weight file: %s", path, strerror(errno));
    return -1;
  }
  if (!S_ISREG(st.st_mode)) {
    dn_error("%s: the weight file is not a regular file", path);
    return -1;
  }
  if ((uint64_t)st.st_size != expected) {
    dn_error("%s: the weight file has %" PRIu64 " bytes but the model expects "
             "%" PRIu64, path, (uint64_t)st.st_size, expected);
    return -1;
  }
  return 0;
}

static uint64_t read_le64(const unsigned char *p)
{
  uint64_t value = 0;
  for (int i = 7; i >= 0; --i)
    value = value << 8 | p[i];
  return value;
}

/* Checks the mapped file's header: densenetc's magic and this model's blob
 * size. */
static int check_header(const unsigned char *header, const char *path)
{
  if (memcmp(header, WEIGHTS_MAGIC, strlen(WEIGHTS_MAGIC)) != 0) {
    dn_error("%s: not a densenetc weight file (no " WEIGHTS_MAGIC " header)",
             path);
    return -1;
  }
  uint64_t blob = read_le64(header + 8);
  if (blob != (uint64_t)densenet_model_weights_bytes) {
    dn_error("%s: the weight file holds a %" PRIu64 "-byte blob but the model "
             "expects %" PRIu64, path, blob,
             (uint64_t)densenet_model_weights_bytes);
    return -1;
  }
  return 0;
}

static int map_file(dn_weights *w, const char *path, size_t size)
{
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    dn_error("%s: cannot open the weight file: %s (use --weights PATH)", path,
             strerror(errno));
    return -1;
  }
  int rc = check_file(fd, path, size);
  if (rc == 0) {
    void *p = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      dn_error("%s: cannot map the weight file: %s", path, strerror(errno));
      rc = -1;
    } else {
      w->mapping = p;
      w->size = size;
      w->data = (const unsigned char *)p + WEIGHTS_HEADER_BYTES;
      rc = check_header(p, path);
    }
  }
  close(fd);
  return rc;
}

int dn_weights_open(dn_weights *w, const char *path)
{
  w->data = densenet_model_weights_data;
  w->mapping = NULL;
  w->size = 0;
  if (densenet_model_weights_embedded) {
    if (path)
      dn_warning("--weights %s is ignored: this executable embeds its weights",
                 path);
    return 0;
  }
  char default_path[4096];
  if (!path && dn_weights_default_path(default_path, sizeof(default_path)) != 0) {
    dn_error("cannot locate the executable to find its weight file; "
             "use --weights PATH");
    return -1;
  }
  return map_file(w, path ? path : default_path,
                  WEIGHTS_HEADER_BYTES + (size_t)densenet_model_weights_bytes);
}

void dn_weights_close(dn_weights *w)
{
  if (w->mapping)
    munmap(w->mapping, w->size);
  w->mapping = NULL;
}

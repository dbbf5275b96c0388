/* fuzz_input_file.c: hands a fuzz input to a reader that opens files by
 * path (see fuzz_input_file.h). */
#define _POSIX_C_SOURCE 200809L

#include "fuzz_input_file.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char directory[PATH_MAX];
static char file[PATH_MAX];

static void remove_directory(void)
{
  if (file[0])
    unlink(file);
  rmdir(directory);
}

static void create_directory(void)
{
  const char *tmp = getenv("TMPDIR");
  snprintf(directory, sizeof directory, "%s/densenet-fuzz-XXXXXX",
           tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(directory)) {
    perror("densenet fuzz: cannot create a temporary directory");
    abort();
  }
  atexit(remove_directory);
}

const char *dn_fuzz_write_input(const char *name, const uint8_t *data,
                                size_t size)
{
  if (!directory[0])
    create_directory();
  snprintf(file, sizeof file, "%s/%s", directory, name);
  FILE *f = fopen(file, "wb");
  if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
    perror("densenet fuzz: cannot write the input file");
    abort();
  }
  return file;
}

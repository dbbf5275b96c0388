/* arena_test.c: allocates a model's arena as the executable does
 * (`arena`: runtime/cpu/arena.c) or as a shared library's context does
 * (`context`: runtime/cpu/model_context.c), for a model whose arena spans
 * several huge pages, and prints whether it is aligned to a huge page and
 * whether the kernel recorded the advice to back it with huge pages (the
 * "hg" flag of its mapping in /proc/self/smaps). */
#define _DEFAULT_SOURCE

#include "arena.h"
#include "model_context.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BYTES ((int64_t)5 << 20)

const int64_t densenet_model_arena_bytes = ARENA_BYTES;

/* Whether the mapping that holds `address` (any mapping when
   `address` is NULL) has `flag` among its VmFlags. */
static int mapping_flagged(const void *address, const char *flag)
{
  FILE *smaps = fopen("/proc/self/smaps", "r");
  if (!smaps)
    return 0;
  char line[512];
  int inside = 0, found = 0;
  while (!found && fgets(line, sizeof line, smaps)) {
    unsigned long low, high;
    char dash;
    if (sscanf(line, "%lx%c%lx ", &low, &dash, &high) == 3 && dash == '-') {
      inside = !address ||
               (low <= (uintptr_t)address && (uintptr_t)address < high);
      continue;
    }
    if (inside && strncmp(line, "VmFlags:", 8) == 0 && strstr(line, flag))
      found = 1;
  }
  fclose(smaps);
  return found;
}

int main(int argc, char **argv)
{
  if (argc == 2 && strcmp(argv[1], "arena") == 0) {
    char *arena = dn_alloc_arena();
    if (!arena)
      return 1;
    printf("aligned to 2 MiB: %s\n",
           (uintptr_t)arena % ((uintptr_t)2 << 20) == 0 ? "yes" : "no");
    printf("huge pages advised: %s\n",
           mapping_flagged(arena, " hg") ? "yes" : "no");
    free(arena);
    return 0;
  }
  if (argc == 2 && strcmp(argv[1], "context") == 0) {
    printf("huge pages advised before: %s\n",
           mapping_flagged(NULL, " hg") ? "yes" : "no");
    dn_model_context *context = dn_model_context_create(ARENA_BYTES);
    if (!context)
      return 1;
    printf("huge pages advised: %s\n",
           mapping_flagged(NULL, " hg") ? "yes" : "no");
    dn_model_context_destroy(context);
    return 0;
  }
  fprintf(stderr, "usage: arena_test arena|context\n");
  return 2;
}

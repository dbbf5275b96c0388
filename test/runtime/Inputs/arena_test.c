/* arena_test.c: allocates the executable's arena (runtime/cpu/arena.c) for
 * a model whose arena spans several huge pages, and prints whether it is
 * aligned to a huge page and whether the kernel recorded the advice to back
 * it with huge pages (the "hg" flag of its mapping in /proc/self/smaps). */
#define _DEFAULT_SOURCE

#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const int64_t densenet_model_arena_bytes = (int64_t)5 << 20;

/* The VmFlags line of the mapping that holds `address`, or "" if none. */
static const char *vm_flags_of(const void *address, char *line, size_t size)
{
  FILE *smaps = fopen("/proc/self/smaps", "r");
  if (!smaps)
    return "";
  int inside = 0;
  while (fgets(line, (int)size, smaps)) {
    unsigned long low, high;
    char dash;
    if (sscanf(line, "%lx%c%lx ", &low, &dash, &high) == 3 && dash == '-') {
      inside = low <= (uintptr_t)address && (uintptr_t)address < high;
      continue;
    }
    if (inside && strncmp(line, "VmFlags:", 8) == 0) {
      fclose(smaps);
      return line + 8;
    }
  }
  fclose(smaps);
  return "";
}

int main(void)
{
  char *arena = dn_alloc_arena();
  if (!arena)
    return 1;
  char line[512];
  const char *flags = vm_flags_of(arena, line, sizeof line);
  printf("aligned to 2 MiB: %s\n",
         (uintptr_t)arena % ((uintptr_t)2 << 20) == 0 ? "yes" : "no");
  printf("huge pages advised: %s\n", strstr(flags, " hg") ? "yes" : "no");
  free(arena);
  return 0;
}

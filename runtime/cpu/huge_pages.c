/* huge_pages.c: allocations that span transparent huge pages
 * (huge_pages.h). */
/* MADV_HUGEPAGE is a Linux extension, which _POSIX_C_SOURCE alone hides. */
#define _DEFAULT_SOURCE

#include "huge_pages.h"

#include <stdlib.h>
#include <sys/mman.h>

#define DN_HUGE_PAGE ((size_t)2 << 20)

void *dn_alloc_huge(size_t bytes, size_t alignment)
{
  int huge = bytes >= DN_HUGE_PAGE;
  if (huge) {
    alignment = DN_HUGE_PAGE;
    bytes = (bytes + DN_HUGE_PAGE - 1) / DN_HUGE_PAGE * DN_HUGE_PAGE;
  }
  void *memory = NULL;
  if (posix_memalign(&memory, alignment, bytes) != 0)
    return NULL;
#ifdef MADV_HUGEPAGE
  if (huge)
    (void)madvise(memory, bytes, MADV_HUGEPAGE); /* a hint; failure is fine */
#endif
  return memory;
}

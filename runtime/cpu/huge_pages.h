/* huge_pages.h: allocations that span transparent huge pages, for the
 * model's arenas (the executable's, arena.c, and a shared library's
 * contexts', model_context.c): the convolutions stride through an arena one
 * channel (often several 4 KiB pages) at a time, which misses the TLB with
 * small pages. */
#ifndef DENSENET_RUNTIME_CPU_HUGE_PAGES_H
#define DENSENET_RUNTIME_CPU_HUGE_PAGES_H

#include <stddef.h>

/* `bytes` bytes aligned to `alignment`; from one huge page (2 MiB) on,
 * aligned to and sized in huge pages and advised to use them (madvise, a
 * hint). Free with free(); NULL when memory runs out. */
void *dn_alloc_huge(size_t bytes, size_t alignment);

#endif /* DENSENET_RUNTIME_CPU_HUGE_PAGES_H */

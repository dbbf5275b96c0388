/* diag.c: error and warning messages on stderr. */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>

static void report(const char *severity, const char *fmt, va_list args)
{
  fprintf(stderr, "%s: ", severity);
  vfprintf(stderr, fmt, args);
  fputc('\n', stderr);
}

void dn_error(const char *fmt, ...)
{
  va_list args;
  va_start(args, fmt);
  report("error", fmt, args);
  va_end(args);
}

void dn_warning(const char *fmt, ...)
{
  va_list args;
  va_start(args, fmt);
  report("warning", fmt, args);
  va_end(args);
}

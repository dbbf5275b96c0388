/* topk.c: softmax, top-k selection and class labels for printing the most
 * probable classes. */
#define _POSIX_C_SOURCE 200809L

#include "topk.h"

#include "diag.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  char *text;    /* the whole file, lines split in place */
  char **lines;  /* NUL-terminated lines without their '\n' or "\r\n" */
  size_t count;
} labels;

typedef struct {
  double prob;
  size_t index;
} ranked;

/* Numerically stable softmax of `n` logits into `out`, with class indices. */
static void softmax(const float *logits, size_t n, ranked *out)
{
  double max = logits[0], sum = 0.0;
  for (size_t i = 1; i < n; ++i)
    max = logits[i] > max ? logits[i] : max;
  for (size_t i = 0; i < n; ++i) {
    out[i].index = i;
    sum += out[i].prob = exp(logits[i] - max);
  }
  for (size_t i = 0; i < n; ++i)
    out[i].prob /= sum;
}

/* Orders by decreasing probability (NaN last), then increasing index. */
static int by_probability(const void *a, const void *b)
{
  const ranked *x = a, *y = b;
  double px = isnan(x->prob) ? -1.0 : x->prob;
  double py = isnan(y->prob) ? -1.0 : y->prob;
  if (px != py)
    return px < py ? 1 : -1;
  return (x->index > y->index) - (x->index < y->index);
}

/* Reads a whole file into a NUL-terminated buffer. */
static char *read_file(const char *path)
{
  FILE *f = fopen(path, "rb");
  if (!f) {
    dn_error("%s: cannot open: %s", path, strerror(errno));
    return NULL;
  }
  char *text = NULL;
  size_t len = 0, cap = 0;
  int ok = 1;
  for (;;) {
    if (len == cap) {
      char *bigger = realloc(text, (cap = 2 * cap + 4096) + 1);
      if (!bigger) {
        ok = 0;
        break;
      }
      text = bigger;
    }
    size_t got = fread(text + len, 1, cap - len, f);
    if (got == 0)
      break;
    len += got;
  }
  if (!ok) {
    dn_error("%s: out of memory", path);
  } else if (ferror(f)) {
    dn_error("%s: cannot read: %s", path, strerror(errno));
    ok = 0;
  }
  fclose(f);
  if (!ok) {
    free(text);
    return NULL;
  }
  text[len] = '\0';
  return text;
}

/* Splits `text` into lines in place; a final newline ends the last line. */
static int split_lines(labels *l)
{
  size_t max = 1;
  for (const char *p = l->text; *p; ++p)
    max += *p == '\n';
  l->lines = malloc(sizeof(char *) * max);
  if (!l->lines)
    return -1;
  l->count = 0;
  for (char *p = l->text; *p;) {
    char *end = p + strcspn(p, "\n");
    char *next = *end ? end + 1 : end;
    if (end > p && end[-1] == '\r')
      --end;
    *end = '\0';
    l->lines[l->count++] = p;
    p = next;
  }
  return 0;
}

static int load_labels(labels *l, const char *path, size_t classes)
{
  l->lines = NULL;
  l->text = read_file(path);
  if (!l->text)
    return -1;
  if (split_lines(l) != 0) {
    dn_error("%s: out of memory", path);
    return -1;
  }
  if (l->count < classes) {
    dn_error("%s: has %zu labels but the model has %zu classes", path, l->count,
             classes);
    return -1;
  }
  return 0;
}

static void print_lines(const ranked *top, size_t k, const labels *l)
{
  for (size_t r = 0; r < k; ++r) {
    printf("%zu %zu %.6f", r + 1, top[r].index, top[r].prob);
    if (l->lines)
      printf(" %s", l->lines[top[r].index]);
    putchar('\n');
  }
}

int dn_print_topk(const float *logits, size_t classes, size_t k,
                  const char *labels_path)
{
  labels l = {NULL, NULL, 0};
  ranked *ranking = malloc(sizeof(ranked) * classes);
  int rc = ranking ? 0 : -1;
  if (!ranking)
    dn_error("out of memory ranking %zu classes", classes);
  if (rc == 0 && labels_path)
    rc = load_labels(&l, labels_path, classes);
  if (rc == 0) {
    softmax(logits, classes, ranking);
    qsort(ranking, classes, sizeof(ranked), by_probability);
    print_lines(ranking, k < classes ? k : classes, &l);
  }
  free(ranking);
  free(l.lines);
  free(l.text);
  return rc;
}
